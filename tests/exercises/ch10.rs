//! Answers that test chapter 10's checks: wrong ones (one per class of mistake that applies) that
//! must FAIL and right ones of other structures that must PASS. `cargo test` runs each against
//! its check; the kernel harness runs a sample in the notebook. What stands above the modules is
//! what the chapter's earlier cells define.

pub use helpers::*;
pub use rayon::prelude::*;
pub use std::any::Any;
pub use std::panic::{AssertUnwindSafe, catch_unwind};
pub use std::time::Instant;

/// The chapter's `message`: the text a panic's payload carries.
#[allow(clippy::borrowed_box)]
pub fn message(payload: &Box<dyn Any + Send>) -> String {
    if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else if let Some(text) = payload.downcast_ref::<&str>() {
        text.to_string()
    } else {
        "(a panic without a message)".to_string()
    }
}

/// 10.1 FAIL made-up: every outcome typed in as the word in capitals, the work never called
pub mod typed_in {
    pub fn lose_nothing(tokens: &[&'static str]) -> Vec<Result<String, String>> {
        tokens.iter().map(|t| Ok(t.to_uppercase())).collect()
    }
}

/// 10.1 FAIL wrong: the starter's shape, the panic caught around the whole par_iter
pub mod whole_catch {
    use super::*;

    pub fn lose_nothing(tokens: &[&'static str]) -> Vec<Result<String, String>> {
        match catch_unwind(|| tokens.par_iter().map(|t| work(t)).collect::<Vec<_>>()) {
            Ok(results) => results.into_iter().map(Ok).collect(),
            Err(payload) => vec![Err(message(&payload))],
        }
    }
}

/// 10.1 FAIL made-up: the panic caught per word, but an Err message of its own
pub mod own_message {
    use super::*;

    pub fn lose_nothing(tokens: &[&'static str]) -> Vec<Result<String, String>> {
        tokens
            .par_iter()
            .map(|t| catch_unwind(|| work(t)).map_err(|_| format!("{t} failed")))
            .collect()
    }
}

/// 10.1 FAIL made-up: the chapter's panic message written by hand for every failure
pub mod message_by_hand {
    use super::*;

    pub fn lose_nothing(tokens: &[&'static str]) -> Vec<Result<String, String>> {
        tokens
            .par_iter()
            .map(|t| catch_unwind(|| work(t)).map_err(|_| format!("cannot work on {t}")))
            .collect()
    }
}

/// 10.1 FAIL made-up: the failed word given a made-up Ok
pub mod made_up_ok {
    use super::*;

    pub fn lose_nothing(tokens: &[&'static str]) -> Vec<Result<String, String>> {
        tokens
            .par_iter()
            .map(|t| Ok(catch_unwind(|| work(t)).unwrap_or_else(|_| t.to_uppercase())))
            .collect()
    }
}

/// 10.1 FAIL made-up: a failed word tried once more, its retry's outcome kept
pub mod retry {
    use super::*;

    pub fn lose_nothing(tokens: &[&'static str]) -> Vec<Result<String, String>> {
        tokens
            .par_iter()
            .map(|t| {
                catch_unwind(|| work(t))
                    .or_else(|_| catch_unwind(|| work(t)))
                    .map_err(|payload| message(&payload))
            })
            .collect()
    }
}

/// 10.1 FAIL panics: Ok around each result, but no catch: the first panic ends the call
pub mod not_caught {
    use super::*;

    pub fn lose_nothing(tokens: &[&'static str]) -> Vec<Result<String, String>> {
        tokens.par_iter().map(|t| Ok(work(t))).collect()
    }
}

/// 10.1 FAIL skipped: par_iter dropped for a plain iter, one word after another
pub mod sequential {
    use super::*;

    pub fn lose_nothing(tokens: &[&'static str]) -> Vec<Result<String, String>> {
        tokens
            .iter()
            .map(|t| catch_unwind(|| work(t)).map_err(|payload| message(&payload)))
            .collect()
    }
}

/// 10.1 FAIL wrong: outcomes pushed as they complete, so not in input order
pub mod completion_order {
    use super::*;

    pub fn lose_nothing(tokens: &[&'static str]) -> Vec<Result<String, String>> {
        let arrived = std::sync::Mutex::new(Vec::new());
        tokens.par_iter().for_each(|t| {
            let outcome = catch_unwind(|| work(t)).map_err(|payload| message(&payload));
            arrived.lock().unwrap().push(outcome);
        });
        arrived.into_inner().unwrap()
    }
}

/// 10.1 FAIL subset: only the first half of the words
pub mod first_half {
    use super::*;

