//! Chapter 07's answers for the tests of its checks: wrong ones (each must FAIL, for the reason
//! named) and right ones of other structures than the solution (each must PASS).

use helpers::*;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;

use crossbeam::channel::{Receiver, unbounded};

/// An answer to 07.1: what it is, `Some(fragment of the FAIL)` or `None` for PASS, the function.
pub type Chunked = (&'static str, Option<&'static str>, fn(&[u32], usize, usize) -> u32);

/// 07.1's answers.
pub const CHUNKED: [Chunked; 10] = [
    ("typed in: the tutorial's 10", Some("your function says"), |_, _, _| 10),
    ("one task at a time: the chunks ignored", Some("your function says"), one_at_a_time),
    ("chunks dealt to the workers in turn", Some("your function says"), in_turn),
    ("equal shares of the tasks by count", Some("your function says"), equal_shares),
    ("chunks_exact: the short last chunk lost", Some("too low"), exact_chunks_only),
    ("the total divided by the workers", Some("too low"), total_over_workers),
    ("the largest chunk", Some("too low"), largest_chunk),
    ("right: a heap of free times", None, heap),
    ("right: a sorted list of free times", None, sorted_free_times),
    ("right: chunk sums first, then a fold", None, fold_of_sums),
];

fn one_at_a_time(costs: &[u32], workers: usize, _: usize) -> u32 {
    greedy_makespan(costs, workers)
}

fn in_turn(costs: &[u32], workers: usize, chunk: usize) -> u32 {
    let mut busy = vec![0; workers];
    for (i, piece) in costs.chunks(chunk).enumerate() {
        busy[i % workers] += piece.iter().sum::<u32>();
    }
    busy.into_iter().max().unwrap_or(0)
}

fn equal_shares(costs: &[u32], workers: usize, _: usize) -> u32 {
    costs
        .chunks(costs.len().div_ceil(workers))
        .map(|share| share.iter().sum::<u32>())
        .max()
        .unwrap_or(0)
}

fn exact_chunks_only(costs: &[u32], workers: usize, chunk: usize) -> u32 {
    let mut free_at = vec![0; workers];
    for piece in costs.chunks_exact(chunk) {
        let first = (0..workers).min_by_key(|&w| free_at[w]).unwrap();
        free_at[first] += piece.iter().sum::<u32>();
    }
    free_at.into_iter().max().unwrap_or(0)
}

fn total_over_workers(costs: &[u32], workers: usize, _: usize) -> u32 {
    costs.iter().sum::<u32>().div_ceil(workers as u32)
}

fn largest_chunk(costs: &[u32], _: usize, chunk: usize) -> u32 {
    costs.chunks(chunk).map(|c| c.iter().sum()).max().unwrap_or(0)
}

fn heap(costs: &[u32], workers: usize, chunk: usize) -> u32 {
    let mut free: BinaryHeap<Reverse<u32>> = (0..workers).map(|_| Reverse(0)).collect();
    for piece in costs.chunks(chunk) {
        let Reverse(at) = free.pop().unwrap();
        free.push(Reverse(at + piece.iter().sum::<u32>()));
    }
    free.into_iter().map(|Reverse(at)| at).max().unwrap_or(0)
}

fn sorted_free_times(costs: &[u32], workers: usize, chunk: usize) -> u32 {
    let mut free = vec![0u32; workers];
    for piece in costs.chunks(chunk) {
        free.sort_unstable();
        free[0] += piece.iter().sum::<u32>();
    }
    *free.iter().max().unwrap()
}

fn fold_of_sums(costs: &[u32], workers: usize, chunk: usize) -> u32 {
    let sums: Vec<u32> = costs.chunks(chunk).map(|c| c.iter().sum()).collect();
    let ends = sums.iter().fold(vec![0; workers], |mut ends, &sum| {
        let i = ends.iter().enumerate().min_by_key(|&(_, e)| *e).unwrap().0;
        ends[i] += sum;
        ends
    });
    ends.into_iter().max().unwrap()
}

