//! Checks for chapter 02's exercises: scoped threads over part of the input, and a rayon pool
//! sized for waiting.
//!
//! ```
//! use helpers::check::ch02;
//! use std::time::Duration;
//! let nothing: Vec<String> = Vec::new();
//! assert!(ch02::long_words_in_order(&nothing, Duration::ZERO).to_string().starts_with("FAIL"));
//! ```

use std::time::Duration;

use super::{Verdict, results_in_order, time_within};
use crate::{TUTORIAL_TOKENS, char_count, greedy_makespan, time_unit};

/// The tutorial's words with more than one letter: `hello world how are you`.
pub fn long_words() -> Vec<&'static str> {
    TUTORIAL_TOKENS
        .iter()
        .copied()
        .filter(|t| char_count(t) > 1)
        .collect()
}

/// The unit in force, or the FAIL that says why there is none.
fn unit() -> Result<Duration, Verdict> {
    time_unit().map_err(|error| {
        Verdict::fail(
            format!("the time unit is not valid: {error}."),
            "unset TIME_UNIT_MS or give it a number of milliseconds, then restart the kernel.",
        )
    })
}

/// A scoped thread per word of more than one letter: their results in input order, in the time of
/// the longest word.
pub fn long_words_in_order<R: AsRef<str>>(results: &[R], elapsed: Duration) -> Verdict {
    match unit() {
        Ok(unit) => long_words_in_order_with(results, elapsed, unit),
        Err(verdict) => verdict,
    }
}

fn long_words_in_order_with<R: AsRef<str>>(
    results: &[R],
    elapsed: Duration,
    unit: Duration,
) -> Verdict {
    let words = long_words();
    let got: Vec<&str> = results.iter().map(AsRef::as_ref).collect();
    if let Some(short) = got.iter().find(|r| char_count(r) == 1) {
        return Verdict::fail(
            format!("{short:?} is a one-letter word's result."),
            "keep only the words with more than one letter: `.filter(|t| char_count(t) > 1)`.",
        );
    }
    let predicted = unit * 5; // a thread per word: the longest word, hello or world
    results_in_order(&words, &got).and(|| match time_within(elapsed, predicted, unit) {
        Verdict::Pass(timing) => {
            Verdict::pass(format!("{} words in input order; {timing}", words.len()))
        }
        too_slow => too_slow,
    })
}

/// A rayon pool of `threads` threads that runs the twelve words in the time of the longest word,
/// whatever the machine's cores.
pub fn sized_pool<R: AsRef<str>>(threads: usize, results: &[R], elapsed: Duration) -> Verdict {
    match unit() {
        Ok(unit) => sized_pool_with(threads, results, elapsed, unit),
        Err(verdict) => verdict,
    }
}

fn sized_pool_with<R: AsRef<str>>(
    threads: usize,
    results: &[R],
    elapsed: Duration,
    unit: Duration,
) -> Verdict {
    let units: Vec<usize> = TUTORIAL_TOKENS.iter().map(|t| char_count(t)).collect();
    let goal = units.iter().copied().max().unwrap_or(0);
    if threads == 0 {
        return Verdict::fail(
            "a pool of 0 threads runs nothing.",
            "pass the number you gave to `ThreadPoolBuilder::num_threads`.",
        );
    }
    let best_case = greedy_makespan(&units, threads);
    if best_case > goal {
        return Verdict::fail(
            format!(
                "with {threads} thread{} even a perfect queue needs {best_case} units, not {goal}.",
                if threads == 1 { "" } else { "s" }
            ),
            "size the pool for the waits, not the cores: how many words must sleep at the same time?",
        );
    }
    results_in_order(&TUTORIAL_TOKENS, results).and(|| {
        time_within(elapsed, unit * goal as u32, unit).and(|| {
            let note = if threads < units.len() {
                format!(
                    " ({threads} threads suffice for a queue, but rayon splits the list in halves \
                     instead of handing out words in order, so a five-letter word can wait behind \
                     a short one: one thread per word, {}, is the size that always gives {goal})",
                    units.len()
                )
            } else {
                String::new()
            };
            Verdict::pass(format!(
                "all twelve results in order on {threads} threads, in {:.1} units{note}",
                elapsed.as_secs_f64() / unit.as_secs_f64()
            ))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const UNIT: Duration = Duration::from_millis(20);

    fn upper(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_uppercase()).collect()
    }

    #[test]
    fn long_words_need_all_five_in_order_and_in_time() {
        let right = upper(&long_words());
        assert!(long_words_in_order_with(&right, UNIT * 5, UNIT).passed());
        let empty: Vec<String> = Vec::new();
        let starter = long_words_in_order_with(&empty, Duration::ZERO, UNIT).to_string();
        assert!(starter.starts_with("FAIL: no results"), "{starter}");
        let all = upper(&TUTORIAL_TOKENS);
        let with_short = long_words_in_order_with(&all, UNIT * 5, UNIT).to_string();
        assert!(with_short.contains("one-letter"), "{with_short}");
        let reversed: Vec<String> = right.iter().rev().cloned().collect();
        assert!(!long_words_in_order_with(&reversed, UNIT * 5, UNIT).passed());
        // One after another: 19 units, not 5.
        let sequential = long_words_in_order_with(&right, UNIT * 19, UNIT).to_string();
        assert!(sequential.starts_with("FAIL: took"), "{sequential}");
    }

    #[test]
    fn pool_size_decides_before_the_clock() {
        let right = upper(&TUTORIAL_TOKENS);
        assert!(sized_pool_with(12, &right, UNIT * 5, UNIT).passed());
        let six = sized_pool_with(6, &right, UNIT * 7, UNIT);
        assert!(
            six.passed() && six.to_string().contains("one thread per word"),
            "{six}"
        );
        let two = sized_pool_with(2, &right, UNIT * 13, UNIT).to_string();
        assert!(two.contains("needs 13 units"), "{two}");
        assert!(!sized_pool_with(0, &right, UNIT, UNIT).passed());
        let empty: Vec<String> = Vec::new();
        assert!(!sized_pool_with(12, &empty, UNIT * 5, UNIT).passed());
        assert!(!sized_pool_with(12, &right, UNIT * 26, UNIT).passed());
    }
}
