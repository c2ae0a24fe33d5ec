//! Every style of the tutorial as one recorded run, for the command-line runner and the benchmarks.
//!
//! ```
//! helpers::set_time_unit(std::time::Duration::from_millis(2));
//! let style = helpers::find_style("scoped-threads").unwrap();
//! let run = style.run(&["ab", "c"], 2).unwrap();
//! assert_eq!(run.records().len(), 2);
//! assert_eq!(run.style, "scoped-threads");
//! ```
//!
//! The notebooks write each style out in a cell, where it is the lesson; here they are written once,
//! plainly, so a script can run them all the same way. Every token is accounted for: a pool asked
//! for more workers than tokens starts one per token, and a thread, pool or process the operating
//! system refuses is recorded as the failure of the tokens it should have run, with its reason.

use std::io;
use std::sync::OnceLock;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::run::{Run, TaskGuard, record};
use crate::workers::{ProcessPool, WorkerPool, run_in_process};
use crate::{Dispatch, work};

/// What a style runs: its own name (for the record), the tokens and the worker count.
type Body = fn(&'static str, &[&str], usize) -> io::Result<Run>;

/// How a style hands the tokens to its workers: what a Rust style and a Python one must share to
/// be compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    /// One loop, no workers.
    Sequential,
    /// Each free worker takes the next single item.
    Item,
    /// Items are cut into chunks fixed before the run; each free worker takes the next chunk.
    Chunk,
    /// A thread (or process, or task) of its own for every item.
    PerItem,
    /// rayon: the list is split in halves, and idle threads steal halves from busy ones.
    Split,
    /// joblib (Python only): batches whose size joblib adjusts while it runs, from one item.
    Auto,
}

impl Granularity {
    /// How a reader would say it.
    pub fn describe(self) -> &'static str {
        match self {
            Granularity::Sequential => "a plain loop",
            Granularity::Item => "one item at a time",
            Granularity::Chunk => "chunks fixed up front",
            Granularity::PerItem => "a thread or process per item",
            Granularity::Split => "split in halves, work stealing",
            Granularity::Auto => "batches sized while running",
        }
    }
}

/// A style of the Python tutorial that does the same job as a Rust style: same [`Granularity`],
/// its pool started inside the clock too. The benchmarks compare the two at equal worker counts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PythonCounterpart {
    /// The style's name in `bench/python/sleeping.py`.
    pub style: &'static str,
    /// The benchmark's target: the Rust style's overhead over this one's, at most.
    pub overhead_ratio_at_most: f64,
}

/// A named way of mapping the work function over tokens, with everything the runner, the
/// benchmarks and their report need to know about it. `run-styles --list --json` prints the table.
#[derive(Debug, Serialize)]
pub struct Style {
    /// The name the runner takes in `--style`, and the run's name.
    pub name: &'static str,
    /// One line for `--help`.
    pub about: &'static str,
    /// How it hands the tokens to its workers.
    pub granularity: Granularity,
    /// Whether its pool, threads or runtime start inside `record()`'s clock (a pool built before
    /// the run, or rayon's global pool started by an argument of `record`, does not).
    pub pool_in_clock: bool,
    /// The Python styles it is benchmarked against.
    pub python: &'static [PythonCounterpart],
    #[serde(skip)]
    body: Body,
}

/// A Python counterpart whose overhead Rust should at most halve.
const fn halved(style: &'static str) -> PythonCounterpart {
    PythonCounterpart {
        style,
        overhead_ratio_at_most: 0.5,
    }
}

impl Style {
    /// Runs the style over `tokens` and returns its recorded run, named after the style.
    /// `workers` sizes the pools (capped at one per token); styles with a worker per token ignore
    /// it.
    ///
    /// # Errors
    /// If `workers` is zero, or the worker program cannot be found or built.
    pub fn run(&self, tokens: &[&str], workers: usize) -> io::Result<Run> {
        if workers == 0 {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{}: a pool needs at least one worker", self.name),
            ));
        }
        (self.body)(self.name, tokens, workers)
    }
}

