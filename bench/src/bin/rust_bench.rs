//! The Rust side of the micro-benchmarks; prints one JSON object.
//!
//! ```text
//! rust-bench floor|dispatch|startup|scaling|recording|breakeven [--quick]
//! ```
//! `--quick` shrinks sizes and repetitions (a smoke test of the harness, not a measurement).
//! The sleeping workload itself is measured with helpers' `run-styles`, not here.

use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use bench::{median, spin, spins_for, stats, time_ms};
use helpers::{WorkerPool, cpu_work, record, recorded, run_in_process, set_time_unit};
use rayon::prelude::*;
use serde_json::{Value, json};

struct Opts {
    quick: bool,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let opts = Opts {
        quick: args.iter().any(|a| a == "--quick"),
    };
    let section = args.first().map(String::as_str).unwrap_or("");
    let out = match section {
        "floor" => floor(&opts),
        "dispatch" => dispatch(&opts),
        "startup" => startup(&opts),
        "scaling" => scaling(&opts),
        "recording" => recording(&opts),
        "breakeven" => breakeven(&opts),
        _ => {
            eprintln!(
                "usage: rust-bench floor|dispatch|startup|scaling|recording|breakeven [--quick]"
            );
            std::process::exit(2);
        }
    };
    println!("{out}");
}

/// The operating system's floor: how late a bare sleep wakes up, alone and as 12 threads at once.
fn floor(o: &Opts) -> Value {
    let mut single = serde_json::Map::new();
    let mut twelve = serde_json::Map::new();
    for (ms, reps) in [(1u64, 50usize), (100, 10), (1000, 3)] {
        if o.quick && ms == 1000 {
            continue;
        }
        let d = Duration::from_millis(ms);
        let reps = if o.quick { 3 } else { reps };
        let over: Vec<f64> = time_ms(reps, || std::thread::sleep(d))
            .iter()
            .map(|t| t - ms as f64)
            .collect();
        single.insert(ms.to_string(), stats(&over));
        let over: Vec<f64> = time_ms(reps.min(10), || {
            let hs: Vec<_> = (0..12)
                .map(|_| std::thread::spawn(move || std::thread::sleep(d)))
                .collect();
            hs.into_iter().for_each(|h| h.join().unwrap());
        })
        .iter()
        .map(|t| t - ms as f64)
        .collect();
        twelve.insert(ms.to_string(), stats(&over));
    }
    json!({"sleep_overshoot_ms": single, "twelve_threads_overshoot_ms": twelve})
}

fn tiny(i: u64) -> u64 {
    std::hint::black_box(i).wrapping_mul(2_654_435_761) ^ 7
}

/// Microseconds per task for many tiny tasks, each style measured as its own total wall time / N.
fn dispatch(o: &Opts) -> Value {
    let reps = if o.quick { 2 } else { 5 };
    let sizes: &[usize] = if o.quick {
        &[10_000]
    } else {
        &[10_000, 100_000]
    };
    let pool = WorkerPool::new(2);
    pool.map(tiny, 0..100u64); // warm
    (0..1000u64).into_par_iter().map(tiny).sum::<u64>(); // start rayon's global pool
    let mut rows = Vec::new();
    for &n in sizes {
        let mut add = |style: &str, tasks: usize, samples: Vec<f64>| {
            let us: Vec<f64> = samples.iter().map(|ms| ms * 1e3 / tasks as f64).collect();
            rows.push(json!({"style": style, "tasks": tasks, "us_per_task": stats(&us)}));
        };
        add(
            "sequential loop",
            n,
            time_ms(reps, || {
                std::hint::black_box((0..n as u64).map(tiny).collect::<Vec<_>>());
            }),
        );
        // A thread per task: at most 10,000 (100,000 threads say little more, slowly).
        let threads = n.min(10_000);
        add(
            "thread per task",
            threads,
            time_ms(reps, || {
                let hs: Vec<_> = (0..threads as u64)
                    .map(|i| std::thread::spawn(move || tiny(i)))
                    .collect();
                std::hint::black_box(hs.into_iter().map(|h| h.join().unwrap()).sum::<u64>());
            }),
        );
        add(
            "crossbeam worker pool (2), map",
            n,
            time_ms(reps, || {
                std::hint::black_box(pool.map(tiny, 0..n as u64));
            }),
        );
        add(
            "rayon par_iter",
            n,
            time_ms(reps, || {
                std::hint::black_box((0..n as u64).into_par_iter().map(tiny).collect::<Vec<_>>());
            }),
        );
        add(
            "rayon::spawn",
            n,
            time_ms(reps, || {
                let (done, results) = crossbeam::channel::unbounded();
                for i in 0..n as u64 {
                    let done = done.clone();
                    rayon::spawn(move || done.send(tiny(i)).unwrap());
                }
                drop(done);
                std::hint::black_box(results.iter().count());
            }),
        );
    }
    json!({"dispatch": rows})
}

