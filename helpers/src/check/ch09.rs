//! Checks for chapter 09's exercises: async results in completion order, and blocking work kept
//! going four calls at a time, a sliding window rather than groups of four.

use std::time::Duration;

use crate::check::{Verdict, common};
use crate::{Record, Run, greedy_makespan};

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
/// once, a new call whenever one ends while words wait, and the measured time near the prediction.
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
    .and(|| window_kept_full(run, LIMIT))
    .and(|| common::measured_between(run, expected, expected, common::SHAPE_SLACK_UNITS))
    .and(|| {
        Verdict::pass(format!(
            "your prediction; all {} words in input order, {LIMIT} calls at a time, a new one as each ended",
            run.tokens.len()
        ))
    })
}

/// Whenever a call ended while words were still waiting to start, `limit` calls were running
/// again soon after (half a unit: a thread handing its place on). Groups of `limit` that wait for
/// their slowest call fail here, as does a runtime blocked by one call at a time.
fn window_kept_full(run: &Run, limit: usize) -> Verdict {
    let records = run.records();
    let grace = run.unit / 2;
    let running_at = |t: Duration| records.iter().filter(|r| r.start <= t && t < r.end).count();
    let waiting_at = |t: Duration| records.iter().any(|r| r.start > t);
    let mut ends: Vec<&Record> = records.iter().collect();
    ends.sort_by_key(|r| r.end);
    for ended in ends {
        let soon = ended.end + grace;
        let running = running_at(soon);
        if waiting_at(soon) && running < limit {
            return Verdict::fail(
                format!(
                    "when {:?} ended, words were still waiting, yet fewer than {limit} calls were running: places stood empty.",
                    ended.token
                ),
                "start the next word as soon as any call returns, not when a whole group is done: \
                 a semaphore's permit, or a blocking pool of that size, hands the place on at once.",
            );
        }
    }
    if records.len() > limit && common::peak_at_once(run) < limit {
        return Verdict::fail(
            format!("fewer than {limit} calls ran at the same time."),
            "a blocking call inside an async task blocks the runtime's thread: hand it to \
             `tokio::task::spawn_blocking`, so several can wait at once.",
        );
    }
    Verdict::pass("a sliding window")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TUTORIAL_TOKENS;
    use crate::check::fixture;

    fn upper(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_uppercase()).collect()
    }

    #[test]
    fn completion_order_wants_the_end_times_and_all_at_once() {
        let together = fixture::pool(&TUTORIAL_TOKENS, 12);
        let mut by_end: Vec<&Record> = together.records().iter().collect();
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
        assert!(verdict.contains("places stood empty"), "{verdict}");
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
                .contains("places stood empty")
        );
        let made_up = fixture::run(&TUTORIAL_TOKENS, vec![]);
        assert!(
            limited_blocking(7, &results, &made_up)
                .to_string()
                .contains("no call")
        );
    }
}
