//! Chapter 08's answers for the tests of its checks: wrong ones (each must FAIL, for the reason
//! named) and right ones of other structures than the solution (each must PASS).

use helpers::*;
use std::sync::mpsc;
use std::sync::{Arc, Mutex, RwLock};
use std::thread;

/// The list most answers to 08.1 share.
pub type Slots = Arc<Mutex<Vec<String>>>;

/// An answer to 08.1 on `Arc<Mutex<Vec<String>>>`: what it is, `Some(fragment of the FAIL)` or
/// `None` for PASS, and the function.
pub type Shared = (&'static str, Option<&'static str>, fn(&[&'static str], Slots));

/// 08.1's answers on the solution's type (two right ones on other types are functions below).
pub const SHARED: [Shared; 6] = [
    ("made up: the words typed into the list, cpu_work never called", Some("no call"), made_up),
    ("no threads: the list filled on the caller's thread", Some("thread that called"), no_threads),
    ("the lock taken before computing: the threads take turns", Some("too few at once"), lock_first),
    ("threads return their words; the list filled after the joins", Some("did not write"), filled_after),
    ("each thread pushes: the words in the order they finished", Some("among the results"), pushed),
    ("a thread started and joined per word, in turn", Some("too few at once"), joined_in_turn),
];

fn made_up(words: &[&'static str], slots: Slots) {
    for (i, w) in words.iter().enumerate() {
        slots.lock().unwrap()[i] = w.to_uppercase();
    }
}

fn no_threads(words: &[&'static str], slots: Slots) {
    for (i, w) in words.iter().enumerate() {
        let upper = cpu_work(w);
        slots.lock().unwrap()[i] = upper;
    }
}

fn lock_first(words: &[&'static str], slots: Slots) {
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

fn filled_after(words: &[&'static str], slots: Slots) {
    let handles: Vec<_> = words.iter().map(|&w| thread::spawn(move || cpu_work(w))).collect();
    for (i, handle) in handles.into_iter().enumerate() {
        slots.lock().unwrap()[i] = handle.join().unwrap();
    }
}

fn pushed(words: &[&'static str], slots: Slots) {
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

fn joined_in_turn(words: &[&'static str], slots: Slots) {
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

/// Right: scoped threads writing into an `RwLock`ed list (no `Arc` clones needed in a scope).
pub fn rwlock_scoped(words: &[&'static str], slots: Arc<RwLock<Vec<String>>>) {
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

/// Right: one list of locked slots, each thread locking only its own.
pub fn slot_locks(words: &[&'static str], slots: Arc<Vec<Mutex<String>>>) {
    let handles: Vec<_> = words
        .iter()
        .enumerate()
        .map(|(i, &w)| {
            let slots = Arc::clone(&slots);
            thread::spawn(move || *slots[i].lock().unwrap() = cpu_work(w))
        })
        .collect();
    handles.into_iter().for_each(|h| h.join().unwrap());
}

/// An answer to 08.2.
pub type AllCores = (&'static str, Option<&'static str>, fn(&[&str]) -> Vec<String>);

/// 08.2's answers.
pub const ALL_CORES: [AllCores; 8] = [
    ("made up: the words uppercased, cpu_work never called", Some("no call"), all_made_up),
    ("the starter: spawn and join in one lazy chain", Some("one at a time"), lazy_chain),
    ("a lock held while computing, then sorted into input order", Some("one at a time"), lock_held),
    ("all at once, but the words in the order they finished", Some("result"), finishing_order),
    ("no threads: a plain map on the caller", Some("thread that called"), on_the_caller),
    ("right: rayon's par_iter", None, par_iter),
    ("right: a channel of (index, word), put back in order", None, channel_back_in_order),
    ("right: threads over halves of the words, as many as cores", None, a_thread_per_core),
];

fn all_made_up(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| w.to_uppercase()).collect()
}

fn lazy_chain(words: &[&str]) -> Vec<String> {
    thread::scope(|s| {
        let handles = words.iter().map(|w| s.spawn(|| cpu_work(w)));
        handles.map(|h| h.join().unwrap()).collect()
    })
}

fn lock_held(words: &[&str]) -> Vec<String> {
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

fn finishing_order(words: &[&str]) -> Vec<String> {
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

fn on_the_caller(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| cpu_work(w)).collect()
}

fn par_iter(words: &[&str]) -> Vec<String> {
    use rayon::prelude::*;
    words.par_iter().map(|w| cpu_work(w)).collect()
}

fn channel_back_in_order(words: &[&str]) -> Vec<String> {
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

fn a_thread_per_core(words: &[&str]) -> Vec<String> {
    let cores = thread::available_parallelism().map_or(1, |n| n.get());
    let size = words.len().div_ceil(cores).max(1);
    thread::scope(|s| {
        let handles: Vec<_> = words
            .chunks(size)
            .map(|part| s.spawn(move || part.iter().map(|w| cpu_work(w)).collect::<Vec<_>>()))
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    })
}
