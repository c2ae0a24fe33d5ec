//! Chapter 03's answers that test its checks: real Rust, one module per answer under its marker
//! line (see `helpers::check::sections`). Each module defines the function the exercise's starter
//! asks for; `cargo test` (`helpers/tests/ch03_exercises.rs`) runs every one against its check,
//! and `tests/exercises/run_answers.py` runs a sample through the kernel.

/// 03.1 FAIL panics: `join().unwrap()`, which panics at the first failed word.
pub mod unwrap_every_join {
    use helpers::*;
    use std::thread;

    pub fn every_outcome(tokens: &[&'static str]) -> Vec<Result<String, String>> {
        let handles: Vec<_> = tokens
            .iter()
            .map(|&t| thread::spawn(move || work(t)))
            .collect();
        handles.into_iter().map(|h| Ok(h.join().unwrap())).collect()
    }
}

/// 03.1 FAIL made-up: the threads run, but every Err's message is written by hand.
pub mod message_typed_in {
    use helpers::*;
    use std::thread;

    pub fn every_outcome(tokens: &[&'static str]) -> Vec<Result<String, String>> {
        let handles: Vec<_> = tokens
            .iter()
            .map(|&t| (t, thread::spawn(move || work(t))))
            .collect();
        handles
            .into_iter()
            .map(|(t, h)| h.join().map_err(|_| format!("cannot work on {t:?}")))
            .collect()
    }
}

/// 03.1 FAIL made-up: a failed word's result made up as `Ok(WORD)`.
pub mod failure_made_up_as_ok {
    use helpers::*;
    use std::thread;

    pub fn every_outcome(tokens: &[&'static str]) -> Vec<Result<String, String>> {
        let handles: Vec<_> = tokens
            .iter()
            .map(|&t| (t, thread::spawn(move || work(t))))
            .collect();
        handles
            .into_iter()
            .map(|(t, h)| Ok(h.join().unwrap_or_else(|_| t.to_uppercase())))
            .collect()
    }
}

/// 03.1 FAIL subset: the failed words skipped, so fewer outcomes than words.
pub mod failures_skipped {
    use helpers::*;
    use std::thread;

    pub fn every_outcome(tokens: &[&'static str]) -> Vec<Result<String, String>> {
        let handles: Vec<_> = tokens
            .iter()
            .map(|&t| thread::spawn(move || work(t)))
            .collect();
        handles
            .into_iter()
            .filter_map(|h| h.join().ok().map(Ok))
            .collect()
    }
}

/// 03.1 FAIL subset: stops at the first failure, losing the words after it.
pub mod stops_at_first_failure {
    use helpers::*;
    use std::thread;

    fn message(payload: &(dyn std::any::Any + Send)) -> String {
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "panicked without a message".to_string())
    }

    pub fn every_outcome(tokens: &[&'static str]) -> Vec<Result<String, String>> {
        let handles: Vec<_> = tokens
            .iter()
            .map(|&t| thread::spawn(move || work(t)))
            .collect();
        let mut outcomes = Vec::new();
        for handle in handles {
            match handle.join() {
                Ok(result) => outcomes.push(Ok(result)),
                Err(payload) => {
                    outcomes.push(Err(message(&*payload)));
                    break;
                }
            }
        }
        outcomes
    }
}

/// 03.1 FAIL fitted: the tutorial's `"you"` taken as the word that fails; any other word's failure panics in `unwrap`.
pub mod fitted_to_the_tutorial {
    use helpers::*;
    use std::thread;

    fn message(payload: &(dyn std::any::Any + Send)) -> String {
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "panicked without a message".to_string())
    }

    pub fn every_outcome(tokens: &[&'static str]) -> Vec<Result<String, String>> {
        let handles: Vec<_> = tokens
            .iter()
            .map(|&t| (t, thread::spawn(move || work(t))))
            .collect();
        handles
            .into_iter()
            .map(|(t, h)| {
                if t == "you" {
                    Err(message(&*h.join().unwrap_err()))
                } else {
                    Ok(h.join().unwrap())
                }
            })
            .collect()
    }
}

/// 03.1 FAIL skipped: no threads at all, each word caught in turn.
pub mod one_after_another {
    use helpers::*;
    use std::panic::catch_unwind;

    fn message(payload: &(dyn std::any::Any + Send)) -> String {
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "panicked without a message".to_string())
    }

