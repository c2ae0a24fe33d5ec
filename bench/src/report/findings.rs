//! The sentences chapter 12 prints under its tables: each comparison and count computed from one
//! run's `results.json`, so the prose cannot drift from the figures when the bench is re-run.

use super::{Results, Side};
use crate::model::api::{
    RAYON_PAR_ITER, THREAD_PER_TASK, THREAD_POOL_EXECUTOR_SUBMIT, THREAD_POOL_MAP, WORKER_POOL_MAP,
};

/// The Python style whose pool starts its worker processes on first use.
const JOBLIB: &str = "joblib";
/// Its start-up row in the start-up section (Python side).
const JOBLIB_STARTUP: &str = "pool: joblib";
/// `1 repetition`, `5 repetitions`.
pub(crate) fn repetitions(n: usize) -> String {
    format!("{n} repetition{}", if n == 1 { "" } else { "s" })
}

/// Baselines within this fraction of their work read as "ran its work and nothing else".
const BASELINE_TOLERANCE: f64 = 0.05;

impl Results {
    /// How many pairs at `unit` ms have Rust adding less overhead, and how many pairs there are.
    pub fn rust_adds_less(&self, unit: f64) -> (usize, usize) {
        let pairs: Vec<_> = self
            .sleeping
            .pairs
            .iter()
            .filter(|p| p.unit_ms == unit)
            .collect();
        (pairs.iter().filter(|p| p.ratio < 1.0).count(), pairs.len())
    }

    /// Pairs at `unit` ms whose spreads do not overlap: Rust's slowest repetition added less than
    /// Python's fastest, or the other way round. (Rust clearly less, Python clearly less).
    pub fn clear_pairs(&self, unit: f64) -> (usize, usize) {
        let (mut rust, mut python) = (0, 0);
        for p in self.sleeping.pairs.iter().filter(|p| p.unit_ms == unit) {
            if let (Some(r), Some(py)) = self.pair_groups(p) {
                rust += usize::from(r.overhead_ms.max < py.overhead_ms.min);
                python += usize::from(py.overhead_ms.max < r.overhead_ms.min);
            }
        }
        (rust, python)
    }

    /// The pairs' verdict at `unit` ms, with the repetitions it rests on.
    pub fn pairs_sentence(&self, unit: f64) -> String {
        let (less, of) = self.rust_adds_less(unit);
        let (rust_clear, python_clear) = self.clear_pairs(unit);
        format!(
            "At the {unit} ms unit ({}), Rust adds less overhead in {less} of {of} pairs by the medians; in {rust_clear} of them even Rust's slowest repetition added less than Python's fastest, and in {python_clear} pairs Python's slowest added less than Rust's fastest.",
            repetitions(self.reps(unit))
        )
    }

    /// The sleeping groups at `unit` ms whose median overhead came in under the median of their
    /// own reference run (the schedule slept by bare threads): `side style (workers)` each.
    pub fn under_reference(&self, unit: f64) -> (Vec<String>, usize) {
        let groups: Vec<_> = self
            .sleeping
            .groups
            .iter()
            .filter(|g| g.unit_ms == unit && g.style != "sequential")
            .collect();
        let under = groups
            .iter()
            .filter(|g| g.overhead_ms.median < g.floor_ms)
            .map(|g| format!("{} {} ({})", g.side, g.style, g.workers))
            .collect();
        (under, groups.len())
    }

    /// What the reference runs are and are not, read from this run.
    pub fn reference_sentence(&self, unit: f64) -> String {
        let (under, of) = self.under_reference(unit);
        let n = self
            .floor
            .rust
            .schedules
            .iter()
            .find(|s| s.unit_ms == unit)
            .map_or(0, |s| s.overshoot_ms.n);
        let which = if under.is_empty() {
            "none of them".to_string()
        } else {
            under.join(", ")
        };
        format!(
            "{} of {of} pools at this unit came in under their own reference run by the medians ({which}): a reference run (n = {n}) is itself noisy, a yardstick, not a lower bound.",
            under.len()
        )
    }

    /// joblib's overhead at `unit` ms with as many workers as cores, against the start of its
    /// workers measured alone: (overhead ms, start-up ms).
    pub fn joblib_overhead_and_startup_ms(&self, unit: f64) -> Option<(f64, f64)> {
        let group = self.sleeping.groups.iter().find(|g| {
            g.side == Side::Python.name()
                && g.style == JOBLIB
                && g.unit_ms == unit
                && g.workers == self.machine.cores
        })?;
        let startup = self.startup_ms(Side::Python, JOBLIB_STARTUP)?;
        Some((group.overhead_ms.median, startup))
    }

    /// What share of joblib's overhead its start-up explains.
    pub fn joblib_sentence(&self, unit: f64) -> String {
        match self.joblib_overhead_and_startup_ms(unit) {
            Some((overhead, startup)) => format!(
                "joblib adds {overhead:.0} ms at the {unit} ms unit ({} workers, median); starting its workers alone takes {startup:.0} ms, about {:.0} % of that. The rest is not measured apart; the likely parts are the first use of loky's machinery in a fresh interpreter (joblib itself is imported before the clock), pickling each task and its result through the pipes, and loky's threads that poll for results.",
                self.machine.cores,
                100.0 * startup / overhead
            ),
            None => {
                format!("joblib's overhead or start-up was not measured at the {unit} ms unit.")
            }
        }
    }

