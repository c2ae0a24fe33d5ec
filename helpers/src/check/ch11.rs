//! Checks for chapter 11's exercises: choose a style for a described job, predict its time, and
//! the check runs it on the tutorial's tokens to compare.
//!
//! A prediction passes when it is close to the measured time, or when it is exactly what the
//! style's model predicts (the reasoning is right even if a busy machine added some time).

use std::panic::{AssertUnwindSafe, catch_unwind};

use super::Verdict;
use crate::Run;
use crate::greedy_makespan;
use crate::{STYLES, find_style};
use crate::{char_count, tutorial_tokens};

/// Job 1: twelve replies to wait for (the tutorial's tokens), no limit on how many at once, as
/// fast as possible. `style` is a name from `STYLES`; `predicted_units` its time in units.
pub fn fastest_waits(style: &str, predicted_units: f64) -> Verdict {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let tokens = tutorial_tokens();
    let best = tokens.iter().map(|t| char_count(t)).max().unwrap_or(0);
    match run_choice(style, cores) {
        Err(verdict) => verdict,
        Ok(run) => {
            // How many words the style lets wait at once (its own declared dispatch: the
            // timeline's overlap is no measure for one-unit words on a busy machine).
            let at_once = run.dispatch.workers();
            if at_once < tokens.len() {
                Verdict::fail(
                    format!(
                        "{style} lets only {at_once} of the {} replies wait at once here, so it \
                         took {:.1} units; the job can be done in {best}.",
                        tokens.len(),
                        units(&run)
                    ),
                    "waiting needs no core: give every reply its own thread or task, not one \
                     worker per core.",
                )
            } else {
                judge_prediction(style, &run, predicted_units)
            }
        }
    }
}

/// Job 2: the same replies, but the server accepts at most `limit` connections at once; as fast
/// as that allows. `workers` is the worker count given to the style (styles with a worker per
/// word ignore it).
pub fn limited_waits(style: &str, workers: usize, predicted_units: f64, limit: usize) -> Verdict {
    let tokens = tutorial_tokens();
    let lengths: Vec<usize> = tokens.iter().map(|t| char_count(t)).collect();
    let best = greedy_makespan(&lengths, limit.max(1));
    match run_choice(style, workers) {
        Err(verdict) => verdict,
        Ok(run) => {
            let at_once = run.dispatch.workers();
            if at_once > limit {
                Verdict::fail(
                    format!(
                        "{style} opens {at_once} connections at once; the server allows {limit}."
                    ),
                    "a style with a worker per word ignores the worker count: choose a pool, and \
                     give it as many workers as the server allows.",
                )
            } else if at_once < limit {
                Verdict::fail(
                    format!(
                        "{style} with {workers} worker(s) opens at most {at_once} connection(s) at \
                         once, so it took {:.1} units; {limit} at once would take {best}.",
                        units(&run)
                    ),
                    "use every connection the server allows: a pool with that many workers.",
                )
            } else {
                judge_prediction(style, &run, predicted_units)
            }
        }
    }
}

/// The run's wall time in units.
fn units(run: &Run) -> f64 {
    run.wall.as_secs_f64() / run.unit.as_secs_f64()
}

