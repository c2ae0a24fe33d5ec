//! Checks for the notebooks' exercises: each prints one line that begins with `PASS` or `FAIL`.
//!
//! # The exercise framework (issue 23)
//!
//! The learner writes a function; the check calls it. A starter cell is a function whose body is
//! `todo!("your code here")`, the check cell is one call, `check::ch02::sized_pool(sized_pool)`,
//! and no solution is a cell of the notebook. The parts, one job a module:
//!
//! - [`exercise`]: an [`Exercise`] (id `"02.2"`, title, at least two staged hints) and
//!   [`Exercise::check`], which runs the check's body under a quiet panic hook, turns `todo!` into
//!   "not written yet", shows the next hint with each FAIL and records the verdict;
//! - [`learner`]: calling the learner's code under `catch_unwind`, on a puzzle, with the run
//!   recorded by the check itself ([`learner::call_on`]);
//! - [`puzzle`]: inputs the learner never saw, work times that are not the lengths, new each call;
//! - [`plan`]: the hidden work plan that [`work`](crate::work), [`cpu_work`](crate::cpu_work) and
//!   `work_async` consult while a check's run lasts (and what they observed);
//! - [`steps`]: steps over a puzzle's run (which words were worked, results, how many at once);
//! - [`progress`]: the per-user progress file; [`overview`]: `progress()`; [`solution`]:
//!   `solution("NN.k")` after an attempt; [`sections`]: the Rust files of solutions
//!   (`helpers/solutions/chNN.rs`) and answers (`tests/exercises/chNN.rs`); [`registry`]: every
//!   converted chapter.
//!
//! `tests/exercises/README.md` has the whole recipe, and `ch01` and `ch02` are examples.
//!
//! # Chapters not yet converted: the one signature rule
//!
//! An exercise is three cells: the learner's starter (tagged `exercise`), a check cell that calls
//! `check::chNN::name(the learner's values..., &run)`: the learner's own values first (results,
//! outcomes, a prediction, a function), then the [`Run`](crate::Run) that `record(...)` returned
//! for the learner's cell; and a hidden solution (tagged `solution`) that ends with the same check.
//! The time and the unit come from the run (`run.wall`, `run.unit`), never from the global
//! `time_unit()`. Every exercise is listed in `tests/exercises/chNN.toml` with wrong answers that
//! must FAIL and right ones that must PASS.
//!
//! A check is an `.and()` chain of named steps, first failure wins: the shared steps of
//! [`common`] (every word worked, results as recorded, completion order, how many at once, how many
//! workers, exact predictions, measured times) and the chapter's own. A chapter never borrows a
//! step from another chapter: what two chapters need goes into [`common`]. The unit tests build
//! their runs with the one fixture, `check::fixture` (test-only).
//!
//! ```
//! use helpers::check::Verdict;
//! let worked = || Verdict::pass("every word worked");
//! let in_order = || Verdict::fail("result 2 came before result 1.", "collect in input order.");
//! let verdict = worked().and(in_order);
//! assert_eq!(verdict.to_string(), "FAIL: result 2 came before result 1. Hint: collect in input order.");
//! assert!(worked().and(worked).passed());
//! ```
//!
//! A FAIL says what is wrong and which way ("too low", "too many at once"), never by how much and
//! never the expected value. Predictions that are arithmetic are checked exactly
//! ([`common::prediction_exact`]); measured times get a tolerance of less than one unit
//! ([`common::measured_near`]), so a wrong prediction cannot pass as a slow machine.

use std::fmt;

pub mod common;
pub mod exercise;
#[cfg(test)]
pub(crate) mod fixture;
pub mod learner;
pub mod overview;
pub mod plan;
pub mod progress;
pub mod puzzle;
pub mod registry;
pub mod sections;
pub mod solution;
pub mod steps;

pub use exercise::{Chapter, Exercise};
pub use learner::Stop;
pub use overview::Overview;
pub use solution::Solution;

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
    Fail {
        /// What was wrong.
        problem: String,
        /// Which way to the fix.
        hint: String,
    },
}

impl Verdict {
    /// A pass, saying what was confirmed.
    pub fn pass(what: impl Into<String>) -> Self {
        Verdict::Pass(what.into())
    }

    /// A failure: what was wrong, and a hint.
    pub fn fail(problem: impl Into<String>, hint: impl Into<String>) -> Self {
        Verdict::Fail {
            problem: problem.into(),
            hint: hint.into(),
        }
    }

    /// Whether the check passed.
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

    /// This verdict with its problem rewritten, if it failed: a chapter's words around a shared
    /// step's finding.
    pub fn map_problem(self, rewrite: impl FnOnce(String) -> String) -> Verdict {
        match self {
            Verdict::Fail { problem, hint } => Verdict::Fail {
                problem: rewrite(problem),
                hint,
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
