//! Checks for chapter 04's exercises: results in completion order through a channel, and four
//! workers pulling words from a job channel. Both read the recorded run: every word's work, the
//! order of the results against the recorded end times, how many threads ran and the time.
//!
//! ```
//! use helpers::check::ch04;
//! use helpers::{record, set_time_unit, tutorial_tokens, work};
//! set_time_unit(std::time::Duration::from_millis(1));
//! let tokens = tutorial_tokens();
//! // One after another, in input order: not the order a thread per word finishes in.
//! let (arrived, run) = record("input order", &tokens, 1, || {
//!     tokens.iter().map(|t| work(t)).collect::<Vec<_>>()
//! });
//! assert!(ch04::completion_order(&arrived, &run).to_string().starts_with("FAIL"));
//! ```

use super::Verdict;
use super::common::{
    SHAPE_SLACK_UNITS, at_least_at_once, at_most_at_once, every_word_worked, kept_busy,
    measured_between, on_workers, results_in_completion_order,
};
use crate::{Run, TUTORIAL_TOKENS, char_count, greedy_makespan};

/// The pool size of the second exercise.
pub const WORKERS: usize = 4;

/// A thread per word, each sending its result into a channel: every word's work, all at once,
/// and the results in the order the calls ended (sorting afterwards or joining in input order
/// fails), in the time of the longest word.
pub fn completion_order<R: AsRef<str>>(arrived: &[R], run: &Run) -> Verdict {
    let longest = run.tokens.iter().map(|t| char_count(t)).max().unwrap_or(0);
    every_word_worked(run)
        .and(|| results_in_completion_order(arrived, run))
        .and(|| {
            at_least_at_once(run, run.tokens.len()).with_hint(
                "spawn a thread per word, each with its own clone of the sender, before \
                 receiving anything.",
            )
        })
        .and(|| measured_between(run, longest, longest, SHAPE_SLACK_UNITS))
        .and(|| {
            Verdict::pass(format!(
                "all {} results, each as soon as its word was done",
                run.tokens.len()
            ))
        })
}

/// The twelve words run by [`WORKERS`] threads that each take the next word from a job channel
/// whenever they are free: every word once, exactly that many threads, never more at once,
/// results in completion order, in the time the greedy arithmetic gives for that many workers.
pub fn four_workers<R: AsRef<str>>(results: &[R], run: &Run) -> Verdict {
    let units: Vec<usize> = TUTORIAL_TOKENS.iter().map(|t| char_count(t)).collect();
    let hint = "start exactly four threads, each looping `for token in jobs.iter()` over a \
                clone of the job receiver, rather than a thread per word.";
    every_word_worked(run)
        .and(|| results_in_completion_order(results, run))
        .and(|| on_workers(run, WORKERS).with_hint(hint))
        .and(|| at_most_at_once(run, WORKERS).with_hint(hint))
        .and(|| kept_busy(run, WORKERS))
        .and(|| {
            {
                let pool = greedy_makespan(&units, WORKERS);
                measured_between(run, pool, pool, SHAPE_SLACK_UNITS)
            }
            .with_hint(
                "a worker must take the next word as soon as it is free: words dealt out in \
                 advance, or in groups of four, leave workers idle while words are waiting.",
            )
        })
        .and(|| {
            Verdict::pass(
                "every word once, on four workers that each took the next word when free, \
                 as greedy_makespan predicts",
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::fixture::{self, upper};

    #[test]
    fn completion_order_is_read_from_the_end_times() {
        let threads = fixture::pool(&TUTORIAL_TOKENS, 12);
        let arrived = upper(&[
            "c", "a", "b", "d", "g", "f", "e", "you", "how", "are", "world", "hello",
        ]);
        let verdict = completion_order(&arrived, &threads);
        assert!(verdict.passed(), "{verdict}");
        let input_order = completion_order(&upper(&TUTORIAL_TOKENS), &threads).to_string();
        assert!(
            input_order.contains("\"HELLO\" comes before"),
            "{input_order}"
        );
        let sorted_after = completion_order(&arrived, &fixture::pool(&TUTORIAL_TOKENS, 1));
        assert!(!sorted_after.passed(), "{sorted_after}");
        let empty: Vec<String> = Vec::new();
        let typed_in = completion_order(&arrived, &fixture::run(&TUTORIAL_TOKENS, vec![]));
        assert!(
            typed_in.to_string().starts_with("FAIL: no call"),
            "{typed_in}"
        );
        assert!(!completion_order(&empty, &threads).passed());
        let lost = completion_order(&arrived[..11], &threads).to_string();
        assert!(
            lost.contains("\"HELLO\" was worked out, but it is missing"),
            "{lost}"
        );
    }

    #[test]
    fn four_workers_are_read_from_the_records() {
        let four = fixture::pool(&TUTORIAL_TOKENS, WORKERS);
        assert_eq!(four.wall, fixture::UNIT * 7);
        let mut by_end: Vec<_> = four.records().to_vec();
        by_end.sort_by_key(|r| r.end);
        let arrived: Vec<String> = by_end.iter().map(|r| r.token.to_uppercase()).collect();
        let verdict = four_workers(&arrived, &four);
        assert!(verdict.passed(), "{verdict}");
        let twelve = fixture::pool(&TUTORIAL_TOKENS, 12);
        let verdict = four_workers(
            &upper(&[
                "a", "b", "c", "d", "e", "f", "g", "how", "are", "you", "hello", "world",
            ]),
            &twelve,
        )
        .to_string();
        assert!(
            verdict.contains("12 workers ran the words: too many"),
            "{verdict}"
        );
        let three = fixture::pool(&TUTORIAL_TOKENS, 3);
        let mut by_end: Vec<_> = three.records().to_vec();
        by_end.sort_by_key(|r| r.end);
        let arrived3: Vec<String> = by_end.iter().map(|r| r.token.to_uppercase()).collect();
        assert!(
            four_workers(&arrived3, &three)
                .to_string()
                .contains("too few")
        );
        // Groups of four: four threads reused, but each group waits for its slowest word.
        let mut groups = fixture::batches(&TUTORIAL_TOKENS, 4);
        for (i, record) in groups.records.iter_mut().enumerate() {
            record.worker = format!("worker {}", record.index.unwrap_or(i) % 4);
        }
        let mut by_end: Vec<_> = groups.records().to_vec();
        by_end.sort_by_key(|r| r.end);
        let arrived_groups: Vec<String> = by_end.iter().map(|r| r.token.to_uppercase()).collect();
        let verdict = four_workers(&arrived_groups, &groups).to_string();
        assert!(verdict.contains("sat idle"), "{verdict}");
        assert!(!four_workers(&upper(&TUTORIAL_TOKENS), &four).passed());
    }
}