    pub fn lose_nothing(tokens: &[&'static str]) -> Vec<Result<String, String>> {
        tokens[..tokens.len() / 2]
            .par_iter()
            .map(|t| catch_unwind(|| work(t)).map_err(|payload| message(&payload)))
            .collect()
    }
}

/// 10.1 PASS structure: into_par_iter over a copy, AssertUnwindSafe and a match
pub mod match_each {
    use super::*;

    pub fn lose_nothing(tokens: &[&'static str]) -> Vec<Result<String, String>> {
        tokens
            .to_vec()
            .into_par_iter()
            .map(|t| match catch_unwind(AssertUnwindSafe(|| work(t))) {
                Ok(word) => Ok(word),
                Err(payload) => Err(message(&payload)),
            })
            .collect()
    }
}

/// 10.1 PASS structure: enumerate, collect pairs, sort them by index
pub mod sorted_by_index {
    use super::*;

    pub fn lose_nothing(tokens: &[&'static str]) -> Vec<Result<String, String>> {
        let mut pairs: Vec<(usize, Result<String, String>)> = tokens
            .par_iter()
            .enumerate()
            .map(|(i, t)| (i, catch_unwind(|| work(t)).map_err(|p| message(&p))))
            .collect();
        pairs.sort_by_key(|(i, _)| *i);
        pairs.into_iter().map(|(_, outcome)| outcome).collect()
    }
}

/// 10.1 PASS structure: for_each into one slot per word, the payload read by downcast in place
pub mod slots {
    use super::*;

    pub fn lose_nothing(tokens: &[&'static str]) -> Vec<Result<String, String>> {
        let slots: Vec<std::sync::Mutex<Option<Result<String, String>>>> =
            tokens.iter().map(|_| std::sync::Mutex::new(None)).collect();
        tokens.par_iter().enumerate().for_each(|(i, t)| {
            let outcome = catch_unwind(|| work(t)).map_err(|payload| {
                payload
                    .downcast_ref::<String>()
                    .cloned()
                    .unwrap_or_else(|| "no message".to_string())
            });
            *slots[i].lock().unwrap() = Some(outcome);
        });
        slots
            .into_iter()
            .map(|slot| slot.into_inner().unwrap().expect("every slot filled"))
            .collect()
    }
}

/// 10.2 FAIL fitted: a plan from paper: the first three words claimed done, typed in, no work
pub mod paper_plan {
    use super::*;

