//! Chapter 02's solutions, one module per exercise under its marker line (see
//! `helpers::check::sections`). `solution("02.k")` prints a module's body once the learner has
//! tried that exercise; `cargo test` compiles them and runs each against its check
//! (`helpers/tests/ch02_exercises.rs`).

/// 02.1 solution: the long words first, then a scoped thread each, joined in input order
pub mod long_words {
    use helpers::*;

    pub fn long_words_in_order(words: &[&'static str]) -> Vec<String> {
        let long: Vec<&str> = words
            .iter()
            .copied()
            .filter(|t| char_count(t) > 1)
            .collect();
        std::thread::scope(|s| {
            // Every thread is started before any is joined, so all the long words sleep at once.
            let handles: Vec<_> = long.iter().map(|t| s.spawn(move || work(t))).collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        })
    }
}

/// 02.2 solution: a pool of one thread per word, so every word can sleep at the same time
pub mod sized_pool {
    use helpers::*;
    use rayon::prelude::*;

    pub fn sized_pool(words: &[&'static str]) -> Vec<String> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(words.len())
            .build()
            .unwrap();
        pool.install(|| words.par_iter().map(|t| work(t)).collect())
    }
}
