//! The Rust side of the micro-benchmarks; prints one JSON object.
//!
//! ```text
//! rust-bench floor --units 100,1000 --workers 1,2,6,12 [--quick]
//! rust-bench dispatch|breakeven --workers N [--quick]
//! rust-bench startup|scaling|recording [--quick]
//! ```
//! `--quick` shrinks sizes and repetitions (a smoke test of the harness, not a measurement).
//! The sleeping workload itself is measured with helpers' `run-styles`, not here.

use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use bench::model::{
    BreakevenRow, BreakevenSection, DispatchKind, DispatchRow, DispatchSection, FloorSection,
    RecordingRow, RecordingSection, Scaling, ScalingPoint, ScalingSection, ScheduleFloor,
    SleepOvershoot, StartupRow, StartupSection, api,
};
use bench::{median, spin, spins_for, stats, time_ms, tutorial_chains};
use helpers::{
    WorkerPool, cpu_work, python_default_chunk, record, recorded, run_in_process, set_time_unit,
};
use rayon::prelude::*;
use serde::Serialize;

const USAGE: &str = "usage: rust-bench floor --units 100,1000 --workers 1,2,6,12 [--quick]\n       rust-bench dispatch|breakeven --workers N [--quick]\n       rust-bench startup|scaling|recording [--quick]";

struct Opts {
    quick: bool,
    args: Vec<String>,
}

impl Opts {
    /// The comma-separated numbers after `--name`; a missing or bad list ends the program.
    fn list(&self, name: &str) -> Vec<u64> {
        let flag = format!("--{name}");
        let value = self
            .args
            .iter()
            .position(|a| *a == flag)
            .and_then(|i| self.args.get(i + 1))
            .unwrap_or_else(|| fail(&format!("missing {flag}")));
        value
            .split(',')
            .map(|n| {
                n.parse()
                    .ok()
                    .filter(|&n| n > 0)
                    .unwrap_or_else(|| fail(&format!("{flag}: {n:?} is not a positive number")))
            })
            .collect()
    }

    fn workers(&self) -> usize {
        match self.list("workers")[..] {
            [w] => w as usize,
            _ => fail("--workers takes one count here"),
        }
    }
}

fn fail(message: &str) -> ! {
    eprintln!("rust-bench: {message}\n{USAGE}");
    std::process::exit(2);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let opts = Opts {
        quick: args.iter().any(|a| a == "--quick"),
        args,
    };
    let section = opts.args.first().map(String::as_str).unwrap_or("");
    let out = match section {
        "floor" => to_json(&floor(&opts)),
        "dispatch" => to_json(&dispatch(&opts)),
        "startup" => to_json(&startup(&opts)),
        "scaling" => to_json(&scaling(&opts)),
        "recording" => to_json(&recording(&opts)),
        "breakeven" => to_json(&breakeven(&opts)),
        _ => fail(&format!("unknown section {section:?}")),
    };
    println!("{out}");
}

fn to_json(section: &impl Serialize) -> String {
    serde_json::to_string(section).expect("plain data serialises")
}

/// The operating system's floor: how late one bare sleep wakes, and how late each schedule of the
/// sleeping workload ends when bare threads sleep it with no pool (one thread per worker, each
/// sleeping its tokens back to back). A pool can only add to that.
fn floor(o: &Opts) -> FloorSection {
    let mut sleep_overshoot = Vec::new();
    for (ms, reps) in [(1u64, 50usize), (100, 10), (1000, 3)] {
        if o.quick && ms == 1000 {
            continue;
        }
        let reps = if o.quick { 3 } else { reps };
        let d = Duration::from_millis(ms);
        let over: Vec<f64> = time_ms(reps, || std::thread::sleep(d))
            .iter()
            .map(|t| t - ms as f64)
            .collect();
        sleep_overshoot.push(SleepOvershoot {
            sleep_ms: ms,
            overshoot_ms: stats(&over),
        });
    }
    let mut schedules = Vec::new();
    for unit_ms in o.list("units") {
        // Long schedules at the 1 s unit take tens of seconds each: fewer repetitions.
        let reps = if o.quick || unit_ms >= 1000 { 1 } else { 3 };
        for workers in o.list("workers") {
            let workers = workers as usize;
            // The sequential run is skipped at 1 s in run.sh, so is its floor.
            if workers == 1 && unit_ms >= 1000 {
                continue;
            }
            let chunk = python_default_chunk(helpers::TUTORIAL_TOKENS.len(), workers);
            let chunks = if chunk > 1 {
                vec![None, Some(chunk)]
            } else {
                vec![None]
            };
            for chunk in chunks {
                schedules.push(schedule_floor(unit_ms, workers, chunk, reps));
            }
        }
    }
    FloorSection {
        sleep_overshoot,
        schedules,
    }
}

