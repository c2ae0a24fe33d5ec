//! Answers that test chapter 13's checks: wrong ones (one per class of mistake that applies) that
//! must FAIL and right ones of other structures that must PASS. `cargo test` runs each against
//! its check; the kernel harness runs a sample in the notebook.

pub use helpers::*;

/// 13.1 FAIL wrong: consecutive blocks per rank, as the chapter's static split
pub mod blocks {
    pub fn deal(words: &[&'static str], ranks: usize) -> Vec<Vec<&'static str>> {
        let size = words.len().div_ceil(ranks).max(1);
        let mut shares: Vec<Vec<&'static str>> =
            words.chunks(size).map(|block| block.to_vec()).collect();
        shares.resize(ranks, Vec::new());
        shares
    }
}

/// 13.1 FAIL wrong: each word's rank found from its text, so a word that appears twice goes wrong
pub mod by_text {
    pub fn deal(words: &[&'static str], ranks: usize) -> Vec<Vec<&'static str>> {
        let mut shares = vec![Vec::new(); ranks];
        for word in words {
            let position = words.iter().position(|w| w == word).unwrap();
            shares[position % ranks].push(*word);
        }
        shares
    }
}

/// 13.1 FAIL panics: the last index as `len - 1`, which underflows on an empty list
pub mod last_index {
    pub fn deal(words: &[&'static str], ranks: usize) -> Vec<Vec<&'static str>> {
        let last = words.len() - 1;
        (0..ranks)
            .map(|rank| (rank..=last).step_by(ranks).map(|i| words[i]).collect())
            .collect()
    }
}

/// 13.1 FAIL made-up: the chapter's deal of its twelve words over 2 ranks typed in
pub mod typed_in {
    pub fn deal(_words: &[&'static str], _ranks: usize) -> Vec<Vec<&'static str>> {
        vec![
            vec!["hello", "how", "you", "b", "d", "f"],
            vec!["world", "are", "a", "c", "e", "g"],
        ]
    }
}

/// 13.1 FAIL fitted: two shares, the chapter's two ranks, whatever the rank count
pub mod two_ranks {
    pub fn deal(words: &[&'static str], _ranks: usize) -> Vec<Vec<&'static str>> {
        (0..2)
            .map(|rank| words.iter().skip(rank).step_by(2).copied().collect())
            .collect()
    }
}

/// 13.1 FAIL wrong: empty shares dropped, so more ranks than words gives too few shares
pub mod no_empty_shares {
    pub fn deal(words: &[&'static str], ranks: usize) -> Vec<Vec<&'static str>> {
        (0..ranks)
            .map(|rank| {
                words
                    .iter()
                    .skip(rank)
                    .step_by(ranks)
                    .copied()
                    .collect::<Vec<_>>()
            })
            .filter(|share| !share.is_empty())
            .collect()
    }
}

/// 13.1 FAIL wrong: each share starts one position late
pub mod one_late {
    pub fn deal(words: &[&'static str], ranks: usize) -> Vec<Vec<&'static str>> {
        (0..ranks)
            .map(|rank| {
                words
                    .iter()
                    .skip(rank + 1)
                    .step_by(ranks)
                    .copied()
                    .collect()
            })
            .collect()
    }
}

/// 13.1 PASS structure: one pass over the words, word i pushed to rank i % ranks
pub mod push_by_position {
    pub fn deal(words: &[&'static str], ranks: usize) -> Vec<Vec<&'static str>> {
        let mut shares = vec![Vec::new(); ranks];
        for (i, word) in words.iter().enumerate() {
            shares[i % ranks].push(*word);
        }
        shares
    }
}

/// 13.1 PASS structure: rows of `ranks` words, read column by column
pub mod columns_of_rows {
    pub fn deal(words: &[&'static str], ranks: usize) -> Vec<Vec<&'static str>> {
        (0..ranks)
            .map(|rank| {
                words
                    .chunks(ranks)
                    .filter_map(|row| row.get(rank).copied())
                    .collect()
            })
            .collect()
    }
}

/// 13.2 FAIL wrong: the work queue's time (each free rank takes the next word)
pub mod queue_time {
    use super::*;

    pub fn deal_time(times: &[u32], ranks: usize) -> u32 {
        greedy_makespan(times, ranks)
    }
}

/// 13.2 FAIL wrong: the static blocks' time instead of the deal's
pub mod blocks_time {
    pub fn deal_time(times: &[u32], ranks: usize) -> u32 {
        let size = times.len().div_ceil(ranks).max(1);
        times
            .chunks(size)
            .map(|c| c.iter().sum())
            .max()
            .unwrap_or(0)
    }
}

/// 13.2 FAIL wrong: the total shared out evenly, rounded up
pub mod average {
    pub fn deal_time(times: &[u32], ranks: usize) -> u32 {
        times.iter().sum::<u32>().div_ceil(ranks as u32)
    }
}

/// 13.2 FAIL wrong: the rank with the least work instead of the most
pub mod least_loaded {
    pub fn deal_time(times: &[u32], ranks: usize) -> u32 {
        (0..ranks)
            .map(|rank| times.iter().skip(rank).step_by(ranks).sum())
            .min()
            .unwrap_or(0)
    }
}

/// 13.2 FAIL made-up: the tutorial's two numbers typed in
pub mod typed_in_time {
    pub fn deal_time(_times: &[u32], ranks: usize) -> u32 {
        if ranks == 2 { 14 } else { 9 }
    }
}

/// 13.2 FAIL panics: a slice from each rank's first position, past the end with more ranks
pub mod slice_past_the_end {
    pub fn deal_time(times: &[u32], ranks: usize) -> u32 {
        (0..ranks)
            .map(|rank| times[rank..].iter().step_by(ranks).sum())
            .max()
            .unwrap_or(0)
    }
}

/// 13.2 PASS structure: one pass, each time added to its rank's running sum
pub mod running_sums {
    pub fn deal_time(times: &[u32], ranks: usize) -> u32 {
        let mut sums = vec![0u32; ranks];
        for (i, time) in times.iter().enumerate() {
            sums[i % ranks] += time;
        }
        sums.into_iter().max().unwrap_or(0)
    }
}

/// 13.2 PASS structure: a deal of the times themselves, then the largest sum, as a fold
pub mod deal_then_sum {
    pub fn deal_time(times: &[u32], ranks: usize) -> u32 {
        let shares: Vec<Vec<u32>> = (0..ranks)
            .map(|rank| times.iter().copied().skip(rank).step_by(ranks).collect())
            .collect();
        shares
            .iter()
            .fold(0, |busiest, share| busiest.max(share.iter().sum()))
    }
}
