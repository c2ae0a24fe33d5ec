//! Checks for chapter 06's exercises: work that computes spread over every core, first with
//! `par_iter`, then with `rayon::join`. One check serves both: it judges what ran, not how.

use std::collections::BTreeSet;
use std::time::Duration;

use crate::check::{Verdict, results_in_order};
use crate::{Record, Run};

/// Both exercises: CPU-bound work (`cpu_work`) on every word, recorded in `run`, keeps every core busy.
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
    // The most that can run at once on average: no more than the cores, and no more than the
    // work over its longest task, since the run lasts at least as long as that task.
    let longest = records
        .iter()
        .map(|r| r.end.saturating_sub(r.start))
        .max()
        .unwrap_or_default();
    let best = (cores as f64).min(busy.as_secs_f64() / longest.as_secs_f64().max(f64::EPSILON));
    if at_once < 0.6 * best {
        return Verdict::fail(
            format!(
                "on average {at_once:.1} tasks ran at once; {cores} cores could run up to {best:.1}."
            ),
            "rayon spreads an iterator chain over its threads (tokens.par_iter().map(...).collect()), not a for loop; by hand, rayon::join(|| left half, || right half) works on two halves at once.",
        );
    }
    Verdict::pass(format!(
        "all results in order; on average {at_once:.1} tasks ran at once on {cores} cores."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

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
            sequential.contains("on average 1.0 tasks ran at once; 2 cores could run up to 2.0"),
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
        let ((), run) = crate::record("test", &WORDS, 2, || ());
        let empty = uses_all_cores(&WORDS, &[] as &[&str], &run).to_string();
        assert!(empty.contains("no results"), "{empty}");
        let mut swapped = UPPER;
        swapped.swap(2, 3);
        let order = uses_all_cores(&WORDS, &swapped, &run).to_string();
        assert!(order.contains("input order"), "{order}");
    }
}
