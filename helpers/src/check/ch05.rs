//! Checks for chapter 05's exercises: as few worker processes as the words need, and a crashed
//! worker's word retried once on a fresh worker process. Each check calls the learner's functions
//! on words of its own, in more than one round, and reads the run it recorded around the call:
//! every word's call and which process made it, how many processes ran, the retries and the time.
//!
//! The words run in `token-worker` processes, which take one unit per letter: the hidden work plan
//! of the other chapters lives in the notebook's process and does not reach them. So here the
//! puzzles' times are the words' lengths, at the puzzles' short unit (set for the length of the
//! check, so the worker processes started inside it use it too); what the learner cannot know in
//! advance is the words, their number, the pool size asked for and the word that crashes.
//!
//! ```
//! use helpers::check::ch05;
//! # helpers::check::progress::use_private_file();
//! let starter = ch05::fewest_processes(|_units| todo!("your code here"), |_tokens, _workers| {
//!     todo!("your code here")
//! });
//! assert!(starter.to_string().starts_with("FAIL: not written yet"), "{starter}");
//! ```

use std::time::Duration;

use super::common::{
    SHAPE_SLACK_UNITS, each_token_once, in_units, on_workers, results_in_input_order, token_time,
    work_was_recorded,
};
use super::learner::{Outcome, call, call_on};
use super::puzzle::{PUZZLE_UNIT, Puzzle, PuzzleMaker};
use super::steps::{busy_while_words_wait, in_round, one_outcome_per_word, took_planned_time};
use super::{Chapter, Exercise, Verdict};
use crate::{
    ProcessPool, Record, Run, TaskError, WorkerOptions, char_count, greedy_makespan, set_time_unit,
    time_unit,
};

/// Chapter 05's exercises, for the progress table and `solution(...)`.
pub const CHAPTER: Chapter = Chapter {
    number: "05",
    title: "Processes",
    exercises: &[FEWEST_PROCESSES, RETRY_LOST],
    solutions: include_str!("../../solutions/ch05.rs"),
};

/// 05.1: the fewest workers that match a process per word, and a pool of that many processes.
pub const FEWEST_PROCESSES: Exercise = Exercise {
    id: "05.1",
    title: "As few worker processes as will do",
    hints: &[
        "a pool's time for `w` workers is what chapter 01 worked out, `greedy_makespan(units, w)`; \
         compare it with the longest task for each size you try.",
        "try the sizes in order from one: the first that is as quick as the longest task alone is \
         the answer; a list of one task needs one worker.",
        "`ProcessPool::start(workers)` starts the processes (it returns a `Result`: `.expect(...)` \
         it), and `pool.map(tokens)` hands back every word's outcome in input order.",
    ],
};

/// 05.2: each lost word retried once on a fresh worker process.
pub const RETRY_LOST: Exercise = Exercise {
    id: "05.2",
    title: "Retry a lost word once",
    hints: &[
        "`crashy.map(tokens)` gives every word's first outcome, in input order; zip them with the \
         words and look at each `Err`.",
        "`run_in_process(token)` starts a fresh worker process for one word: call it once for \
         each lost word, and put what it returns in that word's place.",
        "a word whose first outcome is `Ok` keeps it: run nothing twice, and nothing in the \
         notebook's own threads.",
    ],
};

/// Sets the time unit to the puzzles' for the length of a check, and puts the notebook's back
/// when dropped: the worker processes take their unit from the notebook's.
struct PuzzleUnit {
    before: Option<Duration>,
}

impl PuzzleUnit {
    fn set() -> Self {
        let before = time_unit().ok();
        set_time_unit(PUZZLE_UNIT);
        PuzzleUnit { before }
    }
}

impl Drop for PuzzleUnit {
    fn drop(&mut self) {
        if let Some(unit) = self.before {
            set_time_unit(unit);
        }
    }
}

