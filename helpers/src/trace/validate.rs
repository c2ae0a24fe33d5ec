//! Checks a trace file against the Trace Event Format, as far as our traces use it, and against
//! what a run's trace promises: well formed, slices nested per track, every token present once.
//!
//! ```
//! use helpers::internal::validate_trace;
//! let overlapping = r#"{"traceEvents": [
//!   {"name": "process_name", "ph": "M", "pid": 1, "tid": 1, "args": {"name": "p"}},
//!   {"name": "thread_name", "ph": "M", "pid": 1, "tid": 1, "args": {"name": "w"}},
//!   {"name": "a", "cat": "x", "ph": "X", "pid": 1, "tid": 1, "ts": 0, "dur": 10},
//!   {"name": "b", "cat": "x", "ph": "X", "pid": 1, "tid": 1, "ts": 5, "dur": 10}
//! ]}"#;
//! let problems = validate_trace(overlapping).unwrap_err();
//! assert!(problems.contains("\"b\" overlaps \"a\""), "{problems}");
//! ```
//!
//! The format (the "Trace Event Format" document that chrome://tracing and Perfetto's JSON
//! importer follow): an object with a `traceEvents` list (or the bare list); each event has a
//! `name`, a phase `ph`, a process `pid` and thread `tid`, a time `ts` in microseconds; `X`
//! (complete) events a `dur`; `b`/`e`/`n` (nestable async) events a `cat` and an `id`, matched by
//! process, category and id, and nested like a stack; `M` (metadata) events name processes and
//! threads. Perfetto puts `X` slices that do not nest on a thread onto an overflow track, and
//! drops an `e` without its `b`: both are errors here. It also takes pid and tid 0 as the idle
//! process and thread, and a tid as system-wide (the same tid in two processes is one thread that
//! moved): both are errors here too.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;

/// What a valid trace holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceCheck {
    /// Processes (runs) with a `process_name`.
    pub processes: usize,
    /// Slices: `X` events and `b`/`e` pairs.
    pub slices: usize,
    /// Input tokens accounted for across all runs (each exactly once).
    pub tokens: usize,
}

/// An event's time in whole nanoseconds: the format's microseconds with three decimals, so that
/// comparisons are exact.
fn nanos(micros: f64) -> i64 {
    (micros * 1000.0).round() as i64
}

/// Validates a trace written by [`trace_json`](super::trace_json) (or any trace using the same
/// parts of the format). Every problem found is listed, one a line.
///
/// # Errors
/// The problems, if any: not JSON, an event missing a field, a thread with slices but no name,
/// slices that partially overlap on one track, an async end without its begin (or a begin never
/// ended), a token of a run missing or present twice.
pub fn validate_trace(text: &str) -> Result<TraceCheck, String> {
    let trace: Value =
        serde_json::from_str(text).map_err(|e| format!("the trace is not JSON: {e}"))?;
    let events = match &trace {
        Value::Array(events) => events,
        Value::Object(object) => object
            .get("traceEvents")
            .and_then(Value::as_array)
            .ok_or("the trace object has no \"traceEvents\" list")?,
        _ => return Err("a trace is an object or a list of events".to_string()),
    };
    let mut checker = Checker::default();
    for (position, event) in events.iter().enumerate() {
        if let Err(problem) = checker.event(position, event) {
            checker
                .problems
                .push(format!("event {position}: {problem}"));
        }
    }
    checker.finish()
}

/// A slice on a thread track, for the nesting check.
struct Placed {
    start: i64,
    end: i64,
    name: String,
}

/// An async event, for the matching check.
struct AsyncEvent {
    at: i64,
    position: usize,
    begins: bool,
    name: String,
}

#[derive(Default)]
struct Checker {
    problems: Vec<String>,
    process_names: BTreeSet<u64>,
    thread_names: BTreeSet<(u64, u64)>,
    /// Threads with events on them, which need a name.
    used_threads: BTreeSet<(u64, u64)>,
    /// The process of each thread id.
    process_of: BTreeMap<u64, u64>,
    thread_slices: BTreeMap<(u64, u64), Vec<Placed>>,
    async_events: BTreeMap<(u64, String, String), Vec<AsyncEvent>>,
    /// Per process: the run's input, from its `measured` slice.
    inputs: BTreeMap<u64, Vec<String>>,
    /// Per process: the (index, token) of every token event.
    token_events: HashMap<u64, Vec<(u64, String)>>,
    slices: usize,
}

