//! Checks for chapter 10's exercises: every outcome kept although one task panics, and a run
//! stopped cooperatively before a deadline with every word done or cancelled.

use super::Verdict;
use crate::Run;
use crate::char_count;

/// Exercise "lose nothing": one outcome per word, in input order: `Ok(WORD)`, except for
/// `failing`, whose outcome is an `Err` holding its panic's message.
pub fn every_outcome<S: AsRef<str>>(
    tokens: &[S],
    failing: &str,
    outcomes: &[Result<String, String>],
) -> Verdict {
    if outcomes.len() != tokens.len() {
        return Verdict::fail(
            format!(
                "{} outcome(s) for {} words: results were lost with the panic.",
                outcomes.len(),
                tokens.len()
            ),
            "catch the panic inside each task, where only that word is lost (`catch_unwind` \
             inside the `map`), then turn the payload into a message.",
        );
    }
    for (i, (token, outcome)) in tokens.iter().zip(outcomes).enumerate() {
        let token = token.as_ref();
        let wrong = |problem: String, hint: &str| Verdict::fail(problem, hint);
        match outcome {
            Ok(result) if token == failing => {
                return wrong(
                    format!(
                        "word {} ({token:?}) has the result {result:?}, but its task panicked.",
                        i + 1
                    ),
                    "keep the `Err` of the failed task; do not make up a value for it.",
                );
            }
            Ok(result) if *result != token.to_uppercase() => {
                return wrong(
                    format!(
                        "word {} ({token:?}) has the result {result:?}, expected {:?}.",
                        i + 1,
                        token.to_uppercase()
                    ),
                    "results must stay in input order, one per word: collect the par_iter's map.",
                );
            }
            Err(message) if token != failing => {
                return wrong(
                    format!(
                        "word {} ({token:?}) is an Err ({message:?}), but its task succeeded.",
                        i + 1
                    ),
                    "only the task that panicked has an Err: keep the others' results.",
                );
            }
            Err(message) if !message.contains(token) => {
                return wrong(
                    format!("the Err of {token:?} says {message:?}, not the panic's message."),
                    "read the message out of the payload (the chapter's `message` function does).",
                );
            }
            _ => {}
        }
    }
    Verdict::pass(format!(
        "{} results and 1 failure, in input order: nothing lost",
        tokens.len() - 1
    ))
}

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
/// `Some(WORD)` if it was done, `None` if it was cancelled (never started); the run ended by the
/// deadline; and no word was cancelled that could still have finished in time.
pub fn stopped_before_deadline<S: AsRef<str>>(
    tokens: &[S],
    outcomes: &[Option<String>],
    run: &Run,
    workers: usize,
    deadline_units: f64,
) -> Verdict {
    if outcomes.len() != tokens.len() {
        return Verdict::fail(
            format!("{} outcome(s) for {} words.", outcomes.len(), tokens.len()),
            "return one entry per word, in input order: Some(result) or None for a cancelled word.",
        );
    }
    let not_started: Vec<usize> = run.not_started().iter().map(|(i, _)| *i).collect();
    for (i, (token, outcome)) in tokens.iter().zip(outcomes).enumerate() {
        let token = token.as_ref();
        let ran = !not_started.contains(&i);
        match outcome {
            Some(result) if *result != token.to_uppercase() => {
                return Verdict::fail(
                    format!(
                        "{token:?} has the result {result:?}, expected {:?}.",
                        token.to_uppercase()
                    ),
                    "a done word's result is `work(token)`.",
                );
            }
            Some(_) if !ran => {
                return Verdict::fail(
                    format!(
                        "{token:?} has a result, but its work never ran (it is not on the timeline)."
                    ),
                    "call `work(t)` for each word you do, inside the `record` closure.",
                );
            }
            None if ran => {
                return Verdict::fail(
                    format!(
                        "{token:?} is marked cancelled, but its work ran (it is on the timeline)."
                    ),
                    "decide before calling `work`: a cancelled word never starts.",
                );
            }
            _ => {}
        }
    }
    let unit = run.unit.as_secs_f64();
    let ended = run.wall.as_secs_f64() / unit;
    // Half a unit for the sleeps' late wake-ups on a busy machine; a word that starts too late
    // overruns by at least one unit.
    if ended > deadline_units + 0.5 {
        return Verdict::fail(
            format!(
                "the run ended after {ended:.1} units, past the deadline of {deadline_units} units."
            ),
            "a word that starts before the deadline can still end after it: before starting a \
             word, ask whether it can end in time (`token_duration(t)` says how long it takes).",
        );
    }
    let done: usize = tokens
        .iter()
        .zip(outcomes)
        .filter(|(_, outcome)| outcome.is_some())
        .map(|(t, _)| char_count(t.as_ref()))
        .sum();
    let possible = units_that_fit(tokens, workers, deadline_units);
    if done < possible {
        return Verdict::fail(
            format!(
                "only {done} units of work were done; {workers} workers can finish {possible} units \
                 by the deadline."
            ),
            "cancel only the words that cannot finish in time: a shorter word later in the list \
             may still fit.",
        );
    }
    let cancelled = outcomes.iter().filter(|o| o.is_none()).count();
    Verdict::pass(format!(
        "{} words done and {cancelled} cancelled, all {} accounted for; ended after {ended:.1} units, \
         deadline {deadline_units}",
        tokens.len() - cancelled,
        tokens.len()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TUTORIAL_TOKENS;
    use crate::{record, recorded};
    use std::time::Duration;

    #[test]
    fn every_outcome_names_what_was_lost() {
        let tokens = ["ab", "you", "c"];
        let right = [
            Ok("AB".to_string()),
            Err("cannot work on you".to_string()),
            Ok("C".to_string()),
        ];
        assert!(every_outcome(&tokens, "you", &right).passed());
        let lost = every_outcome(&tokens, "you", &[Err("cannot work on you".into())]).to_string();
        assert!(lost.starts_with("FAIL: 1 outcome(s) for 3 words"), "{lost}");
        let mut invented = right.clone();
        invented[1] = Ok("YOU".into());
        assert!(
            every_outcome(&tokens, "you", &invented)
                .to_string()
                .contains("its task panicked")
        );
        let mut silent = right.clone();
        silent[1] = Err(String::new());
        assert!(
            every_outcome(&tokens, "you", &silent)
                .to_string()
                .contains("not the panic's message")
        );
        let mut swapped = right.clone();
        swapped.swap(0, 2);
        assert!(
            every_outcome(&tokens, "you", &swapped)
                .to_string()
                .contains("expected \"AB\"")
        );
        let mut blamed = right.clone();
        blamed[0] = Err("x".into());
        assert!(
            every_outcome(&tokens, "you", &blamed)
                .to_string()
                .contains("but its task succeeded")
        );
    }

    #[test]
    fn the_tutorial_tokens_fit_twelve_units_in_six_and_a_half() {
        // hello, world (0-5), then how/are/you would end at 8; a and b end at 6; c would end at 7.
        assert_eq!(units_that_fit(&TUTORIAL_TOKENS, 2, 6.5), 12);
        assert_eq!(units_that_fit(&TUTORIAL_TOKENS, 2, 100.0), 26);
        assert_eq!(units_that_fit(&TUTORIAL_TOKENS, 0, 1.0), 1);
    }

    /// Records `done` words as run (a 1 ms sleep each), and returns outcomes as claimed.
    fn claimed(
        tokens: &[&str],
        done: &[&str],
        claimed_done: &[&str],
    ) -> (Vec<Option<String>>, Run) {
        record("test", tokens, 2, || {
            for t in done {
                recorded(t, || {
                    std::thread::sleep(Duration::from_millis(1));
                    t.to_uppercase()
                });
            }
            tokens
                .iter()
                .map(|t| claimed_done.contains(t).then(|| t.to_uppercase()))
                .collect()
        })
    }

    #[test]
    fn stopped_before_deadline_accounts_for_every_word() {
        let tokens = ["ab", "c"];
        // The time unit here is whatever the environment says; a deadline of many units holds.
        let (outcomes, run) = claimed(&tokens, &["ab", "c"], &["ab", "c"]);
        let verdict = stopped_before_deadline(&tokens, &outcomes, &run, 2, 1e6);
        assert!(verdict.passed(), "{verdict}");
        let (outcomes, run) = claimed(&tokens, &["ab"], &["ab", "c"]);
        let faked = stopped_before_deadline(&tokens, &outcomes, &run, 2, 1e6).to_string();
        assert!(
            faked.contains("\"c\" has a result, but its work never ran"),
            "{faked}"
        );
        let (outcomes, run) = claimed(&tokens, &["ab", "c"], &["ab"]);
        let hidden = stopped_before_deadline(&tokens, &outcomes, &run, 2, 1e6).to_string();
        assert!(
            hidden.contains("\"c\" is marked cancelled, but its work ran"),
            "{hidden}"
        );
        let (outcomes, run) = claimed(&tokens, &[], &[]);
        let idle = stopped_before_deadline(&tokens, &outcomes, &run, 2, 1e6).to_string();
        assert!(idle.contains("only 0 units of work were done"), "{idle}");
        let short = stopped_before_deadline(&tokens, &outcomes[..1], &run, 2, 1e6).to_string();
        assert!(
            short.starts_with("FAIL: 1 outcome(s) for 2 words"),
            "{short}"
        );
        // A deadline already passed when the run ended.
        let (outcomes, run) = claimed(&tokens, &["ab", "c"], &["ab", "c"]);
        let late = stopped_before_deadline(&tokens, &outcomes, &run, 2, -1.0).to_string();
        assert!(late.contains("past the deadline"), "{late}");
    }
}
