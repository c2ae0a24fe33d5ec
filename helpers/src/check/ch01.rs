//! Checks for chapter 01's exercises: a pool's time worked out by hand, then as a function.
//! Both are pure arithmetic: the check calls the learner's function (no run, no plan).
//!
//! ```
//! use helpers::check::ch01;
//! # helpers::check::progress::use_private_file();
//! fn by_total(units: &[usize], workers: usize) -> usize { units.iter().sum::<usize>() / workers }
//! assert!(!ch01::makespan_function(by_total).passed()); // the average is not the makespan
//! assert!(ch01::makespan_function(helpers::greedy_makespan::<usize>).passed());
//! ```

use super::common::{Prediction, prediction_exact};
use super::learner::call;
use super::puzzle::PuzzleMaker;
use super::{Chapter, Exercise, Verdict};
use crate::{TUTORIAL_TOKENS, char_count, greedy_makespan};

/// Exercise 01.1: the twelve words on three workers, worked out by hand.
pub const BY_HAND: Exercise = Exercise {
    id: "01.1",
    title: "Three workers, by hand",
    hints: &[
        "write the twelve lengths in order, 5 5 3 3 3 1 1 1 1 1 1 1, and draw three columns, one \
         per worker, all free at 0.",
        "each word goes to the column that ends first (the leftmost among ties), below what is \
         already there; the run ends when the longest column ends.",
    ],
};

/// Exercise 01.2: the learner's own `greedy_makespan`.
pub const MAKESPAN: Exercise = Exercise {
    id: "01.2",
    title: "Your own prediction function",
    hints: &[
        "a pool hands each task, in order, to the worker that is free first: keep track of when \
         each worker is next free.",
        "keep one finishing time per worker, all 0 at first; give each task in turn to the worker \
         that finishes first and add the task to its time; the answer is the largest finishing time.",
        "try your function by hand on [1, 1, 1, 4] with 2 workers: the 4 starts only when a \
         worker is free, at 1.",
    ],
};

/// Chapter 01's exercises, for `progress()` and `solution(...)`.
pub const CHAPTER: Chapter = Chapter {
    number: "01",
    title: "The workload",
    exercises: &[BY_HAND, MAKESPAN],
    solutions: include_str!("../../solutions/ch01.rs"),
};

/// The tutorial's words in units: 5 5 3 3 3 1 1 1 1 1 1 1.
fn tutorial_units() -> Vec<usize> {
    TUTORIAL_TOKENS.iter().map(|t| char_count(t)).collect()
}

/// Exercise 01.1: `three_workers()` returns the learner's hand-made makespan of the twelve words on
/// a pool of three workers; exact, as any integer or float.
pub fn prediction_for_three_workers<P: Prediction>(three_workers: impl FnOnce() -> P) -> Verdict {
    BY_HAND.check(|| {
        let predicted = call(three_workers)?;
        let expected = greedy_makespan(&tutorial_units(), 3);
        Ok(prediction_exact(predicted, expected, "").and(|| {
            Verdict::pass(format!(
                "{expected} units on three workers: hello, world and how start together, the \
                 rest fill in as workers free up"
            ))
        }))
    })
}

/// The cases every makespan function must get right: the tutorial's words on several pool sizes,
/// and small lists where the shortcuts (total / workers, the longest task) give the wrong answer.
fn fixed_cases() -> Vec<(Vec<usize>, usize)> {
    let mut cases: Vec<(Vec<usize>, usize)> = [1, 2, 3, 4, 6, 12, 20]
        .iter()
        .map(|&w| (tutorial_units(), w))
        .collect();
    cases.push((vec![1, 1, 1, 4], 2)); // 5: the 4 starts late, after two short ones
    cases.push((vec![2, 7, 1], 2)); // 7: the longest task alone sets the time
    cases.push((vec![3, 3, 3], 1)); // 9: one worker is the sum
    cases.push((vec![], 3)); // 0: nothing to do
    cases
}

/// Hidden cases, new on every call: lists of 3 to 14 tasks of 1 to 9 units on 1 to 6 workers.
fn hidden_cases(maker: &mut PuzzleMaker, count: usize) -> Vec<(Vec<usize>, usize)> {
    (0..count)
        .map(|_| {
            let tasks = maker.in_range(3..=14) as usize;
            let units = (0..tasks).map(|_| maker.in_range(1..=9) as usize).collect();
            (units, maker.in_range(1..=6) as usize)
        })
        .collect()
}

