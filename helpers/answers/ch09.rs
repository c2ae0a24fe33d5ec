//! Chapter 09's answers for the tests of its checks: wrong ones (each must FAIL, for the reason
//! named) and right ones of other structures than the solution (each must PASS). Async answers
//! to 09.1 are listed by name in the test, since each `async fn` has a type of its own.

use helpers::*;
use std::sync::{Arc, Mutex};
use tokio::sync::Semaphore;

/// 09.1, wrong: the words typed in, shortest first; `work_async` never called.
pub async fn typed_in_by_length(words: Vec<&'static str>) -> Vec<String> {
    let mut sorted = words;
    sorted.sort_by_key(|w| w.len());
    sorted.iter().map(|w| w.to_uppercase()).collect()
}

/// 09.1, wrong: each word awaited in turn, one wait after another.
pub async fn awaited_in_turn(words: Vec<&'static str>) -> Vec<String> {
    let mut results = Vec::new();
    for w in words {
        results.push(work_async(w).await);
    }
    results
}

/// 09.1, wrong: handles awaited in input order.
pub async fn handles_in_order(words: Vec<&'static str>) -> Vec<String> {
    let handles: Vec<_> = words.into_iter().map(|w| tokio::spawn(work_async(w))).collect();
    let mut results = Vec::new();
    for handle in handles {
        results.push(handle.await.unwrap());
    }
    results
}

/// 09.1, wrong: handles popped from the end of the list.
pub async fn popped_from_the_end(words: Vec<&'static str>) -> Vec<String> {
    let mut handles: Vec<_> = words.into_iter().map(|w| tokio::spawn(work_async(w))).collect();
    let mut results = Vec::new();
    while let Some(handle) = handles.pop() {
        results.push(handle.await.unwrap());
    }
    results
}

/// 09.1, wrong: the JoinSet left before its last task.
pub async fn one_left_behind(words: Vec<&'static str>) -> Vec<String> {
    let mut set = tokio::task::JoinSet::new();
    for w in &words {
        set.spawn(work_async(w));
    }
    let mut results = Vec::new();
    for _ in 1..words.len() {
        results.push(set.join_next().await.unwrap().unwrap());
    }
    results
}

/// 09.1, wrong: the blocking `work` on spawn_blocking, results as they complete.
pub async fn blocking_threads(words: Vec<&'static str>) -> Vec<String> {
    let mut set = tokio::task::JoinSet::new();
    for w in words {
        set.spawn_blocking(move || work(w));
    }
    let mut results = Vec::new();
    while let Some(done) = set.join_next().await {
        results.push(done.unwrap());
    }
    results
}

/// 09.1, right: tokio's mpsc channel, each task sending its result when done.
pub async fn channel(words: Vec<&'static str>) -> Vec<String> {
    let (sender, mut receiver) = tokio::sync::mpsc::unbounded_channel();
    for w in words {
        let sender = sender.clone();
        tokio::spawn(async move { sender.send(work_async(w).await).unwrap() });
    }
    drop(sender);
    let mut results = Vec::new();
    while let Some(result) = receiver.recv().await {
        results.push(result);
    }
    results
}

/// 09.1, right: each task pushes into a shared list as it completes; every handle awaited after.
pub async fn shared_list(words: Vec<&'static str>) -> Vec<String> {
    let done = Arc::new(Mutex::new(Vec::new()));
    let handles: Vec<_> = words
        .into_iter()
        .map(|w| {
            let done = Arc::clone(&done);
            tokio::spawn(async move {
                let upper = work_async(w).await;
                done.lock().unwrap().push(upper);
            })
        })
        .collect();
    for handle in handles {
        handle.await.unwrap();
    }
    let results = done.lock().unwrap().clone();
    results
}

/// An answer to 09.2's prediction: what it is, `Some(fragment)` or `None`, the function.
pub type Prediction = (&'static str, Option<&'static str>, fn(&[u32], usize) -> u32);

/// Wrong predictions, each with the solution's `at_most` beside it.
pub const PREDICTIONS: [Prediction; 5] = [
    ("typed in: 7", Some("predict_units says"), |_, _| 7),
    ("groups of `limit`, each waiting for its slowest", Some("too high"), groups),
    ("the total divided by the limit", Some("too low"), |c, l| c.iter().sum::<u32>().div_ceil(l as u32)),
    ("the longest call", Some("too low"), |c, _| c.iter().copied().max().unwrap_or(0)),
    ("right: the tutorial's greedy_makespan", None, |c, l| greedy_makespan(c, l)),
];

