//! # helpers: the support crate of "Parallelism in Rust"
//!
//! The notebooks retell the Python tutorial "Parallelism in Python" in Rust: twelve tokens mapped
//! through a function that sleeps one second per character, style after style. This crate holds
//! everything a notebook cell should not have to write, so each cell shows one way of running work
//! in parallel and nothing else. A notebook imports it with one line,
//! `:dep helpers = { path = "../helpers" }`; it is compiled once, while a cell is recompiled every
//! time it runs.
//!
//! ```
//! use helpers::{record, set_time_unit, tutorial_tokens, work, Picture};
//! use std::time::Duration;
//!
//! set_time_unit(Duration::from_millis(1)); // the tutorial's unit is 1 s
//! let tokens = tutorial_tokens();
//! let (results, run) = record("scoped threads", &tokens, tokens.len(), || {
//!     std::thread::scope(|s| {
//!         let handles: Vec<_> = tokens.iter().map(|t| s.spawn(|| work(t))).collect();
//!         handles.into_iter().map(|h| h.join().unwrap()).collect::<Vec<_>>()
//!     })
//! });
//! assert_eq!(results[0], "HELLO");
//! assert_eq!(run.predicted(), Some(Duration::from_millis(5))); // the longest token
//! assert!(run.timeline().svg().contains("<svg"));
//! ```
//!
//! # Layout
//!
//! One concept a folder, one job a file. Everything a notebook uses is a name at the crate root
//! (`use helpers::*;`); the modules themselves are private.
//!
//! ```text
//! lib.rs               this map, and the names the notebooks use
//! workload.rs          the tutorial's tokens and work function; the time unit; the CPU-bound twin
//! predict.rs           what the time should be: Dispatch, greedy and chunked makespans
//! run/mod.rs           Run: a finished run and what it says of itself (workers, not started, ...)
//! run/recorder.rs      record(...): runs a style's code as written and hands back its Run
//! run/session.rs       the leaf every call reports to, from any thread: Record, TaskGuard
//! run/report.rs        a run in words: summary line, text table, the tokens without a result
//! run/json.rs          the typed run format other programs print and read (RunJson, TaskJson)
//! trace/mod.rs         a run as Chrome trace event JSON, for Perfetto: run.save_trace(path)
//! trace/validate.rs    checks a trace: well formed, slices nested per track, every token once
//! lock.rs              RecordedMutex: std's Mutex, its waits and holds recorded into the run
//! picture/mod.rs       the Picture trait: SVG, shown in evcxr as an <img>, saved to a file
//! picture/timeline.rs  a run's timeline: layout, then bars, time lines, labels and legend
//! picture/comparison.rs runs side by side, measured against predicted
//! picture/speedup.rs   speed-up against worker count, with the ideal line
//! picture/table.rs     a run's results as an HTML table
//! workers/pool.rs      WorkerPool: the bounded thread pool of Python's ThreadPool
//! workers/process.rs   worker processes, the parent's side: ProcessPool, run_in_process
//! workers/worker.rs    worker processes, the worker's side (the token-worker program)
//! styles.rs            the style table: each style as one function, with what the benchmarks need
//! quiet.rs             one-line panic messages for the failure demos
//! check/               the exercises' checks, one module a chapter: PASS or FAIL with a hint;
//!                      the exercise framework (exercise, learner, puzzle, plan, steps, progress,
//!                      overview, solution, sections, registry)
//! ../solutions/        the exercises' solutions, shown by solution("NN.k") after an attempt
//! bin/                 token-worker (the worker side), run-styles (the command-line runner),
//!                      trace-check (the trace validator, for tests in other languages),
//!                      progress (make progress)
//! ```
//!
//! Why each part exists:
//! - the workload: the tutorial's tokens and [`work`], with a time unit the tests can shrink
//!   (`TIME_UNIT_MS`), and [`cpu_work`], a CPU-bound twin for the chapter where Rust's threads
//!   scale and Python's do not.
//! - the run: [`record`] takes a run's timeline without changing how the style's code reads:
//!   [`work`] reports to the run being recorded, from whichever thread, task or process-waiting
//!   thread calls it. A [`Run`] tells itself in words ([`Run::summary`]) and as JSON.
//! - the prediction: what the time should be for a worker count ([`Dispatch`],
//!   [`greedy_makespan`]), so every measurement is read against a prediction ("13 s with 2
//!   workers: as predicted").
//! - the pictures (feature `plot`): timelines and charts that display themselves in evcxr and save
//!   as SVG ([`Picture`]).
//! - the workers: [`WorkerPool`], the bounded pool of Python's `ThreadPool` (`map`, `imap`,
//!   `imap_unordered`, chunks), built from a crossbeam channel; [`ProcessPool`] and
//!   [`run_in_process`]: worker processes. A notebook's own program is the kernel, so it cannot
//!   re-run itself as Python does; the worker is a real program built from this crate.
//! - the styles: [`STYLES`], every style as one function with what the benchmarks need to know
//!   of it (its [`Granularity`], whether its pool starts inside the clock, its Python
//!   counterparts), for the command-line runner, the benchmarks and their report.
//! - [`RecordedMutex`]: `std::sync::Mutex` whose waits and holds a run records, so timelines
//!   show who waited for a lock and who held it.
//! - the trace: [`Run::save_trace`] writes a run as Chrome trace event JSON, which ui.perfetto.dev
//!   and chrome://tracing open, to zoom, search and compare runs outside the notebook.
//! - [`quiet_panics`]: one-line panic messages for the failure demos.
//! - [`check`]: the exercises' checks, one line `PASS` or `FAIL` with a hint; [`progress`] and
//!   [`solution`]: the learner's progress, and a worked answer once an exercise was tried.
//!
//! What only this crate's programs, the benchmarks and the MPI program need (the worker's side of
//! the protocol, the run format's wire types, parsing the unit) is in a hidden module,
//! `helpers::internal`: not part of the lesson, and free to change.

