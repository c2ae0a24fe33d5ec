//! Checks for chapter 09's exercises: async results in completion order, and blocking work kept
//! going four calls at a time, a sliding window rather than groups of four.

use crate::check::{Verdict, common};
use crate::{Run, greedy_makespan};

/// How many calls the service of exercise 2 accepts at once.
const LIMIT: usize = 4;

/// Exercise "as completed": every word's task ran, all of them waiting at the same time, and the
/// results came in the order the tasks ended (the recorded end times).
pub fn completion_order<R: AsRef<str>>(results: &[R], run: &Run) -> Verdict {
    common::every_word_worked(run)
        .and(|| {
            common::results_in_completion_order(results, run).with_hint(
                "take each task's result as it completes: spawn them into a \
                 `tokio::task::JoinSet` and call `join_next().await` until it returns None.",
            )
        })
        .and(|| {
            common::at_least_at_once(run, run.tokens.len()).with_hint(
                "spawn every task first, then collect: awaiting `work_async` directly in a loop \
                 runs the waits one after another.",
            )
        })
        .and(|| {
            Verdict::pass(format!(
                "all {} words, in the order they completed, all waiting at once",
                run.tokens.len()
            ))
        })
}

/// Exercise "at most four blocking calls": the prediction exactly (four callers, each taking the
/// next word when its call returns), the words in input order, never more than [`LIMIT`] calls at
/// once, and a new call whenever one ends while words wait (read from the records, not the clock).
pub fn limited_blocking<R: AsRef<str>>(
    predicted_units: impl common::Prediction,
    results: &[R],
    run: &Run,
) -> Verdict {
    let units: Vec<usize> = run.tokens.iter().map(|t| crate::char_count(t)).collect();
    let expected = greedy_makespan(&units, LIMIT);
    common::prediction_exact(
        predicted_units,
        expected,
        "four callers; each takes the next word in input order as soon as its call returns. Write down when each is free again; the last one gives the time.",
    )
    .and(|| common::every_word_worked(run))
    .and(|| common::results_in_input_order(results, run))
    .and(|| {
        common::at_most_at_once(run, LIMIT).with_hint(
            "each task must wait for a free place before it starts its call: a \
             `tokio::sync::Semaphore` with that many permits, or a runtime whose blocking pool \
             has that many threads (`max_blocking_threads`).",
        )
    })
    .and(|| {
        common::kept_busy(run, LIMIT).with_hint(
            "start the next word as soon as any call returns, not when a whole group is done: \
             a semaphore's permit, or a blocking pool of that size, hands the place on at once. \
             (A blocking call inside an async task blocks the runtime's thread: hand it to \
             `spawn_blocking`.)",
        )
    })
    .and(|| {
        Verdict::pass(format!(
            "your prediction; all {} words in input order, {LIMIT} calls at a time, a new one as each ended",
            run.tokens.len()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TUTORIAL_TOKENS;
    use crate::check::fixture::{self, upper};

    #[test]
    fn completion_order_wants_the_end_times_and_all_at_once() {
        let together = fixture::pool(&TUTORIAL_TOKENS, 12);
        let mut by_end: Vec<&crate::Record> = together.records().iter().collect();
        by_end.sort_by_key(|r| r.end);
        let done: Vec<String> = by_end.iter().map(|r| r.token.to_uppercase()).collect();
        assert!(completion_order(&done, &together).passed());
        let input_order = completion_order(&upper(&TUTORIAL_TOKENS), &together).to_string();
        assert!(
            input_order.contains("\"HELLO\" comes before"),
            "{input_order}"
        );
        // Awaited one after another, then sorted shortest first.
        let one_by_one = fixture::pool(&TUTORIAL_TOKENS, 1);
        assert!(!completion_order(&done, &one_by_one).passed());
        let made_up = fixture::run(&TUTORIAL_TOKENS, vec![]);
        assert!(
            completion_order(&done, &made_up)
                .to_string()
                .contains("no call")
        );
    }

    #[test]
    fn limited_blocking_wants_a_sliding_window_of_four() {
        let results = upper(&TUTORIAL_TOKENS);
        let window = fixture::pool(&TUTORIAL_TOKENS, 4);
        let verdict = limited_blocking(7, &results, &window);
        assert!(verdict.passed(), "{verdict}");
        assert!(limited_blocking(7.0, &results, &window).passed());
        let low = limited_blocking(6usize, &results, &window).to_string();
        assert!(low.contains("too low"), "{low}");
        // Fixed groups of four: 9 units, and places stand empty while words wait.
        let groups = fixture::batches(&TUTORIAL_TOKENS, 4);
        let verdict = limited_blocking(7, &results, &groups).to_string();
        assert!(verdict.contains("sat idle"), "{verdict}");
        let all = fixture::pool(&TUTORIAL_TOKENS, 12);
        assert!(
            limited_blocking(7, &results, &all)
                .to_string()
                .contains("too many")
        );
        let one = fixture::pool(&TUTORIAL_TOKENS, 1);
        assert!(
            limited_blocking(7, &results, &one)
                .to_string()
                .contains("sat idle")
        );
        let made_up = fixture::run(&TUTORIAL_TOKENS, vec![]);
        assert!(
            limited_blocking(7, &results, &made_up)
                .to_string()
                .contains("no call")
        );
    }
}
