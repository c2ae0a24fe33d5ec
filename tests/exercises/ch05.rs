//! Chapter 05's answers: what learners write for `workers_needed` and `on_processes` (05.1) and
//! `retry_lost` (05.2), wrong and right, each run against its check by `cargo test`.

use std::thread;

use helpers::{ProcessPool, TaskError, greedy_makespan, run_in_process, work};

// ---- 05.1 workers_needed: wrong ----

/// FAIL: a process per word, always: too many whenever short words can share a worker.
pub fn one_per_word(units: &[usize]) -> usize {
    units.len()
}

/// FAIL (a shape fitted to twelve words): the tutorial's answer typed in.
pub fn six_typed_in(_units: &[usize]) -> usize {
    6
}

/// FAIL: the total divided by the longest, rounded up: a lower bound, too few when the order
/// of the words leaves a worker idle.
pub fn total_over_longest(units: &[usize]) -> usize {
    let longest = units.iter().copied().max().unwrap_or(0);
    if longest == 0 {
        return 0;
    }
    units.iter().sum::<usize>().div_ceil(longest)
}

// ---- 05.1 workers_needed: right ----

/// PASS: the first pool size whose greedy time is the longest word's.
pub fn first_size_that_matches(units: &[usize]) -> usize {
    let longest = units.iter().copied().max().unwrap_or(0);
    (1..=units.len())
        .find(|&w| greedy_makespan(units, w) == longest)
        .unwrap_or(0)
}

/// PASS: the pool played out by hand (a free-at list per worker), trying sizes from one up.
pub fn played_out_by_hand(units: &[usize]) -> usize {
    let longest = units.iter().copied().max().unwrap_or(0);
    for workers in 1..=units.len() {
        let mut free_at = vec![0; workers];
        for &task in units {
            let first_free = (0..workers).min_by_key(|&w| free_at[w]).unwrap();
            free_at[first_free] += task;
        }
        if free_at.into_iter().max() == Some(longest) {
            return workers;
        }
    }
    0
}

// ---- 05.1 on_processes: wrong ----