/// Start-up: a thread, a process, and pools (start, one task, shut down).
fn startup(o: &Opts) -> Value {
    set_time_unit(Duration::from_millis(1));
    helpers::worker_executable().expect("token-worker is built beside rust-bench");
    let many = if o.quick { 5 } else { 200 };
    let few = if o.quick { 3 } else { 20 };
    let mut rows = Vec::new();
    let mut add = |what: &str, samples: Vec<f64>| {
        rows.push(json!({"what": what, "ms": stats(&samples)}));
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
    json!({"startup": rows})
}

/// CPU-bound scaling: 48 equal tasks of `helpers::cpu_work`, on 1..4 workers.
fn scaling(o: &Opts) -> Value {
    let task_ms = if o.quick { 2 } else { 25 };
    let tasks = 48usize;
    let reps = if o.quick { 1 } else { 3 };
    set_time_unit(Duration::from_millis(task_ms));
    cpu_work("a"); // calibrate once, outside the clock
    let max_workers = 4;
    let mut series = serde_json::Map::new();
    let threads: Vec<Value> = (1..=max_workers)
        .map(|w| {
            let ms = time_ms(reps, || {
                let next = AtomicUsize::new(0);
                std::thread::scope(|s| {
                    for _ in 0..w {
                        s.spawn(|| {
                            while next.fetch_add(1, Ordering::Relaxed) < tasks {
                                cpu_work("a");
                            }
                        });
                    }
                });
            });
            json!({"workers": w, "ms": stats(&ms)})
        })
        .collect();
    series.insert("rust threads".into(), threads.into());
    let rayon_rows: Vec<Value> = (1..=max_workers)
        .map(|w| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(w)
                .build()
                .unwrap();
            let ms = time_ms(reps, || {
                pool.install(|| (0..tasks).into_par_iter().for_each(|_| drop(cpu_work("a"))))
            });
            json!({"workers": w, "ms": stats(&ms)})
        })
        .collect();
    series.insert("rust rayon".into(), rayon_rows.into());
    json!({"scaling": {"tasks": tasks, "task_ms": task_ms, "series": series}})
}

/// What recording costs per task: `recorded` calls inside `record`, outside it, and bare.
fn recording(o: &Opts) -> Value {
    let reps = if o.quick { 2 } else { 7 };
    let sizes: &[usize] = if o.quick {
        &[12, 1000]
    } else {
        &[12, 1000, 10_000]
    };
    let mut rows = Vec::new();
    for &n in sizes {
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
                std::hint::black_box(tokens.iter().map(|t| t.to_uppercase()).count());
            }
        }));
        let outside = per_task(time_ms(reps, || {
            for _ in 0..loops {
                std::hint::black_box(tokens.iter().map(body).count());
            }
        }));
        let inside = per_task(time_ms(reps, || {
            for _ in 0..loops {
                let (_, run) = record("overhead", &tokens, 1, || {
                    std::hint::black_box(tokens.iter().map(body).count())
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
        let minus = |a: &[f64]| stats(&[median(a) - median(&bare)]);
        rows.push(json!({
            "tokens": n,
            "bare_us": stats(&bare),
            "outside_record_us": stats(&outside),
            "inside_record_us": stats(&inside),
            "inside_record_2_threads_us": stats(&inside_2threads),
            "cost_inside_us": minus(&inside),
            "cost_outside_us": minus(&outside),
        }));
    }
    json!({"recording": rows})
}

/// Where parallel starts beating a sequential loop: N tasks of a given size, for each style.
fn breakeven(o: &Opts) -> Value {
    let reps = if o.quick { 1 } else { 3 };
    let n: usize = if o.quick { 2_000 } else { 10_000 };
    let sizes_us: &[f64] = &[0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0];
    let pool = WorkerPool::new(2);
    (0..1000u64).into_par_iter().map(tiny).sum::<u64>();
    type Runner<'a> = Box<dyn Fn(usize, u64) + 'a>;
    let styles: Vec<(&str, Runner)> = vec![
        (
            "sequential loop",
            Box::new(|n, it| {
                (0..n).for_each(|_| {
                    spin(it);
                });
            }),
        ),
        (
            "thread per task",
            Box::new(|n, it| {
                let hs: Vec<_> = (0..n)
                    .map(|_| std::thread::spawn(move || spin(it)))
                    .collect();
                hs.into_iter().for_each(|h| drop(h.join()));
            }),
        ),
        (
            "crossbeam worker pool (2), map",
            Box::new(|n, it| drop(pool.map(move |_: usize| spin(it), 0..n))),
        ),
        (
            "rayon par_iter",
            Box::new(|n, it| {
                (0..n).into_par_iter().for_each(|_| {
                    spin(it);
                });
            }),
        ),
        (
            "rayon::spawn",
            Box::new(|n, it| {
                let (done, results) = crossbeam::channel::unbounded();
                for _ in 0..n {
                    let done = done.clone();
                    rayon::spawn(move || done.send(spin(it)).unwrap());
                }
                drop(done);
                results.iter().count();
            }),
        ),
    ];
    let mut rows = Vec::new();
    for &us in sizes_us {
        let it = spins_for(Duration::from_nanos((us * 1000.0) as u64));
        for (name, run) in &styles {
            // A thread per task: fewer tasks, it is slow; per-task times stay comparable.
            let tasks = if *name == "thread per task" {
                n / 10
            } else {
                n
            };
            let ms = time_ms(reps, || run(tasks, it));
            let per_task: Vec<f64> = ms.iter().map(|m| m * 1e3 / tasks as f64).collect();
            rows.push(json!({"style": name, "task_us": us, "tasks": tasks, "us_per_task": stats(&per_task)}));
        }
    }
    json!({"breakeven": rows})
}
