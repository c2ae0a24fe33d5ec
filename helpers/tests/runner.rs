//! The command-line runner: every style, JSON that parses, clear errors, an exit status that tells
//! the truth, and no hang, panic or abort when workers misbehave or the system refuses threads.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RUNNER: &str = env!("CARGO_BIN_EXE_run-styles");

fn run(args: &[&str], unit: &str) -> (Option<i32>, String, String) {
    run_with(args, unit, &[])
}

fn run_with(args: &[&str], unit: &str, env: &[(&str, &str)]) -> (Option<i32>, String, String) {
    let output = Command::new(RUNNER)
        .args(args)
        .env("TIME_UNIT_MS", unit)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (
        output.status.code(),
        text(&output.stdout),
        text(&output.stderr),
    )
}

#[test]
fn all_styles_as_json_lines() {
    let (code, out, err) = run(
        &[
            "--style",
            "all",
            "--json",
            "--workers",
            "2",
            "--tokens",
            "ab,c,,é",
        ],
        "3",
    );
    assert_eq!(code, Some(0), "{err}");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), helpers::STYLES.len());
    for text in out.lines() {
        // Each line is the typed run format, and reads back as a run.
        let run = helpers::Run::from_json_str(text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(run.tokens, ["ab", "c", "", "é"]);
    }
    for (line, style) in lines.iter().zip(helpers::STYLES) {
        assert_eq!(line["style"], style.name);
        assert!(line["wall_ms"].as_f64().unwrap() >= line["predicted_ms"].as_f64().unwrap() - 1.0);
        let tasks = line["tasks"].as_array().unwrap();
        let tokens: Vec<&str> = tasks.iter().map(|t| t["token"].as_str().unwrap()).collect();
        assert_eq!(
            tokens,
            ["ab", "c", "", "é"],
            "{}: tasks in input order",
            style.name
        );
        assert_eq!(tasks[3]["result"], "É");
        for key in ["index", "worker", "start_ms", "end_ms", "rank"] {
            assert!(!tasks[0][key].is_null(), "{}: {key}", style.name);
        }
    }
}

#[test]
fn readable_table_and_help() {
    let (code, out, _) = run(&["--style", "sequential", "--tokens", "hi"], "2");
    assert_eq!(code, Some(0));
    assert!(
        out.contains("sequential: 1 worker, measured") && out.contains("\"hi\""),
        "{out}"
    );
    let (code, out, _) = run(&["--help"], "2");
    assert_eq!(code, Some(0));
    for style in helpers::STYLES {
        assert!(out.contains(style.name), "--help lists {}", style.name);
    }
}

#[test]
fn bad_input_is_named() {
    let (code, _, err) = run(&["--style", "sequential"], "-5");
    assert_eq!(code, Some(2));
    assert!(err.contains("TIME_UNIT_MS=\"-5\""), "{err}");
    let (code, _, err) = run(&["--style", "warp-drive"], "1");
    assert_eq!(code, Some(2));
    assert!(err.contains("\"warp-drive\""), "{err}");
    let (code, _, err) = run(&["--workers", "0"], "1");
    assert_eq!(code, Some(2));
    assert!(err.contains("--workers \"0\""), "{err}");
}

