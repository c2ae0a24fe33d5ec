//! Checks for chapter 06's exercises: work that computes spread over rayon's threads, first with
//! `par_iter`, then with `rayon::join` and a cut of one's own choosing.
//!
//! Both read the recorded run, not the clock alone, so a busy machine cannot fail a right answer:
//! every word's work ran and took its time, the results are its results in input order, the words
//! ran on rayon's threads, and more than one was being computed at the same moment. A thread per
//! word would be just as parallel (chapter 08 accepts it); these exercises are about rayon, so the
//! check says so rather than calling it wrong for the cores.

use crate::check::{Verdict, common};
use crate::{Record, Run};

/// Exercise 1: `cpu_work` on every word with rayon's global pool, results in input order.
pub fn par_iter_on_every_core<R: AsRef<str>>(results: &[R], run: &Run) -> Verdict {
    let wanted = rayon::current_num_threads().min(run.tokens.len()).max(1);
    computed_on_rayon(results, run, wanted).and(|| {
        Verdict::pass(format!(
            "all {} results in input order, computed on rayon's threads, {wanted} at once",
            run.tokens.len()
        ))
    })
}

/// Exercise 2: `upper_all` cut the words where half of their letters lie before the cut and worked
/// on both parts with `rayon::join`, in a pool of two threads.
///
/// What only a hand-made cut shows: the thread that did not start the first word began with the
/// first word after the cut. It stole the right part of the first `join` while the other thread
/// worked on the left; `par_iter`, or a cut by count, hands it the seventh word instead.
pub fn halves_with_join<R: AsRef<str>>(results: &[R], run: &Run) -> Verdict {
    let wanted = 2.min(run.tokens.len()).max(1);
    computed_on_rayon(results, run, wanted)
        .and(|| at_most_threads(run.records(), 2))
        .and(|| second_thread_began_after_the_cut(&run.tokens, run.records()))
        .and(|| {
            Verdict::pass(format!(
                "all {} results in input order; the second thread began right after your cut",
                run.tokens.len()
            ))
        })
}

/// The steps both exercises share: results, the recorded work, rayon's threads, `wanted` at once.
fn computed_on_rayon<R: AsRef<str>>(results: &[R], run: &Run, wanted: usize) -> Verdict {
    common::every_word_worked(run)
        .and(|| common::results_in_input_order(results, run))
        .and(|| {
            common::on_rayon_threads(run).with_hint(
                "threads of your own compute in parallel too (chapter 08), but this exercise is about rayon: let rayon run the work.",
            )
        })
        .and(|| {
            common::at_least_at_once(run, wanted).with_hint(
                "rayon spreads an iterator chain over its threads (`tokens.par_iter().map(...)`), not a for loop.",
            )
        })
}

fn at_most_threads(records: &[Record], most: usize) -> Verdict {
    let mut threads: Vec<&str> = records.iter().map(|r| r.worker.as_str()).collect();
    threads.sort_unstable();
    threads.dedup();
    if threads.len() > most {
        Verdict::fail(
            format!(
                "the words ran on {} threads, more than the pool of {most}.",
                threads.len()
            ),
            "call upper_all inside two_threads.install(...), as the starter does.",
        )
    } else {
        Verdict::pass("in the pool")
    }
}

/// Where a cut by letters can fall: after the first words whose letters reach half of the total,
/// or after the most words whose letters stay within half (the same place for the tutorial's).
fn cuts_by_letters<S: AsRef<str>>(tokens: &[S]) -> Vec<usize> {
    let letters: Vec<usize> = tokens
        .iter()
        .map(|t| crate::char_count(t.as_ref()))
        .collect();
    let total: usize = letters.iter().sum();
    let prefix = |k: usize| letters[..k].iter().sum::<usize>();
    let last = tokens.len().saturating_sub(1).max(1);
    let reach = (1..=last).find(|&k| 2 * prefix(k) >= total).unwrap_or(last);
    let within = (1..=last)
        .rev()
        .find(|&k| 2 * prefix(k) <= total)
        .unwrap_or(1);
    let mut cuts = vec![reach, within];
    cuts.dedup();
    cuts
}

