//! Checks for chapter 09's exercises.
