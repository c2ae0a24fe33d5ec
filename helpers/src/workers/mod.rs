//! The workers a style can hand its tokens to, besides plain threads and rayon: a bounded pool of
//! threads, and worker processes.
//!
//! The parts, one file each: [`pool`] is the thread pool of Python's `ThreadPool`; [`process`] is
//! the parent's side of a worker process (start it, send a token, wait for the answer, notice a
//! crash); [`worker`] is the worker's side, run by the `token-worker` program.

mod pool;
mod process;
mod worker;

pub use pool::{AsCompleted, InOrder, Panic, WorkerPool};
pub use process::{
    DEFAULT_GRACE, GRACE_VAR, ProcessPool, TaskError, WORKER_VAR, WorkerOptions, run_in_process,
    run_in_process_with, worker_executable, worker_grace,
};
pub use worker::{serve, work_or_crash};
