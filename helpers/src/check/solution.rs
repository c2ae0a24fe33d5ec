//! `solution("04.1")`: a worked answer, shown only after a checked attempt at that exercise.
//!
//! Solutions are never code cells of a notebook: Run All and Shift-Enter cannot run one. They
//! live in `helpers/solutions/chNN.rs` (compiled and checked by `cargo test`), and a learner who has
//! tried the exercise types `solution("04.1")` in a cell of their own to print the code, ready to
//! copy into the starter. A starter still holding its `todo!` is not an attempt.

use std::fmt;

use super::progress::{self, State};
use super::registry::{CHAPTERS, find};
use super::sections::{Kind, sections};

/// What `solution(...)` shows: the code, or why not yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Solution {
    /// The worked answer's code, for exercise `id`.
    Shown {
        /// `"04.1"`.
        id: String,
        /// The code, as a learner would type it in the starter's cell.
        code: String,
    },
    /// Not shown, and why (not tried yet, an unknown id, an unreadable progress file).
    Withheld(String),
}

/// The solution of exercise `id` (`"04.1"`), once the progress file records an attempt at it.
pub fn solution(id: &str) -> Solution {
    let Some((chapter, exercise)) = find(id) else {
        let known: Vec<&str> = CHAPTERS
            .iter()
            .flat_map(|c| c.exercises.iter().map(|e| e.id))
            .collect();
        return Solution::Withheld(format!(
            "there is no exercise {id:?}; the exercises are {}",
            known.join(", ")
        ));
    };
    let state = match progress::read() {
        Ok(book) => book.get(id).map(|e| e.state).unwrap_or_default(),
        Err(error) => return Solution::Withheld(format!("cannot read your progress: {error}")),
    };
    if state == State::NotStarted {
        return Solution::Withheld(format!(
            "try exercise {id} ({}) first: run its check on code of your own (a starter with \
             its `todo!` does not count), then ask again.",
            exercise.title
        ));
    }
    let found = sections(chapter.solutions)
        .ok()
        .and_then(|all| {
            all.into_iter()
                .find(|s| s.id == id && s.kind == Kind::Solution)
        })
        .map(|s| s.code);
    match found {
        Some(code) => Solution::Shown {
            id: id.to_string(),
            code,
        },
        None => Solution::Withheld(format!("exercise {id} has no solution on file")),
    }
}

impl Solution {
    /// Shows it as a cell's output in evcxr.
    pub fn evcxr_display(&self) {
        println!("{self}");
    }
}

impl fmt::Display for Solution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Solution::Shown { id, code } => write!(
                f,
                "A solution of {id} (copy it into your starter cell, run it, then the check):\n\n{code}"
            ),
            Solution::Withheld(why) => write!(f, "No solution shown: {why}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn withheld_until_tried_then_shown() {
        let file = progress::test_thread_file();
        let _ = std::fs::remove_file(&file);
        let id = "01.2";
        let _ = std::fs::remove_file(&file);
        let before = solution(id);
        assert!(
            matches!(&before, Solution::Withheld(why) if why.contains("try exercise 01.2 (")),
            "{before}"
        );
        progress::record(id, false).unwrap();
        match solution(id) {
            Solution::Shown { code, .. } => assert!(code.contains("fn my_makespan")),
            other => panic!("{other}"),
        }
        let unknown = solution("77.7").to_string();
        assert!(unknown.contains("no exercise \"77.7\"") && unknown.contains("01.1"));
    }
}
