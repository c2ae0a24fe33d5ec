//! Checks for chapter 08's exercises: threads that write into one shared results list (an
//! `Rc<RefCell<_>>` the compiler rejects), and CPU-bound work that really runs on all cores.
//!
//! Both call the learner's function on words of their own under a hidden work plan (`cpu_work`
//! computes for the plan's time, not one unit per letter). Neither times the run: on a busy laptop
//! a right answer can be slow. They read the recorded run instead, where "were the words computed
//! at the same moment?" has a clear answer. For exercise 1 the check also lends the function the
//! list the threads are to share, and watches it fill up while the threads run: a list filled
//! only after all the work ended was not written by the threads.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant};

use super::learner::{Stop, call_with_plan};
use super::puzzle::{PUZZLE_UNIT, Puzzle, PuzzleMaker};
use super::steps::{results_in_order, worked_exactly};
use super::{Chapter, Exercise, Verdict, common};
use crate::Run;

/// Exercise 08.1: one results list for every thread (a compile-error exercise).
pub const SHARED: Exercise = Exercise {
    id: "08.1",
    title: "One results list for every thread",
    hints: &[
        "the compiler names each type that cannot cross to another thread, and why: one counts \
         its owners with a plain number, the other checks its borrows with a plain flag. Which \
         types do the same safely from many threads?",
        "the signature's type changes with the body: the check lends whatever list your function \
         asks for, as long as threads can share it. Keep one list, written by every thread at \
         its word's place.",
        "each thread computes first and takes the lock only to store its result: holding it \
         while computing makes the threads take turns.",
    ],
};

/// Exercise 08.2: all cores, in input order.
pub const ALL_CORES: Exercise = Exercise {
    id: "08.2",
    title: "All cores, in input order",
    hints: &[
        "look at when each thread starts and what it waits for: a thread runs from `spawn` on, \
         and the next word's thread must not wait for this one to end.",
        "two things make threads take turns: a thread started only after the one before it was \
         joined (in an iterator chain, each step runs only when the next one asks for an item), \
         or a lock held while computing.",
        "start every thread first and keep the handles (collect them into a Vec), then join them \
         in input order.",
    ],
};

/// Chapter 08's exercises, for `progress()` and `solution(...)`.
pub const CHAPTER: Chapter = Chapter {
    number: "08",
    title: "No GIL",
    exercises: &[SHARED, ALL_CORES],
    solutions: include_str!("../../solutions/ch08.rs"),
};

/// The unit of this chapter's puzzles: the work computes, so it is kept short.
const CPU_UNIT: Duration = PUZZLE_UNIT.saturating_mul(3).checked_div(5).unwrap();

/// How many words must be computed at once: one per core, up to the number of words.
fn wanted_at_once(run: &Run) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    cores.min(run.tokens.len()).max(1)
}

/// A results list that threads may share, one slot per word: the check makes one, lends it to the
/// learner's function and reads it while the threads run.
#[diagnostic::on_unimplemented(
    message = "the check cannot lend your function a `{Self}` as the shared list",
    note = "the check lends a list that threads can share safely, with one slot per word: which pointer counts its owners safely from many threads, and which wrapper lets one thread at a time change what it holds?"
)]
pub trait SharedList: Clone + Send + Sync + 'static {
    /// A list of `slots` empty strings.
    fn with_slots(slots: usize) -> Self;
    /// What the slots hold now.
    fn snapshot(&self) -> Vec<String>;
}

impl SharedList for Arc<Mutex<Vec<String>>> {
    fn with_slots(slots: usize) -> Self {
        Arc::new(Mutex::new(vec![String::new(); slots]))
    }
    fn snapshot(&self) -> Vec<String> {
        self.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }
}

impl SharedList for Arc<RwLock<Vec<String>>> {
    fn with_slots(slots: usize) -> Self {
        Arc::new(RwLock::new(vec![String::new(); slots]))
    }
    fn snapshot(&self) -> Vec<String> {
        self.read().unwrap_or_else(PoisonError::into_inner).clone()
    }
}

impl SharedList for Arc<Vec<Mutex<String>>> {
    fn with_slots(slots: usize) -> Self {
        Arc::new((0..slots).map(|_| Mutex::new(String::new())).collect())
    }
    fn snapshot(&self) -> Vec<String> {
        self.iter()
            .map(|slot| slot.lock().unwrap_or_else(PoisonError::into_inner).clone())
            .collect()
    }
}

/// The type of the exercise's function until the learner's own compiles: the notebook's
/// placeholder `fn upper_shared(_: &[&'static str], _: NotCompiledYet) { todo!(...) }`.
#[derive(Debug, Clone, Copy, Default)]
pub struct NotCompiledYet;

impl SharedList for NotCompiledYet {
    fn with_slots(_: usize) -> Self {
        NotCompiledYet
    }
    fn snapshot(&self) -> Vec<String> {
        Vec::new()
    }
}

/// The word counts of exercise 1's rounds.
const SHARED_ROUNDS: [usize; 2] = [5, 6];