    pub fn every_outcome(tokens: &[&'static str]) -> Vec<Result<String, String>> {
        tokens
            .iter()
            .map(|&t| catch_unwind(|| work(t)).map_err(|payload| message(&*payload)))
            .collect()
    }
}

/// 03.1 FAIL skipped: each thread joined as soon as it is spawned, so the words run one at a time.
pub mod joined_at_once {
    use helpers::*;
    use std::thread;

    fn message(payload: &(dyn std::any::Any + Send)) -> String {
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "panicked without a message".to_string())
    }

    pub fn every_outcome(tokens: &[&'static str]) -> Vec<Result<String, String>> {
        tokens
            .iter()
            .map(|&t| {
                thread::spawn(move || work(t))
                    .join()
                    .map_err(|payload| message(&*payload))
            })
            .collect()
    }
}

/// 03.1 PASS structure: `catch_unwind` inside each scoped thread, the payload taken by value with `downcast`.
pub mod catch_inside_scoped_threads {
    use helpers::*;
    use std::panic::catch_unwind;
    use std::thread;

    pub fn every_outcome(tokens: &[&'static str]) -> Vec<Result<String, String>> {
        thread::scope(|s| {
            let handles: Vec<_> = tokens
                .iter()
                .map(|&t| s.spawn(move || catch_unwind(|| work(t))))
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap()
                        .map_err(|payload| match payload.downcast::<String>() {
                            Ok(text) => *text,
                            Err(_) => "no message".to_string(),
                        })
                })
                .collect()
        })
    }
}

/// 03.1 PASS structure: each thread sends its word's place and outcome down a channel; the outcomes are put back in input order.
pub mod outcomes_by_place {
    use helpers::*;
    use std::panic::catch_unwind;
    use std::thread;

    fn message(payload: &(dyn std::any::Any + Send)) -> String {
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "panicked without a message".to_string())
    }

    pub fn every_outcome(tokens: &[&'static str]) -> Vec<Result<String, String>> {
        let (sender, receiver) = std::sync::mpsc::channel();
        for (i, &t) in tokens.iter().enumerate() {
            let sender = sender.clone();
            thread::spawn(move || {
                let outcome = catch_unwind(|| work(t)).map_err(|payload| message(&*payload));
                sender.send((i, outcome)).unwrap();
            });
        }
        drop(sender);
        let mut outcomes: Vec<Option<Result<String, String>>> = vec![None; tokens.len()];
        for (i, outcome) in receiver {
            outcomes[i] = Some(outcome);
        }
        outcomes.into_iter().flatten().collect()
    }
}

/// 03.2 FAIL skipped: a thread per word, all at once.
pub mod all_at_once {
    use helpers::*;
    use std::thread;

