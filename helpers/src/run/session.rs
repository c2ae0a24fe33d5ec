//! The run being recorded: where every call of the work functions reports, from any thread.
//!
//! [`record`](crate::record()) opens a session; while it is open, a [`TaskGuard`] (which
//! [`work`](crate::work) and the process pools use) adds one [`Record`] per call. This module knows
//! nothing of time units, predictions or reports: the work functions and the recorder depend on it,
//! never the other way round.

use std::cell::Cell;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// One call of the work function, as recorded.
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
/// Held by each open [`Session`], so runs (say, parallel tests) take turns.
static ONE_RUN_AT_A_TIME: Mutex<()> = Mutex::new(());
static NEXT_RUN: AtomicU64 = AtomicU64::new(0);

thread_local! {
    static INSIDE_RECORD: Cell<bool> = const { Cell::new(false) };
}

/// A panicking task must not stop the rest of a run from being recorded.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// An open recording: taken by `record` for the length of its body. Dropping it without
/// [`Session::finish`] (the body panicked) clears the recording, so the next run starts clean.
pub(crate) struct Session {
    start: Instant,
    open: bool,
    /// Held for the whole of a `record` call, so runs (say, parallel tests) take turns.
    _turn: MutexGuard<'static, ()>,
}

impl Session {
    /// Opens a recording of `tokens` (the input, in submission order) and starts its clock.
    ///
    /// # Panics
    /// If this thread is already inside a `record` body.
    pub(crate) fn open(tokens: &[String]) -> Session {
        assert!(
            !INSIDE_RECORD.get(),
            "record() was called inside another record(): record each run separately"
        );
        let turn = lock(&ONE_RUN_AT_A_TIME);
        let mut positions: HashMap<String, Positions> = HashMap::new();
        for (i, token) in tokens.iter().enumerate() {
            positions.entry(token.clone()).or_default().indices.push(i);
        }
        let start = Instant::now();
        *lock(&RECORDING) = Some(Recording {
            id: NEXT_RUN.fetch_add(1, Ordering::Relaxed),
            start,
            positions,
            records: Vec::new(),
            running: BTreeMap::new(),
            next_task: 0,
        });
        INSIDE_RECORD.set(true);
        Session {
            start,
            open: true,
            _turn: turn,
        }
    }

    /// Stops the clock and closes the recording: the wall time and every call, in order of
    /// completion. Calls still under way (the body stopped waiting for them) come last, recorded as
    /// [`STILL_RUNNING`] and cut at the end of the run.
    pub(crate) fn finish(mut self) -> (Duration, Vec<Record>) {
        let wall = self.start.elapsed();
        let recording = self
            .close()
            .expect("the recording is present until its session ends");
        let mut records = recording.records;
        let mut running: Vec<Started> = recording.running.into_values().collect();
        running.sort_by_key(|s| s.start);
        for started in running {
            let rank = records.len() + 1;
            let end = wall.max(started.start);
            records.push(started.into_record(Err(STILL_RUNNING.to_string()), end, rank));
        }
        (wall, records)
    }

    fn close(&mut self) -> Option<Recording> {
        if !std::mem::replace(&mut self.open, false) {
            return None;
        }
        INSIDE_RECORD.set(false);
        lock(&RECORDING).take()
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.close();
    }
}

/// For a test that calls the work functions outside any run: while held, no other test thread
/// has a run open, so the calls cannot land in someone else's recording as stray records.
#[cfg(test)]
pub(crate) fn outside_any_run() -> MutexGuard<'static, ()> {
    lock(&ONE_RUN_AT_A_TIME)
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
#[derive(Debug)]
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

    #[test]
    fn a_call_outside_a_session_is_not_recorded() {
        let _no_run = outside_any_run();
        assert_eq!(recorded("x", || "X".to_string()), "X");
    }

    #[test]
    fn a_panicking_body_leaves_no_recording_behind() {
        let outcome = std::panic::catch_unwind(|| {
            let _session = Session::open(&["a".to_string()]);
            panic!("the body failed");
        });
        assert!(outcome.is_err());
        assert!(!INSIDE_RECORD.get());
        let session = Session::open(&[]);
        recorded("late", String::new);
        let (_, records) = session.finish();
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].index, None);
    }
}
