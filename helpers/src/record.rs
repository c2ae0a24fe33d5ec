//! Recording a run: which worker ran each token, when it started and ended, in which order it finished.
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
//! [`recorded_as`]) the thread that waits on a worker process. One run is recorded at a time in a
//! process; a second [`record`] waits for the first to end.

use std::cell::Cell;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use crate::predict::Dispatch;

/// One call of the work function.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The token the call received.
    pub token: String,
    /// Its position in the run's input: the first not yet started token with that text.
    /// `None` for a token that is not in the input.
    pub index: Option<usize>,
    /// What the call returned, or why it failed.
    pub outcome: Result<String, String>,
    /// Who ran it: `rayon 0`, a thread's name, `thread 7`, `pid 4242`.
    pub worker: String,
    /// When it started, from the start of the run.
    pub start: Duration,
    /// When it ended.
    pub end: Duration,
    /// 1 for the first call to end, 2 for the next, and so on; calls still running when the run
    /// ended come last.
    pub rank: usize,
}

impl Record {
    /// Whether the call was still running when its run ended (see [`STILL_RUNNING`]).
    pub fn is_still_running(&self) -> bool {
        self.outcome
            .as_ref()
            .err()
            .is_some_and(|e| e == STILL_RUNNING)
    }
}

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
}

impl Run {
    /// Every call, in order of completion.
    pub fn records(&self) -> &[Record] {
        &self.records
    }

    /// The makespan that [`Self::dispatch`] predicts for these tokens, if it predicts one.
    pub fn predicted(&self) -> Option<Duration> {
        let durations: Vec<Duration> = self
            .tokens
            .iter()
            .map(|t| self.unit * crate::char_count(t) as u32)
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
        (0..self.tokens.len())
            .filter(|&i| !self.records.iter().any(|r| r.index == Some(i)))
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

    /// One line: style, workers, measured and predicted time, and anything that failed.
    ///
    /// For example `rayon: 2 workers, measured 13.004 s, predicted 13.000 s (+4 ms)`.
    pub fn summary(&self) -> String {
        let mut line = format!(
            "{}: {}, measured {}",
            self.style,
            self.dispatch.describe(),
            seconds(self.wall)
        );
        if let Some(predicted) = self.predicted() {
            let gap_ms = (self.wall.as_secs_f64() - predicted.as_secs_f64()) * 1000.0;
            line += &format!(", predicted {} ({gap_ms:+.0} ms)", seconds(predicted));
        }
        let failed = self.records.iter().filter(|r| r.outcome.is_err()).count();
        let still_running = self.still_running().len();
        if failed > still_running {
            line += &format!(", {} failed", failed - still_running);
        }
        if still_running > 0 {
            line += &format!(", {still_running} still running");
        }
        let not_started = self.not_started().len();
        if not_started > 0 {
            line += &format!(", {not_started} never started");
        }
        line
    }
}

impl Run {
    /// The run as JSON: `style`, `workers`, `wall_ms`, `predicted_ms` and `tasks` in input order,
    /// each with `token`, `index`, `result`, `error`, `worker`, `start_ms`, `end_ms` and `rank`.
    pub fn to_json(&self) -> serde_json::Value {
        let millis = |d: Duration| d.as_secs_f64() * 1000.0;
        let tasks: Vec<serde_json::Value> = self
            .in_input_order()
            .iter()
            .map(|r| {
                serde_json::json!({
                    "token": r.token,
                    "index": r.index,
                    "result": r.outcome.as_ref().ok(),
                    "error": r.outcome.as_ref().err(),
                    "worker": r.worker,
                    "start_ms": millis(r.start),
                    "end_ms": millis(r.end),
                    "rank": r.rank,
                })
            })
            .collect();
        serde_json::json!({
            "style": self.style,
            "workers": self.dispatch.workers(),
            "dispatch": self.dispatch.describe(),
            "unit_ms": millis(self.unit),
            "wall_ms": millis(self.wall),
            "predicted_ms": self.predicted().map(millis),
            "not_started": self.not_started().iter().map(|(_, t)| *t).collect::<Vec<_>>(),
            "tasks": tasks,
        })
    }

