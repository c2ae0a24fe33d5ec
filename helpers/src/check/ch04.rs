//! Checks for chapter 04's exercises: results in completion order through a channel, and a pool
//! of four workers built from a job channel. Each check calls the learner's function on puzzles
//! of its own (other words, work times unrelated to length, more than one round) and reads the
//! run it recorded around the call: every word's work, the order of the results against the
//! recorded end times, how many threads ran, and whether a free worker left a word waiting.
//!
//! A function that never returns (a receiving loop whose channel still has a sender) is given up
//! after a time limit, so the check still prints its one line.
//!
//! ```
//! use helpers::check::ch04;
//! # helpers::check::progress::use_private_file();
//! let starter = ch04::as_they_arrive(|_tokens| todo!("your code here"));
//! assert!(starter.to_string().starts_with("FAIL: not written yet"), "{starter}");
//! ```

use std::sync::Arc;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use crossbeam::channel::{Receiver, unbounded};

use super::common::{
    SHAPE_SLACK_UNITS, at_least_at_once, at_most_at_once, each_token_once, measured_between,
    on_workers, results_in_completion_order,
};
use super::learner::{Outcome, Stop, call, call_on};
use super::puzzle::{Puzzle, PuzzleMaker};
use super::steps::{busy_while_words_wait, in_round, took_planned_time};
use super::{Chapter, Exercise, Verdict};
use crate::Run;

/// Chapter 04's exercises, for the progress table and `solution(...)`.
pub const CHAPTER: Chapter = Chapter {
    number: "04",
    title: "Completion order",
    exercises: &[AS_THEY_ARRIVE, FOUR_WORKERS],
    solutions: include_str!("../../solutions/ch04.rs"),
};

/// 04.1: a thread per word sending into `std::sync::mpsc`, results as they arrive.
pub const AS_THEY_ARRIVE: Exercise = Exercise {
    id: "04.1",
    title: "The standard library's channel",
    hints: &[
        "`let (sender, receiver) = std::sync::mpsc::channel();` then, for each word, a clone of \
         the sender moved into its own thread, which sends `work(t)`.",
        "`receiver.iter()` yields results as they arrive and ends only when every sender is gone, \
         your own included: drop it before you read.",
        "start every thread before reading anything: the results must come in the order the \
         words finish, which only the channel knows.",
    ],
};

/// 04.2: four workers pulling words from a job channel.
pub const FOUR_WORKERS: Exercise = Exercise {
    id: "04.2",
    title: "Four workers and a queue",
    hints: &[
        "spawn exactly four threads; give each a clone of `jobs` and a clone of a result sender, \
         and let it loop over `jobs.iter()`, sending `work(word)` for each word it takes.",
        "take the words inside the workers, one at a time, as each becomes free: words gathered \
         before the work starts leave the workers idle while later words come in.",
        "a worker must let go of anything it shares with the others (a lock, say) before it \
         works on its word, or the others wait for it.",
        "drop your own result sender once the workers have theirs, then collect the result \
         receiver: that is the arrival order.",
    ],
};

/// The pool size of 04.2.
pub const WORKERS: usize = 4;

/// What became of a learner's call run on a thread of its own with a time limit.
enum Waited<T> {
    Returned(T),
    Stopped(Stop),
    TimedOut,
}

/// A learner's call running on a thread of its own.
struct Pending<T> {
    outcome: mpsc::Receiver<Result<T, Stop>>,
    started: Instant,
}

/// Starts `f` on a thread of its own. A call that never returns (a receiving loop whose channel
/// keeps a sender) is left behind, blocked: a thread cannot be stopped from outside, but the
/// check can stop waiting for it.
fn start<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Pending<T> {
    let (done, outcome) = mpsc::channel();
    thread::spawn(move || {
        let _ = done.send(call(f));
    });
    Pending {
        outcome,
        started: Instant::now(),
    }
}

