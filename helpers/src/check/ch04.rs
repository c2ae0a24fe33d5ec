//! Checks for chapter 04's exercises.
