//! Chapter 04's solutions, one module per exercise under its marker line (see
//! `helpers::check::sections`). `solution("04.k")` prints a module's body once the learner has
//! tried that exercise; `cargo test` compiles them and runs each against its check
//! (`helpers/tests/ch04_exercises.rs`).

/// 04.1 solution: a clone of the sender moved into each thread, the original dropped
pub mod as_they_arrive {
    use helpers::*;
    use std::sync::mpsc;
    use std::thread;

    pub fn as_they_arrive(tokens: &[&'static str]) -> Vec<String> {
        let (sender, receiver) = mpsc::channel();
        for &token in tokens {
            let sender = sender.clone();
            thread::spawn(move || sender.send(work(token)).unwrap());
        }
        drop(sender); // else the loop below would wait for this sender forever
        receiver.iter().collect()
    }
}

/// 04.2 solution: four workers, each looping over a clone of the job receiver
pub mod four_workers {
    use crossbeam::channel::{Receiver, unbounded};
    use helpers::*;
    use std::thread;

    pub fn four_workers(jobs: Receiver<&'static str>) -> Vec<String> {
        let (result_sender, result_receiver) = unbounded();
        for _ in 0..4 {
            let (jobs, results) = (jobs.clone(), result_sender.clone());
            thread::spawn(move || {
                // Takes the next word whenever this worker is free; ends when the channel closes.
                for token in jobs.iter() {
                    results.send(work(token)).unwrap();
                }
            });
        }
        drop(result_sender); // the loop below ends once the workers' clones are gone too
        result_receiver.iter().collect()
    }
}
