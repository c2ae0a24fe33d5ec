//! The run format: a run as JSON, typed, written and read by one pair of serde types.
//!
//! ```
//! use helpers::{record, set_time_unit, work, Run};
//! set_time_unit(std::time::Duration::from_millis(1));
//! let tokens = ["ab", "c"];
//! let (_, run) = record("sequential", &tokens, 1, || tokens.map(|t| work(t)));
//! let text = run.to_json(); // what the command-line runner prints, one line a run
//! assert!(text.contains(r#""dispatch":{"kind":"greedy","workers":1}"#));
//! let back = Run::from_json_str(&text).unwrap();
//! assert_eq!(back.records(), run.records());
//! assert_eq!(back.predicted(), run.predicted());
//! ```
//!
//! Every program that hands a run to another uses these types: the command-line runner's
//! `--json`, the MPI program's ranks (chapter 13) and the benchmarks' report. A [`Run`] serialises
//! as a [`RunJson`], its records as [`TaskJson`]s, so a field is named in one place; a field
//! missing, renamed or added is a parse error that names it, in `cargo test`, not a blank in a
//! reader's table. Times are milliseconds (`_ms`), as a reader of the file would want them.

use std::time::Duration;

use serde::{Deserialize, Deserializer, Serialize};

use super::{LockSpan, Record, Run};
use crate::predict::Dispatch;

/// A run as JSON: what `run-styles --json` prints, one object a line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunJson {
    /// The style's name.
    pub style: String,
    /// How many tasks ran at once: `dispatch`'s count, for a reader that needs only that.
    pub workers: usize,
    /// How the tokens were handed out, which decides the prediction: `{"kind": "greedy",
    /// "workers": 2}`, `{"kind": "chunked", "workers": 2, "chunk": 2}` or `{"kind": "unpredicted",
    /// "workers": 4}`.
    pub dispatch: Dispatch,
    /// The time unit in force, in ms.
    pub unit_ms: f64,
    /// The measured wall time, in ms.
    pub wall_ms: f64,
    /// The predicted makespan in ms, or `null` if the dispatch predicts none.
    #[serde(deserialize_with = "present")]
    pub predicted_ms: Option<f64>,
    /// The input tokens no call ever started, in input order.
    pub not_started: Vec<String>,
    /// Every call, in input order.
    pub tasks: Vec<TaskJson>,
    /// Every acquisition of a recorded lock, in order of asking. Left out when there is none, so
    /// a run without locks reads as it always did.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locks: Vec<LockJson>,
}

/// One acquisition of a recorded lock as JSON: an element of [`RunJson::locks`] (see
/// [`LockSpan`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockJson {
    /// The lock's name.
    pub lock: String,
    /// Who asked for it.
    pub worker: String,
    /// The token that worker held it for, or `null`.
    #[serde(deserialize_with = "present")]
    pub token: Option<String>,
    /// That token's position in the input, or `null`.
    #[serde(deserialize_with = "present")]
    pub index: Option<usize>,
    /// When it asked, in ms from the start of the run.
    pub asked_ms: f64,
    /// When it got the lock; `null` if it was still waiting when the run ended.
    #[serde(deserialize_with = "present")]
    pub acquired_ms: Option<f64>,
    /// When it let go; `null` if it still held the lock (or never got it) when the run ended.
    #[serde(deserialize_with = "present")]
    pub released_ms: Option<f64>,
}

/// One call of the work function as JSON: an element of [`RunJson::tasks`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskJson {
    /// The token the call received.
    pub token: String,
    /// Its position in the input, or `null` for a token not in the input.
    #[serde(deserialize_with = "present")]
    pub index: Option<usize>,
    /// What the call returned; `null` if it failed.
    #[serde(deserialize_with = "present")]
    pub result: Option<String>,
    /// Why the call failed; `null` if it returned a result.
    #[serde(deserialize_with = "present")]
    pub error: Option<String>,
    /// Who ran it.
    pub worker: String,
    /// When it started, in ms from the start of the run.
    pub start_ms: f64,
    /// When it ended, in ms from the start of the run.
    pub end_ms: f64,
    /// Its completion rank: 1 for the first call to end.
    pub rank: usize,
    /// When it was put in a queue for a free worker, in ms from the start of the run. Left out
    /// for a style that queues nothing, so such a run reads as it always did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queued_ms: Option<f64>,
    /// When a worker took it out of the queue; present exactly when `queued_ms` is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taken_ms: Option<f64>,
}

