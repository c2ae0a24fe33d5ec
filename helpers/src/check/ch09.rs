//! Checks for chapter 09's exercises: async results in completion order, and blocking work kept
//! going a few calls at a time, a sliding window rather than groups.
//!
//! Both call the learner's code on words of their own under a hidden work plan (`work_async` and
//! `work` wait for the plan's time, which is not the word's length, so the completion order is
//! not the order of lengths), for more than one round, and read the recorded run.

#[cfg(feature = "async")]
use std::future::Future;

use super::learner::call_on;
#[cfg(feature = "async")]
use super::learner::call_with_plan;
use super::puzzle::PuzzleMaker;
use super::steps::{results_in_order, worked_exactly};
use super::{Chapter, Exercise, Verdict, common};
#[cfg(feature = "async")]
use crate::Run;

/// Exercise 09.1: results as they complete.
pub const AS_COMPLETED: Exercise = Exercise {
    id: "09.1",
    title: "Results as they complete",
    hints: &[
        "start a task per word first (`tokio::spawn(work_async(w))`), so that all of them wait at \
         once; then take each result as its task completes, not in the order you started them.",
        "a `tokio::task::JoinSet` hands back whichever task completes next: `join_next().await` \
         until it returns None.",
        "nothing is sorted afterwards: the order in which `join_next` returns results is the \
         answer.",
    ],
};

/// Exercise 09.2: at most `limit` blocking calls at once.
pub const LIMITED: Exercise = Exercise {
    id: "09.2",
    title: "At most four blocking calls at once",
    hints: &[
        "each call must wait for a free place before it starts, and a place freed must go to the \
         next word at once: a sliding window, not groups of `limit`.",
        "a `tokio::sync::Semaphore` with `limit` permits: a task holds one while its blocking \
         call runs, and a permit dropped hands the place on at once; or a runtime whose blocking \
         pool has `limit` threads (`max_blocking_threads`).",
        "a blocking call inside an async task blocks the runtime's thread: hand it to \
         `spawn_blocking`, and keep the permit until that returns.",
    ],
};

/// Chapter 09's exercises, for `progress()` and `solution(...)`.
pub const CHAPTER: Chapter = Chapter {
    number: "09",
    title: "Async",
    exercises: &[AS_COMPLETED, LIMITED],
    solutions: include_str!("../../solutions/ch09.rs"),
};

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
    AS_COMPLETED.check(|| {
        let mut maker = PuzzleMaker::new();
        for count in AS_COMPLETED_ROUNDS {
            // Distinct times, so that no two tasks tie for a place.
            let puzzle = maker.puzzle_distinct(count, 1..=12);
            let Ok(runtime) = one_thread_runtime() else {
                return Ok(Verdict::fail(
                    "the check could not start a tokio runtime: run it again.",
                    "",
                ));
            };
            let caller = crate::internal::current_worker();
            let out = call_with_plan(puzzle.plan(), puzzle.tokens(), count, || {
                runtime.block_on(as_completed(puzzle.tokens().to_vec()))
            })?;
            let (results, run) = (&out.value, &out.run);
            let verdict = worked_exactly(run, puzzle.tokens())
                .and(|| common::each_token_once(run))
                .and(|| on_the_runtime_thread(run, &caller))
                .and(|| common::results_in_completion_order(results, run))
                .and(|| {
                    common::at_least_at_once(run, count).map_problem(|problem| {
                        format!("{problem} The tasks waited one after another.")
                    })
                });
            if !verdict.passed() {
                return Ok(verdict);
            }
        }
        Ok(Verdict::pass(format!(
            "your function, run {} times on a one-thread runtime with words and wait times of \
             the check's own: every word once, all waiting at once, results in the order their \
             tasks completed",
            AS_COMPLETED_ROUNDS.len()
        )))
    })
}

/// A one-thread runtime with a timer.
#[cfg(feature = "async")]
fn one_thread_runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
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
            "",
        ),
        None => Verdict::pass("on the runtime's thread"),
    }
}

/// Exercise 2's rounds: the service's limit, and the word count.
const LIMIT_ROUNDS: [(usize, usize); 2] = [(4, 9), (3, 7)];

/// Exercise 2 (09.2): `at_most(words, limit)` makes the blocking `work` calls with never more than
/// `limit` at once and a new one as soon as one returns, results in input order.
pub fn limited_blocking<F>(at_most: F) -> Verdict
where
    F: Fn(Vec<&'static str>, usize) -> Vec<String>,
{
    LIMITED.check(|| {
        let mut maker = PuzzleMaker::new();
        for (limit, count) in LIMIT_ROUNDS {
            let puzzle = maker.puzzle(count, 1..=5);
            let out = call_on(&puzzle, limit, |words| at_most(words.to_vec(), limit))?;
            let (results, run) = (&out.value, &out.run);
            let verdict = worked_exactly(run, puzzle.tokens())
                .and(|| results_in_order(results, &puzzle.expected_results(), "input"))
                .and(|| {
                    common::at_most_at_once(run, limit).map_problem(|problem| {
                        format!("{problem} The service takes at most {limit} calls at once.")
                    })
                })
                .and(|| common::kept_busy(run, limit));
            if !verdict.passed() {
                return Ok(verdict);
            }
        }
        Ok(Verdict::pass(format!(
            "your function, run with limits of {} on words and work times of the check's own: \
             every word once, results in input order, never more than the limit at once, and a \
             new call as soon as one ended (the shape whose time greedy_makespan gives)",
            LIMIT_ROUNDS.map(|(l, _)| l.to_string()).join(" and ")
        )))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(feature = "async")]
    use crate::check::fixture::{self, task};

    #[cfg(feature = "async")]
    #[test]
    fn waits_off_the_runtime_thread_are_named() {
        let words = ["ab", "c"];
        let blocking = fixture::run(
            &words,
            vec![
                task("ab", "tokio 3", 0.0, 2.0),
                task("c", "tokio 4", 0.0, 1.0),
            ],
        );
        let verdict = on_the_runtime_thread(&blocking, "main").to_string();
        assert!(verdict.contains("not as an async task"), "{verdict}");
        let tasks = fixture::run(
            &words,
            vec![task("ab", "main", 0.0, 2.0), task("c", "main", 0.0, 1.0)],
        );
        assert!(on_the_runtime_thread(&tasks, "main").passed());
    }
}