fn schedule_floor(
    unit_ms: u64,
    workers: usize,
    chunk: Option<usize>,
    reps: usize,
) -> ScheduleFloor {
    let chains = tutorial_chains(workers, chunk.unwrap_or(1));
    let longest = chains
        .iter()
        .max_by_key(|c| c.iter().sum::<u32>())
        .expect("a schedule has a chain");
    let makespan_ms = (longest.iter().sum::<u32>() as u64 * unit_ms) as f64;
    let unit = Duration::from_millis(unit_ms);
    let over: Vec<f64> = time_ms(reps, || {
        let threads: Vec<_> = chains
            .iter()
            .cloned()
            .map(|chain| {
                std::thread::spawn(move || chain.iter().for_each(|&u| std::thread::sleep(unit * u)))
            })
            .collect();
        threads.into_iter().for_each(|t| t.join().unwrap());
    })
    .iter()
    .map(|t| t - makespan_ms)
    .collect();
    ScheduleFloor {
        unit_ms: unit_ms as f64,
        workers,
        chunk,
        sleeps_on_longest_chain: longest.len(),
        chains_units: chains,
        makespan_ms,
        overshoot_ms: stats(&over),
    }
}

fn tiny(i: u64) -> u64 {
    std::hint::black_box(i).wrapping_mul(2_654_435_761) ^ 7
}

/// Microseconds per task for many tiny tasks, each API measured as its own total wall time / N,
/// with warm workers (start-up is measured on its own). Every pool has `--workers` threads.
fn dispatch(o: &Opts) -> DispatchSection {
    let reps = if o.quick { 2 } else { 5 };
    let sizes: &[usize] = if o.quick {
        &[10_000]
    } else {
        &[10_000, 100_000]
    };
    let workers = o.workers();
    let pool = WorkerPool::new(workers);
    let rayon_pool = rayon_pool(workers);
    pool.map(tiny, 0..100u64); // warm
    rayon_pool.install(|| (0..1000u64).into_par_iter().map(tiny).sum::<u64>());
    let rows = sizes
        .iter()
        .flat_map(|&n| dispatch_cases(n, workers, &pool, &rayon_pool))
        .map(|case| case.measure(reps))
        .collect();
    DispatchSection { dispatch: rows }
}

/// One API of the dispatch run at one task count, ready to be timed.
struct DispatchCase<'a> {
    api: &'static str,
    kind: DispatchKind,
    workers: usize,
    tasks: usize,
    run: Box<dyn FnMut() + 'a>,
}

impl DispatchCase<'_> {
    /// Times the case `reps` times: its row, in µs per task.
    fn measure(mut self, reps: usize) -> DispatchRow {
        let samples = time_ms(reps, &mut self.run);
        let us: Vec<f64> = samples
            .iter()
            .map(|ms| ms * 1e3 / self.tasks as f64)
            .collect();
        DispatchRow {
            api: self.api.into(),
            kind: self.kind,
            workers: self.workers,
            tasks: self.tasks,
            us_per_task: stats(&us),
        }
    }
}