/// The thread that did not start the first word began with the first word after the cut.
fn second_thread_began_after_the_cut<S: AsRef<str>>(tokens: &[S], records: &[Record]) -> Verdict {
    if tokens.len() < 2 {
        return Verdict::pass("nothing to cut");
    }
    let mut by_start: Vec<&Record> = records.iter().collect();
    by_start.sort_by_key(|r| r.start);
    // The thread that ran the first word began the first join; the other one stole from it.
    let Some(first) = records.iter().find(|r| r.index == Some(0)) else {
        return Verdict::fail(
            "the run recorded no work.",
            "call cpu_work inside record(...).",
        );
    };
    let Some(second) = by_start.iter().find(|r| r.worker != first.worker) else {
        return Verdict::fail(
            "one thread computed every word: the other never took a part.",
            "rayon::join(|| upper_all(left), || upper_all(right)) leaves the right part for the idle thread to take.",
        );
    };
    let cuts = cuts_by_letters(tokens);
    if second.index.is_some_and(|i| cuts.contains(&i)) {
        return Verdict::pass("cut by letters");
    }
    let count_cut = tokens.len() / 2;
    let why = if second.index == Some(count_cut) {
        "that is a cut by count, as par_iter makes"
    } else {
        "that is not the first word after a cut by letters"
    };
    Verdict::fail(
        format!("the second thread began with {:?}: {why}.", second.token),
        "add up the letters, then cut after the first words whose letters reach half of them; join the two parts.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::fixture::{self, task};

    const WORDS: [&str; 4] = ["abc", "d", "e", "f"];
    const UPPER: [&str; 4] = ["ABC", "D", "E", "F"];

    /// `token` on `worker` from `start`, for its letters' units.
    fn on(worker: &str, token: &str, start: f64) -> fixture::Task {
        task(
            token,
            worker,
            start,
            start + crate::char_count(token) as f64,
        )
    }

    /// A run of WORDS from (worker, token, start) triples.
    fn runs(tasks: &[(&str, &str, f64)]) -> Run {
        let tasks = tasks
            .iter()
            .map(|&(worker, token, start)| on(worker, token, start));
        fixture::run(&WORDS, tasks.collect())
    }

    #[test]
    fn cuts_follow_the_letters() {
        assert_eq!(cuts_by_letters(&WORDS), vec![1]);
        assert_eq!(cuts_by_letters(&crate::tutorial_tokens()), vec![3]);
        assert_eq!(cuts_by_letters(&["a", "b"]), vec![1]);
        // Half of 5 letters falls inside "c": ab | c d e and ab c | d e both cut by letters.
        assert_eq!(cuts_by_letters(&["ab", "c", "d", "e"]), vec![2, 1]);
        assert_eq!(cuts_by_letters(&["ab", "cde", "f"]), vec![2, 1]);
    }

    #[test]
    fn halves_with_join_tells_a_cut_by_letters_from_par_iter() {
        // By letters: abc | d e f; the second thread begins with d.
        let by_letters = runs(&[
            ("rayon 0", "abc", 0.0),
            ("rayon 1", "d", 0.0),
            ("rayon 1", "e", 1.0),
            ("rayon 1", "f", 2.0),
        ]);
        let verdict = halves_with_join(&UPPER, &by_letters);
        assert!(verdict.passed(), "{verdict}");
        // By count (what par_iter does): abc d | e f; the second thread begins with e.
        let by_count = runs(&[
            ("rayon 0", "abc", 0.0),
            ("rayon 1", "e", 0.0),
            ("rayon 1", "f", 1.0),
            ("rayon 0", "d", 3.0),
        ]);
        let verdict = halves_with_join(&UPPER, &by_count).to_string();
        assert!(verdict.contains("a cut by count"), "{verdict}");
        let alone = runs(&[
            ("rayon 0", "abc", 0.0),
            ("rayon 0", "d", 3.0),
            ("rayon 0", "e", 4.0),
            ("rayon 0", "f", 5.0),
        ]);
        let verdict = halves_with_join(&UPPER, &alone).to_string();
        assert!(verdict.contains("too few at once"), "{verdict}");
        let spawned = runs(&[
            ("thread 3", "abc", 0.0),
            ("thread 4", "d", 0.0),
            ("thread 4", "e", 1.0),
            ("thread 4", "f", 2.0),
        ]);
        let verdict = halves_with_join(&UPPER, &spawned).to_string();
        assert!(
            verdict.contains("not on one of rayon's threads"),
            "{verdict}"
        );
        let global = runs(&[
            ("rayon 0", "abc", 0.0),
            ("rayon 1", "d", 0.0),
            ("rayon 2", "e", 0.0),
            ("rayon 3", "f", 0.0),
        ]);
        let verdict = halves_with_join(&UPPER, &global).to_string();
        assert!(verdict.contains("more than the pool of 2"), "{verdict}");
    }

    #[test]
    fn par_iter_on_every_core_wants_the_work_on_rayon_at_once() {
        let sequential = runs(&[
            ("main", "abc", 0.0),
            ("main", "d", 3.0),
            ("main", "e", 4.0),
            ("main", "f", 5.0),
        ]);
        assert!(!par_iter_on_every_core(&UPPER, &sequential).passed());
        let made_up = fixture::run(&WORDS, vec![]);
        let verdict = par_iter_on_every_core(&UPPER, &made_up).to_string();
        assert!(verdict.contains("no call"), "{verdict}");
        let tasks = (0..4)
            .map(|i| on(&format!("rayon {i}"), WORDS[i], 0.0))
            .collect();
        let parallel = fixture::run(&WORDS, tasks);
        let verdict = par_iter_on_every_core(&UPPER, &parallel);
        if rayon::current_num_threads() <= 4 {
            assert!(verdict.passed(), "{verdict}");
        }
        let mut swapped = UPPER;
        swapped.swap(0, 1);
        assert!(!par_iter_on_every_core(&swapped, &parallel).passed());
    }
}
