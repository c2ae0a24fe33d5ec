//! Checks for chapter 10's exercises: every outcome kept although one task panics, and a run
//! stopped cooperatively before a deadline with every word done or cancelled. Both read the
//! recorded run: an outcome counts only if the word's work ran and ended that way.

use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::check::{Verdict, common};
use crate::{Record, Run, char_count};

/// Exercise "lose nothing": one outcome per word, in input order, from `par_iter` on rayon's
/// threads: `Ok(WORD)` where the word's call returned it, and for the call that panicked an `Err`
/// holding that panic's own message. The check learns the message by asking `failing_work`, the
/// chapter's `risky`, for the word whose call was recorded as failed.
pub fn every_outcome(
    outcomes: &[Result<String, String>],
    failing_work: impl Fn(&str) -> String,
    run: &Run,
) -> Verdict {
    one_outcome_per_word(outcomes.len(), run)
        .and(|| common::each_token_once(run))
        .and(|| outcomes_as_recorded(outcomes, run))
        .and(|| errors_hold_the_payload(outcomes, run, &failing_work))
        .and(|| {
            common::on_rayon_threads(run)
                .with_hint("keep par_iter, and catch each word's panic inside its map.")
        })
        .and(|| {
            let wanted = rayon::current_num_threads().min(run.tokens.len()).max(1);
            common::at_least_at_once(run, wanted)
                .with_hint("keep par_iter: the words run on rayon's threads, several at once.")
        })
        .and(|| {
            let failed = outcomes.iter().filter(|o| o.is_err()).count();
            Verdict::pass(format!(
                "{} results and {failed} failure, in input order, each as its task ended: nothing lost",
                outcomes.len() - failed
            ))
        })
}

fn one_outcome_per_word(count: usize, run: &Run) -> Verdict {
    let words = run.tokens.len();
    if count == words {
        return Verdict::pass("one outcome per word");
    }
    let way = if count < words { "fewer" } else { "more" };
    Verdict::fail(
        format!("{way} outcomes than words: every word needs exactly one."),
        "catch the panic inside each task, where only that word is lost (`catch_unwind` inside \
         the `map`), then turn the payload into a message.",
    )
}

/// Word by word in input order: an `Ok` is what the word's call returned, an `Err` stands for a
/// call that failed.
fn outcomes_as_recorded(outcomes: &[Result<String, String>], run: &Run) -> Verdict {
    let by_index = run.in_input_order();
    for (i, (outcome, record)) in outcomes.iter().zip(by_index).enumerate() {
        let word = &record.token;
        match (outcome, &record.outcome) {
            (Ok(result), Ok(returned)) if result == returned => {}
            (Ok(result), Ok(_)) => {
                return Verdict::fail(
                    format!(
                        "outcome {} is {result:?}, which is not what the call for {word:?} returned.",
                        i + 1
                    ),
                    "keep each word's own result, in input order: collect the par_iter's map.",
                );
            }
            (Ok(_), Err(_)) => {
                return Verdict::fail(
                    format!(
                        "outcome {} ({word:?}) is an Ok, but its task panicked.",
                        i + 1
                    ),
                    "keep the Err of the failed task; do not make up a value for it.",
                );
            }
            (Err(_), Ok(_)) => {
                return Verdict::fail(
                    format!(
                        "outcome {} ({word:?}) is an Err, but its task succeeded.",
                        i + 1
                    ),
                    "only the task that panicked has an Err: keep the others' results, in input order.",
                );
            }
            (Err(_), Err(_)) => {}
        }
    }
    Verdict::pass("outcomes as recorded")
}

/// Each `Err` is the message of the panic that ended its word's call.
fn errors_hold_the_payload(
    outcomes: &[Result<String, String>],
    run: &Run,
    failing_work: &impl Fn(&str) -> String,
) -> Verdict {
    for (outcome, record) in outcomes.iter().zip(run.in_input_order()) {
        let Err(message) = outcome else { continue };
        let payload = panic_message(|| failing_work(&record.token));
        if payload.as_deref() != Some(message.as_str()) {
            return Verdict::fail(
                format!(
                    "the Err of {:?} says {message:?}, which is not its panic's message.",
                    record.token
                ),
                "read the message out of the payload that catch_unwind returns (the chapter's \
                 `message` function does); do not write one of your own.",
            );
        }
    }
    Verdict::pass("the panic's own message")
}

/// The message `work` panics with, or `None` if it returns; the panic is kept off the screen.
fn panic_message(work: impl FnOnce() -> String) -> Option<String> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let outcome = catch_unwind(AssertUnwindSafe(work));
    std::panic::set_hook(hook);
    let payload = outcome.err()?;
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
}

/// The pool and the deadline of exercise 2.
const WORKERS: usize = 2;
const DEADLINE_UNITS: f64 = 6.5;