/// Every API of the dispatch run, at `n` tiny tasks.
fn dispatch_cases<'a>(
    n: usize,
    workers: usize,
    pool: &'a WorkerPool,
    rayon_pool: &'a rayon::ThreadPool,
) -> Vec<DispatchCase<'a>> {
    let case = |api, kind, workers, run: Box<dyn FnMut() + 'a>| DispatchCase {
        api,
        kind,
        workers,
        tasks: n,
        run,
    };
    let mut cases = vec![case(
        api::SEQUENTIAL_LOOP,
        DispatchKind::Sequential,
        1,
        Box::new(move || {
            std::hint::black_box((0..n as u64).map(tiny).collect::<Vec<_>>());
        }),
    )];
    // A thread per task: at most 10,000 (100,000 threads say little more, slowly).
    if n <= 10_000 {
        cases.push(case(
            api::THREAD_PER_TASK,
            DispatchKind::ThreadPerTask,
            n,
            Box::new(move || {
                let hs: Vec<_> = (0..n as u64)
                    .map(|i| std::thread::spawn(move || tiny(i)))
                    .collect();
                std::hint::black_box(hs.into_iter().map(|h| h.join().unwrap()).sum::<u64>());
            }),
        ));
    }
    cases.push(case(
        api::WORKER_POOL_MAP,
        DispatchKind::BatchedMap,
        workers,
        Box::new(move || {
            std::hint::black_box(pool.map(tiny, 0..n as u64));
        }),
    ));
    cases.push(case(
        api::RAYON_PAR_ITER,
        DispatchKind::BatchedMap,
        workers,
        Box::new(move || {
            std::hint::black_box(
                rayon_pool.install(|| (0..n as u64).into_par_iter().map(tiny).collect::<Vec<_>>()),
            );
        }),
    ));
    cases.push(case(
        api::RAYON_SPAWN,
        DispatchKind::PerItemSubmit,
        workers,
        Box::new(move || {
            std::hint::black_box(spawn_each(rayon_pool, n, tiny));
        }),
    ));
    cases
}

fn rayon_pool(workers: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(workers)
        .build()
        .expect("the operating system starts a few threads")
}

/// One boxed job per item on the pool's queue, each result sent back down a channel: the
/// counterpart of `ThreadPoolExecutor.submit` with a future per item.
fn spawn_each(pool: &rayon::ThreadPool, n: usize, task: fn(u64) -> u64) -> usize {
    let (done, results) = crossbeam::channel::unbounded();
    for i in 0..n as u64 {
        let done = done.clone();
        pool.spawn(move || done.send(task(i)).unwrap());
    }
    drop(done);
    results.iter().count()
}

/// Start-up: a thread, a process, and pools (start, one task, shut down).
fn startup(o: &Opts) -> StartupSection {
    set_time_unit(Duration::from_millis(1));
    helpers::worker_executable().expect("token-worker is built beside rust-bench");
    let many = if o.quick { 5 } else { 200 };
    let few = if o.quick { 3 } else { 20 };
    let mut rows = Vec::new();
    let mut add = |what: &str, samples: Vec<f64>| {
        rows.push(StartupRow {
            what: what.into(),
            ms: stats(&samples),
        });
    };
    add(
        "thread: spawn + join",
        time_ms(many, || {
            std::thread::spawn(|| tiny(1)).join().map(drop).unwrap()
        }),
    );
    add(
        "process: /bin/true (the OS's own floor)",
        time_ms(few, || {
            Command::new("true").status().unwrap();
        }),
    );
    add(
        "process: token-worker, one empty token",
        time_ms(few, || {
            run_in_process("").unwrap();
        }),
    );
    add(
        "pool: crossbeam WorkerPool(2), one task, drop",
        time_ms(many, || {
            WorkerPool::new(2).map(tiny, [1u64]);
        }),
    );
    add(
        "pool: rayon ThreadPool(2), one task, drop",
        time_ms(many, || {
            let p = rayon::ThreadPoolBuilder::new()
                .num_threads(2)
                .build()
                .unwrap();
            p.install(|| tiny(1));
        }),
    );
    add(
        "pool: ProcessPool(2), one task, drop",
        time_ms(few, || {
            helpers::ProcessPool::start(2).unwrap().map(&[""]);
        }),
    );
    StartupSection { startup: rows }
}

