//! Chapter 11's solutions and answers against its checks, without a kernel: every module of
//! `helpers/solutions/ch11.rs` must PASS, and every answer of `tests/exercises/ch11.rs` must get
//! the verdict its marker line names.

use helpers::check::ch11;
use helpers::check_answers;

// The modules' items are `pub` as a learner's cell has them; the test reaches them by path.
#[path = "../solutions/ch11.rs"]
#[allow(unreachable_pub)]
mod solutions;

#[path = "../../tests/exercises/ch11.rs"]
#[allow(unreachable_pub)]
mod answers;

const SOLUTIONS: &str = include_str!("../solutions/ch11.rs");
const ANSWERS: &str = include_str!("../../tests/exercises/ch11.rs");

#[test]
fn predict_answers() {
    helpers::check::progress::use_private_file();
    use answers::*;
    use solutions::by_model;
    check_answers!(SOLUTIONS, "11.1", [by_model], ch11::predict(predict));
    check_answers!(
        ANSWERS,
        "11.1",
        [
            table_typed_in,
            longest_everywhere,
            total_over_workers,
            chunks_ignored,
            measured,
            styles_left_out,
            by_dispatch,
            by_hand
        ],
        ch11::predict(predict)
    );
}

#[test]
fn limited_answers() {
    helpers::check::progress::use_private_file();
    use answers::*;
    use solutions::pool_of_the_limit;
    check_answers!(
        SOLUTIONS,
        "11.2",
        [pool_of_the_limit],
        ch11::limited(limited)
    );
    check_answers!(
        ANSWERS,
        "11.2",
        [
            old_answer,
            thread_per_reply,
            one_worker_too_many,
            one_worker_too_few,
            chunked_pool,
            average_prediction,
            process_pool,
            rayon_pool,
            name_guessed,
            unordered_by_hand,
            through_dispatch
        ],
        ch11::limited(limited)
    );
}
