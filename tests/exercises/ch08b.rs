//! Chapter 08b's answers that test its checks: one module per answer under its marker line,
//! `/// ID PASS|FAIL CLASS: why` (see `helpers::check::sections` and README.md). Each module
//! holds what a learner would type in the starter's cell. `cargo test -p helpers --test
//! ch08b_exercises` runs every one against its check; tests/exercises/run_answers.py runs them
//! in the real kernel.

/// 08b.1 PASS structure: the lock taken once per letter, each time after the work
pub mod tally_per_letter {
    use helpers::*;
    use std::collections::BTreeMap;
    use std::thread;

    pub fn tally_letters(tokens: &[&'static str], tally: &RecordedMutex<BTreeMap<char, usize>>) {
        thread::scope(|s| {
            for &token in tokens {
                s.spawn(move || {
                    for letter in work(token).chars() {
                        *tally.lock().unwrap().entry(letter).or_insert(0) += 1;
                    }
                });
            }
        });
    }
}

/// 08b.1 PASS structure: two threads, each counting half the words apart, merged under the lock once
pub mod tally_halves_merged {
    use helpers::*;
    use std::collections::BTreeMap;
    use std::thread;

    pub fn tally_letters(tokens: &[&'static str], tally: &RecordedMutex<BTreeMap<char, usize>>) {
        let (first, second) = tokens.split_at(tokens.len() / 2);
        thread::scope(|s| {
            for half in [first, second] {
                s.spawn(move || {
                    let mut own: BTreeMap<char, usize> = BTreeMap::new();
                    for token in half {
                        for letter in work(token).chars() {
                            *own.entry(letter).or_insert(0) += 1;
                        }
                    }
                    let mut shared = tally.lock().unwrap();
                    for (letter, count) in own {
                        *shared.entry(letter).or_insert(0) += count;
                    }
                });
            }
        });
    }
}

/// 08b.1 FAIL made-up: the letters counted from the words themselves, `work` never called
pub mod tally_made_up {
    use helpers::*;
    use std::collections::BTreeMap;

    pub fn tally_letters(tokens: &[&'static str], tally: &RecordedMutex<BTreeMap<char, usize>>) {
        let mut guard = tally.lock().unwrap();
        for token in tokens {
            for letter in token.to_uppercase().chars() {
                *guard.entry(letter).or_insert(0) += 1;
            }
        }
    }
}

/// 08b.1 FAIL wrong: a named guard taken before the work, so the threads take turns
pub mod tally_held_across {
    use helpers::*;
    use std::collections::BTreeMap;
    use std::thread;

    pub fn tally_letters(tokens: &[&'static str], tally: &RecordedMutex<BTreeMap<char, usize>>) {
        thread::scope(|s| {
            for &token in tokens {
                s.spawn(move || {
                    let mut guard = tally.lock().unwrap();
                    for letter in work(token).chars() {
                        *guard.entry(letter).or_insert(0) += 1;
                    }
                });
            }
        });
    }
}

/// 08b.1 FAIL skipped: the lock held only for the update, but one word after another
pub mod tally_sequential {
    use helpers::*;
    use std::collections::BTreeMap;

    pub fn tally_letters(tokens: &[&'static str], tally: &RecordedMutex<BTreeMap<char, usize>>) {
        for token in tokens {
            let word = work(token);
            let mut guard = tally.lock().unwrap();
            for letter in word.chars() {
                *guard.entry(letter).or_insert(0) += 1;
            }
        }
    }
}

/// 08b.1 FAIL wrong: the letters of the word as given, not of `work`'s result
pub mod tally_lower_case {
    use helpers::*;
    use std::collections::BTreeMap;
    use std::thread;

    pub fn tally_letters(tokens: &[&'static str], tally: &RecordedMutex<BTreeMap<char, usize>>) {
        thread::scope(|s| {
            for &token in tokens {
                s.spawn(move || {
                    work(token);
                    let mut guard = tally.lock().unwrap();
                    for letter in token.chars() {
                        *guard.entry(letter).or_insert(0) += 1;
                    }
                });
            }
        });
    }
}

/// 08b.1 FAIL panics: the lock unwrapped after a thread poisoned it
pub mod tally_panics {
    use helpers::*;
    use std::collections::BTreeMap;
    use std::thread;

    pub fn tally_letters(tokens: &[&'static str], tally: &RecordedMutex<BTreeMap<char, usize>>) {
        thread::scope(|s| {
            for &token in tokens {
                s.spawn(move || {
                    let word = work(token);
                    let mut guard = tally.lock().unwrap();
                    let first = word.chars().next().unwrap();
                    *guard.entry(first).or_insert(0) += 1;
                    assert!(word.len() < 5, "a long word: {word}");
                });
            }
        });
    }
}

/// 08b.2 PASS structure: a fixed pool of two threads claiming words with an atomic index
pub mod progress_two_threads {
    use helpers::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::thread;

