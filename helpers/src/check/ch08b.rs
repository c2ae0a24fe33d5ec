//! Checks for chapter 08b's exercises (shared state): a tally whose lock is held only for the
//! update, and a progress counter that other threads can watch while the work runs.
//!
//! Both call the learner's function themselves, on hidden words whose work times have nothing to
//! do with their length, in more than one round, and read what the run recorded: the work calls,
//! and for the tally every acquisition of the [`RecordedMutex`] the check hands over (when it was
//! held, by which thread). The progress check watches the learner's counter from a thread of its
//! own while the run goes on, so a count added all at once after the work, or before it, fails.
//!
//! ```
//! use helpers::check::ch08b;
//! # helpers::check::progress::use_private_file();
//! let not_started = ch08b::lock_only_for_the_update(|_, _| todo!("your code here"));
//! assert!(not_started.to_string().starts_with("FAIL: not written yet"));
//! ```

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::PoisonError;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use super::common;
use super::learner::{Outcome, call_on};
use super::puzzle::{Puzzle, PuzzleMaker};
use super::{Chapter, Exercise, Verdict, steps};
use crate::{RecordedMutex, Run, char_count};

/// Exercise 08b.1: the letters of every word's result in one tally behind a lock, held only to add.
pub const LOCK_FOR_THE_UPDATE: Exercise = Exercise {
    id: "08b.1",
    title: "Hold the lock only for the update",
    hints: &[
        "start a thread for each word inside `thread::scope`, so the threads can borrow `tally`; \
         in each, call `work` first and take the lock only afterwards.",
        "a guard keeps the lock until it is dropped: at the end of its block if it has a name, at \
         the end of the statement if it has none. Take it in the statement that adds the letters, \
         after `work` has returned.",
    ],
};

/// Exercise 08b.2: a counter of letters done, updated by each thread as soon as its word is done.
pub const PROGRESS_COUNTER: Exercise = Exercise {
    id: "08b.2",
    title: "A progress counter",
    hints: &[
        "share `done` with scoped threads (an `&AtomicUsize` may be used by many threads at once) \
         and add to it with `fetch_add`.",
        "add a word's letters in the thread that worked on it, right after its `work` returns: \
         not before the work, and not after the threads are joined.",
    ],
};

/// Chapter 08b's exercises, for `progress()` and `solution(...)`.
pub const CHAPTER: Chapter = Chapter {
    number: "08b",
    title: "Shared state",
    exercises: &[LOCK_FOR_THE_UPDATE, PROGRESS_COUNTER],
    solutions: include_str!("../../solutions/ch08b.rs"),
};

/// Rounds per check, each on new hidden words.
const ROUNDS: usize = 2;
/// Words per round.
const WORDS: usize = 6;
/// The puzzles' unit: long enough that a thread that is late by a scheduler's time slice on a busy
/// machine is still well inside the tolerances below.
const UNIT: Duration = Duration::from_millis(50);
/// Two calls overlapping by less than this did not overlap: the clock readings of a lock's hold
/// and of a work call are taken a few instructions apart.
const SAME_MOMENT: Duration = Duration::from_micros(500);

/// The letters of `words` uppercased, counted: the tally every right answer arrives at.
fn letters_of(words: &[&str]) -> BTreeMap<char, usize> {
    let mut tally = BTreeMap::new();
    for word in words {
        for letter in word.to_uppercase().chars() {
            *tally.entry(letter).or_insert(0) += 1;
        }
    }
    tally
}

