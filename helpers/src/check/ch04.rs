//! Checks for chapter 04's exercises: results in completion order through a channel, and three
//! workers pulling words from a channel.
//!
//! ```
//! use helpers::check::ch04;
//! let input_order: Vec<String> = helpers::TUTORIAL_TOKENS.iter().map(|t| t.to_uppercase()).collect();
//! assert!(ch04::completion_order(&input_order).to_string().starts_with("FAIL"));
//! ```

use std::time::Duration;

use super::ch03::{every_word_run_once, most_at_once};
use super::{Verdict, results_any_order, time_within};
use crate::{Record, Run, TUTORIAL_TOKENS, char_count, greedy_makespan};

/// Every result once, shortest words first: the one-letter words (done after one unit), then the
/// three-letter ones, then `HELLO` and `WORLD`. Within a length, any order: those finish together.
pub fn completion_order<R: AsRef<str>>(results: &[R]) -> Verdict {
    results_any_order(&TUTORIAL_TOKENS, results).and(|| {
        let got: Vec<&str> = results.iter().map(AsRef::as_ref).collect();
        match got
            .windows(2)
            .position(|pair| char_count(pair[0]) > char_count(pair[1]))
        {
            None => Verdict::pass(
                "all twelve results, each as soon as its word was done: the short ones first",
            ),
            Some(i) => Verdict::fail(
                format!(
                    "{:?} ({} letters) came before {:?} ({} letter{}), which finished earlier.",
                    got[i],
                    char_count(got[i]),
                    got[i + 1],
                    char_count(got[i + 1]),
                    if char_count(got[i + 1]) == 1 { "" } else { "s" }
                ),
                "let each thread send its result into the channel when it is done, and collect \
                 from the receiver, rather than joining the threads in input order.",
            ),
        }
    })
}

/// The twelve words run by three workers that each take the next word from a channel: every word
/// once, never more than three at once, in the time of a three-worker pool.
pub fn three_workers<R: AsRef<str>>(results: &[R], run: &Run) -> Verdict {
    three_workers_with(results, run.records(), run.wall, run.unit)
}

fn three_workers_with<R: AsRef<str>>(
    results: &[R],
    records: &[Record],
    wall: Duration,
    unit: Duration,
) -> Verdict {
    let units: Vec<usize> = TUTORIAL_TOKENS.iter().map(|t| char_count(t)).collect();
    let predicted = greedy_makespan(&units, 3);
    results_any_order(&TUTORIAL_TOKENS, results)
        .and(|| every_word_run_once(records))
        .and(|| {
            let mut workers: Vec<&str> = records.iter().map(|r| r.worker.as_str()).collect();
            workers.sort_unstable();
            workers.dedup();
            let (most, _) = most_at_once(records);
            if workers.len() > 3 || most > 3 {
                Verdict::fail(
                    format!(
                        "{} threads worked on the words, up to {most} at once; the pool has three.",
                        workers.len()
                    ),
                    "start exactly three threads, each looping `for token in jobs.iter()` over a \
                     clone of the job receiver, rather than a thread per word.",
                )
            } else {
                Verdict::pass("three workers")
            }
        })
        .and(|| match time_within(wall, unit * predicted as u32, unit) {
            Verdict::Pass(timing) => Verdict::pass(format!(
                "every word once, on three workers; {timing}, as greedy_makespan says for 3"
            )),
            too_slow => too_slow,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const UNIT: Duration = Duration::from_millis(10);

    fn upper(tokens: &[&str]) -> Vec<String> {
        tokens.iter().map(|t| t.to_uppercase()).collect()
    }

    #[test]
    fn completion_order_is_shortest_first() {
        let input_order = upper(&TUTORIAL_TOKENS);
        let verdict = completion_order(&input_order).to_string();
        let expected = "FAIL: \"WORLD\" (5 letters) came before \"HOW\" (3 letters)";
        assert!(verdict.starts_with(expected), "{verdict}");
        let arrived = upper(&[
            "c", "a", "b", "d", "g", "f", "e", "you", "how", "are", "world", "hello",
        ]);
        assert!(completion_order(&arrived).passed());
        let empty: Vec<String> = Vec::new();
        assert!(
            completion_order(&empty)
                .to_string()
                .starts_with("FAIL: no results")
        );
        let lost = upper(&[
            "a", "b", "c", "d", "e", "f", "g", "how", "are", "you", "hello",
        ]);
        assert!(
            completion_order(&lost)
                .to_string()
                .contains("\"WORLD\" is missing")
        );
    }

    /// Records of the tutorial's words on `workers` workers, each free worker taking the next word.
    fn pool_records(workers: usize) -> (Vec<Record>, Duration) {
        let mut free_at = vec![Duration::ZERO; workers];
        let mut records = Vec::new();
        for (index, token) in TUTORIAL_TOKENS.iter().enumerate() {
            let worker = (0..workers).min_by_key(|&w| free_at[w]).unwrap();
            let start = free_at[worker];
            free_at[worker] = start + UNIT * char_count(token) as u32;
            records.push(Record {
                token: token.to_string(),
                index: Some(index),
                outcome: Ok(token.to_uppercase()),
                worker: format!("thread {worker}"),
                start,
                end: free_at[worker],
                rank: 0,
            });
        }
        (records, free_at.into_iter().max().unwrap())
    }

    #[test]
    fn three_workers_are_read_from_the_records() {
        let results = upper(&TUTORIAL_TOKENS);
        let (three, wall) = pool_records(3);
        assert_eq!(wall, UNIT * 9);
        assert!(three_workers_with(&results, &three, wall, UNIT).passed());
        let (twelve, wall) = pool_records(12);
        let verdict = three_workers_with(&results, &twelve, wall, UNIT).to_string();
        assert!(verdict.starts_with("FAIL: 12 threads"), "{verdict}");
        let (one, wall) = pool_records(1);
        let verdict = three_workers_with(&results, &one, wall, UNIT).to_string();
        assert!(verdict.starts_with("FAIL: took"), "{verdict}");
        let empty: Vec<String> = Vec::new();
        assert!(!three_workers_with(&empty, &[], Duration::ZERO, UNIT).passed());
        let verdict = three_workers_with(&results, &three[..11], wall, UNIT).to_string();
        assert!(
            verdict.contains("\"g\" (word 12) was worked on 0 times"),
            "{verdict}"
        );
    }
}
