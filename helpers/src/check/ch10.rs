//! Checks for chapter 10's exercises.
