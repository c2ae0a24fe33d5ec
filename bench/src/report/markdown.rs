//! `RESULTS.md`: the full tables of one run, every figure from [`Results`].

use std::fmt::Write as _;

use super::plots::sleeping_plot_name;
use super::{Results, fmt_ms, fmt_us, range};

/// The whole document, section by section.
pub fn results_md(r: &Results) -> String {
    [
        header(r),
        targets(r),
        sleeping(r),
        task_costs(r),
        floor(r),
        dispatch(r),
        break_even(r),
        startup(r),
        scaling(r),
        recording(r),
    ]
    .concat()
}

fn header(r: &Results) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "# Benchmarks: Rust against Python, same machine, one run\n"
    );
    let _ = writeln!(
        md,
        "Written by `make bench` (`bench/run.sh`, then `bench-report`); every number below comes from [`results.json`](results.json) of this run. Quick smoke run: {}. `make bench` took {} s.\n",
        r.run.quick, r.run.runtime_s
    );
    let _ = writeln!(md, "{}", r.machine_table().markdown());
    let _ = writeln!(md, "{}", r.sharing());
    let _ = writeln!(
        md,
        "\nWorker counts run on both sides: {:?}. Repetitions of the sleeping workload per unit (ms → count): {:?}. Python ran as shown above (with the GIL unless it says free-threaded).\n",
        r.run.workers, r.run.reps
    );
    md
}

fn targets(r: &Results) -> String {
    let mut md = String::new();
    let met = r.targets.iter().filter(|t| t.met).count();
    let _ = writeln!(md, "## Targets: {met} of {} met\n", r.targets.len());
    let _ = writeln!(
        md,
        "Each Rust style is measured against the Python style that hands out work the same way with as many workers (see the pairs table); the dispatch target compares per-item submit with per-item submit.\n"
    );
    let _ = writeln!(
        md,
        "| target | measured | wanted | result |\n|---|---|---|---|"
    );
    for t in &r.targets {
        let result = if t.met {
            "met".to_string()
        } else {
            format!(
                "**missed**{}",
                t.reason
                    .as_ref()
                    .map_or(String::new(), |x| format!(": {x}"))
            )
        };
        let _ = writeln!(
            md,
            "| {} | {} | {} | {result} |",
            t.what, t.measured, t.wanted
        );
    }
    md
}

fn sleeping(r: &Results) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "\n## Sleeping workload: overhead = wall time − predicted makespan\n"
    );
    let _ = writeln!(
        md,
        "The tutorial's 12 tokens, one unit per character. Predicted: the makespan of the schedule the style follows (one item at a time, or chunks as `Pool.map` cuts them). Each Python run is a fresh interpreter. \"start-up timed\" says whether starting the pool or runtime is inside the clock (yes for every style in a pair, on both sides). The reference run is the same schedule slept by bare threads, one per worker, with no pool: \"× ref\" is the overhead in multiples of it. It is a measurement with its own noise, not a lower bound: a pool can come in under it. Each unit's section names its repetitions; read comparisons at the unit with more of them.\n"
    );
    for &unit in &r.run.units_ms {
        let _ = writeln!(
            md,
            "### Unit {unit} ms ({})\n\n![overhead]({})\n",
            super::findings::repetitions(r.reps(unit)),
            sleeping_plot_name(unit)
        );
        let _ = writeln!(
            md,
            "| side | style | workers | hands out | start-up timed | predicted ms | wall ms, median [min – max] | overhead ms, median [min – max] | reference ms (sleeps on longest chain) | × ref |\n|---|---|---|---|---|---|---|---|---|---|"
        );
        for g in r.sleeping.groups.iter().filter(|g| g.unit_ms == unit) {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} ({}) | {:.1} |",
                g.side,
                g.style,
                g.workers,
                g.granularity.describe(),
                if g.startup_in_clock { "yes" } else { "no" },
                fmt_ms(g.predicted_ms),
                range(&g.wall_ms, fmt_ms),
                range(&g.overhead_ms, fmt_ms),
                fmt_ms(g.floor_ms),
                g.sleeps_on_longest_chain,
                g.overhead_over_floor
            );
        }
        let _ = writeln!(md, "\nPairs at {unit} ms:\n");
        let _ = write!(md, "{}", r.sleeping_pairs(unit).markdown());
        let _ = writeln!(
            md,
            "\n{}\n\n{}\n\n{}\n",
            r.pairs_sentence(unit),
            r.reference_sentence(unit),
            r.joblib_sentence(unit)
        );
    }
    md
}

fn task_costs(r: &Results) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "## Per task, seen from the caller: a process pool against a thread pool\n\nFrom the per-task records of `run-styles`: each task's end minus start minus its sleep, over every task of every repetition. The thread pool's figure is the base the process pool adds to (a sleep's own overshoot plus a thread's wake-up); the difference is the pipe round trip to the worker process.\n\n| unit | style | workers | ms per task beyond its sleep, median [min – max] |\n|---|---|---|---|"
    );
    for c in &r.sleeping.task_costs {
        let _ = writeln!(
            md,
            "| {} ms | {} | {} | {} |",
            c.unit_ms,
            c.style,
            c.workers,
            range(&c.excess_ms, fmt_ms)
        );
    }
    md
}

