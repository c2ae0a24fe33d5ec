//! Checks for chapter 11's exercises.
