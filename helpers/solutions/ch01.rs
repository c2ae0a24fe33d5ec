//! Chapter 01's solutions, one module per exercise under its marker line (see
//! `helpers::check::sections`). `solution("01.k")` prints a module's body once the learner has
//! tried that exercise; `cargo test` compiles them and runs each against its check
//! (`helpers/tests/ch01_exercises.rs`).

/// 01.1 solution: the three columns worked out by hand
pub mod by_hand {
    // Workers A, B, C, each free at 0. hello -> A (ends 5), world -> B (5), how -> C (3).
    // At 3, C takes are (6). At 5, A takes you (8) and B takes a (6). At 6, B takes b (7),
    // C takes c (7). At 7, B takes d (8), C takes e (8). At 8, A takes f (9), B takes g (9).
    // The last word ends at 9.
    pub fn three_workers() -> u32 {
        9
    }
}

/// 01.2 solution: one finishing time per worker, each task to the first free
pub mod makespan {
    pub fn my_makespan(units: &[usize], workers: usize) -> usize {
        let mut free_at = vec![0; workers]; // when each worker is next free
        for &task in units {
            let first_free = (0..workers).min_by_key(|&w| free_at[w]).unwrap();
            free_at[first_free] += task;
        }
        free_at.into_iter().max().unwrap_or(0)
    }
}
