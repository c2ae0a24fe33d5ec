//! Checks for chapter 03's exercises: keeping every word's outcome when one task panics, and
//! capping how many threads run at once with nothing but `spawn` and `join`.
//!
//! ```
//! use helpers::check::ch03;
//! let nothing: Vec<Result<String, String>> = Vec::new();
//! assert!(ch03::every_token_accounted(&nothing).to_string().starts_with("FAIL"));
//! ```

use std::time::Duration;

use super::{Verdict, results_in_order, time_within};
use crate::{Record, Run, TUTORIAL_TOKENS, char_count, work};

/// The word on which [`fragile_work`] panics.
pub const FAILING_TOKEN: &str = "you";

/// The work function with a flaw: it panics on [`FAILING_TOKEN`] (after no work at all), and
/// works normally on every other word.
pub fn fragile_work(token: &str) -> String {
    if token == FAILING_TOKEN {
        panic!("cannot work on {token:?}");
    }
    work(token)
}

/// One outcome per tutorial word, in input order: `Ok(result)`, or `Err(message)` for the word
/// whose task panicked, carrying the panic's message.
pub fn every_token_accounted(outcomes: &[Result<String, String>]) -> Verdict {
    let keep_going = "match on `handle.join()` for every handle: `Ok(r)` keeps `r`, `Err(payload)` \
                      keeps the message; `.unwrap()` would stop at the first panic.";
    if outcomes.len() < TUTORIAL_TOKENS.len() {
        let missing: Vec<&str> = TUTORIAL_TOKENS[outcomes.len()..].to_vec();
        let problem = if outcomes.is_empty() {
            "no outcomes at all.".to_string()
        } else {
            format!(
                "{} outcomes for 12 words: {} missing.",
                outcomes.len(),
                missing.join(" ")
            )
        };
        return Verdict::fail(problem, keep_going);
    }
    if outcomes.len() > TUTORIAL_TOKENS.len() {
        return Verdict::fail(
            format!("{} outcomes for 12 words.", outcomes.len()),
            "one outcome per handle, one handle per word.",
        );
    }
    for (index, (token, outcome)) in TUTORIAL_TOKENS.iter().zip(outcomes).enumerate() {
        let place = format!("outcome {} (for {token:?})", index + 1);
        match outcome {
            Ok(result) if *token == FAILING_TOKEN => {
                return Verdict::fail(
                    format!("{place} is Ok({result:?}), but the task for {token:?} panics."),
                    "spawn each thread with `ch03::fragile_work(t)`, not `work(t)`.",
                );
            }
            Ok(result) if *result != token.to_uppercase() => {
                return Verdict::fail(
                    format!(
                        "{place} is Ok({result:?}), expected Ok({:?}).",
                        token.to_uppercase()
                    ),
                    "keep the outcomes in input order: join the handles in the order you started them.",
                );
            }
            Err(message) if *token != FAILING_TOKEN => {
                return Verdict::fail(
                    format!("{place} is Err({message:?}), but only {FAILING_TOKEN:?} fails."),
                    "keep the outcomes in input order, and `Ok` for the tasks that returned.",
                );
            }
            Err(message) if !message.contains(token) => {
                return Verdict::fail(
                    format!("{place} is Err({message:?}), which does not say what the panic said."),
                    "the payload of a `panic!` with arguments is a `String`: \
                     `payload.downcast_ref::<String>()` gets its message.",
                );
            }
            _ => {}
        }
    }
    Verdict::pass(format!(
        "11 results and 1 failure, every word accounted for: {FAILING_TOKEN:?} failed, \
         its neighbours did not notice"
    ))
}

/// Batches of three, each joined before the next starts: 5 + 3 + 1 + 1 units.
fn batches_of_three_units() -> usize {
    let units: Vec<usize> = TUTORIAL_TOKENS.iter().map(|t| char_count(t)).collect();
    units
        .chunks(3)
        .map(|batch| batch.iter().copied().max().unwrap_or(0))
        .sum()
}

/// The twelve words with at most three threads working at once, results in input order, every
/// word run once, in about the time of batches of three.
pub fn at_most_three<R: AsRef<str>>(results: &[R], run: &Run) -> Verdict {
    at_most_three_with(results, run.records(), run.wall, run.unit)
}

fn at_most_three_with<R: AsRef<str>>(
    results: &[R],
    records: &[Record],
    wall: Duration,
    unit: Duration,
) -> Verdict {
    results_in_order(&TUTORIAL_TOKENS, results)
        .and(|| every_word_run_once(records))
        .and(|| {
            let (most, at) = most_at_once(records);
            if most > 3 {
                Verdict::fail(
                    format!(
                        "{most} words were working at once ({:.1} units into the run).",
                        at.as_secs_f64() / unit.as_secs_f64()
                    ),
                    "start three threads, join all three, then start the next three \
                     (`tokens.chunks(3)`).",
                )
            } else {
                Verdict::pass(format!("at most {most} at once"))
            }
        })
        .and(
            || match time_within(wall, unit * batches_of_three_units() as u32, unit) {
                Verdict::Pass(timing) => Verdict::pass(format!(
                    "twelve results in order, never more than three threads at once; {timing} \
                     (batches of three; a pool whose free thread takes the next word would \
                     take 9)"
                )),
                too_slow => too_slow,
            },
        )
}

