//! Checks for chapter 01's exercises: predicting a pool's time, by hand and as a function.
//! Both are pure arithmetic, so they take the learner's values only (no run).
//!
//! ```
//! use helpers::check::ch01;
//! assert!(ch01::prediction_for_three_workers(0).to_string().starts_with("FAIL"));
//! fn by_total(units: &[usize], workers: usize) -> usize { units.iter().sum::<usize>() / workers }
//! assert!(!ch01::makespan_function(by_total).passed()); // the average is not the makespan
//! ```

use std::panic::{AssertUnwindSafe, catch_unwind};

use super::Verdict;
use super::common::{Prediction, prediction_exact};
use crate::{TUTORIAL_TOKENS, char_count, greedy_makespan};

/// The tutorial's words in units: 5 5 3 3 3 1 1 1 1 1 1 1.
fn tutorial_units() -> Vec<usize> {
    TUTORIAL_TOKENS.iter().map(|t| char_count(t)).collect()
}

/// The learner's hand-made prediction for the twelve words on a pool of three workers: exact, as
/// any integer or float.
pub fn prediction_for_three_workers(predicted_units: impl Prediction) -> Verdict {
    let expected = greedy_makespan(&tutorial_units(), 3);
    let hint = "write the words in order and give each to the worker that is free first \
                (three columns on paper); the run ends when the longest column ends.";
    prediction_exact(predicted_units, expected, hint).and(|| {
        Verdict::pass(format!(
            "{expected} units on three workers: hello, world and how start together, the rest \
             fill in as workers free up"
        ))
    })
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
                let direction = if got < expected {
                    "too low"
                } else {
                    "too high"
                };
                return Verdict::fail(
                    format!("{case} it returns {got}: {direction}."),
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
    fn prediction_says_which_way_not_how_far() {
        assert!(prediction_for_three_workers(9).passed());
        assert!(prediction_for_three_workers(9usize).passed());
        assert!(prediction_for_three_workers(9.0).passed());
        let short = prediction_for_three_workers(0).to_string();
        assert!(
            short.starts_with("FAIL") && short.contains("too low") && !short.contains('9'),
            "{short}"
        );
        let long = prediction_for_three_workers(13u32).to_string();
        assert!(
            long.contains("too high") && long.contains("Hint:") && !long.contains('9'),
            "{long}"
        );
        assert!(!prediction_for_three_workers(9.5).passed());
        assert!(!prediction_for_three_workers(usize::MAX).passed());
    }

    #[test]
    fn makespan_function_is_tested_on_tricky_cases() {
        assert!(makespan_function(greedy_makespan::<usize>).passed());
        let starter = makespan_function(|_, _| 0).to_string();
        assert!(
            starter.starts_with("FAIL") && starter.contains("returns 0: too low"),
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
        // The tutorial's table typed in: right on the tutorial's words only.
        let typed_in = |_: &[usize], workers: usize| [0, 26, 13, 9, 7, 6, 5][workers.min(6)];
        assert!(!makespan_function(typed_in).passed());
        // Round robin: word i to worker i % workers, not to the first free one.
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