/// What a pool of `workers` that starts a word only when it can finish by the deadline gets done:
/// the characters' units of the words it finishes. Each free worker takes the next word in order;
/// a word that would end late is cancelled, and the worker takes the next one.
pub fn units_that_fit<S: AsRef<str>>(tokens: &[S], workers: usize, deadline_units: f64) -> usize {
    let mut free_at = vec![0usize; workers.max(1)];
    let mut done = 0;
    for token in tokens {
        let units = char_count(token.as_ref());
        let earliest = (0..free_at.len())
            .min_by_key(|&w| free_at[w])
            .expect("at least one worker");
        if (free_at[earliest] + units) as f64 <= deadline_units {
            free_at[earliest] += units;
            done += units;
        }
    }
    done
}

/// Exercise "stop before the deadline": `outcomes` has one entry per word in input order,
/// `Some(WORD)` for a word whose work ran and returned it, `None` for one whose work never
/// started; the run, on [`WORKERS`] workers, ended by the deadline; and no word was cancelled that
/// could still have finished in time.
pub fn stopped_before_deadline(outcomes: &[Option<String>], run: &Run) -> Verdict {
    one_outcome_per_word(outcomes.len(), run)
        .and(|| done_as_recorded(outcomes, run))
        .and(|| common::took_token_time(run))
        .and(|| {
            let seen = common::workers_seen(run);
            if seen > WORKERS {
                Verdict::fail(
                    format!("{seen} workers ran the words: too many, the pool has {WORKERS}."),
                    "run the words on the WorkerPool of 2, as the starter does.",
                )
            } else {
                Verdict::pass("on the pool")
            }
        })
        .and(|| ended_by_the_deadline(run))
        .and(|| nothing_cancelled_that_fits(outcomes, run))
        .and(|| {
            let cancelled = outcomes.iter().filter(|o| o.is_none()).count();
            Verdict::pass(format!(
                "{} words done and {cancelled} cancelled, all {} accounted for, and the run ended by the deadline",
                outcomes.len() - cancelled,
                outcomes.len()
            ))
        })
}

/// A `Some` is a word whose call ran once and returned it; a `None` one whose call never started.
fn done_as_recorded(outcomes: &[Option<String>], run: &Run) -> Verdict {
    if let Some(stranger) = run.records().iter().find(|r| r.index.is_none()) {
        return Verdict::fail(
            format!(
                "{:?} was worked on more often than it is in the input.",
                stranger.token
            ),
            "start each word at most once.",
        );
    }
    for (i, (token, outcome)) in run.tokens.iter().zip(outcomes).enumerate() {
        let call: Option<&Record> = run.records().iter().find(|r| r.index == Some(i));
        match (outcome, call) {
            (Some(result), Some(record)) if record.outcome.as_deref() == Ok(result.as_str()) => {}
            (Some(_), Some(_)) => {
                return Verdict::fail(
                    format!("{token:?} has a result its call did not return."),
                    "a done word's result is `work(token)`, as it returned it.",
                );
            }
            (Some(_), None) => {
                return Verdict::fail(
                    format!(
                        "{token:?} has a result, but its work never ran (it is not on the timeline)."
                    ),
                    "call `work(t)` for each word you do, inside the `record` closure.",
                );
            }
            (None, Some(_)) => {
                return Verdict::fail(
                    format!(
                        "{token:?} is marked cancelled, but its work ran (it is on the timeline)."
                    ),
                    "decide before calling `work`: a cancelled word never starts.",
                );
            }
            (None, None) => {}
        }
    }
    Verdict::pass("every word done or cancelled, as recorded")
}

fn ended_by_the_deadline(run: &Run) -> Verdict {
    // Half a unit for the sleeps' late wake-ups on a busy machine; a word that starts too late
    // overruns by at least one unit.
    if common::in_units(run, run.wall) > DEADLINE_UNITS + 0.5 {
        return Verdict::fail(
            "the run ended after the deadline.",
            "a word that starts before the deadline can still end after it: before starting a \
             word, ask whether it can end in time (`token_duration(t)` says how long it takes).",
        );
    }
    Verdict::pass("in time")
}

