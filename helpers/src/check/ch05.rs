//! Checks for chapter 05's exercises: a pool of three worker processes, predicted by hand; and a
//! crashed worker's token retried once on a fresh worker.

use std::collections::BTreeSet;

use crate::check::{Verdict, prediction_matches, results_in_order, time_within, token_units};
use crate::{Run, TaskError, greedy_makespan};

/// The pool size of the first exercise.
const POOL_SIZE: usize = 3;

/// Exercise 1: the learner predicted, in units, how long [`POOL_SIZE`] worker processes take, then
/// ran the tokens on a [`crate::ProcessPool`] of that size inside `record`.
///
/// Checked in the order a learner works: the prediction, every token's result in input order, that
/// three worker processes (not threads, not a process per token) ran them, and the time.
pub fn pool_of_three<S: AsRef<str>>(
    tokens: &[S],
    predicted_units: impl Into<f64>,
    outcomes: &[Result<String, TaskError>],
    run: &Run,
) -> Verdict {
    let units = token_units(tokens);
    let expected = greedy_makespan(&units, POOL_SIZE);
    prediction_is(predicted_units.into(), expected)
        .and(|| {
            every_outcome_ok(
                tokens,
                outcomes,
                "every token needs its result; a worker that died takes its token with it. Run the cell again (the next exercise retries such a token).",
            )
        })
        .and(|| ran_on_processes(run, POOL_SIZE))
        .and(|| match time_within(run.wall, run.unit * expected, run.unit) {
            Verdict::Pass(timing) => Verdict::pass(format!(
                "{POOL_SIZE} worker processes ran all {} tokens, results in input order; {timing}.",
                tokens.len()
            )),
            slow => slow,
        })
}

/// The learner's prediction against the makespan, in whole units.
fn prediction_is(predicted: f64, expected: u32) -> Verdict {
    prediction_matches(
        predicted,
        expected,
        format!(
            "write down, word by word, when each of the {POOL_SIZE} workers is free again: each word goes to the first free worker, whole, and the last worker to finish gives the time."
        ),
    )
}

/// Every outcome is a result (an error is named with its cause), and the results are in input order.
fn every_outcome_ok<S: AsRef<str>>(
    tokens: &[S],
    outcomes: &[Result<String, TaskError>],
    hint: &str,
) -> Verdict {
    if let Some(error) = outcomes.iter().find_map(|o| o.as_ref().err()) {
        return Verdict::fail(format!("a token has no result: {error}."), hint);
    }
    let results: Vec<&str> = outcomes.iter().filter_map(|o| o.as_deref().ok()).collect();
    results_in_order(tokens, &results)
}

/// The recorded tasks ran in `size` distinct worker processes.
fn ran_on_processes(run: &Run, size: usize) -> Verdict {
    let workers: BTreeSet<&str> = run.records().iter().map(|r| r.worker.as_str()).collect();
    if let Some(thread) = workers.iter().find(|w| !w.starts_with("pid ")) {
        return Verdict::fail(
            format!("the words ran on a thread ({thread:?}), not in worker processes."),
            format!(
                "start the processes with ProcessPool::start({size}) and give them the words with pool.map(&tokens)."
            ),
        );
    }
    if workers.len() != size {
        return Verdict::fail(
            format!(
                "{} worker processes ran the words; the exercise asks for {size}.",
                workers.len()
            ),
            format!(
                "ProcessPool::start({size}) starts {size} long-lived workers; a process per word starts one per word."
            ),
        );
    }
    Verdict::pass(format!("{size} worker processes"))
}

/// Exercise 2: a pool whose worker crashes on one token ran the tokens; each lost token was retried
/// once on a fresh worker, and `outcomes` holds every token's final outcome in input order.
///
/// `run` must record the whole story: the first attempt (with its crash) and the retries. Only
/// tokens that failed may run again, each once: retrying everything doubles work, and retrying
/// until it works never ends when the token itself is the problem.
pub fn retried_once<S: AsRef<str>>(
    tokens: &[S],
    outcomes: &[Result<String, TaskError>],
    run: &Run,
) -> Verdict {
    if outcomes.len() != tokens.len() {
        return Verdict::fail(
            format!("{} outcomes for {} tokens.", outcomes.len(), tokens.len()),
            "keep one outcome per token, in input order: replace a lost token's Err by its retry's outcome.",
        );
    }
    let lost: Vec<&str> = run
        .records()
        .iter()
        .filter(|r| r.outcome.is_err())
        .map(|r| r.token.as_str())
        .collect();
    if lost.is_empty() {
        return Verdict::fail(
            "no token was lost in this run, so nothing was retried.",
            "start from the crashing pool: run crashy.map(&tokens) first, then retry what it lost.",
        );
    }
    const RETRY_HINT: &str = "retry each Err once on a fresh worker (run_in_process(token) starts one), and keep its outcome in the Err's place.";
    attempts_are_right(tokens, run)
        .and(|| every_outcome_ok(tokens, outcomes, RETRY_HINT))
        .and(|| {
            Verdict::pass(format!(
                "{} lost to a crash, retried once on a fresh worker; all {} results, in input order.",
                quoted(&lost),
                tokens.len()
            ))
        })
}

