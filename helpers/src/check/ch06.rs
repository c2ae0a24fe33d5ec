//! Checks for chapter 06's exercises: a rayon pool sized for work that waits, and work that
//! computes spread over every core.

use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Duration;

use rayon::prelude::*;

use crate::check::{Verdict, results_in_order, time_within};
use crate::predict::greedy_makespan;
use crate::record::{Record, Run, record};
use crate::workload::{tutorial_tokens, work};

/// The wait counts the pool must serve: the tutorial's twelve words, and a larger batch, so a pool
/// that happens to have enough cores for twelve still shows whether it was sized by the waits.
const WAITS_TRIED: [usize; 2] = [12, 40];

/// Exercise 1: `pool_for_waiting(waits)` builds a rayon pool for `waits` tasks that each sleep.
///
/// Asks it for a pool for 12 and for 40 waits, then runs the tutorial's words on the pool for 12:
/// all results in order, in about the longest word's 5 units.
pub fn sized_for_waiting(pool_for_waiting: impl Fn(usize) -> rayon::ThreadPool) -> Verdict {
    let tokens = tutorial_tokens();
    let units: Vec<u32> = tokens.iter().map(|t| crate::char_count(t) as u32).collect();
    let mut pool_for_words = None;
    let mut sizes = Vec::new();
    for waits in WAITS_TRIED {
        let Ok(pool) = catch_unwind(AssertUnwindSafe(|| pool_for_waiting(waits))) else {
            return Verdict::fail(
                format!("pool_for_waiting({waits}) panicked."),
                "build the pool with rayon::ThreadPoolBuilder::new().num_threads(n).build(), and unwrap only that.",
            );
        };
        let threads = pool.current_num_threads();
        if threads < waits {
            let consequence = if waits == tokens.len() {
                format!(
                    ": only {threads} can sleep at once, so the tutorial's words are predicted to take {} units, not 5",
                    greedy_makespan(&units, threads)
                )
            } else {
                format!(": {} of them wait for a thread", waits - threads)
            };
            return Verdict::fail(
                format!("for {waits} sleeping tasks the pool has {threads} threads{consequence}."),
                "a sleeping task holds its thread while it waits: size the pool by the number of waits (num_threads(waits)), not by the cores.",
            );
        }
        sizes.push(format!("{threads} threads for {waits} waits"));
        if waits == tokens.len() {
            pool_for_words = Some(pool);
        }
    }
    let pool = pool_for_words.expect("the tutorial's word count is among the waits tried");
    let threads = pool.current_num_threads();
    let (results, run) = record("rayon, pool for waiting", &tokens, threads, || {
        pool.install(|| tokens.par_iter().map(|t| work(t)).collect::<Vec<_>>())
    });
    results_in_order(&tokens, &results).and(|| {
        let predicted = run.predicted().unwrap_or(run.unit * 5);
        match time_within(run.wall, predicted, run.unit) {
            Verdict::Pass(timing) => Verdict::pass(format!(
                "{}; the words, all in order, {timing}.",
                sizes.join(", ")
            )),
            slow => slow,
        }
    })
}

/// Exercise 2: CPU-bound work (`cpu_work`) on every word, recorded in `run`, keeps every core busy.
///
/// Judged from the recorded tasks, not from the clock alone, so a busy machine cannot fail a right
/// answer: the results in input order; no more threads than cores (computing threads beyond that
/// only take turns); and on average nearly as many tasks running at once as the cores allow.
pub fn uses_all_cores<S: AsRef<str>, R: AsRef<str>>(
    tokens: &[S],
    results: &[R],
    run: &Run,
) -> Verdict {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    results_in_order(tokens, results).and(|| busy_cores(run.records(), run.wall, cores))
}

