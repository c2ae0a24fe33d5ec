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
//! Why each part exists:
//! - [`workload`]: the tutorial's tokens and work function, with a time unit the tests can shrink
//!   (`TIME_UNIT_MS`), and a CPU-bound twin for the chapter where Rust's threads scale and Python's
//!   do not.
//! - [`record`](mod@record): a run's timeline, taken without changing how the style's code reads:
//!   [`work`] reports to the run being recorded ([`recording`]), from whichever thread, task or
//!   process-waiting thread calls it.
//! - [`report`]: a run in words: summary line, text table, the tokens without a result, JSON.
//! - [`predict`]: what the time should be for a worker count, so every measurement is read
//!   against a prediction ("13 s with 2 workers: as predicted").
//! - [`plot`] (feature `plot`): timelines and charts that display themselves in evcxr and save as SVG.
//! - [`pool`]: the bounded worker pool of Python's `ThreadPool` (`map`, `imap`, `imap_unordered`,
//!   chunks), built from a crossbeam channel.
//! - [`process`]: worker processes. A notebook's own program is the kernel, so it cannot re-run
//!   itself as Python does; the worker is a real program built from this crate.
//! - [`styles`]: every style as one function, for the command-line runner and the benchmarks.
//! - [`quiet`]: one-line panic messages for the failure demos.
//! - [`check`]: the exercises' checks, one line `PASS` or `FAIL` with a hint.

pub mod check;
pub mod pool;
pub mod predict;
pub mod process;
pub mod quiet;
pub mod record;
pub mod recording;
pub mod report;
pub mod run_json;
pub mod styles;
pub mod workload;

#[cfg(feature = "plot")]
pub mod plot;

pub use pool::WorkerPool;
pub use predict::{Dispatch, chunked_makespan, greedy_makespan, python_default_chunk};
pub use process::{
    ProcessPool, TaskError, WorkerOptions, run_in_process, run_in_process_with, serve,
    work_or_crash, worker_executable,
};
pub use quiet::{loud_panics, quiet_panics};
pub use record::{
    Record, Run, STILL_RUNNING, TaskGuard, current_worker, record, recorded, recorded_as, seconds,
};
pub use report::printable;
pub use styles::{STYLES, Style, find_style};
pub use workload::{
    MAX_TIME_UNIT, MIN_TIME_UNIT, TIME_UNIT_VAR, TUTORIAL_TOKENS, TimeUnitError, char_count,
    clear_time_unit, cpu_work, parse_time_unit, set_time_unit, time_unit, token_duration,
    tutorial_tokens, work,
};

#[cfg(feature = "async")]
pub use workload::work_async;

/// The test seam for calls of the work functions outside any run (see the function).
#[cfg(test)]
pub(crate) use recording::outside_any_run;

#[cfg(feature = "plot")]
pub use plot::{Comparison, Picture, ResultsTable, SpeedupChart, Timeline, show_svg_file};