/// CPU-bound scaling: 48 equal tasks of `helpers::cpu_work`, on 1..4 workers.
///
/// Rounds are interleaved: each round times one task alone (the task time the one-worker run is
/// held against), then every series at every worker count once, so a slow spell of a shared
/// machine lands on all counts of that round alike and speed-ups can be paired round by round.
fn scaling(o: &Opts) -> ScalingSection {
    let task_ms = if o.quick { 2 } else { 25 };
    let tasks = 48usize;
    let rounds = if o.quick { 2 } else { SCALING_ROUNDS };
    set_time_unit(Duration::from_millis(task_ms));
    cpu_work("a"); // calibrate once, outside the clock
    let counts: Vec<usize> = (1..=4).collect();
    let pools: Vec<rayon::ThreadPool> = counts.iter().map(|&w| rayon_pool(w)).collect();
    let mut threads = vec![Vec::new(); counts.len()];
    let mut rayon_ms = vec![Vec::new(); counts.len()];
    let mut one_task = Vec::new();
    for _ in 0..rounds {
        one_task.extend(time_ms(1, || drop(cpu_work("a"))));
        for (i, &w) in counts.iter().enumerate() {
            threads[i].extend(time_ms(1, || scoped_threads_run(w, tasks)));
            rayon_ms[i].extend(time_ms(1, || {
                pools[i].install(|| (0..tasks).into_par_iter().for_each(|_| drop(cpu_work("a"))))
            }));
        }
    }
    let points = |samples: Vec<Vec<f64>>| -> Vec<ScalingPoint> {
        counts
            .iter()
            .zip(samples)
            .map(|(&workers, rounds_ms)| ScalingPoint {
                workers,
                ms: stats(&rounds_ms),
                rounds_ms,
            })
            .collect()
    };
    let mut series = std::collections::BTreeMap::new();
    series.insert("rust threads".to_string(), points(threads));
    series.insert("rust rayon".to_string(), points(rayon_ms));
    ScalingSection {
        scaling: Scaling {
            tasks,
            task_ms: task_ms as f64,
            series,
            measured_task_ms: Some(stats(&one_task)),
            gil_enabled: None,
        },
    }
}

/// Rounds of the scaling run (both sides use the same count; `bench/python/micro.py` too).
const SCALING_ROUNDS: usize = 7;

/// `tasks` calls of `cpu_work` shared by `workers` scoped threads, each taking the next.
fn scoped_threads_run(workers: usize, tasks: usize) {
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                while next.fetch_add(1, Ordering::Relaxed) < tasks {
                    cpu_work("a");
                }
            });
        }
    });
}

/// What recording costs per task: `recorded` calls inside `record`, outside it, and bare.
fn recording(o: &Opts) -> RecordingSection {
    let reps = if o.quick { 2 } else { 7 };
    let sizes: &[usize] = if o.quick {
        &[12, 1000]
    } else {
        &[12, 1000, 10_000]
    };
    RecordingSection {
        recording: sizes.iter().map(|&n| recording_row(n, reps)).collect(),
    }
}

/// What recording costs per task for `n` tokens, over `reps` repetitions.
fn recording_row(n: usize, reps: usize) -> RecordingRow {
    let tokens: Vec<String> = helpers::TUTORIAL_TOKENS
        .iter()
        .cycle()
        .take(n)
        .map(|t| t.to_string())
        .collect();
    // Repeat the small lists so each sample is long enough to time.
    let loops = (20_000 / n).max(1);
    let body = |t: &String| recorded(t, || t.to_uppercase());
    let per_task = |samples: Vec<f64>| -> Vec<f64> {
        samples
            .iter()
            .map(|ms| ms * 1e3 / (n * loops) as f64)
            .collect()
    };
    let bare = per_task(time_ms(reps, || {
        for _ in 0..loops {
            tokens
                .iter()
                .for_each(|t| drop(std::hint::black_box(t.to_uppercase())));
        }
    }));
    let outside = per_task(time_ms(reps, || {
        for _ in 0..loops {
            tokens
                .iter()
                .for_each(|t| drop(std::hint::black_box(body(t))));
        }
    }));
    let inside = per_task(time_ms(reps, || {
        for _ in 0..loops {
            let (_, run) = record("overhead", &tokens, 1, || {
                tokens
                    .iter()
                    .for_each(|t| drop(std::hint::black_box(body(t))))
            });
            assert_eq!(run.records().len(), n);
        }
    }));
    let inside_2threads = per_task(time_ms(reps, || {
        for _ in 0..loops {
            let (_, run) = record("overhead", &tokens, 2, || {
                std::hint::black_box(tokens.par_iter().map(body).count())
            });
            assert_eq!(run.records().len(), n);
        }
    }));
    let minus = |a: &[f64]| median(a) - median(&bare);
    RecordingRow {
        tokens: n,
        bare_us: stats(&bare),
        outside_record_us: stats(&outside),
        inside_record_us: stats(&inside),
        inside_record_2_threads_us: stats(&inside_2threads),
        cost_inside_us: minus(&inside),
        cost_outside_us: minus(&outside),
    }
}