    /// A new thread per task: the bound its spawns put on the speed-up at the largest task
    /// measured, against what it reached.
    pub fn thread_per_task_sentence(&self) -> Option<String> {
        let (spawn_us, _) = self.rust_thread_costs_us()?;
        let point = self
            .breakeven
            .iter()
            .find(|b| b.side == Side::Rust.name() && b.style == THREAD_PER_TASK)?
            .points
            .last()?;
        let (t, s, c) = (point.task_us, spawn_us, self.machine.cores as f64);
        let bound = (c * t / (t + s)).min(t / s);
        let limit = format!(
            "With tasks of T = {t:.0} µs and spawns of S = {s:.0} µs, one spawning thread starts at most one task per S, and spawning and tasks share {c} cores, so the speed-up is at most min({c}T/(T+S), T/S) = {bound:.2}x."
        );
        let m = point.speedup;
        let reading = if m > bound {
            format!(
                "It reached {m:.2}x, above that bound: spawns cost less in that run than in the dispatch run, so the bound is only as good as the spawn figure it uses."
            )
        } else {
            let implied = t / m;
            let why = if implied > s {
                "; likely more because in this run the spawned threads computed, on the cores the spawning thread needed"
            } else {
                ""
            };
            format!(
                "It reached {m:.2}x: read as T/S, a spawn cost about {implied:.0} µs in that run, {:.1} times the dispatch figure{why}.",
                implied / s
            )
        };
        Some(format!("{limit} {reading}"))
    }

    /// Each scaling point whose speed-up exceeds the usable cores, `min(workers, cores)`.
    pub fn above_usable_cores(&self) -> Vec<(String, usize, f64)> {
        let cores = self.machine.cores;
        self.scaling
            .rows
            .iter()
            .filter(|r| r.speedup > r.workers.min(cores) as f64)
            .map(|r| (r.series.clone(), r.workers, r.speedup))
            .collect()
    }

    /// Whether any speed-up exceeds the cores the run had, and why it would.
    pub fn scaling_sentence(&self) -> String {
        let above = self.above_usable_cores();
        let rounds = self.scaling.rows.first().map_or(0, |r| r.ms.n);
        if above.is_empty() {
            return format!(
                "No speed-up exceeds min(workers, cores) = at most {} here ({rounds} rounds each).",
                self.machine.cores
            );
        }
        let list: Vec<String> = above
            .iter()
            .map(|(s, w, x)| format!("{s} at {w} workers, {x:.2}x"))
            .collect();
        format!(
            "Above the usable cores: {}. No pool makes {} cores do more than {} cores' work: such a speed-up comes from noise in the times it divides (a slowed one-worker run, or a lucky spell for the other), not from the pool, so read those points as at most the core count.",
            list.join("; "),
            self.machine.cores,
            self.machine.cores
        )
    }

    /// The one-worker baselines that did not run their work and nothing else, and what that
    /// does to their series' speed-ups.
    pub fn baseline_sentence(&self) -> String {
        let mut out = Vec::new();
        for (name, one, work, from) in self.baseline_rows() {
            let ratio = one.median / work;
            if ratio < 1.0 - BASELINE_TOLERANCE {
                out.push(format!(
                    "{name}: the one-worker run took {ratio:.2} of its work (task time {from}): its tasks ran faster than that, so if only that run was fast, the line's speed-ups are understated by up to {:.0} %.",
                    100.0 * (1.0 - ratio)
                ));
            } else if ratio > 1.0 + BASELINE_TOLERANCE {
                out.push(format!(
                    "{name}: the one-worker run took {ratio:.2} of its work (task time {from}): it carried {:.0} % more than its tasks, so if only that run was slow, the line's speed-ups are overstated by up to that much.",
                    100.0 * (ratio - 1.0)
                ));
            }
        }
        if out.is_empty() {
            format!(
                "Every one-worker run took its work within {:.0} %.",
                100.0 * BASELINE_TOLERANCE
            )
        } else {
            out.join("\n")
        }
    }

    /// Handing out `tasks` tasks within each language: per-item submit against a batched map in
    /// Python, and rayon's split against `WorkerPool.map`'s item-by-item claims in Rust.
    pub fn dispatch_sentences(&self, tasks: usize) -> Option<String> {
        let us = |side, api| self.dispatch_us(side, api, tasks);
        let submit_over_map =
            us(Side::Python, THREAD_POOL_EXECUTOR_SUBMIT)? / us(Side::Python, THREAD_POOL_MAP)?;
        let pool_over_split = us(Side::Rust, WORKER_POOL_MAP)? / us(Side::Rust, RAYON_PAR_ITER)?;
        Some(format!(
            "within Python: ThreadPoolExecutor.submit costs {submit_over_map:.0}x ThreadPool.map per task\n\
             within Rust: rayon par_iter costs 1/{pool_over_split:.0} of WorkerPool.map per task"
        ))
    }

