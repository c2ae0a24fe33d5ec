//! Checks for chapter 02's exercises: scoped threads over part of the input, and a rayon pool
//! sized for waiting. Both read the recorded run: every word's work, how many ran at once, on
//! which threads, and the time.
//!
//! ```
//! use helpers::check::ch02;
//! use helpers::{record, set_time_unit};
//! set_time_unit(std::time::Duration::from_millis(1));
//! let words = ch02::long_words();
//! let (results, run) = record("typed in", &words, words.len(), || {
//!     words.iter().map(|w| w.to_uppercase()).collect::<Vec<_>>()
//! });
//! assert!(ch02::long_words_in_order(&results, &run).to_string().starts_with("FAIL"));
//! ```

use super::Verdict;
use super::common::{
    SHAPE_SLACK_UNITS, at_least_at_once, every_word_worked, measured_between, peak_at_once,
    results_in_input_order, workers_seen,
};
use crate::{Run, TUTORIAL_TOKENS, char_count};

/// Chapter 02's exercises on the framework (being converted).
pub const CHAPTER: super::Chapter = super::Chapter {
    number: "02",
    title: "Ordered map",
    exercises: &[],
    solutions: "",
};

/// The tutorial's words with more than one letter: `hello world how are you`.
pub fn long_words() -> Vec<&'static str> {
    TUTORIAL_TOKENS
        .iter()
        .copied()
        .filter(|t| char_count(t) > 1)
        .collect()
}

/// The run took the time of its longest word, as when every word sleeps at once.
fn in_time_of_longest(run: &Run) -> Verdict {
    let longest = run.tokens.iter().map(|w| char_count(w)).max().unwrap_or(0);
    measured_between(run, longest, longest, SHAPE_SLACK_UNITS)
}

/// A scoped thread per word of more than one letter: every long word's work, all at once, their
/// results in input order, in the time of the longest word.
pub fn long_words_in_order<R: AsRef<str>>(results: &[R], run: &Run) -> Verdict {
    let words = long_words();
    if run.tokens != words {
        return Verdict::fail(
            format!(
                "the run was recorded over {} words, not the long ones.",
                run.tokens.len()
            ),
            "keep the starter's `record(\"long words\", &long_words, ...)` and work on `long_words`.",
        );
    }
    every_word_worked(run)
        .and(|| results_in_input_order(results, run))
        .and(|| {
            at_least_at_once(run, words.len()).with_hint(
                "spawn every thread first, inside one `thread::scope`, and join them only after \
                 all are started: joining each right after spawning it runs them one by one.",
            )
        })
        .and(|| in_time_of_longest(run))
        .and(|| {
            Verdict::pass(format!(
                "{} words on {} threads at once, results in input order, in the time of the \
                 longest word",
                words.len(),
                workers_seen(run)
            ))
        })
}

/// A rayon pool of `threads` threads that runs the twelve words in the time of the longest word,
/// whatever the machine's cores. Read from the run: the words ran on rayon threads, as many
/// threads as words slept at once (fewer leaves a long word waiting on some runs), and the time.
pub fn sized_pool<R: AsRef<str>>(threads: usize, results: &[R], run: &Run) -> Verdict {
    every_word_worked(run)
        .and(|| results_in_input_order(results, run))
        .and(|| on_rayon(run))
        .and(|| {
            let seen = workers_seen(run);
            if seen > threads {
                return Verdict::fail(
                    format!(
                        "{seen} rayon threads ran the words, more than the {threads} in `threads`."
                    ),
                    "give the pool `num_threads(threads)`, the number you chose.",
                );
            }
            let most = peak_at_once(run);
            if most < run.tokens.len() {
                return Verdict::fail(
                    format!(
                        "at most {most} words slept at once on {seen} rayon thread{}: too few \
                         threads.",
                        if seen == 1 { "" } else { "s" }
                    ),
                    "size the pool for the waits, not the cores: how many words must sleep at the \
                     same time so that none waits behind another? Build it with \
                     `ThreadPoolBuilder::new().num_threads(n)` and run inside `pool.install`.",
                );
            }
            Verdict::pass("enough threads")
        })
        .and(|| in_time_of_longest(run))
        .and(|| {
            Verdict::pass(format!(
                "all twelve results in order, every word asleep at once on {threads} threads. \
                 Fewer threads would do for a queue that hands out words in order, but rayon \
                 splits the list in halves and idle threads steal halves not yet started, so a \
                 five-letter word can start late; one thread per word is the size that never \
                 lets a word wait"
            ))
        })
}

