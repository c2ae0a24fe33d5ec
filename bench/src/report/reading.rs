//! Reading one run's results: [`Results::load`] and the tables and findings that both `RESULTS.md`
//! and chapter 12 print. Every figure comes from `results.json`; nothing here is measured.
//!
//! ```no_run
//! let r = bench::Results::load("bench/results/results.json").unwrap();
//! println!("{}", r.sleeping_pairs(r.largest_unit()));
//! ```

use std::path::Path;

use super::analysis::{Group, PROCESS_POOL, Pair, THREAD_POOL, schedule_floor};
use super::table::Table;
use super::{Results, SHARED_LOAD_PER_CORE, Side};
use crate::model::{DispatchKind, ScheduleFloor, Stats};

/// Milliseconds with as many decimals as their size deserves.
pub fn fmt_ms(x: f64) -> String {
    if x.abs() >= 100.0 {
        format!("{x:.0}")
    } else if x.abs() >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    }
}

/// Microseconds, likewise.
pub fn fmt_us(x: f64) -> String {
    if x >= 100.0 {
        format!("{x:.0}")
    } else if x >= 1.0 {
        format!("{x:.2}")
    } else {
        format!("{x:.4}")
    }
}

/// `median [min – max]`.
pub fn range(s: &Stats, fmt: fn(f64) -> String) -> String {
    format!("{} [{} – {}]", fmt(s.median), fmt(s.min), fmt(s.max))
}

