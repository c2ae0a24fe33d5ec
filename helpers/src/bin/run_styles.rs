//! Runs one style of the tutorial, or all of them, and prints a table or JSON.
//!
//! ```text
//! TIME_UNIT_MS=100 run-styles --style all --workers 2
//! run-styles --style rayon-pool --tokens hello,a,b --workers 3 --json
//! ```

use std::process::ExitCode;

use helpers::{STYLES, Style, find_style, time_unit, tutorial_tokens};

fn usage() -> String {
    let mut text = String::from(
        "usage: run-styles [--style NAME|all] [--tokens a,b,c] [--workers N] [--json]\n\n\
         Maps the tutorial's work function (one time unit per character, uppercase) over the tokens\n\
         (default: the tutorial's 12) in the chosen style, and prints each task's worker, start, end\n\
         and completion rank with the wall time and the predicted makespan. The unit is 1 s unless\n\
         TIME_UNIT_MS gives it in milliseconds. --workers (default: the cores) sizes the pools;\n\
         styles with a worker per token ignore it. --json prints one object per style and line.\n\nstyles:\n",
    );
    for style in STYLES {
        text += &format!("  {:<18} {}\n", style.name, style.about);
    }
    text + "  all                every style above, in this order\n"
}

struct Options {
    styles: Vec<&'static Style>,
    tokens: Vec<String>,
    workers: usize,
    json: bool,
}

fn parse(args: Vec<String>) -> Result<Option<Options>, String> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut options = Options {
        styles: STYLES.iter().collect(),
        tokens: tutorial_tokens().iter().map(|t| t.to_string()).collect(),
        workers: cores,
        json: false,
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--help" | "-h" => return Ok(None),
            "--json" => options.json = true,
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
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(Some(options))
}

fn main() -> ExitCode {
    let options = match parse(std::env::args().skip(1).collect()) {
        Ok(Some(options)) => options,
        Ok(None) => {
            print!("{}", usage());
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("run-styles: {message}\n\n{}", usage());
            return ExitCode::from(2);
        }
    };
    if let Err(error) = time_unit() {
        eprintln!("run-styles: {error}");
        return ExitCode::from(2);
    }
    let tokens: Vec<&str> = options.tokens.iter().map(String::as_str).collect();
    let mut failed = false;
    for style in options.styles {
        match (style.run)(&tokens, options.workers) {
            Ok(run) if options.json => println!("{}", run.to_json()),
            Ok(run) => println!("{}\n{}", run.summary(), run.table_text()),
            Err(error) => {
                eprintln!("run-styles: {} could not run: {error}", style.name);
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
