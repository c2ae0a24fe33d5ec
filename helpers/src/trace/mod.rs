//! A run as a trace that Perfetto (ui.perfetto.dev) and chrome://tracing open: the Chrome trace
//! event JSON, so a reader can zoom, search and compare runs outside the notebook.
//!
//! ```
//! use helpers::{record, set_time_unit, work};
//! set_time_unit(std::time::Duration::from_millis(1));
//! let tokens = ["ab", "c"];
//! let (_, run) = record("sequential", &tokens, 1, || tokens.map(|t| work(t)));
//! let trace = run.trace_json();
//! assert!(trace.contains(r#""ph":"X""#) && trace.contains(r#""thread_name""#));
//! helpers::internal::validate_trace(&trace).unwrap(); // well formed, nested, every token once
//! ```
//!
//! What the file holds (the JSON object form of the format, times in microseconds):
//! - a process per run, named after its style (`ph: "M"`, `process_name`); several runs saved in
//!   one file ([`save_traces`]) sit one under another, each starting at 0, to compare. Process
//!   and thread ids are made up, unique in the file and never 0 (Perfetto takes 0 as the idle
//!   process and thread, and a thread id as system-wide);
//! - a track (thread) per worker, named as on the timeline (`thread_name`), plus a `run` track
//!   with the measured wall time and the predicted makespan as slices;
//! - a slice per token (`ph: "X"`) on its worker's track, its result (or error), completion rank,
//!   input index and predicted time in `args`; a token never started is an instant on the run
//!   track;
//! - waiting for a [`RecordedMutex`](crate::RecordedMutex) and holding it as their own slices
//!   (`waiting for tally`, `holding tally`), inside the token's slice;
//! - queued time, from the moment a pool was handed a token to the moment a worker took it, as
//!   an async slice (`ph: "b"`/`"e"`, category `queue`).
//!
//! Slices on one track must nest, or viewers move the ones that do not to an overflow track:
//! where a worker's tasks overlap (tokio runs many tasks on one thread), its tasks are async
//! slices instead (`b`/`e`, one id per task, their lock slices nested under the same id), and so
//! is any lock slice that does not nest in its track.
//!
//! Clocks: every time is from the start of its run, on one clock. A worker process's token is
//! timed by the parent, from handing it over to reading the answer, so processes share the
//! parent's clock (and their slices include the trip through the pipe). The MPI program's ranks
//! each start their clock at the same barrier, and rank 0 merges their records, so ranks share a
//! clock to within the barrier's exit (microseconds on one machine).

mod validate;

pub use validate::{TraceCheck, validate_trace};

use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};

use crate::run::{LockSpan, Record, Run};
use crate::workload::token_time;

/// The category of token slices; the validator counts the tokens in it.
const TASK: &str = "task";
const LOCK: &str = "lock";
const QUEUE: &str = "queue";
const RUN: &str = "run";

impl Run {
    /// The run as Chrome trace event JSON, which ui.perfetto.dev and chrome://tracing open (see
    /// the [module](self) for what it holds).
    pub fn trace_json(&self) -> String {
        trace_json(&[self])
    }

    /// Writes [`Run::trace_json`] to `path` (say `run.json`): open it at ui.perfetto.dev ("Open
    /// trace file") or in chrome://tracing ("Load").
    pub fn save_trace(&self, path: impl AsRef<Path>) -> std::io::Result<()> {
        save_traces(&[self], path)
    }
}

/// Writes several runs to one trace file, a process each, to compare them in one view.
pub fn save_traces(runs: &[&Run], path: impl AsRef<Path>) -> std::io::Result<()> {
    std::fs::write(path, trace_json(runs))
}

/// Several runs as one trace: a process each, in order.
pub fn trace_json(runs: &[&Run]) -> String {
    let mut writer = Writer::default();
    for (i, run) in runs.iter().enumerate() {
        writer.run(i as u64 + 1, run);
    }
    // One event a line: a reader can grep the file, and a diff shows what changed.
    let mut text = String::from("{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n");
    for (i, event) in writer.events.iter().enumerate() {
        let separator = if i + 1 < writer.events.len() { "," } else { "" };
        let _ = writeln!(text, "{event}{separator}");
    }
    text.push_str("]}\n");
    text
}

/// Microseconds, the format's unit, exact to the nanosecond.
fn micros(at: Duration) -> f64 {
    at.as_nanos() as f64 / 1000.0
}

fn millis(at: Duration) -> f64 {
    at.as_secs_f64() * 1000.0
}

