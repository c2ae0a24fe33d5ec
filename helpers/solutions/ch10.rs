//! Worked answers to chapter 10's exercises (When tasks fail). `solution("10.1")` shows one once
//! the progress file records an attempt at it; `cargo test` compiles them and runs each against
//! its check. What stands above the modules is what the chapter's earlier cells define.

pub use helpers::*;
pub use rayon::prelude::*;
pub use std::any::Any;
pub use std::panic::catch_unwind;
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

/// 10.1 solution: each word's panic caught inside its own task, the payload's message as the Err
pub mod catch_each {
    use super::*;

    // Catch the panic inside each task, where only that word is lost: `catch_unwind` around
    // `work(t)` inside the `map`, and the payload's own message as the Err. `collect` keeps
    // input order.
    pub fn lose_nothing(tokens: &[&'static str]) -> Vec<Result<String, String>> {
        tokens
            .par_iter()
            .map(|t| catch_unwind(|| work(t)).map_err(|payload| message(&payload)))
            .collect()
    }
}

/// 10.2 solution: each task asks, just before it starts, whether its word can still end in time
pub mod ask_before_starting {
    use super::*;

    // "Is the deadline past?" is not enough: a word that starts in time can still end late. Ask
    // instead whether it can *end* in time, and skip it when it cannot: the worker takes the next
    // word at once, and a shorter one may still fit.
    pub fn before_deadline(
        pool: &WorkerPool,
        jobs: &[(&'static str, std::time::Duration)],
        deadline: Instant,
    ) -> Vec<Option<String>> {
        let task = move |(t, takes): (&'static str, std::time::Duration)| {
            (Instant::now() + takes <= deadline).then(|| work(t))
        };
        pool.map(task, jobs.to_vec())
    }
}
