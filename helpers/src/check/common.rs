//! The shared steps of the chapters' checks, each reading the recorded [`Run`](crate::Run).
//!
//! A chapter's check is an `.and()` chain of these steps and its own, first failure wins:
//!
//! ```
//! use helpers::check::{Verdict, common};
//! use helpers::{record, set_time_unit, work};
//! set_time_unit(std::time::Duration::from_millis(2));
//! let tokens = ["ab", "c"];
//! let (results, run) = record("sequential", &tokens, 1, || {
//!     tokens.iter().map(|t| work(t)).collect::<Vec<_>>()
//! });
//! let verdict = common::every_word_worked(&run)
//!     .and(|| common::results_in_input_order(&results, &run))
//!     .and(|| common::at_most_at_once(&run, 1))
//!     .and(|| Verdict::pass("two words, one after another"));
//! assert!(verdict.passed(), "{verdict}");
//! // Results made up without calling `work`: nothing was recorded.
//! let (made_up, run) = record("made up", &tokens, 1, || vec!["AB".to_string(), "C".to_string()]);
//! assert!(!common::every_word_worked(&run).passed());
//! # let _ = made_up;
//! ```
//!
//! Measured times: [`measured_near`] holds a run to a learner's prediction within less than a
//! unit; [`measured_between`] holds it to the arithmetic of the shape asked for, with
//! [`SHAPE_SLACK_UNITS`] for a loaded machine.
//!
//! Hints say what is wrong and which way ("too low", "too many at once"), never by how much and
//! never the expected value: the learner works that out, the check only confirms it. Steps come
//! with a general hint; a chapter replaces it with [`Verdict::with_hint`] where it knows better.

use std::collections::BTreeMap;
use std::time::Duration;

use super::Verdict;
use crate::{Record, Run, char_count, seconds};

/// The time a token's work takes at the run's unit: one unit per character.
pub fn token_time(run: &Run, token: &str) -> Duration {
    run.unit
        .saturating_mul(u32::try_from(char_count(token)).unwrap_or(u32::MAX))
}

/// A run's time in its own units (`0.0` for a zero unit).
pub fn in_units(run: &Run, time: Duration) -> f64 {
    if run.unit.is_zero() {
        0.0
    } else {
        time.as_secs_f64() / run.unit.as_secs_f64()
    }
}

/// Something was recorded: the work ran inside `record(...)`'s closure.
pub fn work_was_recorded(run: &Run) -> Verdict {
    if run.records().is_empty() {
        Verdict::fail(
            "no call of the work function was recorded.",
            "call `work(t)` for every word, inside `record(...)`'s closure; results typed in by \
             hand do not count.",
        )
    } else {
        Verdict::pass("work was recorded")
    }
}

/// No call worked on a word that is not in the run's input; `hint` is the chapter's words for
/// the fix.
pub fn only_input_words(run: &Run, hint: &str) -> Verdict {
    match run.records().iter().find(|r| r.index.is_none()) {
        Some(stranger) => Verdict::fail(
            format!(
                "{:?} was worked on, but it is not one of the input's words.",
                stranger.token
            ),
            hint,
        ),
        None => Verdict::pass("only the input's words"),
    }
}

/// Every input token was worked on exactly once, nothing outside the input was, and every call
/// ended before the run did. Outcomes are not looked at (see [`every_word_worked`]).
pub fn each_token_once(run: &Run) -> Verdict {
    work_was_recorded(run)
        .and(|| only_input_words(run, "give `work` each word of the input once, as it is."))
        .and(|| {
            if let Some(unfinished) = run.records().iter().find(|r| r.is_still_running()) {
                return Verdict::fail(
                    format!(
                        "{:?} was still being worked on when the run ended.",
                        unfinished.token
                    ),
                    "wait for every thread or task before the closure returns (join them all).",
                );
            }
            for (index, token) in run.tokens.iter().enumerate() {
                let times = run
                    .records()
                    .iter()
                    .filter(|r| r.index == Some(index))
                    .count();
                if times != 1 {
                    let (problem, hint) = if times == 0 {
                        (
                            format!("{token:?} (word {}) was never worked on.", index + 1),
                            "every word needs its call of the work function: check that no task is \
                         dropped or left out.",
                        )
                    } else {
                        (
                            format!(
                                "{token:?} (word {}) was worked on {times} times.",
                                index + 1
                            ),
                            "every word exactly once: check that no task runs twice.",
                        )
                    };
                    return Verdict::fail(problem, hint);
                }
            }
            Verdict::pass("every word once")
        })
}

