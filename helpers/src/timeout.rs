//! Waiting for code that may never return, up to a limit: the deadlock demos of the shared-state
//! chapter, which must show a program stuck on a lock without hanging the notebook.
//!
//! ```
//! use helpers::{Waited, run_with_timeout};
//! use std::sync::Mutex;
//! use std::time::Duration;
//!
//! let quick = run_with_timeout(Duration::from_secs(5), || 6 * 7);
//! assert!(matches!(quick, Waited::Returned(42)));
//!
//! let stuck = run_with_timeout(Duration::from_millis(50), || {
//!     let lock = Mutex::new(0);
//!     let _first = lock.lock().unwrap();
//!     let _second = lock.lock().unwrap(); // the same thread again: never returns
//! });
//! assert!(matches!(stuck, Waited::StillRunning));
//! ```
//!
//! The code runs on a thread of its own, and the caller waits on a channel with a limit. A thread
//! cannot be stopped from outside, so code that never returns keeps its thread (blocked, using no
//! CPU) until the process ends: fine for a demonstration, not a way to run real work.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use crate::quiet::panic_text;

/// How code run by [`run_with_timeout`] ended, as far as the caller could wait.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Waited<T> {
    /// It returned this value within the limit.
    Returned(T),
    /// It panicked within the limit, with this message.
    Panicked(String),
    /// It had neither returned nor panicked when the limit passed; it may never do either.
    StillRunning,
}

/// Runs `code` on a new thread, named `with a timeout`, and waits at most `limit` for it to end.
///
/// The caller gets control back after `limit` at the latest, whatever the code does: a deadlock
/// inside it leaves that thread blocked for the rest of the process, never the caller.
pub fn run_with_timeout<T: Send + 'static>(
    limit: Duration,
    code: impl FnOnce() -> T + Send + 'static,
) -> Waited<T> {
    let (sender, ended) = mpsc::channel();
    let spawned = thread::Builder::new()
        .name("with a timeout".into())
        .spawn(move || {
            let outcome = match catch_unwind(AssertUnwindSafe(code)) {
                Ok(value) => Waited::Returned(value),
                Err(payload) => Waited::Panicked(panic_text(payload.as_ref()).to_string()),
            };
            // The caller may have stopped waiting; then nobody wants the outcome.
            let _ = sender.send(outcome);
        });
    if let Err(error) = spawned {
        return Waited::Panicked(format!("could not start a thread: {error}"));
    }
    ended.recv_timeout(limit).unwrap_or(Waited::StillRunning)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn returns_the_value_of_code_that_ends() {
        assert_eq!(
            run_with_timeout(Duration::from_secs(10), || "done"),
            Waited::Returned("done")
        );
    }

    #[test]
    fn reports_a_panic_with_its_message() {
        let waited: Waited<()> =
            run_with_timeout(Duration::from_secs(10), || panic!("lost count at {}", 3));
        assert_eq!(waited, Waited::Panicked("lost count at 3".to_string()));
    }

    #[test]
    fn gives_up_on_a_deadlock_at_the_limit() {
        let start = std::time::Instant::now();
        let waited = run_with_timeout(Duration::from_millis(100), || {
            let tally = Mutex::new(1);
            let first = tally.lock().unwrap();
            let second = tally.lock().unwrap();
            *first + *second
        });
        assert_eq!(waited, Waited::StillRunning);
        let took = start.elapsed();
        assert!(took >= Duration::from_millis(100), "{took:?}");
    }
}