/// A slice before it is written: on its worker's track if it nests there, else async.
struct Slice {
    name: String,
    cat: &'static str,
    start: Duration,
    end: Duration,
    args: Value,
    /// For a lock slice: the token it belongs to (its input index), to nest under that token's
    /// async slice when the tokens are async.
    index: Option<usize>,
}

#[derive(Default)]
struct Writer {
    events: Vec<Value>,
    /// Async ids, unique in the file (viewers may treat a bare `id` as global).
    next_id: u64,
    /// The last thread id given out. Thread ids are unique in the file and never 0: Perfetto takes
    /// a tid as system-wide (the same tid in two processes is a thread that moved) and tid 0 as
    /// the idle thread.
    last_tid: u64,
}

impl Writer {
    fn new_id(&mut self) -> String {
        self.next_id += 1;
        format!("0x{:x}", self.next_id)
    }

    fn metadata(&mut self, pid: u64, tid: u64, name: &str, args: Value) {
        self.events
            .push(json!({"name": name, "ph": "M", "pid": pid, "tid": tid, "args": args}));
    }

    fn complete(&mut self, pid: u64, tid: u64, slice: &Slice) {
        self.events.push(json!({
            "name": slice.name, "cat": slice.cat, "ph": "X", "pid": pid, "tid": tid,
            "ts": micros(slice.start), "dur": micros(slice.end.saturating_sub(slice.start)),
            "args": slice.args,
        }));
    }

    fn begin(&mut self, pid: u64, tid: u64, id: &str, cat: &str, slice: &Slice) {
        self.events.push(json!({
            "name": slice.name, "cat": cat, "ph": "b", "id": id, "pid": pid, "tid": tid,
            "ts": micros(slice.start), "args": slice.args,
        }));
    }

    fn end(&mut self, pid: u64, tid: u64, id: &str, cat: &str, slice: &Slice) {
        self.events.push(json!({
            "name": slice.name, "cat": cat, "ph": "e", "id": id, "pid": pid, "tid": tid,
            "ts": micros(slice.end.max(slice.start)),
        }));
    }

    /// An async slice with its own id.
    fn alone(&mut self, pid: u64, tid: u64, slice: &Slice) {
        let id = self.new_id();
        self.begin(pid, tid, &id, slice.cat, slice);
        self.end(pid, tid, &id, slice.cat, slice);
    }

    fn run(&mut self, pid: u64, run: &Run) {
        let first_tid = self.last_tid + 1;
        self.metadata(pid, first_tid, "process_name", json!({"name": run.style}));
        self.metadata(
            pid,
            first_tid,
            "process_sort_index",
            json!({"sort_index": pid}),
        );
        let names = track_names(run);
        let tids: Vec<u64> = (first_tid..).take(names.len()).collect();
        self.last_tid += names.len() as u64;
        for (i, (name, &tid)) in names.iter().zip(&tids).enumerate() {
            self.metadata(pid, tid, "thread_name", json!({"name": name}));
            self.metadata(pid, tid, "thread_sort_index", json!({"sort_index": i}));
        }
        let run_tid = tids[0];
        self.run_track(pid, run_tid, run);
        for (name, &tid) in names.iter().zip(&tids).skip(1) {
            self.worker_track(pid, tid, run, name);
        }
        self.queued(pid, run_tid, run);
    }

    /// The run's own track: measured and predicted time, and the tokens never started.
    fn run_track(&mut self, pid: u64, tid: u64, run: &Run) {
        let measured = Slice {
            name: "measured".to_string(),
            cat: RUN,
            start: Duration::ZERO,
            end: run.wall,
            args: json!({
                "summary": run.summary(),
                "dispatch": run.dispatch.describe(),
                "wall_ms": millis(run.wall),
                "tokens": run.tokens,
            }),
            index: None,
        };
        let predicted = run.predicted().map(|predicted| Slice {
            name: "predicted".to_string(),
            cat: RUN,
            start: Duration::ZERO,
            end: predicted,
            args: json!({"predicted_ms": millis(predicted)}),
            index: None,
        });
        // Both start at 0, so one holds the other: the longer first.
        let mut slices: Vec<Slice> = std::iter::once(measured).chain(predicted).collect();
        slices.sort_by_key(|s| std::cmp::Reverse(s.end));
        for slice in &slices {
            self.complete(pid, tid, slice);
        }
        for (index, token) in run.not_started() {
            self.events.push(json!({
                "name": format!("never started: {token}"), "cat": TASK, "ph": "i", "s": "t",
                "pid": pid, "tid": tid, "ts": 0.0,
                "args": {"token": token, "index": index, "predicted_ms": millis(token_time(run.unit, token))},
            }));
        }
    }