fn nothing_cancelled_that_fits(outcomes: &[Option<String>], run: &Run) -> Verdict {
    let done: usize = run
        .tokens
        .iter()
        .zip(outcomes)
        .filter(|(_, outcome)| outcome.is_some())
        .map(|(t, _)| char_count(t))
        .sum();
    if done < units_that_fit(&run.tokens, WORKERS, DEADLINE_UNITS) {
        return Verdict::fail(
            "too little was done: some cancelled word could still have finished in time.",
            "cancel only the words that cannot finish in time: a shorter word later in the list \
             may still fit.",
        );
    }
    Verdict::pass("all that fits")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TUTORIAL_TOKENS;
    use crate::check::fixture::{self, task};

    const WORDS: [&str; 3] = ["ab", "you", "c"];

    fn risky(token: &str) -> String {
        if token == "you" {
            panic!("cannot work on {token}");
        }
        token.to_uppercase()
    }

    /// ab and c on rayon 0, you on rayon 1, which panicked.
    fn rayon_run() -> Run {
        fixture::run(
            &WORDS,
            vec![
                task("ab", "rayon 0", 0.0, 2.0),
                task("you", "rayon 1", 0.0, 3.0).failing("panicked"),
                task("c", "rayon 0", 2.0, 3.0),
            ],
        )
    }

    fn right() -> Vec<Result<String, String>> {
        vec![
            Ok("AB".into()),
            Err("cannot work on you".into()),
            Ok("C".into()),
        ]
    }

    #[test]
    fn every_outcome_wants_the_recorded_outcomes_and_the_payload() {
        let run = rayon_run();
        let verdict = every_outcome(&right(), risky, &run);
        if rayon::current_num_threads() <= 2 {
            assert!(verdict.passed(), "{verdict}");
        }
        let lost = every_outcome(&[Err("cannot work on you".into())], risky, &run).to_string();
        assert!(lost.starts_with("FAIL: fewer outcomes"), "{lost}");
        let mut invented = right();
        invented[1] = Ok("YOU".into());
        assert!(
            every_outcome(&invented, risky, &run)
                .to_string()
                .contains("its task panicked")
        );
        let mut made_up = right();
        made_up[1] = Err("you failed".into());
        let verdict = every_outcome(&made_up, risky, &run).to_string();
        assert!(verdict.contains("not its panic's message"), "{verdict}");
        let mut swapped = right();
        swapped.swap(0, 2);
        assert!(!every_outcome(&swapped, risky, &run).passed());
        let nothing = fixture::run(&WORDS, vec![]);
        assert!(
            every_outcome(&right(), risky, &nothing)
                .to_string()
                .contains("no call")
        );
        let sequential = fixture::run(
            &WORDS,
            vec![
                task("ab", "main", 0.0, 2.0),
                task("you", "main", 2.0, 5.0).failing("panicked"),
                task("c", "main", 5.0, 6.0),
            ],
        );
        let verdict = every_outcome(&right(), risky, &sequential).to_string();
        assert!(
            verdict.contains("not on one of rayon's threads"),
            "{verdict}"
        );
    }

    #[test]
    fn the_tutorial_tokens_fit_twelve_units_in_six_and_a_half() {
        // hello, world (0-5), then how/are/you would end at 8; a and b end at 6; c would end at 7.
        assert_eq!(units_that_fit(&TUTORIAL_TOKENS, 2, 6.5), 12);
        assert_eq!(units_that_fit(&TUTORIAL_TOKENS, 2, 100.0), 26);
        assert_eq!(units_that_fit(&TUTORIAL_TOKENS, 0, 1.0), 1);
    }

    /// Outcomes for the tutorial's tokens: Some for `done`, None for the rest.
    fn outcomes(done: &[&str]) -> Vec<Option<String>> {
        TUTORIAL_TOKENS
            .iter()
            .map(|t| done.contains(t).then(|| t.to_uppercase()))
            .collect()
    }

    /// hello and world on workers 0 and 1 from 0 to 5, then `later` (token, start, end), taken in
    /// turn by worker 0 and worker 1.
    fn five_letters_then(later: &[(&str, f64, f64)]) -> Run {
        let mut tasks = vec![
            task("hello", "worker 0", 0.0, 5.0),
            task("world", "worker 1", 0.0, 5.0),
        ];
        for (i, &(token, start, end)) in later.iter().enumerate() {
            tasks.push(task(token, &format!("worker {}", i % 2), start, end));
        }
        fixture::run(&TUTORIAL_TOKENS, tasks)
    }

    #[test]
    fn stopped_before_deadline_accounts_for_every_word() {
        let in_time = five_letters_then(&[("a", 5.0, 6.0), ("b", 5.0, 6.0)]);
        let right = outcomes(&["hello", "world", "a", "b"]);
        let verdict = stopped_before_deadline(&right, &in_time);
        assert!(verdict.passed(), "{verdict}");
        let claimed = outcomes(&["hello", "world", "a", "b", "c"]);
        let verdict = stopped_before_deadline(&claimed, &in_time).to_string();
        assert!(
            verdict.contains("\"c\" has a result, but its work never ran"),
            "{verdict}"
        );
        let hidden = outcomes(&["hello", "world", "a"]);
        let verdict = stopped_before_deadline(&hidden, &in_time).to_string();
        assert!(
            verdict.contains("\"b\" is marked cancelled, but its work ran"),
            "{verdict}"
        );
        let short = stopped_before_deadline(&right[..3], &in_time).to_string();
        assert!(short.starts_with("FAIL: fewer outcomes"), "{short}");
        // Stopping at the first word that does not fit: a and b are lost.
        let gave_up = five_letters_then(&[]);
        let verdict = stopped_before_deadline(&outcomes(&["hello", "world"]), &gave_up).to_string();
        assert!(verdict.contains("too little was done"), "{verdict}");
        // Only asking whether the deadline has passed: how starts at 5 and ends at 8.
        let late = five_letters_then(&[("how", 5.0, 8.0), ("are", 5.0, 8.0)]);
        let verdict = stopped_before_deadline(&outcomes(&["hello", "world", "how", "are"]), &late);
        assert!(
            verdict.to_string().contains("after the deadline"),
            "{verdict}"
        );
        let mut quick = in_time.clone();
        quick.records[0].end = quick.records[0].start;
        assert!(!stopped_before_deadline(&right, &quick).passed());
    }
}
