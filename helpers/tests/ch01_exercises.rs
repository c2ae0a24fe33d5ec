//! Chapter 01's solutions and answers against its checks, without a kernel: every module of
//! `helpers/solutions/ch01.rs` must PASS, and every answer of `tests/exercises/ch01.rs` must get
//! the verdict its marker line names.

use helpers::check::{self, ch01};
use helpers::check_answers;

// The modules are written as a learner's cells, whose items are `pub` (the kernel drops it).
#[allow(unreachable_pub)]
#[path = "../solutions/ch01.rs"]
mod solutions;

#[allow(unreachable_pub)]
#[path = "../../tests/exercises/ch01.rs"]
mod answers;

const SOLUTIONS: &str = include_str!("../solutions/ch01.rs");
const ANSWERS: &str = include_str!("../../tests/exercises/ch01.rs");

#[test]
fn by_hand() {
    check::progress::use_private_file();
    use answers::*;
    use solutions::by_hand;
    check_answers!(
        SOLUTIONS,
        "01.1",
        [by_hand],
        ch01::prediction_for_three_workers(three_workers)
    );
    check_answers!(
        ANSWERS,
        "01.1",
        [
            by_hand_float,
            by_hand_columns,
            by_hand_average,
            by_hand_longest,
            by_hand_two_workers,
            by_hand_panics
        ],
        ch01::prediction_for_three_workers(three_workers)
    );
}

#[test]
fn makespan() {
    check::progress::use_private_file();
    use answers::*;
    use solutions::makespan;
    check_answers!(
        SOLUTIONS,
        "01.2",
        [makespan],
        ch01::makespan_function(my_makespan)
    );
    check_answers!(
        ANSWERS,
        "01.2",
        [
            makespan_heap,
            makespan_clock,
            makespan_table,
            makespan_fitted,
            makespan_average,
            makespan_longest_first,
            makespan_round_robin,
            makespan_panics,
        ],
        ch01::makespan_function(my_makespan)
    );
}
