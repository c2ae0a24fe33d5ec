//! Chapter 08b's solutions, one module per exercise under its marker line (see
//! `helpers::check::sections`). `solution("08b.k")` prints a module's body once the learner has
//! tried that exercise; `cargo test` compiles them and runs each against its check.

/// 08b.1 solution: a thread per word; the lock taken only after the work, for the update
pub mod lock_for_the_update {
    use helpers::*;
    use std::collections::BTreeMap;
    use std::thread;

    pub fn tally_letters(tokens: &[&'static str], tally: &RecordedMutex<BTreeMap<char, usize>>) {
        thread::scope(|s| {
            for &token in tokens {
                s.spawn(move || {
                    let word = work(token); // no lock held while working
                    let mut guard = tally.lock().unwrap();
                    for letter in word.chars() {
                        *guard.entry(letter).or_insert(0) += 1;
                    }
                }); // the guard is dropped here, at the end of the thread's closure
            }
        });
    }
}

/// 08b.2 solution: each thread adds its word's letters as soon as its work returns
pub mod progress_counter {
    use helpers::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::thread;

    pub fn count_letters(tokens: &[&'static str], done: &AtomicUsize) {
        thread::scope(|s| {
            for &token in tokens {
                s.spawn(move || {
                    work(token);
                    // Relaxed: the add must be indivisible, nothing more; whoever reads `done`
                    // after the scope has joined the threads sees every add.
                    done.fetch_add(char_count(token), Ordering::Relaxed);
                });
            }
        });
    }
}
