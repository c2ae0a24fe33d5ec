//! Chapter 03's solutions, one module per exercise under its marker line (see
//! `helpers::check::sections`). `solution("03.k")` prints a module's body once the learner has
//! tried that exercise; `cargo test` compiles them and runs each against its check
//! (`helpers/tests/ch03_exercises.rs`).

/// 03.1 solution: a handle per word, every handle joined in order, the panic's message kept
pub mod every_outcome {
    use helpers::*;
    use std::thread;

    pub fn every_outcome(tokens: &[&'static str]) -> Vec<Result<String, String>> {
        // Start every thread first, so the words run at the same time.
        let handles: Vec<thread::JoinHandle<String>> = tokens
            .iter()
            .map(|&t| thread::spawn(move || work(t)))
            .collect();
        let mut outcomes = Vec::new();
        for handle in handles {
            // join() is Ok(what the thread returned) or Err(the panic's payload): keep both.
            outcomes.push(handle.join().map_err(|payload| {
                match payload.downcast_ref::<String>() {
                    Some(message) => message.clone(), // panic!("... {}", x) carries a String
                    None => "panicked without a message".to_string(),
                }
            }));
        }
        outcomes
    }
}

/// 03.2 solution: groups of three, each group joined before the next starts
pub mod three_at_a_time {
    use helpers::*;
    use std::thread;

    pub fn three_at_a_time(tokens: &[&'static str]) -> Vec<String> {
        let mut results = Vec::new();
        // The last group is shorter when the count is not a multiple of three.
        for group in tokens.chunks(3) {
            let handles: Vec<_> = group
                .iter()
                .map(|&t| thread::spawn(move || work(t)))
                .collect();
            results.extend(handles.into_iter().map(|h| h.join().unwrap()));
        }
        results
    }
}
