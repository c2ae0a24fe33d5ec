//! Checks for chapter 13's exercises: dealing the tokens round-robin over MPI ranks, and what that
//! deal predicts. Both are plain arithmetic, so they run on a machine without MPI too.

use super::Verdict;

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
            let expected: Vec<usize> = (rank..tokens).step_by(ranks).collect();
            if *share != expected {
                return Verdict::fail(
                    format!(
                        "for {tokens} tokens over {ranks} ranks, rank {rank} got {share:?}, expected {expected:?}."
                    ),
                    "rank r takes every index i with i % ranks == r, in increasing order.",
                );
            }
        }
    }
    Verdict::pass("every rank gets every ranks-th token, each token exactly once")
}

/// The predicted makespans, in units, of the tutorial's tokens dealt round-robin over 2 and over
/// 4 ranks: `[for 2 ranks, for 4 ranks]`.
pub fn round_robin_makespans(predicted: &[u32]) -> Verdict {
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
    match predicted.iter().zip(&expected).position(|(p, e)| p != e) {
        None => Verdict::pass(format!(
            "round-robin takes {} units on 2 ranks and {} on 4",
            expected[0], expected[1]
        )),
        Some(i) => Verdict::fail(
            format!(
                "for {} ranks you predicted {} units.",
                [2, 4][i],
                predicted[i]
            ),
            "add up the letters of each rank's tokens; the rank with the most work decides the time.",
        ),
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
            nothing.starts_with("FAIL") && nothing.contains("rank 0 got []"),
            "{nothing}"
        );
        let blocks = round_robin_shares(|tokens, ranks| {
            let size = tokens.div_ceil(ranks).max(1);
            (0..ranks)
                .map(|r| ((r * size).min(tokens)..((r + 1) * size).min(tokens)).collect())
                .collect()
        });
        assert!(!blocks.passed(), "{blocks}");
        assert!(!round_robin_shares(|_, _| vec![]).passed());
    }

    #[test]
    fn makespans_right_and_wrong() {
        // Hand-dealt: 2 ranks get 5+3+3+1+1+1 = 14 and 5+3+1+1+1+1 = 12; 4 ranks, 5+3+1 = 9 first.
        assert!(round_robin_makespans(&[14, 9]).passed());
        assert!(!round_robin_makespans(&[]).passed());
        let greedy = round_robin_makespans(&[13, 7]).to_string();
        assert!(greedy.contains("for 2 ranks you predicted 13"), "{greedy}");
    }
}