/// Each token ran once, or twice if its first attempt failed; a failed retry is named.
fn attempts_are_right<S: AsRef<str>>(tokens: &[S], run: &Run) -> Verdict {
    let mut seen = BTreeSet::new();
    for token in tokens.iter().map(AsRef::as_ref) {
        if !seen.insert(token) {
            continue;
        }
        let copies = tokens.iter().filter(|t| t.as_ref() == token).count();
        let attempts: Vec<&Result<String, String>> = run
            .records()
            .iter()
            .filter(|r| r.token == token)
            .map(|r| &r.outcome)
            .collect();
        let failed = attempts.iter().filter(|o| o.is_err()).count();
        let allowed = copies + failed.min(copies);
        if failed > copies {
            let reason = attempts
                .iter()
                .rev()
                .find_map(|o| o.as_ref().err())
                .map_or(String::new(), |e| format!(" (last: {e})"));
            return Verdict::fail(
                format!("{token:?} failed {failed} times{reason}."),
                "the crash belongs to the worker, not to the word: retry on a fresh worker without the crash option, such as run_in_process(token).",
            );
        }
        if attempts.len() > allowed {
            let why = if failed == 0 {
                "although it never failed: only lost tokens are retried."
            } else {
                "but a lost token is retried once, no more."
            };
            return Verdict::fail(
                format!("{token:?} ran {} times, {why}", attempts.len()),
                "retry only the tokens whose outcome is an Err, and each of them once.",
            );
        }
    }
    Verdict::pass("attempts accounted for")
}