impl Results {
    /// Reads a `results.json` written by `bench-report`; an error names the file. A run written
    /// before other programs' CPU was measured has only the load average before it to say whether
    /// it shared the machine.
    pub fn load(path: impl AsRef<Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let named = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
        let text =
            std::fs::read_to_string(path).map_err(|e| std::io::Error::new(e.kind(), named(&e)))?;
        let mut results: Results = serde_json::from_str(&text)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, named(&e)))?;
        if results.machine.others_cores.is_none() {
            results.machine.shared = one_minute(&results.machine.load_average_start)
                > results.machine.cores as f64 * SHARED_LOAD_PER_CORE;
        }
        Ok(results)
    }

    /// The tutorial's own unit: the largest one measured, in ms.
    pub fn largest_unit(&self) -> f64 {
        self.run.units_ms.iter().copied().fold(0.0, f64::max)
    }

    /// The unit with the most repetitions (the steadiest medians), in ms.
    pub fn steadiest_unit(&self) -> f64 {
        self.run
            .reps
            .iter()
            .max_by_key(|(_, n)| **n)
            .and_then(|(unit, _)| unit.parse().ok())
            .unwrap_or_else(|| self.largest_unit())
    }

    /// The machine, the software and whether other programs shared it, one fact a row.
    pub fn machine_table(&self) -> Table {
        let m = &self.machine;
        let mut t = Table::new(&["machine", ""]);
        let others = m
            .others_cores
            .map_or("not measured in this run".to_string(), |c| {
                format!("{c:.2} cores' worth, on average")
            });
        for (k, v) in [
            ("cores", m.cores.to_string()),
            ("cpu", m.cpu_model.clone()),
            ("memory", m.memory.clone()),
            ("os", m.os.clone()),
            ("rustc", m.rustc.clone()),
            ("python", m.python.clone()),
            ("joblib", m.joblib.clone()),
            (
                "load average before the run (1, 5, 15 min)",
                m.load_average_start.clone(),
            ),
            ("other programs' CPU during the run", others),
            ("make bench took", format!("{} s", self.run.runtime_s)),
            (
                "worker counts, both sides",
                format!("{:?}", self.run.workers),
            ),
        ] {
            t.row(vec![k.into(), v]);
        }
        t
    }

    /// One sentence: whether other programs competed for the cores, and what that means here.
    pub fn sharing(&self) -> String {
        let m = &self.machine;
        match (m.shared, m.others_cores) {
            (true, _) => "Other programs shared the machine during this run: absolute times carry their noise, and CPU-bound figures measure them as much as the styles; ratios between the two sides, which ran interleaved, stay fair.".into(),
            (false, Some(_)) => format!("Other programs used less than a quarter of a core during this run, and the 1-minute load average before it ({:.2}) was at most {SHARED_LOAD_PER_CORE} per core: the benchmark had the cores to itself. (The 5- and 15-minute figures remember earlier work.)", one_minute(&m.load_average_start)),
            (false, None) => format!("The 1-minute load average before this run ({:.2}) was at most {SHARED_LOAD_PER_CORE} per core; what other programs used during it was not measured in this run.", one_minute(&m.load_average_start)),
        }
    }

    /// Each Rust style against the Python style that does the same job: overheads (wall time
    /// minus the predicted makespan) as median [min – max] over the repetitions, their count, and
    /// the ratio of the medians, at `unit` ms.
    pub fn sleeping_pairs(&self, unit: f64) -> Table {
        let mut t = Table::new(&[
            "Rust style vs Python style",
            "workers",
            "hands out (Rust / Python)",
            "Rust ms [min – max]",
            "Python ms [min – max]",
            "n",
            "Rust / Python",
        ]);
        for p in self.sleeping.pairs.iter().filter(|p| p.unit_ms == unit) {
            let hands_out = if p.rust_granularity == p.python_granularity {
                p.rust_granularity.describe().to_string()
            } else {
                format!(
                    "{} / {}",
                    p.rust_granularity.describe(),
                    p.python_granularity.describe()
                )
            };
            let (rust, python) = self.pair_groups(p);
            t.row(vec![
                format!("{} vs {}", p.rust, p.python),
                p.workers.to_string(),
                hands_out,
                rust.map_or(fmt_ms(p.rust_overhead_ms), |g| {
                    range(&g.overhead_ms, fmt_ms)
                }),
                python.map_or(fmt_ms(p.python_overhead_ms), |g| {
                    range(&g.overhead_ms, fmt_ms)
                }),
                self.reps(unit).to_string(),
                format!("{:.2}", p.ratio),
            ]);
        }
        t
    }

    /// The Rust and the Python group a pair compares.
    pub fn pair_groups(&self, p: &Pair) -> (Option<&Group>, Option<&Group>) {
        let find = |side: Side, style: &str| {
            self.sleeping.groups.iter().find(|g| {
                g.side == side.name()
                    && g.style == style
                    && g.workers == p.workers
                    && g.unit_ms == p.unit_ms
            })
        };
        (find(Side::Rust, &p.rust), find(Side::Python, &p.python))
    }

    /// Repetitions of the sleeping workload at `unit` ms (0 if that unit was not run).
    pub fn reps(&self, unit: f64) -> usize {
        self.run
            .reps
            .iter()
            .find(|(u, _)| u.parse::<f64>().ok() == Some(unit))
            .map_or(0, |(_, n)| *n)
    }

    /// Each pair's overhead beside a reference run of its own schedule: the same sleeps slept by
    /// bare threads with no pool, on each side. The reference is itself a noisy measurement, not a
    /// lower bound: a pool may come in under it. `sleeps x late` is the busiest worker's sleeps
    /// times one bare sleep's median lateness.
    pub fn reference_pairs(&self, unit: f64) -> Table {
        let mut t = Table::new(&[
            "Rust style vs Python style",
            "workers",
            "sleeps",
            "Rust reference ms [min – max]",
            "Python reference ms [min – max]",
            "sleeps x late, Rust / Python",
            "Rust x ref",
            "Python x ref",
        ]);
        let late = self.one_sleep_late_ms(unit);
        for p in self.sleeping.pairs.iter().filter(|p| p.unit_ms == unit) {
            let (rust, python) = self.pair_groups(p);
            let reference = |side: Side, g: Option<&Group>, median: f64| {
                g.and_then(|g| self.reference_run(side, g))
                    .map_or(fmt_ms(median), |f| range(&f.overshoot_ms, fmt_ms))
            };
            let chained = late.map_or("-".into(), |(r, py)| {
                let n = p.sleeps_on_longest_chain as f64;
                format!("{} / {}", fmt_ms(n * r), fmt_ms(n * py))
            });
            t.row(vec![
                format!("{} vs {}", p.rust, p.python),
                p.workers.to_string(),
                p.sleeps_on_longest_chain.to_string(),
                reference(Side::Rust, rust, p.rust_floor_ms),
                reference(Side::Python, python, p.python_floor_ms),
                chained,
                format!("{:.1}", p.rust_overhead_ms / p.rust_floor_ms),
                format!("{:.1}", p.python_overhead_ms / p.python_floor_ms),
            ]);
        }
        t
    }

    /// The reference run of `g`'s schedule on `side`: its sleeps slept by bare threads.
    pub fn reference_run(&self, side: Side, g: &Group) -> Option<&ScheduleFloor> {
        schedule_floor(
            self.floor.get(side),
            side.name(),
            g.unit_ms,
            g.workers,
            g.chunk,
        )
        .ok()
    }

    /// How late one bare sleep of `unit` ms wakes, median, on each side: (Rust, Python).
    pub fn one_sleep_late_ms(&self, unit: f64) -> Option<(f64, f64)> {
        let late = |f: &crate::model::FloorSection| {
            f.sleep_overshoot
                .iter()
                .find(|s| s.sleep_ms as f64 == unit)
                .map(|s| s.overshoot_ms.median)
        };
        Some((late(&self.floor.rust)?, late(&self.floor.python)?))
    }

    /// Per task beyond its sleep, in Rust's process pool and thread pools, at `unit` ms.
    pub fn task_costs(&self, unit: f64) -> Table {
        let mut t = Table::new(&[
            "style",
            "workers",
            "ms per task beyond its sleep, median [min – max]",
            "tasks",
        ]);
        for c in self
            .sleeping
            .task_costs
            .iter()
            .filter(|c| c.unit_ms == unit)
        {
            t.row(vec![
                c.style.clone(),
                c.workers.to_string(),
                range(&c.excess_ms, fmt_ms),
                c.excess_ms.n.to_string(),
            ]);
        }
        t
    }

    /// The round trip to a worker process: the process pool's per-task cost minus the thread
    /// pool's at the same worker count, at `unit` ms. (workers, ms) per process pool.
    pub fn process_round_trip_ms(&self, unit: f64) -> Vec<(usize, f64)> {
        let costs = || {
            self.sleeping
                .task_costs
                .iter()
                .filter(|c| c.unit_ms == unit)
        };
        costs()
            .filter(|c| c.style == PROCESS_POOL)
            .filter_map(|p| {
                let thread = costs().find(|t| t.style == THREAD_POOL && t.workers == p.workers)?;
                Some((p.workers, p.excess_ms.median - thread.excess_ms.median))
            })
            .collect()
    }

    /// Dispatch pairs of the same kind, per task, at `tasks` tiny tasks: median [min – max] µs.
    pub fn dispatch_pairs(&self, tasks: usize) -> Table {
        let mut t = Table::new(&[
            "kind",
            "Python",
            "Python µs [min – max]",
            "Rust",
            "Rust µs [min – max]",
            "n",
            "Python / Rust",
        ]);
        let row = |rows: &[crate::model::DispatchRow], label: &str| {
            rows.iter()
                .find(|r| r.tasks == tasks && r.label() == label)
                .map(|r| r.us_per_task)
        };
        for p in self.dispatch.pairs.iter().filter(|p| p.tasks == tasks) {
            let python = row(&self.dispatch.python, &p.python);
            let rust = row(&self.dispatch.rust, &p.rust);
            let shown = |s: Option<Stats>, median| s.map_or(fmt_us(median), |s| range(&s, fmt_us));
            let n = match (python, rust) {
                (Some(py), Some(r)) => format!("{} / {}", py.n, r.n),
                _ => "-".into(),
            };
            t.row(vec![
                p.kind.describe().into(),
                p.python.clone(),
                shown(python, p.python_us),
                p.rust.clone(),
                shown(rust, p.rust_us),
                n,
                format!("{:.1}x", p.python_over_rust),
            ]);
        }
        t
    }

    /// One API's median µs per task in the dispatch run, on `side`.
    pub fn dispatch_us(&self, side: Side, api: &str, tasks: usize) -> Option<f64> {
        let rows = match side {
            Side::Rust => &self.dispatch.rust,
            Side::Python => &self.dispatch.python,
        };
        rows.iter()
            .find(|r| r.api == api && r.tasks == tasks)
            .map(|r| r.us_per_task.median)
    }

    /// From which measured task size on each style beats a plain loop.
    pub fn break_even(&self) -> Table {
        let mut t = Table::new(&["side", "style", "beats the loop", "largest size: speed-up"]);
        for b in &self.breakeven {
            let from = b
                .break_even_task_us
                .map_or("never, in the sizes measured".into(), |us| {
                    format!("from {us} µs per task")
                });
            let last = b.points.last().map_or(String::new(), |p| {
                format!("{} µs: {:.2}x", p.task_us, p.speedup)
            });
            t.row(vec![b.side.clone(), b.style.clone(), from, last]);
        }
        t
    }

    /// A new thread per task in Rust: its cost per task when 10,000 are spawned before any is
    /// joined (dispatch), and one thread started and joined alone (start-up), both in µs.
    pub fn rust_thread_costs_us(&self) -> Option<(f64, f64)> {
        let many = self
            .dispatch
            .rust
            .iter()
            .find(|r| r.kind == DispatchKind::ThreadPerTask)?
            .us_per_task
            .median;
        Some((many, self.thread_start_ms(Side::Rust)? * 1e3))
    }

    /// The largest task size the break-even run measured on `side`, in µs.
    pub fn largest_task_us(&self, side: Side) -> f64 {
        self.breakeven
            .iter()
            .filter(|b| b.side == side.name())
            .flat_map(|b| b.points.iter().map(|p| p.task_us))
            .fold(0.0, f64::max)
    }

    /// Start-up rows, both sides: median [min – max] and the number of repetitions.
    pub fn startup(&self) -> Table {
        let mut t = Table::new(&["side", "what", "ms, median [min – max]", "n"]);
        let fmt = |ms: f64| {
            if ms < 1.0 {
                format!("{ms:.3}")
            } else {
                fmt_ms(ms)
            }
        };
        for (side, s) in [
            ("rust", &self.startup.rust),
            ("python", &self.startup.python),
        ] {
            for row in &s.startup {
                t.row(vec![
                    side.into(),
                    row.what.clone(),
                    range(&row.ms, fmt),
                    row.ms.n.to_string(),
                ]);
            }
        }
        t
    }

    /// Starting and joining one thread, median ms, on `side`.
    pub fn thread_start_ms(&self, side: Side) -> Option<f64> {
        self.startup_ms(side, "thread")
    }

    /// A start-up row whose description starts with `what`, median ms, on `side`.
    pub fn startup_ms(&self, side: Side, what: &str) -> Option<f64> {
        self.startup
            .get(side)
            .startup
            .iter()
            .find(|r| r.what.starts_with(what))
            .map(|r| r.ms.median)
    }

    /// CPU-bound scaling at `workers` workers (all counts for `None`): time, speed-up over the
    /// same style on one worker (median of the round-by-round speed-ups, with their range when the
    /// rounds were recorded), and efficiency per usable core (speed-up over `min(workers, cores)`).
    pub fn scaling(&self, workers: Option<usize>) -> Table {
        let mut t = Table::new(&[
            "series",
            "workers",
            "ms, median [min – max]",
            "n",
            "speed-up [min – max]",
            "per usable core",
        ]);
        for r in self
            .scaling
            .rows
            .iter()
            .filter(|r| workers.is_none_or(|w| r.workers == w))
        {
            let speedup = r.speedup_rounds.map_or(format!("{:.2}x", r.speedup), |s| {
                format!("{:.2}x [{:.2} – {:.2}]", r.speedup, s.min, s.max)
            });
            t.row(vec![
                r.series.clone(),
                r.workers.to_string(),
                range(&r.ms, fmt_ms),
                r.ms.n.to_string(),
                speedup,
                // From the speed-up, not the stored field: runs written before efficiency was
                // taken per usable core divided by the workers.
                format!(
                    "{:.2}",
                    r.speedup / r.workers.min(self.machine.cores.max(1)) as f64
                ),
            ]);
        }
        t
    }

    /// Each series' one-worker run against the work it was given: tasks × one task's time, as
    /// timed alone in the same run when it was (else as planned). Near 1, the baseline every
    /// speed-up divides by ran its work and nothing else.
    pub fn baselines(&self) -> Table {
        let mut t = Table::new(&[
            "series",
            "one worker ms [min – max]",
            "work given ms",
            "task time from",
            "ratio",
        ]);
        for (name, one, work, from) in self.baseline_rows() {
            t.row(vec![
                name.to_string(),
                range(&one, fmt_ms),
                fmt_ms(work),
                from.to_string(),
                format!("{:.2}", one.median / work),
            ]);
        }
        t
    }

    /// Per series: its one-worker time, the work it was given (ms) and where the task time came
    /// from (`timed alone` in the same run, or `planned`).
    pub fn baseline_rows(&self) -> Vec<(&str, Stats, f64, &'static str)> {
        let mut rows = Vec::new();
        for s in [&self.scaling.rust, &self.scaling.python] {
            let (task_ms, from) = s
                .measured_task_ms
                .map_or((s.task_ms, "planned"), |m| (m.median, "timed alone"));
            for (name, points) in &s.series {
                if let Some(one) = points.iter().find(|p| p.workers == 1) {
                    rows.push((name.as_str(), one.ms, s.tasks as f64 * task_ms, from));
                }
            }
        }
        rows
    }
}