fn floor(r: &Results) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "\n## Reference runs: how late bare sleeps wake\n\n| side | one sleep of | overshoot ms, median [min – max] |\n|---|---|---|"
    );
    for (side, f) in [("rust", &r.floor.rust), ("python", &r.floor.python)] {
        for s in &f.sleep_overshoot {
            let _ = writeln!(
                md,
                "| {side} | {} ms | {} |",
                s.sleep_ms,
                range(&s.overshoot_ms, fmt_ms)
            );
        }
    }
    let _ = writeln!(
        md,
        "\nEach schedule of the sleeping workload, slept by one bare thread per worker (no pool):\n\n| side | unit | workers | chunks | sleeps on the longest chain | makespan ms | overshoot ms, median [min – max] |\n|---|---|---|---|---|---|---|"
    );
    for (side, f) in [("rust", &r.floor.rust), ("python", &r.floor.python)] {
        for s in &f.schedules {
            let _ = writeln!(
                md,
                "| {side} | {} ms | {} | {} | {} | {} | {} |",
                s.unit_ms,
                s.workers,
                s.chunk.map_or("one item".to_string(), |c| c.to_string()),
                s.sleeps_on_longest_chain,
                fmt_ms(s.makespan_ms),
                range(&s.overshoot_ms, fmt_ms)
            );
        }
    }
    md
}

fn dispatch(r: &Results) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "\n## Dispatch: tiny tasks, microseconds per task, warm pools\n\n![dispatch](dispatch.svg)\n\nPer-item submit: one call per item, each queued on its own (`ThreadPoolExecutor.submit` with a future each; rayon `spawn` with a boxed job each). Batched map: one call for the whole list, the pool hands out items or chunks (`ThreadPool.map`, `Pool.map`, joblib; Rust's `WorkerPool.map`, each worker claiming the next index with one atomic add; rayon `par_iter`, splitting the range).\n\n"
    );
    let mut sizes: Vec<usize> = r.dispatch.pairs.iter().map(|p| p.tasks).collect();
    sizes.sort_unstable();
    sizes.dedup();
    for tasks in sizes {
        let _ = writeln!(
            md,
            "{tasks} tasks:\n\n{}",
            r.dispatch_pairs(tasks).markdown()
        );
    }
    let _ = writeln!(
        md,
        "\n| side | kind | API | tasks | µs per task, median [min – max] |\n|---|---|---|---|---|"
    );
    for (side, rows) in [("rust", &r.dispatch.rust), ("python", &r.dispatch.python)] {
        for row in rows {
            let _ = writeln!(
                md,
                "| {side} | {} | {} | {} | {} |",
                row.kind.describe(),
                row.label(),
                row.tasks,
                range(&row.us_per_task, fmt_us)
            );
        }
    }
    md
}

fn break_even(r: &Results) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "\n## Where parallel starts to pay: task size at which a style beats a sequential loop\n\nN equal CPU-bound tasks of the given size (Rust: 10,000, a thread per task 1,000; Python: 400), median per-task time; break-even is the smallest measured size from which on the style is faster than the loop at every larger size.\n\n| side | style | break-even task size | speed-up at each size (µs: ×) |\n|---|---|---|---|"
    );
    for b in &r.breakeven {
        let pts: Vec<String> = b
            .points
            .iter()
            .map(|p| format!("{}: {:.2}", p.task_us, p.speedup))
            .collect();
        let at = b
            .break_even_task_us
            .map_or("none measured".to_string(), |x| format!("{x} µs"));
        let _ = writeln!(
            md,
            "| {} | {} | {at} | {} |",
            b.side,
            b.style,
            pts.join(", ")
        );
    }
    md
}

fn startup(r: &Results) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "\n## Start-up\n\n{}", r.startup().markdown());
    md
}

fn scaling(r: &Results) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "\n## CPU-bound scaling\n\n![scaling](scaling.svg)\n\nEvery pool starts before the clock. The run goes in rounds (each: one task timed alone, then every series at every worker count once); a speed-up is the median over the rounds of that round's one-worker time over this time, with the rounds' range; \"per usable core\" divides it by min(workers, cores).\n\n{}\n{} {}\n\nEach series' one-worker run against the work it was given (tasks × one task's time, timed alone in the same run where it was); near 1, the baseline ran its work and nothing else:\n\n{}\n{}",
        r.scaling(None).markdown(),
        r.scaling_sentence(),
        r.gil_sentence(),
        r.baselines().markdown(),
        r.baseline_sentence()
    );
    md
}

fn recording(r: &Results) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "\n## Recording cost: `recorded` calls inside `record`, per task\n\n| tokens in the run | bare call µs | outside record µs | inside record µs | inside record, 2 threads µs | cost inside µs |\n|---|---|---|---|---|---|"
    );
    for row in &r.recording.recording {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} |",
            row.tokens,
            fmt_us(row.bare_us.median),
            fmt_us(row.outside_record_us.median),
            fmt_us(row.inside_record_us.median),
            fmt_us(row.inside_record_2_threads_us.median),
            fmt_us(row.cost_inside_us)
        );
    }
    md
}
