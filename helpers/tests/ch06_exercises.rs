//! Chapter 06's solutions and answers against its checks, without a kernel: every module of
//! `helpers/solutions/ch06.rs` must PASS, and every answer of `tests/exercises/ch06.rs` must get
//! the verdict its marker line names.

use helpers::check::{self, ch06};
use helpers::check_answers;

#[path = "../solutions/ch06.rs"]
#[allow(unreachable_pub)]
mod solutions;

#[path = "../../tests/exercises/ch06.rs"]
#[allow(unreachable_pub)]
mod answers;

const SOLUTIONS: &str = include_str!("../solutions/ch06.rs");
const ANSWERS: &str = include_str!("../../tests/exercises/ch06.rs");

#[test]
fn every_core() {
    check::progress::use_private_file();
    use answers::*;
    use solutions::every_core;
    check_answers!(
        SOLUTIONS,
        "06.1",
        [every_core],
        ch06::upper_every_core(upper_every_core)
    );
    check_answers!(
        ANSWERS,
        "06.1",
        [
            every_into_par_iter,
            every_collect_into_vec,
            every_scope,
            every_made_up,
            every_typed_in,
            every_loop,
            every_threads,
            every_sorted,
            every_two_halves,
            every_pool_of_two,
            every_chunks_of_three,
            every_subset,
            every_panics,
        ],
        ch06::upper_every_core(upper_every_core)
    );
}

#[test]
fn halves() {
    check::progress::use_private_file();
    use answers::*;
    use solutions::halves;
    check_answers!(
        SOLUTIONS,
        "06.2",
        [halves],
        ch06::halves_with_join(upper_all)
    );
    check_answers!(
        ANSWERS,
        "06.2",
        [
            halves_running_sums,
            halves_cut_helper,
            halves_within_half,
            halves_made_up,
            halves_par_iter,
            halves_sequential,
            halves_by_count,
            halves_by_letters,
            halves_cut_typed_in,
            halves_right_first,
            halves_panics,
        ],
        ch06::halves_with_join(upper_all)
    );
}
