//! What the time should be: the makespan of a pool that hands out work in submission order.
//!
//! ```
//! use helpers::{greedy_makespan, TUTORIAL_TOKENS};
//!
//! // The tutorial's tokens in units: 5 5 3 3 3 1 1 1 1 1 1 1 (26 in all).
//! let units: Vec<u32> = TUTORIAL_TOKENS.iter().map(|t| t.len() as u32).collect();
//! let makespans: Vec<u32> = (1..=6).map(|w| greedy_makespan(&units, w)).collect();
//! assert_eq!(makespans, [26, 13, 9, 7, 6, 5]);
//! ```
//!
//! A greedy pool gives the next task to whichever worker frees up first. Python's
//! `ThreadPool.map` instead cuts the input into chunks and hands out whole chunks, which is why it
//! takes 14 s rather than 13 s on two cores: see [`chunked_makespan`].

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ops::Add;

use serde::{Deserialize, Serialize};

/// How a style hands tokens to workers, which decides the time it should take.
/// In the run format it is a tagged object: `{"kind": "chunked", "workers": 2, "chunk": 2}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Dispatch {
    /// `workers` workers, each taking the next token when it is free.
    Greedy {
        /// How many tasks run at once.
        workers: usize,
    },
    /// `workers` workers, each taking the next `chunk` consecutive tokens when it is free.
    Chunked {
        /// How many tasks run at once.
        workers: usize,
        /// Tokens per chunk.
        chunk: usize,
    },
    /// No prediction (for example, CPU-bound work on more threads than cores).
    Unpredicted {
        /// How many workers ran, for the record.
        workers: usize,
    },
}

impl From<usize> for Dispatch {
    /// A worker count means greedy dispatch.
    fn from(workers: usize) -> Self {
        Dispatch::Greedy { workers }
    }
}

impl Dispatch {
    /// The predicted makespan for tasks of these durations, in submission order: zero for no
    /// tasks, none for tasks and no worker (or a chunk of zero) to run them.
    pub fn makespan<T: Copy + Ord + Default + Add<Output = T>>(
        &self,
        durations: &[T],
    ) -> Option<T> {
        if durations.is_empty() {
            return Some(T::default());
        }
        match *self {
            Dispatch::Greedy { workers: 0 } | Dispatch::Chunked { workers: 0, .. } => None,
            Dispatch::Chunked { chunk: 0, .. } => None,
            Dispatch::Greedy { workers } => Some(greedy_makespan(durations, workers)),
            Dispatch::Chunked { workers, chunk } => {
                Some(chunked_makespan(durations, workers, chunk))
            }
            Dispatch::Unpredicted { .. } => None,
        }
    }

    /// How many tasks run at once.
    pub fn workers(&self) -> usize {
        match *self {
            Dispatch::Greedy { workers }
            | Dispatch::Chunked { workers, .. }
            | Dispatch::Unpredicted { workers } => workers,
        }
    }

    /// `2 workers`, `2 workers, chunks of 2`.
    pub fn describe(&self) -> String {
        let workers = self.workers();
        let plural = if workers == 1 { "" } else { "s" };
        match *self {
            Dispatch::Chunked { chunk, .. } => {
                format!("{workers} worker{plural}, chunks of {chunk}")
            }
            _ => format!("{workers} worker{plural}"),
        }
    }
}

/// The time `workers` workers take when each free worker takes the next task in order.
///
/// Works for any additive, ordered duration type: `u32` units or [`Duration`](std::time::Duration)s.
///
/// ```
/// use std::time::Duration;
/// let secs = Duration::from_secs;
/// assert_eq!(helpers::greedy_makespan(&[secs(3), secs(1), secs(1), secs(1)], 2), secs(3));
/// assert_eq!(helpers::greedy_makespan::<u32>(&[], 4), 0);
/// assert_eq!(helpers::greedy_makespan::<u32>(&[], 0), 0); // nothing to do takes no time
/// ```
///
/// # Panics
/// If `workers` is zero and there are tasks (they would never end).
pub fn greedy_makespan<T: Copy + Ord + Default + Add<Output = T>>(
    durations: &[T],
    workers: usize,
) -> T {
    if durations.is_empty() {
        return T::default();
    }
    assert!(workers > 0, "tasks with no worker to run them never end");
    // Each worker's finishing time; the smallest takes the next task.
    let mut free_at: BinaryHeap<Reverse<T>> = (0..workers.min(durations.len()))
        .map(|_| Reverse(T::default()))
        .collect();
    for &duration in durations {
        let Reverse(earliest) = free_at.pop().expect("the heap holds one entry per worker");
        free_at.push(Reverse(earliest + duration));
    }
    free_at
        .into_iter()
        .map(|Reverse(t)| t)
        .max()
        .unwrap_or_default()
}

