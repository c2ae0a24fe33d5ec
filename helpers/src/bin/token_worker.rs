//! The worker process: applies the tutorial's work function to tokens.
//!
//! ```text
//! token-worker [--crash-on TOKEN] -- TOKEN   one token from the arguments; prints its result
//! token-worker [--crash-on TOKEN] --serve    one JSON string per line on stdin, a result per line out
//! ```
//! Results are JSON strings, so any token text (newlines, quotes, `; rm -rf ~`) round-trips as data.
//! The time unit comes from `TIME_UNIT_MS`, which the parent sets.

use std::io::{self, Write};
use std::process::ExitCode;

use helpers::internal::{serve, work_or_crash};
use helpers::{WorkerOptions, time_unit};

const USAGE: &str = "usage: token-worker [--crash-on TOKEN] (-- TOKEN | --serve)";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("token-worker: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Vec<String>) -> Result<(), String> {
    time_unit().map_err(|e| e.to_string())?;
    let mut options = WorkerOptions::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--crash-on" => options.crash_on = Some(args.next().ok_or("--crash-on needs a token")?),
            "--serve" => {
                return serve(io::stdin().lock(), io::stdout().lock(), &options)
                    .map_err(|e| e.to_string());
            }
            "--" => {
                let token = args.next().ok_or(USAGE)?;
                if args.next().is_some() {
                    return Err(format!("one token per process\n{USAGE}"));
                }
                let result = serde_json::to_string(&work_or_crash(&token, &options))
                    .map_err(|e| e.to_string())?;
                return writeln!(io::stdout(), "{result}").map_err(|e| e.to_string());
            }
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    Err(USAGE.to_string())
}
