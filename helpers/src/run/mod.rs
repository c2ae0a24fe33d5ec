//! A run: what [`record`](crate::record()) hands back, with everything a run can say of itself.
//!
//! ```
//! use helpers::{record, set_time_unit, work};
//! use std::time::Duration;
//!
//! set_time_unit(Duration::from_millis(2));
//! let tokens = ["ab", "c", "d"];
//! let (_, run) = record("two at once", &tokens, 2, || {
//!     std::thread::scope(|s| tokens.map(|t| s.spawn(move || work(t))).map(|h| h.join().unwrap()))
//! });
//! assert_eq!(run.workers().len(), 3); // a thread per token
//! assert!(run.not_started().is_empty());
//! assert_eq!(run.predicted(), Some(Duration::from_millis(4))); // "ab" on one worker, "c" then "d" on the other
//! ```
//!
//! The parts, one file each: [`recorder`] runs a style's code and times it; [`session`] is the
//! leaf every call of the work functions reports to; [`report`] tells a run in words; [`json`] is
//! the typed run format other programs print and read.

mod json;
mod recorder;
mod report;
mod session;

use std::time::Duration;

use crate::predict::Dispatch;
use crate::workload::token_time;

pub use json::{LockJson, RunJson, TaskJson};
pub use recorder::record;
pub use report::{printable, seconds};
#[cfg(test)]
pub(crate) use session::outside_any_run;
pub use session::{
    LockSpan, Record, STILL_RUNNING, TaskGuard, current_worker, recorded, recorded_as,
};
pub(crate) use session::{
    LockTicket, Moment, lock_acquired, lock_asked, lock_released, now, run_queued,
};

/// A finished run: its records, its wall time and the prediction it is compared with.
#[derive(Debug, Clone)]
pub struct Run {
    /// The name of the style, as shown on plots.
    pub style: String,
    /// The input, in submission order.
    pub tokens: Vec<String>,
    /// How the input was dispatched to workers, which decides the prediction.
    pub dispatch: Dispatch,
    /// The time unit in force during the run.
    pub unit: Duration,
    /// From the start of `record`'s body to its end.
    pub wall: Duration,
    pub(crate) records: Vec<Record>,
    /// Every acquisition of a [`RecordedMutex`](crate::RecordedMutex) during the run, in order of
    /// asking; empty for a run that took none.
    pub(crate) locks: Vec<LockSpan>,
}

impl Run {
    /// Every call, in order of completion.
    pub fn records(&self) -> &[Record] {
        &self.records
    }

    /// Every acquisition of a [`RecordedMutex`](crate::RecordedMutex) during the run, in order of
    /// asking: who waited for which lock, and held it, when.
    pub fn locks(&self) -> &[LockSpan] {
        &self.locks
    }

    /// The longest any token waited in a queue for a worker (zero if none was queued).
    pub fn longest_queued(&self) -> Duration {
        self.records
            .iter()
            .filter_map(|r| r.queued.map(|(queued, taken)| taken.saturating_sub(queued)))
            .max()
            .unwrap_or_default()
    }

    /// The makespan that [`Self::dispatch`] predicts for these tokens, if it predicts one.
    pub fn predicted(&self) -> Option<Duration> {
        let durations: Vec<Duration> = self
            .tokens
            .iter()
            .map(|t| token_time(self.unit, t))
            .collect();
        self.dispatch.makespan(&durations)
    }

    /// Workers in the order they first started a task.
    pub fn workers(&self) -> Vec<&str> {
        let mut by_start: Vec<&Record> = self.records.iter().collect();
        by_start.sort_by_key(|r| r.start);
        let mut workers: Vec<&str> = Vec::new();
        for record in by_start {
            if !workers.contains(&record.worker.as_str()) {
                workers.push(&record.worker);
            }
        }
        workers
    }

    /// Input tokens that no call ever started: with [`Self::records`], every token is accounted for.
    pub fn not_started(&self) -> Vec<(usize, &str)> {
        let mut started = vec![false; self.tokens.len()];
        for index in self.records.iter().filter_map(|r| r.index) {
            started[index] = true;
        }
        (0..self.tokens.len())
            .filter(|&i| !started[i])
            .map(|i| (i, self.tokens[i].as_str()))
            .collect()
    }

    /// Calls that were still running when the run ended (a caller that stopped waiting).
    pub fn still_running(&self) -> Vec<&Record> {
        self.records
            .iter()
            .filter(|r| r.is_still_running())
            .collect()
    }

    /// The records sorted by input index (tokens not in the input last, by start).
    pub fn in_input_order(&self) -> Vec<&Record> {
        let mut records: Vec<&Record> = self.records.iter().collect();
        records.sort_by_key(|r| (r.index.unwrap_or(usize::MAX), r.start));
        records
    }
}
