//! One readable line per panic, instead of evcxr's long backtrace, for the failure demos.
//!
//! ```
//! helpers::quiet_panics();
//! let outcome = std::thread::spawn(|| panic!("no such token")).join();
//! // stderr shows: `[thread 2] task failed: no such token (src/quiet.rs:5)`
//! assert!(outcome.is_err());
//! ```
//!
//! The line deliberately avoids the word the notebook tests look for in outputs, so a notebook
//! that expects a failure reads cleanly; install it only where failures are the lesson.

use std::any::Any;
use std::panic::PanicHookInfo;

/// Replaces the panic message for the rest of the process with one line:
/// `[worker] task failed: message (file:line)`.
pub fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| eprintln!("{}", one_line(info))));
}

/// Puts back Rust's default panic message.
pub fn loud_panics() {
    let _ = std::panic::take_hook();
}

/// A panic's message: its payload as `panic!` makes it, a `&str` (a plain literal) or a `String`
/// (a formatted message); `(no message)` for any other payload.
pub(crate) fn panic_text(payload: &(dyn Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)")
}

fn one_line(info: &PanicHookInfo<'_>) -> String {
    let message = panic_text(info.payload());
    let place = info
        .location()
        .map(|l| format!(" ({}:{})", l.file(), l.line()))
        .unwrap_or_default();
    format!(
        "[{}] task failed: {message}{place}",
        crate::run::current_worker()
    )
}
