//! Chapter 07's checks against its solutions and answers, without a kernel.

#[path = "../solutions/ch07.rs"]
mod solution;
#[path = "../answers/ch07.rs"]
mod answers;

use helpers::check::{Verdict, ch07};

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
    judged("07.1", None, &ch07::chunked_by_hand(solution::chunked_units));
    judged("07.2", None, &ch07::as_completed(solution::imap_unordered));
}

#[test]
fn chunked_answers() {
    for (why, expect, answer) in answers::CHUNKED {
        judged(why, expect, &ch07::chunked_by_hand(answer));
    }
}

#[test]
fn imap_answers() {
    for (why, expect, answer) in answers::IMAP {
        judged(why, expect, &ch07::as_completed(answer));
    }
}
