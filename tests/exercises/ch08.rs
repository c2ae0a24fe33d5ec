//! Chapter 08's answers that test its checks: one module per answer under its marker line,
//! `/// ID PASS|FAIL CLASS: why` (see `helpers::check::sections` and README.md). Each module
//! holds what a learner would type in the starter's cell. `cargo test -p helpers --test
//! ch08_exercises` runs every one against its check; tests/exercises/run_answers.py runs them
//! in the real kernel.

/// 08.1 PASS structure: scoped threads writing into an RwLock'ed list, no Arc clones in a scope
pub mod shared_rwlock_scoped {
    use helpers::*;
    use std::sync::{Arc, RwLock};
    use std::thread;

    pub fn upper_shared(words: &[&'static str], slots: Arc<RwLock<Vec<String>>>) {
        thread::scope(|s| {
            for (i, w) in words.iter().enumerate() {
                let slots = &slots;
                s.spawn(move || {
                    let upper = cpu_work(w);
                    slots.write().unwrap()[i] = upper;
                });
            }
        });
    }
}

/// 08.1 PASS structure: one list of locked slots, each thread locking only its own
pub mod shared_slot_locks {
    use helpers::*;
    use std::sync::{Arc, Mutex};
    use std::thread;

    pub fn upper_shared(words: &[&'static str], slots: Arc<Vec<Mutex<String>>>) {
        let handles: Vec<_> = words
            .iter()
            .enumerate()
            .map(|(i, &w)| {
                let slots = Arc::clone(&slots);
                thread::spawn(move || {
                    let upper = cpu_work(w);
                    *slots[i].lock().unwrap() = upper;
                })
            })
            .collect();
        handles.into_iter().for_each(|h| h.join().unwrap());
    }
}

/// 08.1 FAIL made-up: the words typed into the list, cpu_work never called
pub mod shared_made_up {
    use std::sync::{Arc, Mutex};

    pub fn upper_shared(words: &[&'static str], slots: Arc<Mutex<Vec<String>>>) {
        for (i, w) in words.iter().enumerate() {
            slots.lock().unwrap()[i] = w.to_uppercase();
        }
    }
}

/// 08.1 FAIL skipped: no threads, the list filled on the caller's thread
pub mod shared_no_threads {
    use helpers::*;
    use std::sync::{Arc, Mutex};

    pub fn upper_shared(words: &[&'static str], slots: Arc<Mutex<Vec<String>>>) {
        for (i, w) in words.iter().enumerate() {
            let upper = cpu_work(w);
            slots.lock().unwrap()[i] = upper;
        }
    }
}

/// 08.1 FAIL skipped: the threads return their words and the list is filled after the joins
pub mod shared_filled_after {
    use helpers::*;
    use std::sync::{Arc, Mutex};
    use std::thread;

    pub fn upper_shared(words: &[&'static str], slots: Arc<Mutex<Vec<String>>>) {
        let handles: Vec<_> = words
            .iter()
            .map(|&w| thread::spawn(move || cpu_work(w)))
            .collect();
        for (i, handle) in handles.into_iter().enumerate() {
            slots.lock().unwrap()[i] = handle.join().unwrap();
        }
    }
}

/// 08.1 FAIL wrong: the lock taken before computing, so the threads take turns
pub mod shared_lock_first {
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
                    let mut list = slots.lock().unwrap();
                    list[i] = cpu_work(w);
                })
            })
            .collect();
        for handle in handles {
            handle.join().unwrap();
        }
    }
}

/// 08.1 FAIL sorted: each thread pushes, so the words land in the order they finished
pub mod shared_pushed {
    use helpers::*;
    use std::sync::{Arc, Mutex};
    use std::thread;

    pub fn upper_shared(words: &[&'static str], slots: Arc<Mutex<Vec<String>>>) {
        let handles: Vec<_> = words
            .iter()
            .map(|&w| {
                let slots = Arc::clone(&slots);
                thread::spawn(move || {
                    let upper = cpu_work(w);
                    slots.lock().unwrap().push(upper);
                })
            })
            .collect();
        for handle in handles {
            handle.join().unwrap();
        }
    }
}

/// 08.1 FAIL wrong: a thread started and joined per word, in turn
pub mod shared_joined_in_turn {
    use helpers::*;
    use std::sync::{Arc, Mutex};
    use std::thread;

    pub fn upper_shared(words: &[&'static str], slots: Arc<Mutex<Vec<String>>>) {
        for (i, &w) in words.iter().enumerate() {
            let slots = Arc::clone(&slots);
            thread::spawn(move || {
                let upper = cpu_work(w);
                slots.lock().unwrap()[i] = upper;
            })
            .join()
            .unwrap();
        }
    }
}

/// 08.1 FAIL subset: the first word left out
pub mod shared_subset {
    use helpers::*;
    use std::sync::{Arc, Mutex};
    use std::thread;