/// Exercise 1 (08.1): `upper_shared(words, slots)` computes every word on threads that write
/// each result into `slots[i]`, the one list the check lends.
pub fn shared_list<L, F>(upper_shared: F) -> Verdict
where
    L: SharedList,
    F: Fn(&[&'static str], L),
{
    SHARED.check(|| {
        let mut maker = PuzzleMaker::new();
        for count in SHARED_ROUNDS {
            let puzzle = spread_puzzle(&mut maker, count);
            let slots = L::with_slots(count);
            let caller = crate::internal::current_worker();
            let (run, seen) = watched(&puzzle, &slots, || {
                upper_shared(puzzle.tokens(), slots.clone())
            })?;
            let results = slots.snapshot();
            let verdict = worked_exactly(&run, puzzle.tokens())
                .and(|| results_in_order(&results, &puzzle.expected_results(), "input"))
                .and(|| off_the_caller(&run, &caller))
                .and(|| {
                    common::at_least_at_once(&run, wanted_at_once(&run))
                        .map_problem(|problem| format!("{problem} The threads took turns."))
                })
                .and(|| written_while_running(&run, &seen));
            if !verdict.passed() {
                return Ok(verdict);
            }
        }
        Ok(Verdict::pass(format!(
            "your function, called {} times on words and work times of the check's own: each \
             word computed on a thread of its own, several at once, and each result written \
             into the list the check lent, at its word's place, while other words were still \
             being computed",
            SHARED_ROUNDS.len()
        )))
    })
}

/// A puzzle where some word ends long before a word ahead of it in the list: a list filled in
/// input order after the work shows it.
fn spread_puzzle(maker: &mut PuzzleMaker, count: usize) -> Puzzle {
    let mut puzzle = maker.puzzle(count, 2..=7);
    for _ in 0..1000 {
        let units = puzzle.units();
        let overtaken = (0..units.len()).any(|i| units[i + 1..].iter().any(|&u| u + 4 <= units[i]));
        if overtaken {
            break;
        }
        puzzle = maker.puzzle(count, 2..=7);
    }
    puzzle.at_unit(CPU_UNIT)
}

/// Runs `body` under the puzzle's plan while a watcher reads `slots` every quarter unit: when each
/// slot was first seen holding something, from the start of the run (the moment `body` began).
fn watched<L: SharedList>(
    puzzle: &Puzzle,
    slots: &L,
    body: impl FnOnce(),
) -> Result<(Run, Vec<Option<Duration>>), Stop> {
    let stop = AtomicBool::new(false);
    let began = std::sync::OnceLock::new();
    let count = puzzle.tokens().len();
    std::thread::scope(|s| {
        let watcher = s.spawn(|| {
            let mut seen: Vec<Option<Instant>> = vec![None; count];
            while !stop.load(Ordering::Relaxed) {
                let now = Instant::now();
                for (i, slot) in slots.snapshot().iter().enumerate().take(count) {
                    if !slot.is_empty() && seen[i].is_none() {
                        seen[i] = Some(now);
                    }
                }
                std::thread::sleep(puzzle.unit() / 4);
            }
            seen
        });
        let recorded = call_with_plan(puzzle.plan(), puzzle.tokens(), count, || {
            let _ = began.set(Instant::now());
            body()
        });
        stop.store(true, Ordering::Relaxed);
        let seen = watcher.join().unwrap_or_default();
        let began = began.get().copied().unwrap_or_else(Instant::now);
        let seen = seen
            .into_iter()
            .map(|at| at.map(|at| at.saturating_duration_since(began)))
            .collect();
        recorded.map(|out| (out.run, seen))
    })
}

/// Every word was computed on a thread other than the one that called the function.
fn off_the_caller(run: &Run, caller: &str) -> Verdict {
    match run.records().iter().find(|r| r.worker == caller) {
        Some(record) => Verdict::fail(
            format!(
                "{:?} was computed on the thread that called your function, not on a thread of \
                 its own.",
                record.token
            ),
            "",
        ),
        None => Verdict::pass("on threads"),
    }
}

/// Each word's result was in the list before the work of the words ahead of it had ended: a list
/// filled in input order after the joins waits for them. Read at the pair that tells most, the
/// word that ended longest before a word ahead of it (the puzzles always have one); the watcher
/// needs only to look once within that gap, so a loaded machine does not fail a right answer.
fn written_while_running(run: &Run, seen: &[Option<Duration>]) -> Verdict {
    let mut widest: Option<(&crate::Record, &crate::Record)> = None;
    for ahead in run.records() {
        for behind in run.records() {
            if ahead.index < behind.index && behind.end + run.unit <= ahead.end {
                let gap = ahead.end - behind.end;
                if widest.is_none_or(|(a, b)| gap > a.end - b.end) {
                    widest = Some((ahead, behind));
                }
            }
        }
    }
    let Some((ahead, behind)) = widest else {
        return Verdict::pass("no word overtook another: nothing to tell");
    };
    let seen_at = behind.index.and_then(|i| seen.get(i).copied().flatten());
    if seen_at.is_some_and(|at| at < ahead.end) {
        return Verdict::pass("written as the work ended");
    }
    Verdict::fail(
        format!(
            "{:?} was done long before {:?}, which comes before it in the list, but its slot \
             stayed empty until {:?} was done too: the threads did not write into the list as \
             they finished.",
            behind.token, ahead.token, ahead.token
        ),
        "",
    )
}

/// The word counts of exercise 2's rounds.
const ALL_CORES_ROUNDS: [usize; 2] = [5, 7];

/// Exercise 2 (08.2): `upper_all_cores(words)` computes the words on all cores at once, results in
/// input order.
pub fn scales_on_all_cores<F>(upper_all_cores: F) -> Verdict
where
    F: Fn(&[&'static str]) -> Vec<String>,
{
    ALL_CORES.check(|| {
        let mut maker = PuzzleMaker::new();
        let mut at_once = Vec::new();
        for count in ALL_CORES_ROUNDS {
            let puzzle = maker.puzzle(count, 2..=6).at_unit(CPU_UNIT);
            let caller = crate::internal::current_worker();
            let out = super::learner::call_on(&puzzle, count, |words| upper_all_cores(words))?;
            let verdict = worked_exactly(&out.run, puzzle.tokens())
                .and(|| results_in_order(&out.value, &puzzle.expected_results(), "input"))
                .and(|| all_cores_at_once(&out.run, &caller));
            if !verdict.passed() {
                return Ok(verdict);
            }
            at_once.push(common::peak_at_once(&out.run).to_string());
        }
        Ok(Verdict::pass(format!(
            "your function, called {} times on words and work times of the check's own: every \
             word once, results in input order, {} words computed at once (this machine has {} \
             cores)",
            ALL_CORES_ROUNDS.len(),
            at_once.join(" and "),
            std::thread::available_parallelism().map_or(1, |n| n.get())
        )))
    })
}

/// As many words at once as cores, with a FAIL that says what the records show: everything on
/// the caller's thread, or threads that took turns.
fn all_cores_at_once(run: &Run, caller: &str) -> Verdict {
    let wanted = wanted_at_once(run);
    let most = common::peak_at_once(run);
    if most >= wanted {
        return Verdict::pass("all cores");
    }
    if run.records().iter().all(|r| r.worker == caller) {
        return Verdict::fail(
            "every word was computed on the thread that called your function, one after another.",
            "",
        );
    }
    let problem = if most <= 1 {
        format!(
            "the words ran on {} threads, but one at a time: each began only after the one before \
             it had ended (the threads took turns).",
            common::workers_seen(run)
        )
    } else {
        format!("at most {most} words were being computed at once, on a machine of {wanted} cores.")
    };
    Verdict::fail(problem, "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::fixture::{self, task};

    const WORDS: [&str; 2] = ["ab", "c"];

    #[test]
    fn taking_turns_is_told_from_the_callers_thread() {
        let caller = fixture::run(
            &WORDS,
            vec![task("ab", "main", 0.0, 2.0), task("c", "main", 2.0, 3.0)],
        );
        let turns = fixture::run(
            &WORDS,
            vec![
                task("ab", "thread 1", 0.0, 2.0),
                task("c", "thread 2", 2.0, 3.0),
            ],
        );
        if wanted_at_once(&turns) > 1 {
            let verdict = all_cores_at_once(&caller, "main").to_string();
            assert!(verdict.contains("called your function"), "{verdict}");
            let verdict = all_cores_at_once(&turns, "main").to_string();
            assert!(verdict.contains("one at a time"), "{verdict}");
            assert!(!verdict.contains("lazy"), "{verdict}");
        }
        let together = fixture::run(
            &WORDS,
            vec![
                task("ab", "thread 1", 0.0, 2.0),
                task("c", "thread 2", 0.0, 1.0),
            ],
        );
        assert!(all_cores_at_once(&together, "main").passed());
    }

    #[test]
    fn a_list_filled_at_the_end_was_not_written_by_the_threads() {
        let run = fixture::run(
            &WORDS,
            vec![
                task("ab", "thread 1", 0.0, 6.0),
                task("c", "thread 2", 0.0, 1.0),
            ],
        );
        let as_they_end = [Some(fixture::UNIT * 6), Some(fixture::UNIT * 3)];
        assert!(written_while_running(&run, &as_they_end).passed());
        let at_the_end = [Some(fixture::UNIT * 6), Some(fixture::UNIT * 6)];
        let verdict = written_while_running(&run, &at_the_end).to_string();
        assert!(verdict.contains("did not write"), "{verdict}");
        assert!(!written_while_running(&run, &[None, None]).passed());
    }

    #[test]
    fn the_lent_lists_start_empty_and_show_what_was_written() {
        let list = <Arc<Vec<Mutex<String>>>>::with_slots(2);
        *list[1].lock().unwrap() = "B".to_string();
        assert_eq!(list.snapshot(), ["", "B"]);
        let list = <Arc<Mutex<Vec<String>>>>::with_slots(3);
        assert_eq!(list.snapshot().len(), 3);
        assert!(NotCompiledYet::with_slots(3).snapshot().is_empty());
    }
}