/// Exercise 08b.1: `f(tokens, tally)` must run `work` on every word, several at once, and add the
/// letters of each result to `tally`, holding its lock only for the update (never while `work`
/// runs on that thread).
pub fn lock_only_for_the_update(
    f: impl Fn(&[&'static str], &RecordedMutex<BTreeMap<char, usize>>),
) -> Verdict {
    LOCK_FOR_THE_UPDATE.check(|| {
        let mut maker = PuzzleMaker::new();
        for _ in 0..ROUNDS {
            let puzzle = maker.puzzle(WORDS, 1..=4).at_unit(UNIT);
            let tally = RecordedMutex::new("tally", BTreeMap::new());
            let Outcome { run, .. } =
                call_on(&puzzle, puzzle.tokens().len(), |tokens| f(tokens, &tally))?;
            let tally = tally.into_inner().unwrap_or_else(PoisonError::into_inner);
            let verdict = steps::worked_exactly(&run, puzzle.tokens())
                .and(|| tally_matches(&tally, puzzle.tokens()))
                .and(|| never_held_during_work(&run))
                .and(|| common::at_least_at_once(&run, 2));
            if !verdict.passed() {
                return Ok(verdict);
            }
        }
        Ok(Verdict::pass(format!(
            "on {ROUNDS} rounds of {WORDS} hidden words: every letter counted once, the words \
             worked on at the same time, and the lock never held while `work` ran"
        )))
    })
}

/// The learner's tally against the letters of the words' results. (The steps of this module give
/// no hint of their own: `Exercise::check` shows the exercise's staged hints instead.)
fn tally_matches(tally: &BTreeMap<char, usize>, words: &[&str]) -> Verdict {
    let expected = letters_of(words);
    let counted: usize = tally.values().sum();
    let letters: usize = expected.values().sum();
    if counted < letters {
        Verdict::fail(
            format!("the tally holds {counted} letters, fewer than the words' results have."),
            "",
        )
    } else if counted > letters {
        Verdict::fail(
            format!("the tally holds {counted} letters, more than the words' results have."),
            "",
        )
    } else if *tally != expected {
        Verdict::fail(
            "the tally has the right number of letters, but not the right letters.",
            "",
        )
    } else {
        Verdict::pass("every letter counted once")
    }
}

/// No acquisition of a lock overlapped a work call on the thread that held it.
fn never_held_during_work(run: &Run) -> Verdict {
    if run.locks().is_empty() {
        return Verdict::fail("the tally's lock was never taken.", "");
    }
    for span in run.locks() {
        let Some((acquired, released)) = span.holding(run.wall) else {
            continue;
        };
        let overlapped = run.records().iter().find(|record| {
            record.worker == span.worker
                && released
                    .min(record.end)
                    .saturating_sub(acquired.max(record.start))
                    > SAME_MOMENT
        });
        if let Some(record) = overlapped {
            return Verdict::fail(
                format!(
                    "a thread held the lock while `work` ran for {:?}: meanwhile every other \
                     thread that wanted the lock waited.",
                    record.token
                ),
                "",
            );
        }
    }
    Verdict::pass("the lock was never held during the work")
}

/// What the watching thread saw: `done` read between two clock readings, from the run's start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Sample {
    before: Duration,
    value: usize,
    after: Duration,
}

/// Exercise 08b.2: `f(tokens, done)` must run `work` on every word, several at once, and add each
/// word's letter count to `done` as soon as that word's work is done, so that a thread watching
/// `done` sees the count rise while the run goes on.
pub fn progress_counter(f: impl Fn(&[&'static str], &AtomicUsize)) -> Verdict {
    PROGRESS_COUNTER.check(|| {
        let mut maker = PuzzleMaker::new();
        for _ in 0..ROUNDS {
            let puzzle = maker.puzzle_distinct(WORDS, 1..=WORDS as u32).at_unit(UNIT);
            let done = AtomicUsize::new(0);
            let Outcome {
                value: samples,
                run,
                ..
            } = call_on(&puzzle, puzzle.tokens().len(), |tokens| {
                watched(&done, puzzle.unit() / 8, || f(tokens, &done))
            })?;
            let letters: usize = puzzle.tokens().iter().map(|t| char_count(t)).sum();
            let verdict = steps::worked_exactly(&run, puzzle.tokens())
                .and(|| final_count(done.load(Ordering::SeqCst), letters))
                .and(|| counted_as_done(&samples, &run, &puzzle))
                .and(|| common::at_least_at_once(&run, 2));
            if !verdict.passed() {
                return Ok(verdict);
            }
        }
        Ok(Verdict::pass(format!(
            "on {ROUNDS} rounds of {WORDS} hidden words: the words worked on at the same time, \
             and the counter rose as each word was done, to every letter once"
        )))
    })
}

/// Runs `body` while a thread reads `done` every `every`, and returns what it read. The clock
/// starts as `body`'s caller starts (inside `record`), so the times compare with the run's.
fn watched(done: &AtomicUsize, every: Duration, body: impl FnOnce()) -> Vec<Sample> {
    let start = Instant::now();
    let samples = Mutex::new(Vec::new());
    let finished = AtomicBool::new(false);
    /// Stops the watcher even when `body` panics, so the scope can end and the panic go on.
    struct StopWatching<'a>(&'a AtomicBool);
    impl Drop for StopWatching<'_> {
        fn drop(&mut self) {
            self.0.store(true, Ordering::SeqCst);
        }
    }
    thread::scope(|s| {
        s.spawn(|| {
            while !finished.load(Ordering::SeqCst) {
                let before = start.elapsed();
                let value = done.load(Ordering::SeqCst);
                let after = start.elapsed();
                samples
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(Sample {
                        before,
                        value,
                        after,
                    });
                thread::sleep(every);
            }
        });
        let _stop = StopWatching(&finished);
        body();
    });
    samples.into_inner().unwrap_or_else(PoisonError::into_inner)
}

/// The count when the function returned: every letter of every word, once.
fn final_count(counted: usize, letters: usize) -> Verdict {
    if counted < letters {
        Verdict::fail(
            format!(
                "when your function returned, `done` was {counted}: too low, letters are missing."
            ),
            "",
        )
    } else if counted > letters {
        Verdict::fail(
            format!(
                "when your function returned, `done` was {counted}: too high, letters were counted twice."
            ),
            "",
        )
    } else {
        Verdict::pass("every letter counted once")
    }
}

/// Every reading of the counter lay between the letters of the words whose work had ended well
/// before it (else: counted late) and of those whose work had ended by then (else: counted early).
fn counted_as_done(samples: &[Sample], run: &Run, puzzle: &Puzzle) -> Verdict {
    // Wide margins, so a thread that a busy machine runs late never fails a right answer: the
    // wrong ones are caught anyway, as the words end one unit apart (1 to 6 units) and a word
    // counted at its start is early by its whole time, one counted after the join late by up to
    // five units.
    let late = puzzle.unit() * 2;
    let early = puzzle.unit();
    let letters_ended_by = |moment: Duration| -> usize {
        run.records()
            .iter()
            .filter(|r| r.end <= moment)
            .map(|r| char_count(&r.token))
            .sum()
    };
    for sample in samples {
        if sample.value > letters_ended_by(sample.after + early) {
            return Verdict::fail(
                "`done` counted a word's letters before its work had ended.",
                "",
            );
        }
        if sample.value < letters_ended_by(sample.before.saturating_sub(late)) {
            return Verdict::fail(
                "while the run went on, `done` stayed behind the words already done: their letters \
                 came only later.",
                "",
            );
        }
    }
    Verdict::pass("the counter rose as the words were done")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::LockSpan;
    use crate::check::fixture::{self, UNIT as FIXTURE_UNIT, task};

    fn units(amount: f64) -> Duration {
        FIXTURE_UNIT.mul_f64(amount)
    }

    fn span(worker: &str, token: &str, acquired: f64, released: f64) -> LockSpan {
        LockSpan {
            lock: "tally".into(),
            worker: worker.into(),
            token: Some(token.into()),
            index: None,
            asked: units(acquired),
            acquired: Some(units(acquired)),
            released: Some(units(released)),
        }
    }

    fn with_locks(mut run: Run, locks: Vec<LockSpan>) -> Run {
        run.locks = locks;
        run
    }

    #[test]
    fn the_tally_must_hold_every_letter_once() {
        let words = ["ab", "bc"];
        assert!(tally_matches(&letters_of(&words), &words).passed());
        let short = tally_matches(&letters_of(&["ab"]), &words).to_string();
        assert!(short.contains("fewer"), "{short}");
        let double = tally_matches(&letters_of(&["ab", "bc", "bc"]), &words).to_string();
        assert!(double.contains("more"), "{double}");
        let lower = tally_matches(&letters_of(&["AB", "xy"]), &words).to_string();
        assert!(lower.contains("not the right letters"), "{lower}");
    }

    #[test]
    fn a_lock_held_during_the_work_fails_and_one_held_after_it_passes() {
        let tasks = || vec![task("ab", "t1", 0.0, 2.0), task("c", "t2", 0.0, 1.0)];
        let after = with_locks(
            fixture::run(&["ab", "c"], tasks()),
            vec![span("t2", "c", 1.0, 1.01), span("t1", "ab", 2.0, 2.01)],
        );
        assert!(never_held_during_work(&after).passed());
        let across = with_locks(
            fixture::run(&["ab", "c"], tasks()),
            vec![span("t1", "ab", 0.0, 2.0)],
        );
        let verdict = never_held_during_work(&across).to_string();
        assert!(verdict.contains("\"ab\""), "{verdict}");
        // Another thread working while one holds the lock is what a lock is for.
        let other = with_locks(
            fixture::run(&["ab", "c"], tasks()),
            vec![span("t2", "c", 1.0, 1.5)],
        );
        assert!(never_held_during_work(&other).passed());
        let never = fixture::run(&["ab", "c"], tasks());
        assert!(
            never_held_during_work(&never)
                .to_string()
                .contains("never taken")
        );
    }

    #[test]
    fn the_counter_must_rise_as_words_end_not_before_nor_all_at_the_end() {
        let puzzle = Puzzle::new(vec!["ab", "cde"], vec![1, 4]).at_unit(FIXTURE_UNIT);
        let run = fixture::run(
            &["ab", "cde"],
            vec![task("ab", "t1", 0.0, 1.0), task("cde", "t2", 0.0, 4.0)],
        );
        let sample = |at: f64, value| Sample {
            before: units(at),
            value,
            after: units(at),
        };
        let as_done = [
            sample(0.5, 0),
            sample(1.2, 2),
            sample(3.0, 2),
            sample(4.1, 5),
        ];
        assert!(counted_as_done(&as_done, &run, &puzzle).passed());
        let at_the_end = [sample(0.5, 0), sample(3.5, 0), sample(4.1, 5)];
        let late = counted_as_done(&at_the_end, &run, &puzzle).to_string();
        assert!(late.contains("stayed behind"), "{late}");
        let up_front = [sample(0.5, 5), sample(4.1, 5)];
        let early = counted_as_done(&up_front, &run, &puzzle).to_string();
        assert!(early.contains("before its work had ended"), "{early}");
    }

    #[test]
    fn the_final_count_says_which_way() {
        assert!(final_count(5, 5).passed());
        assert!(final_count(4, 5).to_string().contains("too low"));
        assert!(final_count(6, 5).to_string().contains("too high"));
    }
}