/// Exercise 01.2: `f(units, workers)` must give the time a pool of `workers` (at least one) takes
/// when each free worker takes the next task in order: on fixed tricky cases and on hidden ones.
pub fn makespan_function(f: impl Fn(&[usize], usize) -> usize) -> Verdict {
    MAKESPAN.check(|| {
        let mut cases = fixed_cases();
        cases.extend(hidden_cases(&mut PuzzleMaker::new(), 30));
        for (units, workers) in &cases {
            let expected = greedy_makespan(units, *workers);
            let got = call(|| f(units, *workers))?;
            if got != expected {
                let direction = if got < expected {
                    "too low"
                } else {
                    "too high"
                };
                return Ok(Verdict::fail(
                    format!(
                        "for tasks {units:?} on {workers} worker{} it returns {got}: {direction}.",
                        plural(*workers)
                    ),
                    "",
                ));
            }
        }
        Ok(Verdict::pass(format!(
            "your function agrees with greedy_makespan in all {} cases, {} of them new to you",
            cases.len(),
            cases.len() - fixed_cases().len()
        )))
    })
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prediction_says_which_way_not_how_far() {
        assert!(prediction_for_three_workers(|| 9).passed());
        assert!(prediction_for_three_workers(|| 9usize).passed());
        assert!(prediction_for_three_workers(|| 9.0).passed());
        let short = prediction_for_three_workers(|| 0).to_string();
        assert!(
            short.starts_with("FAIL") && short.contains("too low") && !short.contains('9'),
            "{short}"
        );
        let long = prediction_for_three_workers(|| 13u32).to_string();
        assert!(
            long.contains("too high") && long.contains("Hint:") && !long.contains('9'),
            "{long}"
        );
        assert!(!prediction_for_three_workers(|| 9.5).passed());
        assert!(!prediction_for_three_workers(|| f64::NAN).passed());
        let starter = prediction_for_three_workers(|| -> usize { todo!("your code here") });
        assert!(starter.to_string().starts_with("FAIL: not written yet"));
    }

    #[test]
    fn makespan_function_is_tested_on_tricky_and_hidden_cases() {
        assert!(makespan_function(greedy_makespan::<usize>).passed());
        let zero = makespan_function(|_, _| 0).to_string();
        assert!(
            zero.starts_with("FAIL") && zero.contains("returns 0: too low"),
            "{zero}"
        );
        let longest = |units: &[usize], _: usize| units.iter().copied().max().unwrap_or(0);
        assert!(!makespan_function(longest).passed());
        let average =
            |units: &[usize], workers: usize| units.iter().sum::<usize>().div_ceil(workers);
        assert!(!makespan_function(average).passed());
        let both =
            |units: &[usize], workers: usize| average(units, workers).max(longest(units, workers));
        assert!(makespan_function(both).to_string().contains("[1, 1, 1, 4]"));
        // Right on every fixed case (a table of them), wrong on the hidden ones.
        let memorised = |units: &[usize], workers: usize| {
            fixed_cases()
                .into_iter()
                .find(|(u, w)| u == units && *w == workers)
                .map(|(u, w)| greedy_makespan(&u, w))
                .unwrap_or(0)
        };
        let verdict = makespan_function(memorised).to_string();
        assert!(
            verdict.starts_with("FAIL") && verdict.contains("too low"),
            "{verdict}"
        );
        let round_robin = |units: &[usize], workers: usize| {
            let mut load = vec![0; workers];
            for (i, u) in units.iter().enumerate() {
                load[i % workers] += u;
            }
            load.into_iter().max().unwrap_or(0)
        };
        assert!(!makespan_function(round_robin).passed());
    }

    #[test]
    fn a_panicking_function_is_a_fail_not_a_panic() {
        let indexes_blindly = |units: &[usize], workers: usize| {
            let _first = units[0];
            greedy_makespan(units, workers)
        };
        let verdict = makespan_function(indexes_blindly).to_string();
        assert!(
            verdict.starts_with("FAIL: your code panicked: index out of bounds"),
            "{verdict}"
        );
        let starter = makespan_function(|_, _| todo!("your code here")).to_string();
        assert!(starter.starts_with("FAIL: not written yet"), "{starter}");
    }
}
