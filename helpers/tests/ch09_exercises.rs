//! Chapter 09's solutions and answers against its checks, without a kernel: every module of
//! `helpers/solutions/ch09.rs` must PASS, and every answer of `tests/exercises/ch09.rs` must get
//! the verdict its marker line names.
#![cfg(feature = "async")]

use helpers::check::{self, ch09};
use helpers::check_answers;

#[path = "../solutions/ch09.rs"]
#[allow(unreachable_pub)]
mod solutions;

#[path = "../../tests/exercises/ch09.rs"]
#[allow(unreachable_pub)]
mod answers;

const SOLUTIONS: &str = include_str!("../solutions/ch09.rs");
const ANSWERS: &str = include_str!("../../tests/exercises/ch09.rs");

#[test]
fn completed() {
    check::progress::use_private_file();
    use answers::*;
    use solutions::as_completed;
    check_answers!(
        SOLUTIONS,
        "09.1",
        [as_completed],
        ch09::completion_order(as_completed)
    );
    check_answers!(
        ANSWERS,
        "09.1",
        [
            completed_channel,
            completed_shared_list,
            completed_typed_in,
            completed_sorted_by_length,
            completed_in_turn,
            completed_input_order,
            completed_popped,
            completed_one_left,
            completed_blocking,
            completed_panics,
        ],
        ch09::completion_order(as_completed)
    );
}

#[test]
fn limited() {
    check::progress::use_private_file();
    use answers::*;
    use solutions::limited;
    check_answers!(
        SOLUTIONS,
        "09.2",
        [limited],
        ch09::limited_blocking(at_most)
    );
    check_answers!(
        ANSWERS,
        "09.2",
        [
            limited_blocking_pool,
            limited_permits_in_loop,
            limited_plain_threads,
            limited_made_up,
            limited_all_at_once,
            limited_groups,
            limited_blocking_in_task,
            limited_four_typed_in,
            limited_panics,
        ],
        ch09::limited_blocking(at_most)
    );
}
