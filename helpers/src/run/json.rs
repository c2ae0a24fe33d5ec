//! Reading a run back from the JSON that [`Run::to_json`] writes, so a run recorded by another
//! program (the command-line runner, the MPI program of chapter 13) is drawn like any other.
//!
//! ```
//! use helpers::{record, set_time_unit, work, Run};
//! set_time_unit(std::time::Duration::from_millis(1));
//! let tokens = ["ab", "c"];
//! let (_, run) = record("sequential", &tokens, 1, || tokens.map(|t| work(t)));
//! let text = run.to_json().to_string(); // what another program would print
//! let back = Run::from_json_str(&text).unwrap();
//! assert_eq!(back.records(), run.records());
//! assert_eq!(back.predicted(), run.predicted());
//! ```

use std::time::Duration;

use serde_json::Value;

use crate::predict::Dispatch;
use crate::run::{Record, Run};

impl Run {
    /// Parses the text of [`Run::to_json`]. The error names the field that is missing or wrong.
    pub fn from_json_str(text: &str) -> Result<Run, String> {
        let value: Value = serde_json::from_str(text.trim())
            .map_err(|e| format!("not JSON ({e}): {text:.200}"))?;
        Run::from_json(&value)
    }

    /// Rebuilds the run that [`Run::to_json`] described: records, wall time, unit and dispatch.
    pub fn from_json(value: &Value) -> Result<Run, String> {
        let field = |name: &str| value.get(name).ok_or(format!("the run has no {name:?}"));
        let text = |v: &Value, name: &str| {
            v.as_str()
                .map(str::to_string)
                .ok_or(format!("{name:?} is not a string: {v}"))
        };
        let millis = |v: &Value, name: &str| {
            v.as_f64()
                .filter(|ms| *ms >= 0.0)
                .map(|ms| Duration::from_secs_f64(ms / 1000.0))
                .ok_or(format!("{name:?} is not a time in ms: {v}"))
        };

        let mut records = Vec::new();
        let tasks = field("tasks")?
            .as_array()
            .ok_or("\"tasks\" is not a list")?;
        for task in tasks {
            let get = |name: &str| task.get(name).unwrap_or(&Value::Null);
            let outcome = match (get("result"), get("error")) {
                (Value::String(result), Value::Null) => Ok(result.clone()),
                (Value::Null, Value::String(error)) => Err(error.clone()),
                _ => return Err(format!("a task needs a result or an error: {task}")),
            };
            let index = match get("index") {
                Value::Null => None,
                v => Some(
                    v.as_u64()
                        .ok_or(format!("\"index\" is not a number: {v}"))?
                        as usize,
                ),
            };
            records.push(Record {
                token: text(get("token"), "token")?,
                index,
                outcome,
                worker: text(get("worker"), "worker")?,
                start: millis(get("start_ms"), "start_ms")?,
                end: millis(get("end_ms"), "end_ms")?,
                rank: get("rank")
                    .as_u64()
                    .ok_or(format!("\"rank\" is missing: {task}"))? as usize,
            });
        }
        // to_json lists tasks in input order; a run keeps them in completion order.
        records.sort_by_key(|r| r.rank);

        let not_started: Vec<String> = field("not_started")?
            .as_array()
            .ok_or("\"not_started\" is not a list")?
            .iter()
            .map(|t| text(t, "not_started"))
            .collect::<Result<_, _>>()?;
        let tokens = input_tokens(&records, not_started)?;
        let workers = field("workers")?
            .as_u64()
            .ok_or("\"workers\" is not a number")? as usize;
        let predicted = !field("predicted_ms")?.is_null();
        let dispatch = parse_dispatch(&text(field("dispatch")?, "dispatch")?, workers, predicted)?;
        Ok(Run {
            style: text(field("style")?, "style")?,
            tokens,
            dispatch,
            unit: millis(field("unit_ms")?, "unit_ms")?,
            wall: millis(field("wall_ms")?, "wall_ms")?,
            records,
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

/// Reads [`Dispatch::describe`]'s `2 workers` or `2 workers, chunks of 3` back.
fn parse_dispatch(text: &str, workers: usize, predicted: bool) -> Result<Dispatch, String> {
    if !predicted {
        return Ok(Dispatch::Unpredicted { workers });
    }
    match text.split_once(", chunks of ") {
        None => Ok(Dispatch::Greedy { workers }),
        Some((_, chunk)) => match chunk.parse::<usize>() {
            Ok(chunk) if chunk > 0 => Ok(Dispatch::Chunked { workers, chunk }),
            _ => Err(format!("\"dispatch\" has no chunk size: {text:?}")),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{TaskGuard, record, set_time_unit, work};

    fn round_trip(run: &Run) -> Run {
        let back = Run::from_json_str(&run.to_json().to_string()).expect("parses");
        assert_eq!(back.records(), run.records());
        assert_eq!(back.tokens, run.tokens);
        assert_eq!(back.dispatch, run.dispatch);
        assert_eq!((back.wall, back.unit), (run.wall, run.unit));
        assert_eq!(back.summary(), run.summary());
        back
    }

    #[test]
    fn every_dispatch_comes_back() {
        set_time_unit(Duration::from_millis(1));
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
        set_time_unit(Duration::from_millis(1));
        let tokens = ["x", "never", "boom", "late"];
        let (_, run) = record("partial", &tokens, 1, || {
            work("x");
            TaskGuard::begin("boom").fail("on purpose");
        });
        let back = round_trip(&run);
        assert_eq!(back.not_started(), [(1, "never"), (3, "late")]);
    }

    #[test]
    fn names_what_is_wrong() {
        let missing = Run::from_json_str(r#"{"style": "x"}"#).unwrap_err();
        assert!(missing.contains("\"tasks\""), "{missing}");
        let not_json = Run::from_json_str("mpirun: command not found").unwrap_err();
        assert!(not_json.starts_with("not JSON"), "{not_json}");
        let bad_task = Run::from_json_str(
            r#"{"style":"s","workers":1,"dispatch":"1 worker","unit_ms":1,"wall_ms":1,
                "predicted_ms":1,"not_started":[],"tasks":[{"token":"a","index":0}]}"#,
        )
        .unwrap_err();
        assert!(bad_task.contains("result or an error"), "{bad_task}");
    }
}
