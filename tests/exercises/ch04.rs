//! Chapter 04's answers that test its checks: real Rust, one module per answer under its marker
//! line (see `helpers::check::sections`). Each module defines the function the exercise's starter
//! asks for; `cargo test` (`helpers/tests/ch04_exercises.rs`) runs every one against its check,
//! and `tests/exercises/run_answers.py` runs a sample through the kernel.

/// 04.1 FAIL skipped: the handles joined in input order; no channel, so input order, not arrival order.
pub mod joined_in_input_order {
    use helpers::*;
    use std::thread;

    pub fn as_they_arrive(tokens: &[&'static str]) -> Vec<String> {
        let handles: Vec<_> = tokens
            .iter()
            .map(|&t| thread::spawn(move || work(t)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    }
}

/// 04.1 FAIL sorted: joined in input order, then sorted shortest first, which is the completion order only when a word takes its length.
pub mod sorted_by_length {
    use helpers::*;
    use std::thread;

    pub fn as_they_arrive(tokens: &[&'static str]) -> Vec<String> {
        let handles: Vec<_> = tokens
            .iter()
            .map(|&t| thread::spawn(move || work(t)))
            .collect();
        let mut results: Vec<String> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        results.sort_by_key(|r| char_count(r));
        results
    }
}

/// 04.1 FAIL made-up: the channel is used, but the answer is rebuilt from the words.
pub mod arrivals_typed_in {
    use helpers::*;
    use std::sync::mpsc;
    use std::thread;

    pub fn as_they_arrive(tokens: &[&'static str]) -> Vec<String> {
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
}

/// 04.1 FAIL subset: one result fewer than there are words.
pub mod one_result_short {
    use helpers::*;
    use std::sync::mpsc;
    use std::thread;

    pub fn as_they_arrive(tokens: &[&'static str]) -> Vec<String> {
        let (sender, receiver) = mpsc::channel();
        for &t in tokens {
            let sender = sender.clone();
            thread::spawn(move || sender.send(work(t)).unwrap());
        }
        drop(sender);
        receiver
            .iter()
            .take(tokens.len().saturating_sub(1))
            .collect()
    }
}

/// 04.1 FAIL fitted: twelve `recv`s, whatever the input; with fewer words `recv` errs and `unwrap` panics, with more some results are lost.
pub mod twelve_receives {
    use helpers::*;
    use std::sync::mpsc;
    use std::thread;

    pub fn as_they_arrive(tokens: &[&'static str]) -> Vec<String> {
        let (sender, receiver) = mpsc::channel();
        for &t in tokens {
            let sender = sender.clone();
            thread::spawn(move || sender.send(work(t)).unwrap());
        }
        drop(sender);
        (0..12).map(|_| receiver.recv().unwrap()).collect()
    }
}

/// 04.1 FAIL skipped: one thread sends every word's result in turn, so the words run one after another.
pub mod one_sending_thread {
    use helpers::*;
    use std::sync::mpsc;
    use std::thread;

    pub fn as_they_arrive(tokens: &[&'static str]) -> Vec<String> {
        let (sender, receiver) = mpsc::channel();
        let words = tokens.to_vec();
        thread::spawn(move || {
            for t in words {
                sender.send(work(t)).unwrap();
            }
        });
        receiver.iter().collect()
    }
}

/// 04.1 FAIL wrong: the original sender is never dropped, so the receiving loop waits forever; the check stops waiting and says so.
pub mod sender_left_alive {
    use helpers::*;
    use std::sync::mpsc;
    use std::thread;

    pub fn as_they_arrive(tokens: &[&'static str]) -> Vec<String> {
        let (sender, receiver) = mpsc::channel();
        for &t in tokens {
            let sender = sender.clone();
            thread::spawn(move || sender.send(work(t)).unwrap());
        }
        receiver.iter().collect()
    }
}

/// 04.1 FAIL panics: `recv().unwrap()` in an endless loop, which panics once every sender is gone.
pub mod recv_until_it_panics {
    use helpers::*;
    use std::sync::mpsc;
    use std::thread;

    pub fn as_they_arrive(tokens: &[&'static str]) -> Vec<String> {
        let (sender, receiver) = mpsc::channel();
        for &t in tokens {
            let sender = sender.clone();
            thread::spawn(move || sender.send(work(t)).unwrap());
        }
        drop(sender);
        let mut arrived = Vec::new();
        loop {
            arrived.push(receiver.recv().unwrap());
        }
    }
}

/// 04.1 PASS structure: the senders made first, the original moved away with them; then exactly one `recv` per word, pushed in a loop.
pub mod one_recv_per_word {
    use helpers::*;
    use std::sync::mpsc;
    use std::thread;

    pub fn as_they_arrive(tokens: &[&'static str]) -> Vec<String> {
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
}

/// 04.1 PASS structure: the original sender moved into the last thread (no `drop` needed), the results pushed in a `for` loop over the receiver.
pub mod sender_moved_into_last_thread {
    use helpers::*;
    use std::sync::mpsc;
    use std::thread;

    pub fn as_they_arrive(tokens: &[&'static str]) -> Vec<String> {
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
}

/// 04.2 FAIL skipped: a new thread for every word taken from the channel.
pub mod thread_per_job {
    use crossbeam::channel::{Receiver, unbounded};
    use helpers::*;
    use std::thread;

    pub fn four_workers(jobs: Receiver<&'static str>) -> Vec<String> {
        let (results, arrived) = unbounded();
        for t in jobs.iter() {
            let results = results.clone();
            thread::spawn(move || results.send(work(t)).unwrap());
        }
        drop(results);
        arrived.iter().collect()
    }
}

/// 04.2 FAIL skipped: every word gathered first, then handed to the ready-made `WorkerPool`; the workers wait until the last word is in.
pub mod worker_pool_forwarded {
    use crossbeam::channel::Receiver;
    use helpers::*;

    pub fn four_workers(jobs: Receiver<&'static str>) -> Vec<String> {
        let words: Vec<&'static str> = jobs.iter().collect();
        WorkerPool::new(4)
            .imap_unordered(|t: &'static str| work(t), words)
            .collect()
    }
}

/// 04.2 FAIL fitted: the words gathered into a shared `Vec` that four workers pop from the back.
pub mod popped_from_the_end {
    use crossbeam::channel::{Receiver, unbounded};
    use helpers::*;
    use std::sync::{Arc, Mutex};
    use std::thread;

    pub fn four_workers(jobs: Receiver<&'static str>) -> Vec<String> {
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
}

/// 04.2 FAIL wrong: a lock held across the work: the receiver behind a `Mutex`, locked in `while let`, whose guard lives through the loop's body: the workers take turns.
pub mod lock_held_across_work {
    use crossbeam::channel::{Receiver, unbounded};
    use helpers::*;
    use std::sync::{Arc, Mutex};
    use std::thread;

    pub fn four_workers(jobs: Receiver<&'static str>) -> Vec<String> {
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
}

/// 04.2 FAIL fitted: each of the four workers takes exactly three words.
pub mod three_words_each {
    use crossbeam::channel::{Receiver, unbounded};
    use helpers::*;
    use std::thread;

    pub fn four_workers(jobs: Receiver<&'static str>) -> Vec<String> {
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
}

/// 04.2 FAIL wrong: three workers, not four.
pub mod three_workers {
    use crossbeam::channel::{Receiver, unbounded};
    use helpers::*;
    use std::thread;

    pub fn four_workers(jobs: Receiver<&'static str>) -> Vec<String> {
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
}

/// 04.2 FAIL sorted: four right workers, then the results sorted shortest first.
pub mod results_sorted_by_length {
    use crossbeam::channel::{Receiver, unbounded};
    use helpers::*;
    use std::thread;

    pub fn four_workers(jobs: Receiver<&'static str>) -> Vec<String> {
        let (sender, arrived) = unbounded();
        for _ in 0..4 {
            let (jobs, sender) = (jobs.clone(), sender.clone());
            thread::spawn(move || {
                for t in jobs.iter() {
                    sender.send(work(t)).unwrap();
                }
            });
        }
        drop(sender);
        let mut results: Vec<String> = arrived.iter().collect();
        results.sort_by_key(|r| char_count(r));
        results
    }
}

/// 04.2 FAIL made-up: the words drained from the job channel and their results written from them, no work.
pub mod results_written_from_the_jobs {
    use crossbeam::channel::Receiver;

    pub fn four_workers(jobs: Receiver<&'static str>) -> Vec<String> {
        jobs.iter().map(|t| t.to_uppercase()).collect()
    }
}

/// 04.2 FAIL panics: workers that `recv().unwrap()` in an endless loop die when the channel closes, and their handles are joined with `unwrap`.
pub mod workers_unwrap_recv {
    use crossbeam::channel::{Receiver, unbounded};
    use helpers::*;
    use std::thread;

    pub fn four_workers(jobs: Receiver<&'static str>) -> Vec<String> {
        let (results, arrived) = unbounded();
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let (jobs, results) = (jobs.clone(), results.clone());
                thread::spawn(move || {
                    loop {
                        let t = jobs.recv().unwrap();
                        if results.send(work(t)).is_err() {
                            break;
                        }
                    }
                })
            })
            .collect();
        drop(results);
        let collected: Vec<String> = arrived.iter().collect();
        for handle in handles {
            handle.join().unwrap();
        }
        collected
    }
}

/// 04.2 FAIL subset: workers that loop on `try_recv`, which stop as soon as the channel is empty for a moment: the later words are never taken.
pub mod try_recv_workers {
    use crossbeam::channel::{Receiver, unbounded};
    use helpers::*;
    use std::thread;

    pub fn four_workers(jobs: Receiver<&'static str>) -> Vec<String> {
        let (results, arrived) = unbounded();
        for _ in 0..4 {
            let (jobs, results) = (jobs.clone(), results.clone());
            thread::spawn(move || {
                while let Ok(t) = jobs.try_recv() {
                    results.send(work(t)).unwrap();
                }
            });
        }
        drop(results);
        arrived.iter().collect()
    }
}

/// 04.2 PASS structure: a worker function of its own, four named threads, their handles joined after the last result has arrived.
pub mod named_workers_joined {
    use crossbeam::channel::{Receiver, unbounded};
    use helpers::*;
    use std::thread;

    pub fn four_workers(jobs: Receiver<&'static str>) -> Vec<String> {
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
}

/// 04.2 PASS structure: four scoped workers calling `recv` until the channel closes, results over `mpsc`, received inside the scope while the workers run.
pub mod scoped_workers_and_mpsc {
    use crossbeam::channel::Receiver;
    use helpers::*;
    use std::sync::mpsc;
    use std::thread;

    pub fn four_workers(jobs: Receiver<&'static str>) -> Vec<String> {
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
}
