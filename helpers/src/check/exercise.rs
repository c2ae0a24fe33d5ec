//! An exercise: its id, title and staged hints, and [`Exercise::check`], which turns a check's
//! findings into the one verdict line, shows the next hint with each FAIL and records progress.
//!
//! ```
//! use helpers::check::{Exercise, Verdict, learner};
//! # helpers::check::progress::use_private_file();
//! const DOUBLE: Exercise = Exercise {
//!     id: "99.1",
//!     title: "Double it",
//!     hints: &["what is 2 + 2?", "add the number to itself"],
//! };
//! fn check_double(f: impl Fn(u32) -> u32) -> Verdict {
//!     DOUBLE.check(|| {
//!         let got = learner::call(|| f(21))?;
//!         Ok(if got == 42 {
//!             Verdict::pass("doubles 21")
//!         } else {
//!             Verdict::fail(format!("for 21 it returns {got}"), "")
//!         })
//!     })
//! }
//! let starter = check_double(|_| todo!("your code here")).to_string();
//! assert!(starter.starts_with("FAIL: not written yet"), "{starter}");
//! assert!(check_double(|n| n + n).passed());
//! let wrong = check_double(|n| n).to_string();
//! assert!(wrong.contains("Hint: what is 2 + 2? (hint 1 of 2)"), "{wrong}");
//! ```

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Mutex, PoisonError};

use super::Verdict;
use super::learner::{Stop, stop_from};
use super::progress;

/// One exercise of a chapter, as its check module declares it (a `const`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exercise {
    /// `"NN.k"`: chapter NN's k-th exercise (`"08b.1"` for chapter 08b).
    pub id: &'static str,
    /// As in the notebook's heading `### k. Title (M minutes)`.
    pub title: &'static str,
    /// At least two, in order: each FAIL shows the next (then the last again). None gives the
    /// answer, and none recommends what the exercise forbids.
    pub hints: &'static [&'static str],
}

/// A chapter's exercises and its solutions file, for the progress table and `solution(...)`.
#[derive(Debug, Clone, Copy)]
pub struct Chapter {
    /// `"01"`, `"08b"`.
    pub number: &'static str,
    /// The notebook's title, `"The workload"`.
    pub title: &'static str,
    /// In order.
    pub exercises: &'static [Exercise],
    /// The text of `helpers/solutions/chNN.rs` (`include_str!`).
    pub solutions: &'static str,
}

/// The FAIL line's hint when the starter's `todo!` is still in place.
pub const NOT_STARTED_HINT: &str =
    "write your code in place of the `todo!(...)`, run that cell, then this one.";

/// Checks run one at a time in a process: each installs a plan and a quiet panic hook.
static ONE_CHECK_AT_A_TIME: Mutex<()> = Mutex::new(());

impl Exercise {
    /// Runs `body`, the check proper, and returns its verdict as the line to show.
    ///
    /// `body` calls the learner's code through [`learner`](super::learner) (`?` passes on a
    /// [`Stop`]) and returns `Ok(verdict)`. A `PASS` is shown as it is. A `FAIL`'s problem is
    /// shown with this exercise's next staged hint (the body's own hint is dropped: hints are
    /// the exercise's, in order). `todo!` still in place is "not written yet" and not recorded;
    /// a panic in the learner's code is a FAIL. Every other outcome is recorded as an attempt in
    /// the progress file. Panic messages stay out of the output while the body runs, and the
    /// check never panics.
    pub fn check(&self, body: impl FnOnce() -> Result<Verdict, Stop>) -> Verdict {
        let _turn = ONE_CHECK_AT_A_TIME
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let outcome = quietly(|| catch_unwind(AssertUnwindSafe(body)));
        let found = match outcome {
            Ok(found) => found,
            Err(payload) => Err(stop_from(&*payload)),
        };
        let problem = match found {
            Err(Stop::NotStarted) => {
                return Verdict::fail(
                    "not written yet: the starter still has its `todo!`.",
                    NOT_STARTED_HINT,
                );
            }
            Err(Stop::Panicked(message)) => format!("your code panicked: {message}."),
            Ok(Verdict::Pass(what)) => {
                let saved = progress::record(self.id, true);
                return Verdict::Pass(format!("{what}{}", unsaved_note(saved.err())));
            }
            Ok(Verdict::Fail { problem, .. }) => problem,
        };
        match progress::record(self.id, false) {
            Ok(entry) => Verdict::fail(problem, self.hint_after(entry.fails.saturating_sub(1))),
            Err(error) => Verdict::fail(
                problem,
                format!("{}{}", self.hint_after(0), unsaved_note(Some(error))),
            ),
        }
    }

