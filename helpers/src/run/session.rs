//! The run being recorded: where every call of the work functions reports, from any thread.
//!
//! [`record`](crate::record()) opens a session; while it is open, a [`TaskGuard`] (which
//! [`work`](crate::work) and the process pools use) adds one [`Record`] per call. This module knows
//! nothing of time units, predictions or reports: the work functions and the recorder depend on it,
//! never the other way round.

use std::cell::{Cell, RefCell};
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
    /// If the token waited in a queue for a free worker (a [`WorkerPool`](crate::WorkerPool), a
    /// [`ProcessPool`](crate::ProcessPool)): when it was put in the queue, and when a worker took
    /// it out. `None` for a style that hands each token straight to a worker. (Between taking it
    /// and [`Self::start`], the worker may do other things first, such as wait for a lock.)
    pub queued: Option<(Duration, Duration)>,
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

/// One acquisition of a [`RecordedMutex`](crate::RecordedMutex) during a run: who asked, for
/// which token, when it asked, when it got the lock and when it let go.
#[derive(Debug, Clone, PartialEq)]
pub struct LockSpan {
    /// The mutex's name, as given to [`RecordedMutex::new`](crate::RecordedMutex::new).
    pub lock: String,
    /// The worker (thread) that asked, named as [`Record::worker`] names it.
    pub worker: String,
    /// The token that worker was working on, or last worked on, when it asked; `None` if it had
    /// worked on none in this run (say, the main thread reading the total at the end).
    pub token: Option<String>,
    /// That token's position in the input, as in [`Record::index`].
    pub index: Option<usize>,
    /// When it asked for the lock, from the start of the run.
    pub asked: Duration,
    /// When it got the lock; `None` if it was still waiting when the run ended (a deadlock, or
    /// a caller that stopped waiting).
    pub acquired: Option<Duration>,
    /// When it let go; `None` if it still held the lock when the run ended.
    pub released: Option<Duration>,
}

impl LockSpan {
    /// The time spent waiting, from asking to getting the lock (or to `run_end` if it never got it).
    pub fn waiting(&self, run_end: Duration) -> (Duration, Duration) {
        (self.asked, self.acquired.unwrap_or(run_end).max(self.asked))
    }

    /// The time the lock was held, from getting it to letting go (or to `run_end`); `None` if
    /// it was never got.
    pub fn holding(&self, run_end: Duration) -> Option<(Duration, Duration)> {
        let acquired = self.acquired?;
        Some((acquired, self.released.unwrap_or(run_end).max(acquired)))
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
    /// Lock acquisitions that ended (the guard was dropped), in order of release.
    locks: Vec<LockSpan>,
    /// Lock acquisitions under way (waiting or holding), by number.
    open_locks: BTreeMap<u64, LockSpan>,
    next_lock: u64,
}

/// What a closed recording hands to the recorder.
pub(crate) struct Finished {
    pub(crate) wall: Duration,
    pub(crate) records: Vec<Record>,
    pub(crate) locks: Vec<LockSpan>,
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
    /// The token this thread works on or last worked on, in which run: what a lock it takes is for.
    static CURRENT_TOKEN: RefCell<Option<(u64, String, Option<usize>)>> = const { RefCell::new(None) };
    /// When the item this thread is about to run was queued and taken out, in which run (set by
    /// the pools).
    static QUEUED: Cell<Option<(Moment, Duration)>> = const { Cell::new(None) };
}

/// A moment of one run, on that run's clock.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Moment {
    run: u64,
    at: Duration,
}

/// Now, on the clock of the run being recorded; `None` outside any run.
pub(crate) fn now() -> Option<Moment> {
    lock(&RECORDING).as_ref().map(|recording| Moment {
        run: recording.id,
        at: recording.start.elapsed(),
    })
}

/// Runs `task`, an item this thread took out of a queue at `taken`, put in it at `queued`: the
/// first task it records (through [`TaskGuard`]) keeps both moments as its [`Record::queued`]. For
/// the pools, which know when they were handed an item but not which token it is.
pub(crate) fn run_queued<R>(
    queued: Option<Moment>,
    taken: Option<Moment>,
    task: impl FnOnce() -> R,
) -> R {
    /// Clears the moments even if `task` panics, so they never reach a later, unqueued task.
    struct Clear;
    impl Drop for Clear {
        fn drop(&mut self) {
            QUEUED.set(None);
        }
    }
    QUEUED.set(match (queued, taken) {
        (Some(queued), Some(taken)) if queued.run == taken.run => Some((queued, taken.at)),
        _ => None,
    });
    let _clear = Clear;
    task()
}

/// One acquisition of a recorded lock under way: its run and its number there.
#[derive(Debug)]
pub(crate) struct LockTicket {
    run: u64,
    number: u64,
}

