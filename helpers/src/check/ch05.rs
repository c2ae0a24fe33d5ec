//! Checks for chapter 05's exercises: a pool of five worker processes, predicted by hand; and a
//! crashed worker's word retried once on a fresh worker process. Both read the recorded run: every
//! word's call and which process made it, how many processes ran, the retries and the time.

use super::Verdict;
use super::common::{
    Prediction, SHAPE_SLACK_UNITS, every_word_worked, kept_busy, measured_between, on_workers,
    prediction_exact, results_in_input_order, token_time, work_was_recorded,
};
use crate::{Record, Run, TaskError, char_count, greedy_makespan};

/// The pool size of the first exercise.
pub const POOL_SIZE: usize = 5;

/// Exercise 1: the learner predicted, in units, how long [`POOL_SIZE`] worker processes take (any
/// integer or float type), then ran the words on a [`crate::ProcessPool`] of that size inside
/// `record`. Checked in the order a learner works: the prediction (exactly), every word's work
/// and result in input order, that five worker processes (not threads, not a process per word)
/// ran them, and the time.
pub fn pool_of_five(
    predicted_units: impl Prediction,
    outcomes: &[Result<String, TaskError>],
    run: &Run,
) -> Verdict {
    let units: Vec<usize> = run.tokens.iter().map(|t| char_count(t)).collect();
    let expected = greedy_makespan(&units, POOL_SIZE);
    prediction_exact(
        predicted_units,
        expected,
        "write down, word by word, when each of the five workers is free again: each word goes \
         to the first free worker, whole, and the last worker to finish gives the time.",
    )
    .and(|| every_word_worked(run))
    .and(|| all_results(outcomes, run))
    .and(|| on_processes(run))
    .and(|| {
        on_workers(run, POOL_SIZE).with_hint(
            "ProcessPool::start(5) starts five long-lived workers; a process per word starts one \
             per word.",
        )
    })
    .and(|| kept_busy(run, POOL_SIZE))
    .and(|| measured_between(run, expected, expected, SHAPE_SLACK_UNITS))
    .and(|| {
        Verdict::pass(format!(
            "{POOL_SIZE} worker processes ran all {} words, results in input order, in the time \
             predicted",
            run.tokens.len()
        ))
    })
}

/// Every outcome is a result (an error is named with its cause), as recorded, in input order.
fn all_results(outcomes: &[Result<String, TaskError>], run: &Run) -> Verdict {
    if let Some(error) = outcomes.iter().find_map(|o| o.as_ref().err()) {
        return Verdict::fail(
            format!("a word has no result: {error}."),
            "every word needs its result; a worker that died takes its word with it. Run the \
             cell again (the next exercise retries such a word).",
        );
    }
    let results: Vec<&str> = outcomes.iter().filter_map(|o| o.as_deref().ok()).collect();
    results_in_input_order(&results, run)
}

/// Every recorded call was made by a worker process (`pid N`), not a thread of the notebook.
fn on_processes(run: &Run) -> Verdict {
    match run.records().iter().find(|r| !is_process(r)) {
        Some(call) => Verdict::fail(
            format!(
                "{:?} ran on a thread ({:?}), not in a worker process.",
                call.token, call.worker
            ),
            "start the processes with ProcessPool::start(5) and give them the words with \
             pool.map(&tokens).",
        ),
        None => Verdict::pass("on worker processes"),
    }
}

fn is_process(call: &Record) -> bool {
    call.worker.starts_with("pid ")
}