    /// One worker's tokens and lock slices.
    fn worker_track(&mut self, pid: u64, tid: u64, run: &Run, worker: &str) {
        let tasks: Vec<Slice> = run
            .records()
            .iter()
            .filter(|r| r.worker == worker)
            .map(|r| task_slice(run, r))
            .collect();
        let locks: Vec<Slice> = run
            .locks()
            .iter()
            .filter(|span| span.worker == worker)
            .flat_map(|span| lock_slices(span, run.wall))
            .collect();
        if overlap(&tasks) {
            self.async_tasks(pid, tid, tasks, locks);
        } else {
            let mut slices = tasks;
            slices.extend(locks);
            self.nested_or_async(pid, tid, slices);
        }
    }

    /// Slices on the thread track where they nest; the rest async, each alone.
    fn nested_or_async(&mut self, pid: u64, tid: u64, mut slices: Vec<Slice>) {
        // Parents before children: by start, the longer first, a token before its locks.
        slices.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end), s.cat != TASK));
        let mut open: Vec<Duration> = Vec::new();
        for slice in &slices {
            while open.last().is_some_and(|&end| end <= slice.start) {
                open.pop();
            }
            if open.last().is_none_or(|&end| slice.end <= end) {
                open.push(slice.end);
                self.complete(pid, tid, slice);
            } else {
                self.alone(pid, tid, slice);
            }
        }
    }

    /// A worker whose tasks overlap (async tasks on one thread): each task an async slice with
    /// its lock slices nested under the same id, when they lie within it.
    fn async_tasks(&mut self, pid: u64, tid: u64, tasks: Vec<Slice>, locks: Vec<Slice>) {
        let mut children: Vec<Vec<Slice>> = tasks.iter().map(|_| Vec::new()).collect();
        let mut loose = Vec::new();
        for lock in locks {
            let home = tasks.iter().position(|task| {
                task.index.is_some()
                    && task.index == lock.index
                    && task.start <= lock.start
                    && lock.end <= task.end
            });
            match home {
                Some(i) => children[i].push(lock),
                None => loose.push(lock),
            }
        }
        for (task, mut children) in tasks.iter().zip(children) {
            let id = self.new_id();
            self.begin(pid, tid, &id, TASK, task);
            // A wait and its hold follow one another; different acquisitions never overlap on
            // one task, as one task asks for one lock at a time.
            children.sort_by_key(|c| (c.start, c.end));
            for child in &children {
                self.begin(pid, tid, &id, TASK, child);
                self.end(pid, tid, &id, TASK, child);
            }
            self.end(pid, tid, &id, TASK, task);
        }
        self.nested_or_async(pid, tid, loose);
    }

    /// Each queued token's wait for a worker, as an async slice on the run's process.
    fn queued(&mut self, pid: u64, tid: u64, run: &Run) {
        for record in run.in_input_order() {
            let Some((queued, taken)) = record.queued else {
                continue;
            };
            let slice = Slice {
                name: format!("queued: {}", record.token),
                cat: QUEUE,
                start: queued,
                end: taken.max(queued),
                args: json!({"token": record.token, "index": record.index}),
                index: record.index,
            };
            self.alone(pid, tid, &slice);
        }
    }
}

/// Track 0 is the run's own; then the workers in the order they started a task, then any that
/// only took locks (the main thread reading a total).
fn track_names(run: &Run) -> Vec<String> {
    let mut names = vec!["run".to_string()];
    names.extend(run.workers().into_iter().map(str::to_string));
    for span in run.locks() {
        if !names.contains(&span.worker) {
            names.push(span.worker.clone());
        }
    }
    names
}

fn task_slice(run: &Run, record: &Record) -> Slice {
    let mut args = json!({
        "token": record.token,
        "index": record.index,
        "rank": record.rank,
        "worker": record.worker,
        "measured_ms": millis(record.end.saturating_sub(record.start)),
        "predicted_ms": millis(token_time(run.unit, &record.token)),
    });
    match &record.outcome {
        Ok(result) => args["result"] = json!(result),
        Err(error) => args["error"] = json!(error),
    }
    if let Some((queued, taken)) = record.queued {
        args["queued_ms"] = json!(millis(taken.saturating_sub(queued)));
    }
    Slice {
        name: record.token.clone(),
        cat: TASK,
        start: record.start,
        end: record.end.max(record.start),
        args,
        index: record.index,
    }
}