/// An answer to 07.2.
pub type Imap = (&'static str, Option<&'static str>, fn(usize, Vec<&'static str>) -> Receiver<String>);

/// 07.2's answers.
pub const IMAP: [Imap; 11] = [
    ("made up: the workers send uppercase words without work", Some("no call"), made_up),
    ("a thread per word: the worker count ignored", Some("too many"), thread_per_word),
    ("two workers typed in", Some("workers"), two_typed_in),
    ("workers joined before the receiver is returned", Some("waited for the slowest"), joined_first),
    ("results put back in input order", Some("was done first"), input_order),
    ("the Rust Book's lock held across the work (while let)", Some("took turns"), lock_across_work),
    ("words dealt out to the workers in advance", Some("sat idle"), dealt_out),
    ("the ready-made WorkerPool forwarded", Some("WorkerPool"), forwarded_pool),
    ("a job sender kept alive in every worker: the channel never closes", Some("stayed open"), sender_kept),
    ("right: a std mpsc queue behind a Mutex, the lock let go before the work", None, mutex_queue),
    ("right: an atomic counter over a shared list of words", None, atomic_counter),
];

fn pool_of(workers: usize, tokens: Vec<&'static str>, job: fn(&str) -> String) -> Receiver<String> {
    let (jobs, queue) = unbounded();
    let (done, results) = unbounded();
    for token in tokens {
        jobs.send(token).unwrap();
    }
    for _ in 0..workers {
        let (queue, done) = (queue.clone(), done.clone());
        thread::spawn(move || {
            for token in queue {
                done.send(job(token)).unwrap();
            }
        });
    }
    results
}

fn made_up(workers: usize, tokens: Vec<&'static str>) -> Receiver<String> {
    pool_of(workers, tokens, |t| t.to_uppercase())
}

fn thread_per_word(_: usize, tokens: Vec<&'static str>) -> Receiver<String> {
    let n = tokens.len();
    pool_of(n, tokens, work)
}

fn two_typed_in(_: usize, tokens: Vec<&'static str>) -> Receiver<String> {
    pool_of(2, tokens, work)
}

fn joined_first(workers: usize, tokens: Vec<&'static str>) -> Receiver<String> {
    let (jobs, queue) = unbounded();
    let (done, results) = unbounded();
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

fn input_order(workers: usize, tokens: Vec<&'static str>) -> Receiver<String> {
    let (jobs, queue) = unbounded();
    let (done, finished) = unbounded();
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
    let (out, results) = unbounded();
    let n = tokens.len();
    thread::spawn(move || {
        let mut ordered = vec![String::new(); n];
        for (i, result) in finished {
            ordered[i] = result;
        }
        for result in ordered {
            out.send(result).unwrap();
        }
    });
    results
}

fn lock_across_work(workers: usize, tokens: Vec<&'static str>) -> Receiver<String> {
    let (jobs, queue) = mpsc::channel();
    let queue = Arc::new(Mutex::new(queue));
    let (done, results) = unbounded();
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

fn dealt_out(workers: usize, tokens: Vec<&'static str>) -> Receiver<String> {
    let (done, results) = unbounded();
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

fn forwarded_pool(workers: usize, tokens: Vec<&'static str>) -> Receiver<String> {
    let (done, results) = unbounded();
    thread::spawn(move || {
        let pool = WorkerPool::new(workers);
        for result in pool.imap_unordered(work, tokens) {
            done.send(result).unwrap();
        }
    });
    results
}

fn sender_kept(workers: usize, tokens: Vec<&'static str>) -> Receiver<String> {
    let (jobs, queue) = unbounded::<&'static str>();
    let (done, results) = unbounded();
    for token in tokens {
        jobs.send(token).unwrap();
    }
    for _ in 0..workers {
        // Each worker could put a job back: it holds a job sender, so the queue never closes.
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

fn mutex_queue(workers: usize, tokens: Vec<&'static str>) -> Receiver<String> {
    let (jobs, queue) = mpsc::channel();
    let queue = Arc::new(Mutex::new(queue));
    let (done, results) = unbounded();
    for token in tokens {
        jobs.send(token).unwrap();
    }
    for _ in 0..workers {
        let (queue, done) = (Arc::clone(&queue), done.clone());
        thread::spawn(move || {
            loop {
                let next = queue.lock().unwrap().recv();
                let Ok(token) = next else { break };
                done.send(work(token)).unwrap();
            }
        });
    }
    results
}

fn atomic_counter(workers: usize, tokens: Vec<&'static str>) -> Receiver<String> {
    let tokens = Arc::new(tokens);
    let next = Arc::new(AtomicUsize::new(0));
    let (done, results) = unbounded();
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
