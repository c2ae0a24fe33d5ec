//! Chapter 07's solutions and answers against its checks, without a kernel: every module of
//! `helpers/solutions/ch07.rs` must PASS, and every answer of `tests/exercises/ch07.rs` must get
//! the verdict its marker line names.

use helpers::check::{self, ch07};
use helpers::check_answers;

#[path = "../solutions/ch07.rs"]
#[allow(unreachable_pub)]
mod solutions;

#[path = "../../tests/exercises/ch07.rs"]
#[allow(unreachable_pub)]
mod answers;

const SOLUTIONS: &str = include_str!("../solutions/ch07.rs");
const ANSWERS: &str = include_str!("../../tests/exercises/ch07.rs");

#[test]
fn chunked() {
    check::progress::use_private_file();
    use answers::*;
    use solutions::chunked;
    check_answers!(
        SOLUTIONS,
        "07.1",
        [chunked],
        ch07::chunked_by_hand(chunked_units)
    );
    check_answers!(
        ANSWERS,
        "07.1",
        [
            chunked_heap,
            chunked_sorted,
            chunked_fold,
            chunked_typed_in,
            chunked_one_at_a_time,
            chunked_in_turn,
            chunked_equal_shares,
            chunked_exact_only,
            chunked_average,
            chunked_largest,
            chunked_panics,
        ],
        ch07::chunked_by_hand(chunked_units)
    );
}

#[test]
fn imap() {
    check::progress::use_private_file();
    use answers::*;
    use solutions::imap;
    check_answers!(
        SOLUTIONS,
        "07.2",
        [imap],
        ch07::as_completed(imap_unordered)
    );
    check_answers!(
        ANSWERS,
        "07.2",
        [
            imap_mutex_queue,
            imap_atomic_counter,
            imap_made_up,
            imap_thread_per_word,
            imap_two_typed_in,
            imap_joined_first,
            imap_input_order,
            imap_lock_across_work,
            imap_dealt_out,
            imap_forwarded_pool,
            imap_sender_kept,
            imap_panics,
        ],
        ch07::as_completed(imap_unordered)
    );
}
