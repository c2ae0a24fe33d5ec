//! A small table of text cells that prints two ways: aligned plain text (a notebook cell's output)
//! and a Markdown table (`RESULTS.md`). One table, two readers, the same figures.

use std::fmt;

/// A header and rows of already formatted cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The column titles.
    pub header: Vec<String>,
    /// The rows, each as long as the header.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// An empty table with these column titles.
    pub fn new(header: &[&str]) -> Self {
        Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row; it must have one cell per header column.
    pub fn row(&mut self, cells: Vec<String>) {
        assert_eq!(
            cells.len(),
            self.header.len(),
            "a row of {:?} needs one cell per column",
            self.header
        );
        self.rows.push(cells);
    }

    /// The cells of one column, by its header.
    pub fn column(&self, header: &str) -> Option<Vec<&str>> {
        let i = self.header.iter().position(|h| h == header)?;
        Some(self.rows.iter().map(|r| r[i].as_str()).collect())
    }

    /// A GitHub Markdown table.
    pub fn markdown(&self) -> String {
        let line = |cells: &[String]| format!("| {} |\n", cells.join(" | "));
        let mut md = line(&self.header);
        md += &format!("|{}\n", "---|".repeat(self.header.len()));
        for r in &self.rows {
            md += &line(r);
        }
        md
    }
}

/// Numbers right-aligned, words left-aligned, two spaces between columns.
impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let columns = self.header.len();
        let width = |i: usize| {
            self.rows
                .iter()
                .map(|r| r[i].chars().count())
                .chain([self.header[i].chars().count()])
                .max()
                .unwrap_or(0)
        };
        let numeric = |i: usize| {
            !self.rows.is_empty()
                && self
                    .rows
                    .iter()
                    .all(|r| r[i].starts_with(|c: char| c.is_ascii_digit() || c == '-'))
        };
        let layout: Vec<(usize, bool)> = (0..columns).map(|i| (width(i), numeric(i))).collect();
        let write_line = |f: &mut fmt::Formatter<'_>, cells: &[String]| -> fmt::Result {
            let mut text = String::new();
            for (cell, &(w, right)) in cells.iter().zip(&layout) {
                let pad = w.saturating_sub(cell.chars().count());
                if right {
                    text += &format!("{}{cell}  ", " ".repeat(pad));
                } else {
                    text += &format!("{cell}{}  ", " ".repeat(pad));
                }
            }
            writeln!(f, "{}", text.trim_end())
        };
        write_line(f, &self.header)?;
        for r in &self.rows {
            write_line(f, r)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_aligned_text_and_markdown() {
        let mut t = Table::new(&["style", "ms"]);
        t.row(vec!["pool".into(), "12.5".into()]);
        t.row(vec!["rayon-pool".into(), "3.0".into()]);
        assert_eq!(
            t.to_string(),
            "style         ms\npool        12.5\nrayon-pool   3.0\n"
        );
        assert_eq!(
            t.markdown(),
            "| style | ms |\n|---|---|\n| pool | 12.5 |\n| rayon-pool | 3.0 |\n"
        );
        assert_eq!(t.column("ms"), Some(vec!["12.5", "3.0"]));
    }

    #[test]
    #[should_panic(expected = "one cell per column")]
    fn a_short_row_is_a_bug() {
        Table::new(&["a", "b"]).row(vec!["x".into()]);
    }
}
