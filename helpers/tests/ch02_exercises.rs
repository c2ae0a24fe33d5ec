//! Chapter 02's solutions and answers against its checks, without a kernel: every module of
//! `helpers/solutions/ch02.rs` must PASS, and every answer of `tests/exercises/ch02.rs` must get
//! the verdict its marker line names.

use helpers::check::{self, ch02};
use helpers::check_answers;

// The modules are written as a learner's cells, whose items are `pub` (the kernel drops it).
#[allow(unreachable_pub)]
#[path = "../solutions/ch02.rs"]
mod solutions;

#[allow(unreachable_pub)]
#[path = "../../tests/exercises/ch02.rs"]
mod answers;

const SOLUTIONS: &str = include_str!("../solutions/ch02.rs");
const ANSWERS: &str = include_str!("../../tests/exercises/ch02.rs");

#[test]
fn long_words() {
    check::progress::use_private_file();
    use answers::*;
    use solutions::long_words;
    check_answers!(
        SOLUTIONS,
        "02.1",
        [long_words],
        ch02::long_words_in_order(long_words_in_order)
    );
    check_answers!(
        ANSWERS,
        "02.1",
        [
            long_chain,
            long_spawn_loop,
            long_made_up,
            long_sequential,
            long_join_at_once,
            long_channel,
            long_sorted_by_length,
            long_over_three,
            long_first_five,
            long_par_iter,
            long_panics,
        ],
        ch02::long_words_in_order(long_words_in_order)
    );
}

#[test]
fn sized_pool() {
    check::progress::use_private_file();
    use answers::*;
    use solutions::sized_pool;
    check_answers!(
        SOLUTIONS,
        "02.2",
        [sized_pool],
        ch02::sized_pool(sized_pool::sized_pool)
    );
    check_answers!(
        ANSWERS,
        "02.2",
        [
            pool_indices,
            pool_collect_into,
            pool_made_up,
            pool_global,
            pool_twelve,
            pool_five,
            pool_queue_sized,
            pool_double,
            pool_iter,
            pool_sorted,
            pool_panics,
        ],
        ch02::sized_pool(sized_pool)
    );
}
