//! Chapter 03's answers: what learners write for `every_outcome` (03.1) and `three_at_a_time`
//! (03.2), wrong and right, each run against its check by `cargo test`.

use std::panic::catch_unwind;
use std::sync::Mutex;
use std::thread;

use helpers::work;

/// A panic's message, as the lesson reads it (`downcast_ref::<String>()`, or a `&str`).
fn message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "panicked without a message".to_string())
}

// ---- 03.1 every_outcome: wrong ----

/// FAIL (a panicking answer): `join().unwrap()`, which panics at the first failed word.
pub fn unwrap_every_join(tokens: &[&'static str]) -> Vec<Result<String, String>> {
    let handles: Vec<_> = tokens
        .iter()
        .map(|&t| thread::spawn(move || work(t)))
        .collect();
    handles.into_iter().map(|h| Ok(h.join().unwrap())).collect()
}

/// FAIL (right values typed in): the threads run, but every Err's message is written by hand.
pub fn message_typed_in(tokens: &[&'static str]) -> Vec<Result<String, String>> {
    let handles: Vec<_> = tokens
        .iter()
        .map(|&t| (t, thread::spawn(move || work(t))))
        .collect();
    handles
        .into_iter()
        .map(|(t, h)| h.join().map_err(|_| format!("cannot work on {t:?}")))
        .collect()
}

/// FAIL (right values typed in): a failed word's result made up as `Ok(WORD)`.
pub fn failure_made_up_as_ok(tokens: &[&'static str]) -> Vec<Result<String, String>> {
    let handles: Vec<_> = tokens
        .iter()
        .map(|&t| (t, thread::spawn(move || work(t))))
        .collect();
    handles
        .into_iter()
        .map(|(t, h)| Ok(h.join().unwrap_or_else(|_| t.to_uppercase())))
        .collect()
}

/// FAIL (a subset): the failed words skipped, so fewer outcomes than words.
pub fn failures_skipped(tokens: &[&'static str]) -> Vec<Result<String, String>> {
    let handles: Vec<_> = tokens
        .iter()
        .map(|&t| thread::spawn(move || work(t)))
        .collect();
    handles
        .into_iter()
        .filter_map(|h| h.join().ok().map(Ok))
        .collect()
}

/// FAIL (a subset): stops at the first failure, losing the words after it.
pub fn stops_at_first_failure(tokens: &[&'static str]) -> Vec<Result<String, String>> {
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

/// FAIL (a shape fitted to the tutorial): the tutorial's `"you"` taken as the word that fails;
/// any other word's failure panics in `unwrap`.
pub fn fitted_to_the_tutorial(tokens: &[&'static str]) -> Vec<Result<String, String>> {
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

/// FAIL (the lesson's construct skipped): no threads at all, each word caught in turn.
pub fn one_after_another(tokens: &[&'static str]) -> Vec<Result<String, String>> {
    tokens
        .iter()
        .map(|&t| catch_unwind(|| work(t)).map_err(|payload| message(&*payload)))
        .collect()
}

/// FAIL (the lesson's construct skipped): each thread joined as soon as it is spawned, so the
/// words run one at a time.
pub fn joined_at_once(tokens: &[&'static str]) -> Vec<Result<String, String>> {
    tokens
        .iter()
        .map(|&t| {
            thread::spawn(move || work(t))
                .join()
                .map_err(|payload| message(&*payload))
        })
        .collect()
}

// ---- 03.1 every_outcome: right ----

/// PASS: a handle per word, joined in order, the payload read with `downcast_ref`.
pub fn join_and_downcast(tokens: &[&'static str]) -> Vec<Result<String, String>> {
    let handles: Vec<_> = tokens
        .iter()
        .map(|&t| thread::spawn(move || work(t)))
        .collect();
    let mut outcomes = Vec::new();
    for handle in handles {
        outcomes.push(handle.join().map_err(|payload| message(&*payload)));
    }
    outcomes
}

/// PASS: `catch_unwind` inside each scoped thread, the payload taken by value with `downcast`.
pub fn catch_inside_scoped_threads(tokens: &[&'static str]) -> Vec<Result<String, String>> {
    thread::scope(|s| {
        let handles: Vec<_> = tokens
            .iter()
            .map(|&t| s.spawn(move || catch_unwind(|| work(t))))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap().map_err(|payload| match payload.downcast::<String>() {
                    Ok(text) => *text,
                    Err(_) => "no message".to_string(),
                })
            })
            .collect()
    })
}

/// PASS: each thread sends its word's place and outcome down a channel; the outcomes are put
/// back in input order.
pub fn outcomes_by_place(tokens: &[&'static str]) -> Vec<Result<String, String>> {
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

// ---- 03.2 three_at_a_time: wrong ----

/// FAIL (the lesson's construct skipped): a thread per word, all at once.
pub fn all_at_once(tokens: &[&'static str]) -> Vec<String> {
    let handles: Vec<_> = tokens
        .iter()
        .map(|&t| thread::spawn(move || work(t)))
        .collect();
    handles.into_iter().map(|h| h.join().unwrap()).collect()
}

/// FAIL: each thread joined right after it is spawned, one word at a time.
pub fn one_at_a_time(tokens: &[&'static str]) -> Vec<String> {
    tokens
        .iter()
        .map(|&t| thread::spawn(move || work(t)).join().unwrap())
        .collect()
}

/// FAIL (right values typed in): the groups run, but the results are written from the words.
pub fn results_typed_in(tokens: &[&'static str]) -> Vec<String> {
    for group in tokens.chunks(3) {
        let handles: Vec<_> = group
            .iter()
            .map(|&t| thread::spawn(move || work(t)))
            .collect();
        for handle in handles {
            let _ = handle.join();
        }
    }
    tokens.iter().map(|t| t.to_uppercase()).collect()
}

/// FAIL (a shape fitted to twelve words): four groups cut at 3, 6, 9 and 12, which panics on a
/// shorter list and loses words of a longer one.
pub fn four_groups_of_three(tokens: &[&'static str]) -> Vec<String> {
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

/// FAIL (a subset): groups of three, but the last, short group forgotten.
pub fn full_groups_only(tokens: &[&'static str]) -> Vec<String> {
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

/// FAIL (a lock held across the work): three threads share the words behind a `Mutex`, and each
/// holds the lock while it works, so they take turns.
pub fn lock_held_across_work(tokens: &[&'static str]) -> Vec<String> {
    let next = Mutex::new(0usize);
    let mut done: Vec<(usize, String)> = thread::scope(|s| {
        let handles: Vec<_> = (0..3)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let mut index = next.lock().unwrap();
                        let Some(&t) = tokens.get(*index) else { break mine };
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

/// FAIL: groups of two: never more than three at once, but never three either.
pub fn groups_of_two(tokens: &[&'static str]) -> Vec<String> {
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

// ---- 03.2 three_at_a_time: right ----

/// PASS: groups of three, each joined before the next starts.
pub fn groups_of_three(tokens: &[&'static str]) -> Vec<String> {
    let mut results = Vec::new();
    for group in tokens.chunks(3) {
        let handles: Vec<_> = group
            .iter()
            .map(|&t| thread::spawn(move || work(t)))
            .collect();
        results.extend(handles.into_iter().map(|h| h.join().unwrap()));
    }
    results
}

/// PASS: a sliding window: the oldest thread joined before the next is spawned.
pub fn sliding_window(tokens: &[&'static str]) -> Vec<String> {
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

/// PASS: three scoped threads that each take the next index from a shared counter (the lock is
/// released before the work), results put back in input order.
pub fn three_threads_and_a_counter(tokens: &[&'static str]) -> Vec<String> {
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
