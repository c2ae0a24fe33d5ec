//! Checks for chapter 03's exercises: every word's outcome kept when some tasks panic, and at
//! most three threads at once with nothing but `spawn` and `join`. Each check calls the learner's
//! function on puzzles of its own (other words, work times unrelated to length, more than one
//! round; for the first, chosen words panic with a message made fresh for the call) and reads the
//! run it recorded around the call.
//!
//! ```
//! use helpers::check::ch03;
//! # helpers::check::progress::use_private_file();
//! let starter = ch03::every_outcome(|_tokens| todo!("your code here"));
//! assert!(starter.to_string().starts_with("FAIL: not written yet"), "{starter}");
//! ```

use super::common::{
    SHAPE_SLACK_UNITS, at_least_at_once, at_most_at_once, each_token_once, measured_between,
    results_in_input_order,
};
use super::learner::{Outcome, call_on};
use super::puzzle::{Puzzle, PuzzleMaker};
use super::steps::{in_round, one_outcome_per_word, took_planned_time};
use super::{Chapter, Exercise, Verdict};
use crate::{Run, greedy_makespan};

/// Chapter 03's exercises, for the progress table and `solution(...)`.
pub const CHAPTER: Chapter = Chapter {
    number: "03",
    title: "Handles",
    exercises: &[EVERY_OUTCOME, THREE_AT_A_TIME],
    solutions: include_str!("../../solutions/ch03.rs"),
};

/// 03.1: a thread per word, every handle joined, every outcome kept.
pub const EVERY_OUTCOME: Exercise = Exercise {
    id: "03.1",
    title: "Every word accounted for",
    hints: &[
        "`handle.join()` returns a `Result`: `Ok` with what the thread returned, `Err` with the \
         panic's payload. Keep both, one per word, instead of unwrapping.",
        "the payload is a `Box<dyn Any + Send>`: `payload.downcast_ref::<String>()` gives the \
         message back (a `panic!` with arguments carries a `String`).",
        "start every thread before joining any (collect the handles first), then join them in the \
         order you started them.",
    ],
};

/// 03.2: at most three threads at once, results in input order.
pub const THREE_AT_A_TIME: Exercise = Exercise {
    id: "03.2",
    title: "At most three at a time",
    hints: &[
        "`tokens.chunks(3)` gives groups of at most three words; spawn a thread for each word of a \
         group, and join them all before the next group starts.",
        "keep the results in input order: join a group's handles in the order you spawned them.",
        "a list whose length is not a multiple of three ends with a shorter group: `chunks` \
         handles that, slices cut at fixed places do not.",
    ],
};

/// How many words panic in each round of 03.1 (a round with none: nothing may be made up).
const PANICS_PER_ROUND: [usize; 3] = [1, 2, 0];