    /// The records sorted by input index (tokens not in the input last, by start).
    pub fn in_input_order(&self) -> Vec<&Record> {
        let mut records: Vec<&Record> = self.records.iter().collect();
        records.sort_by_key(|r| (r.index.unwrap_or(usize::MAX), r.start));
        records
    }

    /// A plain-text table, one task a line in input order: token, result, worker, start, end, rank.
    pub fn table_text(&self) -> String {
        let mut text = format!(
            "{:<12} {:<12} {:<14} {:>9} {:>9} {:>4}\n",
            "token", "result", "worker", "start", "end", "rank"
        );
        for r in self.in_input_order() {
            let result = match &r.outcome {
                Ok(result) => result.clone(),
                Err(error) => format!("failed: {error}"),
            };
            text += &format!(
                "{:<12} {:<12} {:<14} {:>9.3} {:>9.3} {:>4}\n",
                format!("{:?}", r.token),
                result,
                r.worker,
                r.start.as_secs_f64(),
                r.end.as_secs_f64(),
                r.rank
            );
        }
        text
    }
}

/// Seconds with milliseconds, as the notebooks print them: `13.004 s`.
pub fn seconds(duration: Duration) -> String {
    format!("{:.3} s", duration.as_secs_f64())
}

/// The outcome recorded for a call still running when its run ended: the caller stopped waiting
/// (a deadline passed), and a thread cannot be stopped from outside. Its bar ends with the run.
pub const STILL_RUNNING: &str = "still running";

/// The run being recorded, if any.
struct Recording {
    /// Tells runs apart, so a call that outlives its run never reports to a later one.
    id: u64,
    start: Instant,
    /// Where each token text stands in the input, so a call finds its index without a scan.
    positions: HashMap<String, Positions>,
    records: Vec<Record>,
    /// Calls under way, by task number.
    running: BTreeMap<u64, Started>,
    next_task: u64,
}

/// The input indices of one token text, and how many of them calls have claimed so far.
#[derive(Default)]
struct Positions {
    indices: Vec<usize>,
    claimed: usize,
}

impl Positions {
    /// The first index no call has claimed yet; once all are claimed (a token run twice), the first.
    fn claim(&mut self) -> usize {
        let index = self
            .indices
            .get(self.claimed)
            .copied()
            .unwrap_or(self.indices[0]);
        self.claimed += 1;
        index
    }
}

static RECORDING: Mutex<Option<Recording>> = Mutex::new(None);
static NEXT_RUN: AtomicU64 = AtomicU64::new(0);
/// Held for the whole of a `record` call, so runs (say, parallel tests) take turns.
static ONE_RUN_AT_A_TIME: Mutex<()> = Mutex::new(());

thread_local! {
    static INSIDE_RECORD: Cell<bool> = const { Cell::new(false) };
}

/// A panicking task must not stop the rest of a run from being recorded.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Runs `body` and records every call of the work functions made while it runs.
///
/// `tokens` is the input in submission order; `dispatch` is the worker count (or a
/// [`Dispatch`]) that the prediction assumes. Returns the body's value and the [`Run`].
///
/// # Panics
/// If called from inside another `record`'s body, or if the time unit is invalid.
pub fn record<T, S: AsRef<str>>(
    style: &str,
    tokens: &[S],
    dispatch: impl Into<Dispatch>,
    body: impl FnOnce() -> T,
) -> (T, Run) {
    assert!(
        !INSIDE_RECORD.get(),
        "record() was called inside another record(): record each run separately"
    );
    let unit = crate::workload::unit_or_panic();
    let _turn = lock(&ONE_RUN_AT_A_TIME);
    let tokens: Vec<String> = tokens.iter().map(|t| t.as_ref().to_string()).collect();
    // Calibrate the CPU-bound work now (a few ms, once per process, or per evcxr cell), so the
    // clock never includes it.
    crate::workload::spins_per_nano();
    let start = Instant::now();
    *lock(&RECORDING) = Some(Recording {
        id: NEXT_RUN.fetch_add(1, Ordering::Relaxed),
        start,
        positions: tokens
            .iter()
            .enumerate()
            .fold(HashMap::new(), |mut positions, (i, t)| {
                positions
                    .entry(t.clone())
                    .or_insert_with(Positions::default)
                    .indices
                    .push(i);
                positions
            }),
        records: Vec::new(),
        running: BTreeMap::new(),
        next_task: 0,
    });
    INSIDE_RECORD.set(true);
    // Clears the recording even if the body panics, so the next run starts clean.
    let finished = scopeguard(|| {
        INSIDE_RECORD.set(false);
        lock(&RECORDING).take()
    });
    let output = body();
    let wall = start.elapsed();
    let mut recording = finished
        .run()
        .expect("the recording is present until its record() ends");
    // Calls the body stopped waiting for: recorded as still running, cut at the end of the run.
    let mut running: Vec<Started> = std::mem::take(&mut recording.running)
        .into_values()
        .collect();
    running.sort_by_key(|s| s.start);
    for started in running {
        let rank = recording.records.len() + 1;
        let end = wall.max(started.start);
        recording
            .records
            .push(started.into_record(Err(STILL_RUNNING.to_string()), end, rank));
    }
    let run = Run {
        style: style.to_string(),
        tokens,
        dispatch: dispatch.into(),
        unit,
        wall,
        records: recording.records,
    };
    (output, run)
}

/// Runs a closure when dropped, or when [`Guard::run`] is called.
struct Guard<F: FnOnce() -> R, R>(Option<F>);

fn scopeguard<F: FnOnce() -> R, R>(f: F) -> Guard<F, R> {
    Guard(Some(f))
}

impl<F: FnOnce() -> R, R> Guard<F, R> {
    fn run(mut self) -> R {
        (self.0.take().expect("a guard runs once"))()
    }
}

impl<F: FnOnce() -> R, R> Drop for Guard<F, R> {
    fn drop(&mut self) {
        if let Some(f) = self.0.take() {
            f();
        }
    }
}

/// A task under way. Dropping it without [`TaskGuard::finish`] (a panic, a cancelled future)
/// records the task as failed, so no started token goes missing. A task still under way when its
/// run ends is recorded as [`STILL_RUNNING`]; when it ends later, it reports nowhere.
///
/// ```
/// use helpers::{STILL_RUNNING, TaskGuard, record};
///
/// let (late, run) = record("gave up", &["slow"], 1, || TaskGuard::begin("slow"));
/// assert!(run.records()[0].is_still_running());
/// assert!(run.summary().ends_with("1 still running"), "{}", run.summary());
/// let (_, next) = record("next run", &["slow"], 1, || late.finish("SLOW"));
/// assert!(next.records().is_empty()); // the late call did not report to the next run
/// ```
pub struct TaskGuard {
    /// The run's id and the task's number in it.
    task: Option<(u64, u64)>,
}

struct Started {
    token: String,
    index: Option<usize>,
    worker: String,
    start: Duration,
}

impl Started {
    fn into_record(self, outcome: Result<String, String>, end: Duration, rank: usize) -> Record {
        Record {
            token: self.token,
            index: self.index,
            outcome,
            worker: self.worker,
            start: self.start,
            end,
            rank,
        }
    }
}

impl TaskGuard {
    /// Starts recording a task run by the current worker (see [`current_worker`]).
    pub fn begin(token: &str) -> Self {
        Self::begin_as(token, current_worker())
    }

