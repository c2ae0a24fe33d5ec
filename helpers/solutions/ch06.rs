//! Chapter 06's solutions, one module per exercise under its marker line (see
//! `helpers::check::sections`). `solution("06.k")` prints a module's body once the learner has
//! tried that exercise; `cargo test` compiles them and runs each against its check
//! (`helpers/tests/ch06_exercises.rs`).

/// 06.1 solution: the loop as an iterator chain, made parallel; `collect` keeps the input order
pub mod every_core {
    use helpers::*;
    use rayon::prelude::*;

    pub fn upper_every_core(words: &[&'static str]) -> Vec<String> {
        words.par_iter().map(|w| cpu_work(w)).collect()
    }
}

/// 06.2 solution: cut where the cost before the cut first reaches half of the total, join the parts
pub mod halves {
    use helpers::*;

    pub fn upper_all(jobs: &[(&'static str, u32)]) -> Vec<String> {
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
        // While this thread works on the left part, the idle thread takes the right one.
        let (mut results, right_results) = rayon::join(|| upper_all(left), || upper_all(right));
        results.extend(right_results);
        results
    }
}
