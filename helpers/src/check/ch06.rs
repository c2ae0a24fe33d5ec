//! Checks for chapter 06's exercises: work that computes spread over rayon's threads, first with
//! `par_iter`, then with `rayon::join` and a cut of one's own choosing.
//!
//! Each check calls the learner's function itself, on words of its own under a hidden work plan
//! (`cpu_work` computes for the plan's time, which has nothing to do with a word's length), inside
//! rayon pools of its own, for more than one round. It then reads the recorded run: every word's
//! work ran once and took its time, the results are its results in input order, the words ran on
//! the pool's threads, and, for exercise 1, as many at once as that pool has threads; for
//! exercise 2, the second thread began with the first word after a cut by cost.

use super::learner::{Outcome, call_on};
use super::plan::Observation;
use super::puzzle::{PUZZLE_UNIT, Puzzle, PuzzleMaker};
use super::steps::{results_in_order, worked_exactly};
use super::{Chapter, Exercise, Verdict, common};
use crate::{Record, Run};

/// Exercise 06.1: a loop that rayon can split.
pub const EVERY_CORE: Exercise = Exercise {
    id: "06.1",
    title: "A loop that rayon can split",
    hints: &[
        "rayon runs in parallel only what it is handed as a parallel iterator (or a join): a for \
         loop, or a plain iterator, runs on the one thread that calls your function.",
        "write the loop as an iterator chain first (`words.iter().map(...).collect()`); rayon's \
         prelude gives slices a parallel twin of `iter()`.",
        "`collect` on a parallel iterator keeps the input order: no sorting, no index, and no \
         pool of your own (the one your function is called in is the one to use).",
    ],
};

/// Exercise 06.2: halves with `rayon::join`, cut by cost. Its hints never point at `par_iter`,
/// which cuts by count.
pub const HALVES: Exercise = Exercise {
    id: "06.2",
    title: "Split where the work is half done, with `rayon::join`",
    hints: &[
        "add up the costs; walk from the left, adding each job's cost, until the sum first \
         reaches half of the total: cut there (`split_at`), never by count and never by letters.",
        "hand the two parts to `rayon::join(|| upper_all(left), || upper_all(right))`: the idle \
         thread takes the right part. One job is worked on directly, or the splitting never ends.",
        "`join` returns both results; put the right part's after the left part's (`extend`).",
    ],
};

/// Chapter 06's exercises, for `progress()` and `solution(...)`.
pub const CHAPTER: Chapter = Chapter {
    number: "06",
    title: "Rayon",
    exercises: &[EVERY_CORE, HALVES],
    solutions: include_str!("../../solutions/ch06.rs"),
};

/// The unit of this chapter's puzzles: the work computes, so it is kept short.
const CPU_UNIT: std::time::Duration = PUZZLE_UNIT.saturating_mul(3).checked_div(5).unwrap();

/// The rayon pools exercise 1 is called in, one round each, with its word count: never two
/// threads only, so a function that makes exactly two things at once cannot pass.
const EVERY_CORE_ROUNDS: [(usize, usize); 2] = [(3, 7), (4, 6)];

