//! Chapter 04's answers: what learners write for `as_they_arrive` (04.1) and `four_workers`
//! (04.2), wrong and right, each run against its check by `cargo test`.

use std::sync::{Arc, Mutex, mpsc};
use std::thread;

use crossbeam::channel::{Receiver, unbounded};
use helpers::{WorkerPool, char_count, work};

// ---- 04.1 as_they_arrive: wrong ----

/// FAIL: the handles joined in input order; no channel, so input order, not arrival order.
pub fn joined_in_input_order(tokens: &[&'static str]) -> Vec<String> {
    let handles: Vec<_> = tokens
        .iter()
        .map(|&t| thread::spawn(move || work(t)))
        .collect();
    handles.into_iter().map(|h| h.join().unwrap()).collect()
}

/// FAIL (order faked by sorting by length): joined in input order, then sorted shortest first,
/// which is the completion order only when a word takes its length.
pub fn sorted_by_length(tokens: &[&'static str]) -> Vec<String> {
    let mut results = joined_in_input_order(tokens);
    results.sort_by_key(|r| char_count(r));
    results
}

/// FAIL (right values typed in): the channel is used, but the answer is rebuilt from the words.
pub fn arrivals_typed_in(tokens: &[&'static str]) -> Vec<String> {
    let (sender, receiver) = mpsc::channel();
    for &t in tokens {
        let sender = sender.clone();
        thread::spawn(move || sender.send(work(t)).unwrap());
    }
    drop(sender);
    let arrived: Vec<String> = receiver.iter().collect();
    tokens
        .iter()
        .filter(|t| arrived.contains(&t.to_uppercase()))
        .map(|t| t.to_uppercase())
        .collect()
}

/// FAIL (a subset): one result fewer than there are words.
pub fn one_result_short(tokens: &[&'static str]) -> Vec<String> {
    let (sender, receiver) = mpsc::channel();
    for &t in tokens {
        let sender = sender.clone();
        thread::spawn(move || sender.send(work(t)).unwrap());
    }
    drop(sender);
    receiver.iter().take(tokens.len().saturating_sub(1)).collect()
}

/// FAIL (a shape fitted to twelve words): twelve `recv`s, whatever the input; with fewer words
/// `recv` errs and `unwrap` panics, with more some results are lost.
pub fn twelve_receives(tokens: &[&'static str]) -> Vec<String> {
    let (sender, receiver) = mpsc::channel();
    for &t in tokens {
        let sender = sender.clone();
        thread::spawn(move || sender.send(work(t)).unwrap());
    }
    drop(sender);
    (0..12).map(|_| receiver.recv().unwrap()).collect()
}

/// FAIL (the lesson's construct skipped): one thread sends every word's result in turn, so the
/// words run one after another.
pub fn one_sending_thread(tokens: &[&'static str]) -> Vec<String> {
    let (sender, receiver) = mpsc::channel();
    let words = tokens.to_vec();
    thread::spawn(move || {
        for t in words {
            sender.send(work(t)).unwrap();
        }
    });
    receiver.iter().collect()
}

/// FAIL: the original sender is never dropped, so the receiving loop waits forever; the check
/// stops waiting and says so.
pub fn sender_left_alive(tokens: &[&'static str]) -> Vec<String> {
    let (sender, receiver) = mpsc::channel();
    for &t in tokens {
        let sender = sender.clone();
        thread::spawn(move || sender.send(work(t)).unwrap());
    }
    receiver.iter().collect()
}

// ---- 04.1 as_they_arrive: right ----

/// PASS: a clone of the sender per thread, the original dropped, the receiver iterated.
pub fn clone_per_thread(tokens: &[&'static str]) -> Vec<String> {
    let (sender, receiver) = mpsc::channel();
    for &t in tokens {
        let sender = sender.clone();
        thread::spawn(move || sender.send(work(t)).unwrap());
    }
    drop(sender);
    receiver.iter().collect()
}

/// PASS: the senders made first, the original moved away with them; then exactly one `recv`
/// per word, pushed in a loop.
pub fn one_recv_per_word(tokens: &[&'static str]) -> Vec<String> {
    let (sender, receiver) = mpsc::channel::<String>();
    let senders: Vec<_> = tokens.iter().map(|_| sender.clone()).collect();
    drop(sender);
    for (&t, sender) in tokens.iter().zip(senders) {
        thread::spawn(move || {
            let result = work(t);
            sender.send(result).expect("the receiver is waiting");
        });
    }
    let mut arrived = Vec::with_capacity(tokens.len());
    for _ in 0..tokens.len() {
        arrived.push(receiver.recv().unwrap());
    }
    arrived
}

/// PASS: the original sender moved into the last thread (no `drop` needed), the results pushed
/// in a `for` loop over the receiver.
pub fn sender_moved_into_last_thread(tokens: &[&'static str]) -> Vec<String> {
    let (sender, receiver) = mpsc::channel();
    let Some((&last, rest)) = tokens.split_last() else {
        return Vec::new();
    };
    for &t in rest {
        let sender = sender.clone();
        thread::spawn(move || sender.send(work(t)).unwrap());
    }
    thread::spawn(move || sender.send(work(last)).unwrap());
    let mut arrived = Vec::new();
    for result in receiver {
        arrived.push(result);
    }
    arrived
}

// ---- 04.2 four_workers: wrong ----

/// FAIL (the lesson's construct skipped): a new thread for every word taken from the channel.
pub fn thread_per_job(jobs: Receiver<&'static str>) -> Vec<String> {
    let (results, arrived) = unbounded();
    for t in jobs.iter() {
        let results = results.clone();
        thread::spawn(move || results.send(work(t)).unwrap());
    }
    drop(results);
    arrived.iter().collect()
}

/// FAIL (the lesson's construct skipped): every word gathered first, then handed to the
/// ready-made `WorkerPool`; the workers wait until the last word is in.
pub fn worker_pool_forwarded(jobs: Receiver<&'static str>) -> Vec<String> {
    let words: Vec<&'static str> = jobs.iter().collect();
    WorkerPool::new(4)
        .imap_unordered(|t: &'static str| work(t), words)
        .collect()
}

/// FAIL (a queue popped from the end): the words gathered into a shared `Vec` that four workers
/// pop from the back.
pub fn popped_from_the_end(jobs: Receiver<&'static str>) -> Vec<String> {
    let stack = Arc::new(Mutex::new(jobs.iter().collect::<Vec<_>>()));
    let (results, arrived) = unbounded();
    for _ in 0..4 {
        let (stack, results) = (Arc::clone(&stack), results.clone());
        thread::spawn(move || {
            loop {
                let next = stack.lock().unwrap().pop();
                let Some(t) = next else { break };
                results.send(work(t)).unwrap();
            }
        });
    }
    drop(results);
    arrived.iter().collect()
}

/// FAIL (a lock held across the work): the receiver behind a `Mutex`, locked in `while let`,
/// whose guard lives through the loop's body: the workers take turns.
pub fn lock_held_across_work(jobs: Receiver<&'static str>) -> Vec<String> {
    let jobs = Arc::new(Mutex::new(jobs));
    let (results, arrived) = unbounded();
    for _ in 0..4 {
        let (jobs, results) = (Arc::clone(&jobs), results.clone());
        thread::spawn(move || {
            while let Ok(t) = jobs.lock().unwrap().recv() {
                results.send(work(t)).unwrap();
            }
        });
    }
    drop(results);
    arrived.iter().collect()
}

/// FAIL (a shape fitted to twelve words): each of the four workers takes exactly three words.
pub fn three_words_each(jobs: Receiver<&'static str>) -> Vec<String> {
    let (results, arrived) = unbounded();
    for _ in 0..4 {
        let (jobs, results) = (jobs.clone(), results.clone());
        thread::spawn(move || {
            for _ in 0..3 {
                results.send(work(jobs.recv().unwrap())).unwrap();
            }
        });
    }
    drop(results);
    arrived.iter().collect()
}

/// FAIL: three workers, not four.
pub fn three_workers(jobs: Receiver<&'static str>) -> Vec<String> {
    let (results, arrived) = unbounded();
    for _ in 0..3 {
        let (jobs, results) = (jobs.clone(), results.clone());
        thread::spawn(move || {
            for t in jobs.iter() {
                results.send(work(t)).unwrap();
            }
        });
    }
    drop(results);
    arrived.iter().collect()
}

/// FAIL (order faked by sorting by length): four right workers, then the results sorted
/// shortest first.
pub fn results_sorted_by_length(jobs: Receiver<&'static str>) -> Vec<String> {
    let mut results = channel_workers(jobs);
    results.sort_by_key(|r| char_count(r));
    results
}

// ---- 04.2 four_workers: right ----

/// PASS: four spawned workers looping over a clone of the job receiver, results over a
/// crossbeam channel.
pub fn channel_workers(jobs: Receiver<&'static str>) -> Vec<String> {
    let (results, arrived) = unbounded();
    for _ in 0..4 {
        let (jobs, results) = (jobs.clone(), results.clone());
        thread::spawn(move || {
            for t in jobs.iter() {
                results.send(work(t)).unwrap();
            }
        });
    }
    drop(results);
    arrived.iter().collect()
}

/// PASS: a worker function of its own, four named threads, their handles joined after the last
/// result has arrived.
pub fn named_workers_joined(jobs: Receiver<&'static str>) -> Vec<String> {
    fn worker(jobs: Receiver<&'static str>, results: crossbeam::channel::Sender<String>) {
        while let Ok(t) = jobs.recv() {
            if results.send(work(t)).is_err() {
                break;
            }
        }
    }
    let (results, arrived) = unbounded();
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let (jobs, results) = (jobs.clone(), results.clone());
            thread::Builder::new()
                .name(format!("channel worker {i}"))
                .spawn(move || worker(jobs, results))
                .unwrap()
        })
        .collect();
    drop(results);
    let collected: Vec<String> = arrived.iter().collect();
    for handle in handles {
        handle.join().unwrap();
    }
    collected
}

/// PASS: four scoped workers calling `recv` until the channel closes, results over `mpsc`,
/// received inside the scope while the workers run.
pub fn scoped_workers_and_mpsc(jobs: Receiver<&'static str>) -> Vec<String> {
    let (results, arrived) = mpsc::channel();
    thread::scope(|s| {
        for _ in 0..4 {
            let (jobs, results) = (&jobs, results.clone());
            s.spawn(move || {
                while let Ok(t) = jobs.recv() {
                    results.send(work(t)).unwrap();
                }
            });
        }
        drop(results);
        arrived.iter().collect()
    })
}