/// Every recorded call took at least half its token's time: results made up without the work, or
/// with a shortened work function, fail here. (Half, not all: CPU-bound work is calibrated on a
/// machine whose load may change.)
pub fn took_token_time(run: &Run) -> Verdict {
    match run
        .records()
        .iter()
        .find(|r| r.end.saturating_sub(r.start) * 2 < token_time(run, &r.token))
    {
        Some(quick) => Verdict::fail(
            format!(
                "the call for {:?} was over too soon for its letters.",
                quick.token
            ),
            "call the chapter's work function itself; it takes one unit per letter.",
        ),
        None => Verdict::pass("each call took its time"),
    }
}

/// Each token's work ran inside the run, exactly once, returned its uppercase word and took its
/// time: the step that fails an answer made up without calling `work`.
pub fn every_word_worked(run: &Run) -> Verdict {
    each_token_once(run)
        .and(
            || match run.records().iter().find(|r| !returned_its_word(r)) {
                Some(record) => Verdict::fail(
                    format!(
                        "the call for {:?} ended with {}.",
                        record.token,
                        describe_outcome(&record.outcome)
                    ),
                    "each word's result is `work(word)`, the word in capitals.",
                ),
                None => Verdict::pass("every call returned its word"),
            },
        )
        .and(|| took_token_time(run))
        .and(|| {
            Verdict::pass(format!(
                "all {} words worked on, once each",
                run.tokens.len()
            ))
        })
}

fn returned_its_word(record: &Record) -> bool {
    record.outcome.as_deref() == Ok(record.token.to_uppercase().as_str())
}

fn describe_outcome(outcome: &Result<String, String>) -> String {
    match outcome {
        Ok(result) => format!("Ok({result:?})"),
        Err(reason) => format!("an error ({reason})"),
    }
}

/// The results, in any order, are exactly the results the recorded calls returned: none made up,
/// none lost, none doubled.
pub fn results_match_records<R: AsRef<str>>(results: &[R], run: &Run) -> Verdict {
    let got: Vec<&str> = results.iter().map(AsRef::as_ref).collect();
    if got.is_empty() && !run.tokens.is_empty() {
        return Verdict::fail(
            "no results at all.",
            "did your cell run without errors, and does it return or collect the results?",
        );
    }
    let mut recorded: BTreeMap<&str, usize> = BTreeMap::new();
    for result in run
        .records()
        .iter()
        .filter_map(|r| r.outcome.as_deref().ok())
    {
        *recorded.entry(result).or_default() += 1;
    }
    let mut returned: BTreeMap<&str, usize> = BTreeMap::new();
    for result in &got {
        *returned.entry(result).or_default() += 1;
    }
    for (result, &times) in &returned {
        let made = recorded.get(result).copied().unwrap_or(0);
        if times > made {
            return Verdict::fail(
                if made == 0 {
                    format!("{result:?} is among the results, but no recorded call returned it.")
                } else {
                    format!("{result:?} is among the results more often than it was worked out.")
                },
                "keep the values the work function returned; do not add or copy results.",
            );
        }
    }
    for (result, &made) in &recorded {
        if returned.get(result).copied().unwrap_or(0) < made {
            return Verdict::fail(
                format!("{result:?} was worked out, but it is missing from the results."),
                "collect every task's result: check that none is dropped.",
            );
        }
    }
    Verdict::pass(format!("{} results, as recorded", got.len()))
}

/// The results are every word's, as recorded, in the order of the input.
pub fn results_in_input_order<R: AsRef<str>>(results: &[R], run: &Run) -> Verdict {
    results_match_records(results, run).and(|| {
        let expected: Vec<String> = run.tokens.iter().map(|t| t.to_uppercase()).collect();
        let got: Vec<&str> = results.iter().map(AsRef::as_ref).collect();
        if got.len() != expected.len() {
            return Verdict::fail(
                format!("{} results for {} words.", got.len(), expected.len()),
                "one result per word of the input.",
            );
        }
        match expected.iter().zip(&got).position(|(e, g)| e != g) {
            None => Verdict::pass(format!("all {} results, in input order", got.len())),
            Some(i) => Verdict::fail(
                format!(
                    "result {} is {:?}, but word {} of the input is {:?}.",
                    i + 1,
                    got[i],
                    i + 1,
                    run.tokens[i]
                ),
                "collect the results in the order of the input (join the handles in the order \
                 you started them).",
            ),
        }
    })
}