/// Exercise 1 (06.1): `upper_every_core(words)` computes every word with `cpu_work` on rayon's
/// threads, results in input order.
pub fn upper_every_core<F>(upper_every_core: F) -> Verdict
where
    F: Fn(&[&'static str]) -> Vec<String> + Sync,
{
    EVERY_CORE.check(|| {
        let mut maker = PuzzleMaker::new();
        for (threads, count) in EVERY_CORE_ROUNDS {
            let puzzle = maker.puzzle(count, 2..=5).at_unit(CPU_UNIT);
            let Ok(pool) = rayon_pool(threads) else {
                return Ok(no_pool(threads));
            };
            let out = call_on(&puzzle, threads, |words| {
                pool.install(|| upper_every_core(words))
            })?;
            let verdict = every_core_round(&out, &puzzle, threads);
            if !verdict.passed() {
                return Ok(verdict);
            }
        }
        Ok(Verdict::pass(format!(
            "your function, called in rayon pools of {} threads on words and work times of the \
             check's own: every word computed once, results in input order, in the pool it was \
             called in, as many at once as that pool has threads",
            EVERY_CORE_ROUNDS.map(|(t, _)| t.to_string()).join(" and ")
        )))
    })
}

/// One round of 06.1, judged from its run.
fn every_core_round(out: &Outcome<Vec<String>>, puzzle: &Puzzle, threads: usize) -> Verdict {
    worked_exactly(&out.run, puzzle.tokens())
        .and(|| results_in_order(&out.value, &puzzle.expected_results(), "input"))
        .and(|| on_the_pool(&out.run))
        .and(|| in_the_pool_called_in(&out.observed, threads))
        .and(|| as_many_as_the_pool(&out.run, threads))
}

/// Every call ran in the pool the function was called in (`threads` threads), not in one of the
/// learner's own nor in the global pool.
fn in_the_pool_called_in(observed: &[Observation], threads: usize) -> Verdict {
    match observed
        .iter()
        .find(|o| o.rayon_pool_threads.is_some_and(|n| n != threads))
    {
        Some(other) => Verdict::fail(
            format!(
                "{:?} was computed in a rayon pool of {} threads, not in the pool of {threads} \
                 your function was called in: a pool of your own fixes the count.",
                other.token,
                other.rayon_pool_threads.unwrap_or(0)
            ),
            "",
        ),
        None => Verdict::pass("in the pool"),
    }
}

/// Every call ran on one of rayon's threads (the check calls the learner's function inside a
/// pool, so a call anywhere else ran on a thread the function started itself).
fn on_the_pool(run: &Run) -> Verdict {
    common::on_rayon_threads(run).map_problem(|problem| {
        format!(
            "{problem} Threads of your own compute in parallel too (chapter 08), but this \
             exercise is about rayon."
        )
    })
}

/// As many calls at once as the pool has threads (or words), and why not, by what the records
/// show: one thread for everything (nothing was handed to rayon) or fewer than the pool.
fn as_many_as_the_pool(run: &Run, threads: usize) -> Verdict {
    let wanted = threads.min(run.tokens.len()).max(1);
    let most = common::peak_at_once(run);
    if most >= wanted {
        return Verdict::pass(format!("{most} at once"));
    }
    let workers = common::workers_seen(run);
    if workers <= 1 {
        Verdict::fail(
            format!(
                "the words were computed one after another, all on one thread, in a pool of \
                 {threads}: nothing was handed to rayon to share out."
            ),
            "",
        )
    } else {
        Verdict::fail(
            format!(
                "at most {most} words were being computed at once in a pool of {threads} \
                 threads: your function does not hand rayon as many pieces as the pool has \
                 threads."
            ),
            "",
        )
    }
}

/// The rounds of exercise 2: word counts; every round runs in a pool of two threads.
const JOIN_ROUNDS: [usize; 2] = [7, 8];

/// Exercise 2 (06.2): `upper_all(jobs)` gets each word with its cost in units (the time its
/// `cpu_work` takes), cuts the jobs where the cost before the cut first reaches half of the
/// total, works on both parts with `rayon::join`, and returns the results in input order.
///
/// What only such a cut shows: in a pool of two threads, the thread that did not start the first
/// word began with the first word after the cut. It stole the right part of the first `join`
/// while the other thread worked on the left; `par_iter`, a cut by count or by letters hands it
/// another word. The check's costs are chosen so that those cuts all fall elsewhere.
pub fn halves_with_join<F>(upper_all: F) -> Verdict
where
    F: Fn(&[(&'static str, u32)]) -> Vec<String> + Sync,
{
    HALVES.check(|| {
        let mut maker = PuzzleMaker::new();
        for count in JOIN_ROUNDS {
            let puzzle = cut_puzzle(&mut maker, count);
            let jobs: Vec<(&'static str, u32)> = puzzle
                .tokens()
                .iter()
                .copied()
                .zip(puzzle.units().iter().copied())
                .collect();
            let Ok(pool) = rayon_pool(2) else {
                return Ok(no_pool(2));
            };
            let out = call_on(&puzzle, 2, |_| pool.install(|| upper_all(&jobs)))?;
            let verdict = worked_exactly(&out.run, puzzle.tokens())
                .and(|| results_in_order(&out.value, &puzzle.expected_results(), "input"))
                .and(|| on_the_pool(&out.run))
                .and(|| in_the_pool_called_in(&out.observed, 2))
                .and(|| second_thread_began_after_the_cut(puzzle.units(), out.run.records()));
            if !verdict.passed() {
                return Ok(verdict);
            }
        }
        Ok(Verdict::pass(format!(
            "your function, called {} times in a pool of two rayon threads with costs of the \
             check's own: every word once, results in input order, and each time the second \
             thread began with the first job after a cut by cost",
            JOIN_ROUNDS.len()
        )))
    })
}

/// A puzzle of `count` jobs whose cut by cost is neither a cut by count nor one by letters.
fn cut_puzzle(maker: &mut PuzzleMaker, count: usize) -> Puzzle {
    let mut puzzle = maker.puzzle(count, 1..=6);
    for _ in 0..1000 {
        if cuts_differ(puzzle.tokens(), puzzle.units()) {
            break;
        }
        puzzle = maker.puzzle(count, 1..=6);
    }
    puzzle.at_unit(CPU_UNIT)
}

/// A pool of `threads` rayon threads.
fn rayon_pool(threads: usize) -> Result<rayon::ThreadPool, rayon::ThreadPoolBuildError> {
    rayon::ThreadPoolBuilder::new().num_threads(threads).build()
}

/// The FAIL when the check's own pool could not start (the system refused its threads).
fn no_pool(threads: usize) -> Verdict {
    Verdict::fail(
        format!("the check could not start its rayon pool of {threads} threads: run it again."),
        "",
    )
}

/// Where a cut by cost may fall: after the first jobs whose cost reaches half of the total, or
/// after the most jobs whose cost stays within half.
fn cuts_by_cost(units: &[u32]) -> Vec<usize> {
    let total: u32 = units.iter().sum();
    let prefix = |k: usize| units[..k].iter().sum::<u32>();
    let last = units.len().saturating_sub(1).max(1);
    let reach = (1..=last).find(|&k| 2 * prefix(k) >= total).unwrap_or(last);
    let within = (1..=last)
        .rev()
        .find(|&k| 2 * prefix(k) <= total)
        .unwrap_or(1);
    let mut cuts = vec![reach, within];
    cuts.dedup();
    cuts
}

/// A puzzle tells the right cut from the wrong ones: no cut by count (either half), and no cut
/// by letters, is a cut by cost.
fn cuts_differ(words: &[&str], units: &[u32]) -> bool {
    let by_cost = cuts_by_cost(units);
    let letters: Vec<u32> = words.iter().map(|w| crate::char_count(w) as u32).collect();
    let n = units.len();
    let wrong = [n / 2, n.div_ceil(2)]
        .into_iter()
        .chain(cuts_by_cost(&letters));
    wrong.into_iter().all(|w| !by_cost.contains(&w))
}

/// The thread that did not start the first job began with the first job after the cut.
fn second_thread_began_after_the_cut(units: &[u32], records: &[Record]) -> Verdict {
    let mut by_start: Vec<&Record> = records.iter().collect();
    by_start.sort_by_key(|r| r.start);
    // The thread that ran the first job began the first join; the other one stole from it.
    let Some(first) = records.iter().find(|r| r.index == Some(0)) else {
        return Verdict::fail("the first job was never worked on.", "");
    };
    let Some(second) = by_start.iter().find(|r| r.worker != first.worker) else {
        return Verdict::fail(
            "one thread computed every job: the other never took a part.",
            "",
        );
    };
    if second
        .index
        .is_some_and(|i| cuts_by_cost(units).contains(&i))
    {
        return Verdict::pass("cut by cost");
    }
    let n = units.len();
    let why = if second
        .index
        .is_some_and(|i| i == n / 2 || i == n.div_ceil(2))
    {
        "that is a cut by count, as par_iter makes"
    } else {
        "that is not the first job after a cut by cost"
    };
    Verdict::fail(
        format!("the second thread began with {:?}: {why}.", second.token),
        "",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::fixture::{self, task};

    const WORDS: [&str; 6] = ["ab", "c", "def", "g", "hi", "j"];

    #[test]
    fn cuts_follow_the_cost() {
        assert_eq!(cuts_by_cost(&[3, 1, 1, 1]), vec![1]);
        assert_eq!(cuts_by_cost(&[1, 1]), vec![1]);
        // Half of 5 falls inside the second job: both cuts are by cost.
        assert_eq!(cuts_by_cost(&[2, 1, 1, 1]), vec![2, 1]);
        assert_eq!(cuts_by_cost(&[1, 1, 1, 1, 4, 1, 1]), vec![5, 4]);
    }

    #[test]
    fn puzzles_keep_the_wrong_cuts_apart() {
        // By count 3, by letters (2 1 3 1 2 1: half at 5) 2 or 3: by cost (1 1 1 1 6 1) 4.
        assert!(cuts_differ(&WORDS, &[1, 1, 1, 1, 6, 1]));
        // A cost cut at the count cut does not tell them apart.
        assert!(!cuts_differ(&WORDS, &[1, 1, 1, 1, 1, 1]));
    }

    /// A run of WORDS from (worker, index, start, end) in units.
    fn run_of(tasks: &[(&str, usize, f64, f64)]) -> Run {
        let tasks = tasks
            .iter()
            .map(|&(worker, i, start, end)| task(WORDS[i], worker, start, end))
            .collect();
        fixture::run(&WORDS, tasks)
    }

    #[test]
    fn the_second_thread_must_begin_after_the_cut_by_cost() {
        let units = [1, 1, 1, 1, 6, 1];
        // By cost: 0..4 | 4..6, the second thread begins with job 4.
        let by_cost = run_of(&[
            ("rayon 0", 0, 0.0, 1.0),
            ("rayon 1", 4, 0.0, 6.0),
            ("rayon 0", 1, 1.0, 2.0),
            ("rayon 0", 2, 2.0, 3.0),
            ("rayon 0", 3, 3.0, 4.0),
            ("rayon 1", 5, 6.0, 7.0),
        ]);
        let verdict = second_thread_began_after_the_cut(&units, by_cost.records());
        assert!(verdict.passed(), "{verdict}");
        // By count: 0..3 | 3..6.
        let by_count = run_of(&[
            ("rayon 0", 0, 0.0, 1.0),
            ("rayon 1", 3, 0.0, 1.0),
            ("rayon 0", 1, 1.0, 2.0),
            ("rayon 0", 2, 2.0, 3.0),
            ("rayon 1", 4, 1.0, 7.0),
            ("rayon 1", 5, 7.0, 8.0),
        ]);
        let verdict = second_thread_began_after_the_cut(&units, by_count.records()).to_string();
        assert!(verdict.contains("a cut by count"), "{verdict}");
        let alone = run_of(&[("rayon 0", 0, 0.0, 1.0), ("rayon 0", 1, 1.0, 2.0)]);
        assert!(!second_thread_began_after_the_cut(&units, alone.records()).passed());
    }

    #[test]
    fn too_few_at_once_says_why() {
        let one_thread = run_of(&[("rayon 0", 0, 0.0, 1.0), ("rayon 0", 1, 1.0, 2.0)]);
        let verdict = as_many_as_the_pool(&one_thread, 3).to_string();
        assert!(verdict.contains("all on one thread"), "{verdict}");
        assert!(!verdict.contains("too few threads"), "{verdict}");
        let two = run_of(&[
            ("rayon 0", 0, 0.0, 2.0),
            ("rayon 1", 1, 0.0, 2.0),
            ("rayon 0", 2, 2.0, 3.0),
        ]);
        let verdict = as_many_as_the_pool(&two, 3).to_string();
        assert!(verdict.contains("at most 2"), "{verdict}");
        assert!(as_many_as_the_pool(&two, 2).passed());
        let spawned = run_of(&[("thread 3", 0, 0.0, 1.0)]);
        assert!(!on_the_pool(&spawned).passed());
    }
}
