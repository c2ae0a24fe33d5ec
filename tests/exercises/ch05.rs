//! Chapter 05's answers that test its checks: real Rust, one module per answer under its marker
//! line (see `helpers::check::sections`). Each module defines the function the exercise's starter
//! asks for; `cargo test` (`helpers/tests/ch05_exercises.rs`) runs every one against its check,
//! and `tests/exercises/run_answers.py` runs a sample through the kernel.

/// 05.1 FAIL wrong: workers_needed: a process per word, always: too many whenever short words can share a worker.
pub mod one_per_word {
    use helpers::*;

    pub fn workers_needed(units: &[usize]) -> usize {
        units.len()
    }

    pub fn on_processes(tokens: &[&'static str], workers: usize) -> Vec<Result<String, TaskError>> {
        let mut pool = ProcessPool::start(workers).expect("the workers start");
        pool.map(tokens)
    }
}

/// 05.1 FAIL fitted: workers_needed: the tutorial's answer typed in.
pub mod six_typed_in {
    use helpers::*;

    pub fn workers_needed(_units: &[usize]) -> usize {
        6
    }

    pub fn on_processes(tokens: &[&'static str], workers: usize) -> Vec<Result<String, TaskError>> {
        let mut pool = ProcessPool::start(workers).expect("the workers start");
        pool.map(tokens)
    }
}

/// 05.1 FAIL wrong: workers_needed: the total divided by the longest, rounded up: a lower bound, too few when the order of the words leaves a worker idle.
pub mod total_over_longest {
    use helpers::*;

    pub fn workers_needed(units: &[usize]) -> usize {
        let longest = units.iter().copied().max().unwrap_or(0);
        if longest == 0 {
            return 0;
        }
        units.iter().sum::<usize>().div_ceil(longest)
    }

    pub fn on_processes(tokens: &[&'static str], workers: usize) -> Vec<Result<String, TaskError>> {
        let mut pool = ProcessPool::start(workers).expect("the workers start");
        pool.map(tokens)
    }
}

/// 05.1 FAIL skipped: on_processes: threads, not worker processes.
pub mod on_threads {
    use helpers::*;
    use std::thread;

    pub fn workers_needed(units: &[usize]) -> usize {
        let longest = units.iter().copied().max().unwrap_or(0);
        (1..=units.len())
            .find(|&w| greedy_makespan(units, w) == longest)
            .unwrap_or(0)
    }

    pub fn on_processes(
        tokens: &[&'static str],
        _workers: usize,
    ) -> Vec<Result<String, TaskError>> {
        thread::scope(|s| {
            let handles: Vec<_> = tokens.iter().map(|&t| s.spawn(move || work(t))).collect();
            handles.into_iter().map(|h| Ok(h.join().unwrap())).collect()
        })
    }
}

/// 05.1 FAIL skipped: on_processes: a process per word, whatever the pool size.
pub mod process_per_word {
    use helpers::*;
    use std::thread;

    pub fn workers_needed(units: &[usize]) -> usize {
        let longest = units.iter().copied().max().unwrap_or(0);
        (1..=units.len())
            .find(|&w| greedy_makespan(units, w) == longest)
            .unwrap_or(0)
    }

    pub fn on_processes(
        tokens: &[&'static str],
        _workers: usize,
    ) -> Vec<Result<String, TaskError>> {
        thread::scope(|s| {
            let handles: Vec<_> = tokens
                .iter()
                .map(|&t| s.spawn(move || run_in_process(t)))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        })
    }
}

/// 05.1 FAIL fitted: on_processes: five workers, whatever the size asked for.
pub mod always_five {
    use helpers::*;

    pub fn workers_needed(units: &[usize]) -> usize {
        let longest = units.iter().copied().max().unwrap_or(0);
        (1..=units.len())
            .find(|&w| greedy_makespan(units, w) == longest)
            .unwrap_or(0)
    }

    pub fn on_processes(
        tokens: &[&'static str],
        _workers: usize,
    ) -> Vec<Result<String, TaskError>> {
        ProcessPool::start(5)
            .expect("five workers start")
            .map(tokens)
    }
}

/// 05.1 FAIL made-up: on_processes: the pool started but given no words, the results written from the words.
pub mod results_typed_in {
    use helpers::*;