/// A stand-in for the worker program: a file in a folder of this test's own, made executable or not.
fn fake_worker(name: &str, script: &str, executable: bool) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let folder = std::env::temp_dir().join(format!("run-styles-test-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.join(name);
    std::fs::write(&path, script).unwrap();
    let mode = if executable { 0o755 } else { 0o644 };
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    path
}

#[test]
fn the_exit_status_is_non_zero_when_any_token_fails_and_names_them() {
    let quits = fake_worker("quits", "#!/bin/sh\nexit 0\n", true);
    let not_executable = fake_worker("not-executable", "#!/bin/sh\nexit 0\n", false);
    for worker in [&quits, &not_executable] {
        for style in ["process-per-task", "process-pool"] {
            let (code, out, err) = run_with(
                &["--style", style, "--tokens", "ab,c"],
                "1",
                &[("TOKEN_WORKER", worker.to_str().unwrap())],
            );
            assert_eq!(code, Some(1), "{style} with {worker:?}: {out}{err}");
            // Each token is named, as failed or as never started.
            for token in ["\"ab\"", "\"c\""] {
                let named = out.lines().chain(err.lines()).any(|l| {
                    (l.starts_with("failed:") || l.starts_with("never started:"))
                        && l.contains(token)
                });
                assert!(named, "{style} with {worker:?} names {token}: {out}{err}");
            }
        }
    }
    // And zero when everything ran.
    let (code, _, err) = run(&["--style", "process-pool", "--tokens", "ab,c"], "1");
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn units_too_small_or_too_large_are_refused_in_one_line() {
    for unit in ["0.0000001", "0.0005", "1e12", "60001"] {
        let (code, out, err) = run(&["--style", "sequential", "--tokens", "a"], unit);
        assert_eq!(code, Some(2), "{unit}: {out}{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(&format!("TIME_UNIT_MS=\"{unit}\"")), "{err}");
    }
    // The smallest unit accepted is also accepted by the worker processes.
    let (code, _, err) = run(&["--style", "process-per-task", "--tokens", "ab"], "0.001");
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn worker_counts_are_capped_or_refused() {
    let (code, _, err) = run(&["--workers", "100000", "--tokens", "a"], "1");
    assert_eq!(code, Some(2));
    assert!(err.contains("--workers 100000 is more than 1024"), "{err}");
    // 1000 workers for two tokens: one worker per token, started in no time.
    let start = Instant::now();
    let (code, out, err) = run(&["--workers", "1000", "--tokens", "a,b", "--json"], "1");
    assert_eq!(code, Some(0), "{err}");
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "{:?}",
        start.elapsed()
    );
    for line in out.lines() {
        let run: serde_json::Value = serde_json::from_str(line).unwrap();
        let workers = run["workers"].as_u64().unwrap();
        assert!(workers <= 2 || run["style"] == "rayon-global", "{line}");
    }
}

/// The operating system refuses every new thread: glibc cannot map a stack of a petabyte
/// (`RUST_MIN_STACK` sets the stack of every thread Rust starts), so `pthread_create` fails with
/// EAGAIN, as when a machine runs out of threads. Unlike RLIMIT_NPROC this holds for root too, and
/// unlike a cgroup it needs no privileges.
#[test]
fn refused_threads_are_reported_never_aborted() {
    let tokens = ["ab", "c", "d"];
    let (code, out, err) = run_with(
        &[
            "--style",
            "all",
            "--json",
            "--workers",
            "2",
            "--tokens",
            "ab,c,d",
        ],
        "1",
        &[("RUST_MIN_STACK", "1125899906842624")],
    );
    assert_eq!(code, Some(1), "exits with 1, not a signal or 101: {err}");
    assert!(
        !err.contains("fatal runtime error") && !err.contains("panicked"),
        "{err}"
    );
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines.len(),
        helpers::STYLES.len(),
        "every style reported: {out}{err}"
    );
    let mut refused = 0;
    for line in &lines {
        let mut accounted: Vec<&str> = line["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["token"].as_str().unwrap())
            .chain(
                line["not_started"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|t| t.as_str().unwrap()),
            )
            .collect();
        accounted.sort();
        assert_eq!(accounted, tokens, "{line}");
        refused += line["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| {
                t["error"]
                    .as_str()
                    .is_some_and(|e| e.contains("could not start"))
            })
            .count();
    }
    assert!(refused >= 3 * 8, "the threaded styles say why: {out}");
}