    pub fn count_letters(tokens: &[&'static str], done: &AtomicUsize) {
        let next = AtomicUsize::new(0);
        thread::scope(|s| {
            for _ in 0..2 {
                s.spawn(|| {
                    while let Some(&token) = tokens.get(next.fetch_add(1, Ordering::Relaxed)) {
                        work(token);
                        done.fetch_add(char_count(token), Ordering::Relaxed);
                    }
                });
            }
        });
    }
}

/// 08b.2 PASS structure: one letter at a time, with the strongest ordering
pub mod progress_per_letter {
    use helpers::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::thread;

    pub fn count_letters(tokens: &[&'static str], done: &AtomicUsize) {
        thread::scope(|s| {
            for &token in tokens {
                s.spawn(move || {
                    for _ in work(token).chars() {
                        done.fetch_add(1, Ordering::SeqCst);
                    }
                });
            }
        });
    }
}

/// 08b.2 FAIL made-up: the total stored without the work
pub mod progress_made_up {
    use helpers::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    pub fn count_letters(tokens: &[&'static str], done: &AtomicUsize) {
        let letters: usize = tokens.iter().map(|t| char_count(t)).sum();
        done.store(letters, Ordering::Relaxed);
    }
}

/// 08b.2 FAIL wrong: per-thread results merged after the join, so nothing shows meanwhile
pub mod progress_at_the_end {
    use helpers::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::thread;

    pub fn count_letters(tokens: &[&'static str], done: &AtomicUsize) {
        let counts: Vec<usize> = thread::scope(|s| {
            let handles: Vec<_> = tokens
                .iter()
                .map(|&token| s.spawn(move || work(token).chars().count()))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        done.fetch_add(counts.iter().sum(), Ordering::Relaxed);
    }
}

/// 08b.2 FAIL wrong: each word counted before its work, so the counter runs ahead
pub mod progress_before_the_work {
    use helpers::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::thread;

    pub fn count_letters(tokens: &[&'static str], done: &AtomicUsize) {
        thread::scope(|s| {
            for &token in tokens {
                s.spawn(move || {
                    done.fetch_add(char_count(token), Ordering::Relaxed);
                    work(token);
                });
            }
        });
    }
}

/// 08b.2 FAIL skipped: counted as each word is done, but one word after another
pub mod progress_sequential {
    use helpers::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    pub fn count_letters(tokens: &[&'static str], done: &AtomicUsize) {
        for &token in tokens {
            work(token);
            done.fetch_add(char_count(token), Ordering::Relaxed);
        }
    }
}

/// 08b.2 FAIL wrong: a word's letters added twice
pub mod progress_doubled {
    use helpers::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::thread;

    pub fn count_letters(tokens: &[&'static str], done: &AtomicUsize) {
        thread::scope(|s| {
            for &token in tokens {
                s.spawn(move || {
                    let word = work(token);
                    done.fetch_add(char_count(token) + word.len(), Ordering::Relaxed);
                });
            }
        });
    }
}

/// 08b.1 FAIL subset: the first word left out, as if the list started at 1
pub mod tally_first_left_out {
    use helpers::*;
    use std::collections::BTreeMap;
    use std::thread;

    pub fn tally_letters(tokens: &[&'static str], tally: &RecordedMutex<BTreeMap<char, usize>>) {
        thread::scope(|s| {
            for &token in &tokens[1..] {
                s.spawn(move || {
                    let word = work(token);
                    let mut guard = tally.lock().unwrap();
                    for letter in word.chars() {
                        *guard.entry(letter).or_insert(0) += 1;
                    }
                });
            }
        });
    }
}

/// 08b.2 FAIL subset: the first word left out, its letters still added
pub mod progress_first_left_out {
    use helpers::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::thread;

    pub fn count_letters(tokens: &[&'static str], done: &AtomicUsize) {
        done.fetch_add(char_count(tokens[0]), Ordering::Relaxed);
        thread::scope(|s| {
            for &token in &tokens[1..] {
                s.spawn(move || {
                    work(token);
                    done.fetch_add(char_count(token), Ordering::Relaxed);
                });
            }
        });
    }
}

/// 08b.2 FAIL panics: each thread also reads the next word, past the end for the last one
pub mod progress_panics {
    use helpers::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::thread;

    pub fn count_letters(tokens: &[&'static str], done: &AtomicUsize) {
        thread::scope(|s| {
            for i in 0..tokens.len() {
                s.spawn(move || {
                    let word = work(tokens[i]);
                    let next = tokens[i + 1];
                    println!("{word}, then {next}");
                    done.fetch_add(char_count(tokens[i]), Ordering::Relaxed);
                });
            }
        });
    }
}