    pub fn workers_needed(units: &[usize]) -> usize {
        let longest = units.iter().copied().max().unwrap_or(0);
        (1..=units.len())
            .find(|&w| greedy_makespan(units, w) == longest)
            .unwrap_or(0)
    }

    pub fn on_processes(tokens: &[&'static str], workers: usize) -> Vec<Result<String, TaskError>> {
        let _pool = ProcessPool::start(workers).expect("the workers start");
        tokens.iter().map(|t| Ok(t.to_uppercase())).collect()
    }
}

/// 05.1 FAIL subset: on_processes: the last word left out.
pub mod last_word_left_out {
    use helpers::*;

    pub fn workers_needed(units: &[usize]) -> usize {
        let longest = units.iter().copied().max().unwrap_or(0);
        (1..=units.len())
            .find(|&w| greedy_makespan(units, w) == longest)
            .unwrap_or(0)
    }

    pub fn on_processes(tokens: &[&'static str], workers: usize) -> Vec<Result<String, TaskError>> {
        let mut pool = ProcessPool::start(workers).expect("the workers start");
        pool.map(&tokens[..tokens.len().saturating_sub(1)])
    }
}

/// 05.1 FAIL panics: on_processes: the tutorial's twelve sliced off the input.
pub mod twelve_sliced {
    use helpers::*;

    pub fn workers_needed(units: &[usize]) -> usize {
        let longest = units.iter().copied().max().unwrap_or(0);
        (1..=units.len())
            .find(|&w| greedy_makespan(units, w) == longest)
            .unwrap_or(0)
    }

    pub fn on_processes(tokens: &[&'static str], workers: usize) -> Vec<Result<String, TaskError>> {
        ProcessPool::start(workers)
            .expect("the workers start")
            .map(&tokens[..12])
    }
}

/// 05.1 FAIL wrong: on_processes: the words split in two halves, the second mapped after the first has ended: workers sit idle at the end of the first half.
pub mod two_halves {
    use helpers::*;

    pub fn workers_needed(units: &[usize]) -> usize {
        let longest = units.iter().copied().max().unwrap_or(0);
        (1..=units.len())
            .find(|&w| greedy_makespan(units, w) == longest)
            .unwrap_or(0)
    }

    pub fn on_processes(tokens: &[&'static str], workers: usize) -> Vec<Result<String, TaskError>> {
        let mut pool = ProcessPool::start(workers).expect("the workers start");
        let (first, second) = tokens.split_at(tokens.len() / 2);
        let mut outcomes = pool.map(first);
        outcomes.extend(pool.map(second));
        outcomes
    }
}

/// 05.1 PASS structure: a pool played out by hand for each size, with the words as owned `String`s
pub mod by_hand_owned_words {
    use helpers::*;