fn one_minute(load: &str) -> f64 {
    load.split_whitespace()
        .next()
        .and_then(|x| x.parse().ok())
        .unwrap_or(0.0)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The committed `results.json`, as chapter 12 loads it.
    pub(crate) fn committed() -> Results {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("results/results.json");
        Results::load(&path).unwrap_or_else(|e| panic!("{e}"))
    }

    /// The committed results load with the type chapter 12 reads them with, and every table the
    /// chapter prints has rows.
    #[test]
    fn the_committed_results_load_and_fill_every_table() {
        let r = committed();
        let unit = r.largest_unit();
        assert!(r.run.units_ms.contains(&unit));
        for (name, table) in [
            ("machine", r.machine_table()),
            ("pairs", r.sleeping_pairs(unit)),
            ("floor", r.reference_pairs(unit)),
            ("task costs", r.task_costs(r.steadiest_unit())),
            ("dispatch", r.dispatch_pairs(10_000)),
            ("break-even", r.break_even()),
            ("start-up", r.startup()),
            ("scaling", r.scaling(Some(2))),
            ("baselines", r.baselines()),
        ] {
            assert!(!table.rows.is_empty(), "{name}: no rows");
        }
        let (less, of) = r.rust_adds_less(unit);
        assert!(less <= of && of == r.sleeping_pairs(unit).rows.len());
        assert!(r.one_sleep_late_ms(unit).is_some());
        assert!(!r.process_round_trip_ms(r.steadiest_unit()).is_empty());
        assert!(r.rust_thread_costs_us().is_some());
        assert!(r.thread_start_ms(Side::Python).is_some());
    }

    #[test]
    fn a_missing_file_names_itself() {
        let error = Results::load("no/such/results.json")
            .unwrap_err()
            .to_string();
        assert!(error.contains("no/such/results.json"), "{error}");
    }
}