/// A field that may be `null` but must be there: serde would read a missing `Option` as `None`,
/// so a renamed field would pass unnoticed.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    Option::deserialize(deserializer)
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn duration(ms: f64, field: &str) -> Result<Duration, String> {
    Duration::try_from_secs_f64(ms / 1000.0)
        .map_err(|_| format!("{field:?} is not a time in ms: {ms}"))
}

impl From<&Record> for TaskJson {
    fn from(record: &Record) -> Self {
        TaskJson {
            token: record.token.clone(),
            index: record.index,
            result: record.outcome.as_ref().ok().cloned(),
            error: record.outcome.as_ref().err().cloned(),
            worker: record.worker.clone(),
            start_ms: millis(record.start),
            end_ms: millis(record.end),
            rank: record.rank,
            queued_ms: record.queued.map(|(queued, _)| millis(queued)),
            taken_ms: record.queued.map(|(_, taken)| millis(taken)),
        }
    }
}

impl From<Record> for TaskJson {
    fn from(record: Record) -> Self {
        TaskJson::from(&record)
    }
}

impl TryFrom<TaskJson> for Record {
    type Error = String;

    /// The record a task describes; a task needs exactly one of a result and an error.
    fn try_from(task: TaskJson) -> Result<Self, String> {
        let outcome = match (task.result, task.error) {
            (Some(result), None) => Ok(result),
            (None, Some(error)) => Err(error),
            _ => {
                return Err(format!(
                    "the task of {:?} needs a result or an error, not both or neither",
                    task.token
                ));
            }
        };
        let queued = match (task.queued_ms, task.taken_ms) {
            (Some(queued), Some(taken)) => {
                Some((duration(queued, "queued_ms")?, duration(taken, "taken_ms")?))
            }
            (None, None) => None,
            _ => {
                return Err(format!(
                    "the task of {:?} needs both \"queued_ms\" and \"taken_ms\", or neither",
                    task.token
                ));
            }
        };
        Ok(Record {
            start: duration(task.start_ms, "start_ms")?,
            end: duration(task.end_ms, "end_ms")?,
            token: task.token,
            index: task.index,
            outcome,
            worker: task.worker,
            rank: task.rank,
            queued,
        })
    }
}

impl From<&LockSpan> for LockJson {
    fn from(span: &LockSpan) -> Self {
        LockJson {
            lock: span.lock.clone(),
            worker: span.worker.clone(),
            token: span.token.clone(),
            index: span.index,
            asked_ms: millis(span.asked),
            acquired_ms: span.acquired.map(millis),
            released_ms: span.released.map(millis),
        }
    }
}

impl TryFrom<LockJson> for LockSpan {
    type Error = String;

    fn try_from(json: LockJson) -> Result<Self, String> {
        let optional = |ms: Option<f64>, field: &str| ms.map(|ms| duration(ms, field)).transpose();
        Ok(LockSpan {
            asked: duration(json.asked_ms, "asked_ms")?,
            acquired: optional(json.acquired_ms, "acquired_ms")?,
            released: optional(json.released_ms, "released_ms")?,
            lock: json.lock,
            worker: json.worker,
            token: json.token,
            index: json.index,
        })
    }
}

impl From<&Run> for RunJson {
    fn from(run: &Run) -> Self {
        RunJson {
            style: run.style.clone(),
            workers: run.dispatch.workers(),
            dispatch: run.dispatch,
            unit_ms: millis(run.unit),
            wall_ms: millis(run.wall),
            predicted_ms: run.predicted().map(millis),
            not_started: run
                .not_started()
                .iter()
                .map(|(_, t)| t.to_string())
                .collect(),
            tasks: run
                .in_input_order()
                .into_iter()
                .map(TaskJson::from)
                .collect(),
            locks: run.locks.iter().map(LockJson::from).collect(),
        }
    }
}

impl From<Run> for RunJson {
    fn from(run: Run) -> Self {
        RunJson::from(&run)
    }
}

