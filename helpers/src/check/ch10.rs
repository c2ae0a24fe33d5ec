//! Checks for chapter 10's exercises. The learner writes a function; the check calls it on words of
//! its own, over several rounds, under a hidden work plan: its own work times and, for exercise 1,
//! its own failing words with messages made up per round. Each round is recorded by the check
//! itself, so only a function that does the work and reads its outcomes can pass.
//!
//! - 10.1 "lose nothing": `fn lose_nothing(tokens: &[&'static str]) -> Vec<Result<String, String>>`
//!   keeps `par_iter` and gives every word its outcome: `Ok(WORD)` or the `Err` of its own panic.
//! - 10.2 "stop before a deadline": `fn before_deadline(pool: &WorkerPool, jobs: &[(&'static str,
//!   Duration)], deadline: Instant) -> Vec<Option<String>>` starts a word (each comes with how long
//!   its work takes) only if it can end by the deadline.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crate::check::learner;
use crate::check::puzzle::{PUZZLE_UNIT, Puzzle, PuzzleMaker};
use crate::check::steps::one_outcome_per_word;
use crate::check::{Chapter, Exercise, Verdict, common};
use crate::{Run, WorkerPool};

/// Exercise 10.1.
pub const LOSE_NOTHING: Exercise = Exercise {
    id: "10.1",
    title: "Rayon, but lose nothing",
    hints: LOSE_NOTHING_HINTS,
};

/// Exercise 10.2.
pub const BEFORE_DEADLINE: Exercise = Exercise {
    id: "10.2",
    title: "Stop before a deadline",
    hints: BEFORE_DEADLINE_HINTS,
};

/// Chapter 10's exercises and their solutions.
pub const CHAPTER: Chapter = Chapter {
    number: "10",
    title: "When tasks fail",
    exercises: &[LOSE_NOTHING, BEFORE_DEADLINE],
    solutions: include_str!("../../solutions/ch10.rs"),
};

/// Rounds per check: each with new words, times and failures.
const ROUNDS: usize = 3;

