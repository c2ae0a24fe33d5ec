//! Reads what `bench/run.sh` collected in `bench/results/raw/` and writes `results.json`,
//! `RESULTS.md` and the SVG plots beside it (see [`bench::report`]). A missing file or figure
//! ends it with a message naming it and exit status 1.
//!
//! `bench/reasons.json` holds, per target, the reason found for a miss (prose, no numbers); it is
//! printed only when that target is missed in this run.

use std::path::Path;

fn main() {
    match bench::report::run(Path::new("bench/results"), Path::new("bench/reasons.json")) {
        Ok(results) => println!(
            "wrote bench/results/results.json, RESULTS.md and the plots: {} of {} targets met",
            results.targets.iter().filter(|t| t.met).count(),
            results.targets.len()
        ),
        Err(error) => {
            eprintln!("bench-report: {error}");
            std::process::exit(1);
        }
    }
}