impl<T> Pending<T> {
    /// The call's outcome, waiting until `limit` after it started at most.
    fn wait(self, limit: Duration) -> Waited<T> {
        let left = limit.saturating_sub(self.started.elapsed());
        match self.outcome.recv_timeout(left) {
            Ok(Ok(value)) => Waited::Returned(value),
            Ok(Err(stop)) => Waited::Stopped(stop),
            Err(_) => Waited::TimedOut,
        }
    }
}

/// How long a round may take before the check stops waiting: every word one after another, and
/// ten units more (an answer that runs the words in turn is judged, not given up on).
fn limit_for(puzzle: &Puzzle) -> Duration {
    let total: u32 = puzzle.units().iter().sum();
    puzzle.unit() * (total + 10)
}

/// The FAIL for a call that did not return in time.
fn timed_out(round: usize) -> Verdict {
    Verdict::fail(
        format!(
            "round {}: your function had not returned long after every word's work could have \
             ended, so the check stopped waiting: something in it still waits, such as a loop \
             over a channel that one sender keeps open.",
            round + 1
        ),
        "",
    )
}

/// Exercise 04.1: `as_they_arrive(tokens)` runs a thread per word, each sending its result into
/// a channel, and returns the results in the order they arrive: every word's work, all at once,
/// the results in the order the calls ended (joining in input order or sorting afterwards fails,
/// since the times are not the lengths), in about the time of the slowest word. Three rounds.
pub fn as_they_arrive(
    as_they_arrive: impl Fn(&[&'static str]) -> Vec<String> + Send + Sync + 'static,
) -> Verdict {
    let learner = Arc::new(as_they_arrive);
    AS_THEY_ARRIVE.check(|| {
        let mut maker = PuzzleMaker::new();
        let mut words = 0;
        let rounds = 3;
        for round in 0..rounds {
            let count = maker.in_range(6..=9) as usize;
            let puzzle = maker.puzzle_distinct(count, 3..=11);
            let limit = limit_for(&puzzle);
            let f = Arc::clone(&learner);
            let Outcome { value, run, .. } = call_on(&puzzle, count, move |tokens| {
                let tokens = tokens.to_vec();
                start(move || f(&tokens)).wait(limit)
            })?;
            let arrived = match value {
                Waited::Returned(arrived) => arrived,
                Waited::Stopped(stop) => return Err(stop),
                Waited::TimedOut => return Ok(timed_out(round)),
            };
            let verdict = in_arrival_order(&arrived, &puzzle, &run);
            if !verdict.passed() {
                return Ok(in_round(round, verdict));
            }
            words += count;
        }
        Ok(Verdict::pass(format!(
            "{rounds} rounds, {words} words, each worked once on its own thread, all at once; \
             every result in the order its word was done, which was not the order of the input \
             nor of the words' lengths"
        )))
    })
}

/// One round of 04.1.
fn in_arrival_order(arrived: &[String], puzzle: &Puzzle, run: &Run) -> Verdict {
    let slowest = puzzle.units().iter().copied().max().unwrap_or(0) as usize;
    each_token_once(run)
        .and(|| took_planned_time(puzzle, run))
        .and(|| results_in_completion_order(arrived, run))
        .and(|| at_least_at_once(run, puzzle.tokens().len()))
        .and(|| measured_between(run, slowest, slowest, SHAPE_SLACK_UNITS))
}

/// The words of 04.2 that are in the job channel from the start; the rest come later.
const EARLY_WORDS: usize = 2;
/// How many units after the start the rest of the words come into the job channel.
const LATE_AFTER_UNITS: u32 = 3;

/// Exercise 04.2: `four_workers(jobs)` starts four worker threads that take words from the job
/// channel `jobs` whenever they are free and send each result down a result channel; it returns
/// the results as they arrive. The check fills the channel itself, a few words at once and the
/// rest a little later, and closes it after the last. Read from the records: every word once, on
/// exactly four threads, never more than four at once, no worker idle while a word waited in the
/// channel (so words gathered before the work starts fail), results in completion order, and the
/// time the arithmetic gives for four such workers. Two rounds, one of more than twelve words.
pub fn four_workers(
    four_workers: impl Fn(Receiver<&'static str>) -> Vec<String> + Send + Sync + 'static,
) -> Verdict {
    let learner = Arc::new(four_workers);
    FOUR_WORKERS.check(|| {
        let mut maker = PuzzleMaker::new();
        let mut words = 0;
        let counts = [
            maker.in_range(9..=10) as usize,
            maker.in_range(13..=14) as usize,
        ];
        for (round, &count) in counts.iter().enumerate() {
            let puzzle = maker.puzzle(count, 2..=6);
            let limit = limit_for(&puzzle);
            let f = Arc::clone(&learner);
            let unit = puzzle.unit();
            let Outcome { value, run, .. } = call_on(&puzzle, WORKERS, move |tokens| {
                let began = Instant::now();
                let (jobs, queue) = unbounded();
                let pending = start(move || f(queue));
                let mut available = Vec::with_capacity(tokens.len());
                for (index, &token) in tokens.iter().enumerate() {
                    if index == EARLY_WORDS {
                        thread::sleep(unit * LATE_AFTER_UNITS);
                    }
                    available.push(began.elapsed());
                    let _ = jobs.send(token);
                }
                drop(jobs);
                (pending.wait(limit), available)
            })?;
            let (waited, available) = value;
            let results = match waited {
                Waited::Returned(results) => results,
                Waited::Stopped(stop) => return Err(stop),
                Waited::TimedOut => return Ok(timed_out(round)),
            };
            let verdict = pool_of_four(&results, &puzzle, &available, &run);
            if !verdict.passed() {
                return Ok(in_round(round, verdict));
            }
            words += count;
        }
        Ok(Verdict::pass(format!(
            "{} rounds, {words} words: every word once, on four worker threads and never more \
             at once, each word taken by a free worker as soon as it was in the channel, the \
             results in the order the words were done",
            counts.len()
        )))
    })
}

/// One round of 04.2.
fn pool_of_four(results: &[String], puzzle: &Puzzle, available: &[Duration], run: &Run) -> Verdict {
    each_token_once(run)
        .and(|| took_planned_time(puzzle, run))
        .and(|| results_in_completion_order(results, run))
        .and(|| on_workers(run, WORKERS))
        .and(|| at_most_at_once(run, WORKERS))
        .and(|| busy_while_words_wait(run, WORKERS, available))
        .and(|| {
            let expected = pool_with_arrivals(puzzle, available, WORKERS) as usize;
            measured_between(run, expected, expected, SHAPE_SLACK_UNITS)
        })
}

/// The time in units of `workers` workers that each take the next word as soon as they are
/// free and the word is in the channel: word `i` arrives at `available[i]`.
fn pool_with_arrivals(puzzle: &Puzzle, available: &[Duration], workers: usize) -> u32 {
    let unit = puzzle.unit().as_secs_f64();
    let mut free_at = vec![0.0_f64; workers.max(1)];
    for (units, sent) in puzzle.units().iter().zip(available) {
        let arrives = (sent.as_secs_f64() / unit).round();
        let first = (0..free_at.len())
            .min_by(|&a, &b| free_at[a].total_cmp(&free_at[b]))
            .unwrap_or(0);
        free_at[first] = free_at[first].max(arrives) + f64::from(*units);
    }
    free_at.into_iter().fold(0.0, f64::max).round() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_arithmetic_waits_for_late_words() {
        let puzzle = Puzzle::new(vec!["ox", "elk", "yak"], vec![2, 2, 1]);
        let unit = puzzle.unit();
        let available = [Duration::ZERO, Duration::ZERO, unit * 3];
        assert_eq!(pool_with_arrivals(&puzzle, &available, 4), 4);
        assert_eq!(pool_with_arrivals(&puzzle, &[Duration::ZERO; 3], 1), 5);
    }
}
