//! Checks for chapter 03's exercises: keeping every word's outcome when one task panics, and
//! capping how many threads run at once with nothing but `spawn` and `join`. Both read the
//! recorded run: each word's call, what it returned or the message it panicked with, how many ran
//! at once, and the time.
//!
//! ```
//! use helpers::check::ch03;
//! use helpers::{record, set_time_unit, tutorial_tokens};
//! set_time_unit(std::time::Duration::from_millis(1));
//! let tokens = tutorial_tokens();
//! let (outcomes, run) = record("typed in", &tokens, tokens.len(), || {
//!     Vec::<Result<String, String>>::new()
//! });
//! assert!(ch03::every_token_accounted(&outcomes, &run).to_string().starts_with("FAIL"));
//! ```

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use super::Verdict;
use super::common::{
    SHAPE_SLACK_UNITS, at_least_at_once, at_most_at_once, each_token_once, every_word_worked,
    measured_between, results_in_input_order, token_time,
};
use crate::{Record, Run, TUTORIAL_TOKENS, TaskGuard, char_count, greedy_makespan, work};

/// The word on which [`fragile_work`] panics.
pub const FAILING_TOKEN: &str = "you";

/// The work function with a flaw: it panics on [`FAILING_TOKEN`] (after no work at all), and
/// works normally on every other word. The panic's message names the word and a number that
/// differs from call to call, so only the panic's own payload carries it; inside `record` the
/// call is recorded as failed with that message.
pub fn fragile_work(token: &str) -> String {
    if token == FAILING_TOKEN {
        let message = format!("cannot work on {token:?} (call {})", call_number());
        TaskGuard::begin(token).fail(message.clone());
        panic!("{message}");
    }
    work(token)
}

/// A number no learner can know in advance: the clock's nanoseconds mixed with a counter.
fn call_number() -> u64 {
    static CALLS: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos() as u64);
    (nanos
        ^ CALLS
            .fetch_add(1, Ordering::Relaxed)
            .wrapping_mul(0x9E37_79B9))
        % 100_000
}

/// One outcome per tutorial word, in input order: `Ok(result)` as its thread returned it, or, for
/// the word whose task panicked, `Err(message)` with the panic's own message (its payload).
/// Read from the run: every word's call was made once, and each outcome is what that call did.
pub fn every_token_accounted(outcomes: &[Result<String, String>], run: &Run) -> Verdict {
    let keep_going = "match on `handle.join()` for every handle: `Ok(r)` keeps `r`, `Err(payload)` \
                      keeps the message; `.unwrap()` would stop at the first panic, and skipping \
                      the `Err` loses a word.";
    if outcomes.len() != run.tokens.len() {
        let which = if outcomes.len() < run.tokens.len() {
            "too few"
        } else {
            "too many"
        };
        return Verdict::fail(
            format!(
                "{} outcomes for {} words: {which}.",
                outcomes.len(),
                run.tokens.len()
            ),
            keep_going,
        );
    }
    each_token_once(run)
        .and(|| {
            for (index, outcome) in outcomes.iter().enumerate() {
                let Some(call) = run.records().iter().find(|r| r.index == Some(index)) else {
                    continue; // each_token_once saw to it
                };
                let verdict = outcome_matches_call(index, outcome, call).and(|| {
                    let took = call.end.saturating_sub(call.start);
                    if call.outcome.is_ok() && took * 2 < token_time(run, &call.token) {
                        Verdict::fail(
                            format!("the call for {:?} was over too soon.", call.token),
                            "spawn each thread with `check::ch03::fragile_work(t)`.",
                        )
                    } else {
                        Verdict::pass("took its time")
                    }
                });
                if !verdict.passed() {
                    return verdict;
                }
            }
            Verdict::pass("every outcome as its call ended")
        })
        .and(|| {
            let panicked = run.records().iter().filter(|r| r.outcome.is_err()).count();
            if panicked == 0 {
                return Verdict::fail(
                    "no task panicked in this run.",
                    "spawn each thread with `check::ch03::fragile_work(t)`, not `work(t)`.",
                );
            }
            Verdict::pass(format!(
                "{} results and {panicked} failure, every word accounted for: {FAILING_TOKEN:?} \
                 failed with its panic's message, its neighbours did not notice",
                outcomes.len() - panicked
            ))
        })
}