fn text<'a>(event: &'a Value, field: &str) -> Result<&'a str, String> {
    event
        .get(field)
        .and_then(Value::as_str)
        .ok_or(format!("no text {field:?}"))
}

fn whole(event: &Value, field: &str) -> Result<u64, String> {
    event
        .get(field)
        .and_then(Value::as_u64)
        .ok_or(format!("no whole number {field:?}"))
}

fn time(event: &Value, field: &str) -> Result<i64, String> {
    let value = event
        .get(field)
        .and_then(Value::as_f64)
        .ok_or(format!("no number {field:?}"))?;
    if !value.is_finite() || value < 0.0 {
        return Err(format!("{field:?} is {value}, not a time"));
    }
    Ok(nanos(value))
}

impl Checker {
    fn event(&mut self, position: usize, event: &Value) -> Result<(), String> {
        if !event.is_object() {
            return Err("not an object".to_string());
        }
        let ph = text(event, "ph")?;
        let name = text(event, "name")?.to_string();
        let pid = whole(event, "pid")?;
        let tid = whole(event, "tid")?;
        if pid == 0 || tid == 0 {
            return Err(format!(
                "{name:?}: pid {pid}, tid {tid}: 0 is the idle process and thread in Perfetto"
            ));
        }
        match self.process_of.insert(tid, pid) {
            Some(other) if other != pid => {
                return Err(format!(
                    "{name:?}: tid {tid} is in processes {other} and {pid}; a tid is system-wide"
                ));
            }
            _ => {}
        }
        if let Some(args) = event.get("args")
            && !args.is_object()
        {
            return Err(format!("{name:?}: \"args\" is not an object"));
        }
        match ph {
            "M" => self.metadata(pid, tid, &name, event),
            "X" => {
                let start = time(event, "ts")?;
                let end = start + time(event, "dur")?;
                self.used_threads.insert((pid, tid));
                self.thread_slices
                    .entry((pid, tid))
                    .or_default()
                    .push(Placed { start, end, name });
                self.slices += 1;
                self.token(pid, event, "X")
            }
            "b" | "e" | "n" => {
                let at = time(event, "ts")?;
                let cat = text(event, "cat")?.to_string();
                let id = match event.get("id") {
                    Some(Value::String(id)) => id.clone(),
                    Some(Value::Number(id)) => id.to_string(),
                    _ => return Err(format!("{name:?}: an async event needs an \"id\"")),
                };
                if ph != "n" {
                    self.async_events
                        .entry((pid, cat, id))
                        .or_default()
                        .push(AsyncEvent {
                            at,
                            position,
                            begins: ph == "b",
                            name,
                        });
                }
                if ph == "b" {
                    self.slices += 1;
                    self.token(pid, event, "b")?;
                }
                Ok(())
            }
            "i" | "I" => {
                time(event, "ts")?;
                self.used_threads.insert((pid, tid));
                self.token(pid, event, "i")
            }
            other => Err(format!(
                "{name:?}: phase {other:?} is not one these traces use"
            )),
        }
    }

    fn metadata(&mut self, pid: u64, tid: u64, name: &str, event: &Value) -> Result<(), String> {
        let args = event.get("args").ok_or("metadata without \"args\"")?;
        match name {
            "process_name" | "thread_name" => {
                text(args, "name").map_err(|e| format!("{name}: {e} in \"args\""))?;
                if name == "process_name" {
                    self.process_names.insert(pid);
                } else if !self.thread_names.insert((pid, tid)) {
                    return Err(format!("thread {tid} of process {pid} is named twice"));
                }
                Ok(())
            }
            "process_sort_index" | "thread_sort_index" => args
                .get("sort_index")
                .and_then(Value::as_i64)
                .map(|_| ())
                .ok_or(format!("{name}: no whole \"sort_index\" in \"args\"")),
            other => Err(format!("metadata {other:?} is not one these traces use")),
        }
    }

