//! Checks for chapter 08's exercises: threads that write into one shared results list (an
//! `Rc<RefCell<_>>` the compiler rejects), and CPU-bound work that really runs on all cores.
//!
//! Neither check times the run: on a busy laptop a correct answer can be slow. They read the
//! recorded run instead, where "were the words computed at the same moment?" has a clear answer.
//! Any threads will do, a thread per word included: these exercises are about sharing and about
//! parallelism, not about one pool (chapter 06's are about rayon's).

use crate::Run;
use crate::check::{Verdict, common};

/// How many words must be computed at once: one per core, up to the number of words.
fn wanted_at_once(run: &Run) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    cores.min(run.tokens.len()).max(1)
}

/// Exercise "one shared list": `shared_results` holds the twelve words, in input order, written by
/// threads into one shared list; `shared_run` recorded their work.
pub fn shared_list<R: AsRef<str>>(shared_results: &[R], shared_run: &Run) -> Verdict {
    if shared_results.is_empty() && !shared_run.tokens.is_empty() {
        return Verdict::fail(
            "`shared_results` is still empty: the cell did not compile, or did not fill it.",
            "the compiler names each type that cannot cross to another thread, and why: one counts \
             its owners with a plain number, the other checks its borrows with a plain flag. \
             Which types do the same safely from many threads?",
        );
    }
    common::every_word_worked(shared_run)
        .and(|| {
            common::results_in_input_order(shared_results, shared_run).with_hint(
                "write each word's result at its own place in the list (its index), not at the end.",
            )
        })
        .and(|| {
            common::at_least_at_once(shared_run, wanted_at_once(shared_run)).with_hint(
                "compute on the threads, each its own word, and take the lock only to store the result.",
            )
        })
        .and(|| {
            Verdict::pass(format!(
                "all {} words in input order, computed on threads that share one list",
                shared_run.tokens.len()
            ))
        })
}

/// Exercise "all cores": the words in input order, with as many computed at once as there are
/// cores (up to the number of words).
pub fn scales_on_all_cores<R: AsRef<str>>(results: &[R], run: &Run) -> Verdict {
    let wanted = wanted_at_once(run);
    common::every_word_worked(run)
        .and(|| common::results_in_input_order(results, run))
        .and(|| {
            common::at_least_at_once(run, wanted).with_hint(
                "look at the timeline: bars one after another mean each thread ended before the \
                 next began. Iterators are lazy: what does `map` do, and when?",
            )
        })
        .and(|| {
            Verdict::pass(format!(
                "all {} words in input order, {} computed at once",
                run.tokens.len(),
                common::peak_at_once(run)
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::fixture::{self, task};

    const WORDS: [&str; 2] = ["ab", "c"];
    const UPPER: [&str; 2] = ["AB", "C"];

    #[test]
    fn shared_list_names_each_mistake() {
        let empty: Vec<String> = Vec::new();
        let nothing_yet = fixture::run(&WORDS, vec![]);
        let verdict = shared_list(&empty, &nothing_yet).to_string();
        assert!(
            verdict.starts_with("FAIL") && verdict.contains("still empty"),
            "{verdict}"
        );
        let made_up = shared_list(&UPPER, &nothing_yet).to_string();
        assert!(made_up.contains("no call"), "{made_up}");
        let together = fixture::run(
            &WORDS,
            vec![task("ab", "t1", 0.0, 2.0), task("c", "t2", 0.0, 1.0)],
        );
        let pushed = shared_list(&["C", "AB"], &together).to_string();
        assert!(pushed.contains("its own place"), "{pushed}");
        let one_thread = fixture::pool(&WORDS, 1);
        let sequential = shared_list(&UPPER, &one_thread);
        if wanted_at_once(&one_thread) > 1 {
            assert!(
                sequential.to_string().contains("too few at once"),
                "{sequential}"
            );
            let verdict = shared_list(&UPPER, &together);
            assert!(verdict.passed(), "{verdict}");
        }
    }

    #[test]
    fn all_cores_wants_them_at_once_in_order() {
        let sequential = fixture::pool(&WORDS, 1);
        if wanted_at_once(&sequential) > 1 {
            let verdict = scales_on_all_cores(&UPPER, &sequential).to_string();
            assert!(
                verdict.contains("too few at once") && verdict.contains("lazy"),
                "{verdict}"
            );
            let per_word = fixture::pool(&WORDS, 2);
            assert!(scales_on_all_cores(&UPPER, &per_word).passed());
            let order = scales_on_all_cores(&["C", "AB"], &per_word).to_string();
            assert!(order.contains("result 1"), "{order}");
        }
        let made_up = scales_on_all_cores(&UPPER, &fixture::run(&WORDS, vec![]));
        assert!(!made_up.passed());
    }
}