#[test]
fn a_worker_that_never_answers_is_killed_and_reported() {
    let silent = fake_worker("silent", "#!/bin/sh\nexec sleep 600\n", true);
    for style in ["process-per-task", "process-pool"] {
        let start = Instant::now();
        let (code, out, err) = run_with(
            &["--style", style, "--tokens", "ab,c", "--workers", "1"],
            "1",
            &[
                ("TOKEN_WORKER", silent.to_str().unwrap()),
                ("TOKEN_WORKER_GRACE_MS", "300"),
            ],
        );
        assert_eq!(code, Some(1), "{style}: {out}{err}");
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{style}: {:?}",
            start.elapsed()
        );
        assert!(out.contains("gave no answer for \"ab\""), "{style}: {out}");
        // The pool's only worker was killed, so "c" never started; per task, it timed out too.
        assert!(out.contains("\"c\""), "{style}: {out}");
    }
    let (code, _, err) = run_with(
        &["--tokens", "a"],
        "1",
        &[("TOKEN_WORKER_GRACE_MS", "soon")],
    );
    assert_eq!(code, Some(2));
    assert!(err.contains("TOKEN_WORKER_GRACE_MS=\"soon\""), "{err}");
}

#[test]
fn arguments_that_are_not_utf8_are_named() {
    use std::os::unix::ffi::OsStrExt;
    let output = Command::new(RUNNER)
        .arg("--tokens")
        .arg(std::ffi::OsStr::from_bytes(b"caf\xe9"))
        .env("TIME_UNIT_MS", "1")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(
        err.contains("argument 2") && err.contains("not valid UTF-8"),
        "{err}"
    );
}

#[test]
fn a_closed_pipe_ends_the_runner_quietly() {
    let mut child = Command::new(RUNNER)
        .args(["--style", "all", "--json", "--tokens", "a"])
        // Each style takes 50 ms, so the next line is written well after the reader left.
        .env("TIME_UNIT_MS", "50")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reader is gone, as `head -1` goes after one line.
    let output = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(first.starts_with('{'), "{first}");
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert!(err.is_empty(), "nothing on stderr: {err}");
}

#[test]
fn control_characters_in_tokens_keep_the_table_aligned() {
    let (code, out, err) = run(
        &["--style", "sequential", "--tokens", "a\nb,\u{1b}[2J"],
        "1",
    );
    assert_eq!(code, Some(0), "{err}");
    let rows: Vec<&str> = out.lines().skip(2).take_while(|l| !l.is_empty()).collect();
    assert_eq!(rows.len(), 2, "one line per token: {out}");
    assert!(
        rows[0].starts_with("\"a\\nb\"") && rows[0].contains("A\\nB"),
        "{out}"
    );
    assert!(
        rows[1].starts_with("\"\\u{1b}[2J\"") && !out.contains('\u{1b}'),
        "{out}"
    );
}

/// `--list --json` prints the style table, one style a line in the table's order, with what the
/// benchmarks read from it, and runs nothing (so a bad time unit does not matter).
#[test]
fn the_style_table_as_json_lines() {
    let (code, out, err) = run(&["--list", "--json"], "not a unit");
    assert_eq!(code, Some(0), "{err}");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(lines.len(), helpers::STYLES.len());
    for (line, style) in lines.iter().zip(helpers::STYLES) {
        assert_eq!(line["name"], style.name);
        assert_eq!(line["pool_in_clock"], style.pool_in_clock);
        let granularity: helpers::Granularity =
            serde_json::from_value(line["granularity"].clone()).unwrap();
        assert_eq!(granularity, style.granularity);
        let python: Vec<&str> = line["python"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["style"].as_str().unwrap())
            .collect();
        let expected: Vec<&str> = style.python.iter().map(|p| p.style).collect();
        assert_eq!(python, expected, "{}", style.name);
    }
    let (code, text, _) = run(&["--list"], "20");
    assert_eq!(code, Some(0));
    assert!(
        text.contains("process-pool") && text.contains("ppe-map, joblib"),
        "{text}"
    );
}