/// How many tasks ran at once on average, against what `cores` cores allow for these tasks.
fn busy_cores(records: &[Record], wall: Duration, cores: usize) -> Verdict {
    let threads: BTreeSet<&str> = records.iter().map(|r| r.worker.as_str()).collect();
    if threads.len() > cores {
        return Verdict::fail(
            format!(
                "{} threads computed on {cores} cores: they took turns on the cores.",
                threads.len()
            ),
            "for computing, one thread per core is enough: rayon's global pool has exactly that many (rayon::join or par_iter use it).",
        );
    }
    let busy: Duration = records.iter().map(|r| r.end.saturating_sub(r.start)).sum();
    let at_once = busy.as_secs_f64() / wall.as_secs_f64().max(f64::EPSILON);
    // The most that `cores` workers can average on these tasks: the work over its best makespan.
    let durations: Vec<Duration> = records
        .iter()
        .map(|r| r.end.saturating_sub(r.start))
        .collect();
    let best = busy.as_secs_f64()
        / greedy_makespan(&durations, cores)
            .as_secs_f64()
            .max(f64::EPSILON);
    if at_once < 0.6 * best {
        return Verdict::fail(
            format!(
                "on average {at_once:.1} tasks ran at once; {cores} cores could run {best:.1}."
            ),
            "split the words in two halves (split_at) and work on both with rayon::join(|| upper_all(left), || upper_all(right)); a single word is worked on directly. Then put the two halves' results together.",
        );
    }
    Verdict::pass(format!(
        "all results in order; on average {at_once:.1} tasks ran at once on {cores} cores (at most {best:.1} possible)."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
    }

    #[test]
    fn sized_for_waiting_judges_the_size() {
        crate::set_time_unit(Duration::from_millis(4));
        let per_core = sized_for_waiting(|_| pool(2)).to_string();
        assert!(
            per_core.starts_with("FAIL: for 12 sleeping tasks the pool has 2 threads")
                && per_core.contains("13 units"),
            "{per_core}"
        );
        let capped = sized_for_waiting(|waits| pool(waits.min(16))).to_string();
        assert!(
            capped.contains("for 40 sleeping tasks the pool has 16 threads"),
            "{capped}"
        );
        let panics = sized_for_waiting(|_| panic!("no pool")).to_string();
        assert!(panics.contains("panicked"), "{panics}");
        let right = sized_for_waiting(pool);
        assert!(right.passed(), "{right}");
    }

    /// Records made by hand: (token, worker, start, end) in milliseconds.
    fn records(tasks: &[(&str, &str, u64, u64)]) -> Vec<Record> {
        tasks
            .iter()
            .enumerate()
            .map(|(i, (token, worker, start, end))| Record {
                token: token.to_string(),
                index: Some(i),
                outcome: Ok(token.to_uppercase()),
                worker: worker.to_string(),
                start: Duration::from_millis(*start),
                end: Duration::from_millis(*end),
                rank: i + 1,
            })
            .collect()
    }

    fn ms(millis: u64) -> Duration {
        Duration::from_millis(millis)
    }

    const WORDS: [&str; 4] = ["ab", "cd", "e", "f"];
    const UPPER: [&str; 4] = ["AB", "CD", "E", "F"];

    #[test]
    fn uses_all_cores_judges_the_overlap() {
        let two_cores_busy = records(&[
            ("ab", "rayon 0", 0, 20),
            ("cd", "rayon 1", 0, 20),
            ("e", "rayon 0", 20, 30),
            ("f", "rayon 1", 20, 30),
        ]);
        assert!(busy_cores(&two_cores_busy, ms(30), 2).passed());
        let one_after_another = records(&[
            ("ab", "main", 0, 20),
            ("cd", "main", 20, 40),
            ("e", "main", 40, 50),
            ("f", "main", 50, 60),
        ]);
        let sequential = busy_cores(&one_after_another, ms(60), 2).to_string();
        assert!(
            sequential.contains("on average 1.0 tasks ran at once; 2 cores could run 2.0"),
            "{sequential}"
        );
        // On one core there is nothing to gain.
        assert!(busy_cores(&one_after_another, ms(60), 1).passed());
        let thread_per_word = records(&[
            ("ab", "t1", 0, 40),
            ("cd", "t2", 0, 40),
            ("e", "t3", 0, 20),
            ("f", "t4", 0, 20),
        ]);
        let too_many = busy_cores(&thread_per_word, ms(40), 2).to_string();
        assert!(
            too_many.contains("4 threads computed on 2 cores"),
            "{too_many}"
        );
    }

    #[test]
    fn uses_all_cores_checks_results_first() {
        let ((), run) = record("test", &WORDS, 2, || ());
        let empty = uses_all_cores(&WORDS, &[] as &[&str], &run).to_string();
        assert!(empty.contains("no results"), "{empty}");
        let mut swapped = UPPER;
        swapped.swap(2, 3);
        let order = uses_all_cores(&WORDS, &swapped, &run).to_string();
        assert!(order.contains("input order"), "{order}");
    }
}
