//! Checks for chapter 07's exercises: a chunked map predicted by hand, and `imap_unordered` built
//! from crossbeam channels. Both read the recorded run: the work, the workers, the chunks, and the
//! order in which the results arrived against the order in which the tasks ended.

use std::time::Duration;

use crate::check::{Verdict, common};
use crate::{Record, Run, chunked_makespan};

/// The pool and chunk size of the first exercise.
const WORKERS: usize = 3;
const CHUNK: usize = 2;

/// Exercise 1: the learner predicted, in units, how long a pool of [`WORKERS`] threads takes to
/// map the tokens in chunks of [`CHUNK`], then ran it inside `record`.
///
/// The prediction exactly; every word's work, in input order; three workers; the two words of
/// each chunk on one worker; and no worker idle while chunks waited (read from the records, so a
/// loaded machine does not fail it).
pub fn chunked_by_hand<R: AsRef<str>>(
    predicted_units: impl common::Prediction,
    results: &[R],
    run: &Run,
) -> Verdict {
    let units: Vec<usize> = run.tokens.iter().map(|t| crate::char_count(t)).collect();
    let expected = chunked_makespan(&units, WORKERS, CHUNK);
    common::prediction_exact(
        predicted_units,
        expected,
        "add up each chunk's letters; each chunk goes whole to the first of the three workers that is free. Write down when each worker is free again; the last one gives the time.",
    )
    .and(|| common::every_word_worked(run))
    .and(|| common::results_in_input_order(results, run))
    .and(|| {
        common::on_workers(run, WORKERS)
            .with_hint(format!("make the pool with WorkerPool::new({WORKERS}) and map on it."))
    })
    .and(|| ran_in_chunks(run.records()))
    .and(|| {
        common::kept_busy(run, WORKERS).with_hint(
            "each worker takes the next chunk as soon as it is free: map_chunked on the pool of three does.",
        )
    })
    .and(|| {
        Verdict::pass(format!(
            "your prediction; {WORKERS} workers, chunks of {CHUNK}, results in input order, no worker idle"
        ))
    })
}

/// The tokens of each chunk (input indices `2k`, `2k + 1`) ran on the same worker.
fn ran_in_chunks(records: &[Record]) -> Verdict {
    let by_index = |index: usize| records.iter().find(|r| r.index == Some(index));
    let last = records.iter().filter_map(|r| r.index).max().unwrap_or(0);
    for first in (0..=last).step_by(CHUNK) {
        let chunk: Vec<&Record> = (first..first + CHUNK).filter_map(by_index).collect();
        if let Some(split) = chunk
            .windows(2)
            .find(|pair| pair[0].worker != pair[1].worker)
        {
            return Verdict::fail(
                format!(
                    "{:?} and {:?} ran on different workers: they were not handed out as one chunk.",
                    split[0].token, split[1].token
                ),
                format!(
                    "map_chunked(work, tokens.clone(), {CHUNK}) hands each free worker {CHUNK} tokens at once."
                ),
            );
        }
    }
    Verdict::pass("in chunks")
}

/// Exercise 2: the learner's `imap_unordered` on crossbeam channels; `arrivals` holds each result
/// with the time it arrived (from the start of the run), in the order it arrived. The worker count
/// asked for is the run's (`record(..., workers, ...)`).
///
/// Every word's work ran, on exactly that many threads; the results arrived in the order their
/// tasks ended (by the recorded end times); and the first arrived while others still ran: results
/// held back until the end are `map`, not `imap_unordered`.
pub fn as_completed(arrivals: &[(String, Duration)], run: &Run) -> Verdict {
    let results: Vec<&str> = arrivals.iter().map(|(r, _)| r.as_str()).collect();
    let workers = run.dispatch.workers();
    common::every_word_worked(run)
        .and(|| common::results_in_completion_order(&results, run))
        .and(|| {
            common::on_workers(run, workers).with_hint(
                "start exactly `workers` threads, each taking word after word from the job channel: not a thread per word.",
            )
        })
        .and(|| arrived_early(arrivals, run))
        .and(|| {
            Verdict::pass(format!(
                "all {} results, each as its task finished, on {workers} workers",
                results.len()
            ))
        })
}