    pub fn workers_needed(units: &[usize]) -> usize {
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

    pub fn on_processes(tokens: &[&'static str], workers: usize) -> Vec<Result<String, TaskError>> {
        let words: Vec<String> = tokens.iter().map(|t| t.to_string()).collect();
        match ProcessPool::start(workers) {
            Ok(mut pool) => pool.map(&words),
            Err(error) => panic!("the worker processes did not start: {error}"),
        }
    }
}

/// 05.1 PASS structure: the first size whose greedy time is the longest word's; the outcomes counted before they are returned
pub mod greedy_search_counted {
    use helpers::*;

    pub fn workers_needed(units: &[usize]) -> usize {
        let longest = units.iter().copied().max().unwrap_or(0);
        (1..=units.len())
            .find(|&w| greedy_makespan(units, w) == longest)
            .unwrap_or(0)
    }

    pub fn on_processes(tokens: &[&'static str], workers: usize) -> Vec<Result<String, TaskError>> {
        let mut pool = ProcessPool::start(workers).expect("the workers start");
        let outcomes = pool.map(tokens);
        let lost = outcomes.iter().filter(|o| o.is_err()).count();
        assert!(lost <= tokens.len());
        outcomes
    }
}

/// 05.2 FAIL wrong: no retry at all (the starter's shape with its line filled in as a plain map).
pub mod no_retry {
    use helpers::*;

    pub fn retry_lost(
        crashy: &mut ProcessPool,
        tokens: &[&'static str],
    ) -> Vec<Result<String, TaskError>> {
        crashy.map(tokens)
    }
}

/// 05.2 FAIL panics: every outcome unwrapped.
pub mod unwrapped {
    use helpers::*;

    pub fn retry_lost(
        crashy: &mut ProcessPool,
        tokens: &[&'static str],
    ) -> Vec<Result<String, TaskError>> {
        crashy
            .map(tokens)
            .into_iter()
            .map(|o| Ok(o.unwrap()))
            .collect()
    }
}

/// 05.2 FAIL made-up: a lost word's result written by hand.
pub mod retry_typed_in {
    use helpers::*;

    pub fn retry_lost(
        crashy: &mut ProcessPool,
        tokens: &[&'static str],
    ) -> Vec<Result<String, TaskError>> {
        crashy
            .map(tokens)
            .into_iter()
            .zip(tokens)
            .map(|(o, t)| o.or_else(|_| Ok(t.to_uppercase())))
            .collect()
    }
}

/// 05.2 FAIL skipped: the lost word worked out in the notebook's own thread.
pub mod retried_in_a_thread {
    use helpers::*;

    pub fn retry_lost(
        crashy: &mut ProcessPool,
        tokens: &[&'static str],
    ) -> Vec<Result<String, TaskError>> {
        crashy
            .map(tokens)
            .into_iter()
            .zip(tokens)
            .map(|(o, t)| o.or_else(|_| Ok(work(t))))
            .collect()
    }
}

/// 05.2 FAIL skipped: the lost word retried on the pool that lost it, which crashes on it again.
pub mod retried_on_the_same_pool {
    use helpers::*;

    pub fn retry_lost(
        crashy: &mut ProcessPool,
        tokens: &[&'static str],
    ) -> Vec<Result<String, TaskError>> {
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
}

/// 05.2 FAIL wrong: every word run again on a fresh worker, lost or not.
pub mod everything_retried {
    use helpers::*;

    pub fn retry_lost(
        crashy: &mut ProcessPool,
        tokens: &[&'static str],
    ) -> Vec<Result<String, TaskError>> {
        let _first_try = crashy.map(tokens);
        tokens.iter().map(|t| run_in_process(t)).collect()
    }
}

/// 05.2 FAIL wrong: a lost word retried twice, the second outcome kept.
pub mod retried_twice {
    use helpers::*;

    pub fn retry_lost(
        crashy: &mut ProcessPool,
        tokens: &[&'static str],
    ) -> Vec<Result<String, TaskError>> {
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
}

/// 05.2 FAIL fitted: only word 3, the tutorial's `how`, retried.
pub mod third_word_retried {
    use helpers::*;

    pub fn retry_lost(
        crashy: &mut ProcessPool,
        tokens: &[&'static str],
    ) -> Vec<Result<String, TaskError>> {
        let mut outcomes = crashy.map(tokens);
        if outcomes.len() > 2 && outcomes[2].is_err() {
            outcomes[2] = run_in_process(tokens[2]);
        }
        outcomes
    }
}

/// 05.2 FAIL subset: the first word left off the pool and never run.
pub mod first_word_never_run {
    use helpers::*;

    pub fn retry_lost(
        crashy: &mut ProcessPool,
        tokens: &[&'static str],
    ) -> Vec<Result<String, TaskError>> {
        let mut outcomes: Vec<_> = crashy
            .map(&tokens[1..])
            .into_iter()
            .zip(&tokens[1..])
            .map(|(o, t)| o.or_else(|_| run_in_process(t)))
            .collect();
        outcomes.insert(0, Ok(tokens[0].to_uppercase()));
        outcomes
    }
}

/// 05.2 PASS structure: a loop over the places, `match` on each first outcome.
pub mod match_each_place {
    use helpers::*;

    pub fn retry_lost(
        crashy: &mut ProcessPool,
        tokens: &[&'static str],
    ) -> Vec<Result<String, TaskError>> {
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
}

/// 05.2 PASS structure: the lost words' places found first, then all retried at once on a scoped thread each, every retry's outcome put in its place.
pub mod lost_places_retried_together {
    use helpers::*;
    use std::thread;

    pub fn retry_lost(
        crashy: &mut ProcessPool,
        tokens: &[&'static str],
    ) -> Vec<Result<String, TaskError>> {
        let mut outcomes = crashy.map(tokens);
        let lost: Vec<usize> = (0..outcomes.len())
            .filter(|&i| outcomes[i].is_err())
            .collect();
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
}
