//! Checks for chapter 13's exercises: the deal of words to MPI ranks, and its time. Both are about
//! which rank gets which word, so the check calls the learner's functions on lists of its own
//! (duplicate words, an empty list, more ranks than words) without starting `mpirun`.
//!
//! - 13.1 "deal the words like cards": `fn deal(words: &[&'static str], ranks: usize) ->
//!   Vec<Vec<&'static str>>` gives rank `r` the words at positions `r, r + ranks, ...`, in order.
//! - 13.2 "predict the deal": `fn deal_time(times: &[u32], ranks: usize) -> u32` is the time of
//!   that deal when each rank works its words one after another.

use crate::check::learner::{self, Stop};
use crate::check::puzzle::PuzzleMaker;
use crate::check::{Chapter, Exercise, Verdict, common};

/// Exercise 13.1.
pub const DEAL: Exercise = Exercise {
    id: "13.1",
    title: "Deal the words like cards",
    hints: DEAL_HINTS,
};

/// Exercise 13.2.
pub const DEAL_TIME: Exercise = Exercise {
    id: "13.2",
    title: "Predict the deal",
    hints: DEAL_TIME_HINTS,
};

/// Chapter 13's exercises and their solutions.
pub const CHAPTER: Chapter = Chapter {
    number: "13",
    title: "Beyond one machine",
    exercises: &[DEAL, DEAL_TIME],
    solutions: include_str!("../../solutions/ch13.rs"),
};

