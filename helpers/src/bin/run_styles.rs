//! Runs one style of the tutorial, or all of them, and prints a table or JSON.
//!
//! ```text
//! TIME_UNIT_MS=100 run-styles --style all --workers 2
//! run-styles --style rayon-pool --tokens hello,a,b --workers 3 --json
//! run-styles --list --json
//! run-styles --style all --trace runs.json   # then open runs.json at ui.perfetto.dev
//! ```
//!
//! `--list` prints the style table instead of running anything: what each style is (its
//! granularity, whether its pool starts inside the clock, its Python counterparts), one JSON object
//! per line with `--json`. The benchmarks' scripts read it from there, not from a copy.
//!
//! The exit status is 0 only when every token of every style gave a result; 1 when any failed,
//! timed out or never ran (text mode names them); 2 for bad arguments or settings.

use std::ffi::OsString;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use helpers::internal::{printable, worker_grace};
use helpers::{Run, STYLES, Style, find_style, save_traces, time_unit, tutorial_tokens};

/// The most workers the runner starts. Pools never start more workers than tokens anyway; this
/// refuses counts that could only be typing mistakes before any thread or process is started.
const MAX_WORKERS: usize = 1024;

fn usage() -> String {
    let mut text = String::from(
        "usage: run-styles [--style NAME|all] [--tokens a,b,c] [--workers N] [--json] [--trace FILE]\n       \
         run-styles --list [--json]\n\n\
         Maps the tutorial's work function (one time unit per character, uppercase) over the tokens\n\
         (default: the tutorial's 12) in the chosen style, and prints each task's worker, start, end\n\
         and completion rank with the wall time and the predicted makespan. The unit is 1 s unless\n\
         TIME_UNIT_MS gives it in milliseconds. --workers (default: the cores) sizes the pools;\n\
         styles with a worker per token ignore it; pools start at most one worker per token, and at\n\
         most 1024. --json prints one object per style and line. --trace FILE also writes every run\n\
         to FILE as a Chrome trace (JSON), a process per style: open it at ui.perfetto.dev or in\n\
         chrome://tracing. --list prints the style table (granularity, pool inside the clock, Python\n\
         counterparts) and runs nothing.\n\n\
         A worker process that gives no answer within twice its token's time plus a grace (10 s, or\n\
         TOKEN_WORKER_GRACE_MS) is killed and its token reported as timed out.\n\
         Exit status: 0 if every token gave a result, 1 if any failed or never ran, 2 for bad input.\n\n\
         styles:\n",
    );
    for style in STYLES {
        text += &format!("  {:<18} {}\n", style.name, style.about);
    }
    text + "  all                every style above, in this order\n"
}

/// The style table: one JSON object per line, or one aligned line of text per style.
fn style_table(json: bool) -> String {
    STYLES
        .iter()
        .map(|style| {
            if json {
                serde_json::to_string(style).expect("a style serialises") + "\n"
            } else {
                let python: Vec<&str> = style.python.iter().map(|p| p.style).collect();
                format!(
                    "{:<18} {:<32} pool in clock: {:<3}  python: {}\n",
                    style.name,
                    style.granularity.describe(),
                    if style.pool_in_clock { "yes" } else { "no" },
                    if python.is_empty() {
                        "-".to_string()
                    } else {
                        python.join(", ")
                    }
                )
            }
        })
        .collect()
}

struct Options {
    styles: Vec<&'static Style>,
    tokens: Vec<String>,
    workers: usize,
    json: bool,
    list: bool,
    /// Where to write the runs as a Perfetto trace.
    trace: Option<PathBuf>,
}

/// The arguments as text; one that is not valid UTF-8 is an error naming it.
fn utf8_args(args: impl Iterator<Item = OsString>) -> Result<Vec<String>, String> {
    args.enumerate()
        .map(|(i, arg)| {
            arg.into_string().map_err(|raw| {
                format!(
                    "argument {} ({:?}) is not valid UTF-8",
                    i + 1,
                    raw.to_string_lossy()
                )
            })
        })
        .collect()
}

