//! What the ranks agree on, without MPI: how tokens are spread, what each message carries, and how
//! the records gathered from every rank become one run, in the run format of `run-styles --json`.
//!
//! ```
//! use cluster::plan::{Distribution, block_shares};
//! // Static: each of 4 ranks gets one block of 3 consecutive tokens, as `MPI_Scatter` deals an array.
//! assert_eq!(block_shares(12, 4), [0..3, 3..6, 6..9, 9..12]);
//! let units = [5u32, 5, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1];
//! assert_eq!(Distribution::Static.dispatch(12, 4).makespan(&units), Some(13));
//! assert_eq!(Distribution::Dynamic.dispatch(12, 4).makespan(&units), Some(7));
//! ```
//!
//! Every message is bytes of JSON, written and read by serde types (the records are the run
//! format's tasks, `helpers::internal::TaskJson`): tokens are data, whatever their characters, and no shell or
//! command line on a remote node ever sees them.

use std::ops::Range;
use std::time::Duration;

use helpers::internal::{RunJson, TaskJson};
use helpers::{Dispatch, Run};
use serde::{Deserialize, Serialize};

/// How rank 0 spreads the tokens over the ranks. Every rank, rank 0 included, works on tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Distribution {
    /// Decided before anything runs: rank `r` gets the `r`-th block of consecutive tokens, like a
    /// chunked map with one chunk per worker. No messages while the work runs.
    Static,
    /// A work queue: rank 0 hands the next token to whichever rank asks for one, like
    /// `imap_unordered`. Two messages per token, but no rank sits idle while tokens wait.
    Dynamic,
}

impl Distribution {
    /// Both, in the order the chapter shows them.
    pub const ALL: [Distribution; 2] = [Distribution::Static, Distribution::Dynamic];

    /// The name on the command line: `static` or `dynamic`.
    pub fn name(self) -> &'static str {
        match self {
            Distribution::Static => "static",
            Distribution::Dynamic => "dynamic",
        }
    }

    /// Reads [`Self::name`] back.
    pub fn parse(name: &str) -> Result<Self, String> {
        Distribution::ALL
            .into_iter()
            .find(|d| d.name() == name)
            .ok_or(format!("no distribution {name:?}: use static or dynamic"))
    }

    /// The style name on the run's timeline.
    pub fn style(self) -> &'static str {
        match self {
            Distribution::Static => "MPI static blocks",
            Distribution::Dynamic => "MPI dynamic queue",
        }
    }

    /// What the prediction assumes: one chunk per rank for static, a greedy queue for dynamic.
    pub fn dispatch(self, tokens: usize, ranks: usize) -> Dispatch {
        match self {
            Distribution::Static => Dispatch::Chunked {
                workers: ranks,
                chunk: block_size(tokens, ranks),
            },
            Distribution::Dynamic => Dispatch::Greedy { workers: ranks },
        }
    }
}

fn block_size(tokens: usize, ranks: usize) -> usize {
    tokens.div_ceil(ranks.max(1)).max(1)
}

/// The input indices each rank gets under [`Distribution::Static`]: consecutive blocks of
/// `ceil(tokens / ranks)`, the last ones shorter or empty.
pub fn block_shares(tokens: usize, ranks: usize) -> Vec<Range<usize>> {
    let size = block_size(tokens, ranks);
    (0..ranks)
        .map(|r| (r * size).min(tokens)..((r + 1) * size).min(tokens))
        .collect()
}

/// One token and its place in the input, as it travels between ranks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    /// Where the token stands in the job's input.
    pub index: usize,
    /// The token itself, whatever its characters.
    pub token: String,
}

/// Encodes tasks as the bytes of one message: `[{"index": 0, "token": "hello"}, ...]`.
pub fn encode_tasks(tasks: &[Task]) -> Vec<u8> {
    serde_json::to_vec(tasks).expect("tasks always encode")
}

/// Reads [`encode_tasks`]'s bytes back.
pub fn decode_tasks(bytes: &[u8]) -> Result<Vec<Task>, String> {
    serde_json::from_slice(bytes).map_err(|e| format!("a task message is not a list of tasks: {e}"))
}

/// What rank 0 tells every other rank before the run starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setup {
    /// How the tokens are spread over the ranks.
    pub distribution: Distribution,
    /// The time unit, so every rank sleeps as long per character as rank 0 does.
    pub unit: Duration,
    /// The rank that dies on its first token, to show what a failure does (None: no one dies).
    pub fail_rank: Option<usize>,
}

/// [`Setup`] as it travels: the unit in whole nanoseconds, so every rank gets it exactly.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SetupMessage {
    distribution: Distribution,
    unit_ns: u64,
    fail_rank: Option<usize>,
}

impl Setup {
    /// The bytes of the set-up message.
    pub fn encode(&self) -> Vec<u8> {
        let message = SetupMessage {
            distribution: self.distribution,
            unit_ns: u64::try_from(self.unit.as_nanos()).unwrap_or(u64::MAX),
            fail_rank: self.fail_rank,
        };
        serde_json::to_vec(&message).expect("a set-up always encodes")
    }

    /// Reads [`Setup::encode`]'s bytes back.
    pub fn decode(bytes: &[u8]) -> Result<Setup, String> {
        let message: SetupMessage = serde_json::from_slice(bytes)
            .map_err(|e| format!("the set-up is not readable: {e}"))?;
        Ok(Setup {
            distribution: message.distribution,
            unit: Duration::from_nanos(message.unit_ns),
            fail_rank: message.fail_rank,
        })
    }
}

