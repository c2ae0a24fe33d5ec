//! Chapter 08's solutions and answers against its checks, without a kernel: every module of
//! `helpers/solutions/ch08.rs` must PASS, and every answer of `tests/exercises/ch08.rs` must get
//! the verdict its marker line names.

use helpers::check::{self, ch08};
use helpers::check_answers;

#[path = "../solutions/ch08.rs"]
#[allow(unreachable_pub)]
mod solutions;

#[path = "../../tests/exercises/ch08.rs"]
#[allow(unreachable_pub)]
mod answers;

const SOLUTIONS: &str = include_str!("../solutions/ch08.rs");
const ANSWERS: &str = include_str!("../../tests/exercises/ch08.rs");

#[test]
fn shared() {
    check::progress::use_private_file();
    use answers::*;
    use solutions::shared;
    check_answers!(SOLUTIONS, "08.1", [shared], ch08::shared_list(upper_shared));
    check_answers!(
        ANSWERS,
        "08.1",
        [
            shared_rwlock_scoped,
            shared_slot_locks,
            shared_made_up,
            shared_no_threads,
            shared_filled_after,
            shared_lock_first,
            shared_pushed,
            shared_joined_in_turn,
            shared_subset,
            shared_panics,
        ],
        ch08::shared_list(upper_shared)
    );
}

#[test]
fn the_placeholder_is_not_written_yet() {
    check::progress::use_private_file();
    fn upper_shared(_: &[&'static str], _: ch08::NotCompiledYet) {
        todo!("your code here: make the cell below compile")
    }
    let verdict = ch08::shared_list(upper_shared).to_string();
    assert!(verdict.contains("not written yet"), "{verdict}");
}

#[test]
fn all_cores() {
    check::progress::use_private_file();
    use answers::*;
    use solutions::all_cores;
    check_answers!(
        SOLUTIONS,
        "08.2",
        [all_cores],
        ch08::scales_on_all_cores(upper_all_cores)
    );
    check_answers!(
        ANSWERS,
        "08.2",
        [
            all_par_iter,
            all_channel,
            all_worker_pool,
            all_made_up,
            all_lazy_chain,
            all_lock_held,
            all_finishing_order,
            all_on_the_caller,
            all_subset,
            all_panics,
        ],
        ch08::scales_on_all_cores(upper_all_cores)
    );
}