/// Where parallel starts beating a sequential loop: N tasks of a given size, for each API.
fn breakeven(o: &Opts) -> BreakevenSection {
    let reps = if o.quick { 1 } else { 3 };
    let n: usize = if o.quick { 2_000 } else { 10_000 };
    let sizes_us: &[f64] = &[0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0];
    let workers = o.workers();
    let pool = WorkerPool::new(workers);
    let rayon_pool = rayon_pool(workers);
    rayon_pool.install(|| (0..1000u64).into_par_iter().map(tiny).sum::<u64>());
    let styles = breakeven_runners(n, workers, &pool, &rayon_pool);
    let mut rows = Vec::new();
    for &us in sizes_us {
        let it = spins_for(Duration::from_nanos((us * 1000.0) as u64));
        for (api, workers, run) in &styles {
            // A thread per task: fewer tasks, it is slow; per-task times stay comparable.
            let tasks = if *api == api::THREAD_PER_TASK {
                n / 10
            } else {
                n
            };
            let ms = time_ms(reps, || run(tasks, it));
            let per_task: Vec<f64> = ms.iter().map(|m| m * 1e3 / tasks as f64).collect();
            rows.push(BreakevenRow {
                api: api.to_string(),
                workers: *workers,
                task_us: us,
                tasks,
                us_per_task: stats(&per_task),
            });
        }
    }
    BreakevenSection { breakeven: rows }
}

/// How one API runs `n` tasks of `it` spins each.
type Runner<'a> = Box<dyn Fn(usize, u64) + 'a>;

/// Each API of the break-even run: its name, its workers, and how it runs the tasks.
fn breakeven_runners<'a>(
    n: usize,
    workers: usize,
    pool: &'a WorkerPool,
    rayon_pool: &'a rayon::ThreadPool,
) -> Vec<(&'static str, usize, Runner<'a>)> {
    vec![
        (
            api::SEQUENTIAL_LOOP,
            1,
            Box::new(|n, it| {
                (0..n).for_each(|_| {
                    spin(it);
                });
            }),
        ),
        (
            api::THREAD_PER_TASK,
            n / 10,
            Box::new(|n, it| {
                let hs: Vec<_> = (0..n)
                    .map(|_| std::thread::spawn(move || spin(it)))
                    .collect();
                hs.into_iter().for_each(|h| drop(h.join()));
            }),
        ),
        (
            api::WORKER_POOL_MAP,
            workers,
            Box::new(|n, it| drop(pool.map(move |_: usize| spin(it), 0..n))),
        ),
        (
            api::RAYON_PAR_ITER,
            workers,
            Box::new(|n, it| {
                rayon_pool.install(|| {
                    (0..n).into_par_iter().for_each(|_| {
                        spin(it);
                    })
                });
            }),
        ),
        (
            api::RAYON_SPAWN,
            workers,
            Box::new(|n, it| {
                let (done, results) = crossbeam::channel::unbounded();
                for _ in 0..n {
                    let done = done.clone();
                    rayon_pool.spawn(move || done.send(spin(it)).unwrap());
                }
                drop(done);
                results.iter().count();
            }),
        ),
    ]
}