    pub fn before_deadline(
        _pool: &WorkerPool,
        jobs: &[(&'static str, std::time::Duration)],
        _deadline: Instant,
    ) -> Vec<Option<String>> {
        jobs.iter()
            .enumerate()
            .map(|(i, (t, _))| (i < 3).then(|| t.to_uppercase()))
            .collect()
    }
}

/// 10.2 FAIL wrong: every word done, the deadline ignored
pub mod every_word {
    use super::*;

    pub fn before_deadline(
        pool: &WorkerPool,
        jobs: &[(&'static str, std::time::Duration)],
        _deadline: Instant,
    ) -> Vec<Option<String>> {
        let words: Vec<&'static str> = jobs.iter().map(|(t, _)| *t).collect();
        pool.map(|t: &'static str| Some(work(t)), words)
    }
}

/// 10.2 FAIL wrong: a word starts whenever the deadline has not passed yet
pub mod deadline_not_past {
    use super::*;

    pub fn before_deadline(
        pool: &WorkerPool,
        jobs: &[(&'static str, std::time::Duration)],
        deadline: Instant,
    ) -> Vec<Option<String>> {
        pool.map(
            move |(t, _): (&'static str, std::time::Duration)| {
                (Instant::now() < deadline).then(|| work(t))
            },
            jobs.to_vec(),
        )
    }
}

/// 10.2 FAIL wrong: a shared flag stops every later word at the first one that does not fit
pub mod first_misfit_stops {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    pub fn before_deadline(
        pool: &WorkerPool,
        jobs: &[(&'static str, std::time::Duration)],
        deadline: Instant,
    ) -> Vec<Option<String>> {
        let stopped = Arc::new(AtomicBool::new(false));
        pool.map(
            move |(t, takes): (&'static str, std::time::Duration)| {
                if stopped.load(Ordering::SeqCst) {
                    return None;
                }
                if Instant::now() + takes > deadline {
                    stopped.store(true, Ordering::SeqCst);
                    return None;
                }
                Some(work(t))
            },
            jobs.to_vec(),
        )
    }
}

/// 10.2 FAIL made-up: cancelled words given their word in capitals, as if done
pub mod cancelled_claimed_done {
    use super::*;

    pub fn before_deadline(
        pool: &WorkerPool,
        jobs: &[(&'static str, std::time::Duration)],
        deadline: Instant,
    ) -> Vec<Option<String>> {
        pool.map(
            move |(t, takes): (&'static str, std::time::Duration)| {
                if Instant::now() + takes <= deadline {
                    Some(work(t))
                } else {
                    Some(t.to_uppercase())
                }
            },
            jobs.to_vec(),
        )
    }
}

/// 10.2 FAIL wrong: each word's time taken from its length, not from the time it comes with
pub mod time_from_length {
    use super::*;

    pub fn before_deadline(
        pool: &WorkerPool,
        jobs: &[(&'static str, std::time::Duration)],
        deadline: Instant,
    ) -> Vec<Option<String>> {
        let unit = jobs
            .iter()
            .map(|(_, takes)| *takes)
            .min()
            .unwrap_or_default();
        pool.map(
            move |(t, _): (&'static str, std::time::Duration)| {
                let guess = unit * char_count(t) as u32;
                (Instant::now() + guess <= deadline).then(|| work(t))
            },
            jobs.to_vec(),
        )
    }
}

/// 10.2 FAIL skipped: a thread per word, each asking whether it fits, the pool ignored
pub mod thread_per_word {
    use super::*;

    pub fn before_deadline(
        _pool: &WorkerPool,
        jobs: &[(&'static str, std::time::Duration)],
        deadline: Instant,
    ) -> Vec<Option<String>> {
        std::thread::scope(|s| {
            let handles: Vec<_> = jobs
                .iter()
                .map(|&(t, takes)| {
                    s.spawn(move || (Instant::now() + takes <= deadline).then(|| work(t)))
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        })
    }
}

/// 10.2 FAIL subset: only the first half of the words get an outcome
pub mod first_half_only {
    use super::*;

    pub fn before_deadline(
        pool: &WorkerPool,
        jobs: &[(&'static str, std::time::Duration)],
        deadline: Instant,
    ) -> Vec<Option<String>> {
        let half = jobs[..jobs.len() / 2].to_vec();
        pool.map(
            move |(t, takes): (&'static str, std::time::Duration)| {
                (Instant::now() + takes <= deadline).then(|| work(t))
            },
            half,
        )
    }
}

/// 10.2 FAIL panics: `expect` on a word that does not fit, a panic at the first cancelled word
pub mod expect_it_fits {
    use super::*;

    pub fn before_deadline(
        pool: &WorkerPool,
        jobs: &[(&'static str, std::time::Duration)],
        deadline: Instant,
    ) -> Vec<Option<String>> {
        let task = move |(t, takes): (&'static str, std::time::Duration)| {
            let fits = (Instant::now() + takes <= deadline).then_some(t);
            Some(work(fits.expect("the word fits")))
        };
        pool.map(task, jobs.to_vec())
    }
}

/// 10.2 PASS structure: the time left, asked with checked_duration_since, through imap
pub mod time_left {
    use super::*;

    pub fn before_deadline(
        pool: &WorkerPool,
        jobs: &[(&'static str, std::time::Duration)],
        deadline: Instant,
    ) -> Vec<Option<String>> {
        let task = move |(t, takes): (&'static str, std::time::Duration)| {
            let left = deadline.checked_duration_since(Instant::now())?;
            if takes > left {
                return None;
            }
            Some(work(t))
        };
        pool.imap(task, jobs.to_vec()).collect()
    }
}

/// 10.2 PASS structure: the greedy plan played out first, then only the chosen words run
pub mod plan_then_run {
    use super::*;

    pub fn before_deadline(
        pool: &WorkerPool,
        jobs: &[(&'static str, std::time::Duration)],
        deadline: Instant,
    ) -> Vec<Option<String>> {
        let start = Instant::now();
        let mut free_at = vec![start; pool.workers()];
        let mut chosen = Vec::new();
        for &(t, takes) in jobs {
            let earliest = free_at.iter_mut().min().expect("a worker");
            if *earliest + takes <= deadline {
                *earliest += takes;
                chosen.push(t);
            }
        }
        let words: Vec<&'static str> = jobs.iter().map(|(t, _)| *t).collect();
        pool.map(
            move |t: &'static str| chosen.contains(&t).then(|| work(t)),
            words,
        )
    }
}