/// The first result arrived well before the last task ended.
fn arrived_early(arrivals: &[(String, Duration)], run: &Run) -> Verdict {
    let (Some((first, arrived)), Some(last_end)) =
        (arrivals.first(), run.records().iter().map(|r| r.end).max())
    else {
        return Verdict::pass("nothing to wait for");
    };
    if *arrived + run.unit / 2 >= last_end {
        return Verdict::fail(
            format!(
                "the first result, {first:?}, arrived only when the last task ended: every result waited for the slowest."
            ),
            "read the results channel while the workers run, not after they are joined. The loop ends when every sender is gone: drop your own copy of the sender first.",
        );
    }
    Verdict::pass("results streamed")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TUTORIAL_TOKENS;
    use crate::check::fixture::{self, task, upper};

    /// The tutorial's tokens in chunks of two on three workers, as map_chunked runs them.
    fn chunked_run() -> Run {
        let mut free_at = [0.0f64; WORKERS];
        let mut tasks = Vec::new();
        for pair in TUTORIAL_TOKENS.chunks(CHUNK) {
            let worker = (0..WORKERS)
                .min_by(|&a, &b| free_at[a].total_cmp(&free_at[b]))
                .unwrap();
            for token in pair {
                let start = free_at[worker];
                free_at[worker] += crate::char_count(token) as f64;
                tasks.push(task(
                    token,
                    &format!("worker {worker}"),
                    start,
                    free_at[worker],
                ));
            }
        }
        fixture::run(&TUTORIAL_TOKENS, tasks)
    }

    #[test]
    fn chunked_by_hand_names_each_mistake() {
        let run = chunked_run();
        let results = upper(&TUTORIAL_TOKENS);
        let right = chunked_by_hand(10, &results, &run);
        assert!(right.passed(), "{right}");
        assert!(chunked_by_hand(10.0, &results, &run).passed());
        let low = chunked_by_hand(9usize, &results, &run).to_string();
        assert!(low.contains("too low") && !low.contains("10"), "{low}");
        let made_up = chunked_by_hand(10, &results, &fixture::run(&TUTORIAL_TOKENS, vec![]));
        assert!(made_up.to_string().contains("no call"), "{made_up}");
        let one_by_one =
            chunked_by_hand(10, &results, &fixture::pool(&TUTORIAL_TOKENS, 3)).to_string();
        assert!(
            one_by_one.contains("not handed out as one chunk"),
            "{one_by_one}"
        );
        let two = chunked_by_hand(10, &results, &fixture::pool(&TUTORIAL_TOKENS, 2)).to_string();
        assert!(two.contains("too few"), "{two}");
        // The chunks one after another, on three workers in turn: idle workers while chunks wait.
        let mut start = 0.0;
        let mut tasks = Vec::new();
        for (i, token) in TUTORIAL_TOKENS.iter().enumerate() {
            let end = start + crate::char_count(token) as f64;
            tasks.push(task(token, &format!("worker {}", (i / 2) % 3), start, end));
            start = end;
        }
        let in_turn = fixture::run(&TUTORIAL_TOKENS, tasks);
        let verdict = chunked_by_hand(10, &results, &in_turn).to_string();
        assert!(verdict.contains("sat idle"), "{verdict}");
    }

    /// Arrivals at the end of each recorded task, in order of the end times.
    fn arrivals_as_done(run: &Run) -> Vec<(String, Duration)> {
        let mut by_end: Vec<&Record> = run.records().iter().collect();
        by_end.sort_by_key(|r| r.end);
        by_end
            .iter()
            .map(|r| (r.token.to_uppercase(), r.end))
            .collect()
    }

    #[test]
    fn as_completed_judges_order_workers_and_streaming() {
        let two = fixture::pool(&TUTORIAL_TOKENS, 2);
        let right = as_completed(&arrivals_as_done(&two), &two);
        assert!(right.passed(), "{right}");

        assert!(as_completed(&[], &two).to_string().contains("no results"));
        let input_order: Vec<(String, Duration)> = two
            .in_input_order()
            .iter()
            .map(|r| (r.token.to_uppercase(), r.end))
            .collect();
        let verdict = as_completed(&input_order, &two).to_string();
        assert!(verdict.contains("comes before"), "{verdict}");
        let mut held_back = arrivals_as_done(&two);
        for arrival in &mut held_back {
            arrival.1 = two.wall;
        }
        let verdict = as_completed(&held_back, &two).to_string();
        assert!(verdict.contains("waited for the slowest"), "{verdict}");
        // A thread per word, where the pool was to have two.
        let mut per_word = fixture::pool(&TUTORIAL_TOKENS, 12);
        per_word.dispatch = crate::Dispatch::from(2);
        let verdict = as_completed(&arrivals_as_done(&per_word), &per_word).to_string();
        assert!(verdict.contains("too many"), "{verdict}");
        let made_up = fixture::run(&TUTORIAL_TOKENS, vec![]);
        assert!(!as_completed(&arrivals_as_done(&two), &made_up).passed());
    }
}
