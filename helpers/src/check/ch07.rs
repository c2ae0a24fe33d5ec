//! Checks for chapter 07's exercises: a chunked map predicted by hand, and `imap_unordered` built
//! from crossbeam channels.

use std::collections::BTreeSet;
use std::time::Duration;

use crate::check::{
    Verdict, prediction_matches, results_any_order, results_in_order, time_within, token_units,
};
use crate::{Record, Run, chunked_makespan};

/// The pool and chunk size of the first exercise.
const WORKERS: usize = 3;
const CHUNK: usize = 2;

/// Exercise 1: the learner predicted, in units, how long a pool of [`WORKERS`] threads takes to
/// map the tokens in chunks of [`CHUNK`], then ran it inside `record`.
///
/// Checks the prediction, the results in input order, that three workers ran the tokens in chunks
/// (the two tokens of a chunk on the same worker), and the time.
pub fn chunked_by_hand<S: AsRef<str>, R: AsRef<str>>(
    tokens: &[S],
    predicted_units: impl Into<f64>,
    results: &[R],
    run: &Run,
) -> Verdict {
    let units = token_units(tokens);
    let expected = chunked_makespan(&units, WORKERS, CHUNK);
    prediction_is(predicted_units.into(), expected, &units)
        .and(|| results_in_order(tokens, results))
        .and(|| ran_in_chunks(run.records()))
        .and(
            || match time_within(run.wall, run.unit * expected, run.unit) {
                Verdict::Pass(timing) => Verdict::pass(format!(
                    "{WORKERS} workers, chunks of {CHUNK}, results in input order; {timing}."
                )),
                slow => slow,
            },
        )
}

fn prediction_is(predicted: f64, expected: u32, units: &[u32]) -> Verdict {
    let weights: Vec<String> = units
        .chunks(CHUNK)
        .map(|c| c.iter().sum::<u32>().to_string())
        .collect();
    prediction_matches(
        predicted,
        expected,
        format!(
            "the chunks weigh {} units; each goes whole to the first of the {WORKERS} workers that is free. Write down when each worker is free again; the last one gives the time.",
            weights.join(", ")
        ),
    )
}

