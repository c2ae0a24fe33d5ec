//! Checks for chapter 09's exercises: async results in completion order, and blocking work kept
//! going a few calls at a time, a sliding window rather than groups.
//!
//! Both call the learner's code on words of their own under a hidden work plan (`work_async` and
//! `work` wait for the plan's time, which is not the word's length, so the completion order is
//! not the order of lengths), for more than one round, and read the recorded run.

#[cfg(feature = "async")]
use std::future::Future;

use crate::check::ch06::learner::{self, Puzzle, Seed};
use crate::check::{Verdict, common};
use crate::{Run, greedy_makespan};

/// The word counts of exercise 1's rounds.
#[cfg(feature = "async")]
const AS_COMPLETED_ROUNDS: [usize; 2] = [7, 9];

/// Exercise 1 (09.1): `as_completed(words)`, an async function, runs a task per word with
/// `work_async` and returns the results in the order the tasks completed. The check runs it with
/// `block_on` on a one-thread tokio runtime of its own.
#[cfg(feature = "async")]
pub fn completion_order<F, Fut>(as_completed: F) -> Verdict
where
    F: Fn(Vec<&'static str>) -> Fut,
    Fut: Future<Output = Vec<String>>,
{
    learner::Exercise::new("09.1", &AS_COMPLETED_HINTS).judge(|| {
        let mut seed = Seed::fresh();
        for count in AS_COMPLETED_ROUNDS {
            // Distinct times, so that no two tasks tie for a place.
            let puzzle = Puzzle::new_where(&mut seed, count, 1..=12, |_, units| {
                let mut sorted = units.to_vec();
                sorted.sort_unstable();
                sorted.windows(2).all(|pair| pair[0] != pair[1])
            });
            let runtime = one_thread_runtime()?;
            let caller = crate::internal::current_worker();
            let (results, run) = puzzle.record_cpu("09.1", count, || {
                runtime.block_on(as_completed(puzzle.words.clone()))
            })?;
            learner::as_result(
                puzzle
                    .every_word_worked(&run)
                    .and(|| on_the_runtime_thread(&run, &caller))
                    .and(|| common::results_in_completion_order(&results, &run))
                    .and(|| {
                        common::at_least_at_once(&run, run.tokens.len()).with_hint(
                            "spawn every task first, then collect: awaiting `work_async` \
                             directly in a loop runs the waits one after another.",
                        )
                    }),
            )?;
        }
        Ok(format!(
            "your function, run {} times on a one-thread runtime with words and wait times of \
             the check's own: every word once, all waiting at once, results in the order their \
             tasks completed",
            AS_COMPLETED_ROUNDS.len()
        ))
    })
}

/// The hints of 09.1.
#[cfg(feature = "async")]
const AS_COMPLETED_HINTS: [&str; 3] = [
    "start a task per word first (`tokio::spawn(work_async(w))`), so that all of them wait at \
     once; then take each result as its task completes, not in the order you started them.",
    "a `tokio::task::JoinSet` hands back whichever task completes next: `join_next().await` \
     until it returns None.",
    "nothing is sorted afterwards: the order in which `join_next` returns results is the answer.",
];

/// A one-thread runtime with a timer, or the FAIL that says it could not be made.
#[cfg(feature = "async")]
fn one_thread_runtime() -> Result<tokio::runtime::Runtime, Verdict> {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .map_err(|error| {
            Verdict::fail(
                format!("the check could not start a tokio runtime: {error}."),
                "run the check again; if it keeps failing, restart the kernel.",
            )
        })
}

/// Every wait ran on the runtime's one thread, where async tasks run: blocking calls handed to
/// other threads are not this exercise.
#[cfg(feature = "async")]
fn on_the_runtime_thread(run: &Run, caller: &str) -> Verdict {
    match run.records().iter().find(|r| r.worker != caller) {
        Some(record) => Verdict::fail(
            format!(
                "{:?} was waited for on {:?}, not as an async task on the runtime's thread.",
                record.token, record.worker
            ),
            "wait with `work_async(w)` inside tasks: one thread carries all the waits.",
        ),
        None => Verdict::pass("on the runtime's thread"),
    }
}

/// Exercise 2's rounds: the service's limit, and the word count.
const LIMIT_ROUNDS: [(usize, usize); 2] = [(4, 9), (3, 7)];

/// Exercise 2 (09.2): `predict_units(costs, limit)` is how long a run takes with at most `limit`
/// calls at once, each caller taking the next word as soon as its call returns; and
/// `at_most(words, limit)` makes the blocking `work` calls that way, results in input order.
pub fn limited_blocking<P, F>(predict_units: P, at_most: F) -> Verdict
where
    P: Fn(&[u32], usize) -> u32,
    F: Fn(Vec<&'static str>, usize) -> Vec<String>,
{
    learner::Exercise::new("09.2", &LIMIT_HINTS).judge(|| {
        let mut seed = Seed::fresh();
        let predictions = limit_puzzles(&mut seed);
        for (costs, limit) in &predictions {
            let expected = greedy_makespan(costs, *limit);
            let said = predict_units(costs, *limit);
            if said != expected {
                let way = if said < expected { "too low" } else { "too high" };
                return Err(Verdict::fail(
                    format!(
                        "for calls of {costs:?} units with at most {limit} at once, \
                         predict_units says {said}: {way}."
                    ),
                    "four callers (or `limit`), each taking the next word in input order as \
                     soon as its call returns: write down when each is free again; the last \
                     one gives the time.",
                ));
            }
        }
        for (limit, count) in LIMIT_ROUNDS {
            let puzzle = Puzzle::new(&mut seed, count, 1..=5);
            let (results, run) =
                puzzle.record_cpu("09.2", limit, || at_most(puzzle.words.clone(), limit))?;
            learner::as_result(
                puzzle
                    .every_word_worked(&run)
                    .and(|| common::results_in_input_order(&results, &run))
                    .and(|| common::at_most_at_once(&run, limit))
                    .and(|| common::kept_busy(&run, limit).with_hint("")),
            )?;
        }
        Ok(format!(
            "predict_units right on {} puzzles of the check's own; at_most, run with limits of {} \
             on words and work times of the check's own: every word once, results in input \
             order, never more than the limit at once, and a new call as soon as one ended",
            predictions.len(),
            LIMIT_ROUNDS.map(|(l, _)| l.to_string()).join(" and ")
        ))
    })
}

/// The hints of 09.2 (the ones of the run; a wrong prediction has its own).
const LIMIT_HINTS: [&str; 3] = [
    "each call must wait for a free place before it starts: a `tokio::sync::Semaphore` with \
     `limit` permits (a task holds one while its call runs), or a runtime whose blocking pool has \
     `limit` threads (`max_blocking_threads`).",
    "start the next word as soon as any call returns, not when a whole group is done: a permit \
     dropped hands the place on at once.",
    "a blocking call inside an async task blocks the runtime's thread: hand it to \
     `spawn_blocking`, and keep the permit until that returns.",
];

/// Prediction puzzles: other costs and limits each time, some with fewer words than places.
fn limit_puzzles(seed: &mut Seed) -> Vec<(Vec<u32>, usize)> {
    [(9, 4), (7, 3), (6, 2), (3, 4), (10, 4)]
        .into_iter()
        .map(|(count, limit)| ((0..count).map(|_| seed.within(1..=7)).collect(), limit))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::fixture::{self, task};

    #[cfg(feature = "async")]
    #[test]
    fn waits_off_the_runtime_thread_are_named() {
        let words = ["ab", "c"];
        let blocking = fixture::run(
            &words,
            vec![task("ab", "tokio 3", 0.0, 2.0), task("c", "tokio 4", 0.0, 1.0)],
        );
        let verdict = on_the_runtime_thread(&blocking, "main").to_string();
        assert!(verdict.contains("work_async"), "{verdict}");
        let tasks = fixture::run(
            &words,
            vec![task("ab", "main", 0.0, 2.0), task("c", "main", 0.0, 1.0)],
        );
        assert!(on_the_runtime_thread(&tasks, "main").passed());
    }

    #[test]
    fn prediction_puzzles_include_fewer_words_than_places() {
        let puzzles = limit_puzzles(&mut Seed::fresh());
        assert!(puzzles.iter().any(|(costs, limit)| costs.len() < *limit));
    }
}
