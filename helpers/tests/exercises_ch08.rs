//! Chapter 08's checks against its solutions and answers, without a kernel.

#[path = "../answers/ch08.rs"]
mod answers;
#[path = "../solutions/ch08.rs"]
mod solution;

use helpers::check::{Verdict, ch08};

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
    judged("08.1", None, &ch08::shared_list(solution::upper_shared));
    judged("08.2", None, &ch08::scales_on_all_cores(solution::upper_all_cores));
}

#[test]
fn shared_list_answers() {
    for (why, expect, answer) in answers::SHARED {
        judged(why, expect, &ch08::shared_list(answer));
    }
    judged("rwlock, scoped", None, &ch08::shared_list(answers::rwlock_scoped));
    judged("slot locks", None, &ch08::shared_list(answers::slot_locks));
}

#[test]
fn the_placeholder_is_not_written_yet() {
    fn upper_shared(_: &[&'static str], _: ch08::NotCompiledYet) {
        todo!("make the cell below compile")
    }
    judged("placeholder", Some("not written yet"), &ch08::shared_list(upper_shared));
}

#[test]
fn all_cores_answers() {
    for (why, expect, answer) in answers::ALL_CORES {
        judged(why, expect, &ch08::scales_on_all_cores(answer));
    }
}
