//! Chapter 07's answers that test its checks: one module per answer under its marker line,
//! `/// ID PASS|FAIL CLASS: why` (see `helpers::check::sections` and README.md). Each module
//! holds what a learner would type in the starter's cell. `cargo test -p helpers --test
//! ch07_exercises` runs every one against its check; tests/exercises/run_answers.py runs them
//! in the real kernel.

/// 07.1 PASS structure: a heap of free times
pub mod chunked_heap {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;

    pub fn chunked_units(costs: &[u32], workers: usize, chunk: usize) -> u32 {
        let mut free: BinaryHeap<Reverse<u32>> = (0..workers).map(|_| Reverse(0)).collect();
        for piece in costs.chunks(chunk) {
            let Reverse(at) = free.pop().unwrap();
            free.push(Reverse(at + piece.iter().sum::<u32>()));
        }
        free.into_iter().map(|Reverse(at)| at).max().unwrap_or(0)
    }
}

/// 07.1 PASS structure: a list of free times sorted before each chunk
pub mod chunked_sorted {
    pub fn chunked_units(costs: &[u32], workers: usize, chunk: usize) -> u32 {
        let mut free = vec![0u32; workers];
        for piece in costs.chunks(chunk) {
            free.sort_unstable();
            free[0] += piece.iter().sum::<u32>();
        }
        free.into_iter().max().unwrap_or(0)
    }
}

/// 07.1 PASS structure: the chunk sums first, then a fold over them
pub mod chunked_fold {
    pub fn chunked_units(costs: &[u32], workers: usize, chunk: usize) -> u32 {
        let sums: Vec<u32> = costs.chunks(chunk).map(|c| c.iter().sum()).collect();
        let ends = sums.iter().fold(vec![0; workers], |mut ends, &sum| {
            let first = (0..ends.len()).min_by_key(|&i| ends[i]).unwrap();
            ends[first] += sum;
            ends
        });
        ends.into_iter().max().unwrap_or(0)
    }
}

/// 07.1 FAIL made-up: the tutorial's 10 typed in
pub mod chunked_typed_in {
    pub fn chunked_units(_costs: &[u32], _workers: usize, _chunk: usize) -> u32 {
        10
    }
}

/// 07.1 FAIL skipped: one task at a time, the chunks ignored
pub mod chunked_one_at_a_time {
    use helpers::*;

    pub fn chunked_units(costs: &[u32], workers: usize, _chunk: usize) -> u32 {
        greedy_makespan(costs, workers)
    }
}

/// 07.1 FAIL wrong: the chunks dealt to the workers in turn
pub mod chunked_in_turn {
    pub fn chunked_units(costs: &[u32], workers: usize, chunk: usize) -> u32 {
        let mut busy = vec![0; workers];
        for (i, piece) in costs.chunks(chunk).enumerate() {
            busy[i % workers] += piece.iter().sum::<u32>();
        }
        busy.into_iter().max().unwrap_or(0)
    }
}

/// 07.1 FAIL wrong: equal shares of the tasks by count, one share per worker
pub mod chunked_equal_shares {
    pub fn chunked_units(costs: &[u32], workers: usize, _chunk: usize) -> u32 {
        costs
            .chunks(costs.len().div_ceil(workers))
            .map(|share| share.iter().sum::<u32>())
            .max()
            .unwrap_or(0)
    }
}

/// 07.1 FAIL subset: chunks_exact, so a short last chunk is lost
pub mod chunked_exact_only {
    pub fn chunked_units(costs: &[u32], workers: usize, chunk: usize) -> u32 {
        let mut free_at = vec![0; workers];
        for piece in costs.chunks_exact(chunk) {
            let first = (0..workers).min_by_key(|&w| free_at[w]).unwrap();
            free_at[first] += piece.iter().sum::<u32>();
        }
        free_at.into_iter().max().unwrap_or(0)
    }
}

/// 07.1 FAIL wrong: the total divided by the workers
pub mod chunked_average {
    pub fn chunked_units(costs: &[u32], workers: usize, _chunk: usize) -> u32 {
        costs.iter().sum::<u32>().div_ceil(workers as u32)
    }
}

/// 07.1 FAIL wrong: the largest chunk alone
pub mod chunked_largest {
    pub fn chunked_units(costs: &[u32], _workers: usize, chunk: usize) -> u32 {
        costs
            .chunks(chunk)
            .map(|c| c.iter().sum())
            .max()
            .unwrap_or(0)
    }
}

