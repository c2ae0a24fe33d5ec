//! Checks for chapter 11's exercises: choose a style for a described job, predict its time, and
//! the check runs it on the tutorial's tokens to compare.
//!
//! A prediction is arithmetic, so it must be exactly what the style's model gives for the job;
//! the measured run must then agree with that model (within a fraction of a unit), which shows the
//! style ran as modelled.

use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::check::{Verdict, common};
use crate::{Run, STYLES, find_style, tutorial_tokens};

/// How many connections the server of job 2 accepts at once.
const LIMIT: usize = 5;

/// Job 1: twelve replies to wait for (the tutorial's tokens), no limit on how many at once, as
/// fast as possible. `style` is a name from `STYLES`; `predicted_units` its time in units.
pub fn fastest_waits(style: &str, predicted_units: impl common::Prediction) -> Verdict {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    match run_choice(style, cores) {
        Err(verdict) => verdict,
        Ok(run) => fastest_judged(style, &run, predicted_units),
    }
}

/// Job 1's judgement of a run of the chosen style.
fn fastest_judged(style: &str, run: &Run, predicted_units: impl common::Prediction) -> Verdict {
    // How many words the style lets wait at once (its own declared dispatch: the timeline's
    // overlap is no measure for one-unit words on a busy machine).
    let at_once = run.dispatch.workers();
    let words = run.tokens.len();
    if at_once < words {
        return Verdict::fail(
            format!(
                "{style} lets only {at_once} of the {words} replies wait at once here: too few, \
                 the job can be done sooner."
            ),
            "waiting needs no core: give every reply its own thread or task, not one worker per \
             core.",
        );
    }
    judge_prediction(style, run, predicted_units)
}

/// Job 2: the same replies, but the server accepts at most [`LIMIT`] connections at once; as fast
/// as that allows. `workers` is the worker count given to the style (styles with a worker per
/// word ignore it).
pub fn limited_waits(
    style: &str,
    workers: usize,
    predicted_units: impl common::Prediction,
) -> Verdict {
    match run_choice(style, workers) {
        Err(verdict) => verdict,
        Ok(run) => limited_judged(style, workers, &run, predicted_units),
    }
}

/// Job 2's judgement of a run of the chosen style with `workers` workers.
fn limited_judged(
    style: &str,
    workers: usize,
    run: &Run,
    predicted_units: impl common::Prediction,
) -> Verdict {
    let at_once = run.dispatch.workers();
    if at_once > LIMIT {
        Verdict::fail(
            format!("{style} opens {at_once} connections at once; the server allows {LIMIT}."),
            "a style with a worker per word ignores the worker count: choose a pool, and give it \
             as many workers as the server allows.",
        )
    } else if at_once < LIMIT {
        Verdict::fail(
            format!(
                "{style} with {workers} worker(s) opens fewer connections at once than the \
                 server allows: too few."
            ),
            "use every connection the server allows: a pool with that many workers.",
        )
    } else {
        judge_prediction(style, run, predicted_units)
    }
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

/// The prediction exactly the style's model for this run, then the run near that model.
fn judge_prediction(style: &str, run: &Run, predicted_units: impl common::Prediction) -> Verdict {
    let Some(model) = run.predicted() else {
        return Verdict::fail(
            format!("{style} has no model to predict it by."),
            "choose a style whose time follows from its workers.",
        );
    };
    let expected = (common::in_units(run, model)).round() as usize;
    common::prediction_exact(
        predicted_units,
        expected,
        "draw it: each free worker takes the next word in order; when does the busiest one \
         finish? Words that wait at once need no core.",
    )
    .and(|| common::measured_between(run, expected, expected, common::SHAPE_SLACK_UNITS))
    .and(|| {
        Verdict::pass(format!(
            "{style}: predicted {expected} units, and it took that"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TUTORIAL_TOKENS;
    use crate::check::fixture;
    use std::time::Duration;

    #[test]
    fn names_an_unknown_style_and_lists_the_real_ones() {
        let verdict = fastest_waits("", 0.0).to_string();
        assert!(
            verdict.starts_with("FAIL: there is no style named \"\""),
            "{verdict}"
        );
        assert!(verdict.contains("scoped-threads"), "{verdict}");
        let verdict = limited_waits("threads please", 5, 6.0).to_string();
        assert!(verdict.contains("no style named"), "{verdict}");
        assert!(
            limited_waits("pool-ordered", 0, 6.0)
                .to_string()
                .contains("0 workers")
        );
    }

    #[test]
    fn runs_the_style_it_is_given() {
        let _unit = crate::test_unit(Duration::from_millis(5));
        let right = fastest_waits("scoped-threads", 5);
        assert!(right.passed(), "{right}");
    }

    #[test]
    fn judges_the_choice_and_the_exact_prediction() {
        let per_word = fixture::pool(&TUTORIAL_TOKENS, 12);
        assert!(fastest_judged("s", &per_word, 5).passed());
        assert!(fastest_judged("s", &per_word, 5.0f32).passed());
        let off_by_one = fastest_judged("s", &per_word, 6usize).to_string();
        assert!(
            off_by_one.contains("too high") && !off_by_one.contains(" 5 "),
            "{off_by_one}"
        );
        let nonsense = fastest_judged("s", &per_word, f64::NAN).to_string();
        assert!(nonsense.contains("not a number"), "{nonsense}");
        let per_core = fastest_judged("pool", &fixture::pool(&TUTORIAL_TOKENS, 2), 13).to_string();
        assert!(
            per_core.contains("only 2 of the 12") && per_core.contains("too few"),
            "{per_core}"
        );

        let too_many = limited_judged("t", 5, &per_word, 6).to_string();
        assert!(too_many.contains("12 connections at once"), "{too_many}");
        let three = fixture::pool(&TUTORIAL_TOKENS, 3);
        let too_few = limited_judged("pool", 3, &three, 9).to_string();
        assert!(too_few.contains("too few"), "{too_few}");
        let five = fixture::pool(&TUTORIAL_TOKENS, 5);
        let pool = limited_judged("pool", 5, &five, 6);
        assert!(pool.passed(), "{pool}");
        assert!(
            limited_judged("pool", 5, &five, 7)
                .to_string()
                .contains("too high")
        );
        let mut slow = five.clone();
        slow.wall = slow.unit * 12;
        assert!(
            limited_judged("pool", 5, &slow, 6)
                .to_string()
                .contains("too slow")
        );
    }
}