/// Exercise 2: a pool whose worker crashes on one word ran the words; each lost word was retried
/// once on a fresh worker process, and `outcomes` holds every word's final outcome in input order.
///
/// `run` must record the whole story: the first attempt (with its crash) and the retries. Only
/// words that were lost may run again, each once, on a process that ran nothing before in this
/// run: retrying everything doubles the work, retrying on the same pool meets the same crash, and
/// a result made up or worked out in the notebook's own thread is not a retry.
pub fn retried_once(outcomes: &[Result<String, TaskError>], run: &Run) -> Verdict {
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
            "keep one outcome per word, in input order: replace a lost word's Err by its retry's \
             outcome.",
        );
    }
    let lost: Vec<&str> = first_attempts(run)
        .into_iter()
        .filter(|r| r.outcome.is_err())
        .map(|r| r.token.as_str())
        .collect();
    work_was_recorded(run)
        .and(|| every_word_tried(run))
        .and(|| {
            if lost.is_empty() {
                Verdict::fail(
                    "no word was lost in this run, so nothing was retried.",
                    "start from the crashing pool: run crashy.map(&tokens) first, then retry what \
                     it lost.",
                )
            } else {
                Verdict::pass("a word was lost")
            }
        })
        .and(|| retries_are_right(run))
        .and(|| final_outcomes_match(outcomes, run))
        .and(|| {
            Verdict::pass(format!(
                "{} lost to a crash and retried once on a fresh worker process; every word's \
                 outcome is its last attempt's, in input order",
                lost.iter()
                    .map(|t| format!("{t:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })
}

/// The recorded attempts of the word at input position `index`, in order of start.
fn attempts(run: &Run, index: usize) -> Vec<&Record> {
    let mut attempts: Vec<&Record> = run
        .records()
        .iter()
        .filter(|r| r.index == Some(index))
        .collect();
    attempts.sort_by_key(|r| r.start);
    attempts
}

/// Each word's first attempt, in input order.
fn first_attempts(run: &Run) -> Vec<&Record> {
    (0..run.tokens.len())
        .filter_map(|i| attempts(run, i).first().copied())
        .collect()
}

/// Every word of the input was tried, and nothing else was.
fn every_word_tried(run: &Run) -> Verdict {
    super::common::only_input_words(
        run,
        "run the input's words, and retry the lost words themselves.",
    )
    .and(
        || match (0..run.tokens.len()).find(|&i| attempts(run, i).is_empty()) {
            Some(i) => Verdict::fail(
                format!("{:?} (word {}) was never worked on.", run.tokens[i], i + 1),
                "run every word on the crashing pool first: crashy.map(&tokens).",
            ),
            None => Verdict::pass("every word tried"),
        },
    )
}

/// Each lost word was retried once, and no other word: on a worker process that had run nothing
/// before in this run, taking its word's time if it returned.
fn retries_are_right(run: &Run) -> Verdict {
    let retry_hint = "retry each Err once on a fresh worker process: run_in_process(token) starts \
                      one for a single word.";
    for index in 0..run.tokens.len() {
        let attempts = attempts(run, index);
        let token = &run.tokens[index];
        let (first, retries) = attempts.split_first().expect("every_word_tried saw to it");
        if first.outcome.is_ok() && !retries.is_empty() {
            return Verdict::fail(
                format!("{token:?} ran again although it never failed."),
                "retry only the words whose outcome is an Err.",
            );
        }
        if first.outcome.is_err() && retries.is_empty() {
            return Verdict::fail(
                format!("{token:?} was lost, and no retry of it was recorded."),
                retry_hint,
            );
        }
        if retries.len() > 1 {
            return Verdict::fail(
                format!(
                    "{token:?} ran {} times: a lost word is retried once, no more.",
                    attempts.len()
                ),
                "retry each lost word once; a word that fails again is reported, not retried \
                 forever.",
            );
        }
        let Some(retry) = retries.first() else {
            continue;
        };
        if !is_process(retry) {
            return Verdict::fail(
                format!(
                    "{token:?} was retried on a thread ({:?}), not in a worker process.",
                    retry.worker
                ),
                retry_hint,
            );
        }
        if run
            .records()
            .iter()
            .any(|r| r.worker == retry.worker && r.start < retry.start)
        {
            return Verdict::fail(
                format!(
                    "{token:?} was retried on {}, a worker that had run words before.",
                    retry.worker
                ),
                retry_hint,
            );
        }
        if let Err(reason) = &retry.outcome {
            return Verdict::fail(
                format!("the retry of {token:?} failed too ({reason})."),
                "the crash belongs to the crashing pool's workers, not to the word: retry on a \
                 fresh worker without the crash option, such as run_in_process(token).",
            );
        }
        let took = retry.end.saturating_sub(retry.start);
        if retry.outcome.is_ok() && took * 2 < token_time(run, token) {
            return Verdict::fail(
                format!("the retry of {token:?} was over too soon."),
                retry_hint,
            );
        }
    }
    Verdict::pass("one retry per lost word")
}

/// Each outcome is its word's last recorded attempt: a result as the retry returned it, or, if
/// the retry failed too, an error.
fn final_outcomes_match(outcomes: &[Result<String, TaskError>], run: &Run) -> Verdict {
    for (index, (token, outcome)) in run.tokens.iter().zip(outcomes).enumerate() {
        let last = attempts(run, index).last().map(|r| &r.outcome);
        let place = format!("outcome {} (for {token:?})", index + 1);
        match (outcome, last) {
            (Ok(result), Some(Ok(returned))) if result == returned => {}
            (Ok(result), Some(Ok(returned))) => {
                return Verdict::fail(
                    format!(
                        "{place} is Ok({result:?}), but its last attempt returned {returned:?}."
                    ),
                    "keep the outcomes in input order: put a retry's outcome in its word's place.",
                );
            }
            (Ok(result), _) => {
                return Verdict::fail(
                    format!("{place} is Ok({result:?}), but no attempt of it returned that."),
                    "a lost word's result comes from its retry, not from the notebook.",
                );
            }
            (Err(error), Some(Ok(_))) => {
                return Verdict::fail(
                    format!("{place} is still an error ({error}), though its retry returned."),
                    "put the retry's outcome in place of the Err.",
                );
            }
            (Err(_), _) => {}
        }
    }
    Verdict::pass("outcomes as the last attempts ended")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TUTORIAL_TOKENS;
    use crate::check::fixture::{self, Task, task};

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

    /// The words on five worker processes `pid 1` ... `pid 5`.
    fn on_five_processes() -> Run {
        let mut run = fixture::pool(&TUTORIAL_TOKENS, POOL_SIZE);
        for record in &mut run.records {
            record.worker = record.worker.replace("worker ", "pid 10");
        }
        run
    }

    #[test]
    fn pool_of_five_passes_a_right_answer_in_any_number_type() {
        let run = on_five_processes();
        assert_eq!(run.wall, fixture::UNIT * 6);
        for verdict in [
            pool_of_five(6, &ok(&TUTORIAL_TOKENS), &run),
            pool_of_five(6usize, &ok(&TUTORIAL_TOKENS), &run),
            pool_of_five(6.0, &ok(&TUTORIAL_TOKENS), &run),
        ] {
            assert!(verdict.passed(), "{verdict}");
        }
    }

    #[test]
    fn pool_of_five_names_each_mistake() {
        let run = on_five_processes();
        let starter = pool_of_five(0, &[], &run).to_string();
        assert!(
            starter.contains("too low") && !starter.contains('6'),
            "{starter}"
        );
        assert!(
            pool_of_five(7u32, &ok(&TUTORIAL_TOKENS), &run)
                .to_string()
                .contains("too high")
        );
        let nothing = pool_of_five(6, &[], &run).to_string();
        assert!(nothing.contains("no results"), "{nothing}");
        let mut lost = ok(&TUTORIAL_TOKENS);
        lost[2] = died("how");
        let lost = pool_of_five(6, &lost, &run).to_string();
        assert!(lost.contains("died") && lost.contains("\"how\""), "{lost}");
        let threads = fixture::pool(&TUTORIAL_TOKENS, POOL_SIZE);
        let threads = pool_of_five(6, &ok(&TUTORIAL_TOKENS), &threads).to_string();
        assert!(threads.contains("not in a worker process"), "{threads}");
        let mut per_word = fixture::pool(&TUTORIAL_TOKENS, 12);
        for record in &mut per_word.records {
            record.worker = record.worker.replace("worker ", "pid 20");
        }
        let per_word = pool_of_five(6, &ok(&TUTORIAL_TOKENS), &per_word).to_string();
        assert!(
            per_word.contains("12 workers ran the words: too many"),
            "{per_word}"
        );
        let typed_in = fixture::run(&TUTORIAL_TOKENS, vec![]);
        assert!(!pool_of_five(6, &ok(&TUTORIAL_TOKENS), &typed_in).passed());
        let mut slow = on_five_processes();
        slow.wall = fixture::UNIT * 10;
        assert!(
            pool_of_five(6, &ok(&TUTORIAL_TOKENS), &slow)
                .to_string()
                .contains("too slow")
        );
    }

    const WORDS: [&str; 4] = ["hello", "how", "a", "b"];

    /// Two crashing workers: `how` dies on pid 2, the rest run on pid 1; then `retries`.
    fn crash_then(retries: Vec<Task>) -> Run {
        let mut tasks = vec![
            task("hello", "pid 1", 0.0, 5.0),
            task("how", "pid 2", 0.0, 1.5).failing("worker pid 2 died"),
            task("a", "pid 1", 5.0, 6.0),
            task("b", "pid 1", 6.0, 7.0),
        ];
        tasks.extend(retries);
        fixture::run(&WORDS, tasks)
    }

    #[test]
    fn retried_once_passes_one_retry_on_a_fresh_process() {
        let run = crash_then(vec![task("how", "pid 9", 7.0, 10.0)]);
        let verdict = retried_once(&ok(&WORDS), &run);
        assert!(verdict.passed(), "{verdict}");
        assert!(verdict.to_string().contains("\"how\" lost"), "{verdict}");
    }

    #[test]
    fn retried_once_names_each_mistake() {
        let mut first_try = ok(&WORDS);
        first_try[1] = died("how");
        let starter = retried_once(&first_try, &crash_then(vec![])).to_string();
        assert!(
            starter.contains("\"how\" was lost, and no retry"),
            "{starter}"
        );
        let made_up = retried_once(&ok(&WORDS), &crash_then(vec![])).to_string();
        assert!(made_up.contains("no retry of it was recorded"), "{made_up}");
        let in_thread = crash_then(vec![task("how", "main", 7.0, 10.0)]);
        let in_thread = retried_once(&ok(&WORDS), &in_thread).to_string();
        assert!(in_thread.contains("retried on a thread"), "{in_thread}");
        let same_pool = crash_then(vec![
            task("how", "pid 1", 7.0, 8.5).failing("worker pid 1 died"),
        ]);
        let same_pool = retried_once(&first_try, &same_pool).to_string();
        assert!(
            same_pool.contains("a worker that had run words before"),
            "{same_pool}"
        );
        let everything = crash_then(vec![
            task("hello", "pid 9", 7.0, 12.0),
            task("how", "pid 8", 7.0, 10.0),
        ]);
        let everything = retried_once(&ok(&WORDS), &everything).to_string();
        assert!(
            everything.contains("\"hello\" ran again although it never failed"),
            "{everything}"
        );
        let twice = crash_then(vec![
            task("how", "pid 9", 7.0, 10.0),
            task("how", "pid 8", 10.0, 13.0),
        ]);
        let twice = retried_once(&ok(&WORDS), &twice).to_string();
        assert!(twice.contains("\"how\" ran 3 times"), "{twice}");
        let no_crash = retried_once(&ok(&WORDS), &fixture::pool(&WORDS, 2)).to_string();
        assert!(no_crash.contains("no word was lost"), "{no_crash}");
        let short = retried_once(&ok(&WORDS[..2]), &crash_then(vec![])).to_string();
        assert!(short.contains("2 outcomes for 4 words: too few"), "{short}");
        let mut swapped = ok(&WORDS);
        swapped.swap(0, 1);
        let swapped = retried_once(&swapped, &crash_then(vec![task("how", "pid 9", 7.0, 10.0)]));
        assert!(
            swapped.to_string().contains("outcome 1 (for \"hello\")"),
            "{swapped}"
        );
        let kept_err = retried_once(
            &first_try,
            &crash_then(vec![task("how", "pid 9", 7.0, 10.0)]),
        );
        assert!(
            kept_err.to_string().contains("still an error"),
            "{kept_err}"
        );
    }
}
