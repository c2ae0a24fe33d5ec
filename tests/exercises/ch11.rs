//! Answers that test chapter 11's checks: wrong ones (one per class of mistake that applies) that
//! must FAIL and right ones of other structures that must PASS. `cargo test` runs each against
//! its check; the kernel harness runs a sample in the notebook.

pub use helpers::*;

/// 11.1 FAIL made-up: the chapter's table typed in, whatever the job
pub mod table_typed_in {
    pub fn predict(style: &str, _times: &[u32], _workers: usize) -> u32 {
        match style {
            "sequential" => 26,
            "pool-chunked" => 14,
            "pool-ordered" | "pool-unordered" | "process-pool" => 13,
            _ => 5,
        }
    }
}

/// 11.1 FAIL wrong: the longest reply for every style, pools and one worker included
pub mod longest_everywhere {
    pub fn predict(_style: &str, times: &[u32], _workers: usize) -> u32 {
        times.iter().copied().max().unwrap_or(0)
    }
}

/// 11.1 FAIL wrong: a pool predicted as the total shared out evenly, rounded up
pub mod total_over_workers {
    use super::*;

    pub fn predict(style: &str, times: &[u32], workers: usize) -> u32 {
        let total: u32 = times.iter().sum();
        match style {
            "sequential" => total,
            "thread-per-task" | "scoped-threads" | "process-per-task" | "tokio-tasks" => {
                times.iter().copied().max().unwrap_or(0)
            }
            "pool-chunked" => {
                let workers = workers.min(times.len()).max(1);
                chunked_makespan(times, workers, python_default_chunk(times.len(), workers))
            }
            _ => total.div_ceil(workers as u32),
        }
    }
}

/// 11.1 FAIL wrong: Python's chunked pool predicted as a plain queue
pub mod chunks_ignored {
    use super::*;

    pub fn predict(style: &str, times: &[u32], workers: usize) -> u32 {
        match style {
            "sequential" => times.iter().sum(),
            "thread-per-task" | "scoped-threads" | "process-per-task" | "tokio-tasks" => {
                times.iter().copied().max().unwrap_or(0)
            }
            _ => greedy_makespan(times, workers),
        }
    }
}

/// 11.1 FAIL fitted: the style run on made-up words, its time read off the run
pub mod measured {
    use super::*;

    pub fn predict(style: &str, times: &[u32], workers: usize) -> u32 {
        let words: Vec<String> = times.iter().map(|&t| "x".repeat(t as usize)).collect();
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let run = find_style(style).unwrap().run(&words, workers).unwrap();
        (run.wall.as_secs_f64() / run.unit.as_secs_f64()).round() as u32
    }
}

/// 11.1 FAIL panics: a panic for the styles left out (tokio's and the processes')
pub mod styles_left_out {
    use super::*;

    pub fn predict(style: &str, times: &[u32], workers: usize) -> u32 {
        let workers = workers.min(times.len()).max(1);
        match style {
            "sequential" => times.iter().sum(),
            "thread-per-task" | "scoped-threads" => times.iter().copied().max().unwrap_or(0),
            "pool-ordered" | "pool-unordered" => greedy_makespan(times, workers),
            "pool-chunked" => {
                chunked_makespan(times, workers, python_default_chunk(times.len(), workers))
            }
            other => panic!("no model for {other}"),
        }
    }
}

/// 11.1 PASS structure: Dispatch's own makespan, the style's shape as a Dispatch
pub mod by_dispatch {
    use super::*;

    pub fn predict(style: &str, times: &[u32], workers: usize) -> u32 {
        let pool = workers.min(times.len()).max(1);
        let dispatch = match style {
            "sequential" => Dispatch::Greedy { workers: 1 },
            "pool-ordered" | "pool-unordered" | "process-pool" => {
                Dispatch::Greedy { workers: pool }
            }
            "pool-chunked" => Dispatch::Chunked {
                workers: pool,
                chunk: python_default_chunk(times.len(), pool),
            },
            _ => Dispatch::Greedy {
                workers: times.len().max(1),
            },
        };
        dispatch.makespan(times).unwrap_or(0)
    }
}

/// 11.1 PASS structure: the queue played out by hand, each free worker taking the next task
pub mod by_hand {
    /// When `workers` workers that each take the next task (a reply, or a chunk) are done.
    fn queue(tasks: &[u32], workers: usize) -> u32 {
        let mut free_at = vec![0u32; workers.max(1)];
        for &task in tasks {
            let first_free = free_at.iter_mut().min().expect("a worker");
            *first_free += task;
        }
        free_at.into_iter().max().unwrap_or(0)
    }

