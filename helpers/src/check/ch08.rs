//! Checks for chapter 08's exercises.
