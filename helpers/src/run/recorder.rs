//! The recorder: [`record`] runs a style's code as written and hands back its [`Run`].
//!
//! ```
//! use helpers::{record, set_time_unit, work};
//! use std::time::Duration;
//!
//! set_time_unit(Duration::from_millis(2));
//! let tokens = ["ab", "c"];
//! let (results, run) = record("sequential", &tokens, 1, || {
//!     tokens.iter().map(|t| work(t)).collect::<Vec<_>>()
//! });
//! assert_eq!(results, ["AB", "C"]);
//! assert_eq!(run.records().len(), 2);
//! assert_eq!(run.predicted(), Some(Duration::from_millis(6)));
//! ```
//!
//! The style's code stays as it would be written anyway: [`work`](crate::work) notices that a run is
//! being recorded and reports to it, from any thread, rayon worker, async task, or (through
//! `recorded_as`) the thread that waits on a worker process. One run is recorded at a time in a
//! process; a second [`record`] waits for the first to end.

use super::Run;
use super::session::Session;
use crate::predict::Dispatch;
use crate::workload::unit_or_panic;

/// Runs `body` and records every call of the work functions made while it runs.
///
/// `tokens` is the input in submission order; `dispatch` is the worker count (or a
/// [`Dispatch`]) that the prediction assumes. Returns the body's value and the [`Run`].
/// An empty input is fine: the run has no records and its prediction is zero.
///
/// # Panics
/// If called from inside another `record`'s body, or if the time unit is invalid.
pub fn record<T, S: AsRef<str>>(
    style: &str,
    tokens: &[S],
    dispatch: impl Into<Dispatch>,
    body: impl FnOnce() -> T,
) -> (T, Run) {
    // A thin generic shell: a notebook cell compiles this function anew for its own closure, so
    // it only calls the body; the rest is compiled once, in this crate.
    let recording = begin(tokens.iter().map(AsRef::as_ref).collect());
    let output = body();
    (output, recording.end(style, dispatch.into()))
}

/// A recording under way: the tokens and the unit it started with, and its session.
struct Recording {
    tokens: Vec<String>,
    unit: std::time::Duration,
    session: Session,
}

/// Everything `record` does before the body runs (not generic, so compiled once).
fn begin(tokens: Vec<&str>) -> Recording {
    let unit = unit_or_panic();
    let tokens: Vec<String> = tokens.into_iter().map(str::to_string).collect();
    // Calibrate the CPU-bound work now (a few ms, once per process, or per evcxr cell), so the
    // clock never includes it.
    crate::workload::spins_per_nano();
    let session = Session::open(&tokens);
    Recording {
        tokens,
        unit,
        session,
    }
}

impl Recording {
    /// Everything `record` does after the body returns (not generic, so compiled once).
    fn end(self, style: &str, dispatch: Dispatch) -> Run {
        let finished = self.session.finish();
        Run {
            style: style.to_string(),
            tokens: self.tokens,
            dispatch,
            unit: self.unit,
            wall: finished.wall,
            records: finished.records,
            locks: finished.locks,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::{TaskGuard, work};

    #[test]
    fn duplicates_take_successive_indices() {
        let _unit = crate::test_unit(Duration::from_millis(1));
        let tokens = ["a", "b", "a"];
        let (_, run) = record("sequential", &tokens, 1, || {
            tokens.iter().map(|t| work(t)).collect::<Vec<_>>()
        });
        let indices: Vec<_> = run.records().iter().map(|r| r.index).collect();
        assert_eq!(indices, [Some(0), Some(1), Some(2)]);
        assert!(run.not_started().is_empty());
    }

    #[test]
    fn panicking_task_is_recorded_as_failed() {
        let _unit = crate::test_unit(Duration::from_millis(1));
        let tokens = ["ok", "boom"];
        let (_, run) = record("threads", &tokens, 2, || {
            std::thread::scope(|s| {
                s.spawn(|| work("ok"));
                let failing = s.spawn(|| {
                    let _task = TaskGuard::begin("boom");
                    panic!("on purpose");
                });
                failing.join().is_err()
            })
        });
        let boom = run.records().iter().find(|r| r.token == "boom").unwrap();
        assert_eq!(boom.outcome, Err("panicked".to_string()));
        assert!(run.summary().contains("1 failed"), "{}", run.summary());
    }

    #[test]
    fn unstarted_tokens_are_listed() {
        let _unit = crate::test_unit(Duration::from_millis(1));
        let tokens = ["a", "b"];
        let (_, run) = record("half", &tokens, 1, || work("a"));
        assert_eq!(run.not_started(), [(1, "b")]);
        assert!(run.summary().contains("1 never started"));
    }

    #[test]
    fn an_empty_run_never_panics() {
        let _unit = crate::test_unit(Duration::from_millis(1));
        let none: [&str; 0] = [];
        for workers in [0, 1, 4] {
            let (_, run) = record("empty", &none, workers, || ());
            assert!(run.records().is_empty());
            assert_eq!(run.predicted(), Some(Duration::ZERO));
            assert!(run.summary().starts_with("empty: "), "{}", run.summary());
            assert!(run.all_succeeded());
            assert_eq!(run.table_text().lines().count(), 1);
        }
        let chunked = Dispatch::Chunked {
            workers: 0,
            chunk: 0,
        };
        let (_, run) = record("empty, chunked", &none, chunked, || ());
        assert_eq!(run.predicted(), Some(Duration::ZERO));
        // Tokens with no worker to run them: no prediction, and no panic either.
        let (_, run) = record("nobody", &["a"], 0, || ());
        assert_eq!(run.predicted(), None);
        assert!(
            run.summary().contains("1 never started"),
            "{}",
            run.summary()
        );
    }

    #[test]
    fn work_outside_a_run_is_not_recorded() {
        let _unit = crate::test_unit(Duration::from_millis(1));
        let _no_run = crate::outside_any_run();
        assert_eq!(work("x"), "X");
    }
}