/// All styles, in the order the notebooks meet them.
pub const STYLES: &[Style] = &[
    Style {
        name: "sequential",
        about: "a plain loop: the baseline",
        granularity: Granularity::Sequential,
        pool_in_clock: true,
        python: &[],
        body: sequential,
    },
    Style {
        name: "thread-per-task",
        about: "std::thread::spawn per token, joined in order",
        granularity: Granularity::PerItem,
        pool_in_clock: true,
        python: &[],
        body: thread_per_task,
    },
    Style {
        name: "scoped-threads",
        about: "std::thread::scope, a thread per token",
        granularity: Granularity::PerItem,
        pool_in_clock: true,
        python: &[],
        body: scoped_threads,
    },
    Style {
        name: "pool-ordered",
        about: "crossbeam worker pool of N, results in input order",
        granularity: Granularity::Item,
        pool_in_clock: true,
        python: &[
            halved("tpe-map"),
            halved("tpe-submit"),
            halved("threadpool-imap"),
        ],
        body: pool_ordered,
    },
    Style {
        name: "pool-unordered",
        about: "crossbeam worker pool of N, results as they complete",
        granularity: Granularity::Item,
        pool_in_clock: true,
        python: &[
            halved("tpe-as-completed"),
            halved("threadpool-imap-unordered"),
        ],
        body: pool_unordered,
    },
    Style {
        name: "pool-chunked",
        about: "crossbeam worker pool of N, chunks as Python's Pool.map picks them",
        granularity: Granularity::Chunk,
        pool_in_clock: true,
        python: &[halved("threadpool-map")],
        body: pool_chunked,
    },
    Style {
        name: "rayon-global",
        about: "par_iter on rayon's global pool (one thread per core)",
        granularity: Granularity::Split,
        // `rayon::current_num_threads()`, an argument of record(), starts the global pool.
        pool_in_clock: false,
        python: &[],
        body: rayon_global,
    },
    Style {
        name: "rayon-pool",
        about: "par_iter on a rayon pool of N threads",
        granularity: Granularity::Split,
        // The pool is built before record() starts.
        pool_in_clock: false,
        python: &[],
        body: rayon_pool,
    },
    Style {
        name: "process-per-task",
        about: "a token-worker process per token",
        granularity: Granularity::PerItem,
        pool_in_clock: true,
        python: &[],
        body: process_per_task,
    },
    Style {
        name: "process-pool",
        about: "N long-lived token-worker processes",
        granularity: Granularity::Item,
        pool_in_clock: true,
        python: &[
            PythonCounterpart {
                style: "ppe-map",
                overhead_ratio_at_most: 0.2,
            },
            // "far below joblib's": taken as at most a tenth.
            PythonCounterpart {
                style: "joblib",
                overhead_ratio_at_most: 0.1,
            },
        ],
        body: process_pool,
    },
    #[cfg(feature = "async")]
    Style {
        name: "tokio-tasks",
        about: "a tokio task per token on one thread",
        granularity: Granularity::PerItem,
        // The runtime is built before record() starts; its tasks need no threads.
        pool_in_clock: false,
        python: &[],
        body: tokio_tasks,
    },
];

/// The style with this name.
pub fn find_style(name: &str) -> Option<&'static Style> {
    STYLES.iter().find(|s| s.name == name)
}

/// A pool never needs more workers than tokens: the rest would only sit idle (and thousands of
/// idle threads or processes cost seconds to start). An empty input still gets one, so the style's
/// code runs as written.
fn pool_size(workers: usize, tokens: &[&str]) -> usize {
    workers.min(tokens.len()).max(1)
}

/// Records `token` as failed because the thread, pool or process that should have run it could
/// not start: `reason` says what and why (the operating system's words).
fn refused(token: &str, reason: &str) {
    TaskGuard::begin_as(token, "not started".to_string()).fail(reason);
}

fn refused_all(tokens: &[&str], reason: &str) {
    for token in tokens {
        refused(token, reason);
    }
}

fn no_thread(error: &io::Error) -> String {
    format!("could not start a thread: {error}")
}

fn sequential(name: &'static str, tokens: &[&str], _: usize) -> io::Result<Run> {
    let (_, run) = record(name, tokens, 1, || {
        tokens.iter().map(|t| work(t)).collect::<Vec<_>>()
    });
    Ok(run)
}

fn thread_per_task(name: &'static str, tokens: &[&str], _: usize) -> io::Result<Run> {
    let (_, run) = record(name, tokens, tokens.len(), || {
        let handles: Vec<_> = tokens
            .iter()
            .map(|t| {
                let token = t.to_string();
                std::thread::Builder::new()
                    .spawn(move || work(&token))
                    .map_err(|error| (t, error))
            })
            .collect();
        for handle in handles {
            match handle {
                Ok(thread) => drop(thread.join()),
                Err((token, error)) => refused(token, &no_thread(&error)),
            }
        }
    });
    Ok(run)
}

fn scoped_threads(name: &'static str, tokens: &[&str], _: usize) -> io::Result<Run> {
    let (_, run) = record(name, tokens, tokens.len(), || {
        std::thread::scope(|s| {
            let handles: Vec<_> = tokens
                .iter()
                .filter_map(|token| {
                    let spawned = std::thread::Builder::new().spawn_scoped(s, || work(token));
                    spawned
                        .map_err(|error| refused(token, &no_thread(&error)))
                        .ok()
                })
                .collect();
            // Joined here, so a task's panic is recorded as its failure rather than re-raised by
            // the scope.
            handles.into_iter().for_each(|h| drop(h.join()));
        })
    });
    Ok(run)
}

fn owned(tokens: &[&str]) -> Vec<String> {
    tokens.iter().map(|t| t.to_string()).collect()
}

