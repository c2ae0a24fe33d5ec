//! Chapter 09's solutions, one function per exercise, as a learner would type them in the
//! notebook (which has `use helpers::*;` and tokio as a dependency).

use helpers::*;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// 09.1: a `JoinSet` hands back whichever task completes next.
pub async fn as_completed(words: Vec<&'static str>) -> Vec<String> {
    let mut set = tokio::task::JoinSet::new();
    for w in words {
        set.spawn(work_async(w));
    }
    let mut completed = Vec::new();
    while let Some(finished) = set.join_next().await {
        completed.push(finished.expect("work_async does not panic"));
    }
    completed
}

/// 09.2, the prediction: `limit` callers, each taking the next word as soon as its call returns.
pub fn predict_units(costs: &[u32], limit: usize) -> u32 {
    let mut free_at = vec![0; limit];
    for &cost in costs {
        let first_free = (0..limit).min_by_key(|&c| free_at[c]).unwrap();
        free_at[first_free] += cost;
    }
    free_at.into_iter().max().unwrap_or(0)
}

/// 09.2, the run: a semaphore of `limit` permits; a task holds one while its blocking call runs
/// on `spawn_blocking`. Permits go out in the order tasks asked, so words start in input order.
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
                    tokio::task::spawn_blocking(move || work(w)).await.unwrap()
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