/// Every call ran on a rayon thread (`rayon N`), so the pool asked for did the work.
fn on_rayon(run: &Run) -> Verdict {
    match run
        .records()
        .iter()
        .find(|r| !r.worker.starts_with("rayon "))
    {
        Some(other) => Verdict::fail(
            format!(
                "{:?} ran on {:?}, not on a rayon thread.",
                other.token, other.worker
            ),
            "run `tokens.par_iter().map(|t| work(t)).collect()` inside `pool.install(|| ...)`.",
        ),
        None => Verdict::pass("on rayon threads"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::fixture::{self, task, upper};

    #[test]
    fn long_words_need_all_five_at_once_in_order() {
        let words = long_words();
        let right = upper(&words);
        let threads = fixture::pool(&words, 5);
        let verdict = long_words_in_order(&right, &threads);
        assert!(verdict.passed(), "{verdict}");
        let empty: Vec<String> = Vec::new();
        let starter = long_words_in_order(&empty, &fixture::run(&words, vec![])).to_string();
        assert!(starter.starts_with("FAIL: no call"), "{starter}");
        let all = fixture::pool(&TUTORIAL_TOKENS, 12);
        let over_all = long_words_in_order(&upper(&TUTORIAL_TOKENS), &all).to_string();
        assert!(over_all.contains("not the long ones"), "{over_all}");
        let reversed: Vec<String> = right.iter().rev().cloned().collect();
        assert!(!long_words_in_order(&reversed, &threads).passed());
        let one_by_one = long_words_in_order(&right, &fixture::pool(&words, 1)).to_string();
        assert!(one_by_one.contains("too few at once"), "{one_by_one}");
        let mut slow = fixture::pool(&words, 5);
        slow.wall = fixture::UNIT * 9;
        assert!(
            long_words_in_order(&right, &slow)
                .to_string()
                .contains("too slow")
        );
    }

    /// The twelve words on rayon threads `rayon 0..threads`, each free thread taking the next.
    fn rayon_pool(threads: usize) -> Run {
        let mut run = fixture::pool(&TUTORIAL_TOKENS, threads);
        for record in &mut run.records {
            record.worker = record.worker.replace("worker", "rayon");
        }
        run
    }

    #[test]
    fn pool_size_is_read_from_the_threads_that_ran() {
        let right = upper(&TUTORIAL_TOKENS);
        let verdict = sized_pool(12, &right, &rayon_pool(12));
        assert!(verdict.passed(), "{verdict}");
        assert!(sized_pool(16, &right, &rayon_pool(12)).passed());
        let six = sized_pool(6, &right, &rayon_pool(6)).to_string();
        assert!(six.contains("too few threads"), "{six}");
        // Declared twelve, built the global pool of two.
        let declared = sized_pool(12, &right, &rayon_pool(2)).to_string();
        assert!(declared.contains("too few threads"), "{declared}");
        let more = sized_pool(2, &right, &rayon_pool(12)).to_string();
        assert!(more.contains("more than the 2"), "{more}");
        let std_threads = sized_pool(12, &right, &fixture::pool(&TUTORIAL_TOKENS, 12)).to_string();
        assert!(
            std_threads.contains("not on a rayon thread"),
            "{std_threads}"
        );
        let empty: Vec<String> = Vec::new();
        assert!(!sized_pool(12, &empty, &rayon_pool(12)).passed());
        let typed_in = fixture::run(&TUTORIAL_TOKENS, vec![task("hello", "rayon 0", 0.0, 5.0)]);
        assert!(!sized_pool(12, &right, &typed_in).passed());
    }
}
