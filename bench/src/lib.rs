//! Shared pieces of the benchmark programs: the typed data both sides write ([`model`]), statistics
//! over repetitions, the sleeping workload's schedules, a calibrated spin, and the report.
//!
//! `rust-bench` measures the Rust side and prints JSON; `bench-report` reads what `bench/run.sh`
//! collected from both sides and writes `results.json`, `RESULTS.md` and the plots. [`Results`]
//! loads one run's `results.json` back, with the tables both `RESULTS.md` and chapter 12 print.

pub mod chart;
pub mod model;
pub mod report;

pub use report::table::Table;
pub use report::{Results, Side};

use std::hint::black_box;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use helpers::{TUTORIAL_TOKENS, char_count};

use model::Stats;

/// Median, min and max of some samples.
///
/// # Panics
/// If no sample is finite: a benchmark that measured nothing is a bug in the benchmark.
pub fn stats(samples: &[f64]) -> Stats {
    let mut sorted: Vec<f64> = samples.iter().copied().filter(|x| x.is_finite()).collect();
    sorted.sort_by(f64::total_cmp);
    assert!(
        !sorted.is_empty(),
        "no finite samples: a benchmark measured nothing"
    );
    Stats {
        median: median_of_sorted(&sorted),
        min: sorted[0],
        max: sorted[sorted.len() - 1],
        n: sorted.len(),
    }
}

/// The tutorial's tokens as sleeping chains: per worker, the lengths (in units) of the tokens it
/// runs back to back, when each free worker takes the next `chunk` tokens (1: one at a time).
/// Ties go to the lowest worker, as a queue read by idle workers would hand them out.
pub fn tutorial_chains(workers: usize, chunk: usize) -> Vec<Vec<u32>> {
    assert!(
        workers > 0 && chunk > 0,
        "a schedule needs workers and chunks"
    );
    let lengths: Vec<u32> = TUTORIAL_TOKENS
        .iter()
        .map(|t| char_count(t) as u32)
        .collect();
    let mut chains: Vec<Vec<u32>> = vec![Vec::new(); workers];
    for piece in lengths.chunks(chunk) {
        let free_first = (0..workers)
            .min_by_key(|&w| (chains[w].iter().sum::<u32>(), w))
            .expect("at least one worker");
        chains[free_first].extend_from_slice(piece);
    }
    chains.retain(|c| !c.is_empty());
    chains
}

fn median_of_sorted(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

/// The median of some samples (NaN for none).
pub fn median(samples: &[f64]) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    if sorted.is_empty() {
        f64::NAN
    } else {
        median_of_sorted(&sorted)
    }
}

/// Runs `f` `reps` times and returns each run's wall time in milliseconds.
pub fn time_ms(reps: usize, mut f: impl FnMut()) -> Vec<f64> {
    (0..reps)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect()
}

/// Serial arithmetic the optimiser cannot remove (the same kind of loop as `helpers::cpu_work`,
/// but without its recording hook, so tiny tasks measure dispatch and nothing else).
pub fn spin(iterations: u64) -> u64 {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..black_box(iterations) {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        state ^= state >> 33;
    }
    black_box(state)
}

/// Iterations of [`spin`] that take about `duration` on this machine (fastest of a few probes).
pub fn spins_for(duration: Duration) -> u64 {
    static PER_NANO: OnceLock<f64> = OnceLock::new();
    let rate = *PER_NANO.get_or_init(|| {
        const PROBE: u64 = 4_000_000;
        (0..7)
            .map(|_| {
                let start = Instant::now();
                spin(PROBE);
                PROBE as f64 / start.elapsed().as_nanos().max(1) as f64
            })
            .fold(0.0, f64::max)
    });
    (rate * duration.as_nanos() as f64).round().max(1.0) as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use helpers::Dispatch;

    /// The chains agree with the helpers' predicted makespan for every schedule the bench runs.
    #[test]
    fn chains_match_the_predicted_makespan() {
        let lengths: Vec<u32> = TUTORIAL_TOKENS
            .iter()
            .map(|t| char_count(t) as u32)
            .collect();
        for workers in [1, 2, 3, 6, 12, 16] {
            for chunk in [1, 2, 3] {
                let longest = tutorial_chains(workers, chunk)
                    .iter()
                    .map(|c| c.iter().sum::<u32>())
                    .max();
                let predicted = Dispatch::Chunked { workers, chunk }.makespan(&lengths);
                assert_eq!(
                    longest,
                    predicted,
                    "{workers} workers, chunks of {chunk}: {:?}",
                    tutorial_chains(workers, chunk)
                );
            }
        }
        let every_token: usize = tutorial_chains(2, 1).iter().map(Vec::len).sum();
        assert_eq!(every_token, TUTORIAL_TOKENS.len());
    }

    #[test]
    #[should_panic(expected = "measured nothing")]
    fn stats_of_nothing_is_an_error() {
        stats(&[f64::NAN]);
    }
}
