//! Draws one of each kind of picture into a folder, for a person to look at after changing the
//! drawing code: a pool of two, twelve threads, a run stopped before every token started, a pool
//! of three whose workers take turns holding a lock (queued, waiting and holding drawn), a
//! comparison and a speed-up chart; and the runs as one Perfetto trace (`runs.json`).
//!
//! `TIME_UNIT_MS=20 cargo run --example gallery -- /tmp/gallery` (then open the SVG files).

use std::path::PathBuf;
use std::sync::Arc;

use helpers::{
    Comparison, Picture, RecordedMutex, SpeedupChart, WorkerPool, find_style, record, save_traces,
    tutorial_tokens, work,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let folder = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "gallery".into()));
    std::fs::create_dir_all(&folder)?;
    let tokens = tutorial_tokens();
    let run_style = |name: &str, workers| {
        find_style(name)
            .expect("a listed style")
            .run(&tokens, workers)
    };

    let pool = run_style("pool-ordered", 2)?;
    pool.timeline().save_svg(folder.join("pool-of-two.svg"))?;
    let threads = run_style("scoped-threads", tokens.len())?;
    threads
        .timeline()
        .save_svg(folder.join("twelve-threads.svg"))?;
    // A caller that gives up after five tokens: the other seven never start.
    let (_, stopped) = record("stopped after five", &tokens, 1, || {
        tokens.iter().take(5).map(|t| work(t)).collect::<Vec<_>>()
    });
    stopped.timeline().save_svg(folder.join("stopped.svg"))?;
    // The lock held across the work: the workers take turns, and the tokens wait in the queue.
    let tally = Arc::new(RecordedMutex::new("tally", 0));
    let shared = Arc::clone(&tally);
    let (_, turns) = record("pool of 3, lock held across the work", &tokens, 3, || {
        WorkerPool::new(3).map(
            move |token: &str| {
                let mut total = shared.lock().unwrap_or_else(|p| p.into_inner());
                *total += work(token).len();
            },
            tokens.clone(),
        )
    });
    turns.timeline().save_svg(folder.join("lock-turns.svg"))?;
    Comparison::of("measured and predicted", [&pool, &threads, &stopped])
        .save_svg(folder.join("comparison.svg"))?;
    save_traces(
        &[&pool, &threads, &stopped, &turns],
        folder.join("runs.json"),
    )?;
    // Made-up points: this picture is about the drawing, not a measurement.
    SpeedupChart::new("speed-up")
        .series("threads", vec![(1, 1.0), (2, 1.9), (3, 1.9), (4, 2.0)])
        .series("rayon", vec![(1, 1.0), (2, 1.95), (3, 1.6), (4, 1.9)])
        .save_svg(folder.join("speedup.svg"))?;
    println!("saved the pictures in {}", folder.display());
    Ok(())
}
