//! Checks for chapter 06's exercises: work that computes spread over rayon's threads, first with
//! `par_iter`, then with `rayon::join` and a cut of one's own choosing.
//!
//! Each check calls the learner's function itself, on words of its own under a hidden work plan
//! (`cpu_work` computes for the plan's time, which has nothing to do with a word's length), inside
//! rayon pools of its own, for more than one round. It then reads the recorded run: every word's
//! work ran once and took its time, the results are its results in input order, the words ran on
//! the pool's threads, and, for exercise 1, as many at once as that pool has threads; for
//! exercise 2, the second thread began with the first word after a cut by cost.

use crate::check::{Verdict, common};

/// Until the framework's own lands: the learner's call, puzzles and plans.
#[path = "learner_shim.rs"]
pub(crate) mod learner;
use crate::{Record, Run};

/// The rayon pools exercise 1 is called in, one round each, with its word count: never two
/// threads only, so a function that makes exactly two things at once cannot pass.
const EVERY_CORE_ROUNDS: [(usize, usize); 2] = [(3, 7), (4, 6)];

/// Exercise 1 (06.1): `upper_every_core(words)` computes every word with `cpu_work` on rayon's
/// threads, results in input order.
pub fn upper_every_core<F>(upper_every_core: F) -> Verdict
where
    F: Fn(&[&str]) -> Vec<String> + Sync,
{
    let exercise = learner::Exercise::new("06.1", &EVERY_CORE_HINTS);
    exercise.judge(|| {
        let mut seed = learner::Seed::fresh();
        let mut said = Vec::new();
        for (threads, count) in EVERY_CORE_ROUNDS {
            let puzzle = learner::Puzzle::new(&mut seed, count, 2..=5);
            let pool = rayon_pool(threads)?;
            let (results, run) = puzzle.record_cpu("06.1", threads, || {
                pool.install(|| upper_every_core(&puzzle.words))
            })?;
            every_core_round(&results, &run, &puzzle, threads)?;
            said.push(threads.to_string());
        }
        Ok(format!(
            "your function, called in rayon pools of {} threads on words and work times of the \
             check's own: every word computed once, results in input order, on the pool's \
             threads, as many at once as the pool has",
            said.join(" and ")
        ))
    })
}

/// The hints of 06.1, in the order the FAILs show them.
const EVERY_CORE_HINTS: [&str; 3] = [
    "rayon runs in parallel only what it is handed as a parallel iterator (or a join): a for \
     loop, or a plain iterator, runs on the one thread that calls your function.",
    "write the loop as an iterator chain first (`words.iter().map(...).collect()`); rayon's \
     prelude gives slices a parallel twin of `iter()`.",
    "`collect` on a parallel iterator keeps the input order: no sorting, no index needed.",
];

/// One round of 06.1, judged from its run.
fn every_core_round(
    results: &[String],
    run: &Run,
    puzzle: &learner::Puzzle,
    threads: usize,
) -> Result<(), Verdict> {
    learner::as_result(
        puzzle
            .every_word_worked(run)
            .and(|| common::results_in_input_order(results, run))
            .and(|| on_the_pool(run))
            .and(|| as_many_as_the_pool(run, threads)),
    )
}

/// Every call ran on one of rayon's threads (the check calls the learner's function inside a
/// pool, so a call anywhere else ran on a thread the function started itself).
fn on_the_pool(run: &Run) -> Verdict {
    common::on_rayon_threads(run).with_hint(
        "threads of your own compute in parallel too (chapter 08), but this exercise is about \
         rayon: let rayon's threads run the work.",
    )
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
    F: Fn(&[(&str, u32)]) -> Vec<String> + Sync,
{
    let exercise = learner::Exercise::new("06.2", &JOIN_HINTS);
    exercise.judge(|| {
        let mut seed = learner::Seed::fresh();
        for count in JOIN_ROUNDS {
            let puzzle = learner::Puzzle::new_where(&mut seed, count, 1..=6, |words, units| {
                cuts_differ(words, units)
            });
            let jobs: Vec<(&str, u32)> = puzzle
                .words
                .iter()
                .copied()
                .zip(puzzle.units.iter().copied())
                .collect();
            let pool = rayon_pool(2)?;
            let (results, run) =
                puzzle.record_cpu("06.2", 2, || pool.install(|| upper_all(&jobs)))?;
            learner::as_result(
                puzzle
                    .every_word_worked(&run)
                    .and(|| common::results_in_input_order(&results, &run))
                    .and(|| on_the_pool(&run))
                    .and(|| both_threads_worked(&run))
                    .and(|| second_thread_began_after_the_cut(&puzzle.units, run.records())),
            )?;
        }
        Ok(format!(
            "your function, called {} times in a pool of two rayon threads with costs of the \
             check's own: every word once, results in input order, and each time the second \
             thread began with the first word after a cut by cost",
            JOIN_ROUNDS.len()
        ))
    })
}

/// The hints of 06.2. They never point at `par_iter`, which cuts by count.
const JOIN_HINTS: [&str; 3] = [
    "add up the costs; walk from the left, adding each job's cost, until the sum first reaches \
     half of the total: cut there (`split_at`), never by count and never by letters.",
    "hand the two parts to `rayon::join(|| upper_all(left), || upper_all(right))`: the idle \
     thread takes the right part. One job is worked on directly, or the splitting never ends.",
    "`join` returns both results; put the right part's after the left part's (`extend`).",
];

/// A pool of `threads` rayon threads, or the FAIL that says it could not be made.
fn rayon_pool(threads: usize) -> Result<rayon::ThreadPool, Verdict> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|error| {
            Verdict::fail(
                format!("the check could not start a rayon pool of {threads}: {error}."),
                "run the check again; if it keeps failing, restart the kernel.",
            )
        })
}

/// Both threads of the pool computed something: with one thread only, nothing was handed over.
fn both_threads_worked(run: &Run) -> Verdict {
    if common::workers_seen(run) >= 2 {
        Verdict::pass("both threads worked")
    } else {
        Verdict::fail(
            "one thread of the pool of two computed every word: the other never took a part.",
            "",
        )
    }
}

/// Where a cut by cost may fall: after the first jobs whose cost reaches half of the total, or
/// after the most jobs whose cost stays within half.
fn cuts_by_cost(units: &[u32]) -> Vec<usize> {
    let total: u32 = units.iter().sum();
    let prefix = |k: usize| units[..k].iter().sum::<u32>();
    let last = units.len().saturating_sub(1).max(1);
    let reach = (1..=last)
        .find(|&k| 2 * prefix(k) >= total)
        .unwrap_or(last);
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
        return Verdict::fail("one thread computed every job: the other never took a part.", "");
    };
    if second.index.is_some_and(|i| cuts_by_cost(units).contains(&i)) {
        return Verdict::pass("cut by cost");
    }
    let n = units.len();
    let why = if second.index.is_some_and(|i| i == n / 2 || i == n.div_ceil(2)) {
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
