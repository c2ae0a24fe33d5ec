//! Checks for the notebooks' exercises: each prints one line that begins with `PASS` or `FAIL`.
//!
//! An exercise in a chapter is three cells: the learner's starter (tagged `exercise`), a check cell
//! that calls one function of this module's chapter submodule (`check::ch03::…`, the one spelling
//! in every notebook), and a hidden solution (tagged `solution`) that ends with the same check. A
//! check never panics on a wrong answer: it says what was wrong and gives a hint, because a
//! learner reads its line, not a backtrace. Every exercise is listed in `tests/exercises/chNN.toml`
//! with wrong answers that must FAIL and right ones that must PASS (see its README).
//!
//! # The one signature rule
//!
//! `check::chNN::name(the learner's values..., &run)`: the learner's own values first (results,
//! outcomes, a prediction, a function), then the [`Run`](crate::Run) that `record(...)` returned
//! for the learner's cell. The time and the unit come from the run (`run.wall`, `run.unit`), never
//! from the global `time_unit()`: a check reads what happened, not what the clock says now.
//! An exercise that is pure arithmetic (a makespan worked out by hand, a function of task sizes)
//! has no run and takes values only. There are no exceptions: every starter that runs work records
//! it with `record(...)`, so the check sees the work.
//!
//! A check is an `.and()` chain of named steps, first failure wins: the shared steps of
//! [`common`] (every word worked, results as recorded, completion order, how many at once, how many
//! workers, exact predictions, measured times) and the chapter's own. A chapter never borrows a
//! step from another chapter: what two chapters need goes into [`common`]. The unit tests build
//! their runs with the one fixture, `check::fixture` (test-only).
//!
//! ```
//! use helpers::check::{self, Verdict};
//! let tokens = ["hello", "a"];
//! let verdict = check::results_in_order(&tokens, &["HELLO".to_string()]);
//! assert!(!verdict.passed());
//! assert!(verdict.to_string().starts_with("FAIL"));
//! assert!(check::results_in_order(&tokens, &["HELLO", "A"]).passed());
//! ```
//!
//! A FAIL says what is wrong and which way ("too low", "too many at once"), never by how much and
//! never the expected value. Predictions that are arithmetic are checked exactly
//! ([`common::prediction_exact`]); measured times get a tolerance of less than one unit
//! ([`common::measured_near`]), so a wrong prediction cannot pass as a slow machine.

use std::fmt;
use std::time::Duration;

use crate::seconds;

pub mod common;
#[cfg(test)]
pub(crate) mod fixture;

pub use common::peak_overlap;

pub mod ch01;
pub mod ch02;
pub mod ch03;
pub mod ch04;
pub mod ch05;
pub mod ch06;
pub mod ch07;
pub mod ch08;
pub mod ch09;
pub mod ch10;
pub mod ch11;
pub mod ch13;

/// What a check found: shown in a notebook as one line, `PASS: …` or `FAIL: … Hint: …`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The answer is right; the text says what was confirmed.
    Pass(String),
    /// The answer is wrong: what was wrong, and a hint towards the fix.
    Fail { problem: String, hint: String },
}

impl Verdict {
    pub fn pass(what: impl Into<String>) -> Self {
        Verdict::Pass(what.into())
    }

    pub fn fail(problem: impl Into<String>, hint: impl Into<String>) -> Self {
        Verdict::Fail {
            problem: problem.into(),
            hint: hint.into(),
        }
    }

    pub fn passed(&self) -> bool {
        matches!(self, Verdict::Pass(_))
    }

    /// This verdict if it failed, else `next`'s: chains the parts of a check, first failure wins.
    pub fn and(self, next: impl FnOnce() -> Verdict) -> Verdict {
        if self.passed() { next() } else { self }
    }

    /// This verdict with `hint` in place of its own, if it failed: a chapter's words for a shared
    /// step's failure.
    pub fn with_hint(self, hint: impl Into<String>) -> Verdict {
        match self {
            Verdict::Fail { problem, .. } => Verdict::Fail {
                problem,
                hint: hint.into(),
            },
            pass => pass,
        }
    }

    /// Shows the verdict as a cell's output in evcxr (the cell's last value).
    pub fn evcxr_display(&self) {
        println!("{self}");
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verdict::Pass(what) => write!(f, "PASS: {what}"),
            Verdict::Fail { problem, hint } => write!(f, "FAIL: {problem} Hint: {hint}"),
        }
    }
}

/// The results must be the tokens uppercased, one each, in input order. Results alone, with no
/// run: chapters 06-13 still use it; new checks use [`common::results_in_input_order`].
pub fn results_in_order<S: AsRef<str>, R: AsRef<str>>(tokens: &[S], results: &[R]) -> Verdict {
    let expected: Vec<String> = tokens.iter().map(|t| t.as_ref().to_uppercase()).collect();
    let got: Vec<&str> = results.iter().map(|r| r.as_ref()).collect();
    same_results(&expected, &got).and(|| {
        match expected.iter().zip(&got).position(|(e, g)| e != g) {
            None => Verdict::pass(format!("all {} results, in input order", expected.len())),
            Some(i) => Verdict::fail(
                format!(
                    "result {} is {:?}, but input order wants {:?} there.",
                    i + 1,
                    got[i],
                    expected[i]
                ),
                "collect results in the order of the input (join handles in the order you started them).",
            ),
        }
    })
}

