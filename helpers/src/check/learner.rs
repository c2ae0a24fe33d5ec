//! Calling the learner's code: under `catch_unwind`, with the panic message kept out of the cell's
//! output, and `todo!` told apart from a real panic (a starter left as it is has not been tried).
//!
//! ```
//! use helpers::check::learner::{call, Stop};
//! assert_eq!(call(|| 2 + 2), Ok(4));
//! assert_eq!(call(|| -> u32 { todo!("your code here") }), Err(Stop::NotStarted));
//! let index = call(|| vec![1][3]).unwrap_err();
//! assert!(matches!(index, Stop::Panicked(m) if m.contains("index out of bounds")));
//! ```
//!
//! The quiet panic hook itself is installed by [`Exercise::check`](super::Exercise::check) for the
//! whole check (so panics on the learner's own threads stay quiet too); these functions only catch.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};

use super::plan::{Observation, WorkPlan};
use super::puzzle::Puzzle;
use crate::{Dispatch, Run, record};

/// Why the learner's code gave no value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    /// It reached the starter's `todo!`: not written yet.
    NotStarted,
    /// It panicked, with this message (one line).
    Panicked(String),
}

/// The message `todo!` panics with begins so.
const TODO_MESSAGE: &str = "not yet implemented";

/// Runs the learner's `f`, catching any panic.
pub fn call<T>(f: impl FnOnce() -> T) -> Result<T, Stop> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| stop_from(&*payload))
}

/// What the learner's code gave on a puzzle, and what the check saw of it.
#[derive(Debug)]
pub struct Outcome<T> {
    /// The learner's return value.
    pub value: T,
    /// The run the check recorded around the call (its unit is the puzzle's).
    pub run: Run,
    /// Every work call, as the plan saw it (rayon pool sizes and the like).
    pub observed: Vec<Observation>,
}

/// Runs the learner's `f` on `puzzle`: its plan installed, the run recorded by the check itself
/// (the learner's code never calls `record`), the run's unit set to the puzzle's.
pub fn call_on<T>(
    puzzle: &Puzzle,
    dispatch: impl Into<Dispatch>,
    f: impl FnOnce(&[&'static str]) -> T,
) -> Result<Outcome<T>, Stop> {
    call_with_plan(puzzle.plan(), puzzle.tokens(), dispatch, || {
        f(puzzle.tokens())
    })
}

/// Runs the learner's `f` with `plan` installed, recorded as a run over `tokens`.
pub fn call_with_plan<T>(
    plan: WorkPlan,
    tokens: &[&str],
    dispatch: impl Into<Dispatch>,
    f: impl FnOnce() -> T,
) -> Result<Outcome<T>, Stop> {
    let unit = plan.unit();
    let dispatch = dispatch.into();
    let installed = plan.install();
    let (value, mut run) = call(|| record("your code", tokens, dispatch, f))?;
    run.unit = unit;
    Ok(Outcome {
        value,
        run,
        observed: installed.observations(),
    })
}

/// A panic payload as a [`Stop`]: `todo!`'s is "not started", any other a one-line message.
pub fn stop_from(payload: &(dyn Any + Send)) -> Stop {
    let message = panic_text(payload);
    if message.starts_with(TODO_MESSAGE) {
        Stop::NotStarted
    } else {
        Stop::Panicked(one_line(&message))
    }
}

/// A panic payload's text (`&str` or `String`), or a note that it had none.
pub fn panic_text(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic with no message".to_string())
}

/// The first line of `text`, at most 160 characters: a verdict is one line.
fn one_line(text: &str) -> String {
    let first = text.lines().next().unwrap_or("").trim();
    let mut short: String = first.chars().take(160).collect();
    if short.len() < first.len() {
        short.push('…');
    }
    short
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::puzzle::PUZZLE_UNIT;

    #[test]
    fn todo_is_not_started_and_other_panics_are_kept_short() {
        assert_eq!(call(|| -> () { todo!() }), Err(Stop::NotStarted));
        assert_eq!(
            call(|| -> () { todo!("your code here") }),
            Err(Stop::NotStarted)
        );
        let long = call(|| -> () { panic!("{}\nsecond line", "x".repeat(500)) });
        match long {
            Err(Stop::Panicked(m)) => assert!(m.chars().count() <= 161 && !m.contains('\n')),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            call(|| -> () { std::panic::panic_any(7) }),
            Err(Stop::Panicked("a panic with no message".into()))
        );
    }

    #[test]
    fn the_check_records_the_learners_run_on_the_puzzle() {
        let puzzle = Puzzle::new(vec!["ox", "lemon"], vec![2, 1]).at_unit(PUZZLE_UNIT / 5);
        let Outcome {
            value: results,
            run,
            observed,
        } = call_on(&puzzle, 1, |tokens| {
            tokens.iter().map(|t| crate::work(t)).collect::<Vec<_>>()
        })
        .unwrap();
        assert_eq!(observed.len(), 2);
        assert_eq!(results, ["OX", "LEMON"]);
        assert_eq!(run.records().len(), 2);
        assert_eq!(run.unit, PUZZLE_UNIT / 5);
        assert!(run.wall >= PUZZLE_UNIT / 5 * 3);
        assert!(!crate::check::plan::installed_between_turns());
        // A panicking answer leaves no plan behind either.
        let stop = call_on(&puzzle, 1, |_| -> Vec<String> { panic!("boom") });
        assert_eq!(stop.unwrap_err(), Stop::Panicked("boom".into()));
        assert!(!crate::check::plan::installed_between_turns());
    }
}
