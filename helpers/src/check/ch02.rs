//! Checks for chapter 02's exercises: a scoped thread per long word, and a rayon pool sized for
//! waiting. Each check calls the learner's function on hidden lists of words with hidden work
//! times (two rounds), records the run itself and reads it: which words were worked, on which
//! threads, how many at once, and the results.
//!
//! ```
//! use helpers::check::ch02;
//! # helpers::check::progress::use_private_file();
//! // Results typed in: the words are uppercased, but no work was done.
//! let made_up = ch02::long_words_in_order(|words: &[&'static str]| {
//!     words.iter().filter(|w| w.chars().count() > 1).map(|w| w.to_uppercase()).collect()
//! });
//! assert!(made_up.to_string().starts_with("FAIL"));
//! ```

use super::learner::{Outcome, call_on};
use super::puzzle::{Puzzle, PuzzleMaker};
use super::steps::{all_at_once, in_completion_order, results_in_order, worked_exactly};
use super::{Chapter, Exercise, Verdict};
use crate::char_count;

/// Exercise 02.1: a scoped thread per word of more than one letter.
pub const LONG_WORDS: Exercise = Exercise {
    id: "02.1",
    title: "Only the long words",
    hints: &[
        "keep only the words of more than one letter (count `chars()`), and give each of them \
         a thread of its own inside one `thread::scope`.",
        "spawn every thread first, keeping the handles in a `Vec` in input order, and join them \
         only after all are started: joining each right after spawning it runs them one by one.",
        "the results come from joining the handles in the order you spawned them, not in the \
         order the words finish.",
    ],
};

/// Exercise 02.2: a rayon pool whose size comes from the words.
pub const SIZED_POOL: Exercise = Exercise {
    id: "02.2",
    title: "A rayon pool sized for waiting",
    hints: &[
        "size the pool for the waits, not the cores: how many words must be asleep at the same \
         moment so that none waits behind another?",
        "build the pool inside your function, from the words you are given: \
         `rayon::ThreadPoolBuilder::new().num_threads(n).build().unwrap()`, then run \
         `words.par_iter().map(|t| work(t)).collect()` inside `pool.install(|| ...)`.",
        "a queue would manage with fewer threads, but rayon splits the list in halves and a \
         thread works through its half in order: with fewer threads than words, some word waits.",
    ],
};

/// Chapter 02's exercises, for `progress()` and `solution(...)`.
pub const CHAPTER: Chapter = Chapter {
    number: "02",
    title: "Ordered map",
    exercises: &[LONG_WORDS, SIZED_POOL],
    solutions: include_str!("../../solutions/ch02.rs"),
};

/// One-letter words for the puzzles (none of the tutorial's `a` to `g`).
const LETTERS: [&str; 12] = ["h", "j", "k", "m", "n", "p", "q", "r", "s", "t", "v", "z"];

/// A list of `long` words (one of them of two or three letters) and `short` one-letter words,
/// mixed; the long words' times all differ, so they finish in an order of their own.
fn long_and_short(maker: &mut PuzzleMaker, long: usize, short: usize) -> Puzzle {
    // Three units at least: a thread started late on a busy machine still overlaps the shortest.
    let base = maker.puzzle_distinct(long, 3..=10);
    let mut entries: Vec<(&'static str, u32)> = base
        .tokens()
        .iter()
        .copied()
        .zip(base.units().iter().copied())
        .collect();
    if !entries.iter().any(|(w, _)| char_count(w) <= 3) {
        entries[0].0 = ["ox", "elk", "yak", "fig"][maker.in_range(0..=3) as usize];
    }
    let mut letters = LETTERS.to_vec();
    maker.shuffle(&mut letters);
    entries.extend(letters.into_iter().take(short).map(|l| (l, 1)));
    maker.shuffle(&mut entries);
    let (tokens, units) = entries.into_iter().unzip();
    Puzzle::new(tokens, units)
}

/// The words of more than one letter, in input order.
fn long_of(puzzle: &Puzzle) -> Vec<&'static str> {
    puzzle
        .tokens()
        .iter()
        .copied()
        .filter(|w| char_count(w) > 1)
        .collect()
}

