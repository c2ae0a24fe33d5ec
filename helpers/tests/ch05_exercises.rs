//! Chapter 05's solutions and answers against its checks, without a kernel: every module of
//! `helpers/solutions/ch05.rs` must PASS, and every answer of `tests/exercises/ch05.rs` must get
//! the verdict its marker line names.

use helpers::check::{self, ch05};
use helpers::check_answers;

#[allow(unreachable_pub)]
#[path = "../solutions/ch05.rs"]
mod solutions;

#[allow(unreachable_pub)]
#[path = "../../tests/exercises/ch05.rs"]
mod answers;

const SOLUTIONS: &str = include_str!("../solutions/ch05.rs");
const ANSWERS: &str = include_str!("../../tests/exercises/ch05.rs");

#[test]
fn fewest_processes() {
    check::progress::use_private_file();
    use answers::*;
    use solutions::fewest_processes;
    check_answers!(
        SOLUTIONS,
        "05.1",
        [fewest_processes],
        ch05::fewest_processes(workers_needed, on_processes)
    );
    check_answers!(
        ANSWERS,
        "05.1",
        [
            one_per_word,
            six_typed_in,
            total_over_longest,
            on_threads,
            process_per_word,
            always_five,
            results_typed_in,
            last_word_left_out,
            twelve_sliced,
            two_halves,
            by_hand_owned_words,
            greedy_search_counted
        ],
        ch05::fewest_processes(workers_needed, on_processes)
    );
}

#[test]
fn retry_lost() {
    check::progress::use_private_file();
    use answers::*;
    use solutions::retry_lost;
    check_answers!(
        SOLUTIONS,
        "05.2",
        [retry_lost],
        ch05::retry_lost(retry_lost)
    );
    check_answers!(
        ANSWERS,
        "05.2",
        [
            no_retry,
            unwrapped,
            retry_typed_in,
            retried_in_a_thread,
            retried_on_the_same_pool,
            everything_retried,
            retried_twice,
            third_word_retried,
            first_word_never_run,
            match_each_place,
            lost_places_retried_together
        ],
        ch05::retry_lost(retry_lost)
    );
}