/// An acquisition's wait and, if it got the lock, its hold.
fn lock_slices(span: &LockSpan, wall: Duration) -> Vec<Slice> {
    let slice = |what: &str, (start, end): (Duration, Duration), state: &str| Slice {
        name: format!("{what} {}", span.lock),
        cat: LOCK,
        start,
        end,
        args: json!({"lock": span.lock, "token": span.token, "state": state}),
        index: span.index,
    };
    let waited = match span.acquired {
        Some(_) => "got it",
        None => "still waiting when the run ended",
    };
    let mut slices = vec![slice("waiting for", span.waiting(wall), waited)];
    if let Some(hold) = span.holding(wall) {
        let held = match span.released {
            Some(_) => "let go",
            None => "still held when the run ended",
        };
        slices.push(slice("holding", hold, held));
    }
    slices
}

/// Whether any two of these slices overlap in time (touching ends do not).
fn overlap(slices: &[Slice]) -> bool {
    let mut spans: Vec<(Duration, Duration)> = slices.iter().map(|s| (s.start, s.end)).collect();
    spans.sort();
    spans.windows(2).any(|w| w[1].0 < w[0].1)
}

/// The track id of each worker, by process id and name: for tests to find a worker's track.
#[cfg(test)]
fn thread_ids(trace: &Value) -> std::collections::HashMap<(u64, String), u64> {
    trace["traceEvents"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["name"] == "thread_name")
        .map(|e| {
            let key = (
                e["pid"].as_u64().unwrap(),
                e["args"]["name"].as_str().unwrap().to_string(),
            );
            (key, e["tid"].as_u64().unwrap())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{RecordedMutex, record, work};

    fn parse(text: &str) -> Value {
        serde_json::from_str(text).expect("the trace is JSON")
    }

    fn events<'a>(trace: &'a Value, ph: &str, cat: &str) -> Vec<&'a Value> {
        trace["traceEvents"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["ph"] == ph && e["cat"] == cat)
            .collect()
    }

    #[test]
    fn a_slice_per_token_with_result_and_prediction_on_named_tracks() {
        let _unit = crate::test_unit(Duration::from_millis(1));
        let tokens = ["ab", "c", "never"];
        let (_, run) = record("two of three", &tokens, 1, || {
            work("ab");
            crate::TaskGuard::begin("c").fail("on purpose");
        });
        let text = run.trace_json();
        let check = validate_trace(&text).unwrap();
        assert_eq!((check.processes, check.tokens), (1, 3));
        let trace = parse(&text);
        let slices = events(&trace, "X", TASK);
        assert_eq!(slices.len(), 2);
        let ab = slices.iter().find(|e| e["name"] == "ab").unwrap();
        assert_eq!(ab["args"]["result"], "AB");
        assert_eq!(ab["args"]["predicted_ms"], 2.0);
        let c = slices.iter().find(|e| e["name"] == "c").unwrap();
        assert_eq!(c["args"]["error"], "on purpose");
        let never = events(&trace, "i", TASK);
        assert_eq!(never[0]["args"]["index"], 2);
        let tids = thread_ids(&trace);
        let worker = crate::run::current_worker();
        assert_eq!(ab["tid"].as_u64(), tids.get(&(1, worker)).copied());
        assert_eq!(tids.get(&(1, "run".to_string())), Some(&1));
        // Two runs in one file: a process each, and no thread id shared or 0.
        let two = parse(&trace_json(&[&run, &run]));
        let tids = thread_ids(&two);
        let mut ids: Vec<u64> = tids.values().copied().collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), tids.len(), "{tids:?}");
        assert!(!ids.contains(&0));
    }

    #[test]
    fn overlapping_tasks_on_one_thread_are_async_with_their_locks_inside() {
        let _unit = crate::test_unit(Duration::from_millis(1));
        let tokens = ["abc", "d"];
        let shared = RecordedMutex::new("shared", 0);
        let (_, run) = record("two tasks, one thread", &tokens, 2, || {
            let outer = crate::TaskGuard::begin("abc");
            let inner = crate::TaskGuard::begin("d"); // starts while "abc" runs: they overlap
            *shared.lock().unwrap() += 1;
            std::thread::sleep(Duration::from_millis(1));
            inner.finish("D");
            std::thread::sleep(Duration::from_millis(1));
            outer.finish("ABC");
        });
        let text = run.trace_json();
        validate_trace(&text).unwrap();
        let trace = parse(&text);
        assert!(
            events(&trace, "X", TASK).is_empty(),
            "no task on the thread track"
        );
        let begins = events(&trace, "b", TASK);
        let names: Vec<&str> = begins.iter().map(|e| e["name"].as_str().unwrap()).collect();
        assert_eq!(names.len(), 4, "{names:?}");
        // The lock slices share the id of the task they belong to ("d", the last begun).
        let d_id = begins.iter().find(|e| e["name"] == "d").unwrap()["id"].clone();
        let holding = begins
            .iter()
            .find(|e| e["name"] == "holding shared")
            .unwrap();
        assert_eq!(holding["id"], d_id);
    }

    #[test]
    fn a_token_run_inside_a_hold_nests_in_it_and_queued_time_has_its_slice() {
        let _unit = crate::test_unit(Duration::from_millis(1));
        let tokens = ["ab", "c"];
        let shared = std::sync::Arc::new(RecordedMutex::new("tally", 0));
        let (_, run) = record("pool, the work inside the lock", &tokens, 1, || {
            let pool = crate::WorkerPool::new(1);
            let tally = std::sync::Arc::clone(&shared);
            pool.map(
                move |t: &str| {
                    // Not `*tally.lock().unwrap() += work(t).len()`: that does the work first.
                    let mut total = tally.lock().unwrap();
                    *total += work(t).len();
                },
                tokens,
            );
        });
        let text = run.trace_json();
        validate_trace(&text).unwrap();
        let trace = parse(&text);
        let tasks = events(&trace, "X", TASK);
        let holds: Vec<_> = events(&trace, "X", LOCK)
            .into_iter()
            .filter(|e| e["name"] == "holding tally")
            .collect();
        assert_eq!((tasks.len(), holds.len()), (2, 2), "{text}");
        let within = |inner: &Value, outer: &Value| {
            let (start, end) = (
                inner["ts"].as_f64().unwrap(),
                inner["dur"].as_f64().unwrap(),
            );
            let (outer_start, outer_dur) = (
                outer["ts"].as_f64().unwrap(),
                outer["dur"].as_f64().unwrap(),
            );
            outer_start <= start && start + end <= outer_start + outer_dur
        };
        assert!(
            tasks.iter().all(|t| holds.iter().any(|h| within(t, h))),
            "{text}"
        );
        let queued = events(&trace, "b", QUEUE);
        assert_eq!(queued.len(), 2);
        assert_eq!(queued[1]["args"]["token"], "c");
    }

    #[test]
    fn a_hold_that_outlives_its_token_is_async() {
        let _unit = crate::test_unit(Duration::from_millis(1));
        let shared = RecordedMutex::new("tally", 0);
        let (_, run) = record("held past the token", &["ab"], 1, || {
            let task = crate::TaskGuard::begin("ab");
            let guard = shared.lock().unwrap();
            std::thread::sleep(Duration::from_millis(1));
            task.finish("AB");
            std::thread::sleep(Duration::from_millis(1));
            drop(guard);
        });
        let text = run.trace_json();
        validate_trace(&text).unwrap();
        let trace = parse(&text);
        assert_eq!(events(&trace, "X", TASK).len(), 1);
        let held = events(&trace, "b", LOCK);
        assert_eq!(held.len(), 1, "{text}");
        assert_eq!(held[0]["name"], "holding tally");
    }

    #[test]
    fn a_lock_still_waited_for_or_held_at_the_end_runs_to_the_end() {
        let text = r#"{"style": "deadlock", "workers": 2, "dispatch": {"kind": "unpredicted", "workers": 2},
            "unit_ms": 1.0, "wall_ms": 10.0, "predicted_ms": null, "not_started": [],
            "tasks": [{"token": "a", "index": 0, "result": null, "error": "still running",
                       "worker": "t1", "start_ms": 1.0, "end_ms": 10.0, "rank": 1}],
            "locks": [{"lock": "first", "worker": "t1", "token": "a", "index": 0,
                       "asked_ms": 1.5, "acquired_ms": 2.0, "released_ms": null},
                      {"lock": "second", "worker": "t1", "token": "a", "index": 0,
                       "asked_ms": 3.0, "acquired_ms": null, "released_ms": null}]}"#;
        let run = Run::from_json_str(text).unwrap();
        let trace_text = run.trace_json();
        validate_trace(&trace_text).unwrap();
        let trace = parse(&trace_text);
        let locks = events(&trace, "X", LOCK);
        let state = |name: &str| {
            let event = locks.iter().find(|e| e["name"] == name).unwrap();
            let end = event["ts"].as_f64().unwrap() + event["dur"].as_f64().unwrap();
            (event["args"]["state"].as_str().unwrap().to_string(), end)
        };
        assert_eq!(
            state("holding first"),
            ("still held when the run ended".into(), 10_000.0)
        );
        assert_eq!(
            state("waiting for second"),
            ("still waiting when the run ended".into(), 10_000.0)
        );
        assert!(locks.iter().all(|e| e["name"] != "holding second"));
    }
}
