//! Chapter 08's solutions, one module per exercise under its marker line (see
//! `helpers::check::sections`). `solution("08.k")` prints a module's body once the learner has
//! tried that exercise; `cargo test` compiles them and runs each against its check
//! (`helpers/tests/ch08_exercises.rs`).

/// 08.1 solution: Rc is not Send (a plain count), RefCell not Sync (a plain flag): Arc and Mutex
pub mod shared {
    use helpers::*;
    use std::sync::{Arc, Mutex};
    use std::thread;

    pub fn upper_shared(words: &[&'static str], slots: Arc<Mutex<Vec<String>>>) {
        let handles: Vec<_> = words
            .iter()
            .enumerate()
            .map(|(i, &w)| {
                let slots = Arc::clone(&slots);
                thread::spawn(move || {
                    let upper = cpu_work(w); // compute first, lock only to store
                    slots.lock().unwrap()[i] = upper;
                })
            })
            .collect();
        for handle in handles {
            handle.join().unwrap();
        }
    }
}

/// 08.2 solution: iterators are lazy; collect the handles first, so every thread starts at once
pub mod all_cores {
    use helpers::*;
    use std::thread;

    pub fn upper_all_cores(words: &[&'static str]) -> Vec<String> {
        // `map` spawned a thread only when the next step asked for it, and that step joined it
        // at once. Collecting the handles into a Vec starts every thread before any is joined.
        thread::scope(|s| {
            let handles: Vec<_> = words.iter().map(|w| s.spawn(|| cpu_work(w))).collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        })
    }
}
