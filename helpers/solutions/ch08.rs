//! Chapter 08's solutions, one function per exercise, as a learner would type them in the
//! notebook (which has `use helpers::*;` and `use std::thread;`).

use helpers::*;
use std::sync::{Arc, Mutex};
use std::thread;

/// 08.1: `Rc` counts its owners with a plain number, so it is not `Send`; `RefCell` checks its
/// borrows with a plain flag, so it is not `Sync`. `Arc` and `Mutex` are their thread-safe twins.
pub fn upper_shared(words: &[&'static str], slots: Arc<Mutex<Vec<String>>>) {
    let handles: Vec<_> = words
        .iter()
        .enumerate()
        .map(|(i, &w)| {
            let slots = Arc::clone(&slots);
            thread::spawn(move || {
                let upper = cpu_work(w);
                slots.lock().unwrap()[i] = upper;
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
}

/// 08.2: iterators are lazy: `map` spawned a thread only when the next step asked for it, and
/// that step joined it at once. Collecting the handles first starts them all.
pub fn upper_all_cores(words: &[&str]) -> Vec<String> {
    thread::scope(|s| {
        let handles: Vec<_> = words.iter().map(|w| s.spawn(|| cpu_work(w))).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}
