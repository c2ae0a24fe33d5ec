//! Chapter 05's solutions, one module per exercise under its marker line (see
//! `helpers::check::sections`). `solution("05.k")` prints a module's body once the learner has
//! tried that exercise; `cargo test` compiles them and runs each against its check
//! (`helpers/tests/ch05_exercises.rs`).

/// 05.1 solution: the first pool size that reaches the longest task; a pool of that size
pub mod fewest_processes {
    use helpers::*;

    pub fn workers_needed(units: &[usize]) -> usize {
        let longest = units.iter().copied().max().unwrap_or(0);
        // One worker per task always reaches the longest task, so the search ends by then.
        (1..=units.len())
            .find(|&workers| greedy_makespan(units, workers) == longest)
            .unwrap_or(0)
    }

    pub fn on_processes(tokens: &[&'static str], workers: usize) -> Vec<Result<String, TaskError>> {
        let mut pool = ProcessPool::start(workers).expect("the worker processes start");
        pool.map(tokens)
    }
}

/// 05.2 solution: each Err replaced by one run on a fresh worker process
pub mod retry_lost {
    use helpers::*;

    pub fn retry_lost(
        crashy: &mut ProcessPool,
        tokens: &[&'static str],
    ) -> Vec<Result<String, TaskError>> {
        crashy
            .map(tokens)
            .into_iter()
            .zip(tokens)
            // A word that worked keeps its result; a lost one gets one more try, and its outcome.
            .map(|(outcome, token)| outcome.or_else(|_| run_in_process(token)))
            .collect()
    }
}