/// Exercise 02.1: `f(words)` runs a thread per word of more than one letter, all at once, and
/// returns their results in input order. Checked on two hidden lists (six or seven long words
/// among one-letter ones, work times that are not the lengths).
pub fn long_words_in_order(f: impl Fn(&[&'static str]) -> Vec<String>) -> Verdict {
    LONG_WORDS.check(|| {
        let mut maker = PuzzleMaker::new();
        let mut sizes = Vec::new();
        for long in [6, 7] {
            let puzzle = long_and_short(&mut maker, long, 3);
            let wanted = long_of(&puzzle);
            let out = call_on(&puzzle, wanted.len(), |words| f(words))?;
            let verdict = long_words_round(&out, &wanted);
            if !verdict.passed() {
                return Ok(verdict);
            }
            sizes.push(wanted.len());
        }
        Ok(Verdict::pass(format!(
            "on two lists new to you ({} and {} long words among one-letter ones), every long \
             word ran once, on a thread of its own, all at the same moment, and the results came \
             back in input order; the one-letter words were left alone",
            sizes[0], sizes[1]
        )))
    })
}

fn long_words_round(out: &Outcome<Vec<String>>, wanted: &[&'static str]) -> Verdict {
    let expected: Vec<String> = wanted.iter().map(|w| w.to_uppercase()).collect();
    worked_exactly(&out.run, wanted)
        .and(|| {
            let verdict = results_in_order(&out.value, &expected, "input");
            if !verdict.passed() && in_completion_order(&out.value, &out.run) {
                return Verdict::fail(
                    "the results came back in the order the words finished, not in input order.",
                    "",
                );
            }
            verdict
        })
        .and(|| {
            match out
                .run
                .records()
                .iter()
                .find(|r| r.worker.starts_with("rayon"))
            {
                Some(r) => Verdict::fail(
                    format!(
                        "{:?} ran on rayon's pool: the exercise asks for threads of your own.",
                        r.token
                    ),
                    "",
                ),
                None => Verdict::pass("own threads"),
            }
        })
        .and(|| all_at_once(&out.run, wanted.len(), "long words"))
        .and(|| {
            let threads = out.run.workers().len();
            if threads < wanted.len() {
                Verdict::fail(
                    format!(
                        "{} long words ran on {threads} threads: too few threads.",
                        wanted.len()
                    ),
                    "",
                )
            } else {
                Verdict::pass("a thread per long word")
            }
        })
}

/// Exercise 02.2: `f(words)` builds a rayon pool with as many threads as words (none waits, none
/// idle from the start) and runs the words on it with `par_iter`, results in input order. Checked
/// on two hidden lists, one short and one longer than the tutorial's twelve words.
pub fn sized_pool(f: impl Fn(&[&'static str]) -> Vec<String>) -> Verdict {
    SIZED_POOL.check(|| {
        let mut maker = PuzzleMaker::new();
        let mut sizes = Vec::new();
        for count in [maker.in_range(3..=6), maker.in_range(13..=16)] {
            let puzzle = maker.puzzle(count as usize, 4..=9);
            let out = call_on(&puzzle, puzzle.tokens().len(), |words| f(words))?;
            let verdict = sized_pool_round(&out, &puzzle);
            if !verdict.passed() {
                return Ok(verdict);
            }
            sizes.push(count);
        }
        Ok(Verdict::pass(format!(
            "on two lists new to you ({} and {} words), every word ran on a rayon pool of as many \
             threads as words, all asleep at the same moment, results in input order. A queue \
             would finish as soon with fewer threads, short words following one another beside \
             a long one; rayon splits the list in halves, so with fewer threads a long word can \
             wait behind short ones",
            sizes[0], sizes[1]
        )))
    })
}

fn sized_pool_round(out: &Outcome<Vec<String>>, puzzle: &Puzzle) -> Verdict {
    let count = puzzle.tokens().len();
    worked_exactly(&out.run, puzzle.tokens())
        .and(|| results_in_order(&out.value, &puzzle.expected_results(), "input"))
        .and(
            || match out.observed.iter().find(|o| o.rayon_pool_threads.is_none()) {
                Some(o) => Verdict::fail(
                    format!("{:?} ran on {:?}, not on a rayon pool.", o.token, o.worker),
                    "",
                ),
                None => Verdict::pass("on rayon"),
            },
        )
        .and(|| {
            let sizes: Vec<usize> = out
                .observed
                .iter()
                .filter_map(|o| o.rayon_pool_threads)
                .collect();
            match sizes.iter().copied().find(|&s| s != count) {
                Some(size) if size < count => Verdict::fail(
                    format!(
                        "{count} words ran on a rayon pool of {size} threads: too few threads."
                    ),
                    "",
                ),
                Some(size) => Verdict::fail(
                    format!(
                        "{count} words ran on a rayon pool of {size} threads: more threads than \
                         words, too many."
                    ),
                    "",
                ),
                None => Verdict::pass("as many threads as words"),
            }
        })
        .and(|| {
            all_at_once(&out.run, count, "words").map_problem(|problem| {
                format!(
                    "{problem} The pool had a thread for every word, so something made them \
                     take turns."
                )
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::work;

    fn scoped(words: &[&'static str]) -> Vec<String> {
        std::thread::scope(|s| {
            let handles: Vec<_> = words
                .iter()
                .filter(|w| w.chars().count() > 1)
                .map(|w| s.spawn(move || work(w)))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        })
    }

    #[test]
    fn long_words_right_and_wrong() {
        let verdict = long_words_in_order(scoped);
        assert!(verdict.passed(), "{verdict}");
        let one_by_one = long_words_in_order(|words| {
            words
                .iter()
                .filter(|w| w.len() > 1)
                .map(|w| std::thread::scope(|s| s.spawn(|| work(w)).join().unwrap()))
                .collect()
        })
        .to_string();
        assert!(one_by_one.contains("too few at once"), "{one_by_one}");
        let all = long_words_in_order(|words| words.iter().map(|w| work(w)).collect()).to_string();
        assert!(all.contains("not one of the words to work"), "{all}");
        let by_length = long_words_in_order(|words| {
            let mut out = scoped(words);
            out.sort_by_key(|r| r.len());
            out
        })
        .to_string();
        assert!(by_length.contains("order"), "{by_length}");
        let starter = long_words_in_order(|_| todo!("your code here")).to_string();
        assert!(starter.starts_with("FAIL: not written yet"), "{starter}");
    }

    #[test]
    fn sized_pool_right_and_wrong() {
        let sized = |words: &[&'static str]| {
            use rayon::prelude::*;
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(words.len())
                .build()
                .unwrap();
            pool.install(|| words.par_iter().map(|w| work(w)).collect::<Vec<_>>())
        };
        let verdict = sized_pool(sized);
        assert!(verdict.passed(), "{verdict}");
        let twelve = sized_pool(|words| {
            use rayon::prelude::*;
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(12)
                .build()
                .unwrap();
            pool.install(|| words.par_iter().map(|w| work(w)).collect::<Vec<_>>())
        })
        .to_string();
        assert!(twelve.contains("rayon pool of 12 threads"), "{twelve}");
        let turns = sized_pool(|words| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(words.len())
                .build()
                .unwrap();
            pool.install(|| words.iter().map(|w| work(w)).collect::<Vec<_>>())
        })
        .to_string();
        assert!(turns.contains("take turns"), "{turns}");
        assert!(!turns.contains("too few threads"), "{turns}");
    }
}