/// How far apart two recorded end times may be and still count as a tie, in units: a result
/// travels from its thread to the receiver after its end is recorded, and on a loaded machine a
/// thread may be paused in between. Real finishing times of whole-unit words are a unit apart.
pub const NEAR_TIE_UNITS: f64 = 0.5;

/// The results came in the order their calls ended (the recorded end times), ties within
/// [`NEAR_TIE_UNITS`] in either order: results sorted after the fact, or collected in input
/// order, fail.
pub fn results_in_completion_order<R: AsRef<str>>(results: &[R], run: &Run) -> Verdict {
    results_match_records(results, run).and(|| {
        // Each result is matched with the earliest-ending unused call that returned it.
        let mut by_end: Vec<&Record> = run.records().iter().collect();
        by_end.sort_by_key(|r| r.end);
        let mut used = vec![false; by_end.len()];
        let mut ends = Vec::new();
        for result in results.iter().map(AsRef::as_ref) {
            let Some(i) =
                (0..by_end.len()).find(|&i| !used[i] && by_end[i].outcome.as_deref() == Ok(result))
            else {
                continue; // cannot happen after results_match_records
            };
            used[i] = true;
            ends.push((result, by_end[i].end));
        }
        let tie = run.unit.mul_f64(NEAR_TIE_UNITS);
        let mut latest: Option<(&str, Duration)> = None;
        for &(result, end) in &ends {
            if let Some((earlier, earlier_end)) = latest {
                if end + tie < earlier_end {
                    return Verdict::fail(
                        format!(
                            "{earlier:?} comes before {result:?}, but {result:?} was done first."
                        ),
                        "take each result as it arrives (from a channel, or whichever task \
                         finished), not in input order and not sorted afterwards.",
                    );
                }
            }
            if latest.is_none_or(|(_, at)| end > at) {
                latest = Some((result, end));
            }
        }
        Verdict::pass(format!(
            "all {} results, in the order they were done",
            ends.len()
        ))
    })
}

/// The most intervals `(start, end)` under way at one moment, and when that peak was first reached.
/// An interval that ends exactly when another starts does not overlap it (a worker finishing one
/// task and taking the next); one that ends before it starts counts as a point. The checks read
/// "how many ran at once" from a run's records with it, never from the clock.
pub fn peak_overlap(
    intervals: impl IntoIterator<Item = (Duration, Duration)>,
) -> (usize, Duration) {
    // (time, +1 for a start, -1 for an end); at equal times ends sort first.
    let mut events: Vec<(Duration, i32)> = intervals
        .into_iter()
        .flat_map(|(start, end)| [(start, 1), (end.max(start), -1)])
        .collect();
    events.sort();
    let (mut running, mut most, mut when) = (0i32, 0i32, Duration::ZERO);
    for (time, change) in events {
        running += change;
        if running > most {
            (most, when) = (running, time);
        }
    }
    (most.max(0) as usize, when)
}

/// The most calls of the run under way at one moment.
pub fn peak_at_once(run: &Run) -> usize {
    peak_overlap(run.records().iter().map(|r| (r.start, r.end))).0
}

/// Never more than `limit` calls under way at once.
pub fn at_most_at_once(run: &Run, limit: usize) -> Verdict {
    let most = peak_at_once(run);
    if most > limit {
        Verdict::fail(
            format!("{most} words were being worked on at once: too many, the limit is {limit}."),
            "start no more than the limit of workers, and let each take its next word only \
             when it is free.",
        )
    } else {
        Verdict::pass(format!("at most {most} at once"))
    }
}