/// Runs the style named `style` on the tutorial's tokens, or says why it cannot.
fn run_choice(style: &str, workers: usize) -> Result<Run, Verdict> {
    let names: Vec<&str> = STYLES.iter().map(|s| s.name).collect();
    let Some(found) = find_style(style.trim()) else {
        return Err(Verdict::fail(
            format!("there is no style named {style:?}."),
            format!("choose one of: {}.", names.join(", ")),
        ));
    };
    if workers == 0 {
        return Err(Verdict::fail(
            "0 workers cannot run anything.",
            "give the style at least one worker.",
        ));
    }
    let tokens = tutorial_tokens();
    let outcome = catch_unwind(AssertUnwindSafe(|| found.run(&tokens, workers)));
    let run = match outcome {
        Ok(Ok(run)) => run,
        Ok(Err(error)) => {
            return Err(Verdict::fail(
                format!("{style} could not run: {error}."),
                "chapter 00 checks the set-up (for processes, the worker program must build).",
            ));
        }
        Err(_) => {
            return Err(Verdict::fail(
                format!("{style} panicked while running."),
                "run chapter 00 to check the set-up, then try again.",
            ));
        }
    };
    if let Some(failed) = run.records().iter().find(|r| r.outcome.is_err()) {
        return Err(Verdict::fail(
            format!(
                "{style}: the word {:?} failed ({:?}).",
                failed.token, failed.outcome
            ),
            "run chapter 00 to check the set-up, then try again.",
        ));
    }
    Ok(run)
}

/// The prediction against the measurement (within half a unit plus 5 %), or against the model.
fn judge_prediction(style: &str, run: &Run, predicted_units: f64) -> Verdict {
    if !(predicted_units.is_finite() && predicted_units > 0.0) {
        return Verdict::fail(
            format!("{predicted_units} units is not a prediction of a time."),
            "count how long the busiest worker works: each free worker takes the next word.",
        );
    }
    let measured = units(run);
    let model = run
        .predicted()
        .map(|p| p.as_secs_f64() / run.unit.as_secs_f64());
    let near_measured = (predicted_units - measured).abs() <= 0.5 + 0.05 * measured;
    let is_model = model.is_some_and(|m| (predicted_units - m).abs() < 0.25);
    if near_measured || is_model {
        Verdict::pass(format!(
            "{style}: you predicted {predicted_units} units, it took {measured:.2}"
        ))
    } else {
        Verdict::fail(
            format!(
                "you predicted {predicted_units} units; {style} took {measured:.1} (off by {:+.1} units).",
                predicted_units - measured
            ),
            "draw it: each free worker takes the next word in order; when does the busiest one \
             finish? Words that wait at once need no core.",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::set_time_unit;
    use std::time::Duration;

    #[test]
    fn names_an_unknown_style_and_lists_the_real_ones() {
        let verdict = fastest_waits("", 0.0).to_string();
        assert!(
            verdict.starts_with("FAIL: there is no style named \"\""),
            "{verdict}"
        );
        assert!(verdict.contains("scoped-threads"), "{verdict}");
        let verdict = limited_waits("threads please", 3, 9.0, 3).to_string();
        assert!(verdict.contains("no style named"), "{verdict}");
        assert!(
            limited_waits("pool-ordered", 0, 9.0, 3)
                .to_string()
                .contains("0 workers")
        );
    }

    #[test]
    fn judges_the_choice_and_the_prediction() {
        set_time_unit(Duration::from_millis(2));
        let right = fastest_waits("scoped-threads", 5.0);
        assert!(right.passed(), "{right}");
        let off = fastest_waits("scoped-threads", 13.0).to_string();
        assert!(
            off.contains("you predicted 13 units") && off.contains("off by"),
            "{off}"
        );
        let nonsense = fastest_waits("scoped-threads", f64::NAN).to_string();
        assert!(nonsense.contains("not a prediction"), "{nonsense}");
        let slow = fastest_waits("sequential", 26.0).to_string();
        assert!(slow.contains("only 1 of the 12"), "{slow}");

        let too_many = limited_waits("thread-per-task", 3, 9.0, 3).to_string();
        assert!(
            too_many.contains("12 connections at once; the server allows 3"),
            "{too_many}"
        );
        let too_few = limited_waits("pool-ordered", 2, 13.0, 3).to_string();
        assert!(
            too_few.contains("at most 2") && too_few.contains("would take 9"),
            "{too_few}"
        );
        let pool = limited_waits("pool-ordered", 3, 9.0, 3);
        assert!(pool.passed(), "{pool}");
    }
}