    /// The hint to show after `failed` earlier failures: the next one, then the last again.
    pub fn hint_after(&self, failed: u32) -> String {
        let count = self.hints.len();
        if count == 0 {
            return String::new();
        }
        let index = (failed as usize).min(count - 1);
        let mut hint = format!("{} (hint {} of {count})", self.hints[index], index + 1);
        if index == count - 1 && failed as usize >= count {
            hint.push_str(&format!(
                "; `solution(\"{}\")` shows a worked answer",
                self.id
            ));
        }
        hint
    }
}

fn unsaved_note(error: Option<String>) -> String {
    error
        .map(|e| format!(" (progress not saved: {e})"))
        .unwrap_or_default()
}

/// Runs `f` with a panic hook that prints nothing, then puts the previous hook back. Only while
/// [`ONE_CHECK_AT_A_TIME`] is held, so two checks never swap each other's hooks.
fn quietly<T>(f: impl FnOnce() -> T) -> T {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let value = f();
    std::panic::set_hook(previous);
    value
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::learner;

    const THREE_HINTS: Exercise = Exercise {
        id: "99.3",
        title: "Test",
        hints: &["first", "second", "third"],
    };

    fn fail_line(exercise: &Exercise) -> String {
        exercise
            .check(|| Ok(Verdict::fail("wrong.", "the body's own hint")))
            .to_string()
    }

    #[test]
    fn hints_come_in_order_then_the_last_stays() {
        let _ = std::fs::remove_file(progress::test_thread_file());
        let exercise = Exercise {
            id: "99.31",
            ..THREE_HINTS
        };
        let lines: Vec<String> = (0..5).map(|_| fail_line(&exercise)).collect();
        assert_eq!(lines[0], "FAIL: wrong. Hint: first (hint 1 of 3)");
        assert_eq!(lines[1], "FAIL: wrong. Hint: second (hint 2 of 3)");
        assert_eq!(lines[2], "FAIL: wrong. Hint: third (hint 3 of 3)");
        assert!(lines[3].contains("third (hint 3 of 3); `solution(\"99.31\")`"));
        assert!(lines.iter().all(|l| !l.contains("the body's own hint")));
    }

    #[test]
    fn todo_is_not_an_attempt_and_a_panic_is() {
        let file = progress::test_thread_file();
        let _ = std::fs::remove_file(&file);
        let exercise = Exercise {
            id: "99.32",
            ..THREE_HINTS
        };
        let starter = exercise.check(|| {
            learner::call(|| -> u32 { todo!("your code here") })?;
            Ok(Verdict::pass("never"))
        });
        assert!(starter.to_string().starts_with("FAIL: not written yet"));
        assert!(!progress::read_at(&file).unwrap().contains_key("99.32"));
        let panicked = exercise.check(|| {
            let v: Vec<u32> = learner::call(Vec::new)?;
            Ok(Verdict::pass(format!("{}", v[3])))
        });
        let line = panicked.to_string();
        assert!(
            line.starts_with("FAIL: your code panicked: index out of bounds"),
            "{line}"
        );
        let entry = progress::read_at(&file).unwrap()["99.32"].clone();
        assert_eq!((entry.state, entry.fails), (progress::State::Tried, 1));
    }

    #[test]
    fn a_pass_is_done_and_keeps_its_words() {
        let file = progress::test_thread_file();
        let _ = std::fs::remove_file(&file);
        let exercise = Exercise {
            id: "99.33",
            ..THREE_HINTS
        };
        let verdict = exercise.check(|| Ok(Verdict::pass("three words at once")));
        assert_eq!(verdict.to_string(), "PASS: three words at once");
        assert_eq!(
            progress::read_at(&file).unwrap()["99.33"].state,
            progress::State::Done
        );
    }
}