    /// Notes a token's event (category `task` with an `index`), or a run's input (the `measured`
    /// slice of category `run`).
    fn token(&mut self, pid: u64, event: &Value, ph: &str) -> Result<(), String> {
        let args = event.get("args").unwrap_or(&Value::Null);
        if event["cat"] == super::RUN && event["name"] == "measured" {
            let tokens = args
                .get("tokens")
                .and_then(Value::as_array)
                .ok_or("the run slice has no \"tokens\" list")?;
            let tokens = tokens
                .iter()
                .map(|t| t.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()
                .ok_or("the run slice's \"tokens\" are not all text")?;
            if self.inputs.insert(pid, tokens).is_some() {
                return Err(format!("process {pid} has two run slices"));
            }
            return Ok(());
        }
        if event["cat"] != super::TASK || !matches!(ph, "X" | "b" | "i") {
            return Ok(());
        }
        let Some(index) = args.get("index").filter(|i| !i.is_null()) else {
            return Ok(()); // a token not in the input
        };
        let index = index
            .as_u64()
            .ok_or(format!("a token's \"index\" is {index}, not a position"))?;
        let token = text(args, "token").map_err(|e| format!("a token's args: {e}"))?;
        self.token_events
            .entry(pid)
            .or_default()
            .push((index, token.to_string()));
        Ok(())
    }

    fn finish(mut self) -> Result<TraceCheck, String> {
        for &(pid, tid) in &self.used_threads {
            if !self.thread_names.contains(&(pid, tid)) {
                self.problems.push(format!(
                    "thread {tid} of process {pid} has events but no name"
                ));
            }
        }
        let processes: BTreeSet<u64> = self.used_threads.iter().map(|&(pid, _)| pid).collect();
        for pid in processes.difference(&self.process_names) {
            self.problems
                .push(format!("process {pid} has events but no name"));
        }
        for ((pid, tid), slices) in &mut self.thread_slices {
            nesting(&mut self.problems, *pid, *tid, slices);
        }
        for ((pid, cat, id), events) in &mut self.async_events {
            matching(&mut self.problems, *pid, cat, id, events);
        }
        let tokens = self.every_token_once();
        if self.problems.is_empty() {
            Ok(TraceCheck {
                processes: self.process_names.len(),
                slices: self.slices,
                tokens,
            })
        } else {
            Err(self.problems.join("\n"))
        }
    }

    /// Every input token of every run has exactly one event, with its own text.
    fn every_token_once(&mut self) -> usize {
        let mut count = 0;
        for pid in self.token_events.keys() {
            if !self.inputs.contains_key(pid) {
                self.problems
                    .push(format!("process {pid} has tokens but no run slice"));
            }
        }
        for (pid, input) in &self.inputs {
            let mut seen = vec![0usize; input.len()];
            for (index, token) in self.token_events.get(pid).into_iter().flatten() {
                match input.get(*index as usize) {
                    Some(expected) if expected == token => seen[*index as usize] += 1,
                    Some(expected) => self.problems.push(format!(
                        "process {pid}: token {index} is {expected:?}, but an event says {token:?}"
                    )),
                    None => self.problems.push(format!(
                        "process {pid}: token {index} ({token:?}) is past the input's {} tokens",
                        input.len()
                    )),
                }
            }
            for (index, times) in seen.iter().enumerate() {
                match times {
                    1 => count += 1,
                    0 => self.problems.push(format!(
                        "process {pid}: token {index} ({:?}) is missing",
                        input[index]
                    )),
                    n => self.problems.push(format!(
                        "process {pid}: token {index} ({:?}) is there {n} times",
                        input[index]
                    )),
                }
            }
        }
        count
    }
}

/// Slices on one thread either nest or follow one another.
fn nesting(problems: &mut Vec<String>, pid: u64, tid: u64, slices: &mut [Placed]) {
    slices.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    let mut open: Vec<&Placed> = Vec::new();
    for slice in slices.iter() {
        while open.last().is_some_and(|o| o.end <= slice.start) {
            open.pop();
        }
        if let Some(parent) = open.last()
            && slice.end > parent.end
        {
            problems.push(format!(
                "process {pid} thread {tid}: {:?} overlaps {:?} without nesting in it",
                slice.name, parent.name
            ));
            continue;
        }
        open.push(slice);
    }
}

/// Async events of one id begin and end like a stack, each end after its begin.
fn matching(problems: &mut Vec<String>, pid: u64, cat: &str, id: &str, events: &mut [AsyncEvent]) {
    // By time; at one moment, in the file's order (a parent begun before its child).
    events.sort_by_key(|e| (e.at, e.position));
    let mut open: Vec<&AsyncEvent> = Vec::new();
    for event in events.iter() {
        if event.begins {
            open.push(event);
            continue;
        }
        match open.pop() {
            Some(begin) if begin.name == event.name => {}
            Some(begin) => problems.push(format!(
                "process {pid} async {cat}/{id}: {:?} ends while {:?} is open",
                event.name, begin.name
            )),
            None => problems.push(format!(
                "process {pid} async {cat}/{id}: {:?} ends but never began",
                event.name
            )),
        }
    }
    for begin in open {
        problems.push(format!(
            "process {pid} async {cat}/{id}: {:?} begins but never ends",
            begin.name
        ));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// A one-token run's trace, as the writer lays it out; `edit` breaks it.
    fn trace_with(edit: impl FnOnce(&mut Vec<Value>)) -> Result<TraceCheck, String> {
        let mut events = vec![
            json!({"name": "process_name", "ph": "M", "pid": 1, "tid": 5, "args": {"name": "s"}}),
            json!({"name": "thread_name", "ph": "M", "pid": 1, "tid": 5, "args": {"name": "run"}}),
            json!({"name": "thread_name", "ph": "M", "pid": 1, "tid": 6, "args": {"name": "w"}}),
            json!({"name": "measured", "cat": "run", "ph": "X", "pid": 1, "tid": 5, "ts": 0,
                   "dur": 30, "args": {"tokens": ["ab", "c"]}}),
            json!({"name": "ab", "cat": "task", "ph": "X", "pid": 1, "tid": 6, "ts": 0.5,
                   "dur": 20, "args": {"token": "ab", "index": 0}}),
            json!({"name": "waiting for m", "cat": "lock", "ph": "X", "pid": 1, "tid": 6,
                   "ts": 1, "dur": 2}),
            json!({"name": "c", "cat": "task", "ph": "b", "id": "0x2", "pid": 1, "tid": 6,
                   "ts": 20.5, "args": {"token": "c", "index": 1}}),
            json!({"name": "c", "cat": "task", "ph": "e", "id": "0x2", "pid": 1, "tid": 6,
                   "ts": 29}),
        ];
        edit(&mut events);
        validate_trace(&json!({ "traceEvents": events }).to_string())
    }

    fn fails_with(problem: &str, edit: impl FnOnce(&mut Vec<Value>)) {
        let problems = trace_with(edit).unwrap_err();
        assert!(
            problems.contains(problem),
            "{problem:?} not in:\n{problems}"
        );
    }

    #[test]
    fn the_sample_is_valid() {
        let check = trace_with(|_| {}).unwrap();
        assert_eq!(
            check,
            TraceCheck {
                processes: 1,
                slices: 4,
                tokens: 2
            }
        );
    }

    #[test]
    fn each_broken_rule_is_named() {
        assert!(validate_trace("{").unwrap_err().contains("not JSON"));
        assert!(validate_trace("{}").unwrap_err().contains("traceEvents"));
        fails_with("overlaps \"ab\" without nesting", |e| {
            e[5]["dur"] = json!(25) // the wait runs past its token
        });
        fails_with("token 1 (\"c\") is missing", |e| {
            e.truncate(6);
        });
        fails_with("token 0 (\"ab\") is there 2 times", |e| {
            let mut again = e[4].clone();
            again["tid"] = json!(5);
            again["ts"] = json!(25);
            again["dur"] = json!(1);
            e.push(again);
        });
        fails_with("token 1 is \"c\", but an event says \"d\"", |e| {
            e[6]["args"]["token"] = json!("d")
        });
        fails_with("thread 6 of process 1 has events but no name", |e| {
            e.remove(2);
        });
        fails_with("\"c\" begins but never ends", |e| {
            e.pop();
        });
        fails_with("\"c\" ends but never began", |e| {
            e[7]["id"] = json!("0x3");
        });
        fails_with("no number \"dur\"", |e| {
            e[4].as_object_mut().unwrap().remove("dur");
        });
        fails_with("an async event needs an \"id\"", |e| {
            e[6].as_object_mut().unwrap().remove("id");
        });
        fails_with("\"ts\" is -1, not a time", |e| e[5]["ts"] = json!(-1));
        fails_with("phase \"B\" is not one these traces use", |e| {
            e[5]["ph"] = json!("B")
        });
        fails_with("has tokens but no run slice", |e| {
            e.remove(3);
        });
        fails_with("0 is the idle process and thread", |e| {
            e[4]["tid"] = json!(0)
        });
        fails_with("tid 6 is in processes 1 and 2", |e| e[5]["pid"] = json!(2));
    }
}
