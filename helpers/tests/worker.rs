//! The worker process: results, hostile token text kept as data, crashes reported with their token.
//! Every test uses the same unit: the unit is global to the process. The tests take turns: the
//! run being recorded is global too, and one test's unrecorded worker calls would report to another
//! test's run.

use std::process::Command;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use helpers::internal::run_in_process_with;
use helpers::{ProcessPool, TaskError, WorkerOptions, record, run_in_process, set_time_unit};

const WORKER: &str = env!("CARGO_BIN_EXE_token-worker");

fn setup() -> MutexGuard<'static, ()> {
    static TURN: Mutex<()> = Mutex::new(());
    let turn = TURN.lock().unwrap_or_else(PoisonError::into_inner);
    set_time_unit(Duration::from_millis(2));
    turn
}

#[test]
fn hostile_tokens_are_data() {
    let _turn = setup();
    let marker = std::env::temp_dir().join("helpers-test-should-not-exist");
    let hostile = [
        "; rm -rf ~".to_string(),
        format!("$(touch {})", marker.display()),
        "`id`".to_string(),
        "--serve".to_string(),
        "line\nbreak \"quoted\"".to_string(),
        "-".to_string(),
    ];
    for token in &hostile {
        assert_eq!(
            run_in_process(token).unwrap(),
            token.to_uppercase(),
            "per task: {token:?}"
        );
    }
    let mut pool = ProcessPool::start(2).unwrap();
    let results = pool.map(&hostile);
    for (token, result) in hostile.iter().zip(results) {
        assert_eq!(result.unwrap(), token.to_uppercase(), "pool: {token:?}");
    }
    assert!(!marker.exists(), "a token ran as a command");
}

#[test]
fn pool_returns_results_in_input_order_and_records_pids() {
    let _turn = setup();
    let tokens = helpers::tutorial_tokens();
    let mut pool = ProcessPool::start(3).unwrap();
    let pids = pool.pids();
    let (results, run) = record("process pool", &tokens, 3, || pool.map(&tokens));
    let results: Vec<String> = results.into_iter().map(Result::unwrap).collect();
    assert_eq!(
        results,
        tokens.iter().map(|t| t.to_uppercase()).collect::<Vec<_>>()
    );
    let workers = run.workers();
    assert!(workers.len() <= 3 && !workers.is_empty());
    for worker in workers {
        let pid: u32 = worker.strip_prefix("pid ").unwrap().parse().unwrap();
        assert!(
            pids.contains(&pid),
            "{worker} is one of the pool's {pids:?}"
        );
    }
}

#[test]
fn a_crashing_worker_is_reported_with_its_token_and_nothing_is_lost() {
    let _turn = setup();
    let tokens = ["hello", "you", "a", "b", "c"];
    let options = WorkerOptions {
        crash_on: Some("you".into()),
    };
    let mut pool = ProcessPool::start_with(2, options.clone()).unwrap();
    let (results, run) = record("crash", &tokens, 2, || pool.map(&tokens));
    match &results[1] {
        Err(TaskError::WorkerDied { token, status, .. }) => {
            assert_eq!(token, "you");
            assert!(
                status.contains("signal") || status.contains("exit"),
                "{status}"
            );
        }
        other => panic!("expected the crash to be reported, got {other:?}"),
    }
    // The other worker carried on with the rest.
    for i in [0, 2, 3, 4] {
        assert_eq!(results[i].as_deref().unwrap(), tokens[i].to_uppercase());
    }
    assert!(
        run.records()
            .iter()
            .any(|r| r.token == "you" && r.outcome.is_err())
    );
    // The next call replaces the dead worker.
    assert_eq!(pool.pids().len(), 1);
    assert_eq!(pool.map(&["x"])[0].as_deref().unwrap(), "X");
    assert_eq!(pool.pids().len(), 2);

    match run_in_process_with("you", &options) {
        Err(TaskError::WorkerDied { token, .. }) => assert_eq!(token, "you"),
        other => panic!("expected a crash, got {other:?}"),
    }
}