/// One outcome against the recorded call of the same word.
fn outcome_matches_call(index: usize, outcome: &Result<String, String>, call: &Record) -> Verdict {
    let place = format!("outcome {} (for {:?})", index + 1, call.token);
    match (outcome, &call.outcome) {
        (Ok(result), Ok(returned)) if result == returned => Verdict::pass("ok"),
        (Ok(result), Ok(returned)) => Verdict::fail(
            format!("{place} is Ok({result:?}), but its thread returned {returned:?}."),
            "keep the outcomes in input order: join the handles in the order you started them.",
        ),
        (Ok(result), Err(_)) => Verdict::fail(
            format!("{place} is Ok({result:?}), but its task panicked."),
            "a panicked task has no result: keep `Err(message)` for it, with the panic's message.",
        ),
        (Err(message), Ok(_)) => Verdict::fail(
            format!("{place} is Err({message:?}), but its task returned."),
            "keep the outcomes in input order, and `Ok` for the tasks that returned.",
        ),
        (Err(message), Err(payload)) if message == payload => Verdict::pass("ok"),
        (Err(message), Err(_)) => Verdict::fail(
            format!("{place} is Err({message:?}), which is not the message its panic carried."),
            "take the message from the panic's payload: `payload.downcast_ref::<String>()` (a \
             `panic!` with arguments carries a `String`).",
        ),
    }
}

/// The time of the twelve words in batches of three, each joined before the next starts: the
/// slowest word of each batch, added up.
fn batches_of_three_units() -> usize {
    let units: Vec<usize> = TUTORIAL_TOKENS.iter().map(|t| char_count(t)).collect();
    units
        .chunks(3)
        .map(|batch| batch.iter().copied().max().unwrap_or(0))
        .sum()
}

