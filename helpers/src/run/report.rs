//! A run told in words: the one-line summary, the plain-text table, the list of tokens without a
//! result. Its JSON is in [`json`](super::json); pictures are in `picture/`.
//!
//! ```
//! use helpers::{record, set_time_unit, work};
//!
//! set_time_unit(std::time::Duration::from_millis(1));
//! let tokens = ["line\nbreak", "b"];
//! let (_, run) = record("half", &tokens, 1, || work(tokens[0]));
//! assert!(run.table_text().contains(r#""line\nbreak""#)); // one table row, one line
//! assert_eq!(run.unfinished_text(), "never started: \"b\"\n");
//! assert!(!run.all_succeeded());
//! ```

use std::fmt::Write;
use std::time::Duration;

use super::{Record, Run};

/// Seconds with milliseconds, as the notebooks print them: `13.004 s`.
pub fn seconds(duration: Duration) -> String {
    format!("{:.3} s", duration.as_secs_f64())
}

/// `text` with control characters (newlines, tabs, escapes) written as `\n`, `\t`, `\u{1b}`, so
/// whatever a token or an error holds, it takes one line and cannot move the cursor.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A token as the text reports show it: quoted, with control characters escaped.
fn quoted(token: &str) -> String {
    format!("\"{}\"", printable(token))
}

impl Run {
    /// One line: style, workers, measured and predicted time, and anything that failed.
    ///
    /// For example `rayon: 2 workers, measured 13.004 s, predicted 13.000 s (+4 ms)`.
    pub fn summary(&self) -> String {
        let mut line = format!(
            "{}: {}, measured {}",
            printable(&self.style),
            self.dispatch.describe(),
            seconds(self.wall)
        );
        if let Some(predicted) = self.predicted() {
            let gap_ms = (self.wall.as_secs_f64() - predicted.as_secs_f64()) * 1000.0;
            let _ = write!(line, ", predicted {} ({gap_ms:+.0} ms)", seconds(predicted));
        }
        let failed = self.failed().len();
        let still_running = self.still_running().len();
        if failed > still_running {
            let _ = write!(line, ", {} failed", failed - still_running);
        }
        if still_running > 0 {
            let _ = write!(line, ", {still_running} still running");
        }
        let not_started = self.not_started().len();
        if not_started > 0 {
            let _ = write!(line, ", {not_started} never started");
        }
        line
    }

    /// Calls that ended without a result (failed, or still running when the run ended), in input
    /// order.
    pub fn failed(&self) -> Vec<&Record> {
        self.in_input_order()
            .into_iter()
            .filter(|r| r.outcome.is_err())
            .collect()
    }

    /// Whether every input token was run and gave a result.
    pub fn all_succeeded(&self) -> bool {
        self.failed().is_empty() && self.not_started().is_empty()
    }

    /// Each token without a result, by name: one line per failure with its reason, then one line
    /// listing the tokens that never started. Empty when every token gave a result.
    pub fn unfinished_text(&self) -> String {
        let mut text = String::new();
        for r in self.failed() {
            let error = r.outcome.as_ref().err().map_or("", String::as_str);
            let _ = writeln!(text, "failed: {} ({})", quoted(&r.token), printable(error));
        }
        let not_started = self.not_started();
        if !not_started.is_empty() {
            let names: Vec<String> = not_started.iter().map(|(_, t)| quoted(t)).collect();
            let _ = writeln!(text, "never started: {}", names.join(", "));
        }
        text
    }

    /// A plain-text table, one task a line in input order: token, result, worker, start, end, rank.
    /// Control characters in tokens, results and errors are escaped, so each task takes one line.
    pub fn table_text(&self) -> String {
        let mut text = format!(
            "{:<12} {:<12} {:<14} {:>9} {:>9} {:>4}\n",
            "token", "result", "worker", "start", "end", "rank"
        );
        for r in self.in_input_order() {
            let result = match &r.outcome {
                Ok(result) => printable(result),
                Err(error) => format!("failed: {}", printable(error)),
            };
            let _ = writeln!(
                text,
                "{:<12} {:<12} {:<14} {:>9.3} {:>9.3} {:>4}",
                quoted(&r.token),
                result,
                printable(&r.worker),
                r.start.as_secs_f64(),
                r.end.as_secs_f64(),
                r.rank
            );
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(printable("a\nb\tc\u{1b}[2J"), "a\\nb\\tc\\u{1b}[2J");
        assert_eq!(printable("straße 日本"), "straße 日本");
    }
}
