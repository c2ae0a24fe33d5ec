//! Chapter 06's solutions, one function per exercise, as a learner would type them in the
//! notebook (which has `use helpers::*;` and `use rayon::prelude::*;`).

use helpers::*;
use rayon::prelude::*;

/// 06.1: the loop as an iterator chain, made parallel; `collect` keeps the input order.
pub fn upper_every_core(words: &[&str]) -> Vec<String> {
    words.par_iter().map(|w| cpu_work(w)).collect()
}

/// 06.2: cut where the cost before the cut first reaches half of the total, join the two parts.
pub fn upper_all(jobs: &[(&str, u32)]) -> Vec<String> {
    if jobs.len() <= 1 {
        return jobs.iter().map(|&(word, _)| cpu_work(word)).collect();
    }
    let total: u32 = jobs.iter().map(|&(_, cost)| cost).sum();
    let (mut before, mut cut) = (0, 0);
    while cut < jobs.len() - 1 && 2 * before < total {
        before += jobs[cut].1;
        cut += 1;
    }
    let (left, right) = jobs.split_at(cut.max(1));
    let (mut results, right_results) = rayon::join(|| upper_all(left), || upper_all(right));
    results.extend(right_results);
    results
}
