//! Checks for chapter 01's exercises.