/// Three workers ran the tokens, and the tokens of each chunk ran on the same worker.
fn ran_in_chunks(records: &[Record]) -> Verdict {
    let workers: BTreeSet<&str> = records.iter().map(|r| r.worker.as_str()).collect();
    if workers.len() != WORKERS {
        return Verdict::fail(
            format!(
                "{} threads ran the tokens; the exercise asks for {WORKERS}.",
                workers.len()
            ),
            format!("make the pool with WorkerPool::new({WORKERS}) and map on it."),
        );
    }
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
                    "{:?} and {:?} ran on different workers ({} and {}): they were not handed out as one chunk.",
                    split[0].token, split[1].token, split[0].worker, split[1].worker
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
/// with the time it arrived (from the start of the run), in the order it arrived.
///
/// Right when every result arrived once, in the order the tasks finished (tasks that finished
/// within a quarter unit of each other may arrive either way), and the first arrived while others
/// were still running: results held back until the end are `map`, not `imap_unordered`.
pub fn as_completed<S: AsRef<str>>(
    tokens: &[S],
    arrivals: &[(String, Duration)],
    run: &Run,
) -> Verdict {
    let results: Vec<&str> = arrivals.iter().map(|(r, _)| r.as_str()).collect();
    results_any_order(tokens, &results)
        .and(|| in_completion_order(arrivals, run))
        .and(|| arrived_early(arrivals, run))
        .and(|| {
            let Some(predicted) = run.predicted() else {
                return Verdict::pass("results as tasks finish");
            };
            match time_within(run.wall, predicted, run.unit) {
                Verdict::Pass(timing) => Verdict::pass(format!(
                    "all {} results, each as its task finished; {timing}.",
                    tokens.len()
                )),
                slow => slow,
            }
        })
}

/// When the task that produced each result ended, from the run's records.
fn task_ends(arrivals: &[(String, Duration)], run: &Run) -> Vec<Option<Duration>> {
    let mut unused: Vec<&Record> = run.records().iter().collect();
    unused.sort_by_key(|r| r.end);
    arrivals
        .iter()
        .map(|(result, _)| {
            let position = unused
                .iter()
                .position(|r| r.outcome.as_deref() == Ok(result.as_str()))?;
            Some(unused.remove(position).end)
        })
        .collect()
}

fn in_completion_order(arrivals: &[(String, Duration)], run: &Run) -> Verdict {
    let ends = task_ends(arrivals, run);
    if let Some(i) = ends.iter().position(Option::is_none) {
        return Verdict::fail(
            format!("{:?} has no recorded task.", arrivals[i].0),
            "call work(t) inside record(...), on the workers, so each task is recorded.",
        );
    }
    let ends: Vec<Duration> = ends.into_iter().flatten().collect();
    let slack = run.unit / 4;
    for (i, pair) in ends.windows(2).enumerate() {
        if pair[0] > pair[1] + slack {
            let gap = (pair[0] - pair[1]).as_secs_f64() / run.unit.as_secs_f64();
            return Verdict::fail(
                format!(
                    "{:?} arrived before {:?}, but finished {gap:.1} units later: the results are not in the order the tasks finished.",
                    arrivals[i].0,
                    arrivals[i + 1].0
                ),
                "send each result to a channel the moment its task is done, and hand them on in the order they come out of the channel: no sorting, no index.",
            );
        }
    }
    Verdict::pass("in completion order")
}

fn arrived_early(arrivals: &[(String, Duration)], run: &Run) -> Verdict {
    let (Some((first, arrived)), Some(last_end)) =
        (arrivals.first(), run.records().iter().map(|r| r.end).max())
    else {
        return Verdict::pass("nothing to wait for");
    };
    if *arrived + run.unit / 2 >= last_end {
        let in_units = |d: Duration| d.as_secs_f64() / run.unit.as_secs_f64();
        return Verdict::fail(
            format!(
                "the first result, {first:?}, arrived at {:.1} units, when the last task ended ({:.1}): every result waited for the slowest.",
                in_units(*arrived),
                in_units(last_end)
            ),
            "read the results channel while the workers run, not after they are joined. The loop ends when every sender is gone: drop your own copy of the sender first.",
        );
    }
    Verdict::pass("results streamed")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{TaskGuard, record};

    fn ms(millis: u64) -> Duration {
        Duration::from_millis(millis)
    }

    /// A run of the given tasks, each begun, run for `task_ms` and finished in this order by the
    /// named worker.
    fn run_of(tokens: &[&str], tasks: &[(&str, &str)], workers: usize, task_ms: u64) -> Run {
        crate::set_time_unit(ms(10));
        let ((), run) = record("test", tokens, workers, || {
            for (token, worker) in tasks {
                let task = TaskGuard::begin_as(token, worker.to_string());
                std::thread::sleep(ms(task_ms));
                task.finish(&token.to_uppercase());
            }
        });
        run
    }

    const TOKENS: [&str; 4] = ["ab", "cd", "e", "f"];

    #[test]
    fn chunked_by_hand_names_each_mistake() {
        // Chunks (ab cd) (e f) weigh 4 and 2: three workers take 4 units.
        let in_chunks = run_of(
            &TOKENS,
            &[
                ("ab", "w0"),
                ("e", "w1"),
                ("cd", "w0"),
                ("f", "w1"),
                ("x", "w2"),
            ],
            3,
            0,
        );
        let upper = ["AB", "CD", "E", "F"];
        let starter = chunked_by_hand(&TOKENS, 0, &[] as &[&str], &in_chunks).to_string();
        assert!(
            starter.contains("too low by 4") && starter.contains("weigh 4, 2"),
            "{starter}"
        );
        let high = chunked_by_hand(&TOKENS, 6, &upper, &in_chunks).to_string();
        assert!(high.contains("too high by 2"), "{high}");
        let missing = chunked_by_hand(&TOKENS, 4, &upper[..3], &in_chunks).to_string();
        assert!(missing.contains("\"F\" is missing"), "{missing}");

        let one_by_one = run_of(
            &TOKENS,
            &[("ab", "w0"), ("cd", "w1"), ("e", "w2"), ("f", "w0")],
            3,
            0,
        );
        let split = chunked_by_hand(&TOKENS, 4, &upper, &one_by_one).to_string();
        assert!(
            split.contains("\"ab\" and \"cd\" ran on different workers"),
            "{split}"
        );
        let two = run_of(
            &TOKENS,
            &[("ab", "w0"), ("cd", "w0"), ("e", "w1"), ("f", "w1")],
            3,
            0,
        );
        let two = chunked_by_hand(&TOKENS, 4, &upper, &two).to_string();
        assert!(two.contains("2 threads ran the tokens"), "{two}");
    }

    #[test]
    fn chunked_by_hand_passes_a_right_answer() {
        let run = run_of(
            &TOKENS,
            &[
                ("ab", "w0"),
                ("cd", "w0"),
                ("e", "w1"),
                ("f", "w1"),
                ("x", "w2"),
            ],
            3,
            0,
        );
        let verdict = chunked_by_hand(&TOKENS, 4, &["AB", "CD", "E", "F"], &run);
        assert!(verdict.passed(), "{verdict}");
    }

    /// Arrivals at the end of each recorded task, in the order given.
    fn arrivals_at_ends(run: &Run, order: &[&str]) -> Vec<(String, Duration)> {
        order
            .iter()
            .map(|t| {
                let end = run.records().iter().find(|r| r.token == *t).unwrap().end;
                (t.to_uppercase(), end)
            })
            .collect()
    }

    #[test]
    fn as_completed_judges_order_and_timing() {
        // Finish order: cd, ab, f, e.
        // Finishing 6 ms apart: more than the quarter unit (2.5 ms) that counts as a tie.
        let run = run_of(
            &TOKENS,
            &[("cd", "w0"), ("ab", "w1"), ("f", "w0"), ("e", "w1")],
            2,
            6,
        );
        let right = as_completed(
            &TOKENS,
            &arrivals_at_ends(&run, &["cd", "ab", "f", "e"]),
            &run,
        );
        assert!(right.passed(), "{right}");

        let starter = as_completed(&TOKENS, &[], &run).to_string();
        assert!(starter.starts_with("FAIL: no results"), "{starter}");
        let input_order = as_completed(
            &TOKENS,
            &arrivals_at_ends(&run, &["ab", "cd", "e", "f"]),
            &run,
        );
        assert!(
            input_order
                .to_string()
                .contains("\"AB\" arrived before \"CD\""),
            "{input_order}"
        );
        let last_end = run.records().iter().map(|r| r.end).max().unwrap();
        let held_back: Vec<_> = ["CD", "AB", "F", "E"]
            .iter()
            .map(|r| (r.to_string(), last_end))
            .collect();
        let held_back = as_completed(&TOKENS, &held_back, &run).to_string();
        assert!(
            held_back.contains("every result waited for the slowest"),
            "{held_back}"
        );
        let mut doubled = arrivals_at_ends(&run, &["cd", "ab", "f", "e"]);
        doubled.push(doubled[0].clone());
        let doubled = as_completed(&TOKENS, &doubled, &run).to_string();
        assert!(doubled.contains("\"CD\" appears 2 times"), "{doubled}");
    }
}
