//! Chapter 03's solutions and answers against its checks, without a kernel: every module of
//! `helpers/solutions/ch03.rs` must PASS, and every answer of `tests/exercises/ch03.rs` must get
//! the verdict its marker line names.

use helpers::check::{self, ch03};
use helpers::check_answers;

#[allow(unreachable_pub)]
#[path = "../solutions/ch03.rs"]
mod solutions;

#[allow(unreachable_pub)]
#[path = "../../tests/exercises/ch03.rs"]
mod answers;

const SOLUTIONS: &str = include_str!("../solutions/ch03.rs");
const ANSWERS: &str = include_str!("../../tests/exercises/ch03.rs");

#[test]
fn every_outcome() {
    check::progress::use_private_file();
    use answers::*;
    use solutions::every_outcome;
    check_answers!(
        SOLUTIONS,
        "03.1",
        [every_outcome],
        ch03::every_outcome(every_outcome)
    );
    check_answers!(
        ANSWERS,
        "03.1",
        [
            unwrap_every_join,
            message_typed_in,
            failure_made_up_as_ok,
            failures_skipped,
            stops_at_first_failure,
            fitted_to_the_tutorial,
            one_after_another,
            joined_at_once,
            catch_inside_scoped_threads,
            outcomes_by_place
        ],
        ch03::every_outcome(every_outcome)
    );
}

#[test]
fn three_at_a_time() {
    check::progress::use_private_file();
    use answers::*;
    use solutions::three_at_a_time;
    check_answers!(
        SOLUTIONS,
        "03.2",
        [three_at_a_time],
        ch03::three_at_a_time(three_at_a_time)
    );
    check_answers!(
        ANSWERS,
        "03.2",
        [
            all_at_once,
            one_at_a_time,
            results_typed_in,
            four_groups_of_three,
            full_groups_only,
            lock_held_across_work,
            groups_of_two,
            results_by_index,
            sliding_window,
            three_threads_and_a_counter
        ],
        ch03::three_at_a_time(three_at_a_time)
    );
}
