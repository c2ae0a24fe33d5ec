//! Chapter 09's solutions, one module per exercise under its marker line (see
//! `helpers::check::sections`). `solution("09.k")` prints a module's body once the learner has
//! tried that exercise; `cargo test` compiles them and runs each against its check
//! (`helpers/tests/ch09_exercises.rs`).

/// 09.1 solution: a JoinSet hands back whichever task completes next
pub mod as_completed {
    use helpers::*;

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
}

/// 09.2 solution: a semaphore of `limit` permits, each held while its blocking call runs
pub mod limited {
    use helpers::*;
    use std::sync::Arc;
    use tokio::sync::Semaphore;

    pub fn at_most(words: Vec<&'static str>, limit: usize) -> Vec<String> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        runtime.block_on(async {
            // A task waits (asynchronously) for a permit before its call and gives it back when
            // `_permit` is dropped; permits go out in the order asked, so words start in order.
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
}
