//! Checks for chapter 13's exercises: dealing the tokens round-robin over MPI ranks, and what that
//! deal predicts. Both are plain arithmetic, so they run on a machine without MPI too, and take the
//! learner's values only (the signature rule's exception for arithmetic).

use crate::check::{Verdict, common};

/// `shares_for(tokens, ranks)` must give rank `r` the indices `r, r + ranks, r + 2 * ranks, ...`
/// in increasing order: every token exactly once, dealt like cards.
pub fn round_robin_shares(shares_for: impl Fn(usize, usize) -> Vec<Vec<usize>>) -> Verdict {
    for (tokens, ranks) in [(12, 2), (12, 4), (5, 3), (2, 4), (0, 2)] {
        let shares = shares_for(tokens, ranks);
        if shares.len() != ranks {
            return Verdict::fail(
                format!(
                    "for {tokens} tokens over {ranks} ranks: {} shares, expected one per rank.",
                    shares.len()
                ),
                "return a Vec with one Vec of indices per rank, even when a rank gets nothing.",
            );
        }
        for (rank, share) in shares.iter().enumerate() {
            if let Some(problem) = share_problem(share, rank, ranks, tokens) {
                return Verdict::fail(
                    format!(
                        "for {tokens} tokens over {ranks} ranks, rank {rank}'s share {problem}."
                    ),
                    "rank r takes every index i with i % ranks == r, in increasing order.",
                );
            }
        }
    }
    Verdict::pass("every rank gets every ranks-th token, each token exactly once")
}

/// What is wrong with one rank's share, said without giving the right one.
fn share_problem(share: &[usize], rank: usize, ranks: usize, tokens: usize) -> Option<String> {
    if let Some(&outside) = share.iter().find(|&&i| i >= tokens) {
        return Some(format!("holds {outside}, which is no token's index"));
    }
    if let Some(&other) = share.iter().find(|&&i| i % ranks != rank) {
        return Some(format!(
            "holds {other}, which belongs to rank {}",
            other % ranks
        ));
    }
    if share.windows(2).any(|pair| pair[0] >= pair[1]) {
        return Some("is not in increasing order, or holds an index twice".to_string());
    }
    let expected = (rank..tokens).step_by(ranks).count();
    (share.len() < expected).then(|| "lacks some of its indices".to_string())
}

/// The predicted makespans, in units, of the tutorial's tokens dealt round-robin over 2 and over
/// 4 ranks: `[for 2 ranks, for 4 ranks]`.
pub fn round_robin_makespans<P: common::Prediction>(predicted: &[P]) -> Verdict {
    let units: Vec<u32> = crate::TUTORIAL_TOKENS
        .iter()
        .map(|t| crate::char_count(t) as u32)
        .collect();
    let expected: Vec<u32> = [2, 4]
        .into_iter()
        .map(|ranks| {
            (0..ranks)
                .map(|rank| units.iter().skip(rank).step_by(ranks).sum::<u32>())
                .max()
                .unwrap_or(0)
        })
        .collect();
    if predicted.len() != expected.len() {
        return Verdict::fail(
            format!(
                "{} numbers, expected 2 (for 2 ranks, then 4 ranks).",
                predicted.len()
            ),
            "give one makespan per rank count: vec![for_2, for_4].",
        );
    }
    let hint =
        "add up the letters of each rank's tokens; the rank with the most work decides the time.";
    let for_ranks = |i: usize| {
        common::prediction_exact(predicted[i], expected[i] as usize, hint).and(|| Verdict::pass(""))
    };
    match for_ranks(0).and(|| for_ranks(1)) {
        Verdict::Fail { problem, hint } => {
            let which = if for_ranks(0).passed() { 4 } else { 2 };
            Verdict::fail(format!("for {which} ranks, {problem}"), hint)
        }
        Verdict::Pass(_) => Verdict::pass("both makespans of the deal, exactly"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_right_and_wrong() {
        let deal = |tokens: usize, ranks: usize| -> Vec<Vec<usize>> {
            (0..ranks)
                .map(|r| (r..tokens).step_by(ranks).collect())
                .collect()
        };
        assert!(round_robin_shares(deal).passed());
        let nothing = round_robin_shares(|_, ranks| vec![vec![]; ranks]).to_string();
        assert!(
            nothing.starts_with("FAIL") && nothing.contains("rank 0's share lacks"),
            "{nothing}"
        );
        let blocks = round_robin_shares(|tokens, ranks| {
            let size = tokens.div_ceil(ranks).max(1);
            (0..ranks)
                .map(|r| ((r * size).min(tokens)..((r + 1) * size).min(tokens)).collect())
                .collect()
        });
        assert!(blocks.to_string().contains("belongs to rank 1"), "{blocks}");
        let fixed =
            round_robin_shares(|_, _| vec![vec![0, 2, 4, 6, 8, 10], vec![1, 3, 5, 7, 9, 11]]);
        assert!(!fixed.passed(), "{fixed}");
        let backwards = round_robin_shares(|tokens, ranks| {
            (0..ranks)
                .map(|r| (r..tokens).step_by(ranks).rev().collect())
                .collect()
        });
        assert!(backwards.to_string().contains("increasing"), "{backwards}");
        assert!(!round_robin_shares(|_, _| vec![]).passed());
    }

    #[test]
    fn makespans_right_and_wrong() {
        // Hand-dealt: 2 ranks get 5+3+3+1+1+1 = 14 and 5+3+1+1+1+1 = 12; 4 ranks, 5+3+1 = 9 first.
        assert!(round_robin_makespans(&[14, 9]).passed());
        assert!(round_robin_makespans(&[14.0, 9.0]).passed());
        assert!(round_robin_makespans(&[14usize, 9]).passed());
        assert!(!round_robin_makespans::<u32>(&[]).passed());
        let greedy = round_robin_makespans(&[13, 7]).to_string();
        assert!(
            greedy.contains("for 2 ranks") && greedy.contains("too low"),
            "{greedy}"
        );
        let four = round_robin_makespans(&[14, 7]).to_string();
        assert!(
            four.contains("for 4 ranks") && !four.contains(" 9"),
            "{four}"
        );
    }
}