impl TryFrom<RunJson> for Run {
    type Error = String;

    /// The run the JSON describes: records back in completion order, and the input rebuilt from
    /// the tasks' indices and the tokens never started.
    fn try_from(json: RunJson) -> Result<Self, String> {
        if json.workers != json.dispatch.workers() {
            return Err(format!(
                "\"workers\" is {} but \"dispatch\" has {}",
                json.workers,
                json.dispatch.workers()
            ));
        }
        let mut records: Vec<Record> = json
            .tasks
            .into_iter()
            .map(Record::try_from)
            .collect::<Result<_, _>>()?;
        // The JSON lists tasks in input order; a run keeps them in completion order.
        records.sort_by_key(|r| r.rank);
        let tokens = input_tokens(&records, json.not_started)?;
        Ok(Run {
            style: json.style,
            tokens,
            dispatch: json.dispatch,
            unit: duration(json.unit_ms, "unit_ms")?,
            wall: duration(json.wall_ms, "wall_ms")?,
            records,
            locks: json
                .locks
                .into_iter()
                .map(LockSpan::try_from)
                .collect::<Result<_, _>>()?,
        })
    }
}

/// The input in order: each task's token sits at its index, and the tokens never started fill the
/// gaps in order (`not_started` lists them by ascending index).
fn input_tokens(records: &[Record], not_started: Vec<String>) -> Result<Vec<String>, String> {
    let mut by_index: Vec<Option<String>> = Vec::new();
    for record in records {
        if let Some(i) = record.index {
            if by_index.len() <= i {
                by_index.resize(i + 1, None);
            }
            by_index[i] = Some(record.token.clone());
        }
    }
    let mut waiting = not_started.into_iter();
    let mut tokens: Vec<String> = by_index
        .into_iter()
        .map(|slot| slot.or_else(|| waiting.next()))
        .collect::<Option<_>>()
        .ok_or("the task indices leave gaps that \"not_started\" does not fill")?;
    tokens.extend(waiting); // never-started tokens after the last one that ran
    Ok(tokens)
}