#[test]
fn when_every_worker_dies_the_rest_are_reported_not_run() {
    let _turn = setup();
    let tokens = ["you", "a", "b"];
    let mut pool = ProcessPool::start_with(
        1,
        WorkerOptions {
            crash_on: Some("you".into()),
        },
    )
    .unwrap();
    let results = pool.map(&tokens);
    assert!(matches!(&results[0], Err(TaskError::WorkerDied { .. })));
    for (result, token) in results[1..].iter().zip(&tokens[1..]) {
        assert_eq!(
            result,
            &Err(TaskError::NotRun {
                token: token.to_string()
            })
        );
    }
}

#[test]
fn a_stopped_worker_is_killed_after_its_deadline_and_the_run_ends() {
    let _turn = setup();
    let mut pool = ProcessPool::start(1).unwrap();
    pool.set_grace(Duration::from_millis(300));
    let pid = pool.pids()[0];
    let stopped = Command::new("kill")
        .args(["-STOP", &pid.to_string()])
        .status()
        .unwrap();
    assert!(stopped.success());
    let tokens = ["ab", "c"];
    let start = std::time::Instant::now();
    let (results, run) = record("stopped worker", &tokens, 1, || pool.map(&tokens));
    // The deadline is 2 x 4 ms + 300 ms; a hang would wait forever.
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "{:?}",
        start.elapsed()
    );
    match &results[0] {
        Err(TaskError::TimedOut {
            token, pid: late, ..
        }) => assert_eq!((token.as_str(), *late), ("ab", pid)),
        other => panic!("expected a time-out, got {other:?}"),
    }
    assert!(
        results[0]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("was killed")
    );
    assert_eq!(results[1], Err(TaskError::NotRun { token: "c".into() }));
    assert_eq!(run.records().len(), 1);
    assert_eq!(run.not_started(), [(1, "c")]);
    // It was killed, not left stopped; the next call starts a replacement that works.
    assert!(pool.pids().is_empty());
    assert_eq!(pool.map(&["x"])[0].as_deref(), Ok("X"));
}

#[test]
fn a_killed_worker_is_reported() {
    let _turn = setup();
    let long_token = "x".repeat(1000); // 2 s at the test unit, killed after 150 ms
    let mut pool = ProcessPool::start(1).unwrap();
    let pid = pool.pids()[0];
    let killer = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(150));
        Command::new("kill")
            .arg("-9")
            .arg(pid.to_string())
            .status()
            .unwrap()
    });
    let results = pool.map(&[long_token.as_str()]);
    assert!(killer.join().unwrap().success());
    match &results[0] {
        Err(TaskError::WorkerDied {
            token,
            pid: died,
            status,
        }) => {
            assert_eq!((token, *died), (&long_token, pid));
            assert!(status.contains('9'), "{status}");
        }
        other => panic!("expected the kill to be reported, got {other:?}"),
    }
}

#[test]
fn worker_program_rejects_bad_input_clearly() {
    let _turn = setup();
    let run = |args: &[&str], unit: &str| {
        let output = Command::new(WORKER)
            .args(args)
            .env("TIME_UNIT_MS", unit)
            // The unit `set_time_unit` keeps for this process would win over TIME_UNIT_MS.
            .env_remove("HELPERS_TIME_UNIT_NANOS")
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        )
    };
    let (code, err, _) = run(&["--", "hi"], "soon");
    assert_eq!(code, Some(2));
    assert!(err.contains("TIME_UNIT_MS=\"soon\""), "{err}");
    let (code, err, _) = run(&["--bogus"], "1");
    assert_eq!(code, Some(2));
    assert!(err.contains("--bogus"), "{err}");
    let (code, _, out) = run(&["--", "straße"], "1");
    assert_eq!((code, out.trim()), (Some(0), "\"STRASSE\""));
}
