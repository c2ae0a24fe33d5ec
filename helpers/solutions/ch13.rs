//! Worked answers to chapter 13's exercises (Beyond one machine). `solution("13.1")` shows one
//! once the progress file records an attempt at it; `cargo test` compiles them and runs each
//! against its check.

/// 13.1 solution: rank r walks the positions r, r + ranks, ... and takes the word at each
pub mod step_by_ranks {
    // Deal by position, not by text: a word can appear twice. An empty list, or more ranks than
    // words, simply leaves some shares empty; nothing is subtracted, so nothing can underflow.
    pub fn deal(words: &[&'static str], ranks: usize) -> Vec<Vec<&'static str>> {
        (0..ranks)
            .map(|rank| {
                (rank..words.len())
                    .step_by(ranks)
                    .map(|i| words[i])
                    .collect()
            })
            .collect()
    }
}

/// 13.2 solution: the largest of the ranks' sums, each rank's words one after another
pub mod busiest_rank {
    // Each rank works its own words in a row, and nobody helps: the deal ends with the busiest
    // rank. For the tutorial's list that is 14 units over 2 ranks and 9 over 4. Dealing beats
    // the blocks (20 and 13) because the list is sorted longest first: blocks give rank 0 all the
    // long words, dealing spreads them. The queue beats dealing (13 and 7) because it adapts: a
    // rank that finishes early takes the next word, while a deal is fixed before anything runs.
    pub fn deal_time(times: &[u32], ranks: usize) -> u32 {
        (0..ranks)
            .map(|rank| times.iter().skip(rank).step_by(ranks).sum())
            .max()
            .unwrap_or(0)
    }
}
