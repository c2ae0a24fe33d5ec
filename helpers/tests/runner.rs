//! The command-line runner: every style, JSON that parses, clear errors.

use std::process::Command;

const RUNNER: &str = env!("CARGO_BIN_EXE_run-styles");

fn run(args: &[&str], unit: &str) -> (Option<i32>, String, String) {
    let output = Command::new(RUNNER)
        .args(args)
        .env("TIME_UNIT_MS", unit)
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