/// A puzzle whose times are its words' lengths: what a worker process sleeps.
fn lengths_puzzle(words: Vec<&'static str>) -> Puzzle {
    let units = words
        .iter()
        .map(|w| u32::try_from(char_count(w)).unwrap_or(u32::MAX))
        .collect();
    Puzzle::new(words, units)
}

/// The fewest workers whose pool, each free worker taking the next task in order, ends when the
/// longest task does; none for no tasks.
fn fewest_workers(units: &[usize]) -> usize {
    let longest = units.iter().copied().max().unwrap_or(0);
    (1..=units.len())
        .find(|&workers| greedy_makespan(units, workers) == longest)
        .unwrap_or(0)
}

/// Lists where the shortcuts go wrong: the tutorial's words, a long task last, short tasks
/// first (the total over the longest is too few), all alike, a single task.
const FIXED_CASES: [&[usize]; 7] = [
    &[5, 5, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1],
    &[1, 1, 1, 3],
    &[4, 1, 1, 1, 1],
    &[3, 3, 3],
    &[2],
    &[6, 1, 1, 1, 1, 1, 1],
    &[2, 1, 2, 1, 1, 2, 1],
];

/// Exercise 05.1: `workers_needed(units)` gives the fewest workers whose pool finishes as soon as
/// the longest task alone (checked exactly on fixed and made-up lists), and
/// `on_processes(tokens, workers)` maps the words on a pool of that many worker processes. Two
/// rounds of new words that need different pool sizes: each word's work once, its result in
/// input order, on worker processes, exactly as many as asked, kept busy, in the time of the
/// longest word.
pub fn fewest_processes(
    workers_needed: impl Fn(&[usize]) -> usize,
    on_processes: impl Fn(&[&'static str], usize) -> Vec<Result<String, TaskError>>,
) -> Verdict {
    FEWEST_PROCESSES.check(|| {
        let mut maker = PuzzleMaker::new();
        let mut cases: Vec<Vec<usize>> = FIXED_CASES.iter().map(|c| c.to_vec()).collect();
        for _ in 0..20 {
            let count = maker.in_range(2..=9) as usize;
            cases.push((0..count).map(|_| maker.in_range(1..=6) as usize).collect());
        }
        for units in &cases {
            let expected = fewest_workers(units);
            let got = call(|| workers_needed(units))?;
            if got != expected {
                let which = if got < expected {
                    "too few"
                } else {
                    "too many"
                };
                return Ok(Verdict::fail(
                    format!("for tasks {units:?}, `workers_needed` says {got}: {which}."),
                    "",
                ));
            }
        }
        let _unit = PuzzleUnit::set();
        let mut words = 0;
        let rounds = 2;
        // Each round needs a different pool size, so no fixed size passes both.
        let mut sizes_used = Vec::new();
        for round in 0..rounds {
            let puzzle = loop {
                let count = maker.in_range(7..=10) as usize;
                let puzzle = lengths_puzzle(maker.words(count));
                let need = fewest_workers(&units_of(&puzzle));
                if (2..=6).contains(&need) && need < count && !sizes_used.contains(&need) {
                    sizes_used.push(need);
                    break puzzle;
                }
            };
            let need = fewest_workers(&units_of(&puzzle));
            let Outcome { value, run, .. } =
                call_on(&puzzle, need, |tokens| on_processes(tokens, need))?;
            let verdict = pool_of(need, &value, &puzzle, &run);
            if !verdict.passed() {
                return Ok(in_round(round, verdict));
            }
            words += puzzle.tokens().len();
        }
        Ok(Verdict::pass(format!(
            "`workers_needed` right on all {} lists; in {rounds} rounds, {words} words ran on \
             exactly the worker processes asked for, each taking the next word when free, with \
             results in input order, as quick as the longest word",
            cases.len()
        )))
    })
}

fn units_of(puzzle: &Puzzle) -> Vec<usize> {
    puzzle.units().iter().map(|&u| u as usize).collect()
}

/// One round of 05.1: `workers` worker processes ran every word, kept busy.
fn pool_of(
    workers: usize,
    outcomes: &[Result<String, TaskError>],
    puzzle: &Puzzle,
    run: &Run,
) -> Verdict {
    let longest = puzzle.units().iter().copied().max().unwrap_or(0) as usize;
    each_token_once(run)
        .and(|| took_planned_time(puzzle, run))
        .and(|| all_results(outcomes, run))
        .and(|| on_processes(run))
        .and(|| {
            on_workers(run, workers)
                .and(|| {
                    // From the first word's start: starting the processes is not idling.
                    let first = first_start(run);
                    busy_while_words_wait(run, workers, &vec![first; run.tokens.len()])
                })
                .and(|| as_quick_as_the_longest(run, longest))
                .map_problem(|problem| format!("asked for {workers} workers: {problem}"))
        })
}

/// When the first recorded call started.
fn first_start(run: &Run) -> Duration {
    run.records()
        .iter()
        .map(|r| r.start)
        .min()
        .unwrap_or_default()
}

/// From the first word's start to the last word's end, the run took about the longest word's
/// time: starting the processes is left out (it is the pool's cost, not the schedule's), a
/// loaded machine gets [`SHAPE_SLACK_UNITS`].
fn as_quick_as_the_longest(run: &Run, longest: usize) -> Verdict {
    let first = first_start(run);
    let last = run
        .records()
        .iter()
        .map(|r| r.end)
        .max()
        .unwrap_or_default();
    let took = in_units(run, last.saturating_sub(first));
    if took > longest as f64 + SHAPE_SLACK_UNITS {
        Verdict::fail(
            format!(
                "from the first word's start to the last word's end took {took:.1} units: too \
                 slow for a pool that size."
            ),
            "",
        )
    } else {
        Verdict::pass("as quick as the longest word")
    }
}

/// Every outcome is a result (an error is named with its cause), as recorded, in input order.
fn all_results(outcomes: &[Result<String, TaskError>], run: &Run) -> Verdict {
    if let Some(error) = outcomes.iter().find_map(|o| o.as_ref().err()) {
        return Verdict::fail(format!("a word has no result: {error}."), "");
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
            "",
        ),
        None => Verdict::pass("on worker processes"),
    }
}

fn is_process(call: &Record) -> bool {
    call.worker.starts_with("pid ")
}

/// The rounds of 05.2: the place of the word that crashes its worker, if any (as a fraction of
/// the list: the first word, one in the middle, none).
const CRASH_AT: [Option<f64>; 3] = [Some(0.5), Some(0.0), None];

/// Exercise 05.2: `retry_lost(crashy, tokens)` runs the words on `crashy`, a pool of two whose
/// worker crashes on a word the check chose, then retries each lost word once on a fresh worker
/// process and returns every word's final outcome in input order. Three rounds: the crash in the
/// middle, on the first word, and nowhere (then nothing may run twice).
///
/// Each round's run must record the whole story: the first attempts (with the crash) and the
/// retries. Only words that were lost may run again, each once, on a process that ran nothing
/// before in this round: retrying everything doubles the work, retrying on the same pool meets
/// the same crash, and a result made up or worked out in the notebook's own thread is not a retry.
pub fn retry_lost(
    retry_lost: impl Fn(&mut ProcessPool, &[&'static str]) -> Vec<Result<String, TaskError>>,
) -> Verdict {
    RETRY_LOST.check(|| {
        let mut maker = PuzzleMaker::new();
        let _unit = PuzzleUnit::set();
        let mut lost_words = Vec::new();
        for (round, crash_at) in CRASH_AT.iter().enumerate() {
            let count = maker.in_range(5..=7) as usize;
            let puzzle = lengths_puzzle(maker.words(count));
            let crash_on = crash_at.map(|at| {
                let place = ((count - 1) as f64 * at).round() as usize;
                puzzle.tokens()[place].to_string()
            });
            let options = WorkerOptions {
                crash_on: crash_on.clone(),
            };
            let mut crashy = match ProcessPool::start_with(2, options) {
                Ok(pool) => pool,
                Err(error) => {
                    return Ok(Verdict::fail(
                        format!("the check could not start its worker processes ({error})."),
                        "",
                    ));
                }
            };
            let Outcome { value, run, .. } =
                call_on(&puzzle, 2, |tokens| retry_lost(&mut crashy, tokens))?;
            let verdict = retried_once(&value, crash_on.as_deref(), &run);
            if !verdict.passed() {
                return Ok(in_round(round, verdict));
            }
            lost_words.extend(crash_on);
        }
        Ok(Verdict::pass(format!(
            "{} rounds: {} lost to a crash and retried once each on a fresh worker process; in \
             the round without a crash nothing ran twice; every word's outcome is its last \
             attempt's, in input order",
            CRASH_AT.len(),
            lost_words
                .iter()
                .map(|t| format!("{t:?}"))
                .collect::<Vec<_>>()
                .join(" and ")
        )))
    })
}

/// One round of 05.2: `crash_on` is the word whose first attempt kills its worker, if any.
fn retried_once(
    outcomes: &[Result<String, TaskError>],
    crash_on: Option<&str>,
    run: &Run,
) -> Verdict {
    let count = one_outcome_per_word(outcomes.len(), run.tokens.len());
    if !count.passed() {
        return count;
    }
    let lost: Vec<&str> = first_attempts(run)
        .into_iter()
        .filter(|r| r.outcome.is_err())
        .map(|r| r.token.as_str())
        .collect();
    work_was_recorded(run)
        .and(|| every_word_tried(run))
        .and(|| match crash_on {
            Some(word) if !lost.contains(&word) => Verdict::fail(
                format!("{word:?} should have crashed its worker, but its first attempt did not."),
                "",
            ),
            _ => Verdict::pass("the crash as planned"),
        })
        .and(|| retries_are_right(run))
        .and(|| final_outcomes_match(outcomes, run))
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
                "",
            ),
            None => Verdict::pass("every word tried"),
        },
    )
}