/// A rank's records, each with the input index of its token, as the bytes of one message: a list
/// of the run format's tasks ([`TaskJson`]).
///
/// The rank's worker thread runs its tasks one after another, so its run's records (in completion
/// order) pair up one for one with the tasks it was given.
pub fn encode_records(run: &Run, tasks: &[Task]) -> Result<Vec<u8>, String> {
    if run.records().len() != tasks.len() {
        return Err(format!(
            "{} records for {} tasks",
            run.records().len(),
            tasks.len()
        ));
    }
    let mut list = Vec::new();
    for (record, task) in run.records().iter().zip(tasks) {
        if record.token != task.token {
            return Err(format!(
                "record of {:?} where {:?} was expected",
                record.token, task.token
            ));
        }
        // The rank numbers its tokens from 0; the job's index is the task's. `merge` re-ranks.
        let mut entry = TaskJson::from(record);
        entry.index = Some(task.index);
        list.push(entry);
    }
    Ok(serde_json::to_vec(&list).expect("records always encode"))
}

/// Reads [`encode_records`]'s bytes back.
pub fn decode_records(bytes: &[u8]) -> Result<Vec<TaskJson>, String> {
    serde_json::from_slice(bytes)
        .map_err(|e| format!("a records message is not a list of tasks: {e}"))
}

/// One run from every rank's records: completion ranks are given by end time across all ranks,
/// and tokens no rank reported are listed as never started.
pub fn merge(
    distribution: Distribution,
    ranks: usize,
    tokens: &[String],
    unit: Duration,
    wall: Duration,
    mut tasks: Vec<TaskJson>,
) -> Result<Run, String> {
    tasks.sort_by(|a, b| a.end_ms.total_cmp(&b.end_ms));
    for (rank, task) in tasks.iter_mut().enumerate() {
        task.rank = rank + 1;
    }
    let reported = |i: usize| tasks.iter().any(|t| t.index == Some(i));
    let not_started: Vec<String> = (0..tokens.len())
        .filter(|&i| !reported(i))
        .map(|i| tokens[i].clone())
        .collect();
    let dispatch = distribution.dispatch(tokens.len(), ranks);
    let units: Vec<Duration> = tokens
        .iter()
        .map(|t| unit * helpers::char_count(t) as u32)
        .collect();
    let millis = |d: Duration| d.as_secs_f64() * 1000.0;
    Run::try_from(RunJson {
        style: distribution.style().to_string(),
        workers: ranks,
        dispatch,
        unit_ms: millis(unit),
        wall_ms: millis(wall),
        predicted_ms: dispatch.makespan(&units).map(millis),
        not_started,
        tasks,
        locks: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(index: usize, token: &str) -> Task {
        Task {
            index,
            token: token.into(),
        }
    }

    #[test]
    fn blocks_cover_every_token_once() {
        for tokens in 0..14 {
            for ranks in 1..6 {
                let shares = block_shares(tokens, ranks);
                assert_eq!(shares.len(), ranks);
                let all: Vec<usize> = shares.into_iter().flatten().collect();
                assert_eq!(
                    all,
                    (0..tokens).collect::<Vec<_>>(),
                    "{tokens} over {ranks}"
                );
            }
        }
    }

    #[test]
    fn predictions_for_the_tutorial() {
        let units = [5u32, 5, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1];
        let predict = |d: Distribution, ranks| d.dispatch(12, ranks).makespan(&units);
        // Blocks of 6: 5+5+3+3+3+1 = 20 against 6 ones.
        assert_eq!(predict(Distribution::Static, 2), Some(20));
        assert_eq!(predict(Distribution::Dynamic, 2), Some(13));
        assert_eq!(predict(Distribution::Static, 4), Some(13));
        assert_eq!(predict(Distribution::Dynamic, 4), Some(7));
    }

    #[test]
    fn messages_keep_any_token() {
        let tasks = vec![
            task(0, "naïve"),
            task(7, "日本語 \"quoted\"\n; rm -rf /"),
            task(2, ""),
        ];
        assert_eq!(decode_tasks(&encode_tasks(&tasks)).unwrap(), tasks);
        let setup = Setup {
            distribution: Distribution::Dynamic,
            unit: Duration::from_micros(1500),
            fail_rank: Some(3),
        };
        assert_eq!(Setup::decode(&setup.encode()).unwrap(), setup);
        assert!(
            decode_tasks(br#"[{"index": 1}]"#)
                .unwrap_err()
                .contains("missing field `token`")
        );
        assert!(
            Distribution::parse("round")
                .unwrap_err()
                .contains("static or dynamic")
        );
    }

    #[test]
    fn merge_ranks_by_end_and_lists_the_missing() {
        let tokens: Vec<String> = ["ab", "c", "d"].map(String::from).to_vec();
        let rec = |index: usize, token: &str, worker: &str, start_ms: f64, end_ms: f64| TaskJson {
            token: token.to_string(),
            index: Some(index),
            result: Some(token.to_uppercase()),
            error: None,
            worker: worker.to_string(),
            start_ms,
            end_ms,
            rank: 0, // merge ranks them
            queued_ms: None,
            taken_ms: None,
        };
        let tasks = vec![
            rec(1, "c", "rank 1 @ b", 0.0, 1.0),
            rec(0, "ab", "rank 0 @ a", 0.0, 2.0),
        ];
        let unit = Duration::from_millis(1);
        let run = merge(Distribution::Dynamic, 2, &tokens, unit, unit * 3, tasks).unwrap();
        let ranks: Vec<(&str, usize)> = run
            .records()
            .iter()
            .map(|r| (r.token.as_str(), r.rank))
            .collect();
        assert_eq!(ranks, [("c", 1), ("ab", 2)]);
        assert_eq!(run.not_started(), [(2, "d")]);
        assert_eq!(run.predicted(), Some(Duration::from_millis(2)));
    }
}