/// The twelve words with at most three threads working at once, results in input order, every
/// word's work recorded once, in no more than the time of batches of three (a sliding window,
/// whose free thread takes the next word, is quicker and passes too).
pub fn at_most_three<R: AsRef<str>>(results: &[R], run: &Run) -> Verdict {
    let units: Vec<usize> = TUTORIAL_TOKENS.iter().map(|t| char_count(t)).collect();
    every_word_worked(run)
        .and(|| results_in_input_order(results, run))
        .and(|| {
            at_least_at_once(run, 3).with_hint(
                "start three threads before joining any: joined one by one they run one at a time.",
            )
        })
        .and(|| {
            at_most_at_once(run, 3).with_hint(
                "start three threads, join all three, then start the next three \
                 (`tokens.chunks(3)`).",
            )
        })
        .and(|| {
            measured_between(
                run,
                greedy_makespan(&units, 3),
                batches_of_three_units(),
                SHAPE_SLACK_UNITS,
            )
        })
        .and(|| {
            Verdict::pass(
                "twelve results in order, never more than three threads at once. Each group \
                 waits for its slowest word, so a thread that finishes early sits idle: \
                 chapter 04 hands the next word to whichever thread is free",
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::fixture::{self, task};

    /// The tutorial's words each on its own thread, `you` panicking at once with `message`.
    fn fragile_run(message: &str) -> Run {
        let tasks = TUTORIAL_TOKENS
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let thread = format!("thread {i}");
                if *t == FAILING_TOKEN {
                    task(t, &thread, 0.0, 0.0).failing(message)
                } else {
                    task(t, &thread, 0.0, char_count(t) as f64)
                }
            })
            .collect();
        fixture::run(&TUTORIAL_TOKENS, tasks)
    }

    const PAYLOAD: &str = "cannot work on \"you\" (call 4711)";

    fn right_outcomes() -> Vec<Result<String, String>> {
        TUTORIAL_TOKENS
            .iter()
            .map(|t| {
                if *t == FAILING_TOKEN {
                    Err(PAYLOAD.to_string())
                } else {
                    Ok(t.to_uppercase())
                }
            })
            .collect()
    }

    #[test]
    fn outcomes_are_held_against_the_calls() {
        let run = fragile_run(PAYLOAD);
        let verdict = every_token_accounted(&right_outcomes(), &run);
        assert!(verdict.passed(), "{verdict}");
        let starter = every_token_accounted(&[], &run).to_string();
        assert!(
            starter.starts_with("FAIL: 0 outcomes for 12 words: too few"),
            "{starter}"
        );
        // The Err skipped: eleven outcomes, and no claim about which word is missing.
        let mut skipped = right_outcomes();
        let _you = skipped.remove(4);
        let skipped = every_token_accounted(&skipped, &run).to_string();
        assert!(
            skipped.contains("11 outcomes") && !skipped.contains("\"g\""),
            "{skipped}"
        );
        let mut vague = right_outcomes();
        vague[4] = Err("cannot work on \"you\"".into());
        let vague = every_token_accounted(&vague, &run).to_string();
        assert!(
            vague.contains("not the message its panic carried"),
            "{vague}"
        );
        let mut swapped = right_outcomes();
        swapped.swap(0, 1);
        let swapped = every_token_accounted(&swapped, &run).to_string();
        assert!(swapped.contains("outcome 1 (for \"hello\")"), "{swapped}");
        let mut made_up_ok = right_outcomes();
        made_up_ok[4] = Ok("YOU".into());
        let made_up_ok = every_token_accounted(&made_up_ok, &run).to_string();
        assert!(made_up_ok.contains("but its task panicked"), "{made_up_ok}");
        let typed_in =
            every_token_accounted(&right_outcomes(), &fixture::run(&TUTORIAL_TOKENS, vec![]));
        assert!(typed_in.to_string().contains("no call"), "{typed_in}");
        let no_panic = fixture::pool(&TUTORIAL_TOKENS, 12);
        let mut all_ok = right_outcomes();
        all_ok[4] = Ok("YOU".into());
        let no_panic = every_token_accounted(&all_ok, &no_panic).to_string();
        assert!(no_panic.contains("fragile_work"), "{no_panic}");
    }

    #[test]
    fn the_flawed_work_panics_only_on_its_word_with_a_fresh_message() {
        let _unit = crate::test_unit(std::time::Duration::from_millis(1));
        let _no_run = crate::outside_any_run();
        assert_eq!(fragile_work("a"), "A");
        let message = |_| {
            let payload = std::panic::catch_unwind(|| fragile_work(FAILING_TOKEN)).unwrap_err();
            payload.downcast_ref::<String>().cloned().unwrap()
        };
        let first: String = message(0);
        assert!(
            first.starts_with("cannot work on \"you\" (call "),
            "{first}"
        );
        assert_ne!(first, message(1));
    }

    #[test]
    fn three_at_once_is_read_from_the_records() {
        let results: Vec<String> = TUTORIAL_TOKENS.iter().map(|t| t.to_uppercase()).collect();
        let verdict = at_most_three(&results, &fixture::batches(&TUTORIAL_TOKENS, 3));
        assert!(verdict.passed(), "{verdict}");
        let window = at_most_three(&results, &fixture::pool(&TUTORIAL_TOKENS, 3));
        assert!(
            window.passed(),
            "a sliding window of three passes too: {window}"
        );
        let twelve = at_most_three(&results, &fixture::batches(&TUTORIAL_TOKENS, 12)).to_string();
        assert!(
            twelve.starts_with("FAIL: 12 words were being worked on at once"),
            "{twelve}"
        );
        let pairs = at_most_three(&results, &fixture::batches(&TUTORIAL_TOKENS, 2)).to_string();
        assert!(pairs.contains("too few at once"), "{pairs}");
        let empty: Vec<String> = Vec::new();
        let nothing = fixture::run(&TUTORIAL_TOKENS, vec![]);
        assert!(!at_most_three(&empty, &nothing).passed());
        assert!(!at_most_three(&results, &nothing).passed());
    }
}
