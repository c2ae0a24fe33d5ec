//! A run's results as an HTML table.

use std::fmt::Write as _;

use super::*;
use crate::run::Run;

/// A run's results as an HTML table: token, result, worker, start, end, completion rank.
#[derive(Debug, Clone, Copy)]
pub struct ResultsTable<'a> {
    run: &'a Run,
}

impl Run {
    /// The run's results as an HTML table.
    pub fn table(&self) -> ResultsTable<'_> {
        ResultsTable { run: self }
    }
}

impl ResultsTable<'_> {
    /// The table as HTML.
    pub fn html(&self) -> String {
        let escape = |text: &str| {
            text.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
        };
        let mut html = String::from(
            "<table><thead><tr><th>token</th><th>result</th><th>worker</th><th>start (s)</th><th>end (s)</th><th>rank</th></tr></thead><tbody>",
        );
        for r in self.run.in_input_order() {
            let result = match &r.outcome {
                Ok(result) => escape(result),
                Err(error) => format!("<b>failed</b>: {}", escape(error)),
            };
            let _ = write!(
                html,
                "<tr><td>{}</td><td>{result}</td><td>{}</td><td>{:.3}</td><td>{:.3}</td><td>{}</td></tr>",
                escape(&format!("{:?}", r.token)),
                escape(&r.worker),
                r.start.as_secs_f64(),
                r.end.as_secs_f64(),
                r.rank
            );
        }
        html + "</tbody></table>"
    }

    /// Shows the table in an evcxr notebook.
    pub fn evcxr_display(&self) {
        display_in_evcxr(&self.html());
    }
}
