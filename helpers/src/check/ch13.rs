//! Checks for chapter 13's exercises: the deal of words to MPI ranks, and its time. Both are about
//! which rank gets which word, so the check calls the learner's functions on lists of its own
//! (duplicate words, an empty list, more ranks than words) without starting `mpirun`.
//!
//! - 13.1 "deal the words like cards": `fn deal(words: &[&'static str], ranks: usize) ->
//!   Vec<Vec<&'static str>>` gives rank `r` the words at positions `r, r + ranks, ...`, in order.
//! - 13.2 "predict the deal": `fn deal_time(times: &[u32], ranks: usize) -> u32` is the time of
//!   that deal when each rank works its words one after another.

use crate::check::{Verdict, common};

/// The staged hints of exercise 1, in order.
pub(crate) const DEAL_HINTS: &[&str] = &[
    "one Vec per rank, even for a rank that gets nothing: `ranks` shares in all.",
    "rank r takes the words at positions r, r + ranks, r + 2 * ranks, ... in that order: walk the \
     positions (`(r..words.len()).step_by(ranks)`), not the words' texts, since a word can appear \
     twice.",
    "mind the edges: no words at all, and more ranks than words, must work too, without \
     subtracting below zero.",
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
        let way = if shares.len() < ranks { "too few" } else { "too many" };
        return Verdict::fail(
            format!("for {on}: {} shares, {way}: one per rank.", shares.len()),
            "",
        );
    }
    for (rank, share) in shares.iter().enumerate() {
        let expected = dealt_to(words, ranks, rank);
        if share.len() != expected.len() {
            let way = if share.len() < expected.len() { "too few" } else { "too many" };
            return Verdict::fail(
                format!("for {on}: rank {rank} got {} words, {way}.", share.len()),
                "",
            );
        }
        if let Some(place) = share.iter().zip(&expected).position(|(got, want)| got != want) {
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
    let on = format!("times [{}] over {ranks} {}", listed.join(", "), plural(ranks, "rank"));
    match common::prediction_exact(predicted, expected as usize, "") {
        Verdict::Fail { problem, hint } => Verdict::fail(format!("for {on}: {problem}"), hint),
        Verdict::Pass(_) => Verdict::pass(format!("{on}: {expected} units")),
    }
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
        assert!(judge_deal(&[], 3, &[]).to_string().contains("0 shares, too few"));
        let blocks = vec![vec!["ox", "kettle", "ox"], vec!["fig", "yam"]];
        let verdict = judge_deal(&words, 2, &blocks).to_string();
        assert!(verdict.contains("rank 0's word 2 is \"kettle\""), "{verdict}");
        let backwards = vec![vec!["yam", "ox", "ox"], vec!["fig", "kettle"]];
        assert!(judge_deal(&words, 2, &backwards).to_string().contains("word 1"));
        let short = vec![vec!["ox", "ox"], vec!["kettle", "fig"]];
        assert!(judge_deal(&words, 2, &short).to_string().contains("rank 0 got 2 words, too few"));
        let verdict = judge_deal(&words, 3, &right).to_string();
        assert!(verdict.contains("for 5 words over 3 ranks: 2 shares"), "{verdict}");
    }

    #[test]
    fn deal_times_right_and_wrong() {
        assert!(judge_deal_time(&[5, 5, 3], 2, 8).passed());
        let low = judge_deal_time(&[5, 5, 3], 2, 5).to_string();
        assert!(low.contains("times [5, 5, 3] over 2 ranks") && low.contains("too low"), "{low}");
        assert!(judge_deal_time(&[], 2, 0).passed());
    }
}