/// 07.1 FAIL panics: a worker per chunk indexed past the workers
pub mod chunked_panics {
    pub fn chunked_units(costs: &[u32], workers: usize, chunk: usize) -> u32 {
        let mut busy = vec![0; workers];
        for (i, piece) in costs.chunks(chunk).enumerate() {
            busy[i] += piece.iter().sum::<u32>();
        }
        busy.into_iter().max().unwrap_or(0)
    }
}

/// 07.2 PASS structure: a std mpsc queue behind a Mutex, the lock let go before the work
pub mod imap_mutex_queue {
    use helpers::*;
    use std::sync::{Arc, Mutex, mpsc};
    use std::thread;

    pub fn imap_unordered(
        workers: usize,
        tokens: Vec<&'static str>,
    ) -> crossbeam::channel::Receiver<String> {
        let (jobs, queue) = mpsc::channel();
        let queue = Arc::new(Mutex::new(queue));
        let (done, results) = crossbeam::channel::unbounded();
        for token in tokens {
            jobs.send(token).unwrap();
        }
        for _ in 0..workers {
            let (queue, done) = (Arc::clone(&queue), done.clone());
            thread::spawn(move || {
                loop {
                    let next = queue.lock().unwrap().recv(); // the guard ends with this line
                    let Ok(token) = next else { break };
                    done.send(work(token)).unwrap();
                }
            });
        }
        results
    }
}

/// 07.2 PASS structure: an atomic counter over a shared list of words
pub mod imap_atomic_counter {
    use helpers::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::thread;

    pub fn imap_unordered(
        workers: usize,
        tokens: Vec<&'static str>,
    ) -> crossbeam::channel::Receiver<String> {
        let tokens = Arc::new(tokens);
        let next = Arc::new(AtomicUsize::new(0));
        let (done, results) = crossbeam::channel::unbounded();
        for _ in 0..workers {
            let (tokens, next, done) = (Arc::clone(&tokens), Arc::clone(&next), done.clone());
            thread::spawn(move || {
                while let Some(&token) = tokens.get(next.fetch_add(1, Ordering::Relaxed)) {
                    done.send(work(token)).unwrap();
                }
            });
        }
        results
    }
}

/// 07.2 FAIL made-up: the workers send the words uppercased, work never called
pub mod imap_made_up {
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
                    done.send(token.to_uppercase()).unwrap();
                }
            });
        }
        results
    }
}

/// 07.2 FAIL wrong: a thread per word, the worker count ignored
pub mod imap_thread_per_word {
    use helpers::*;
    use std::thread;

    pub fn imap_unordered(
        _workers: usize,
        tokens: Vec<&'static str>,
    ) -> crossbeam::channel::Receiver<String> {
        let (done, results) = crossbeam::channel::unbounded();
        for token in tokens {
            let done = done.clone();
            thread::spawn(move || done.send(work(token)).unwrap());
        }
        results
    }
}

/// 07.2 FAIL fitted: two workers typed in, one per core on a two-core laptop
pub mod imap_two_typed_in {
    use helpers::*;
    use std::thread;

    pub fn imap_unordered(
        _workers: usize,
        tokens: Vec<&'static str>,
    ) -> crossbeam::channel::Receiver<String> {
        let (jobs, queue) = crossbeam::channel::unbounded();
        let (done, results) = crossbeam::channel::unbounded();
        for token in tokens {
            jobs.send(token).unwrap();
        }
        for _ in 0..2 {
            let (queue, done) = (queue.clone(), done.clone());
            thread::spawn(move || {
                for token in queue {
                    done.send(work(token)).unwrap();
                }
            });
        }
        results
    }
}

/// 07.2 FAIL wrong: the workers joined before the receiver is returned: every result waits
pub mod imap_joined_first {
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
        drop(jobs);
        thread::scope(|s| {
            for _ in 0..workers {
                let (queue, done) = (queue.clone(), done.clone());
                s.spawn(move || {
                    for token in queue {
                        done.send(work(token)).unwrap();
                    }
                });
            }
        });
        results
    }
}

/// 07.2 FAIL sorted: the results put back in input order before they are handed on
pub mod imap_input_order {
    use helpers::*;
    use std::thread;

