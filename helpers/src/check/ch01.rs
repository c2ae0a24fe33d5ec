//! Checks for chapter 01's exercises: predicting a pool's time, by hand and as a function.
//!
//! ```
//! use helpers::check::ch01;
//! assert!(ch01::prediction_for_three_workers(0).to_string().starts_with("FAIL"));
//! fn by_total(units: &[usize], workers: usize) -> usize { units.iter().sum::<usize>() / workers }
//! assert!(!ch01::makespan_function(by_total).passed()); // the average is not the makespan
//! ```

use std::panic::{AssertUnwindSafe, catch_unwind};

use super::Verdict;
use crate::{TUTORIAL_TOKENS, char_count, greedy_makespan};

/// The tutorial's words in units: 5 5 3 3 3 1 1 1 1 1 1 1.
fn tutorial_units() -> Vec<usize> {
    TUTORIAL_TOKENS.iter().map(|t| char_count(t)).collect()
}

/// The learner's hand-made prediction for the twelve words on a pool of three workers.
pub fn prediction_for_three_workers(predicted_units: usize) -> Verdict {
    let expected = greedy_makespan(&tutorial_units(), 3);
    let hint = "write the words in order and give each to the worker that is free first \
                (three columns on paper); the run ends when the longest column ends.";
    match predicted_units.cmp(&expected) {
        std::cmp::Ordering::Equal => Verdict::pass(format!(
            "{expected} units on three workers: hello, world and how start together, the rest \
             fill in as workers free up"
        )),
        std::cmp::Ordering::Less => Verdict::fail(
            format!(
                "{predicted_units} units is {} too short for three workers.",
                expected - predicted_units
            ),
            format!("no run can beat its longest word, and three workers share 26 units; {hint}"),
        ),
        std::cmp::Ordering::Greater => Verdict::fail(
            format!(
                "{predicted_units} units is {} too long for three workers.",
                predicted_units - expected
            ),
            format!("a worker never waits while a word is left; {hint}"),
        ),
    }
}

/// The cases a makespan function must get right: the tutorial's words on several pool sizes, and
/// small lists where the shortcuts (total / workers, the longest task) give the wrong answer.
fn makespan_cases() -> Vec<(Vec<usize>, usize)> {
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

/// The learner's own `greedy_makespan`: `f(units, workers)` must give the time a pool of `workers`
/// takes when each free worker takes the next task in order.
pub fn makespan_function(f: impl Fn(&[usize], usize) -> usize) -> Verdict {
    for (units, workers) in makespan_cases() {
        let expected = greedy_makespan(&units, workers);
        let got = catch_unwind(AssertUnwindSafe(|| f(&units, workers)));
        let case = format!("for tasks {units:?} on {workers} worker{}", plural(workers));
        match got {
            Err(_) => {
                return Verdict::fail(
                    format!("your function panicked {case}."),
                    "mind the empty list and more workers than tasks: index only what exists.",
                );
            }
            Ok(got) if got != expected => {
                return Verdict::fail(
                    format!("{case} it returns {got}, but the pool takes {expected}."),
                    "keep one finishing time per worker, all 0 at first; give each task in turn to \
                     the worker that finishes first and add the task to its time; the answer is \
                     the largest finishing time.",
                );
            }
            Ok(_) => {}
        }
    }
    Verdict::pass(format!(
        "your function agrees with greedy_makespan in all {} cases",
        makespan_cases().len()
    ))
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prediction_says_how_far_off() {
        assert!(prediction_for_three_workers(9).passed());
        let short = prediction_for_three_workers(0).to_string();
        assert!(
            short.starts_with("FAIL") && short.contains("9 too short"),
            "{short}"
        );
        let long = prediction_for_three_workers(13).to_string();
        assert!(
            long.contains("4 too long") && long.contains("Hint:"),
            "{long}"
        );
        assert!(!prediction_for_three_workers(usize::MAX).passed());
    }

    #[test]
    fn makespan_function_is_tested_on_tricky_cases() {
        assert!(makespan_function(greedy_makespan::<usize>).passed());
        let starter = makespan_function(|_, _| 0).to_string();
        assert!(
            starter.starts_with("FAIL") && starter.contains("returns 0"),
            "{starter}"
        );
        // Shortcuts that look right on the tutorial's words but not in general.
        let longest = |units: &[usize], _: usize| units.iter().copied().max().unwrap_or(0);
        assert!(!makespan_function(longest).passed());
        let average =
            |units: &[usize], workers: usize| units.iter().sum::<usize>().div_ceil(workers);
        assert!(!makespan_function(average).passed());
        let both =
            |units: &[usize], workers: usize| average(units, workers).max(longest(units, workers));
        let verdict = makespan_function(both).to_string();
        assert!(verdict.contains("[1, 1, 1, 4]"), "{verdict}");
    }

    #[test]
    fn a_panicking_function_is_a_fail_not_a_panic() {
        // Right everywhere but on the empty list, where it indexes past the end.
        let indexes_blindly = |units: &[usize], workers: usize| {
            let _first = units[0];
            greedy_makespan(units, workers)
        };
        let verdict = makespan_function(indexes_blindly).to_string();
        assert!(
            verdict.starts_with("FAIL: your function panicked"),
            "{verdict}"
        );
    }
}