fn quoted(tokens: &[&str]) -> String {
    tokens
        .iter()
        .map(|t| format!("{t:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{TaskGuard, record};
    use std::time::Duration;

    const TOKENS: [&str; 4] = ["hello", "how", "a", "b"];

    fn ok(tokens: &[&str]) -> Vec<Result<String, TaskError>> {
        tokens.iter().map(|t| Ok(t.to_uppercase())).collect()
    }

    fn died(token: &str) -> Result<String, TaskError> {
        Err(TaskError::WorkerDied {
            token: token.to_string(),
            pid: 42,
            status: "signal: 6 (SIGABRT)".to_string(),
        })
    }

    /// A run whose tasks are recorded by hand: (token, worker, outcome), one after another.
    fn run_of(tasks: &[(&str, &str, Result<&str, &str>)], workers: usize) -> Run {
        crate::set_time_unit(Duration::from_millis(1));
        let ((), run) = record("test", &TOKENS, workers, || {
            for (token, worker, outcome) in tasks {
                let guard = TaskGuard::begin_as(token, worker.to_string());
                match outcome {
                    Ok(result) => guard.finish(result),
                    Err(error) => guard.fail(*error),
                }
            }
        });
        run
    }

    fn on_three_processes() -> Run {
        let pids = ["pid 1", "pid 2", "pid 3", "pid 1"];
        let tasks: Vec<_> = TOKENS
            .iter()
            .zip(pids)
            .map(|(t, p)| (*t, p, Ok("x")))
            .collect();
        run_of(&tasks, POOL_SIZE)
    }

    #[test]
    fn pool_of_three_passes_a_right_answer() {
        let run = on_three_processes();
        // 5 | 3 | 1+1: three workers take 5 units.
        let verdict = pool_of_three(&TOKENS, 5, &ok(&TOKENS), &run);
        assert!(verdict.passed(), "{verdict}");
    }

    #[test]
    fn pool_of_three_names_each_mistake() {
        let run = on_three_processes();
        let starter = pool_of_three(&TOKENS, 0, &[], &run).to_string();
        assert!(
            starter.starts_with("FAIL") && starter.contains("too low by 5"),
            "{starter}"
        );
        let high = pool_of_three(&TOKENS, 10.0, &ok(&TOKENS), &run).to_string();
        assert!(high.contains("too high by 5"), "{high}");
        let nothing = pool_of_three(&TOKENS, 5, &[], &run).to_string();
        assert!(nothing.contains("no results"), "{nothing}");
        let mut lost = ok(&TOKENS);
        lost[1] = died("how");
        let lost = pool_of_three(&TOKENS, 5, &lost, &run).to_string();
        assert!(lost.contains("died") && lost.contains("\"how\""), "{lost}");

        let threads = run_of(&[("hello", "worker 0", Ok("HELLO"))], 3);
        let threads = pool_of_three(&TOKENS, 5, &ok(&TOKENS), &threads).to_string();
        assert!(threads.contains("not in worker processes"), "{threads}");
        let per_token: Vec<_> = [
            ("hello", "pid 1"),
            ("how", "pid 2"),
            ("a", "pid 3"),
            ("b", "pid 4"),
        ]
        .into_iter()
        .map(|(t, p)| (t, p, Ok("x")))
        .collect();
        let per_token = pool_of_three(&TOKENS, 5, &ok(&TOKENS), &run_of(&per_token, 3)).to_string();
        assert!(per_token.contains("4 worker processes"), "{per_token}");
    }

    #[test]
    fn pool_of_three_fails_a_slow_run() {
        let mut run = on_three_processes();
        run.wall = Duration::from_millis(20); // 5 units predicted, 9.5 allowed
        let slow = pool_of_three(&TOKENS, 5, &ok(&TOKENS), &run).to_string();
        assert!(slow.contains("took 0.020 s"), "{slow}");
    }

    fn crash_then(retries: &[(&str, &str, Result<&str, &str>)]) -> Run {
        let mut tasks = vec![
            ("hello", "pid 1", Ok("HELLO")),
            ("how", "pid 2", Err("worker pid 2 died")),
            ("a", "pid 1", Ok("A")),
            ("b", "pid 1", Ok("B")),
        ];
        tasks.extend_from_slice(retries);
        run_of(&tasks, 2)
    }

    #[test]
    fn retried_once_passes_one_retry() {
        let run = crash_then(&[("how", "pid 9", Ok("HOW"))]);
        let verdict = retried_once(&TOKENS, &ok(&TOKENS), &run);
        assert!(verdict.passed(), "{verdict}");
        assert!(verdict.to_string().contains("\"how\" lost"), "{verdict}");
    }

    #[test]
    fn retried_once_names_each_mistake() {
        let mut first_try = ok(&TOKENS);
        first_try[1] = died("how");
        let starter = retried_once(&TOKENS, &first_try, &crash_then(&[])).to_string();
        assert!(
            starter.starts_with("FAIL: a token has no result: worker pid 42 died"),
            "{starter}"
        );

        let same_pool = crash_then(&[("how", "pid 3", Err("worker pid 3 died"))]);
        let same_pool = retried_once(&TOKENS, &first_try, &same_pool).to_string();
        assert!(same_pool.contains("\"how\" failed 2 times"), "{same_pool}");

        let everything =
            crash_then(&[("hello", "pid 9", Ok("HELLO")), ("how", "pid 9", Ok("HOW"))]);
        let everything = retried_once(&TOKENS, &ok(&TOKENS), &everything).to_string();
        assert!(
            everything.contains("\"hello\" ran 2 times, although it never failed"),
            "{everything}"
        );

        let twice = crash_then(&[("how", "pid 9", Ok("HOW")), ("how", "pid 9", Ok("HOW"))]);
        let twice = retried_once(&TOKENS, &ok(&TOKENS), &twice).to_string();
        assert!(twice.contains("\"how\" ran 3 times"), "{twice}");

        let no_crash = run_of(&[("hello", "pid 1", Ok("HELLO"))], 2);
        let no_crash = retried_once(&TOKENS, &ok(&TOKENS), &no_crash).to_string();
        assert!(no_crash.contains("no token was lost"), "{no_crash}");

        let short = retried_once(&TOKENS, &ok(&TOKENS[..2]), &crash_then(&[])).to_string();
        assert!(short.contains("2 outcomes for 4 tokens"), "{short}");

        let mut swapped = ok(&TOKENS);
        swapped.swap(0, 1);
        let swapped = retried_once(
            &TOKENS,
            &swapped,
            &crash_then(&[("how", "pid 9", Ok("HOW"))]),
        );
        assert!(
            swapped.to_string().contains("input order wants"),
            "{swapped}"
        );
    }
}
