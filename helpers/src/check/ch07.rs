//! Checks for chapter 07's exercises.
