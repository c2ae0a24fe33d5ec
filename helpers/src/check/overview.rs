//! `progress()`: every exercise as done, tried or not started, from the progress file.

use std::fmt;

use super::progress::{self, Book, State};
use super::registry::CHAPTERS;

/// The progress table, as `helpers::progress()` and `make progress` show it.
#[derive(Debug, Clone)]
pub struct Overview {
    /// Where the progress is kept (the home folder written `~`).
    pub file: String,
    /// (id, title, state) of every exercise, in order; chapter headings as (number, title, None).
    rows: Vec<(String, String, Option<State>)>,
    /// Why the file could not be read, if it could not.
    pub error: Option<String>,
}

/// This user's progress over every exercise.
pub fn progress() -> Overview {
    let file = progress::progress_path();
    let (book, error) = match file
        .as_ref()
        .map_err(Clone::clone)
        .and_then(|f| progress::read_at(f))
    {
        Ok(book) => (book, None),
        Err(error) => (Book::new(), Some(error)),
    };
    let mut rows = Vec::new();
    for chapter in CHAPTERS {
        rows.push((chapter.number.to_string(), chapter.title.to_string(), None));
        for exercise in chapter.exercises {
            let state = book.get(exercise.id).map(|e| e.state).unwrap_or_default();
            rows.push((
                exercise.id.to_string(),
                exercise.title.to_string(),
                Some(state),
            ));
        }
    }
    Overview {
        file: file
            .map(|f| home_as_tilde(&f.display().to_string()))
            .unwrap_or_default(),
        rows,
        error,
    }
}

fn home_as_tilde(path: &str) -> String {
    match std::env::var("HOME") {
        Ok(home) if !home.is_empty() && path.starts_with(&format!("{home}/")) => {
            format!("~{}", &path[home.len()..])
        }
        _ => path.to_string(),
    }
}

impl Overview {
    /// How many exercises are in `state`.
    pub fn count(&self, state: State) -> usize {
        self.rows
            .iter()
            .filter(|(_, _, s)| *s == Some(state))
            .count()
    }

    /// The state of exercise `id`, if it is listed.
    pub fn state_of(&self, id: &str) -> Option<State> {
        self.rows
            .iter()
            .find(|(i, _, s)| i == id && s.is_some())
            .and_then(|r| r.2)
    }

    /// Shows it as a cell's output in evcxr.
    pub fn evcxr_display(&self) {
        println!("{self}");
    }
}

impl fmt::Display for Overview {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Your exercises (kept in {}):", self.file)?;
        if let Some(error) = &self.error {
            writeln!(f, "  (could not read it: {error})")?;
        }
        for (id, title, state) in &self.rows {
            match state {
                None => writeln!(f, "{id} {title}")?,
                Some(state) => writeln!(f, "  {id:<6} {:<12} {title}", state.words())?,
            }
        }
        write!(
            f,
            "{} done, {} tried, {} not started. To re-check an exercise, run its check cell \
             again (a check needs your code, which lives in your notebook); solution(\"NN.k\") \
             shows a worked answer once you have tried that exercise.",
            self.count(State::Done),
            self.count(State::Tried),
            self.count(State::NotStarted)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_every_exercise_with_its_state() {
        let file = progress::test_thread_file();
        let _ = std::fs::remove_file(&file);
        let _ = std::fs::remove_file(&file);
        progress::record("01.1", true).unwrap();
        progress::record("01.2", false).unwrap();
        let overview = progress();
        assert_eq!(overview.state_of("01.1"), Some(State::Done));
        assert_eq!(overview.state_of("01.2"), Some(State::Tried));
        assert_eq!(overview.state_of("99.9"), None);
        let text = overview.to_string();
        assert!(text.contains("  01.1   done"), "{text}");
        assert!(text.contains("1 done, 1 tried"), "{text}");
    }
}