    pub fn upper_shared(words: &[&'static str], slots: Arc<Mutex<Vec<String>>>) {
        let handles: Vec<_> = words
            .iter()
            .enumerate()
            .skip(1)
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
}

/// 08.1 FAIL panics: a thread writes one slot past the end, and its join is unwrapped
pub mod shared_panics {
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
                    let upper = cpu_work(w);
                    slots.lock().unwrap()[i + 1] = upper;
                })
            })
            .collect();
        for handle in handles {
            handle.join().unwrap();
        }
    }
}

/// 08.2 PASS structure: rayon's par_iter
pub mod all_par_iter {
    use helpers::*;
    use rayon::prelude::*;

    pub fn upper_all_cores(words: &[&'static str]) -> Vec<String> {
        words.par_iter().map(|w| cpu_work(w)).collect()
    }
}

/// 08.2 PASS structure: a channel of (index, word), put back in order
pub mod all_channel {
    use helpers::*;
    use std::sync::mpsc;
    use std::thread;

    pub fn upper_all_cores(words: &[&'static str]) -> Vec<String> {
        let (sender, receiver) = mpsc::channel();
        thread::scope(|s| {
            for (i, w) in words.iter().enumerate() {
                let sender = sender.clone();
                s.spawn(move || sender.send((i, cpu_work(w))).unwrap());
            }
        });
        drop(sender);
        let mut results = vec![String::new(); words.len()];
        for (i, word) in receiver {
            results[i] = word;
        }
        results
    }
}

/// 08.2 PASS structure: a WorkerPool of one worker per core
pub mod all_worker_pool {
    use helpers::*;

    pub fn upper_all_cores(words: &[&'static str]) -> Vec<String> {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        WorkerPool::new(cores).map(cpu_work, words.to_vec())
    }
}

/// 08.2 FAIL made-up: the words uppercased, cpu_work never called
pub mod all_made_up {
    pub fn upper_all_cores(words: &[&'static str]) -> Vec<String> {
        words.iter().map(|w| w.to_uppercase()).collect()
    }
}

/// 08.2 FAIL wrong: the starter, spawn and join in one lazy chain
pub mod all_lazy_chain {
    use helpers::*;
    use std::thread;

    pub fn upper_all_cores(words: &[&'static str]) -> Vec<String> {
        thread::scope(|s| {
            let handles = words.iter().map(|w| s.spawn(|| cpu_work(w)));
            handles.map(|h| h.join().unwrap()).collect()
        })
    }
}

/// 08.2 FAIL sorted: a lock held while computing, then sorted back into input order
pub mod all_lock_held {
    use helpers::*;
    use std::sync::Mutex;
    use std::thread;

    pub fn upper_all_cores(words: &[&'static str]) -> Vec<String> {
        let done = Mutex::new(Vec::new());
        thread::scope(|s| {
            for (i, w) in words.iter().enumerate() {
                let done = &done;
                s.spawn(move || {
                    let mut list = done.lock().unwrap();
                    list.push((i, cpu_work(w)));
                });
            }
        });
        let mut done = done.into_inner().unwrap();
        done.sort();
        done.into_iter().map(|(_, word)| word).collect()
    }
}

/// 08.2 FAIL wrong: all at once, but the words in the order they finished
pub mod all_finishing_order {
    use helpers::*;
    use std::sync::Mutex;
    use std::thread;

    pub fn upper_all_cores(words: &[&'static str]) -> Vec<String> {
        let done = Mutex::new(Vec::new());
        thread::scope(|s| {
            for w in words {
                let done = &done;
                s.spawn(move || {
                    let upper = cpu_work(w);
                    done.lock().unwrap().push(upper);
                });
            }
        });
        done.into_inner().unwrap()
    }
}

/// 08.2 FAIL skipped: no threads, a plain map on the caller's thread
pub mod all_on_the_caller {
    use helpers::*;

    pub fn upper_all_cores(words: &[&'static str]) -> Vec<String> {
        words.iter().map(|w| cpu_work(w)).collect()
    }
}

/// 08.2 FAIL subset: the last word left out
pub mod all_subset {
    use helpers::*;
    use std::thread;

    pub fn upper_all_cores(words: &[&'static str]) -> Vec<String> {
        thread::scope(|s| {
            let handles: Vec<_> = words[..words.len() - 1]
                .iter()
                .map(|w| s.spawn(|| cpu_work(w)))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        })
    }
}

/// 08.2 FAIL panics: a handle joined twice from an emptied list
pub mod all_panics {
    use helpers::*;
    use std::thread;

    pub fn upper_all_cores(words: &[&'static str]) -> Vec<String> {
        thread::scope(|s| {
            let mut handles: Vec<_> = words.iter().map(|w| s.spawn(|| cpu_work(w))).collect();
            let first = handles.remove(0).join().unwrap();
            let mut results = vec![first];
            results.extend(handles.drain(..).map(|h| h.join().unwrap()));
            results.push(handles.remove(0).join().unwrap());
            results
        })
    }
}