/// At some moment at least `needed` calls were under way at once: the parallelism asked for.
pub fn at_least_at_once(run: &Run, needed: usize) -> Verdict {
    let most = peak_at_once(run);
    if most < needed {
        Verdict::fail(
            format!(
                "at most {most} word{} at once: too few at once.",
                plural(most)
            ),
            "the words must run at the same time, not one after another: start them all before \
             waiting for any.",
        )
    } else {
        Verdict::pass(format!("{most} at once"))
    }
}

/// The longest idle stretch a pool may show while words wait, in units: a hand-off between
/// threads or processes, stretched by a loaded machine. Wrong shapes (groups that wait for their
/// slowest word, words dealt out in advance) leave workers idle for two units or more.
pub const IDLE_SLACK_UNITS: f64 = 1.0;

/// A pool of `workers` kept busy: while some word had not started yet, fewer than `workers` calls
/// were under way for no longer than [`IDLE_SLACK_UNITS`] at a time. Read from the records, not
/// the clock, so a slow machine does not fail it; groups and fixed shares of the words do.
pub fn kept_busy(run: &Run, workers: usize) -> Verdict {
    let Some(last_start) = run.records().iter().map(|r| r.start).max() else {
        return work_was_recorded(run);
    };
    // Sweep the moments where the count of running calls changes, up to the last start.
    let mut moments: Vec<Duration> = run
        .records()
        .iter()
        .flat_map(|r| [r.start, r.end])
        .filter(|t| *t <= last_start)
        .chain([Duration::ZERO, last_start])
        .collect();
    moments.sort();
    moments.dedup();
    let running_at = |t: Duration| {
        run.records()
            .iter()
            .filter(|r| r.start <= t && t < r.end)
            .count()
    };
    let (mut idle_since, mut longest) = (None::<Duration>, Duration::ZERO);
    for &t in &moments {
        let short = running_at(t) < workers && t < last_start;
        match (short, idle_since) {
            (true, None) => idle_since = Some(t),
            (false, Some(since)) => {
                longest = longest.max(t - since);
                idle_since = None;
            }
            _ => {}
        }
    }
    if let Some(since) = idle_since {
        longest = longest.max(last_start - since);
    }
    if longest > run.unit.mul_f64(IDLE_SLACK_UNITS) {
        Verdict::fail(
            format!(
                "workers sat idle for {:.1} units while words were still waiting.",
                in_units(run, longest)
            ),
            "a worker must take the next word as soon as it is free: words dealt out in \
             advance, or in groups that wait for their slowest word, leave workers idle.",
        )
    } else {
        Verdict::pass("no worker idle while words waited")
    }
}

/// The distinct workers (threads, rayon workers, processes) that ran the recorded calls.
pub fn workers_seen(run: &Run) -> usize {
    run.workers().len()
}

/// Exactly `count` distinct workers ran the calls.
pub fn on_workers(run: &Run, count: usize) -> Verdict {
    let seen = workers_seen(run);
    match seen.cmp(&count) {
        std::cmp::Ordering::Equal => Verdict::pass(format!("{count} workers")),
        std::cmp::Ordering::Less => Verdict::fail(
            format!("{seen} worker{} ran the words: too few.", plural(seen)),
            format!("start {count} workers and give each of them words to do."),
        ),
        std::cmp::Ordering::Greater => Verdict::fail(
            format!("{seen} workers ran the words: too many, the pool has {count}."),
            format!("start {count} workers that each take word after word, not one per word."),
        ),
    }
}

/// A prediction as the learner typed it: any integer or float type.
pub trait Prediction: Copy {
    /// The prediction as a number of units.
    fn units(self) -> f64;
}

macro_rules! prediction_from {
    ($($number:ty),*) => {$(
        impl Prediction for $number {
            fn units(self) -> f64 {
                self as f64
            }
        }
    )*};
}
prediction_from!(
    u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, f32, f64
);

/// A prediction that is arithmetic must be exactly right: `9`, `9usize` and `9.0` alike. A FAIL
/// says "too low" or "too high", never by how much; `hint` says how to work it out.
pub fn prediction_exact(predicted: impl Prediction, expected: usize, hint: &str) -> Verdict {
    let predicted = predicted.units();
    if predicted.is_nan() {
        return Verdict::fail("your prediction is not a number.", hint);
    }
    let off = predicted - expected as f64;
    if off.abs() < 1e-9 {
        Verdict::pass(format!("predicted {expected} units"))
    } else {
        let direction = if off < 0.0 { "too low" } else { "too high" };
        Verdict::fail(
            format!("your prediction, {predicted} units, is {direction}."),
            hint,
        )
    }
}

