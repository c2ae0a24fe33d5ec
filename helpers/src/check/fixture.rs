//! The one way the checks' unit tests build a [`Run`](crate::Run): struct literals of its
//! [`Record`](crate::Record)s, times given in units of [`UNIT`], no sleeping and no global state.
//!
//! ```ignore
//! let run = fixture::run(&["ab", "c"], vec![task("ab", "w1", 0.0, 2.0), task("c", "w2", 0.0, 1.0)]);
//! let three = fixture::pool(&TUTORIAL_TOKENS, 3); // each free worker takes the next word
//! let groups = fixture::batches(&TUTORIAL_TOKENS, 3); // a thread per word, three at a time
//! ```

use std::time::Duration;

use crate::{Dispatch, Record, Run, char_count};

/// The unit of every fixture run.
pub(crate) const UNIT: Duration = Duration::from_millis(10);

/// One call, as a test describes it: token, worker, start and end in units; it returns the token
/// uppercased unless [`Task::returning`] or [`Task::failing`] says otherwise.
#[derive(Debug, Clone)]
pub(crate) struct Task {
    token: String,
    worker: String,
    start: f64,
    end: f64,
    outcome: Result<String, String>,
}

/// A call of `token` on `worker` from `start` to `end` units.
pub(crate) fn task(token: &str, worker: &str, start: f64, end: f64) -> Task {
    Task {
        token: token.to_string(),
        worker: worker.to_string(),
        start,
        end,
        outcome: Ok(token.to_uppercase()),
    }
}

impl Task {
    /// The call returned `result` instead of the uppercase token.
    pub(crate) fn returning(mut self, result: &str) -> Self {
        self.outcome = Ok(result.to_string());
        self
    }

    /// The call failed with `reason` (a panic's message, a dead worker).
    pub(crate) fn failing(mut self, reason: &str) -> Self {
        self.outcome = Err(reason.to_string());
        self
    }
}

fn units(amount: f64) -> Duration {
    UNIT.mul_f64(amount.max(0.0))
}

/// A run of `tokens` with these calls, as `record` would leave it: each call takes the first input
/// index of its token not yet taken (in order of start; the first index once all are taken), ranks follow the end times, the wall
/// time is the last end, and the dispatch is greedy on as many workers as the calls name.
pub(crate) fn run(tokens: &[&str], tasks: Vec<Task>) -> Run {
    let mut taken = vec![false; tokens.len()];
    let mut by_start = tasks;
    by_start.sort_by(|a, b| a.start.total_cmp(&b.start));
    let mut records: Vec<Record> = by_start
        .into_iter()
        .map(|task| {
            // As `record` does: the first position not yet taken; for a token run more often
            // than the input holds it, its first position again.
            let index = (0..tokens.len())
                .find(|&i| !taken[i] && tokens[i] == task.token)
                .or_else(|| tokens.iter().position(|t| *t == task.token));
            if let Some(i) = index {
                taken[i] = true;
            }
            Record {
                index,
                token: task.token,
                outcome: task.outcome,
                worker: task.worker,
                start: units(task.start),
                end: units(task.end),
                rank: 0,
                queued: None,
            }
        })
        .collect();
    records.sort_by_key(|r| r.end);
    for (rank, record) in records.iter_mut().enumerate() {
        record.rank = rank + 1;
    }
    let mut workers: Vec<&str> = records.iter().map(|r| r.worker.as_str()).collect();
    workers.sort_unstable();
    workers.dedup();
    Run {
        style: "fixture".to_string(),
        tokens: tokens.iter().map(|t| t.to_string()).collect(),
        dispatch: Dispatch::from(workers.len()),
        unit: UNIT,
        wall: records.iter().map(|r| r.end).max().unwrap_or_default(),
        records,
        locks: Vec::new(),
    }
}

/// `tokens` on `workers` workers named `worker 0`, `worker 1`, ..., each free worker taking the
/// next token in input order (a pool; `workers` = the token count is a thread per token).
pub(crate) fn pool(tokens: &[&str], workers: usize) -> Run {
    let mut free_at: Vec<f64> = vec![0.0; workers];
    let tasks = tokens
        .iter()
        .map(|token| {
            let worker = (0..workers)
                .min_by(|&a, &b| free_at[a].total_cmp(&free_at[b]))
                .expect("a pool needs a worker");
            let start = free_at[worker];
            free_at[worker] = start + char_count(token) as f64;
            task(token, &format!("worker {worker}"), start, free_at[worker])
        })
        .collect();
    run(tokens, tasks)
}

/// `tokens` in groups of `size`, a thread per token (`thread 0`, `thread 1`, ...), each group
/// started when the last one's slowest token is done.
pub(crate) fn batches(tokens: &[&str], size: usize) -> Run {
    let mut tasks = Vec::new();
    let mut start = 0.0;
    for (group, chunk) in tokens.chunks(size).enumerate() {
        let mut longest: f64 = 0.0;
        for (offset, token) in chunk.iter().enumerate() {
            let length = char_count(token) as f64;
            longest = longest.max(length);
            let thread = format!("thread {}", group * size + offset);
            tasks.push(task(token, &thread, start, start + length));
        }
        start += longest;
    }
    run(tokens, tasks)
}

/// The words uppercased: the results a right answer gives for them.
pub(crate) fn upper(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| w.to_uppercase()).collect()
}
