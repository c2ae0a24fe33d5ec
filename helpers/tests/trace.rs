//! Every style's run, written as a Perfetto trace, passes the validator: well formed, slices
//! nested per track, every token present once.

use std::time::Duration;

use helpers::internal::{trace_json, validate_trace};
use helpers::{Run, STYLES, save_traces, set_time_unit, tutorial_tokens};

/// Tiny: the trace's shape, not the timing, is under test.
const UNIT: Duration = Duration::from_millis(2);

fn every_style() -> Vec<Run> {
    set_time_unit(UNIT);
    let tokens = tutorial_tokens();
    STYLES
        .iter()
        .map(|style| {
            style
                .run(&tokens, 3)
                .unwrap_or_else(|e| panic!("{}: {e}", style.name))
        })
        .collect()
}

#[test]
fn a_trace_from_every_style_is_valid() {
    let runs = every_style();
    let tokens = tutorial_tokens().len();
    for run in &runs {
        let trace = run.trace_json();
        let check = validate_trace(&trace).unwrap_or_else(|problems| {
            panic!(
                "{}: the trace is not valid:\n{problems}\n{trace}",
                run.style
            )
        });
        assert_eq!(
            (check.processes, check.tokens),
            (1, tokens),
            "{}",
            run.style
        );
        // A pool queues its tokens; a thread per token does not.
        let queued = trace.contains("\"cat\":\"queue\"");
        let pool = run.style.contains("pool-") || run.style == "process-pool";
        assert_eq!(queued, pool, "{}: queue slices", run.style);
    }
    // All in one file: a process per run.
    let path = std::env::temp_dir().join(format!("helpers-trace-{}.json", std::process::id()));
    let all: Vec<&Run> = runs.iter().collect();
    save_traces(&all, &path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(text, trace_json(&all));
    let check = validate_trace(&text).unwrap();
    assert_eq!(check.processes, STYLES.len());
    assert_eq!(check.tokens, STYLES.len() * tokens);
}

#[test]
fn tokio_tasks_sharing_a_thread_are_async_slices() {
    set_time_unit(UNIT);
    let Some(style) = helpers::find_style("tokio-tasks") else {
        return; // built without the async feature
    };
    let run = style.run(&["ab", "c", "d"], 1).unwrap();
    let trace = run.trace_json();
    validate_trace(&trace).unwrap();
    let task_events = trace.lines().filter(|l| l.contains("\"cat\":\"task\""));
    let phases: Vec<&str> = task_events
        .map(|l| {
            let at = l.find("\"ph\":\"").unwrap() + 6;
            &l[at..at + 1]
        })
        .collect();
    assert_eq!(phases.iter().filter(|p| **p == "b").count(), 3, "{trace}");
    assert!(!phases.contains(&"X"), "{trace}");
}

#[test]
fn the_runner_writes_a_trace_of_every_style_it_ran() {
    let runner = env!("CARGO_BIN_EXE_run-styles");
    let path = std::env::temp_dir().join(format!("run-styles-trace-{}.json", std::process::id()));
    let output = std::process::Command::new(runner)
        .args([
            "--style",
            "all",
            "--workers",
            "2",
            "--tokens",
            "ab,c,,é",
            "--json",
        ])
        .arg("--trace")
        .arg(&path)
        .env("TIME_UNIT_MS", "2")
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let check = validate_trace(&text).unwrap_or_else(|problems| panic!("{problems}"));
    assert_eq!(check.processes, STYLES.len());
    assert_eq!(check.tokens, 4 * STYLES.len());
    // The same check from the command line, for tests in other languages.
    let checker = env!("CARGO_BIN_EXE_trace-check");
    let valid = std::process::Command::new(checker)
        .arg(&path)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&valid.stdout);
    assert_eq!(valid.status.code(), Some(0), "{said}");
    assert!(
        said.contains(&format!("{} runs", STYLES.len()))
            && said.contains(&format!("{} tokens", 4 * STYLES.len())),
        "{said}"
    );
    std::fs::write(&path, text.replace("\"ph\":\"e\"", "\"ph\":\"E\"")).unwrap();
    let broken = std::process::Command::new(checker)
        .arg(&path)
        .output()
        .unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(broken.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&broken.stdout).contains("not a valid trace"),
        "{}",
        String::from_utf8_lossy(&broken.stdout)
    );

    let unwritable = std::process::Command::new(runner)
        .args(["--style", "sequential", "--tokens", "a"])
        .args(["--trace", "/nonexistent-folder/trace.json"])
        .env("TIME_UNIT_MS", "1")
        .output()
        .unwrap();
    assert_eq!(unwritable.status.code(), Some(2));
    let err = String::from_utf8_lossy(&unwritable.stderr);
    assert!(
        err.contains("could not write the trace to /nonexistent-folder/trace.json"),
        "{err}"
    );
    let empty = std::process::Command::new(runner)
        .args(["--trace", ""])
        .output()
        .unwrap();
    assert_eq!(empty.status.code(), Some(2));
}