/// Exercise 10.1: calls `lose_nothing` on [`ROUNDS`] hidden lists, each with one or two words
/// whose work panics with a message made up for the round, and judges each round's outcomes
/// against the check's own recording of the call.
pub fn lose_nothing(
    lose_nothing: impl Fn(&[&'static str]) -> Vec<Result<String, String>>,
) -> Verdict {
    LOSE_NOTHING.check(|| {
        let mut maker = PuzzleMaker::new();
        let threads = rayon::current_num_threads();
        let (mut words, mut failures) = (0, 0);
        for round in 0..ROUNDS {
            let puzzle = fail_puzzle(&mut maker, round);
            let outcome = learner::call_on(&puzzle.puzzle, threads, &lose_nothing)?;
            let verdict = judge_lose_nothing(&puzzle, &outcome.value, &outcome.run, threads);
            if !verdict.passed() {
                return Ok(in_round(round, verdict));
            }
            words += puzzle.puzzle.tokens().len();
            failures += puzzle.failing.len();
        }
        Ok(Verdict::pass(format!(
            "{ROUNDS} rounds of words of the check's own ({words} words, {failures} of them \
             panicking with messages made up for the round): one outcome per word in input order, \
             each Ok what its word's work returned, each Err its own panic's message, on rayon's \
             threads, several at once"
        )))
    })
}

/// Exercise 10.2: calls `before_deadline` on [`ROUNDS`] hidden lists of words, each word with the
/// time its work takes under the round's plan, a pool of the round's size and a deadline, and
/// judges each round's outcomes against the check's recording.
pub fn before_deadline(
    before_deadline: impl Fn(&WorkerPool, &[(&'static str, Duration)], Instant) -> Vec<Option<String>>,
) -> Verdict {
    BEFORE_DEADLINE.check(|| {
        let mut maker = PuzzleMaker::new();
        let (mut done, mut cancelled) = (0, 0);
        for round in 0..ROUNDS {
            let puzzle = deadline_puzzle(&mut maker);
            let pool = WorkerPool::new(puzzle.workers);
            let unit = puzzle.puzzle.unit();
            let tokens = puzzle.puzzle.tokens().to_vec();
            let jobs: Vec<(&'static str, Duration)> = tokens
                .iter()
                .zip(puzzle.puzzle.units())
                .map(|(&token, &units)| (token, unit.saturating_mul(units)))
                .collect();
            let outcome =
                learner::call_with_plan(puzzle.puzzle.plan(), &tokens, puzzle.workers, || {
                    let deadline = Instant::now() + unit.mul_f64(puzzle.deadline_units);
                    before_deadline(&pool, &jobs, deadline)
                })?;
            let verdict = judge_before_deadline(&puzzle, &outcome.value, &outcome.run);
            if !verdict.passed() {
                return Ok(in_round(round, verdict));
            }
            done += outcome.value.iter().filter(|o| o.is_some()).count();
            cancelled += outcome.value.iter().filter(|o| o.is_none()).count();
        }
        Ok(Verdict::pass(format!(
            "{ROUNDS} rounds of words of the check's own, on pools of 2 or 3 with deadlines of \
             their own: {done} words done and {cancelled} cancelled, each as its work ran or never \
             started, no word ended after its deadline, and no word was cancelled that could still \
             end in time"
        )))
    })
}

/// A failed round's verdict, saying which round it was (rounds differ in words and times).
fn in_round(round: usize, verdict: Verdict) -> Verdict {
    verdict.map_problem(|problem| format!("round {} of {ROUNDS}: {problem}", round + 1))
}

/// Round `round` of exercise 1: six to nine words, times of one to four units, one or two of them
/// panicking (the first round one, the second two, the third one at either end of the list).
fn fail_puzzle(maker: &mut PuzzleMaker, round: usize) -> FailPuzzle {
    let count = maker.in_range(6..=9) as usize;
    let mut puzzle = maker.puzzle(count, 1..=4);
    let mut at: Vec<usize> = match round {
        0 => vec![maker.in_range(1..=(count as u32 - 2)) as usize],
        1 => {
            let mut places: Vec<usize> = (0..count).collect();
            maker.shuffle(&mut places);
            places[..2].to_vec()
        }
        _ => vec![if maker.next_u64() % 2 == 0 {
            0
        } else {
            count - 1
        }],
    };
    at.sort();
    let mut failing = BTreeMap::new();
    for i in at {
        let word = puzzle.tokens()[i];
        let what = ["checksum", "seal", "lock", "stamp"][(maker.next_u64() % 4) as usize];
        let message = format!("{word}: {what} {:04x} is broken", maker.next_u64() & 0xffff);
        puzzle = puzzle.with_panic_at(i, &message);
        failing.insert(i, message);
    }
    FailPuzzle { puzzle, failing }
}

/// The unit of exercise 2's rounds: three puzzle units, so that late wake-ups on a busy machine
/// stay well under the half unit between a word's end and the deadline.
const DEADLINE_UNIT: Duration = PUZZLE_UNIT.saturating_mul(3);

/// A round of exercise 2 that tells the right answer from both wrong shapes (see
/// [`deadline_puzzle_tells_apart`]): six to nine words of one to four units, a pool of 2 or 3, a
/// deadline a whole number of units and a half, at [`DEADLINE_UNIT`].
fn deadline_puzzle(maker: &mut PuzzleMaker) -> DeadlinePuzzle {
    // Most draws qualify; the bound only keeps a check from ever spinning.
    for _ in 0..10_000 {
        let workers = maker.in_range(2..=3) as usize;
        let count = maker.in_range(6..=9) as usize;
        let puzzle = maker.puzzle(count, 1..=4).at_unit(DEADLINE_UNIT);
        let total: u32 = puzzle.units().iter().sum();
        let spread = (total / workers as u32).max(2);
        let whole = maker.in_range(spread / 2..=spread.saturating_sub(1).max(spread / 2));
        let candidate = DeadlinePuzzle {
            workers,
            deadline_units: f64::from(whole) + 0.5,
            puzzle,
        };
        if deadline_puzzle_tells_apart(&candidate) {
            return candidate;
        }
    }
    DeadlinePuzzle {
        puzzle: Puzzle::new(vec!["lynx", "ox", "walnut", "fig"], vec![3, 2, 4, 1])
            .at_unit(DEADLINE_UNIT),
        workers: 2,
        deadline_units: 3.5,
    }
}

/// One round of exercise 1: the words and their times, and the words whose work panics, by input
/// index, with the panic's message.
#[derive(Debug, Clone)]
pub(crate) struct FailPuzzle {
    pub(crate) puzzle: Puzzle,
    pub(crate) failing: BTreeMap<usize, String>,
}

/// One round of exercise 2: the words and their times, the pool's size and the deadline, in units
/// from the start (always a whole number and a half, so no word ends on it).
#[derive(Debug, Clone)]
pub(crate) struct DeadlinePuzzle {
    pub(crate) puzzle: Puzzle,
    pub(crate) workers: usize,
    pub(crate) deadline_units: f64,
}

/// The staged hints of exercise 1, in order.
pub(crate) const LOSE_NOTHING_HINTS: &[&str] = &[
    "catch the panic inside each task, where only that word is lost: `catch_unwind` around \
     `work(t)` inside the `map`, not around the whole `par_iter`.",
    "`catch_unwind(|| work(t))` is `Ok(result)` or `Err(payload)`; turn the payload into its \
     message with the chapter's `message` function (`map_err`), so the Err carries the panic's own \
     words.",
    "collect the `par_iter`'s `map` into a Vec: rayon keeps input order, one outcome per word, and \
     each word is worked on exactly once.",
];

/// The staged hints of exercise 2, in order.
pub(crate) const BEFORE_DEADLINE_HINTS: &[&str] = &[
    "decide inside each task, just before calling `work`: a word may start only if it can also \
     end by `deadline`.",
    "`Instant::now()` plus the word's duration is when it would end if it started now: compare \
     that with `deadline` (not `Instant::now()` alone), and return `None` without calling `work` \
     when it is later.",
    "do not stop at the first word that does not fit: a shorter word after it may still fit, \
     while a worker is free.",
];

// ---- Exercise 1: lose nothing ----

/// The verdict on one round of exercise 1: `outcomes` is what the learner's function returned
/// for the puzzle's words, `run` the check's recording of that call.
pub(crate) fn judge_lose_nothing(
    puzzle: &FailPuzzle,
    outcomes: &[Result<String, String>],
    run: &Run,
    rayon_threads: usize,
) -> Verdict {
    one_outcome_per_word(outcomes.len(), run.tokens.len())
        .and(|| common::each_token_once(run))
        .and(|| outcomes_as_recorded(outcomes, run))
        .and(|| errors_hold_the_payload(puzzle, outcomes))
        .and(|| common::on_rayon_threads(run))
        .and(|| {
            let wanted = rayon_threads.min(run.tokens.len()).max(1);
            common::at_least_at_once(run, wanted)
        })
}

/// Word by word in input order: an `Ok` is what the word's call returned, an `Err` stands for a
/// call that failed. (Every word was worked on once: [`common::each_token_once`] came first.)
fn outcomes_as_recorded(outcomes: &[Result<String, String>], run: &Run) -> Verdict {
    for (i, (outcome, record)) in outcomes.iter().zip(run.in_input_order()).enumerate() {
        let word = &record.token;
        let place = i + 1;
        let problem = match (outcome, &record.outcome) {
            (Ok(result), Ok(returned)) if result == returned => continue,
            (Err(_), Err(_)) => continue,
            (Ok(result), Ok(_)) => format!(
                "outcome {place} is {result:?}, which is not what the call for {word:?} returned."
            ),
            (Ok(_), Err(_)) => {
                format!("outcome {place} ({word:?}) is an Ok, but its task panicked.")
            }
            (Err(_), Ok(_)) => {
                format!("outcome {place} ({word:?}) is an Err, but its task succeeded.")
            }
        };
        return Verdict::fail(problem, "");
    }
    Verdict::pass("outcomes as recorded")
}

/// Each `Err` holds the message its word's panic carried (the check chose it for this round).
fn errors_hold_the_payload(puzzle: &FailPuzzle, outcomes: &[Result<String, String>]) -> Verdict {
    for (i, outcome) in outcomes.iter().enumerate() {
        let Err(message) = outcome else { continue };
        if puzzle.failing.get(&i) != Some(message) {
            return Verdict::fail(
                format!(
                    "the Err of {:?} says {message:?}, which is not the message its panic carried \
                     (only the message in the panic's payload can match).",
                    puzzle.puzzle.tokens()[i]
                ),
                "",
            );
        }
    }
    Verdict::pass("each Err holds its panic's message")
}

// ---- Exercise 2: stop before the deadline ----

/// What a pool of `workers` that starts a word only when it can end by the deadline gets done:
/// the units of the words it finishes. Each free worker takes the next word in order; a word that
/// would end late is cancelled at once, and the worker takes the next one.
pub(crate) fn units_that_fit(units: &[u32], workers: usize, deadline_units: f64) -> u32 {
    let mut free_at = vec![0u32; workers.max(1)];
    let mut done = 0;
    for &time in units {
        let earliest = (0..free_at.len())
            .min_by_key(|&w| free_at[w])
            .unwrap_or_default();
        if f64::from(free_at[earliest] + time) <= deadline_units {
            free_at[earliest] += time;
            done += time;
        }
    }
    done
}

/// When the last word ends in a pool that starts each next word while the deadline has not
/// passed (the mistake the exercise is about), in units.
pub(crate) fn start_while_before(units: &[u32], workers: usize, deadline_units: f64) -> u32 {
    let mut free_at = vec![0u32; workers.max(1)];
    for &time in units {
        let earliest = (0..free_at.len())
            .min_by_key(|&w| free_at[w])
            .unwrap_or_default();
        if f64::from(free_at[earliest]) < deadline_units {
            free_at[earliest] += time;
        }
    }
    free_at.into_iter().max().unwrap_or_default()
}

/// What a pool gets done that stops handing out words at the first one that does not fit.
pub(crate) fn units_until_first_misfit(units: &[u32], workers: usize, deadline_units: f64) -> u32 {
    let mut free_at = vec![0u32; workers.max(1)];
    let mut done = 0;
    for &time in units {
        let earliest = (0..free_at.len())
            .min_by_key(|&w| free_at[w])
            .unwrap_or_default();
        if f64::from(free_at[earliest] + time) > deadline_units {
            break;
        }
        free_at[earliest] += time;
        done += time;
    }
    done
}

/// Whether a round tells the right answer from both wrong shapes: starting while the deadline
/// has not passed ends late, and stopping at the first misfit gets less done.
pub(crate) fn deadline_puzzle_tells_apart(puzzle: &DeadlinePuzzle) -> bool {
    let (units, workers, deadline) = (puzzle.puzzle.units(), puzzle.workers, puzzle.deadline_units);
    f64::from(start_while_before(units, workers, deadline)) > deadline
        && units_until_first_misfit(units, workers, deadline)
            < units_that_fit(units, workers, deadline)
}

/// The verdict on one round of exercise 2. `outcomes` is what the learner's function returned;
/// `run` the check's recording of the call, which began with the deadline `puzzle.deadline_units`
/// ahead.
pub(crate) fn judge_before_deadline(
    puzzle: &DeadlinePuzzle,
    outcomes: &[Option<String>],
    run: &Run,
) -> Verdict {
    one_outcome_per_word(outcomes.len(), run.tokens.len())
        .and(|| done_as_recorded(outcomes, run))
        .and(|| took_plan_time(puzzle, run))
        .and(|| {
            let seen = common::workers_seen(run);
            if seen > puzzle.workers {
                Verdict::fail(
                    format!(
                        "{seen} workers ran the words: too many, the pool has {}. Run them on \
                         the pool your function is given, not on threads of your own.",
                        puzzle.workers
                    ),
                    "",
                )
            } else {
                Verdict::pass("on the pool")
            }
        })
        .and(|| ended_by_the_deadline(puzzle, run))
        .and(|| nothing_cancelled_that_fits(puzzle, outcomes))
}

/// A `Some` is a word whose call ran once and returned it; a `None` one whose call never started.
fn done_as_recorded(outcomes: &[Option<String>], run: &Run) -> Verdict {
    if let Some(stranger) = run.records().iter().find(|r| r.index.is_none()) {
        return Verdict::fail(
            format!(
                "{:?} was worked on more often than it is in the input.",
                stranger.token
            ),
            "",
        );
    }
    for (i, (token, outcome)) in run.tokens.iter().zip(outcomes).enumerate() {
        let call = run.records().iter().find(|r| r.index == Some(i));
        let problem = match (outcome, call) {
            (Some(result), Some(record)) if record.outcome.as_deref() == Ok(result.as_str()) => {
                continue;
            }
            (None, None) => continue,
            (Some(_), Some(_)) => format!("{token:?} has a result its call did not return."),
            (Some(_), None) => {
                format!(
                    "{token:?} has a result, but its work never ran (it is not on the timeline)."
                )
            }
            (None, Some(_)) => {
                format!("{token:?} is marked cancelled (None), but its work ran.")
            }
        };
        return Verdict::fail(problem, "");
    }
    Verdict::pass("every word done or cancelled, as recorded")
}

/// Every call took at least the plan's time for its word, less a quarter unit: a call that did not
/// sleep its time is not the work.
fn took_plan_time(puzzle: &DeadlinePuzzle, run: &Run) -> Verdict {
    for record in run.records() {
        let Some(units) = record.index.and_then(|i| puzzle.puzzle.units().get(i)) else {
            continue;
        };
        let least = run.unit.mul_f64(f64::from(*units) - 0.25);
        if record.end.saturating_sub(record.start) < least {
            return Verdict::fail(
                format!(
                    "the call for {:?} was over too soon: call `work(t)` itself for each word you do.",
                    record.token
                ),
                "",
            );
        }
    }
    Verdict::pass("each call took its time")
}

/// How far past the deadline a word may end, in units, for late wake-ups: a word that started too
/// late ends at least half a unit after it (times are whole units, the deadline is not), and a
/// sleep never ends early, so any slack under a half still catches it.
const LATE_SLACK_UNITS: f64 = 0.45;

fn ended_by_the_deadline(puzzle: &DeadlinePuzzle, run: &Run) -> Verdict {
    let limit = run.unit.mul_f64(puzzle.deadline_units + LATE_SLACK_UNITS);
    if let Some(late) = run.records().iter().find(|r| r.end > limit) {
        return Verdict::fail(
            format!(
                "{:?} ended after the deadline: a word that starts before the deadline can \
                 still end after it.",
                late.token
            ),
            "",
        );
    }
    Verdict::pass("in time")
}

fn nothing_cancelled_that_fits(puzzle: &DeadlinePuzzle, outcomes: &[Option<String>]) -> Verdict {
    let done: u32 = puzzle
        .puzzle
        .units()
        .iter()
        .zip(outcomes)
        .filter(|(_, outcome)| outcome.is_some())
        .map(|(units, _)| units)
        .sum();
    if done < units_that_fit(puzzle.puzzle.units(), puzzle.workers, puzzle.deadline_units) {
        return Verdict::fail(
            "too little was done: some cancelled word could still have ended in time.",
            "",
        );
    }
    Verdict::pass("all that fits")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::fixture::{self, UNIT, task};

    const WORDS: [&str; 3] = ["kettle", "ox", "marmalade"];

    fn fail_puzzle() -> FailPuzzle {
        FailPuzzle {
            puzzle: Puzzle::new(WORDS.to_vec(), vec![2, 3, 1]),
            failing: BTreeMap::from([(1, "ox: seal 7f3a broken".to_string())]),
        }
    }

    /// kettle and marmalade on rayon 0, ox on rayon 1, which panicked.
    fn rayon_run() -> Run {
        fixture::run(
            &WORDS,
            vec![
                task("kettle", "rayon 0", 0.0, 2.0),
                task("ox", "rayon 1", 0.0, 3.0).failing("panicked"),
                task("marmalade", "rayon 0", 2.0, 3.0),
            ],
        )
    }

    fn right() -> Vec<Result<String, String>> {
        vec![
            Ok("KETTLE".into()),
            Err("ox: seal 7f3a broken".into()),
            Ok("MARMALADE".into()),
        ]
    }

    fn judge(outcomes: &[Result<String, String>], run: &Run) -> String {
        judge_lose_nothing(&fail_puzzle(), outcomes, run, 2).to_string()
    }

    #[test]
    fn lose_nothing_passes_the_outcomes_and_the_payload() {
        let verdict = judge_lose_nothing(&fail_puzzle(), &right(), &rayon_run(), 2);
        assert!(verdict.passed(), "{verdict}");
    }

    #[test]
    fn lose_nothing_fails_each_class() {
        let run = rayon_run();
        // The panic caught around the whole par_iter: one Err for everything.
        let lost = judge(&[Err("ox: seal 7f3a broken".into())], &run);
        assert!(lost.contains("fewer outcomes"), "{lost}");
        // The failed word given a made-up Ok.
        let mut invented = right();
        invented[1] = Ok("OX".into());
        assert!(judge(&invented, &run).contains("its task panicked"));
        // A message of one's own, or the chapter's text typed in.
        for made_up in ["ox failed", "cannot work on ox"] {
            let mut own = right();
            own[1] = Err(made_up.into());
            let verdict = judge(&own, &run);
            assert!(
                verdict.contains("not the message its panic carried"),
                "{verdict}"
            );
        }
        // Outcomes in completion order, not input order.
        let mut swapped = right();
        swapped.swap(0, 2);
        assert!(judge(&swapped, &run).contains("outcome 1"));
        // Nothing worked: values typed in.
        let nothing = fixture::run(&WORDS, vec![]);
        assert!(judge(&right(), &nothing).contains("no call"));
        // A retry: the failed word worked on twice.
        let retried = fixture::run(
            &WORDS,
            vec![
                task("kettle", "rayon 0", 0.0, 2.0),
                task("ox", "rayon 1", 0.0, 3.0).failing("panicked"),
                task("marmalade", "rayon 0", 2.0, 3.0),
                task("ox", "rayon 1", 3.0, 6.0),
            ],
        );
        assert!(judge(&right(), &retried).contains("2 times"));
        // A plain iter: one after another on the caller's thread.
        let sequential = fixture::run(
            &WORDS,
            vec![
                task("kettle", "main", 0.0, 2.0),
                task("ox", "main", 2.0, 5.0).failing("panicked"),
                task("marmalade", "main", 5.0, 6.0),
            ],
        );
        assert!(judge(&right(), &sequential).contains("not on one of rayon's threads"));
        // rayon, but one word at a time (a pool of one thread).
        let one_at_a_time = fixture::run(
            &WORDS,
            vec![
                task("kettle", "rayon 0", 0.0, 2.0),
                task("ox", "rayon 0", 2.0, 5.0).failing("panicked"),
                task("marmalade", "rayon 0", 5.0, 6.0),
            ],
        );
        assert!(judge(&right(), &one_at_a_time).contains("too few at once"));
    }

    const TIMES: [u32; 6] = [3, 2, 4, 1, 3, 1];

    fn deadline_puzzle() -> DeadlinePuzzle {
        DeadlinePuzzle {
            puzzle: Puzzle::new(
                vec!["alpha", "be", "cider", "d", "ember", "fig"],
                TIMES.to_vec(),
            ),
            workers: 2,
            deadline_units: 4.5,
        }
    }

    #[test]
    fn the_deadline_arithmetic() {
        // alpha 0-3 and be 0-2 on two workers; cider (4) would end at 6: cancelled; d 2-3;
        // ember would end at 6: cancelled; fig 3-4. Done: 3 + 2 + 1 + 1 = 7.
        assert_eq!(units_that_fit(&TIMES, 2, 4.5), 7);
        // Starting whatever comes while the deadline has not passed: cider at 2 ends at 6.
        assert_eq!(start_while_before(&TIMES, 2, 4.5), 7);
        // Stopping at cider: only alpha and be.
        assert_eq!(units_until_first_misfit(&TIMES, 2, 4.5), 5);
        assert!(deadline_puzzle_tells_apart(&deadline_puzzle()));
        assert_eq!(units_that_fit(&[], 2, 4.5), 0);
        assert_eq!(units_that_fit(&[1], 0, 4.5), 1);
    }

    fn outcomes(done: &[&str]) -> Vec<Option<String>> {
        deadline_puzzle()
            .puzzle
            .tokens()
            .iter()
            .map(|w| done.contains(w).then(|| w.to_uppercase()))
            .collect()
    }

    /// A run of the deadline puzzle with these calls (word, worker, start, end).
    fn deadline_run(calls: &[(&str, &str, f64, f64)]) -> Run {
        let tasks = calls
            .iter()
            .map(|&(word, worker, start, end)| task(word, worker, start, end))
            .collect();
        fixture::run(deadline_puzzle().puzzle.tokens(), tasks)
    }

    fn right_run() -> Run {
        deadline_run(&[
            ("alpha", "w1", 0.0, 3.0),
            ("be", "w2", 0.0, 2.0),
            ("d", "w2", 2.0, 3.0),
            ("fig", "w1", 3.0, 4.0),
        ])
    }

    fn judge_deadline(outcomes: &[Option<String>], run: &Run) -> String {
        judge_before_deadline(&deadline_puzzle(), outcomes, run).to_string()
    }

    #[test]
    fn before_deadline_passes_all_that_fits() {
        let right = outcomes(&["alpha", "be", "d", "fig"]);
        let verdict = judge_before_deadline(&deadline_puzzle(), &right, &right_run());
        assert!(verdict.passed(), "{verdict}");
        assert_eq!(fixture::UNIT, UNIT);
    }

    #[test]
    fn before_deadline_fails_each_class() {
        let right = outcomes(&["alpha", "be", "d", "fig"]);
        // A result typed in for a word that never ran.
        let claimed = outcomes(&["alpha", "be", "d", "fig", "ember"]);
        assert!(judge_deadline(&claimed, &right_run()).contains("its work never ran"));
        // A word that ran reported as cancelled.
        let hidden = outcomes(&["alpha", "be", "d"]);
        assert!(judge_deadline(&hidden, &right_run()).contains("marked cancelled"));
        // Too few outcomes.
        assert!(judge_deadline(&right[..3], &right_run()).contains("fewer outcomes"));
        // Stopping at the first misfit: d and fig lost.
        let gave_up = deadline_run(&[("alpha", "w1", 0.0, 3.0), ("be", "w2", 0.0, 2.0)]);
        let verdict = judge_deadline(&outcomes(&["alpha", "be"]), &gave_up);
        assert!(verdict.contains("too little was done"), "{verdict}");
        // Only asking whether the deadline has passed: cider starts at 2 and ends at 6.
        let late = deadline_run(&[
            ("alpha", "w1", 0.0, 3.0),
            ("be", "w2", 0.0, 2.0),
            ("cider", "w2", 2.0, 6.0),
            ("d", "w1", 3.0, 4.0),
        ]);
        let verdict = judge_deadline(&outcomes(&["alpha", "be", "cider", "d"]), &late);
        assert!(
            verdict.contains("\"cider\" ended after the deadline"),
            "{verdict}"
        );
        // Threads of one's own: four workers.
        let own_threads = deadline_run(&[
            ("alpha", "t1", 0.0, 3.0),
            ("be", "t2", 0.0, 2.0),
            ("d", "t3", 0.0, 1.0),
            ("fig", "t4", 0.0, 1.0),
        ]);
        assert!(judge_deadline(&right, &own_threads).contains("too many"));
        // A call that did not take its time.
        let mut quick = right_run();
        quick.records[0].end = quick.records[0].start;
        assert!(judge_deadline(&right, &quick).contains("over too soon"));
    }
}