/// Each lost word was retried once, and no other word: on a worker process that had run nothing
/// before in this run, taking its word's time if it returned.
fn retries_are_right(run: &Run) -> Verdict {
    for index in 0..run.tokens.len() {
        let attempts = attempts(run, index);
        let token = &run.tokens[index];
        let (first, retries) = attempts.split_first().expect("every_word_tried saw to it");
        if first.outcome.is_ok() && !retries.is_empty() {
            return Verdict::fail(format!("{token:?} ran again although it never failed."), "");
        }
        if first.outcome.is_err() && retries.is_empty() {
            return Verdict::fail(
                format!("{token:?} was lost, and no retry of it was recorded."),
                "",
            );
        }
        if retries.len() > 1 {
            return Verdict::fail(
                format!(
                    "{token:?} ran {} times: a lost word is retried once, no more.",
                    attempts.len()
                ),
                "",
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
                "",
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
                "",
            );
        }
        if let Err(reason) = &retry.outcome {
            return Verdict::fail(format!("the retry of {token:?} failed too ({reason})."), "");
        }
        let took = retry.end.saturating_sub(retry.start);
        if retry.outcome.is_ok() && took * 2 < token_time(run, token) {
            return Verdict::fail(format!("the retry of {token:?} was over too soon."), "");
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
                    "",
                );
            }
            (Ok(result), _) => {
                return Verdict::fail(
                    format!("{place} is Ok({result:?}), but no attempt of it returned that."),
                    "",
                );
            }
            (Err(error), Some(Ok(_))) => {
                return Verdict::fail(
                    format!("{place} is still an error ({error}), though its retry returned."),
                    "",
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

    #[test]
    fn the_fewest_workers_reach_the_longest_task() {
        assert_eq!(fewest_workers(&[5, 5, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1]), 6);
        assert_eq!(fewest_workers(&[1, 1, 1, 3]), 4);
        assert_eq!(fewest_workers(&[4, 1, 1, 1, 1]), 2);
        assert_eq!(fewest_workers(&[2]), 1);
        assert_eq!(fewest_workers(&[]), 0);
    }
}
