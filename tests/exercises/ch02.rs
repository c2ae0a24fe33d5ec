//! Chapter 02's answers that test its checks: one module per answer under its marker line,
//! `/// ID PASS|FAIL CLASS: why` (see `helpers::check::sections` and README.md). Each module
//! holds what a learner would type in the starter's cell. `cargo test -p helpers --test
//! ch02_exercises` runs every one against its check; tests/exercises/run_answers.py runs them
//! in the real kernel.

/// 02.1 PASS structure: the handles from one iterator chain, joined in a second
pub mod long_chain {
    use helpers::*;

    pub fn long_words_in_order(words: &[&'static str]) -> Vec<String> {
        std::thread::scope(|s| {
            words
                .iter()
                .filter(|w| w.chars().count() > 1)
                .map(|w| s.spawn(move || work(w)))
                .collect::<Vec<_>>()
                .into_iter()
                .map(|h| h.join().unwrap())
                .collect()
        })
    }
}

/// 02.1 PASS structure: plain spawn (the words are &'static), a for loop and a results Vec
pub mod long_spawn_loop {
    use helpers::*;

    pub fn long_words_in_order(words: &[&'static str]) -> Vec<String> {
        let mut handles = Vec::new();
        for &word in words {
            if char_count(word) > 1 {
                handles.push(std::thread::spawn(move || work(word)));
            }
        }
        let mut results = Vec::new();
        for handle in handles {
            results.push(handle.join().unwrap());
        }
        results
    }
}

/// 02.1 FAIL made-up: the long words uppercased, work never called
pub mod long_made_up {
    pub fn long_words_in_order(words: &[&'static str]) -> Vec<String> {
        words
            .iter()
            .filter(|w| w.chars().count() > 1)
            .map(|w| w.to_uppercase())
            .collect()
    }
}

/// 02.1 FAIL skipped: one after another, no threads
pub mod long_sequential {
    use helpers::*;

    pub fn long_words_in_order(words: &[&'static str]) -> Vec<String> {
        words
            .iter()
            .filter(|w| char_count(w) > 1)
            .map(|w| work(w))
            .collect()
    }
}

/// 02.1 FAIL skipped: each scoped thread joined right after it is spawned: one at a time
pub mod long_join_at_once {
    use helpers::*;

    pub fn long_words_in_order(words: &[&'static str]) -> Vec<String> {
        std::thread::scope(|s| {
            words
                .iter()
                .filter(|w| char_count(w) > 1)
                .map(|w| s.spawn(move || work(w)).join().unwrap())
                .collect()
        })
    }
}

/// 02.1 FAIL sorted: results collected as they finish (a channel), not in input order
pub mod long_channel {
    use helpers::*;

    pub fn long_words_in_order(words: &[&'static str]) -> Vec<String> {
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::scope(|s| {
            for w in words.iter().filter(|w| char_count(w) > 1) {
                let sender = sender.clone();
                s.spawn(move || sender.send(work(w)).unwrap());
            }
        });
        drop(sender);
        receiver.iter().collect()
    }
}

/// 02.1 FAIL sorted: the right threads, results then sorted shortest word first
pub mod long_sorted_by_length {
    use helpers::*;

