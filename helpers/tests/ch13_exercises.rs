//! Chapter 13's solutions and answers against its checks, without a kernel: every module of
//! `helpers/solutions/ch13.rs` must PASS, and every answer of `tests/exercises/ch13.rs` must get
//! the verdict its marker line names.

use helpers::check::ch13;
use helpers::check_answers;

// The modules' items are `pub` as a learner's cell has them; the test reaches them by path.
#[path = "../solutions/ch13.rs"]
#[allow(unreachable_pub)]
mod solutions;

#[path = "../../tests/exercises/ch13.rs"]
#[allow(unreachable_pub)]
mod answers;

const SOLUTIONS: &str = include_str!("../solutions/ch13.rs");
const ANSWERS: &str = include_str!("../../tests/exercises/ch13.rs");

#[test]
fn deal_answers() {
    helpers::check::progress::use_private_file();
    use answers::*;
    use solutions::step_by_ranks;
    check_answers!(SOLUTIONS, "13.1", [step_by_ranks], ch13::deal(deal));
    check_answers!(
        ANSWERS,
        "13.1",
        [
            blocks,
            by_text,
            last_index,
            typed_in,
            two_ranks,
            no_empty_shares,
            one_late,
            push_by_position,
            columns_of_rows
        ],
        ch13::deal(deal)
    );
}

#[test]
fn deal_time_answers() {
    helpers::check::progress::use_private_file();
    use answers::*;
    use solutions::busiest_rank;
    check_answers!(
        SOLUTIONS,
        "13.2",
        [busiest_rank],
        ch13::deal_time(deal_time)
    );
    check_answers!(
        ANSWERS,
        "13.2",
        [
            queue_time,
            blocks_time,
            average,
            least_loaded,
            typed_in_time,
            slice_past_the_end,
            running_sums,
            deal_then_sum
        ],
        ch13::deal_time(deal_time)
    );
}