/// Exercise 13.1: calls `deal` on lists of the check's own (with a word that appears twice, an
/// empty list, more ranks than words, one rank) and wants each rank's words, in order.
pub fn deal(deal: impl Fn(&[&'static str], usize) -> Vec<Vec<&'static str>>) -> Verdict {
    DEAL.check(|| {
        let mut maker = PuzzleMaker::new();
        let lists = deal_lists(&mut maker);
        let judge =
            |words: &[&str], ranks, shares: Vec<Vec<&str>>| judge_deal(words, ranks, &shares);
        if let Some(failed) = first_failure(&lists, &deal, judge)? {
            return Ok(failed);
        }
        Ok(Verdict::pass(format!(
            "{} lists of the check's own (1 to 6 ranks, words that appear twice, an empty list, \
             more ranks than words): every rank got its words, in order, each word once",
            lists.len()
        )))
    })
}

/// Exercise 13.2: calls `deal_time` on times of the check's own (an empty list, more ranks than
/// words, one rank among them) and wants the deal's time exactly.
pub fn deal_time(deal_time: impl Fn(&[u32], usize) -> u32) -> Verdict {
    DEAL_TIME.check(|| {
        let mut maker = PuzzleMaker::new();
        let lists = time_lists(&mut maker);
        if let Some(failed) = first_failure(&lists, &deal_time, judge_deal_time)? {
            return Ok(failed);
        }
        Ok(Verdict::pass(format!(
            "the deal's time, exactly, on {} lists of the check's own (1 to 5 ranks, an empty \
             list, more ranks than words)",
            lists.len()
        )))
    })
}

/// Calls the learner's `f` on each list and judges each answer: the first FAIL (a panic on a list
/// is one, naming the list), or `None` when every list passed.
fn first_failure<T, R>(
    lists: &[(Vec<T>, usize)],
    f: impl Fn(&[T], usize) -> R,
    judge: impl Fn(&[T], usize, R) -> Verdict,
) -> Result<Option<Verdict>, Stop> {
    for (items, ranks) in lists {
        let answer = match learner::call(|| f(items, *ranks)) {
            Ok(answer) => answer,
            Err(Stop::Panicked(message)) => {
                let on = puzzle(items.len(), *ranks);
                let problem = format!("for {on}, your function panicked: {message}.");
                return Ok(Some(Verdict::fail(problem, "")));
            }
            Err(stop) => return Err(stop),
        };
        let verdict = judge(items, *ranks, answer);
        if !verdict.passed() {
            return Ok(Some(verdict));
        }
    }
    Ok(None)
}

/// The lists of exercise 1: words of the check's own, each list with one word twice (a deal must
/// go by position, not by text), and the edges.
fn deal_lists(maker: &mut PuzzleMaker) -> Vec<(Vec<&'static str>, usize)> {
    let shapes = [
        (maker.in_range(9..=13), 2),
        (maker.in_range(7..=12), maker.in_range(3..=5)),
        (0, maker.in_range(2..=4)),
        (maker.in_range(2..=3), maker.in_range(4..=6)),
        (maker.in_range(3..=6), 1),
    ];
    shapes
        .into_iter()
        .map(|(count, ranks)| {
            let mut words = maker.words(count as usize);
            let ranks = ranks as usize;
            // A word again, at a position of another rank: a deal by text then goes wrong.
            if words.len() >= 3 && ranks >= 2 {
                let from = maker.in_range(0..=(words.len() as u32 - 1)) as usize;
                let others: Vec<usize> = (0..words.len())
                    .filter(|&i| i % ranks != from % ranks)
                    .collect();
                let to = others[maker.in_range(0..=(others.len() as u32 - 1)) as usize];
                words[to] = words[from];
            }
            (words, ranks)
        })
        .collect()
}

/// The lists of exercise 2: times of one to six units, where the deal differs from a queue and
/// from blocks for 2 ranks, then other rank counts and the edges.
fn time_lists(maker: &mut PuzzleMaker) -> Vec<(Vec<u32>, usize)> {
    let mut two = times(maker, 8..=12);
    for _ in 0..10_000 {
        let dealt = deal_units(&two, 2);
        if dealt != crate::greedy_makespan(&two, 2) && dealt != blocks_units(&two, 2) {
            break;
        }
        two = times(maker, 8..=12);
    }
    let more_ranks = maker.in_range(3..=5) as usize;
    vec![
        (two, 2),
        (times(maker, 7..=12), more_ranks),
        (Vec::new(), 2),
        (times(maker, 2..=3), 5),
        (times(maker, 3..=6), 1),
    ]
}

/// `count` times of one to six units.
fn times(maker: &mut PuzzleMaker, count: std::ops::RangeInclusive<u32>) -> Vec<u32> {
    let count = maker.in_range(count);
    (0..count).map(|_| maker.in_range(1..=6)).collect()
}

/// Blocks of consecutive words per rank, as `MPI_Scatter` deals an array: the wrong shape the
/// first list tells apart.
fn blocks_units(times: &[u32], ranks: usize) -> u32 {
    let size = times.len().div_ceil(ranks.max(1)).max(1);
    times
        .chunks(size)
        .map(|c| c.iter().sum())
        .max()
        .unwrap_or(0)
}

/// The staged hints of exercise 1, in order.
pub(crate) const DEAL_HINTS: &[&str] = &[
    "rank r takes the words at positions r, r + ranks, r + 2 * ranks, ... in that order, like \
     cards dealt one at a time.",
    "one Vec per rank, even for a rank that gets nothing; and mind the edges: no words at all, or \
     more ranks than words, must work too, with nothing subtracted below zero.",
    "go by position, not by text: a word can appear twice in a list, and searching for it finds \
     only its first place.",
];

/// The staged hints of exercise 2, in order.
pub(crate) const DEAL_TIME_HINTS: &[&str] = &[
    "each rank works its own words one after another: add up the times of each rank's words.",
    "the deal is over when the rank with the most work is: the largest of those sums (the \
     ranks do not help each other, unlike a queue).",
    "mind the edges: no words takes 0 units, and ranks without words add nothing.",
];

/// The words rank `rank` is dealt out of `words` over `ranks` ranks.
fn dealt_to<T: Clone>(words: &[T], ranks: usize, rank: usize) -> Vec<T> {
    words
        .iter()
        .skip(rank)
        .step_by(ranks.max(1))
        .cloned()
        .collect()
}

/// The deal's time in units: the largest of the ranks' sums.
pub(crate) fn deal_units(times: &[u32], ranks: usize) -> u32 {
    (0..ranks.max(1))
        .map(|rank| dealt_to(times, ranks, rank).iter().sum::<u32>())
        .max()
        .unwrap_or(0)
}

/// A list in words for a FAIL line: `7 words over 3 ranks`.
fn puzzle(count: usize, ranks: usize) -> String {
    let (w, r) = (plural(count, "word"), plural(ranks, "rank"));
    format!("{count} {w} over {ranks} {r}")
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        noun.to_string()
    } else {
        format!("{noun}s")
    }
}

/// The verdict on one deal: `shares` is what the learner's function returned for `words` over
/// `ranks` ranks. Says what is wrong without giving a share away.
pub(crate) fn judge_deal(words: &[&str], ranks: usize, shares: &[Vec<&str>]) -> Verdict {
    let on = puzzle(words.len(), ranks);
    if shares.len() != ranks {
        let way = if shares.len() < ranks {
            "too few"
        } else {
            "too many"
        };
        return Verdict::fail(
            format!("for {on}: {} shares, {way}: one per rank.", shares.len()),
            "",
        );
    }
    for (rank, share) in shares.iter().enumerate() {
        let expected = dealt_to(words, ranks, rank);
        if share.len() != expected.len() {
            let way = if share.len() < expected.len() {
                "too few"
            } else {
                "too many"
            };
            return Verdict::fail(
                format!("for {on}: rank {rank} got {} words, {way}.", share.len()),
                "",
            );
        }
        if let Some(place) = share
            .iter()
            .zip(&expected)
            .position(|(got, want)| got != want)
        {
            return Verdict::fail(
                format!(
                    "for {on}: rank {rank}'s word {} is {:?}, which is not the word dealt to it \
                     there.",
                    place + 1,
                    share[place]
                ),
                "",
            );
        }
    }
    Verdict::pass(format!("{on}: dealt"))
}

/// The verdict on one prediction of the deal's time.
pub(crate) fn judge_deal_time(times: &[u32], ranks: usize, predicted: u32) -> Verdict {
    let expected = deal_units(times, ranks);
    let listed: Vec<String> = times.iter().map(u32::to_string).collect();
    let on = format!(
        "times [{}] over {ranks} {}",
        listed.join(", "),
        plural(ranks, "rank")
    );
    common::prediction_exact(predicted, expected as usize, "")
        .and(|| Verdict::pass(format!("{on}: {expected} units")))
        .map_problem(|problem| format!("for {on}: {problem}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_deal_and_its_time() {
        assert_eq!(dealt_to(&["a", "b", "c", "d", "e"], 2, 1), ["b", "d"]);
        assert_eq!(dealt_to::<u32>(&[], 3, 2), Vec::<u32>::new());
        // The tutorial's list: 2 ranks get 5+3+3+1+1+1 = 14 and 12; 4 ranks, 5+3+1 = 9 first.
        let tutorial = [5, 5, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1];
        assert_eq!(deal_units(&tutorial, 2), 14);
        assert_eq!(deal_units(&tutorial, 4), 9);
        assert_eq!(deal_units(&[], 3), 0);
        assert_eq!(deal_units(&[4, 2], 5), 4);
    }

    #[test]
    fn deals_right_and_wrong() {
        let words = ["ox", "kettle", "ox", "fig", "yam"];
        let right = vec![vec!["ox", "ox", "yam"], vec!["kettle", "fig"]];
        assert!(judge_deal(&words, 2, &right).passed());
        let empty: Vec<Vec<&str>> = vec![vec![], vec![], vec![]];
        assert!(judge_deal(&[], 3, &empty).passed());
        assert!(
            judge_deal(&[], 3, &[])
                .to_string()
                .contains("0 shares, too few")
        );
        let blocks = vec![vec!["ox", "kettle", "ox"], vec!["fig", "yam"]];
        let verdict = judge_deal(&words, 2, &blocks).to_string();
        assert!(
            verdict.contains("rank 0's word 2 is \"kettle\""),
            "{verdict}"
        );
        let backwards = vec![vec!["yam", "ox", "ox"], vec!["fig", "kettle"]];
        assert!(
            judge_deal(&words, 2, &backwards)
                .to_string()
                .contains("word 1")
        );
        let short = vec![vec!["ox", "ox"], vec!["kettle", "fig"]];
        assert!(
            judge_deal(&words, 2, &short)
                .to_string()
                .contains("rank 0 got 2 words, too few")
        );
        let verdict = judge_deal(&words, 3, &right).to_string();
        assert!(
            verdict.contains("for 5 words over 3 ranks: 2 shares"),
            "{verdict}"
        );
    }

    #[test]
    fn a_panicking_answer_gets_one_fail_naming_its_list() {
        let underflow = deal(|words, ranks| {
            let last = words.len() - 1;
            (0..ranks)
                .map(|rank| (rank..=last).step_by(ranks).map(|i| words[i]).collect())
                .collect()
        })
        .to_string();
        assert!(
            underflow.starts_with("FAIL: for 0 words over")
                && underflow.contains("your function panicked: attempt to subtract with overflow"),
            "{underflow}"
        );
        let nothing = deal_time(|_, _| panic!("no time")).to_string();
        assert!(
            nothing.contains("your function panicked: no time"),
            "{nothing}"
        );
        let starter = deal_time(|_, _| todo!("your code here")).to_string();
        assert!(starter.starts_with("FAIL: not written yet"), "{starter}");
    }

    #[test]
    fn deal_times_right_and_wrong() {
        assert!(judge_deal_time(&[5, 5, 3], 2, 8).passed());
        let low = judge_deal_time(&[5, 5, 3], 2, 5).to_string();
        assert!(
            low.contains("times [5, 5, 3] over 2 ranks") && low.contains("too low"),
            "{low}"
        );
        assert!(judge_deal_time(&[], 2, 0).passed());
    }
}