    pub fn long_words_in_order(words: &[&'static str]) -> Vec<String> {
        let mut results: Vec<String> = std::thread::scope(|s| {
            let handles: Vec<_> = words
                .iter()
                .filter(|w| char_count(w) > 1)
                .map(|w| s.spawn(move || work(w)))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        results.sort_by_key(|r| r.chars().count());
        results
    }
}

/// 02.1 FAIL subset: only words of more than three letters, a cut that fits hello world how are you
pub mod long_over_three {
    use helpers::*;

    pub fn long_words_in_order(words: &[&'static str]) -> Vec<String> {
        std::thread::scope(|s| {
            let handles: Vec<_> = words
                .iter()
                .filter(|w| char_count(w) > 3)
                .map(|w| s.spawn(move || work(w)))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        })
    }
}

/// 02.1 FAIL fitted: the first five words, where the tutorial's long words stand
pub mod long_first_five {
    use helpers::*;

    pub fn long_words_in_order(words: &[&'static str]) -> Vec<String> {
        std::thread::scope(|s| {
            let handles: Vec<_> = words[..5]
                .iter()
                .map(|w| s.spawn(move || work(w)))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        })
    }
}

/// 02.1 FAIL skipped: rayon's par_iter instead of threads of one's own
pub mod long_par_iter {
    use helpers::*;
    use rayon::prelude::*;

    pub fn long_words_in_order(words: &[&'static str]) -> Vec<String> {
        let long: Vec<&str> = words
            .iter()
            .copied()
            .filter(|w| char_count(w) > 1)
            .collect();
        long.par_iter().map(|w| work(w)).collect()
    }
}

/// 02.1 FAIL panics: a thread that unwraps a word the list does not have
pub mod long_panics {
    use helpers::*;

    pub fn long_words_in_order(words: &[&'static str]) -> Vec<String> {
        let long: Vec<&str> = words
            .iter()
            .copied()
            .filter(|w| char_count(w) > 1)
            .collect();
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..=long.len())
                .map(|i| {
                    s.spawn({
                        let long = &long;
                        move || work(long[i])
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        })
    }
}

/// 02.2 PASS structure: indices on the pool, into_par_iter over 0..n
pub mod pool_indices {
    use helpers::*;
    use rayon::prelude::*;

    pub fn sized_pool(words: &[&'static str]) -> Vec<String> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(words.len())
            .build()
            .unwrap();
        pool.install(|| {
            (0..words.len())
                .into_par_iter()
                .map(|i| work(words[i]))
                .collect()
        })
    }
}

/// 02.2 PASS structure: the pool's size as a named variable, results collected into a Vec first
pub mod pool_collect_into {
    use helpers::*;
    use rayon::prelude::*;

    pub fn sized_pool(words: &[&'static str]) -> Vec<String> {
        let threads = words.len(); // one per word: every word can sleep at once
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a pool");
        let mut results = Vec::with_capacity(threads);
        pool.install(|| {
            words
                .par_iter()
                .map(|t| work(t))
                .collect_into_vec(&mut results)
        });
        results
    }
}

/// 02.2 FAIL made-up: the words uppercased on the pool, work never called
pub mod pool_made_up {
    use rayon::prelude::*;

    pub fn sized_pool(words: &[&'static str]) -> Vec<String> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(words.len())
            .build()
            .unwrap();
        pool.install(|| words.par_iter().map(|t| t.to_uppercase()).collect())
    }
}

/// 02.2 FAIL skipped: the global pool, sized by the machine's cores
pub mod pool_global {
    use helpers::*;
    use rayon::prelude::*;

    pub fn sized_pool(words: &[&'static str]) -> Vec<String> {
        words.par_iter().map(|t| work(t)).collect()
    }
}

/// 02.2 FAIL fitted: twelve threads typed in, the tutorial's word count
pub mod pool_twelve {
    use helpers::*;
    use rayon::prelude::*;

    pub fn sized_pool(words: &[&'static str]) -> Vec<String> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(12)
            .build()
            .unwrap();
        pool.install(|| words.par_iter().map(|t| work(t)).collect())
    }
}

/// 02.2 FAIL fitted: five threads, the tutorial's longest word in units
pub mod pool_five {
    use helpers::*;
    use rayon::prelude::*;

    pub fn sized_pool(words: &[&'static str]) -> Vec<String> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(5)
            .build()
            .unwrap();
        pool.install(|| words.par_iter().map(|t| work(t)).collect())
    }
}

/// 02.2 FAIL wrong: one thread fewer than words, as a queue would manage when a short word can wait
pub mod pool_queue_sized {
    use helpers::*;
    use rayon::prelude::*;

    pub fn sized_pool(words: &[&'static str]) -> Vec<String> {
        // In a queue the last word could take the first thread that frees up.
        let threads = words.len().saturating_sub(1).max(1);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| words.par_iter().map(|t| work(t)).collect())
    }
}

/// 02.2 FAIL wrong: twice as many threads as words
pub mod pool_double {
    use helpers::*;
    use rayon::prelude::*;

    pub fn sized_pool(words: &[&'static str]) -> Vec<String> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2 * words.len())
            .build()
            .unwrap();
        pool.install(|| words.par_iter().map(|t| work(t)).collect())
    }
}

/// 02.2 FAIL skipped: the right pool, but iter() instead of par_iter(): the words take turns
pub mod pool_iter {
    use helpers::*;

    pub fn sized_pool(words: &[&'static str]) -> Vec<String> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(words.len())
            .build()
            .unwrap();
        pool.install(|| words.iter().map(|t| work(t)).collect())
    }
}

/// 02.2 FAIL sorted: the right pool, results sorted shortest first
pub mod pool_sorted {
    use helpers::*;
    use rayon::prelude::*;

    pub fn sized_pool(words: &[&'static str]) -> Vec<String> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(words.len())
            .build()
            .unwrap();
        let mut results: Vec<String> = pool.install(|| words.par_iter().map(|t| work(t)).collect());
        results.sort_by_key(|r| r.len());
        results
    }
}

/// 02.2 FAIL panics: the right pool, and a word read one past the end of the list
pub mod pool_panics {
    use helpers::*;
    use rayon::prelude::*;

    pub fn sized_pool(words: &[&'static str]) -> Vec<String> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(words.len())
            .build()
            .unwrap();
        let last = words[words.len()];
        pool.install(|| {
            words
                .par_iter()
                .map(|t| work(t))
                .chain([work(last)])
                .collect()
        })
    }
}
