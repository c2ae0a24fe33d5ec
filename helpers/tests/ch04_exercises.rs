//! Chapter 04's solutions and answers against its checks, without a kernel: every module of
//! `helpers/solutions/ch04.rs` must PASS, and every answer of `tests/exercises/ch04.rs` must get
//! the verdict its marker line names.

use helpers::check::{self, ch04};
use helpers::check_answers;

#[allow(unreachable_pub)]
#[path = "../solutions/ch04.rs"]
mod solutions;

#[allow(unreachable_pub)]
#[path = "../../tests/exercises/ch04.rs"]
mod answers;

const SOLUTIONS: &str = include_str!("../solutions/ch04.rs");
const ANSWERS: &str = include_str!("../../tests/exercises/ch04.rs");

#[test]
fn as_they_arrive() {
    check::progress::use_private_file();
    use answers::*;
    use solutions::as_they_arrive;
    check_answers!(
        SOLUTIONS,
        "04.1",
        [as_they_arrive],
        ch04::as_they_arrive(as_they_arrive)
    );
    check_answers!(
        ANSWERS,
        "04.1",
        [
            joined_in_input_order,
            sorted_by_length,
            arrivals_typed_in,
            one_result_short,
            twelve_receives,
            one_sending_thread,
            sender_left_alive,
            recv_until_it_panics,
            one_recv_per_word,
            sender_moved_into_last_thread
        ],
        ch04::as_they_arrive(as_they_arrive)
    );
}

#[test]
fn four_workers() {
    check::progress::use_private_file();
    use answers::*;
    use solutions::four_workers;
    check_answers!(
        SOLUTIONS,
        "04.2",
        [four_workers],
        ch04::four_workers(four_workers)
    );
    check_answers!(
        ANSWERS,
        "04.2",
        [
            thread_per_job,
            worker_pool_forwarded,
            popped_from_the_end,
            lock_held_across_work,
            three_words_each,
            three_workers,
            results_sorted_by_length,
            results_written_from_the_jobs,
            workers_unwrap_recv,
            try_recv_workers,
            named_workers_joined,
            scoped_workers_and_mpsc
        ],
        ch04::four_workers(four_workers)
    );
}
