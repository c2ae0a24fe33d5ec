//! Checks for chapter 09's exercises: async results in completion order, and blocking work kept
//! concurrent, but never more than a limit at once.

use std::time::Duration;

use super::ch08::max_in_flight;
use super::{Verdict, results_any_order, results_in_order, time_within};
use crate::Run;
use crate::char_count;
use crate::greedy_makespan;

/// Exercise "as completed": every word once, shortest first (all tasks start together, so a word
/// of fewer characters finishes earlier), with all tasks waiting at the same time.
pub fn completion_order<S: AsRef<str>, R: AsRef<str>>(
    tokens: &[S],
    results: &[R],
    run: &Run,
) -> Verdict {
    results_any_order(tokens, results)
        .and(|| {
            let late = results
                .windows(2)
                .find(|pair| char_count(pair[0].as_ref()) > char_count(pair[1].as_ref()));
            match late {
                None => Verdict::pass("completion order"),
                Some(pair) => {
                    let (first, second) = (pair[0].as_ref(), pair[1].as_ref());
                    Verdict::fail(
                        format!(
                            "{first:?} comes before {second:?}, but {second:?} finishes {} unit(s) \
                             earlier: this is not the order in which the tasks completed.",
                            char_count(first) - char_count(second)
                        ),
                        "take each task's result as it completes: spawn them into a \
                         `tokio::task::JoinSet` and call `join_next().await` until it returns None.",
                    )
                }
            }
        })
        .and(|| {
            let most = max_in_flight(run);
            if most < tokens.len() {
                Verdict::fail(
                    format!("at most {most} of the {} tasks were waiting at the same time.", tokens.len()),
                    "spawn every task first, then collect: awaiting `work_async` directly in a loop \
                     runs the waits one after another.",
                )
            } else {
                Verdict::pass(format!(
                    "all {} words, in the order they completed, all waiting at once",
                    tokens.len()
                ))
            }
        })
}

/// Exercise "a limit on blocking calls": the words in input order, from blocking calls of which
/// exactly `limit` ran at once (no more: the service refuses; no fewer: time wasted), in about the
/// time a pool of `limit` workers takes.
pub fn limited_blocking<S: AsRef<str>, R: AsRef<str>>(
    tokens: &[S],
    results: &[R],
    run: &Run,
    limit: usize,
) -> Verdict {
    results_in_order(tokens, results)
        .and(|| {
            let most = max_in_flight(run);
            if most > limit {
                Verdict::fail(
                    format!("{most} blocking calls ran at the same time; the service allows {limit}."),
                    "each task must wait for a free place before it starts its call: a \
                     `tokio::sync::Semaphore` with that many permits, or a runtime whose blocking \
                     pool has that many threads (`max_blocking_threads`).",
                )
            } else if most < limit {
                Verdict::fail(
                    format!(
                        "at most {most} blocking call(s) ran at the same time, though the service allows {limit}."
                    ),
                    "a blocking call inside an async task blocks the runtime's thread: hand it to \
                     `tokio::task::spawn_blocking`, so several can wait at once.",
                )
            } else {
                Verdict::pass("limit kept")
            }
        })
        .and(|| {
            let units: Vec<Duration> = tokens
                .iter()
                .map(|t| run.unit * char_count(t.as_ref()) as u32)
                .collect();
            let predicted = greedy_makespan(&units, limit.max(1));
            time_within(run.wall, predicted, run.unit)
        })
        .and(|| {
            Verdict::pass(format!(
                "all {} words in input order, {limit} blocking calls at once, in {:.1} units",
                tokens.len(),
                run.wall.as_secs_f64() / run.unit.as_secs_f64()
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{record, recorded};
    use std::thread;

    const TOKENS: [&str; 4] = ["ab", "c", "d", "e"];

    /// Runs the tokens as recorded sleeps of 4 ms per character, on `workers` threads taking the
    /// tokens in order; returns the results in input order.
    fn run_on(workers: usize) -> (Vec<String>, Run) {
        let unit = Duration::from_millis(4);
        // Each worker's first task waits for the others' first before it sleeps, so `workers`
        // tasks are in flight at once however late a busy machine starts a thread.
        let first_tasks_together = std::sync::Barrier::new(workers);
        record("test", &TOKENS, workers, || {
            let next = std::sync::atomic::AtomicUsize::new(0);
            let slots: Vec<std::sync::Mutex<Option<String>>> =
                TOKENS.iter().map(|_| Default::default()).collect();
            thread::scope(|s| {
                for _ in 0..workers {
                    s.spawn(|| {
                        let mut first = true;
                        loop {
                            let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                            let Some(t) = TOKENS.get(i) else { return };
                            let upper = recorded(t, || {
                                if std::mem::take(&mut first) {
                                    first_tasks_together.wait();
                                }
                                thread::sleep(unit * char_count(t) as u32);
                                t.to_uppercase()
                            });
                            *slots[i].lock().unwrap() = Some(upper);
                        }
                    });
                }
            });
            slots
                .into_iter()
                .map(|s| s.into_inner().unwrap().unwrap())
                .collect()
        })
    }

    #[test]
    fn completion_order_wants_shortest_first_and_all_at_once() {
        let (_, together) = run_on(4);
        let verdict = completion_order(&TOKENS, &["C", "D", "E", "AB"], &together);
        assert!(verdict.passed(), "{verdict}");
        let input_order = completion_order(&TOKENS, &["AB", "C", "D", "E"], &together).to_string();
        assert!(
            input_order.starts_with("FAIL: \"AB\" comes before \"C\""),
            "{input_order}"
        );
        let (_, one_by_one) = run_on(1);
        let sequential = completion_order(&TOKENS, &["C", "D", "E", "AB"], &one_by_one).to_string();
        assert!(sequential.contains("at most 1 of the 4"), "{sequential}");
        let empty: [&str; 0] = [];
        assert!(
            completion_order(&TOKENS, &empty, &together)
                .to_string()
                .contains("no results")
        );
    }

    #[test]
    fn limited_blocking_wants_exactly_the_limit() {
        let (results, two) = run_on(2);
        let verdict = limited_blocking(&TOKENS, &results, &two, 2);
        // On a very busy machine the time part could fail; the limit part is what this tests.
        assert!(
            verdict.passed() || verdict.to_string().contains("took"),
            "{verdict}"
        );
        let too_many = limited_blocking(&TOKENS, &results, &two, 1).to_string();
        assert!(
            too_many.contains("2 blocking calls ran at the same time; the service allows 1"),
            "{too_many}"
        );
        let (results, one) = run_on(1);
        let too_few = limited_blocking(&TOKENS, &results, &one, 2).to_string();
        assert!(too_few.contains("at most 1 blocking call(s)"), "{too_few}");
        let order = limited_blocking(&TOKENS, &["C", "AB", "D", "E"], &two, 2).to_string();
        assert!(order.contains("input order"), "{order}");
        // A limit of zero (bad input) gives a verdict, not a panic.
        assert!(!limited_blocking(&TOKENS, &results, &one, 0).passed());
    }
}