    pub fn three_at_a_time(tokens: &[&'static str]) -> Vec<String> {
        let handles: Vec<_> = tokens
            .iter()
            .map(|&t| thread::spawn(move || work(t)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    }
}

/// 03.2 FAIL skipped: each thread joined right after it is spawned, one word at a time.
pub mod one_at_a_time {
    use helpers::*;
    use std::thread;

    pub fn three_at_a_time(tokens: &[&'static str]) -> Vec<String> {
        tokens
            .iter()
            .map(|&t| thread::spawn(move || work(t)).join().unwrap())
            .collect()
    }
}

/// 03.2 FAIL made-up: the threads started in groups but never joined, the results written from the words at once.
pub mod results_typed_in {
    use helpers::*;
    use std::thread;

    pub fn three_at_a_time(tokens: &[&'static str]) -> Vec<String> {
        for group in tokens.chunks(3) {
            for &t in group {
                thread::spawn(move || work(t));
            }
        }
        tokens.iter().map(|t| t.to_uppercase()).collect()
    }
}

/// 03.2 FAIL fitted: four groups cut at 3, 6, 9 and 12, which panics on a shorter list and loses words of a longer one.
pub mod four_groups_of_three {
    use helpers::*;
    use std::thread;

    pub fn three_at_a_time(tokens: &[&'static str]) -> Vec<String> {
        let mut results = Vec::new();
        for group in [&tokens[0..3], &tokens[3..6], &tokens[6..9], &tokens[9..12]] {
            let handles: Vec<_> = group
                .iter()
                .map(|&t| thread::spawn(move || work(t)))
                .collect();
            results.extend(handles.into_iter().map(|h| h.join().unwrap()));
        }
        results
    }
}

/// 03.2 FAIL subset: groups of three, but the last, short group forgotten.
pub mod full_groups_only {
    use helpers::*;
    use std::thread;

    pub fn three_at_a_time(tokens: &[&'static str]) -> Vec<String> {
        let mut results = Vec::new();
        for group in tokens.chunks_exact(3) {
            let handles: Vec<_> = group
                .iter()
                .map(|&t| thread::spawn(move || work(t)))
                .collect();
            results.extend(handles.into_iter().map(|h| h.join().unwrap()));
        }
        results
    }
}

/// 03.2 FAIL wrong: a lock held across the work: three threads share the words behind a `Mutex`, and each holds the lock while it works, so they take turns.
pub mod lock_held_across_work {
    use helpers::*;
    use std::sync::Mutex;
    use std::thread;

    pub fn three_at_a_time(tokens: &[&'static str]) -> Vec<String> {
        let next = Mutex::new(0usize);
        let mut done: Vec<(usize, String)> = thread::scope(|s| {
            let handles: Vec<_> = (0..3)
                .map(|_| {
                    s.spawn(|| {
                        let mut mine = Vec::new();
                        loop {
                            let mut index = next.lock().unwrap();
                            let Some(&t) = tokens.get(*index) else {
                                break mine;
                            };
                            let i = *index;
                            *index += 1;
                            mine.push((i, work(t))); // the guard is still alive here
                        }
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap())
                .collect()
        });
        done.sort();
        done.into_iter().map(|(_, r)| r).collect()
    }
}

/// 03.2 FAIL wrong: groups of two: never more than three at once, but never three either.
pub mod groups_of_two {
    use helpers::*;
    use std::thread;

    pub fn three_at_a_time(tokens: &[&'static str]) -> Vec<String> {
        let mut results = Vec::new();
        for group in tokens.chunks(2) {
            let handles: Vec<_> = group
                .iter()
                .map(|&t| thread::spawn(move || work(t)))
                .collect();
            results.extend(handles.into_iter().map(|h| h.join().unwrap()));
        }
        results
    }
}

/// 03.2 FAIL panics: each group's results written into places of a `Vec` that was never filled, which panics at the first one.
pub mod results_by_index {
    use helpers::*;
    use std::thread;

    pub fn three_at_a_time(tokens: &[&'static str]) -> Vec<String> {
        let mut results: Vec<String> = Vec::with_capacity(tokens.len());
        for (g, group) in tokens.chunks(3).enumerate() {
            let handles: Vec<_> = group
                .iter()
                .map(|&t| thread::spawn(move || work(t)))
                .collect();
            for (i, handle) in handles.into_iter().enumerate() {
                results[g * 3 + i] = handle.join().unwrap();
            }
        }
        results
    }
}

/// 03.2 PASS structure: a sliding window: the oldest thread joined before the next is spawned.
pub mod sliding_window {
    use helpers::*;
    use std::thread;

    pub fn three_at_a_time(tokens: &[&'static str]) -> Vec<String> {
        let mut results = Vec::new();
        let mut running = std::collections::VecDeque::new();
        for &t in tokens {
            if running.len() == 3 {
                let oldest: thread::JoinHandle<String> = running.pop_front().unwrap();
                results.push(oldest.join().unwrap());
            }
            running.push_back(thread::spawn(move || work(t)));
        }
        results.extend(running.into_iter().map(|h| h.join().unwrap()));
        results
    }
}

/// 03.2 PASS structure: three scoped threads that each take the next index from a shared counter (the lock is released before the work), results put back in input order.
pub mod three_threads_and_a_counter {
    use helpers::*;
    use std::sync::Mutex;
    use std::thread;

    pub fn three_at_a_time(tokens: &[&'static str]) -> Vec<String> {
        let next = Mutex::new(0usize);
        let mut done: Vec<(usize, String)> = thread::scope(|s| {
            let handles: Vec<_> = (0..3)
                .map(|_| {
                    s.spawn(|| {
                        let mut mine = Vec::new();
                        loop {
                            let i = {
                                let mut index = next.lock().unwrap();
                                *index += 1;
                                *index - 1
                            };
                            let Some(&t) = tokens.get(i) else { break mine };
                            mine.push((i, work(t)));
                        }
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap())
                .collect()
        });
        done.sort();
        done.into_iter().map(|(_, r)| r).collect()
    }
}
