//! Checks for chapter 08's exercises: threads that share one list (an `Rc` the compiler rejects),
//! and CPU-bound work that really runs on all cores.
//!
//! Neither check times the run: on a busy laptop a correct answer can be slow. They read the
//! recorded run instead, where "were the words computed at the same moment?" has a clear answer.

use std::time::Duration;

use super::{Verdict, peak_overlap, results_any_order, results_in_order};
use crate::Run;

/// The most intervals `(start, end)` that overlap at one moment (see [`super::peak_overlap`]).
pub fn max_overlap(intervals: impl IntoIterator<Item = (Duration, Duration)>) -> usize {
    peak_overlap(intervals).0
}

/// The most tasks of `run` that were under way at the same moment, read from its timeline.
pub fn max_in_flight(run: &Run) -> usize {
    max_overlap(run.records().iter().map(|r| (r.start, r.end)))
}

/// Exercise "share the list": `shared_results` holds the twelve words, in input order, computed by
/// threads that share one list of tokens.
pub fn shared_list<S: AsRef<str>, R: AsRef<str>>(tokens: &[S], shared_results: &[R]) -> Verdict {
    if shared_results.is_empty() && !tokens.is_empty() {
        return Verdict::fail(
            "`shared_results` is still empty: the cell did not compile, or did not fill it.",
            "the compiler says `Rc<…>` cannot be sent between threads safely, because its count of \
             owners is not atomic. Which shared pointer counts its owners atomically?",
        );
    }
    results_in_order(tokens, shared_results)
}

/// Exercise "all cores": the words in input order, computed with up to `cores` words at once.
pub fn scales_on_all_cores<S: AsRef<str>, R: AsRef<str>>(
    tokens: &[S],
    results: &[R],
    run: &Run,
    cores: usize,
) -> Verdict {
    let wanted = cores.clamp(1, tokens.len().max(1));
    results_any_order(tokens, results)
        .and(|| {
            if run.records().is_empty() {
                Verdict::fail(
                    "the run recorded no work.",
                    "call `cpu_work` inside the `record(…)` closure, as the starter does.",
                )
            } else {
                Verdict::pass("recorded")
            }
        })
        .and(|| {
            let most = max_in_flight(run);
            if most < wanted {
                Verdict::fail(
                    format!(
                        "at most {most} word(s) were being computed at the same moment, on a machine \
                         with {cores} cores."
                    ),
                    "look at the timeline: bars one after another mean the threads took turns. A \
                     lock held while computing does that: compute first, lock only to store (or \
                     let each thread return its word).",
                )
            } else {
                Verdict::pass("parallel")
            }
        })
        .and(|| results_in_order(tokens, results))
        .and(|| {
            Verdict::pass(format!(
                "all {} words in input order, up to {} computed at once ({} cores)",
                tokens.len(),
                max_in_flight(run),
                cores
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{record, recorded};
    use std::sync::Mutex;
    use std::thread;

    const TOKENS: [&str; 4] = ["ab", "c", "d", "e"];

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    /// Each word "computed" for a few ms, recorded, on a thread per word; `hold` holds one lock
    /// while computing, as the starter does.
    fn run_words(hold_lock: bool) -> (Vec<String>, Run) {
        record("test", &TOKENS, 2, || {
            let results = Mutex::new(Vec::new());
            thread::scope(|s| {
                for t in TOKENS {
                    let results = &results;
                    s.spawn(move || {
                        let compute = || {
                            recorded(t, || {
                                thread::sleep(ms(15));
                                t.to_uppercase()
                            })
                        };
                        if hold_lock {
                            let mut guard = results.lock().unwrap();
                            guard.push((t, compute()));
                        } else {
                            let upper = compute();
                            results.lock().unwrap().push((t, upper));
                        }
                    });
                }
            });
            let mut pairs = results.into_inner().unwrap();
            pairs.sort_by_key(|(t, _)| TOKENS.iter().position(|x| x == t));
            pairs.into_iter().map(|(_, upper)| upper).collect()
        })
    }

    #[test]
    fn overlap_counts_touching_intervals_apart() {
        assert_eq!(max_overlap([(ms(0), ms(5)), (ms(5), ms(9))]), 1);
        assert_eq!(
            max_overlap([(ms(0), ms(5)), (ms(4), ms(9)), (ms(1), ms(2))]),
            2
        );
        assert_eq!(
            max_overlap([(ms(0), ms(5)), (ms(4), ms(9)), (ms(4), ms(6))]),
            3
        );
        assert_eq!(max_overlap([]), 0);
        // A malformed interval (end before start) counts as a point, never as negative.
        assert_eq!(max_overlap([(ms(5), ms(1))]), 0);
    }

    #[test]
    fn shared_list_names_an_empty_list() {
        let empty: Vec<String> = Vec::new();
        let verdict = shared_list(&TOKENS, &empty).to_string();
        assert!(
            verdict.starts_with("FAIL") && verdict.contains("still empty"),
            "{verdict}"
        );
        assert!(verdict.contains("Hint"), "{verdict}");
        let wrong_order = shared_list(&TOKENS, &["C", "AB", "D", "E"]).to_string();
        assert!(
            wrong_order.starts_with("FAIL") && wrong_order.contains("result 1"),
            "{wrong_order}"
        );
        assert!(shared_list(&TOKENS, &["AB", "C", "D", "E"]).passed());
    }

    #[test]
    fn a_lock_held_while_computing_fails_and_the_fix_passes() {
        let (results, run) = run_words(true);
        let verdict = scales_on_all_cores(&TOKENS, &results, &run, 2).to_string();
        assert!(verdict.starts_with("FAIL: at most 1 word"), "{verdict}");
        let (results, run) = run_words(false);
        let verdict = scales_on_all_cores(&TOKENS, &results, &run, 2);
        assert!(verdict.passed(), "{verdict}");
    }

    #[test]
    fn all_cores_names_missing_and_misordered_words() {
        let (_, run) = run_words(false);
        let missing = scales_on_all_cores(&TOKENS, &["AB", "C"], &run, 2).to_string();
        assert!(missing.contains("\"D\" is missing"), "{missing}");
        let order = scales_on_all_cores(&TOKENS, &["C", "AB", "D", "E"], &run, 2).to_string();
        assert!(
            order.starts_with("FAIL") && order.contains("input order"),
            "{order}"
        );
        let (_, nothing) = record("empty", &TOKENS, 2, || ());
        let unrecorded = scales_on_all_cores(&TOKENS, &["AB", "C", "D", "E"], &nothing, 2);
        assert!(unrecorded.to_string().contains("no work"), "{unrecorded}");
        // Zero cores (bad input) does not panic.
        let _ = scales_on_all_cores(&TOKENS, &["AB", "C", "D", "E"], &run, 0);
    }
}