impl Run {
    /// The run as one line of JSON, a [`RunJson`]: `style`, `workers`, `dispatch`, `unit_ms`,
    /// `wall_ms`, `predicted_ms`, `not_started` and `tasks` in input order.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&RunJson::from(self)).expect("a run always serialises")
    }

    /// Reads the text of [`Run::to_json`] back. The error names the field that is missing, unknown
    /// or wrong.
    pub fn from_json_str(text: &str) -> Result<Run, String> {
        let json: RunJson = serde_json::from_str(text.trim())
            .map_err(|e| format!("not a run in JSON ({e}): {text:.200}"))?;
        Run::try_from(json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{TaskGuard, record, work};

    fn round_trip(run: &Run) -> Run {
        let back = Run::from_json_str(&run.to_json()).expect("parses");
        assert_eq!(back.records(), run.records());
        assert_eq!(back.locks(), run.locks());
        assert_eq!(back.tokens, run.tokens);
        assert_eq!(back.dispatch, run.dispatch);
        assert_eq!(back.style, run.style);
        assert_eq!((back.wall, back.unit), (run.wall, run.unit));
        assert_eq!(back.summary(), run.summary());
        assert_eq!(
            back.to_json(),
            run.to_json(),
            "and back again, the same text"
        );
        back
    }

    #[test]
    fn every_dispatch_comes_back() {
        let _unit = crate::test_unit(Duration::from_millis(1));
        let tokens = ["héllo", "a", "日本", "a"];
        for dispatch in [
            Dispatch::Greedy { workers: 2 },
            Dispatch::Chunked {
                workers: 2,
                chunk: 3,
            },
            Dispatch::Unpredicted { workers: 4 },
        ] {
            let (_, run) = record("threads", &tokens, dispatch, || {
                std::thread::scope(|s| {
                    for t in tokens {
                        s.spawn(move || work(t));
                    }
                })
            });
            round_trip(&run);
        }
    }

    #[test]
    fn failures_and_unstarted_tokens_keep_their_places() {
        let _unit = crate::test_unit(Duration::from_millis(1));
        let tokens = ["x", "never", "boom", "late"];
        let (_, run) = record("partial", &tokens, 1, || {
            work("x");
            TaskGuard::begin("boom").fail("on purpose");
        });
        let back = round_trip(&run);
        assert_eq!(back.not_started(), [(1, "never"), (3, "late")]);
    }

    #[test]
    fn queued_times_and_locks_come_back_and_stay_out_when_absent() {
        let _unit = crate::test_unit(Duration::from_millis(1));
        let tokens = ["ab", "c", "d"];
        let tally = crate::RecordedMutex::new("tally", 0);
        let (_, run) = record("pool and lock", &tokens, 1, || {
            let pool = crate::WorkerPool::new(1);
            let tally = std::sync::Arc::new(tally);
            let shared = std::sync::Arc::clone(&tally);
            pool.map(
                move |t: &str| *shared.lock().unwrap() += work(t).len(),
                tokens,
            );
        });
        assert!(run.records().iter().all(|r| r.queued.is_some()));
        assert_eq!(run.locks().len(), 3);
        let text = run.to_json();
        assert!(
            text.contains("\"queued_ms\":") && text.contains("\"locks\":["),
            "{text}"
        );
        round_trip(&run);
        let (_, plain) = record("plain", &tokens, 1, || tokens.map(work));
        let text = plain.to_json();
        assert!(
            !text.contains("\"queued_ms\"") && !text.contains("\"locks\""),
            "{text}"
        );
    }

    /// A run built by hand, as a reader of the format would see it.
    fn sample() -> serde_json::Value {
        serde_json::json!({
            "style": "s", "workers": 1, "dispatch": {"kind": "chunked", "workers": 1, "chunk": 2},
            "unit_ms": 1.0, "wall_ms": 2.0, "predicted_ms": 1.0, "not_started": [],
            "tasks": [{"token": "a", "index": 0, "result": "A", "error": null,
                       "worker": "main", "start_ms": 0.0, "end_ms": 1.0, "rank": 1}]
        })
    }

    #[test]
    fn a_hand_written_run_reads() {
        let run = Run::from_json_str(&sample().to_string()).unwrap();
        assert_eq!(
            run.dispatch,
            Dispatch::Chunked {
                workers: 1,
                chunk: 2
            }
        );
        assert_eq!(run.records()[0].outcome, Ok("A".to_string()));
    }

    #[test]
    fn names_what_is_wrong() {
        let error_of = |edit: &dyn Fn(&mut serde_json::Value)| {
            let mut json = sample();
            edit(&mut json);
            Run::from_json_str(&json.to_string()).unwrap_err()
        };
        // A field renamed: the old name is missing, the new one unknown.
        let renamed = error_of(&|j| {
            let wall = j["wall_ms"].take();
            j.as_object_mut().unwrap().remove("wall_ms");
            j["wall"] = wall;
        });
        assert!(renamed.contains("unknown field `wall`"), "{renamed}");
        let missing = error_of(&|j| {
            j.as_object_mut().unwrap().remove("tasks");
        });
        assert!(missing.contains("missing field `tasks`"), "{missing}");
        // An optional field must still be there: a task without "error" is not a success.
        let no_error = error_of(&|j| {
            j["tasks"][0].as_object_mut().unwrap().remove("error");
        });
        assert!(no_error.contains("missing field `error`"), "{no_error}");
        let half_queued = error_of(&|j| j["tasks"][0]["queued_ms"] = 0.0.into());
        assert!(
            half_queued.contains("\"taken_ms\", or neither"),
            "{half_queued}"
        );
        let both = error_of(&|j| j["tasks"][0]["error"] = "late".into());
        assert!(both.contains("needs a result or an error"), "{both}");
        let old_dispatch = error_of(&|j| j["dispatch"] = "1 worker".into());
        assert!(old_dispatch.contains("dispatch"), "{old_dispatch}");
        let disagree = error_of(&|j| j["workers"] = 3.into());
        assert!(disagree.contains("\"workers\" is 3"), "{disagree}");
        let negative = error_of(&|j| j["wall_ms"] = (-1.0).into());
        assert!(negative.contains("\"wall_ms\""), "{negative}");
        let not_json = Run::from_json_str("mpirun: command not found").unwrap_err();
        assert!(not_json.starts_with("not a run in JSON"), "{not_json}");
    }
}
