//! Chapter 09's checks against its solutions and answers, without a kernel.

#[path = "../answers/ch09.rs"]
mod answers;
#[path = "../solutions/ch09.rs"]
mod solution;

use helpers::check::{Verdict, ch09};

/// `verdict` is what `expect` says: a PASS, or a FAIL whose line holds the fragment.
fn judged(why: &str, expect: Option<&str>, verdict: &Verdict) {
    let line = verdict.to_string();
    match expect {
        None => assert!(verdict.passed(), "{why}: {line}"),
        Some(fragment) => assert!(
            !verdict.passed() && line.contains(fragment),
            "{why}: wanted a FAIL with {fragment:?}, got {line}"
        ),
    }
}

#[test]
fn solutions_pass() {
    judged("09.1", None, &ch09::completion_order(solution::as_completed));
    let verdict = ch09::limited_blocking(solution::predict_units, solution::at_most);
    judged("09.2", None, &verdict);
}

#[test]
fn completion_order_answers() {
    use answers::*;
    judged("typed in by length", Some("no call"), &ch09::completion_order(typed_in_by_length));
    judged("awaited in turn", Some("too few at once"), &ch09::completion_order(awaited_in_turn));
    judged("handles in order", Some("was done first"), &ch09::completion_order(handles_in_order));
    judged("popped from the end", Some("was done first"), &ch09::completion_order(popped_from_the_end));
    judged("one left behind", Some("still being worked on"), &ch09::completion_order(one_left_behind));
    judged("blocking threads", Some("work_async"), &ch09::completion_order(blocking_threads));
    judged("channel", None, &ch09::completion_order(channel));
    judged("shared list", None, &ch09::completion_order(shared_list));
}

#[test]
fn limited_answers() {
    for (why, expect, predict) in answers::PREDICTIONS {
        judged(why, expect, &ch09::limited_blocking(predict, solution::at_most));
    }
    for (why, expect, at_most) in answers::LIMITED {
        judged(why, expect, &ch09::limited_blocking(solution::predict_units, at_most));
    }
}
