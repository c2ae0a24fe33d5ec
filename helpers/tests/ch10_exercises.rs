//! Chapter 10's solutions and answers against its checks, without a kernel: every module of
//! `helpers/solutions/ch10.rs` must PASS, and every answer of `tests/exercises/ch10.rs` must get
//! the verdict its marker line names.

use helpers::check::ch10;
use helpers::check_answers;

// The modules' items are `pub` as a learner's cell has them; the test reaches them by path.
#[path = "../solutions/ch10.rs"]
#[allow(unreachable_pub)]
mod solutions;

#[path = "../../tests/exercises/ch10.rs"]
#[allow(unreachable_pub)]
mod answers;

const SOLUTIONS: &str = include_str!("../solutions/ch10.rs");
const ANSWERS: &str = include_str!("../../tests/exercises/ch10.rs");

#[test]
fn lose_nothing_answers() {
    helpers::check::progress::use_private_file();
    use answers::*;
    use solutions::catch_each;
    check_answers!(
        SOLUTIONS,
        "10.1",
        [catch_each],
        ch10::lose_nothing(lose_nothing)
    );
    check_answers!(
        ANSWERS,
        "10.1",
        [
            typed_in,
            whole_catch,
            own_message,
            message_by_hand,
            made_up_ok,
            retry,
            not_caught,
            sequential,
            completion_order,
            first_half,
            match_each,
            sorted_by_index,
            slots
        ],
        ch10::lose_nothing(lose_nothing)
    );
}

#[test]
fn before_deadline_answers() {
    helpers::check::progress::use_private_file();
    use answers::*;
    use solutions::ask_before_starting;
    check_answers!(
        SOLUTIONS,
        "10.2",
        [ask_before_starting],
        ch10::before_deadline(before_deadline)
    );
    check_answers!(
        ANSWERS,
        "10.2",
        [
            paper_plan,
            every_word,
            deadline_not_past,
            first_misfit_stops,
            cancelled_claimed_done,
            time_from_length,
            thread_per_word,
            first_half_only,
            expect_it_fits,
            time_left,
            plan_then_run
        ],
        ch10::before_deadline(before_deadline)
    );
}