/// Exercise 03.1: `every_outcome(tokens)` spawns a thread per word running `work`, joins every
/// handle and returns one outcome per word in input order: `Ok(result)`, or `Err(message)` with
/// the message its panic carried. Three rounds of new words, with one, two and no panicking words.
pub fn every_outcome(
    every_outcome: impl Fn(&[&'static str]) -> Vec<Result<String, String>>,
) -> Verdict {
    EVERY_OUTCOME.check(|| {
        let mut maker = PuzzleMaker::new();
        let (mut words, mut failures) = (0, 0);
        for (round, &panics) in PANICS_PER_ROUND.iter().enumerate() {
            let count = maker.in_range(6..=9) as usize;
            let mut puzzle = maker.puzzle(count, 3..=6);
            let mut places: Vec<usize> = (0..count).collect();
            maker.shuffle(&mut places);
            let mut messages: Vec<Option<String>> = vec![None; count];
            for &place in &places[..panics] {
                let message = format!(
                    "cannot work on {:?} (call {})",
                    puzzle.tokens()[place],
                    maker.in_range(1000..=99_999)
                );
                puzzle = puzzle.with_panic_at(place, &message);
                messages[place] = Some(message);
            }
            let Outcome { value, run, .. } = call_on(&puzzle, count, &every_outcome)?;
            let verdict = outcomes_match(&value, &puzzle, &messages, &run);
            if !verdict.passed() {
                return Ok(in_round(round, verdict));
            }
            words += count;
            failures += panics;
        }
        Ok(Verdict::pass(format!(
            "{} rounds, {words} words, {failures} of them panicking: every word had its own \
             thread, all at once, and its outcome, Ok as its thread returned it or Err with its \
             panic's own message",
            PANICS_PER_ROUND.len()
        )))
    })
}

/// One round of 03.1: one outcome per word, each as its call ended, all calls at once.
fn outcomes_match(
    outcomes: &[Result<String, String>],
    puzzle: &Puzzle,
    messages: &[Option<String>],
    run: &Run,
) -> Verdict {
    one_outcome_per_word(outcomes.len(), puzzle.tokens().len())
        .and(|| each_token_once(run))
        .and(|| {
            for (index, outcome) in outcomes.iter().enumerate() {
                let verdict =
                    outcome_matches(index, outcome, puzzle.tokens()[index], &messages[index]);
                if !verdict.passed() {
                    return verdict;
                }
            }
            Verdict::pass("every outcome as its call ended")
        })
        .and(|| took_planned_time(puzzle, run))
        .and(|| at_least_at_once(run, puzzle.tokens().len()))
}

/// One outcome against what the plan made that word's call do.
fn outcome_matches(
    index: usize,
    outcome: &Result<String, String>,
    word: &str,
    message: &Option<String>,
) -> Verdict {
    let place = format!("outcome {} (for {word:?})", index + 1);
    match (outcome, message.is_some()) {
        (Ok(result), false) if *result == word.to_uppercase() => Verdict::pass("ok"),
        (Ok(result), false) => Verdict::fail(
            format!("{place} is Ok({result:?}), but its thread returned something else."),
            "",
        ),
        (Ok(result), true) => Verdict::fail(
            format!("{place} is Ok({result:?}), but its task panicked."),
            "",
        ),
        (Err(text), false) => Verdict::fail(
            format!("{place} is Err({text:?}), but its task returned."),
            "",
        ),
        (Err(text), true) if Some(text) == message.as_ref() => Verdict::pass("ok"),
        (Err(text), true) => Verdict::fail(
            format!("{place} is Err({text:?}), which is not the message its panic carried."),
            "",
        ),
    }
}

/// Exercise 03.2: `three_at_a_time(tokens)` runs every word with at most three threads at once,
/// results in input order, in no more than the time of groups of three (a sliding window, whose
/// free thread takes the next word, is quicker and passes too). Rounds of 7, 8 and 10 words.
pub fn three_at_a_time(three_at_a_time: impl Fn(&[&'static str]) -> Vec<String>) -> Verdict {
    THREE_AT_A_TIME.check(|| {
        let mut maker = PuzzleMaker::new();
        let mut words = 0;
        let counts = [7, 8, 10];
        for (round, &count) in counts.iter().enumerate() {
            let puzzle = maker.puzzle(count, 3..=6);
            let Outcome { value, run, .. } = call_on(&puzzle, count, &three_at_a_time)?;
            let verdict = three_at_once(&value, &puzzle, &run);
            if !verdict.passed() {
                return Ok(in_round(round, verdict));
            }
            words += count;
        }
        Ok(Verdict::pass(format!(
            "{} rounds, {words} words: every word once, results in input order, three at once \
             and never more. A group of three waits for its slowest word, so a thread that \
             finishes early sits idle; the executor instead hands the next word to whichever \
             thread is free (chapter 04)",
            counts.len()
        )))
    })
}

/// One round of 03.2.
fn three_at_once(results: &[String], puzzle: &Puzzle, run: &Run) -> Verdict {
    let units: Vec<u32> = puzzle.units().to_vec();
    each_token_once(run)
        .and(|| took_planned_time(puzzle, run))
        .and(|| results_in_input_order(results, run))
        .and(|| at_least_at_once(run, 3))
        .and(|| at_most_at_once(run, 3))
        .and(|| {
            measured_between(
                run,
                greedy_makespan(&units, 3) as usize,
                groups_of_three_units(&units) as usize,
                SHAPE_SLACK_UNITS,
            )
        })
}

/// The time of the words in groups of three, each joined before the next starts: the slowest
/// word of each group, added up.
fn groups_of_three_units(units: &[u32]) -> u32 {
    units
        .chunks(3)
        .map(|group| group.iter().copied().max().unwrap_or(0))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_of_three_add_up_each_groups_slowest() {
        assert_eq!(groups_of_three_units(&[1, 4, 2, 3, 3, 1, 2]), 4 + 3 + 2);
        assert_eq!(groups_of_three_units(&[]), 0);
    }
}