/// How far above a learner's prediction a measured time may fall, in units, in
/// [`measured_near`]: less than one unit, so a prediction one unit off cannot pass as a slow
/// machine. Strict: on a heavily loaded machine a right run can miss it.
pub const MEASURED_SLACK_UNITS: f64 = 0.6;

/// How far above its shape's arithmetic a run's time may fall, in units, in
/// [`measured_between`]: start-up of threads, pools or processes and a loaded machine's
/// scheduling (right runs of five and seven units took 5.7 and 8.9 on two cores with a load of
/// twelve). A sanity bound: the checks tell the wrong shapes apart by the records (how many at
/// once, which workers, [`kept_busy`]), not by this.
pub const SHAPE_SLACK_UNITS: f64 = 3.0;

/// The run's wall time is a learner's prediction, `expected_units`: never a quarter unit under it
/// nor [`MEASURED_SLACK_UNITS`] over it.
pub fn measured_near(run: &Run, expected_units: usize) -> Verdict {
    measured_between(run, expected_units, expected_units, MEASURED_SLACK_UNITS)
}

/// The run's wall time lies between two arithmetic times, `fastest` and `slowest` units (several
/// shapes may answer an exercise): never a quarter unit under `fastest` (work that was skipped)
/// nor `slack_units` over `slowest` (parallelism lost, a worker idle while words waited).
pub fn measured_between(run: &Run, fastest: usize, slowest: usize, slack_units: f64) -> Verdict {
    let in_time = |units: usize| {
        run.unit
            .saturating_mul(u32::try_from(units).unwrap_or(u32::MAX))
    };
    let took = format!(
        "took {} ({:.1} units)",
        seconds(run.wall),
        in_units(run, run.wall)
    );
    if run.wall + run.unit / 4 < in_time(fastest) {
        Verdict::fail(
            format!("the run {took}: too quick for the work asked for."),
            "run every word's work, and wait for all of it inside `record(...)`.",
        )
    } else if run.wall > in_time(slowest) + run.unit.mul_f64(slack_units) {
        Verdict::fail(
            format!("the run {took}: too slow for the shape asked for."),
            "look at the timeline: a worker that sits idle while words are waiting, or bars \
             that never overlap, cost the time.",
        )
    } else {
        Verdict::pass(took)
    }
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

// ---- Steps added for chapters 06-13 (exercises-b) ----

/// Every recorded call ran on one of rayon's threads (the recorder names them `rayon N`): for
/// exercises whose lesson is rayon, where threads of one's own would be parallel too.
pub fn on_rayon_threads(run: &Run) -> Verdict {
    match run
        .records()
        .iter()
        .find(|r| !r.worker.starts_with("rayon "))
    {
        None => Verdict::pass("on rayon's threads"),
        Some(other) => Verdict::fail(
            format!(
                "{:?} was computed on {:?}, not on one of rayon's threads.",
                other.token, other.worker
            ),
            "this exercise is about rayon: let rayon's pool run the work.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TUTORIAL_TOKENS;
    use crate::check::fixture::{self, task, upper};

    #[test]
    fn made_up_results_fail_every_word_worked() {
        let nothing = fixture::run(&TUTORIAL_TOKENS, vec![]);
        let verdict = every_word_worked(&nothing).to_string();
        assert!(verdict.starts_with("FAIL: no call"), "{verdict}");
        let passing = fixture::pool(&TUTORIAL_TOKENS, 3);
        assert!(every_word_worked(&passing).passed());
        // Quick calls: a work function without its sleep.
        let quick = fixture::run(
            &["hello", "a"],
            vec![task("hello", "w", 0.0, 0.1), task("a", "w", 0.1, 1.1)],
        );
        assert!(
            every_word_worked(&quick)
                .to_string()
                .contains("over too soon")
        );
        let wrong = fixture::run(&["a"], vec![task("a", "w", 0.0, 1.0).returning("B")]);
        assert!(every_word_worked(&wrong).to_string().contains("Ok(\"B\")"));
        let missing = fixture::run(&["a", "b"], vec![task("a", "w", 0.0, 1.0)]);
        assert!(
            every_word_worked(&missing)
                .to_string()
                .contains("\"b\" (word 2) was never")
        );
        let twice = fixture::run(
            &["a"],
            vec![task("a", "w", 0.0, 1.0), task("a", "v", 0.0, 1.0)],
        );
        assert!(!every_word_worked(&twice).passed());
        let failed = fixture::run(&["a"], vec![task("a", "w", 0.0, 1.0).failing("panicked")]);
        assert!(
            every_word_worked(&failed)
                .to_string()
                .contains("an error (panicked)")
        );
    }

    #[test]
    fn results_must_be_the_recorded_ones() {
        let run = fixture::pool(&TUTORIAL_TOKENS, 3);
        assert!(results_in_input_order(&upper(&TUTORIAL_TOKENS), &run).passed());
        let empty: Vec<String> = vec![];
        assert!(
            results_match_records(&empty, &run)
                .to_string()
                .starts_with("FAIL: no results")
        );
        let mut extra = upper(&TUTORIAL_TOKENS);
        extra.push("A".into());
        assert!(
            results_match_records(&extra, &run)
                .to_string()
                .contains("more often")
        );
        let half = fixture::run(&["a", "b"], vec![task("a", "w", 0.0, 1.0)]);
        let made_up = results_match_records(&["A", "B"], &half).to_string();
        assert!(
            made_up.contains("no recorded call returned it"),
            "{made_up}"
        );
        let lost = results_match_records(&["A"], &fixture::pool(&["a", "b"], 2)).to_string();
        assert!(
            lost.contains("\"B\" was worked out, but it is missing"),
            "{lost}"
        );
        let mut swapped = upper(&TUTORIAL_TOKENS);
        swapped.swap(0, 2);
        let order = results_in_input_order(&swapped, &run).to_string();
        assert!(order.contains("result 1 is \"HOW\""), "{order}");
    }

    #[test]
    fn completion_order_is_read_from_the_end_times() {
        let threads = fixture::pool(&TUTORIAL_TOKENS, 12);
        let arrived = upper(&[
            "b", "a", "c", "d", "e", "f", "g", "you", "how", "are", "world", "hello",
        ]);
        assert!(results_in_completion_order(&arrived, &threads).passed());
        let input_order = results_in_completion_order(&upper(&TUTORIAL_TOKENS), &threads);
        assert!(
            input_order.to_string().contains("\"HELLO\" comes before"),
            "{input_order}"
        );
        // One after another, then sorted shortest first.
        let sequential = fixture::pool(&TUTORIAL_TOKENS, 1);
        let sorted = results_in_completion_order(&arrived, &sequential).to_string();
        assert!(sorted.starts_with("FAIL"), "{sorted}");
        // Near-ties either way.
        let close = fixture::run(
            &["a", "b"],
            vec![task("a", "w", 0.0, 1.0), task("b", "v", 0.0, 1.3)],
        );
        assert!(results_in_completion_order(&["B", "A"], &close).passed());
        let apart = fixture::run(
            &["a", "b"],
            vec![task("a", "w", 0.0, 1.0), task("b", "v", 0.0, 2.0)],
        );
        assert!(!results_in_completion_order(&["B", "A"], &apart).passed());
    }

    #[test]
    fn overlap_and_workers_are_read_from_the_records() {
        let three = fixture::pool(&TUTORIAL_TOKENS, 3);
        assert_eq!(peak_at_once(&three), 3);
        assert_eq!(workers_seen(&three), 3);
        assert!(at_most_at_once(&three, 3).passed());
        assert!(at_most_at_once(&three, 2).to_string().contains("too many"));
        assert!(at_least_at_once(&three, 3).passed());
        assert!(
            at_least_at_once(&fixture::pool(&TUTORIAL_TOKENS, 1), 2)
                .to_string()
                .contains("too few")
        );
        assert!(on_workers(&three, 3).passed());
        assert!(on_workers(&three, 4).to_string().contains("too few"));
        assert!(
            on_workers(&fixture::pool(&TUTORIAL_TOKENS, 12), 3)
                .to_string()
                .contains("too many")
        );
        let batches = fixture::batches(&TUTORIAL_TOKENS, 3);
        assert_eq!(peak_at_once(&batches), 3);
        assert_eq!(workers_seen(&batches), 12);
    }

    #[test]
    fn a_pool_kept_busy_is_read_from_the_records() {
        assert!(kept_busy(&fixture::pool(&TUTORIAL_TOKENS, 4), 4).passed());
        assert!(kept_busy(&fixture::pool(&TUTORIAL_TOKENS, 12), 12).passed());
        let groups = kept_busy(&fixture::batches(&TUTORIAL_TOKENS, 4), 4).to_string();
        assert!(groups.contains("idle for 2.0 units"), "{groups}");
        let shares: Vec<_> = TUTORIAL_TOKENS
            .chunks(3)
            .enumerate()
            .flat_map(|(w, share)| {
                let mut at = 0.0;
                share
                    .iter()
                    .map(move |t| {
                        let start = at;
                        at += t.len() as f64;
                        task(t, &format!("worker {w}"), start, at)
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        let shares = kept_busy(&fixture::run(&TUTORIAL_TOKENS, shares), 4).to_string();
        assert!(shares.starts_with("FAIL: workers sat idle"), "{shares}");
        assert!(!kept_busy(&fixture::run(&TUTORIAL_TOKENS, vec![]), 4).passed());
    }

    #[test]
    fn predictions_are_exact_in_any_number_type() {
        assert!(prediction_exact(9usize, 9, "h").passed());
        assert!(prediction_exact(9u32, 9, "h").passed());
        assert!(prediction_exact(9, 9, "h").passed());
        assert!(prediction_exact(9.0, 9, "h").passed());
        let low = prediction_exact(8.5f32, 9, "think").to_string();
        assert!(
            low.contains("too low") && low.ends_with("Hint: think"),
            "{low}"
        );
        assert!(
            !low.contains(" 9"),
            "the expected value must not show: {low}"
        );
        assert!(
            prediction_exact(10, 9, "h")
                .to_string()
                .contains("too high")
        );
        assert!(!prediction_exact(f64::NAN, 9, "h").passed());
    }

    #[test]
    fn a_measured_time_one_unit_off_fails() {
        let mut run = fixture::pool(&TUTORIAL_TOKENS, 3);
        assert!(
            measured_near(&run, 9).passed(),
            "{}",
            measured_near(&run, 9)
        );
        run.wall = run.unit * 10;
        assert!(measured_near(&run, 9).to_string().contains("too slow"));
        assert!(measured_near(&run, 11).to_string().contains("too quick"));
        run.wall = run.unit * 9 + run.unit / 2;
        assert!(measured_near(&run, 9).passed());
        assert!(measured_between(&run, 9, 10, SHAPE_SLACK_UNITS).passed());
        run.wall = run.unit * 11;
        assert!(measured_between(&run, 9, 10, SHAPE_SLACK_UNITS).passed());
        run.wall = run.unit * 14;
        let slow = measured_between(&run, 9, 10, SHAPE_SLACK_UNITS).to_string();
        assert!(slow.contains("too slow"), "{slow}");
    }

    #[test]
    fn peak_overlap_counts_touching_intervals_apart() {
        let ms = Duration::from_millis;
        assert_eq!(peak_overlap([(ms(0), ms(5)), (ms(5), ms(9))]).0, 1);
        assert_eq!(
            peak_overlap([(ms(0), ms(5)), (ms(4), ms(9)), (ms(1), ms(2))]),
            (2, ms(1))
        );
        assert_eq!(peak_overlap([]).0, 0);
    }

    #[test]
    fn rayon_threads_are_told_from_others() {
        let on_rayon = fixture::run(
            &["a", "b"],
            vec![
                task("a", "rayon 0", 0.0, 1.0),
                task("b", "rayon 1", 0.0, 1.0),
            ],
        );
        assert!(on_rayon_threads(&on_rayon).passed());
        let spawned = fixture::run(
            &["a", "b"],
            vec![
                task("a", "rayon 0", 0.0, 1.0),
                task("b", "thread 7", 0.0, 1.0),
            ],
        );
        assert!(
            on_rayon_threads(&spawned)
                .to_string()
                .contains("\"thread 7\"")
        );
    }
}
