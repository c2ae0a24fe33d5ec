//! Every chapter with exercises on the framework, in order: what `progress()` lists and where
//! `solution(...)` looks. A chapter converted to the framework declares
//! `pub const CHAPTER: Chapter` in its check module and gets its line here (uncomment it).

use super::Chapter;
#[allow(unused_imports)]
use super::*;

/// The chapters, in the notebooks' order.
pub static CHAPTERS: &[&Chapter] = &[
    // chapter 01
    &ch01::CHAPTER,
    // chapter 02
    &ch02::CHAPTER,
    // chapter 03
    &ch03::CHAPTER,
    // chapter 04
    &ch04::CHAPTER,
    // chapter 05
    &ch05::CHAPTER,
    // chapter 06
    &ch06::CHAPTER,
    // chapter 07
    &ch07::CHAPTER,
    // chapter 08
    &ch08::CHAPTER,
    // chapter 08b
    &ch08b::CHAPTER,
    // chapter 09
    &ch09::CHAPTER,
    // chapter 10
    &ch10::CHAPTER,
    // chapter 11
    &ch11::CHAPTER,
    // chapter 13
    &ch13::CHAPTER,
    // end of the chapters
];

/// The exercise with this id, and its chapter.
pub fn find(id: &str) -> Option<(&'static Chapter, &'static super::Exercise)> {
    CHAPTERS.iter().find_map(|chapter| {
        chapter
            .exercises
            .iter()
            .find(|e| e.id == id)
            .map(|e| (*chapter, e))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::sections::{Kind, sections};

    #[test]
    fn every_exercise_is_well_formed_and_has_one_solution() {
        let mut ids = Vec::new();
        for chapter in CHAPTERS {
            let solutions = sections(chapter.solutions).unwrap();
            for (k, exercise) in chapter.exercises.iter().enumerate() {
                assert_eq!(exercise.id, format!("{}.{}", chapter.number, k + 1));
                assert!(
                    exercise.hints.len() >= 2,
                    "{}: fewer than two hints",
                    exercise.id
                );
                assert!(exercise.hints.iter().all(|h| !h.trim().is_empty()));
                let own: Vec<_> = solutions
                    .iter()
                    .filter(|s| s.id == exercise.id && s.kind == Kind::Solution)
                    .collect();
                assert_eq!(own.len(), 1, "{}: one solution module", exercise.id);
                assert!(!own[0].code.contains("todo!"), "{}", exercise.id);
                ids.push(exercise.id);
            }
            assert!(
                solutions.iter().all(|s| s.kind == Kind::Solution),
                "{}: the solutions file holds solutions only",
                chapter.number
            );
        }
        let count = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), count, "ids are unique");
    }
}
