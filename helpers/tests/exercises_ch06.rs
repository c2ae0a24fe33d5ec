//! Chapter 06's checks against its solutions and answers, without a kernel.

#[path = "../solutions/ch06.rs"]
mod solution;
#[path = "../answers/ch06.rs"]
mod answers;

use helpers::check::{Verdict, ch06};

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
    judged("06.1", None, &ch06::upper_every_core(solution::upper_every_core));
    judged("06.2", None, &ch06::halves_with_join(solution::upper_all));
}

#[test]
fn every_core_answers() {
    for (why, expect, answer) in answers::EVERY_CORE {
        judged(why, expect, &ch06::upper_every_core(answer));
    }
}

#[test]
fn halves_answers() {
    for (why, expect, answer) in answers::HALVES {
        judged(why, expect, &ch06::halves_with_join(answer));
    }
}

#[test]
fn a_todo_is_not_written_yet() {
    let verdict = ch06::upper_every_core(|_| todo!("your code here"));
    judged("todo", Some("not written yet"), &verdict);
}