fn pool_ordered(name: &'static str, tokens: &[&str], workers: usize) -> io::Result<Run> {
    let workers = pool_size(workers, tokens);
    let (_, run) = record(name, tokens, workers, || {
        match WorkerPool::try_new(workers) {
            Ok(pool) => drop(pool.try_map(|t: String| work(&t), owned(tokens))),
            Err(error) => refused_all(tokens, &error.to_string()),
        }
    });
    Ok(run)
}

fn pool_unordered(name: &'static str, tokens: &[&str], workers: usize) -> io::Result<Run> {
    let workers = pool_size(workers, tokens);
    let (_, run) = record(name, tokens, workers, || {
        match WorkerPool::try_new(workers) {
            Ok(pool) => pool
                .imap_unordered(|t: String| work(&t), owned(tokens))
                .for_each(drop),
            Err(error) => refused_all(tokens, &error.to_string()),
        }
    });
    Ok(run)
}

fn pool_chunked(name: &'static str, tokens: &[&str], workers: usize) -> io::Result<Run> {
    let workers = pool_size(workers, tokens);
    let chunk = crate::python_default_chunk(tokens.len(), workers);
    let dispatch = Dispatch::Chunked { workers, chunk };
    let (_, run) = record(name, tokens, dispatch, || {
        match WorkerPool::try_new(workers) {
            Ok(pool) => drop(pool.map_chunked(|t: String| work(&t), owned(tokens), chunk)),
            Err(error) => refused_all(tokens, &error.to_string()),
        }
    });
    Ok(run)
}

/// Starts rayon's global pool, once per process, and says whether it runs. Rayon panics on every
/// later use of a global pool that failed to start, so the outcome of the first attempt is kept.
fn global_rayon_pool() -> Result<usize, String> {
    static STARTED: OnceLock<Result<(), String>> = OnceLock::new();
    STARTED
        .get_or_init(|| match rayon::ThreadPoolBuilder::new().build_global() {
            Ok(()) => Ok(()),
            // Someone used it already, so it started.
            Err(error) if error.to_string().contains("already been initialized") => Ok(()),
            Err(error) => Err(format!("could not start rayon's global pool: {error}")),
        })
        .clone()
        .map(|()| rayon::current_num_threads())
}

fn rayon_global(name: &'static str, tokens: &[&str], _: usize) -> io::Result<Run> {
    // Rayon splits work in halves rather than handing it out in order, so the greedy prediction
    // is a lower bound for it, not an exact figure.
    let started = global_rayon_pool();
    let workers = *started.as_ref().unwrap_or(&0);
    let (_, run) = record(name, tokens, workers, || match &started {
        Ok(_) => drop(tokens.par_iter().map(|t| work(t)).collect::<Vec<_>>()),
        Err(error) => refused_all(tokens, error),
    });
    Ok(run)
}

fn rayon_pool(name: &'static str, tokens: &[&str], workers: usize) -> io::Result<Run> {
    let workers = pool_size(workers, tokens);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(workers).build();
    let (_, run) = record(name, tokens, workers, || match &pool {
        Ok(pool) => drop(pool.install(|| tokens.par_iter().map(|t| work(t)).collect::<Vec<_>>())),
        Err(error) => refused_all(tokens, &format!("could not start a rayon pool: {error}")),
    });
    Ok(run)
}

fn process_per_task(name: &'static str, tokens: &[&str], _: usize) -> io::Result<Run> {
    crate::worker_executable()?; // find or build it before the clock starts
    let (_, run) = record(name, tokens, tokens.len(), || {
        std::thread::scope(|s| {
            let waiters: Vec<_> = tokens
                .iter()
                .filter_map(|token| {
                    let spawned =
                        std::thread::Builder::new().spawn_scoped(s, || run_in_process(token));
                    spawned
                        .map_err(|error| refused(token, &no_thread(&error)))
                        .ok()
                })
                .collect();
            waiters.into_iter().for_each(|h| drop(h.join()));
        })
    });
    Ok(run)
}

fn process_pool(name: &'static str, tokens: &[&str], workers: usize) -> io::Result<Run> {
    crate::worker_executable()?;
    let workers = pool_size(workers, tokens);
    let (_, run) = record(name, tokens, workers, || {
        match ProcessPool::start(workers) {
            Ok(mut pool) => drop(pool.map(tokens)),
            Err(error) => refused_all(
                tokens,
                &format!("could not start the worker processes: {error}"),
            ),
        }
    });
    Ok(run)
}

#[cfg(feature = "async")]
fn tokio_tasks(name: &'static str, tokens: &[&str], _: usize) -> io::Result<Run> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()?;
    let (_, run) = record(name, tokens, tokens.len(), || {
        runtime.block_on(async {
            let tasks: Vec<_> = owned(tokens)
                .into_iter()
                .map(|t| tokio::spawn(async move { crate::work_async(&t).await }))
                .collect();
            let mut results = Vec::new();
            for task in tasks {
                results.push(task.await);
            }
            results
        })
    });
    Ok(run)
}