    /// Starting a thread and a worker process, the two sides set side by side.
    pub fn startup_sentences(&self) -> Option<String> {
        let ms = |side, what| self.startup_ms(side, what);
        let thread_ratio = ms(Side::Python, "thread")? / ms(Side::Rust, "thread")?;
        Some(format!(
            "starting a thread: Python's takes {thread_ratio:.1}x as long as Rust's\n\
             starting a worker process: Rust's token-worker {:.2} ms; Python's forked process {:.2} ms, a fresh interpreter {:.2} ms (medians)",
            ms(Side::Rust, "process: token-worker")?,
            ms(Side::Python, "process: multiprocessing.Process")?,
            ms(Side::Python, "process: a fresh interpreter")?,
        ))
    }

    /// Python threads on CPU-bound work: their speed-ups, and what they mean under the GIL.
    pub fn gil_sentence(&self) -> String {
        let series = "python threads";
        let above: Vec<String> = self
            .scaling
            .rows
            .iter()
            .filter(|r| r.series == series && r.workers > 1 && r.speedup > 1.0)
            .map(|r| r.workers.to_string())
            .collect();
        let measured = self.speedups_of(series);
        if above.is_empty() {
            format!(
                "{series}: {measured}: at or below 1x. Under the GIL one thread computes at a time, so each extra thread adds hand-offs and no computing."
            )
        } else {
            format!(
                "{series}: {measured}: above 1x at {} workers, which the GIL does not allow for pure-Python work (one thread computes at a time): noise in that run, as the spread shows.",
                above.join(", ")
            )
        }
    }

    /// One series' speed-ups above one worker, as printed: `0.96x, 0.79x at 2, 3 workers`.
    pub fn speedups_of(&self, series: &str) -> String {
        let rows: Vec<_> = self
            .scaling
            .rows
            .iter()
            .filter(|r| r.series == series && r.workers > 1)
            .collect();
        let x: Vec<String> = rows.iter().map(|r| format!("{:.2}x", r.speedup)).collect();
        let w: Vec<String> = rows.iter().map(|r| r.workers.to_string()).collect();
        format!("{} at {} workers", x.join(", "), w.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::super::reading::tests::committed;
    use super::*;

    /// Every sentence the chapter prints can be made from the committed results, and counts
    /// what the tables hold.
    #[test]
    fn the_sentences_read_the_committed_results() {
        let r = committed();
        let unit = r.steadiest_unit();
        let (less, of) = r.rust_adds_less(unit);
        let (rust_clear, python_clear) = r.clear_pairs(unit);
        assert!(rust_clear <= less && python_clear <= of - less);
        assert!(r.pairs_sentence(unit).contains(&format!("{less} of {of}")));
        let (under, groups) = r.under_reference(unit);
        assert!(under.len() <= groups && groups > 0);
        assert!(r.joblib_overhead_and_startup_ms(unit).is_some());
        assert!(r.thread_per_task_sentence().is_some());
        assert!(r.dispatch_sentences(10_000).is_some());
        assert!(r.startup_sentences().is_some());
        for (series, workers, x) in r.above_usable_cores() {
            assert!(x > workers.min(r.machine.cores) as f64, "{series}");
            assert!(r.scaling_sentence().contains(&series));
        }
        assert!(
            r.speedups_of("python threads")
                .ends_with("at 2, 3, 4 workers")
        );
    }

    /// The thread-per-task reading says when the measured speed-up beats its own bound.
    #[test]
    fn a_thread_per_task_above_its_bound_is_called_so() {
        let mut r = committed();
        let below = r.thread_per_task_sentence().unwrap();
        let curve = r
            .breakeven
            .iter_mut()
            .find(|b| b.side == "rust" && b.style == THREAD_PER_TASK)
            .unwrap();
        curve.points.last_mut().unwrap().speedup = 1.9;
        let above = r.thread_per_task_sentence().unwrap();
        assert!(above.contains("above that bound"), "{above}");
        assert!(!below.contains("above that bound"), "{below}");
    }

    /// A speed-up above the cores is named; one within them is not.
    #[test]
    fn a_speed_up_above_the_cores_is_named() {
        let mut r = committed();
        let cores = r.machine.cores;
        for row in &mut r.scaling.rows {
            row.speedup = row.workers.min(cores) as f64 * 0.9;
        }
        assert!(r.above_usable_cores().is_empty());
        assert!(r.scaling_sentence().starts_with("No speed-up"));
        let row = r
            .scaling
            .rows
            .iter_mut()
            .find(|x| x.workers > cores)
            .unwrap();
        row.speedup = cores as f64 + 0.08;
        let named = row.series.clone();
        assert_eq!(r.above_usable_cores().len(), 1);
        assert!(r.scaling_sentence().contains(&named));
    }
}