pub(super) fn every_word_run_once(records: &[Record]) -> Verdict {
    if records.is_empty() {
        return Verdict::fail(
            "no call of `work` was recorded.",
            "run the threads inside `record(...)`'s closure, each calling `work(t)`.",
        );
    }
    for (index, token) in TUTORIAL_TOKENS.iter().enumerate() {
        let runs = records.iter().filter(|r| r.index == Some(index)).count();
        if runs != 1 {
            return Verdict::fail(
                format!("{token:?} (word {}) was worked on {runs} times.", index + 1),
                "every word exactly once: one thread per word, every thread joined.",
            );
        }
    }
    Verdict::pass("every word once")
}

/// The most calls running at the same moment, and when that was first reached.
pub(super) fn most_at_once(records: &[Record]) -> (usize, Duration) {
    super::peak_overlap(records.iter().map(|r| (r.start, r.end)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const UNIT: Duration = Duration::from_millis(10);

    fn right_outcomes() -> Vec<Result<String, String>> {
        TUTORIAL_TOKENS
            .iter()
            .map(|t| {
                if *t == FAILING_TOKEN {
                    Err(format!("cannot work on {t:?}"))
                } else {
                    Ok(t.to_uppercase())
                }
            })
            .collect()
    }

    #[test]
    fn outcomes_account_for_every_word() {
        assert!(every_token_accounted(&right_outcomes()).passed());
        let starter = every_token_accounted(&[]).to_string();
        assert!(starter.starts_with("FAIL: no outcomes"), "{starter}");
        // unwrap() in the loop: stops at the panic, loses the words after it.
        let stopped = every_token_accounted(&right_outcomes()[..4]).to_string();
        assert!(stopped.contains("you a b c d e f g missing"), "{stopped}");
        let mut vague = right_outcomes();
        vague[4] = Err("panicked".into());
        assert!(
            every_token_accounted(&vague)
                .to_string()
                .contains("downcast_ref")
        );
        let mut swapped = right_outcomes();
        swapped.swap(0, 1);
        assert!(
            every_token_accounted(&swapped)
                .to_string()
                .contains("outcome 1")
        );
        let mut all_ok = right_outcomes();
        all_ok[4] = Ok("YOU".into());
        assert!(
            every_token_accounted(&all_ok)
                .to_string()
                .contains("fragile_work")
        );
        let mut doubled = right_outcomes();
        doubled.push(Ok("G".into()));
        assert!(!every_token_accounted(&doubled).passed());
    }

    #[test]
    fn the_flawed_work_panics_only_on_its_word() {
        crate::set_time_unit(Duration::from_millis(1));
        let _no_run = crate::outside_any_run();
        assert_eq!(fragile_work("a"), "A");
        assert!(std::panic::catch_unwind(|| fragile_work(FAILING_TOKEN)).is_err());
    }

    /// Records of the tutorial's words run in batches of `batch`, each batch after the last.
    fn batched_records(batch: usize) -> (Vec<Record>, Duration) {
        let mut records = Vec::new();
        let mut start = Duration::ZERO;
        for (chunk_index, chunk) in TUTORIAL_TOKENS.chunks(batch).enumerate() {
            let mut longest = Duration::ZERO;
            for (offset, token) in chunk.iter().enumerate() {
                let length = UNIT * char_count(token) as u32;
                longest = longest.max(length);
                records.push(Record {
                    token: token.to_string(),
                    index: Some(chunk_index * batch + offset),
                    outcome: Ok(token.to_uppercase()),
                    worker: format!("thread {}", chunk_index * batch + offset),
                    start,
                    end: start + length,
                    rank: 0,
                });
            }
            start += longest;
        }
        (records, start)
    }

    #[test]
    fn three_at_once_is_read_from_the_records() {
        let results: Vec<String> = TUTORIAL_TOKENS.iter().map(|t| t.to_uppercase()).collect();
        let (three, wall) = batched_records(3);
        assert_eq!(wall, UNIT * 10);
        let verdict = at_most_three_with(&results, &three, wall, UNIT);
        assert!(verdict.passed(), "{verdict}");
        let (twelve, wall) = batched_records(12);
        let verdict = at_most_three_with(&results, &twelve, wall, UNIT).to_string();
        assert!(
            verdict.starts_with("FAIL: 12 words were working at once"),
            "{verdict}"
        );
        let (one, wall) = batched_records(1);
        let verdict = at_most_three_with(&results, &one, wall, UNIT).to_string();
        assert!(verdict.starts_with("FAIL: took"), "{verdict}");
        let verdict = at_most_three_with(&results, &three[1..], wall, UNIT).to_string();
        assert!(
            verdict.contains("\"hello\" (word 1) was worked on 0 times"),
            "{verdict}"
        );
        let empty: Vec<String> = Vec::new();
        assert!(!at_most_three_with(&empty, &[], Duration::ZERO, UNIT).passed());
        assert!(!at_most_three_with(&results, &[], wall, UNIT).passed());
    }
}