    pub fn predict(style: &str, times: &[u32], workers: usize) -> u32 {
        let workers = workers.min(times.len()).max(1);
        match style {
            "sequential" => queue(times, 1),
            "pool-ordered" | "pool-unordered" | "process-pool" => queue(times, workers),
            "pool-chunked" => {
                let chunk = times.len().div_ceil(4 * workers).max(1);
                let chunks: Vec<u32> = times.chunks(chunk).map(|c| c.iter().sum()).collect();
                queue(&chunks, workers)
            }
            _ => queue(times, times.len()),
        }
    }
}

/// 11.2 FAIL made-up: the chapter's old answer typed in, whatever the job
pub mod old_answer {
    pub fn limited(_times: &[u32], _limit: usize) -> (&'static str, usize, u32) {
        ("pool-ordered", 5, 6)
    }
}

/// 11.2 FAIL wrong: a thread per reply, which ignores the worker count
pub mod thread_per_reply {
    pub fn limited(times: &[u32], limit: usize) -> (&'static str, usize, u32) {
        (
            "scoped-threads",
            limit,
            times.iter().copied().max().unwrap_or(0),
        )
    }
}

/// 11.2 FAIL wrong: a pool one worker larger than the limit
pub mod one_worker_too_many {
    use super::*;

    pub fn limited(times: &[u32], limit: usize) -> (&'static str, usize, u32) {
        ("pool-ordered", limit + 1, greedy_makespan(times, limit + 1))
    }
}

/// 11.2 FAIL wrong: a pool one worker smaller than the limit
pub mod one_worker_too_few {
    use super::*;

    pub fn limited(times: &[u32], limit: usize) -> (&'static str, usize, u32) {
        let workers = (limit - 1).max(1);
        ("pool-ordered", workers, greedy_makespan(times, workers))
    }
}

/// 11.2 FAIL wrong: Python's chunked pool of the limit, predicted as a queue
pub mod chunked_pool {
    use super::*;

    pub fn limited(times: &[u32], limit: usize) -> (&'static str, usize, u32) {
        ("pool-chunked", limit, greedy_makespan(times, limit))
    }
}

/// 11.2 FAIL wrong: the right pool, predicted as the total shared out evenly
pub mod average_prediction {
    pub fn limited(times: &[u32], limit: usize) -> (&'static str, usize, u32) {
        let total: u32 = times.iter().sum();
        ("pool-ordered", limit, total.div_ceil(limit as u32))
    }
}

/// 11.2 FAIL wrong: a pool of worker processes, which only adds start-up to waiting
pub mod process_pool {
    use super::*;

    pub fn limited(times: &[u32], limit: usize) -> (&'static str, usize, u32) {
        ("process-pool", limit, greedy_makespan(times, limit))
    }
}

/// 11.2 FAIL wrong: a rayon pool of the limit, which splits the list in halves
pub mod rayon_pool {
    use super::*;

    pub fn limited(times: &[u32], limit: usize) -> (&'static str, usize, u32) {
        ("rayon-pool", limit, greedy_makespan(times, limit))
    }
}

/// 11.2 FAIL panics: a style looked up by a name the list does not have, unwrapped
pub mod name_guessed {
    use super::*;

    pub fn limited(times: &[u32], limit: usize) -> (&'static str, usize, u32) {
        let style = find_style("thread-pool").unwrap();
        (style.name, limit, greedy_makespan(times, limit))
    }
}

/// 11.2 PASS structure: the unordered pool, the queue played out with sorted finishing times
pub mod unordered_by_hand {
    pub fn limited(times: &[u32], limit: usize) -> (&'static str, usize, u32) {
        let workers = limit.min(times.len()).max(1);
        let mut free_at = vec![0u32; workers];
        for &time in times {
            free_at.sort_unstable();
            free_at[0] += time;
        }
        (
            "pool-unordered",
            workers,
            free_at.into_iter().max().unwrap_or(0),
        )
    }
}

/// 11.2 PASS structure: the worker count as the limit itself, predicted through Dispatch
pub mod through_dispatch {
    use super::*;

    pub fn limited(times: &[u32], limit: usize) -> (&'static str, usize, u32) {
        let units = Dispatch::Greedy { workers: limit }
            .makespan(times)
            .unwrap_or(0);
        (" pool-ordered ", limit, units)
    }
}