fn groups(costs: &[u32], limit: usize) -> u32 {
    costs.chunks(limit).map(|g| g.iter().copied().max().unwrap_or(0)).sum()
}

/// An answer to 09.2's run.
pub type Limited = (&'static str, Option<&'static str>, fn(Vec<&'static str>, usize) -> Vec<String>);

/// 09.2's runs, each with the solution's prediction beside it.
pub const LIMITED: [Limited; 7] = [
    ("made up: the words uppercased, work never called", Some("no call"), made_up),
    ("the starter's shape: every call at once on spawn_blocking", Some("at once"), all_at_once),
    ("groups of `limit`, each waiting for its slowest", Some("sat idle"), in_groups),
    ("a semaphore, but the blocking call inside the task: one at a time", Some("sat idle"), blocking_in_task),
    ("right: a blocking pool of `limit` threads", None, blocking_pool),
    ("right: permits taken in the loop and moved into the blocking call", None, permits_in_loop),
    ("right: `limit` plain threads taking the next word from a counter", None, plain_threads),
];

fn runtime(limit: usize) -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .max_blocking_threads(limit)
        .build()
        .unwrap()
}

fn made_up(words: Vec<&'static str>, _: usize) -> Vec<String> {
    words.iter().map(|w| w.to_uppercase()).collect()
}

fn all_at_once(words: Vec<&'static str>, _: usize) -> Vec<String> {
    runtime(512).block_on(async {
        let handles: Vec<_> = words
            .into_iter()
            .map(|w| tokio::task::spawn_blocking(move || work(w)))
            .collect();
        let mut results = Vec::new();
        for handle in handles {
            results.push(handle.await.unwrap());
        }
        results
    })
}

fn in_groups(words: Vec<&'static str>, limit: usize) -> Vec<String> {
    runtime(512).block_on(async {
        let mut results = Vec::new();
        for group in words.chunks(limit) {
            let handles: Vec<_> = group
                .iter()
                .map(|&w| tokio::task::spawn_blocking(move || work(w)))
                .collect();
            for handle in handles {
                results.push(handle.await.unwrap());
            }
        }
        results
    })
}

fn blocking_in_task(words: Vec<&'static str>, limit: usize) -> Vec<String> {
    runtime(512).block_on(async {
        let permits = Arc::new(Semaphore::new(limit));
        let handles: Vec<_> = words
            .into_iter()
            .map(|w| {
                let permits = Arc::clone(&permits);
                tokio::spawn(async move {
                    let _permit = permits.acquire_owned().await.unwrap();
                    work(w)
                })
            })
            .collect();
        let mut results = Vec::new();
        for handle in handles {
            results.push(handle.await.unwrap());
        }
        results
    })
}

fn blocking_pool(words: Vec<&'static str>, limit: usize) -> Vec<String> {
    runtime(limit).block_on(async {
        let handles: Vec<_> = words
            .into_iter()
            .map(|w| tokio::task::spawn_blocking(move || work(w)))
            .collect();
        let mut results = Vec::new();
        for handle in handles {
            results.push(handle.await.unwrap());
        }
        results
    })
}

fn permits_in_loop(words: Vec<&'static str>, limit: usize) -> Vec<String> {
    runtime(512).block_on(async {
        let permits = Arc::new(Semaphore::new(limit));
        let mut handles = Vec::new();
        for w in words {
            let permit = Arc::clone(&permits).acquire_owned().await.unwrap();
            handles.push(tokio::task::spawn_blocking(move || {
                let result = work(w);
                drop(permit);
                result
            }));
        }
        let mut results = Vec::new();
        for handle in handles {
            results.push(handle.await.unwrap());
        }
        results
    })
}

fn plain_threads(words: Vec<&'static str>, limit: usize) -> Vec<String> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<String>> = words.iter().map(|_| Mutex::new(String::new())).collect();
    std::thread::scope(|s| {
        for _ in 0..limit {
            s.spawn(|| {
                while let Some(&w) = words.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let i = words.iter().position(|x| *x == w).unwrap();
                    *slots[i].lock().unwrap() = work(w);
                }
            });
        }
    });
    slots.into_iter().map(|s| s.into_inner().unwrap()).collect()
}
