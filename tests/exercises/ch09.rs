//! Chapter 09's answers that test its checks: one module per answer under its marker line,
//! `/// ID PASS|FAIL CLASS: why` (see `helpers::check::sections` and README.md). Each module
//! holds what a learner would type in the starter's cell. `cargo test -p helpers --test
//! ch09_exercises` runs every one against its check; tests/exercises/run_answers.py runs them
//! in the real kernel.

/// 09.1 PASS structure: tokio's mpsc channel, each task sending its result when done
pub mod completed_channel {
    use helpers::*;

    pub async fn as_completed(words: Vec<&'static str>) -> Vec<String> {
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
}

/// 09.1 PASS structure: each task pushes into a shared list as it completes; handles awaited after
pub mod completed_shared_list {
    use helpers::*;
    use std::sync::{Arc, Mutex};

    pub async fn as_completed(words: Vec<&'static str>) -> Vec<String> {
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
        Arc::try_unwrap(done).unwrap().into_inner().unwrap()
    }
}

/// 09.1 FAIL made-up: the words typed in, shortest first, work_async never called
pub mod completed_typed_in {
    pub async fn as_completed(words: Vec<&'static str>) -> Vec<String> {
        let mut sorted = words;
        sorted.sort_by_key(|w| w.len());
        sorted.iter().map(|w| w.to_uppercase()).collect()
    }
}

/// 09.1 FAIL sorted: every task waited at once, then the results sorted shortest first
pub mod completed_sorted_by_length {
    use helpers::*;

    pub async fn as_completed(words: Vec<&'static str>) -> Vec<String> {
        let handles: Vec<_> = words
            .into_iter()
            .map(|w| tokio::spawn(work_async(w)))
            .collect();
        let mut results = Vec::new();
        for handle in handles {
            results.push(handle.await.unwrap());
        }
        results.sort_by_key(|r| r.len());
        results
    }
}

/// 09.1 FAIL wrong: each word awaited in turn, one wait after another
pub mod completed_in_turn {
    use helpers::*;

    pub async fn as_completed(words: Vec<&'static str>) -> Vec<String> {
        let mut results = Vec::new();
        for w in words {
            results.push(work_async(w).await);
        }
        results
    }
}

/// 09.1 FAIL wrong: the handles awaited in input order
pub mod completed_input_order {
    use helpers::*;

    pub async fn as_completed(words: Vec<&'static str>) -> Vec<String> {
        let handles: Vec<_> = words
            .into_iter()
            .map(|w| tokio::spawn(work_async(w)))
            .collect();
        let mut results = Vec::new();
        for handle in handles {
            results.push(handle.await.unwrap());
        }
        results
    }
}

/// 09.1 FAIL fitted: the handles popped from the end of the list, as if the last started ends first
pub mod completed_popped {
    use helpers::*;

    pub async fn as_completed(words: Vec<&'static str>) -> Vec<String> {
        let mut handles: Vec<_> = words
            .into_iter()
            .map(|w| tokio::spawn(work_async(w)))
            .collect();
        let mut results = Vec::new();
        while let Some(handle) = handles.pop() {
            results.push(handle.await.unwrap());
        }
        results
    }
}

/// 09.1 FAIL subset: the JoinSet left before its last task
pub mod completed_one_left {
    use helpers::*;

    pub async fn as_completed(words: Vec<&'static str>) -> Vec<String> {
        let mut set = tokio::task::JoinSet::new();
        for &w in &words {
            set.spawn(work_async(w));
        }
        let mut results = Vec::new();
        for _ in 1..words.len() {
            results.push(set.join_next().await.unwrap().unwrap());
        }
        results
    }
}

/// 09.1 FAIL skipped: the blocking work on spawn_blocking threads, not async tasks
pub mod completed_blocking {
    use helpers::*;

    pub async fn as_completed(words: Vec<&'static str>) -> Vec<String> {
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
}

/// 09.1 FAIL panics: a JoinSet that is never filled, its first result unwrapped
pub mod completed_panics {
    pub async fn as_completed(_words: Vec<&'static str>) -> Vec<String> {
        let mut set: tokio::task::JoinSet<String> = tokio::task::JoinSet::new();
        vec![set.join_next().await.unwrap().unwrap()]
    }
}

/// 09.2 PASS structure: a blocking pool of `limit` threads
pub mod limited_blocking_pool {
    use helpers::*;

    pub fn at_most(words: Vec<&'static str>, limit: usize) -> Vec<String> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .max_blocking_threads(limit)
            .build()
            .unwrap();
        runtime.block_on(async {
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
}

/// 09.2 PASS structure: permits taken in the loop and moved into the blocking call
pub mod limited_permits_in_loop {
    use helpers::*;
    use std::sync::Arc;
    use tokio::sync::Semaphore;

    pub fn at_most(words: Vec<&'static str>, limit: usize) -> Vec<String> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        runtime.block_on(async {
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
}

/// 09.2 PASS structure: `limit` plain threads taking the next word from a counter
pub mod limited_plain_threads {
    use helpers::*;
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};

    pub fn at_most(words: Vec<&'static str>, limit: usize) -> Vec<String> {
        let next = AtomicUsize::new(0);
        let slots: Vec<Mutex<String>> = words.iter().map(|_| Mutex::new(String::new())).collect();
        std::thread::scope(|s| {
            for _ in 0..limit {
                s.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(&w) = words.get(i) else { break };
                        *slots[i].lock().unwrap() = work(w);
                    }
                });
            }
        });
        slots.into_iter().map(|s| s.into_inner().unwrap()).collect()
    }
}

/// 09.2 FAIL made-up: the words uppercased, work never called
pub mod limited_made_up {
    pub fn at_most(words: Vec<&'static str>, _limit: usize) -> Vec<String> {
        words.iter().map(|w| w.to_uppercase()).collect()
    }
}

/// 09.2 FAIL skipped: the starter's shape, every call at once on spawn_blocking
pub mod limited_all_at_once {
    use helpers::*;

    pub fn at_most(words: Vec<&'static str>, _limit: usize) -> Vec<String> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        runtime.block_on(async {
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
}

/// 09.2 FAIL wrong: groups of `limit`, each waiting for its slowest call
pub mod limited_groups {
    use helpers::*;

    pub fn at_most(words: Vec<&'static str>, limit: usize) -> Vec<String> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        runtime.block_on(async {
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
}

/// 09.2 FAIL wrong: a semaphore, but the blocking call made inside the task: one at a time
pub mod limited_blocking_in_task {
    use helpers::*;
    use std::sync::Arc;
    use tokio::sync::Semaphore;

    pub fn at_most(words: Vec<&'static str>, limit: usize) -> Vec<String> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        runtime.block_on(async {
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
}

/// 09.2 FAIL fitted: four places typed in, whatever the limit
pub mod limited_four_typed_in {
    use helpers::*;

    pub fn at_most(words: Vec<&'static str>, _limit: usize) -> Vec<String> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .max_blocking_threads(4)
            .build()
            .unwrap();
        runtime.block_on(async {
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
}

/// 09.2 FAIL panics: a semaphore of no permits, acquired with try_acquire and unwrapped
pub mod limited_panics {
    use helpers::*;
    use std::sync::Arc;
    use tokio::sync::Semaphore;

    pub fn at_most(words: Vec<&'static str>, _limit: usize) -> Vec<String> {
        let permits = Arc::new(Semaphore::new(0));
        let _permit = permits.try_acquire().unwrap();
        words.iter().map(|w| work(w)).collect()
    }
}