/// Records that the current thread asks for the lock named `lock`; `None` outside any run.
pub(crate) fn lock_asked(lock_name: &str) -> Option<LockTicket> {
    let mut guard = lock(&RECORDING);
    let recording = guard.as_mut()?;
    // Named only inside a run: outside one, a lock costs no more than a look at the recording.
    let worker = current_worker();
    let (token, index) = CURRENT_TOKEN.with_borrow(|current| match current {
        Some((run, token, index)) if *run == recording.id => (Some(token.clone()), *index),
        _ => (None, None),
    });
    let number = recording.next_lock;
    recording.next_lock += 1;
    let span = LockSpan {
        lock: lock_name.to_string(),
        worker,
        token,
        index,
        asked: recording.start.elapsed(),
        acquired: None,
        released: None,
    };
    recording.open_locks.insert(number, span);
    Some(LockTicket {
        run: recording.id,
        number,
    })
}

/// Records that the acquisition `ticket` got its lock.
pub(crate) fn lock_acquired(ticket: &LockTicket) {
    let mut guard = lock(&RECORDING);
    if let Some(recording) = guard.as_mut().filter(|r| r.id == ticket.run) {
        let now = recording.start.elapsed();
        if let Some(span) = recording.open_locks.get_mut(&ticket.number) {
            span.acquired = Some(now);
        }
    }
}

/// Records that the acquisition `ticket` let its lock go.
pub(crate) fn lock_released(ticket: LockTicket) {
    let mut guard = lock(&RECORDING);
    // A guard that outlives its run has nowhere to report, like a late task.
    if let Some(recording) = guard.as_mut().filter(|r| r.id == ticket.run) {
        let now = recording.start.elapsed();
        if let Some(mut span) = recording.open_locks.remove(&ticket.number) {
            span.released = Some(now);
            recording.locks.push(span);
        }
    }
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
            locks: Vec::new(),
            open_locks: BTreeMap::new(),
            next_lock: 0,
        });
        INSIDE_RECORD.set(true);
        Session {
            start,
            open: true,
            _turn: turn,
        }
    }

    /// Stops the clock and closes the recording: the wall time, every call in order of completion
    /// and every lock acquisition in order of asking. Calls still under way (the body stopped
    /// waiting for them) come last, recorded as [`STILL_RUNNING`] and cut at the end of the run;
    /// acquisitions still under way keep no `acquired` or `released` moment.
    pub(crate) fn finish(mut self) -> Finished {
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
        let mut locks = recording.locks;
        locks.extend(recording.open_locks.into_values());
        locks.sort_by_key(|span| span.asked);
        if !locks.is_empty() {
            let mut by_worker: HashMap<&str, Vec<&Record>> = HashMap::new();
            for record in &records {
                by_worker.entry(&record.worker).or_default().push(record);
            }
            for span in &mut locks {
                let tasks = by_worker
                    .get(span.worker.as_str())
                    .map_or(&[][..], Vec::as_slice);
                attach_to_task(span, tasks, wall);
            }
        }
        Finished {
            wall,
            records,
            locks,
        }
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

/// Puts a lock acquisition on the token its worker held the lock for. At asking, it was on the
/// token the worker was working on or last worked on; but a worker that asks for a lock between two
/// tokens (the lock taken, then the work done inside it) holds it for the next one: if the token
/// it was on had ended and a task of the same worker starts while it waits or holds, that task is
/// the token. `tasks` are the records of the span's worker.
fn attach_to_task(span: &mut LockSpan, tasks: &[&Record], wall: Duration) {
    let was_running = tasks
        .iter()
        .filter(|r| r.index == span.index && Some(&r.token) == span.token.as_ref())
        .any(|r| r.start <= span.asked && span.asked < r.end);
    if was_running {
        return;
    }
    let span_end = span
        .holding(wall)
        .map_or_else(|| span.waiting(wall).1, |(_, released)| released);
    let next = tasks
        .iter()
        .filter(|r| span.asked <= r.start && r.start < span_end)
        .min_by_key(|r| r.start);
    if let Some(record) = next {
        span.token = Some(record.token.clone());
        span.index = record.index;
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
    queued: Option<(Duration, Duration)>,
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
            queued: self.queued,
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
        let queued = QUEUED.take();
        let mut guard = lock(&RECORDING);
        let task = guard.as_mut().map(|recording| {
            let index = recording.positions.get_mut(token).map(Positions::claim);
            let number = recording.next_task;
            recording.next_task += 1;
            CURRENT_TOKEN.set(Some((recording.id, token.to_string(), index)));
            let queued = queued
                .filter(|(moment, _)| moment.run == recording.id)
                .map(|(moment, taken)| (moment.at, taken));
            let started = Started {
                token: token.to_string(),
                index,
                worker,
                start: recording.start.elapsed(),
                queued,
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
        let records = session.finish().records;
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].index, None);
    }
}
