//! Checks for chapter 05's exercises.