    /// Starts recording a task run by the named worker.
    pub fn begin_as(token: &str, worker: String) -> Self {
        let mut guard = lock(&RECORDING);
        let task = guard.as_mut().map(|recording| {
            let index = recording.positions.get_mut(token).map(Positions::claim);
            let number = recording.next_task;
            recording.next_task += 1;
            let started = Started {
                token: token.to_string(),
                index,
                worker,
                start: recording.start.elapsed(),
            };
            recording.running.insert(number, started);
            (recording.id, number)
        });
        TaskGuard { task }
    }

    /// Renames the worker once it is known (a process's id is known only after it starts).
    pub fn set_worker(&mut self, worker: String) {
        let Some((run, number)) = self.task else {
            return;
        };
        let mut guard = lock(&RECORDING);
        if let Some(started) = guard
            .as_mut()
            .filter(|recording| recording.id == run)
            .and_then(|recording| recording.running.get_mut(&number))
        {
            started.worker = worker;
        }
    }

    /// Records the task's result.
    pub fn finish(mut self, result: &str) {
        self.end(Ok(result.to_string()));
    }

    /// Records the task's failure.
    pub fn fail(mut self, reason: impl Into<String>) {
        self.end(Err(reason.into()));
    }

    fn end(&mut self, outcome: Result<String, String>) {
        let Some((run, number)) = self.task.take() else {
            return;
        };
        let mut guard = lock(&RECORDING);
        // A task that outlives its run (a detached thread) has nowhere to report; that is fine.
        let Some(recording) = guard.as_mut().filter(|recording| recording.id == run) else {
            return;
        };
        if let Some(started) = recording.running.remove(&number) {
            let rank = recording.records.len() + 1;
            let end = recording.start.elapsed();
            recording
                .records
                .push(started.into_record(outcome, end, rank));
        }
    }
}

impl Drop for TaskGuard {
    fn drop(&mut self) {
        if self.task.is_some() {
            let reason = if std::thread::panicking() {
                "panicked"
            } else {
                "abandoned"
            };
            self.end(Err(reason.to_string()));
        }
    }
}

/// Runs `task` for `token` and records it as run by the current worker.
pub fn recorded(token: &str, task: impl FnOnce() -> String) -> String {
    let guard = TaskGuard::begin(token);
    let result = task();
    guard.finish(&result);
    result
}

/// Runs `task` for `token` and records it as run by `worker`: for the thread that hands a token to
/// a worker process and waits for its answer. An `Err` is recorded as the task's failure.
pub fn recorded_as<E: ToString>(
    token: &str,
    worker: String,
    task: impl FnOnce() -> Result<String, E>,
) -> Result<String, E> {
    let guard = TaskGuard::begin_as(token, worker);
    let outcome = task();
    match &outcome {
        Ok(result) => guard.finish(result),
        Err(error) => guard.fail(error.to_string()),
    }
    outcome
}

/// A readable label for the current thread: `rayon 3` on a rayon worker, the thread's name if it
/// has one (`worker 1`, `main`), else `thread 7` (from its id).
pub fn current_worker() -> String {
    if let Some(index) = rayon::current_thread_index() {
        return format!("rayon {index}");
    }
    let thread = std::thread::current();
    let id: String = format!("{:?}", thread.id())
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    match thread.name() {
        // tokio names all its workers alike: tell them apart by id.
        Some(name) if name.starts_with("tokio") => format!("tokio {id}"),
        Some(name) => name.to_string(),
        None => format!("thread {id}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{set_time_unit, work};

    #[test]
    fn duplicates_take_successive_indices() {
        set_time_unit(Duration::from_millis(1));
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
        set_time_unit(Duration::from_millis(1));
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
        set_time_unit(Duration::from_millis(1));
        let tokens = ["a", "b"];
        let (_, run) = record("half", &tokens, 1, || work("a"));
        assert_eq!(run.not_started(), [(1, "b")]);
        assert!(run.summary().contains("1 never started"));
    }

    #[test]
    fn work_outside_a_run_is_not_recorded() {
        set_time_unit(Duration::from_millis(1));
        assert_eq!(work("x"), "X");
    }
}
