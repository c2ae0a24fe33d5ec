//! Checks trace files written by `run.save_trace(...)` or `run-styles --trace`: well formed, slices
//! nested per track, every token of every run present once. For tests in other languages.
//!
//! ```text
//! trace-check runs.json [more.json ...]
//! ```
//!
//! Prints one line per file (`runs.json: 11 runs, 140 slices, 132 tokens` or its problems) and
//! exits with 0 when every file is valid, 1 when any is not, 2 for bad arguments.

use std::process::ExitCode;

use helpers::internal::validate_trace;

const USAGE: &str = "usage: trace-check FILE [FILE ...]";

fn main() -> ExitCode {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() || files.iter().any(|f| f == "--help" || f == "-h") {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    }
    let mut all_valid = true;
    for file in &files {
        let checked = std::fs::read_to_string(file)
            .map_err(|e| format!("cannot be read: {e}"))
            .and_then(|text| validate_trace(&text));
        match checked {
            Ok(check) => println!(
                "{file}: {} runs, {} slices, {} tokens",
                check.processes, check.slices, check.tokens
            ),
            Err(problems) => {
                all_valid = false;
                println!("{file}: not a valid trace:");
                for problem in problems.lines() {
                    println!("  {problem}");
                }
            }
        }
    }
    if all_valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