/// FAIL (the lesson's construct skipped): threads, not worker processes.
pub fn on_threads(tokens: &[&'static str], _workers: usize) -> Vec<Result<String, TaskError>> {
    thread::scope(|s| {
        let handles: Vec<_> = tokens.iter().map(|&t| s.spawn(move || work(t))).collect();
        handles.into_iter().map(|h| Ok(h.join().unwrap())).collect()
    })
}

/// FAIL: a process per word, whatever the pool size.
pub fn process_per_word(tokens: &[&'static str], _workers: usize) -> Vec<Result<String, TaskError>> {
    thread::scope(|s| {
        let handles: Vec<_> = tokens.iter().map(|&t| s.spawn(move || run_in_process(t))).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}

/// FAIL (a shape fitted to the tutorial): five workers, whatever the size asked for.
pub fn always_five(tokens: &[&'static str], _workers: usize) -> Vec<Result<String, TaskError>> {
    ProcessPool::start(5).expect("five workers start").map(tokens)
}

/// FAIL (right values typed in): the pool runs, but the results are written from the words.
pub fn results_typed_in(tokens: &[&'static str], workers: usize) -> Vec<Result<String, TaskError>> {
    let _ = ProcessPool::start(workers).expect("the workers start").map(tokens);
    tokens.iter().map(|t| Ok(t.to_uppercase())).collect()
}

/// FAIL (a subset): the last word left out.
pub fn last_word_left_out(tokens: &[&'static str], workers: usize) -> Vec<Result<String, TaskError>> {
    let mut pool = ProcessPool::start(workers).expect("the workers start");
    pool.map(&tokens[..tokens.len().saturating_sub(1)])
}

/// FAIL (a panicking answer fitted to twelve words): the tutorial's twelve sliced off the input.
pub fn twelve_sliced(tokens: &[&'static str], workers: usize) -> Vec<Result<String, TaskError>> {
    ProcessPool::start(workers).expect("the workers start").map(&tokens[..12])
}

/// FAIL: the words split in two halves, the second mapped after the first has ended: workers
/// sit idle at the end of the first half.
pub fn two_halves(tokens: &[&'static str], workers: usize) -> Vec<Result<String, TaskError>> {
    let mut pool = ProcessPool::start(workers).expect("the workers start");
    let (first, second) = tokens.split_at(tokens.len() / 2);
    let mut outcomes = pool.map(first);
    outcomes.extend(pool.map(second));
    outcomes
}

// ---- 05.1 on_processes: right ----

/// PASS: a pool of the size asked for, the words mapped on it.
pub fn pool_map(tokens: &[&'static str], workers: usize) -> Vec<Result<String, TaskError>> {
    let mut pool = ProcessPool::start(workers).expect("the workers start");
    pool.map(tokens)
}

/// PASS: the words as owned `String`s, the pool's start-up error turned into every word's error.
pub fn owned_words(tokens: &[&'static str], workers: usize) -> Vec<Result<String, TaskError>> {
    let words: Vec<String> = tokens.iter().map(|t| t.to_string()).collect();
    match ProcessPool::start(workers) {
        Ok(mut pool) => pool.map(&words),
        Err(error) => panic!("the worker processes did not start: {error}"),
    }
}

/// PASS: the words mapped in one call, the outcomes checked with a loop before returning.
pub fn pool_map_counted(tokens: &[&'static str], workers: usize) -> Vec<Result<String, TaskError>> {
    let mut pool = ProcessPool::start(workers).expect("the workers start");
    let outcomes = pool.map(tokens);
    let lost = outcomes.iter().filter(|o| o.is_err()).count();
    assert!(lost <= tokens.len());
    outcomes
}

// ---- 05.2 retry_lost: wrong ----

/// FAIL: no retry at all (the starter's shape with its line filled in as a plain map).
pub fn no_retry(crashy: &mut ProcessPool, tokens: &[&'static str]) -> Vec<Result<String, TaskError>> {
    crashy.map(tokens)
}

/// FAIL (a panicking answer): every outcome unwrapped.
pub fn unwrapped(crashy: &mut ProcessPool, tokens: &[&'static str]) -> Vec<Result<String, TaskError>> {
    crashy.map(tokens).into_iter().map(|o| Ok(o.unwrap())).collect()
}

/// FAIL (right values typed in): a lost word's result written by hand.
pub fn retry_typed_in(crashy: &mut ProcessPool, tokens: &[&'static str]) -> Vec<Result<String, TaskError>> {
    crashy
        .map(tokens)
        .into_iter()
        .zip(tokens)
        .map(|(o, t)| o.or_else(|_| Ok(t.to_uppercase())))
        .collect()
}

/// FAIL (the lesson's construct skipped): the lost word worked out in the notebook's own thread.
pub fn retried_in_a_thread(crashy: &mut ProcessPool, tokens: &[&'static str]) -> Vec<Result<String, TaskError>> {
    crashy
        .map(tokens)
        .into_iter()
        .zip(tokens)
        .map(|(o, t)| o.or_else(|_| Ok(work(t))))
        .collect()
}

/// FAIL: the lost word retried on the pool that lost it, which crashes on it again.
pub fn retried_on_the_same_pool(crashy: &mut ProcessPool, tokens: &[&'static str]) -> Vec<Result<String, TaskError>> {
    let first_try = crashy.map(tokens);
    let mut outcomes = Vec::new();
    for (outcome, &t) in first_try.into_iter().zip(tokens) {
        outcomes.push(match outcome {
            Ok(result) => Ok(result),
            Err(_) => crashy.map(&[t]).remove(0),
        });
    }
    outcomes
}

/// FAIL: every word run again on a fresh worker, lost or not.
pub fn everything_retried(crashy: &mut ProcessPool, tokens: &[&'static str]) -> Vec<Result<String, TaskError>> {
    let _first_try = crashy.map(tokens);
    tokens.iter().map(|t| run_in_process(t)).collect()
}

/// FAIL: a lost word retried twice, the second outcome kept.
pub fn retried_twice(crashy: &mut ProcessPool, tokens: &[&'static str]) -> Vec<Result<String, TaskError>> {
    crashy
        .map(tokens)
        .into_iter()
        .zip(tokens)
        .map(|(o, t)| {
            o.or_else(|_| {
                let _ = run_in_process(t);
                run_in_process(t)
            })
        })
        .collect()
}

/// FAIL (a shape fitted to the tutorial): only word 3, the tutorial's `how`, retried.
pub fn third_word_retried(crashy: &mut ProcessPool, tokens: &[&'static str]) -> Vec<Result<String, TaskError>> {
    let mut outcomes = crashy.map(tokens);
    if outcomes.len() > 2 && outcomes[2].is_err() {
        outcomes[2] = run_in_process(tokens[2]);
    }
    outcomes
}

/// FAIL (a subset): the first word left off the pool and never run.
pub fn first_word_never_run(crashy: &mut ProcessPool, tokens: &[&'static str]) -> Vec<Result<String, TaskError>> {
    let mut outcomes: Vec<_> = crashy
        .map(&tokens[1..])
        .into_iter()
        .zip(&tokens[1..])
        .map(|(o, t)| o.or_else(|_| run_in_process(t)))
        .collect();
    outcomes.insert(0, Ok(tokens[0].to_uppercase()));
    outcomes
}

// ---- 05.2 retry_lost: right ----

/// PASS: each outcome zipped with its word, an `Err` replaced by one `run_in_process`.
pub fn or_else_in_process(crashy: &mut ProcessPool, tokens: &[&'static str]) -> Vec<Result<String, TaskError>> {
    crashy
        .map(tokens)
        .into_iter()
        .zip(tokens)
        .map(|(outcome, token)| outcome.or_else(|_| run_in_process(token)))
        .collect()
}

/// PASS: a loop over the places, `match` on each first outcome.
pub fn match_each_place(crashy: &mut ProcessPool, tokens: &[&'static str]) -> Vec<Result<String, TaskError>> {
    let first_try = crashy.map(tokens);
    let mut outcomes = Vec::with_capacity(tokens.len());
    for (i, outcome) in first_try.into_iter().enumerate() {
        match outcome {
            Ok(result) => outcomes.push(Ok(result)),
            Err(TaskError::WorkerDied { .. }) => outcomes.push(run_in_process(tokens[i])),
            Err(other) => outcomes.push(Err(other)),
        }
    }
    outcomes
}

/// PASS: the lost words' places found first, then all retried at once on a scoped thread each,
/// every retry's outcome put in its place.
pub fn lost_places_retried_together(crashy: &mut ProcessPool, tokens: &[&'static str]) -> Vec<Result<String, TaskError>> {
    let mut outcomes = crashy.map(tokens);
    let lost: Vec<usize> = (0..outcomes.len()).filter(|&i| outcomes[i].is_err()).collect();
    let retries: Vec<(usize, Result<String, TaskError>)> = thread::scope(|s| {
        let handles: Vec<_> = lost
            .iter()
            .map(|&i| s.spawn(move || (i, run_in_process(tokens[i]))))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (i, outcome) in retries {
        outcomes[i] = outcome;
    }
    outcomes
}