    pub fn imap_unordered(
        workers: usize,
        tokens: Vec<&'static str>,
    ) -> crossbeam::channel::Receiver<String> {
        let (jobs, queue) = crossbeam::channel::unbounded();
        let (done, finished) = crossbeam::channel::unbounded();
        for job in tokens.iter().copied().enumerate() {
            jobs.send(job).unwrap();
        }
        for _ in 0..workers {
            let (queue, done) = (queue.clone(), done.clone());
            thread::spawn(move || {
                for (i, token) in queue {
                    done.send((i, work(token))).unwrap();
                }
            });
        }
        drop(done);
        let (out, results) = crossbeam::channel::unbounded();
        let count = tokens.len();
        thread::spawn(move || {
            let mut ordered = vec![String::new(); count];
            for (i, result) in finished {
                ordered[i] = result;
            }
            for result in ordered {
                out.send(result).unwrap();
            }
        });
        results
    }
}

/// 07.2 FAIL wrong: the Rust Book's worker loop, whose lock is held across the work
pub mod imap_lock_across_work {
    use helpers::*;
    use std::sync::{Arc, Mutex, mpsc};
    use std::thread;

    pub fn imap_unordered(
        workers: usize,
        tokens: Vec<&'static str>,
    ) -> crossbeam::channel::Receiver<String> {
        let (jobs, queue) = mpsc::channel();
        let queue = Arc::new(Mutex::new(queue));
        let (done, results) = crossbeam::channel::unbounded();
        for token in tokens {
            jobs.send(token).unwrap();
        }
        for _ in 0..workers {
            let (queue, done) = (Arc::clone(&queue), done.clone());
            thread::spawn(move || {
                while let Ok(token) = queue.lock().unwrap().recv() {
                    done.send(work(token)).unwrap();
                }
            });
        }
        results
    }
}

/// 07.2 FAIL fitted: the words dealt out to the workers in advance, in turn
pub mod imap_dealt_out {
    use helpers::*;
    use std::thread;

    pub fn imap_unordered(
        workers: usize,
        tokens: Vec<&'static str>,
    ) -> crossbeam::channel::Receiver<String> {
        let (done, results) = crossbeam::channel::unbounded();
        for w in 0..workers {
            let mine: Vec<&'static str> = tokens.iter().copied().skip(w).step_by(workers).collect();
            let done = done.clone();
            thread::spawn(move || {
                for token in mine {
                    done.send(work(token)).unwrap();
                }
            });
        }
        results
    }
}

/// 07.2 FAIL skipped: the ready-made WorkerPool forwarded instead of a pool of one's own
pub mod imap_forwarded_pool {
    use helpers::*;
    use std::thread;

    pub fn imap_unordered(
        workers: usize,
        tokens: Vec<&'static str>,
    ) -> crossbeam::channel::Receiver<String> {
        let (done, results) = crossbeam::channel::unbounded();
        thread::spawn(move || {
            let pool = WorkerPool::new(workers);
            for result in pool.imap_unordered(work, tokens) {
                done.send(result).unwrap();
            }
        });
        results
    }
}

/// 07.2 FAIL wrong: every worker keeps a job sender, so the queue, and the results, never close
pub mod imap_sender_kept {
    use helpers::*;
    use std::thread;

    pub fn imap_unordered(
        workers: usize,
        tokens: Vec<&'static str>,
    ) -> crossbeam::channel::Receiver<String> {
        let (jobs, queue) = crossbeam::channel::unbounded::<&'static str>();
        let (done, results) = crossbeam::channel::unbounded();
        for token in tokens {
            jobs.send(token).unwrap();
        }
        for _ in 0..workers {
            // A worker that could put a job back holds a job sender: the queue never closes.
            let (jobs, queue, done) = (jobs.clone(), queue.clone(), done.clone());
            thread::spawn(move || {
                for token in queue.iter() {
                    let _could_requeue = &jobs;
                    done.send(work(token)).unwrap();
                }
            });
        }
        results
    }
}

/// 07.2 FAIL panics: the receiver taken from an empty list of channels
pub mod imap_panics {
    pub fn imap_unordered(
        _workers: usize,
        _tokens: Vec<&'static str>,
    ) -> crossbeam::channel::Receiver<String> {
        let channels: Vec<(
            crossbeam::channel::Sender<String>,
            crossbeam::channel::Receiver<String>,
        )> = Vec::new();
        channels[0].1.clone()
    }
}
