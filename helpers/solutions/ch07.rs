//! Chapter 07's solutions, one module per exercise under its marker line (see
//! `helpers::check::sections`). `solution("07.k")` prints a module's body once the learner has
//! tried that exercise; `cargo test` compiles them and runs each against its check
//! (`helpers/tests/ch07_exercises.rs`).

/// 07.1 solution: each chunk, whole and in order, goes to the worker that is free first
pub mod chunked {
    pub fn chunked_units(costs: &[u32], workers: usize, chunk: usize) -> u32 {
        let mut free_at = vec![0; workers];
        for piece in costs.chunks(chunk) {
            let first_free = (0..workers).min_by_key(|&w| free_at[w]).unwrap();
            free_at[first_free] += piece.iter().sum::<u32>();
        }
        free_at.into_iter().max().unwrap_or(0)
    }
}

/// 07.2 solution: a job channel, a results channel, `workers` threads that outlive the function
pub mod imap {
    use helpers::*;
    use std::thread;

    pub fn imap_unordered(
        workers: usize,
        tokens: Vec<&'static str>,
    ) -> crossbeam::channel::Receiver<String> {
        let (jobs, queue) = crossbeam::channel::unbounded();
        let (done, results) = crossbeam::channel::unbounded();
        for token in tokens {
            jobs.send(token).unwrap();
        }
        for _ in 0..workers {
            let (queue, done) = (queue.clone(), done.clone());
            thread::spawn(move || {
                for token in queue {
                    done.send(work(token)).unwrap();
                }
            });
        }
        results // `jobs` and `done` are dropped here: the workers hold the only senders left
    }
}
