//! Chapter 01's answers that test its checks: one module per answer under its marker line,
//! `/// ID PASS|FAIL CLASS: why` (see `helpers::check::sections` and README.md). Each module
//! holds what a learner would type in the starter's cell. `cargo test -p helpers --test
//! ch01_exercises` runs every one against its check; tests/exercises/run_answers.py runs them
//! in the real kernel.

/// 01.1 PASS float: the right number as a float
pub mod by_hand_float {
    pub fn three_workers() -> f64 {
        9.0
    }
}

/// 01.1 PASS structure: the columns played out in code, by hand-written steps
pub mod by_hand_columns {
    pub fn three_workers() -> usize {
        let columns = [5 + 3 + 1, 5 + 1 + 1 + 1 + 1, 3 + 3 + 1 + 1 + 1];
        *columns.iter().max().unwrap()
    }
}

/// 01.1 FAIL made-up: the sequential time divided by three, rounded down
pub mod by_hand_average {
    pub fn three_workers() -> usize {
        26 / 3
    }
}

/// 01.1 FAIL wrong: the longest word only, as if all twelve started together
pub mod by_hand_longest {
    pub fn three_workers() -> u32 {
        5
    }
}

/// 01.1 FAIL fitted: chapter 01's two-worker time read off the table
pub mod by_hand_two_workers {
    pub fn three_workers() -> u32 {
        13
    }
}

/// 01.1 FAIL panics: a prediction that indexes past the end
pub mod by_hand_panics {
    pub fn three_workers() -> usize {
        let columns: Vec<usize> = Vec::new();
        columns[2]
    }
}

/// 01.2 PASS structure: a heap of finishing times, as the crate does
pub mod makespan_heap {
    pub fn my_makespan(units: &[usize], workers: usize) -> usize {
        use std::cmp::Reverse;
        use std::collections::BinaryHeap;
        let mut free_at: BinaryHeap<Reverse<usize>> = (0..workers).map(|_| Reverse(0)).collect();
        let mut end = 0;
        for &task in units {
            let Reverse(start) = free_at.pop().unwrap();
            end = end.max(start + task);
            free_at.push(Reverse(start + task));
        }
        end
    }
}

/// 01.2 PASS structure: a simulation of time, one step of one unit at a time
pub mod makespan_clock {
    pub fn my_makespan(units: &[usize], workers: usize) -> usize {
        let mut left: Vec<usize> = Vec::new(); // the time left of each running task
        let mut next = 0;
        let mut clock = 0;
        loop {
            left.retain(|&l| l > 0);
            while left.len() < workers && next < units.len() {
                left.push(units[next]);
                next += 1;
            }
            left.retain(|&l| l > 0);
            if left.is_empty() && next == units.len() {
                return clock;
            }
            if left.is_empty() {
                continue;
            }
            for l in left.iter_mut() {
                *l -= 1;
            }
            clock += 1;
        }
    }
}

/// 01.2 FAIL made-up: chapter 01's table typed in, right on the tutorial's words only
pub mod makespan_table {
    pub fn my_makespan(_units: &[usize], workers: usize) -> usize {
        [0, 26, 13, 9, 7, 6, 5][workers.min(6)]
    }
}

/// 01.2 FAIL fitted: right on every list the exercise names, wrong on others
pub mod makespan_fitted {
    pub fn my_makespan(units: &[usize], workers: usize) -> usize {
        let total: usize = units.iter().sum();
        let longest = units.iter().copied().max().unwrap_or(0);
        if units == [1, 1, 1, 4] {
            return 5;
        }
        longest.max(total.div_ceil(workers))
    }
}

/// 01.2 FAIL wrong: the total divided by the workers
pub mod makespan_average {
    pub fn my_makespan(units: &[usize], workers: usize) -> usize {
        units.iter().sum::<usize>() / workers
    }
}

/// 01.2 FAIL sorted: longest task first, which is not the pool's order
pub mod makespan_longest_first {
    pub fn my_makespan(units: &[usize], workers: usize) -> usize {
        let mut sorted = units.to_vec();
        sorted.sort_unstable_by(|a, b| b.cmp(a));
        let mut free_at = vec![0; workers];
        for task in sorted {
            let first = (0..workers).min_by_key(|&w| free_at[w]).unwrap();
            free_at[first] += task;
        }
        free_at.into_iter().max().unwrap_or(0)
    }
}

/// 01.2 FAIL wrong: round robin, task i to worker i % workers
pub mod makespan_round_robin {
    pub fn my_makespan(units: &[usize], workers: usize) -> usize {
        let mut load = vec![0; workers];
        for (i, u) in units.iter().enumerate() {
            load[i % workers] += u;
        }
        load.into_iter().max().unwrap_or(0)
    }
}

/// 01.2 FAIL panics: the first task read without looking, on an empty list
pub mod makespan_panics {
    pub fn my_makespan(units: &[usize], workers: usize) -> usize {
        let mut free_at = vec![units[0]; 1];
        free_at.resize(workers, 0);
        for &task in &units[1..] {
            let first = (0..workers).min_by_key(|&w| free_at[w]).unwrap();
            free_at[first] += task;
        }
        free_at.into_iter().max().unwrap_or(0)
    }
}
