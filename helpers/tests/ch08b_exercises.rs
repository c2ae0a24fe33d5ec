//! Chapter 08b's solutions and answers against its checks, without a kernel: every module of
//! `helpers/solutions/ch08b.rs` must PASS, and every answer of `tests/exercises/ch08b.rs` must get
//! the verdict its marker line names.

use helpers::check::{self, ch08b};
use helpers::check_answers;

// The answer format wants `pub mod` and `pub fn` (a learner's cell drops the `pub`); nothing
// outside this test reaches them.
#[allow(unreachable_pub)]
#[path = "../solutions/ch08b.rs"]
mod solutions;

#[allow(unreachable_pub)]
#[path = "../../tests/exercises/ch08b.rs"]
mod answers;

const SOLUTIONS: &str = include_str!("../solutions/ch08b.rs");
const ANSWERS: &str = include_str!("../../tests/exercises/ch08b.rs");

#[test]
fn lock_for_the_update() {
    check::progress::use_private_file();
    use answers::*;
    use solutions::lock_for_the_update;
    check_answers!(
        SOLUTIONS,
        "08b.1",
        [lock_for_the_update],
        ch08b::lock_only_for_the_update(tally_letters)
    );
    check_answers!(
        ANSWERS,
        "08b.1",
        [
            tally_per_letter,
            tally_halves_merged,
            tally_made_up,
            tally_held_across,
            tally_sequential,
            tally_lower_case,
            tally_panics,
            tally_first_left_out,
        ],
        ch08b::lock_only_for_the_update(tally_letters)
    );
}

#[test]
fn progress_counter() {
    check::progress::use_private_file();
    use answers::*;
    use solutions::progress_counter;
    check_answers!(
        SOLUTIONS,
        "08b.2",
        [progress_counter],
        ch08b::progress_counter(count_letters)
    );
    check_answers!(
        ANSWERS,
        "08b.2",
        [
            progress_two_threads,
            progress_per_letter,
            progress_made_up,
            progress_at_the_end,
            progress_before_the_work,
            progress_sequential,
            progress_doubled,
            progress_first_left_out,
            progress_panics,
        ],
        ch08b::progress_counter(count_letters)
    );
}
