//! Shared pieces of the benchmark programs: statistics over repetitions and a calibrated spin.
//!
//! `rust-bench` measures the Rust side and prints JSON; `bench-report` reads what `bench/run.sh`
//! collected from both sides and writes `results.json`, `RESULTS.md` and the plots.

use std::hint::black_box;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// Median, min and max of some samples, as JSON `{median, min, max, n}`.
pub fn stats(samples: &[f64]) -> Value {
    let mut sorted: Vec<f64> = samples.iter().copied().filter(|x| x.is_finite()).collect();
    sorted.sort_by(f64::total_cmp);
    if sorted.is_empty() {
        return json!({"median": null, "min": null, "max": null, "n": 0});
    }
    json!({
        "median": median_of_sorted(&sorted),
        "min": sorted[0],
        "max": sorted[sorted.len() - 1],
        "n": sorted.len(),
    })
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
