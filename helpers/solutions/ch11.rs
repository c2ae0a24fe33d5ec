//! Worked answers to chapter 11's exercises (Summary). `solution("11.1")` shows one once the
//! progress file records an attempt at it; `cargo test` compiles them and runs each against its
//! check.

pub use helpers::*;

/// 11.1 solution: each style's model: one worker, a worker per reply, a pool, a pool with chunks
pub mod by_model {
    use super::*;

    // What decides the time is how many replies wait at once, not the library that waits:
    // one worker does them in a row, a worker per reply takes as long as the longest, and a
    // pool of N takes as long as its busiest worker (each free worker takes the next reply).
    // Python's chunks hand out several replies at once. A pool never has more workers than
    // replies.
    pub fn predict(style: &str, times: &[u32], workers: usize) -> u32 {
        let workers = workers.min(times.len()).max(1);
        match style {
            "sequential" => times.iter().sum(),
            "thread-per-task" | "scoped-threads" | "process-per-task" | "tokio-tasks" => {
                times.iter().copied().max().unwrap_or(0)
            }
            "pool-chunked" => {
                chunked_makespan(times, workers, python_default_chunk(times.len(), workers))
            }
            _ => greedy_makespan(times, workers),
        }
    }
}

/// 11.2 solution: a pool with one worker per allowed connection, predicted as a queue
pub mod pool_of_the_limit {
    use super::*;

    // A pool whose size we set, as large as the server allows: each free worker takes the next
    // reply, so no connection sits unused while replies wait. A style with a worker per reply
    // would open too many; chunks would leave connections unused; processes only add start-up.
    pub fn limited(times: &[u32], limit: usize) -> (&'static str, usize, u32) {
        let workers = limit.min(times.len()).max(1);
        ("pool-ordered", workers, greedy_makespan(times, workers))
    }
}