/// The results must be the tokens uppercased, one each, in any order.
pub fn results_any_order<S: AsRef<str>, R: AsRef<str>>(tokens: &[S], results: &[R]) -> Verdict {
    let expected: Vec<String> = tokens.iter().map(|t| t.as_ref().to_uppercase()).collect();
    let got: Vec<&str> = results.iter().map(|r| r.as_ref()).collect();
    same_results(&expected, &got).and(|| {
        Verdict::pass(format!(
            "all {} results, none lost or doubled",
            expected.len()
        ))
    })
}

/// The same multiset of results: names what is missing, doubled or unexpected.
fn same_results(expected: &[String], got: &[&str]) -> Verdict {
    let count = |list: &[&str], item: &str| list.iter().filter(|x| **x == item).count();
    let expected_refs: Vec<&str> = expected.iter().map(String::as_str).collect();
    if got.is_empty() && !expected.is_empty() {
        return Verdict::fail(
            "no results at all.",
            "did your cell run without errors, and does it return or collect the results?",
        );
    }
    for item in &expected_refs {
        let (want, have) = (count(&expected_refs, item), count(got, item));
        if have < want {
            return Verdict::fail(
                format!("{item:?} is missing ({have} of {want})."),
                "every token must be worked on exactly once: check that no task is dropped.",
            );
        }
        if have > want {
            return Verdict::fail(
                format!("{item:?} appears {have} times, expected {want}."),
                "every token must be worked on exactly once: check that no task is run twice.",
            );
        }
    }
    if let Some(stranger) = got.iter().find(|g| !expected_refs.contains(g)) {
        return Verdict::fail(
            format!("{stranger:?} is not the uppercase of any token."),
            "each result is `work(token)`: the token, uppercased.",
        );
    }
    Verdict::pass("results complete")
}

/// Each token's length in units: its characters, as the work function counts them.
pub fn token_units<S: AsRef<str>>(tokens: &[S]) -> Vec<u32> {
    tokens
        .iter()
        .map(|t| crate::char_count(t.as_ref()) as u32)
        .collect()
}

/// Legacy, for chapters 06-13 until they move to [`common::prediction_exact`], which never says
/// by how much: a learner's predicted makespan against the right one.
pub fn prediction_matches(predicted: f64, expected: u32, hint: impl Into<String>) -> Verdict {
    let off = predicted - f64::from(expected);
    if off.abs() < 0.05 {
        return Verdict::pass(format!("predicted {expected} units"));
    }
    let direction = if off > 0.0 { "too high" } else { "too low" };
    Verdict::fail(
        format!(
            "your prediction, {predicted} units, is {direction} by {} units.",
            off.abs()
        ),
        hint,
    )
}

/// Legacy, for chapters 06-13 until they move to [`common::measured_near`]: a measured time must
/// not exceed the prediction by more than the tolerance: half the
/// prediction plus two units, which absorbs a loaded laptop's scheduling delays and the start-up
/// of threads, processes or runtimes, yet still fails a run that lost its parallelism.
pub fn time_within(measured: Duration, predicted: Duration, unit: Duration) -> Verdict {
    let allowed = predicted + predicted / 2 + unit * 2;
    if measured <= allowed {
        Verdict::pass(format!(
            "took {}, predicted {}",
            seconds(measured),
            seconds(predicted)
        ))
    } else {
        Verdict::fail(
            format!(
                "took {}, but the prediction is {} (allowed up to {}).",
                seconds(measured),
                seconds(predicted),
                seconds(allowed)
            ),
            "are the tasks really running at the same time? Look at the timeline: bars that never overlap ran one after another.",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_what_is_wrong() {
        let tokens = ["a", "b", "b"];
        assert!(results_any_order(&tokens, &["B", "A", "B"]).passed());
        let missing = results_any_order(&tokens, &["A", "B"]).to_string();
        assert!(
            missing.starts_with("FAIL") && missing.contains("\"B\" is missing"),
            "{missing}"
        );
        let doubled = results_any_order(&tokens, &["A", "A", "B", "B"]).to_string();
        assert!(doubled.contains("\"A\" appears 2 times"), "{doubled}");
        let order = results_in_order(&tokens, &["B", "A", "B"]).to_string();
        assert!(order.contains("result 1 is \"B\""), "{order}");
        let empty = results_in_order(&tokens, &[] as &[&str]).to_string();
        assert!(empty.contains("no results"), "{empty}");
    }

    #[test]
    fn time_tolerance() {
        let unit = Duration::from_millis(10);
        let predicted = Duration::from_millis(50);
        assert!(time_within(Duration::from_millis(90), predicted, unit).passed());
        assert!(!time_within(Duration::from_millis(260), predicted, unit).passed());
    }
}
