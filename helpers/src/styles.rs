//! Every style of the tutorial as one recorded run, for the command-line runner and the benchmarks.
//!
//! ```
//! helpers::set_time_unit(std::time::Duration::from_millis(2));
//! let style = helpers::find_style("scoped-threads").unwrap();
//! let run = (style.run)(&["ab", "c"], 2).unwrap();
//! assert_eq!(run.records().len(), 2);
//! ```
//!
//! The notebooks write each style out in a cell, where it is the lesson; here they are written once,
//! plainly, so a script can run them all the same way.

use std::io;

use rayon::prelude::*;

use crate::pool::WorkerPool;
use crate::process::{ProcessPool, run_in_process};
use crate::record::{Run, record};
use crate::{Dispatch, work};

/// A named way of mapping the work function over tokens.
pub struct Style {
    /// The name the runner takes in `--style`.
    pub name: &'static str,
    /// One line for `--help`.
    pub about: &'static str,
    /// Runs it: tokens, and a worker count (ignored by styles with a worker per token).
    pub run: fn(&[&str], usize) -> io::Result<Run>,
}

/// All styles, in the order the notebooks meet them.
pub const STYLES: &[Style] = &[
    Style {
        name: "sequential",
        about: "a plain loop: the baseline",
        run: sequential,
    },
    Style {
        name: "thread-per-task",
        about: "std::thread::spawn per token, joined in order",
        run: thread_per_task,
    },
    Style {
        name: "scoped-threads",
        about: "std::thread::scope, a thread per token",
        run: scoped_threads,
    },
    Style {
        name: "pool-ordered",
        about: "crossbeam worker pool of N, results in input order",
        run: pool_ordered,
    },
    Style {
        name: "pool-unordered",
        about: "crossbeam worker pool of N, results as they complete",
        run: pool_unordered,
    },
    Style {
        name: "pool-chunked",
        about: "crossbeam worker pool of N, chunks as Python's Pool.map picks them",
        run: pool_chunked,
    },
    Style {
        name: "rayon-global",
        about: "par_iter on rayon's global pool (one thread per core)",
        run: rayon_global,
    },
    Style {
        name: "rayon-pool",
        about: "par_iter on a rayon pool of N threads",
        run: rayon_pool,
    },
    Style {
        name: "process-per-task",
        about: "a token-worker process per token",
        run: process_per_task,
    },
    Style {
        name: "process-pool",
        about: "N long-lived token-worker processes",
        run: process_pool,
    },
    #[cfg(feature = "async")]
    Style {
        name: "tokio-tasks",
        about: "a tokio task per token on one thread",
        run: tokio_tasks,
    },
];

/// The style with this name.
pub fn find_style(name: &str) -> Option<&'static Style> {
    STYLES.iter().find(|s| s.name == name)
}

fn sequential(tokens: &[&str], _: usize) -> io::Result<Run> {
    let (_, run) = record("sequential", tokens, 1, || {
        tokens.iter().map(|t| work(t)).collect::<Vec<_>>()
    });
    Ok(run)
}

fn thread_per_task(tokens: &[&str], _: usize) -> io::Result<Run> {
    let (_, run) = record("thread-per-task", tokens, tokens.len().max(1), || {
        let handles: Vec<_> = tokens
            .iter()
            .map(|t| t.to_string())
            .map(|t| std::thread::spawn(move || work(&t)))
            .collect();
        handles.into_iter().map(|h| h.join()).collect::<Vec<_>>()
    });
    Ok(run)
}

fn scoped_threads(tokens: &[&str], _: usize) -> io::Result<Run> {
    let (_, run) = record("scoped-threads", tokens, tokens.len().max(1), || {
        std::thread::scope(|s| {
            let handles: Vec<_> = tokens.iter().map(|t| s.spawn(|| work(t))).collect();
            handles.into_iter().map(|h| h.join()).collect::<Vec<_>>()
        })
    });
    Ok(run)
}

fn owned(tokens: &[&str]) -> Vec<String> {
    tokens.iter().map(|t| t.to_string()).collect()
}

fn pool_ordered(tokens: &[&str], workers: usize) -> io::Result<Run> {
    let (_, run) = record("pool-ordered", tokens, workers, || {
        WorkerPool::new(workers).try_map(|t: String| work(&t), owned(tokens))
    });
    Ok(run)
}

fn pool_unordered(tokens: &[&str], workers: usize) -> io::Result<Run> {
    let (_, run) = record("pool-unordered", tokens, workers, || {
        WorkerPool::new(workers)
            .imap_unordered(|t: String| work(&t), owned(tokens))
            .collect::<Vec<_>>()
    });
    Ok(run)
}

fn pool_chunked(tokens: &[&str], workers: usize) -> io::Result<Run> {
    let chunk = crate::python_default_chunk(tokens.len(), workers);
    let (_, run) = record(
        "pool-chunked",
        tokens,
        Dispatch::Chunked { workers, chunk },
        || WorkerPool::new(workers).map_chunked(|t: String| work(&t), owned(tokens), chunk),
    );
    Ok(run)
}

fn rayon_global(tokens: &[&str], _: usize) -> io::Result<Run> {
    // Rayon splits work in halves rather than handing it out in order, so the greedy prediction
    // is a lower bound for it, not an exact figure.
    let (_, run) = record("rayon-global", tokens, rayon::current_num_threads(), || {
        tokens.par_iter().map(|t| work(t)).collect::<Vec<_>>()
    });
    Ok(run)
}

fn rayon_pool(tokens: &[&str], workers: usize) -> io::Result<Run> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers)
        .build()
        .map_err(io::Error::other)?;
    let (_, run) = record("rayon-pool", tokens, workers, || {
        pool.install(|| tokens.par_iter().map(|t| work(t)).collect::<Vec<_>>())
    });
    Ok(run)
}

fn process_per_task(tokens: &[&str], _: usize) -> io::Result<Run> {
    crate::worker_executable()?; // find or build it before the clock starts
    let (_, run) = record("process-per-task", tokens, tokens.len().max(1), || {
        std::thread::scope(|s| {
            let handles: Vec<_> = tokens
                .iter()
                .map(|t| s.spawn(|| run_in_process(t)))
                .collect();
            handles.into_iter().map(|h| h.join()).collect::<Vec<_>>()
        })
    });
    Ok(run)
}

fn process_pool(tokens: &[&str], workers: usize) -> io::Result<Run> {
    crate::worker_executable()?;
    let (outcome, run) = record("process-pool", tokens, workers, || {
        ProcessPool::start(workers).map(|mut pool| pool.map(tokens))
    });
    outcome?;
    Ok(run)
}

#[cfg(feature = "async")]
fn tokio_tasks(tokens: &[&str], _: usize) -> io::Result<Run> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()?;
    let (_, run) = record("tokio-tasks", tokens, tokens.len().max(1), || {
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
