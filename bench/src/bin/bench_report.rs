//! Reads what `bench/run.sh` collected in `bench/results/raw/` and writes `results.json`,
//! `RESULTS.md` and the SVG plots beside it (see [`bench::report`]). A missing file or figure
//! ends it with a message naming it and exit status 1.
//!
//! `bench/reasons.json` holds, per target, the reason found for a miss (prose, no numbers); it is
//! printed only when that target is missed in this run.
//!
//! `bench-report --from-results` rewrites `RESULTS.md` and the plots from the committed
//! `results.json` alone (after a change to the report, with nothing re-measured).

use std::path::Path;

fn main() {
    let out = Path::new("bench/results");
    let (report, wrote) = match std::env::args().nth(1).as_deref() {
        None => (
            bench::report::run(out, Path::new("bench/reasons.json")),
            "results.json, RESULTS.md",
        ),
        Some("--from-results") => (bench::report::rewrite(out), "RESULTS.md"),
        Some(other) => {
            eprintln!("bench-report: unknown argument {other:?} (only --from-results)");
            std::process::exit(2);
        }
    };
    match report {
        Ok(results) => println!(
            "wrote bench/results/{wrote} and the plots: {} of {} targets met",
            results.targets.iter().filter(|t| t.met).count(),
            results.targets.len()
        ),
        Err(error) => {
            eprintln!("bench-report: {error}");
            std::process::exit(1);
        }
    }
}
