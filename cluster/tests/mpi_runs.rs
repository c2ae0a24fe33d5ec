//! The MPI program under `mpirun` on this machine (feature `mpi`; `make test` turns it on where
//! MPI is installed). Launches take turns: several jobs at once on two cores would only add noise.

#![cfg(feature = "mpi")]

use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use cluster::{ClusterError, Distribution, Launch, Launched, launch::launch_program};

static ONE_JOB_AT_A_TIME: Mutex<()> = Mutex::new(());

fn tokens() -> Vec<String> {
    let mut tokens: Vec<String> = helpers::tutorial_tokens()
        .iter()
        .map(|t| t.to_string())
        .collect();
    // Unicode, quotes and shell syntax travel as data; a repeated token keeps its own index.
    tokens.extend(["naïve", "日本語", "\"; rm -rf / #", "ß", "a"].map(String::from));
    tokens
}

fn run(launch: &Launch) -> Result<Launched, ClusterError> {
    let _turn = ONE_JOB_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    helpers::set_time_unit(Duration::from_millis(5));
    launch_program(Path::new(env!("CARGO_BIN_EXE_cluster-map")), launch)
}

#[test]
fn every_token_comes_back_once_with_its_result() {
    let tokens = tokens();
    for ranks in [2, 4] {
        for distribution in Distribution::ALL {
            let what = format!("{ranks} ranks, {}", distribution.name());
            let launched = run(&Launch::new(ranks, distribution, &tokens))
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            let run = &launched.run;
            assert!(run.not_started().is_empty(), "{what}: {}", run.summary());
            let records = run.in_input_order();
            assert_eq!(records.len(), tokens.len(), "{what}: {}", run.table_text());
            for (i, (record, token)) in records.iter().zip(&tokens).enumerate() {
                assert_eq!(record.index, Some(i), "{what}");
                assert_eq!(&record.token, token, "{what}");
                assert_eq!(record.outcome, Ok(token.to_uppercase()), "{what}");
            }
            // Every rank worked, each under its own label.
            let workers = run.workers();
            assert_eq!(workers.len(), ranks, "{what}: {workers:?}");
            for rank in 0..ranks {
                let label = format!("rank {rank} @ ");
                assert!(
                    workers.iter().any(|w| w.starts_with(&label)),
                    "{what}: {workers:?}"
                );
            }
            if distribution == Distribution::Static {
                let shares = cluster::plan::block_shares(tokens.len(), ranks);
                for (rank, share) in shares.iter().enumerate() {
                    for record in &records[share.clone()] {
                        assert!(
                            record.worker.starts_with(&format!("rank {rank} @ ")),
                            "{what}"
                        );
                    }
                }
            }
            assert_eq!(
                run.dispatch,
                distribution.dispatch(tokens.len(), ranks),
                "{what}"
            );
            // One clock: each rank starts its own at the same barrier, so no rank's token ends
            // after rank 0 has gathered them all (give or take the barrier's exit).
            for record in &records {
                assert!(
                    record.end <= run.wall + run.unit,
                    "{what}: {record:?} ends after the run ({:?})",
                    run.wall
                );
            }
            // The merged run opens in Perfetto: a track per rank, every token once.
            let check = helpers::internal::validate_trace(&run.trace_json())
                .unwrap_or_else(|problems| panic!("{what}: {problems}"));
            assert_eq!(check.tokens, tokens.len(), "{what}");
        }
    }
}

#[test]
fn a_rank_that_dies_fails_the_job_quickly_and_says_so() {
    let tokens = tokens();
    for (ranks, distribution, victim) in [
        (4, Distribution::Dynamic, 2),
        (2, Distribution::Static, 1),
        (4, Distribution::Static, 0),
    ] {
        let launch = Launch::new(ranks, distribution, &tokens).failing(victim);
        match run(&launch) {
            Err(ClusterError::Failed { after, message, .. }) => {
                assert!(
                    message.contains(&format!("rank {victim} @ ")) && message.contains("dies"),
                    "{message}"
                );
                // Open MPI stops the job within a second or two; the launcher's own bound is 3 s
                // after the failure is reported.
                assert!(after < Duration::from_secs(10), "took {after:?}: {message}");
            }
            other => panic!("rank {victim} died, yet: {other:?}"),
        }
    }
}

#[test]
fn a_late_answer_stops_the_job_at_the_deadline() {
    let tokens = tokens();
    let launch =
        Launch::new(2, Distribution::Dynamic, &tokens).with_deadline(Duration::from_millis(20));
    match run(&launch) {
        Err(ClusterError::Failed { after, message, .. }) => {
            assert!(message.contains("gave up after 0.020 s"), "{message}");
            assert!(message.contains("holding \"hello\""), "{message}");
            assert!(after < Duration::from_secs(10), "took {after:?}");
        }
        other => panic!("the deadline passed, yet: {other:?}"),
    }
}