/// The time `workers` workers take when each free worker takes the next `chunk` tasks at once.
///
/// ```
/// // Python's ThreadPool.map on 2 cores sends chunks of 2: (5+5) (3+3) (3+1) (1+1) (1+1) (1+1).
/// let units = [5, 5, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1];
/// assert_eq!(helpers::chunked_makespan(&units, 2, 2), 14);
/// assert_eq!(helpers::chunked_makespan(&units, 2, 1), 13);
/// ```
///
/// # Panics
/// If `workers` or `chunk` is zero and there are tasks.
pub fn chunked_makespan<T: Copy + Ord + Default + Add<Output = T>>(
    durations: &[T],
    workers: usize,
    chunk: usize,
) -> T {
    if durations.is_empty() {
        return T::default();
    }
    assert!(chunk > 0, "a chunk holds at least one task");
    let chunk_durations: Vec<T> = durations
        .chunks(chunk)
        .map(|c| c.iter().fold(T::default(), |sum, &d| sum + d))
        .collect();
    greedy_makespan(&chunk_durations, workers)
}

/// The chunk size Python's `Pool.map` picks when none is given: the input split into about four
/// chunks per worker, rounded up (`divmod(len, workers * 4)`).
///
/// ```
/// assert_eq!(helpers::python_default_chunk(12, 2), 2);
/// assert_eq!(helpers::python_default_chunk(12, 6), 1);
/// assert_eq!(helpers::python_default_chunk(0, 2), 1);
/// ```
pub fn python_default_chunk(tasks: usize, workers: usize) -> usize {
    let per = workers.max(1) * 4;
    (tasks.div_ceil(per)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TUTORIAL_UNITS: [u32; 12] = [5, 5, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1];

    #[test]
    fn greedy_matches_hand_computed_values() {
        // Worked by hand, e.g. 3 workers: 5+3+1 | 5+1+1+1+1 | 3+3+1+1 ends at 9.
        let expected = [
            (1, 26),
            (2, 13),
            (3, 9),
            (4, 7),
            (5, 6),
            (6, 5),
            (12, 5),
            (100, 5),
        ];
        for (workers, makespan) in expected {
            assert_eq!(
                greedy_makespan(&TUTORIAL_UNITS, workers),
                makespan,
                "{workers} workers"
            );
        }
    }

    #[test]
    fn chunked_matches_hand_computed_values() {
        // Chunks of 2 weigh 10 6 4 2 2 2: one worker runs 10+2+2, the other 6+4+2.
        assert_eq!(chunked_makespan(&TUTORIAL_UNITS, 2, 2), 14);
        // Chunks of 3 weigh 13 7 3 3: one worker runs 13, the other 7+3+3.
        assert_eq!(chunked_makespan(&TUTORIAL_UNITS, 2, 3), 13);
        // One chunk is sequential.
        assert_eq!(chunked_makespan(&TUTORIAL_UNITS, 4, 12), 26);
        assert_eq!(chunked_makespan(&TUTORIAL_UNITS, 6, 1), 5);
    }

    #[test]
    fn empty_input_takes_no_time() {
        assert_eq!(greedy_makespan::<u32>(&[], 3), 0);
        assert_eq!(chunked_makespan::<u32>(&[], 3, 2), 0);
        assert_eq!(Dispatch::from(2).makespan::<u32>(&[]), Some(0));
    }

    #[test]
    fn zero_workers_never_panic() {
        assert_eq!(greedy_makespan::<u32>(&[], 0), 0);
        assert_eq!(chunked_makespan::<u32>(&[], 0, 0), 0);
        assert_eq!(Dispatch::from(0).makespan::<u32>(&[]), Some(0));
        assert_eq!(Dispatch::from(0).makespan(&[1u32]), None);
        let no_chunk = Dispatch::Chunked {
            workers: 2,
            chunk: 0,
        };
        assert_eq!(no_chunk.makespan(&[1u32]), None);
        assert_eq!(Dispatch::from(1).describe(), "1 worker");
        assert_eq!(Dispatch::from(0).describe(), "0 workers");
    }
}