fn parse(args: Vec<String>) -> Result<Option<Options>, String> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut options = Options {
        styles: STYLES.iter().collect(),
        tokens: tutorial_tokens().iter().map(|t| t.to_string()).collect(),
        workers: cores,
        json: false,
        list: false,
        trace: None,
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--help" | "-h" => return Ok(None),
            "--json" => options.json = true,
            "--list" => options.list = true,
            "--trace" => {
                let path = value("--trace")?;
                if path.is_empty() {
                    return Err("--trace needs a file name".to_string());
                }
                options.trace = Some(PathBuf::from(path));
            }
            "--style" => {
                let name = value("--style")?;
                options.styles = match name.as_str() {
                    "all" => STYLES.iter().collect(),
                    _ => vec![
                        find_style(&name)
                            .ok_or(format!("no style named {name:?}; --help lists them"))?,
                    ],
                };
            }
            "--tokens" => {
                let list = value("--tokens")?;
                // An empty list is allowed (and runs nothing); empty tokens inside one are too.
                options.tokens = if list.is_empty() {
                    Vec::new()
                } else {
                    list.split(',').map(String::from).collect()
                };
            }
            "--workers" => {
                let text = value("--workers")?;
                options.workers = text
                    .parse()
                    .ok()
                    .filter(|&n| n > 0)
                    .ok_or(format!("--workers {text:?} is not a positive whole number"))?;
                if options.workers > MAX_WORKERS {
                    return Err(format!(
                        "--workers {text} is more than {MAX_WORKERS}, the most this runner starts"
                    ));
                }
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(Some(options))
}

fn main() -> ExitCode {
    let options = match utf8_args(std::env::args_os().skip(1)).and_then(parse) {
        Ok(Some(options)) => options,
        Ok(None) => {
            // A closed stdout (`run-styles --help | head -1`) is not an error worth a message.
            let _ = io::stdout().write_all(usage().as_bytes());
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("run-styles: {message}\n\n{}", usage());
            return ExitCode::from(2);
        }
    };
    if options.list {
        // A closed stdout (`run-styles --list | head -1`) is not an error worth a message.
        let _ = io::stdout().write_all(style_table(options.json).as_bytes());
        return ExitCode::SUCCESS;
    }
    if let Err(error) = time_unit() {
        eprintln!("run-styles: {error}");
        return ExitCode::from(2);
    }
    if let Err(error) = worker_grace() {
        eprintln!("run-styles: {error}");
        return ExitCode::from(2);
    }
    run_styles(&options)
}

/// Runs each chosen style and prints its report; success only when every token of every style
/// gave a result.
fn run_styles(options: &Options) -> ExitCode {
    let tokens: Vec<&str> = options.tokens.iter().map(String::as_str).collect();
    let mut all_succeeded = true;
    let mut stdout = io::stdout().lock();
    let mut traced = Vec::new();
    for style in &options.styles {
        let report = match style.run(&tokens, options.workers) {
            Ok(run) => {
                all_succeeded &= run.all_succeeded();
                if options.trace.is_some() {
                    traced.push(run.clone());
                }
                if options.json {
                    format!("{}\n", run.to_json())
                } else {
                    format!(
                        "{}\n{}{}\n",
                        run.summary(),
                        run.table_text(),
                        run.unfinished_text()
                    )
                }
            }
            Err(error) => {
                all_succeeded = false;
                let names: Vec<String> = tokens
                    .iter()
                    .map(|t| format!("\"{}\"", printable(t)))
                    .collect();
                eprintln!(
                    "run-styles: {} could not run: {}\nnever started: {}",
                    style.name,
                    printable(&error.to_string()),
                    names.join(", ")
                );
                continue;
            }
        };
        // The reader went away (`run-styles --json | head -1`): stop quietly, no panic, no message.
        if stdout
            .write_all(report.as_bytes())
            .and_then(|()| stdout.flush())
            .is_err()
        {
            break;
        }
    }
    if let Some(path) = &options.trace {
        let runs: Vec<&Run> = traced.iter().collect();
        if let Err(error) = save_traces(&runs, path) {
            eprintln!(
                "run-styles: could not write the trace to {}: {error}",
                path.display()
            );
            return ExitCode::from(2);
        }
    }
    if all_succeeded {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