pub mod check;

mod lock;
mod predict;
mod quiet;
mod run;
mod styles;
mod trace;
mod workers;
mod workload;

#[cfg(feature = "plot")]
mod picture;

// The names the notebooks use, and the types those names hand back.
pub use check::overview::progress;
pub use check::solution::solution;
pub use lock::{RecordedGuard, RecordedMutex};
pub use predict::{Dispatch, chunked_makespan, greedy_makespan, python_default_chunk};
pub use quiet::{loud_panics, quiet_panics};
pub use run::{LockSpan, Record, Run, STILL_RUNNING, TaskGuard, record, recorded, seconds};
pub use styles::{Granularity, PythonCounterpart, STYLES, Style, find_style};
pub use trace::save_traces;
pub use workers::{
    AsCompleted, InOrder, Panic, ProcessPool, TaskError, WorkerOptions, WorkerPool, run_in_process,
    worker_executable,
};
pub use workload::{
    TIME_UNIT_VAR, TUTORIAL_TOKENS, TimeUnitError, char_count, clear_time_unit, cpu_work,
    set_time_unit, time_unit, token_duration, tutorial_tokens, work,
};

#[cfg(feature = "async")]
pub use workload::work_async;

/// The test seam that sets the process-wide time unit for one test at a time (see the function).
#[cfg(test)]
pub(crate) use workload::test_unit;

/// The test seam for calls of the work functions outside any run (see the function).
#[cfg(test)]
pub(crate) use run::outside_any_run;

#[cfg(feature = "plot")]
pub use picture::{Comparison, Picture, ResultsTable, SpeedupChart, Timeline, show_svg_file};

/// Plumbing for this crate's programs (`run-styles`, `token-worker`), the benchmarks and the MPI
/// program: not part of the lesson, and free to change. Hidden from the docs, so every item a
/// reader sees has one path.
#[doc(hidden)]
pub mod internal {
    pub use crate::run::{LockJson, RunJson, TaskJson, current_worker, printable, recorded_as};
    pub use crate::trace::{TraceCheck, trace_json, validate_trace};
    pub use crate::workers::{
        DEFAULT_GRACE, GRACE_VAR, WORKER_VAR, run_in_process_with, serve, work_or_crash,
        worker_grace,
    };
    pub use crate::workload::{MAX_TIME_UNIT, MIN_TIME_UNIT, parse_time_unit};

    #[cfg(feature = "plot")]
    pub use crate::picture::svg_as_img;
}
