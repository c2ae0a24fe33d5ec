//! Steps for checks that ran the learner's code on a puzzle: which words were worked, what came
//! back, how many at once. Each FAIL says what is wrong and which way, never the expected value;
//! the hint is left empty (an [`Exercise`](super::Exercise) shows its own staged hints).
//!
//! ```
//! use helpers::check::steps::results_in_order;
//! let expected = vec!["OX".to_string(), "ELK".to_string()];
//! assert!(results_in_order(&["OX", "ELK"], &expected, "input").passed());
//! let swapped = results_in_order(&["ELK", "OX"], &expected, "input").to_string();
//! assert!(swapped.contains("not in input order"), "{swapped}");
//! ```

use std::time::Duration;

use super::Verdict;
use super::common::{IDLE_SLACK_UNITS, in_units, peak_at_once};
use super::puzzle::Puzzle;
use crate::Run;

/// As many outcomes as words: a function that returns one `Result` per word (chapters 03, 05
/// and 10) returned `outcomes` of them for `words` words.
pub(crate) fn one_outcome_per_word(outcomes: usize, words: usize) -> Verdict {
    if outcomes == words {
        return Verdict::pass("one outcome per word");
    }
    let way = if outcomes < words { "fewer" } else { "more" };
    Verdict::fail(
        format!("{outcomes} outcomes for {words} words: {way} outcomes than words."),
        "",
    )
}

/// Every word of `wanted` worked exactly once, and no other word at all.
pub fn worked_exactly(run: &Run, wanted: &[&str]) -> Verdict {
    if run.records().is_empty() && !wanted.is_empty() {
        return Verdict::fail(
            "no word was worked: the results did not come from `work`.",
            "",
        );
    }
    for word in wanted {
        let times = run.records().iter().filter(|r| r.token == *word).count();
        if times == 0 {
            return Verdict::fail(
                format!("{word:?} was never worked: too few words worked."),
                "",
            );
        }
        if times > 1 {
            return Verdict::fail(
                format!("{word:?} was worked {times} times: each word once is enough."),
                "",
            );
        }
    }
    if let Some(extra) = run
        .records()
        .iter()
        .find(|r| !wanted.contains(&r.token.as_str()))
    {
        return Verdict::fail(
            format!(
                "{:?} was worked, but it is not one of the words to work: too many words worked.",
                extra.token
            ),
            "",
        );
    }
    Verdict::pass(format!("each of the {} words worked once", wanted.len()))
}

/// `results` are exactly `expected`, in order; `order` names that order ("input", "completion")
/// in the FAIL line.
pub fn results_in_order<R: AsRef<str>>(results: &[R], expected: &[String], order: &str) -> Verdict {
    let got: Vec<&str> = results.iter().map(AsRef::as_ref).collect();
    if got.len() != expected.len() {
        let way = if got.len() < expected.len() {
            "too few"
        } else {
            "too many"
        };
        return Verdict::fail(
            format!("{} results for {} words: {way}.", got.len(), expected.len()),
            "",
        );
    }
    let mut sorted_got = got.clone();
    let mut sorted_expected: Vec<&str> = expected.iter().map(String::as_str).collect();
    sorted_got.sort_unstable();
    sorted_expected.sort_unstable();
    if sorted_got != sorted_expected {
        let position = got
            .iter()
            .position(|g| !expected.iter().any(|e| e == g))
            .unwrap_or(0);
        return Verdict::fail(
            format!(
                "result {} ({:?}) is not what the work returned for any of the words.",
                position + 1,
                got[position]
            ),
            "",
        );
    }
    if got.iter().copied().ne(expected.iter().map(String::as_str)) {
        return Verdict::fail(
            format!("the results are the right ones, but not in {order} order."),
            "",
        );
    }
    Verdict::pass(format!("{} results in {order} order", got.len()))
}

/// At some moment all `count` words were being worked on at once; the FAIL names `what` (`"long
/// words"`) and says "too few at once".
pub fn all_at_once(run: &Run, count: usize, what: &str) -> Verdict {
    let most = peak_at_once(run);
    if most < count {
        let verb = if most == 1 { "was" } else { "were" };
        Verdict::fail(
            format!(
                "at the busiest moment {most} of the {count} {what} {verb} being worked on: too \
                 few at once."
            ),
            "",
        )
    } else {
        Verdict::pass(format!("all {count} {what} at once"))
    }
}

/// Where a FAIL line says the results came in the order the words finished: `results` equal the
/// run's completion order (and not `expected`).
pub fn in_completion_order<R: AsRef<str>>(results: &[R], run: &Run) -> bool {
    let finished: Vec<String> = run
        .records()
        .iter()
        .filter_map(|r| r.outcome.as_ref().ok().cloned())
        .collect();
    results.len() > 1
        && results
            .iter()
            .map(AsRef::as_ref)
            .eq(finished.iter().map(String::as_str))
}

/// A round's failure, saying which round: the words change from round to round.
pub(crate) fn in_round(round: usize, verdict: Verdict) -> Verdict {
    verdict.map_problem(|problem| format!("round {}: {problem}", round + 1))
}

/// Every recorded call took at least half its planned time: a call cut short is not the work.
pub(crate) fn took_planned_time(puzzle: &Puzzle, run: &Run) -> Verdict {
    for record in run.records() {
        let Some(index) = record.index else { continue };
        let planned = f64::from(puzzle.units()[index]);
        if in_units(run, record.end.saturating_sub(record.start)) * 2.0 < planned {
            return Verdict::fail(
                format!("the call for {:?} was over too soon.", record.token),
                "",
            );
        }
    }
    Verdict::pass("each call took its time")
}

/// While some word was in the channel and not yet started, all `workers` workers were busy, but
/// for hand-offs shorter than [`IDLE_SLACK_UNITS`]. `available[i]`: when word `i` was sent.
pub(crate) fn busy_while_words_wait(run: &Run, workers: usize, available: &[Duration]) -> Verdict {
    let started: Vec<Option<Duration>> = (0..available.len())
        .map(|i| {
            run.records()
                .iter()
                .find(|r| r.index == Some(i))
                .map(|r| r.start)
        })
        .collect();
    let waiting_at = |t: Duration| {
        available
            .iter()
            .zip(&started)
            .any(|(&sent, start)| sent <= t && start.is_none_or(|s| t < s))
    };
    let running_at = |t: Duration| {
        run.records()
            .iter()
            .filter(|r| r.start <= t && t < r.end)
            .count()
    };
    let mut moments: Vec<Duration> = run
        .records()
        .iter()
        .flat_map(|r| [r.start, r.end])
        .chain(available.iter().copied())
        .collect();
    moments.sort();
    moments.dedup();
    let (mut idle_since, mut longest) = (None::<Duration>, Duration::ZERO);
    for &t in &moments {
        let idle = waiting_at(t) && running_at(t) < workers;
        match (idle, idle_since) {
            (true, None) => idle_since = Some(t),
            (false, Some(since)) => {
                longest = longest.max(t - since);
                idle_since = None;
            }
            _ => {}
        }
    }
    if longest > run.unit.mul_f64(IDLE_SLACK_UNITS) {
        Verdict::fail(
            format!(
                "a worker sat idle for {:.1} units while a word was waiting to be taken.",
                in_units(run, longest)
            ),
            "",
        )
    } else {
        Verdict::pass("no worker idle while a word waited")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::fixture;

    #[test]
    fn worked_exactly_says_which_way() {
        let words = ["ox", "elk"];
        let run = fixture::pool(&words, 2);
        assert!(worked_exactly(&run, &words).passed());
        let missing = worked_exactly(&run, &["ox", "elk", "fig"]).to_string();
        assert!(
            missing.contains("\"fig\" was never worked: too few"),
            "{missing}"
        );
        let extra = worked_exactly(&run, &["ox"]).to_string();
        assert!(
            extra.contains("\"elk\" was worked, but") && extra.contains("too many"),
            "{extra}"
        );
        let nothing = fixture::run(&words, vec![]);
        assert!(
            worked_exactly(&nothing, &words)
                .to_string()
                .contains("no word was worked")
        );
        let twice = fixture::pool(&["ox", "ox"], 2);
        assert!(
            worked_exactly(&twice, &["ox"])
                .to_string()
                .contains("2 times")
        );
    }

    #[test]
    fn results_in_order_tells_count_content_and_order_apart() {
        let expected: Vec<String> = ["OX", "ELK", "FIG"].map(String::from).to_vec();
        assert!(results_in_order(&expected, &expected, "input").passed());
        let short = results_in_order(&["OX"], &expected, "input").to_string();
        assert!(short.contains("1 results for 3 words: too few"), "{short}");
        let wrong = results_in_order(&["OX", "elk", "FIG"], &expected, "input").to_string();
        assert!(wrong.contains("result 2 (\"elk\")"), "{wrong}");
        let order = results_in_order(&["FIG", "OX", "ELK"], &expected, "input").to_string();
        assert!(order.contains("not in input order"), "{order}");
        assert!(
            !order.contains("OX"),
            "never shows the expected values: {order}"
        );
    }

    #[test]
    fn all_at_once_counts_the_peak() {
        let words = ["ox", "elk", "fig"];
        assert!(all_at_once(&fixture::pool(&words, 3), 3, "words").passed());
        let one = all_at_once(&fixture::pool(&words, 1), 3, "words").to_string();
        assert!(
            one.contains("1 of the 3 words was being") && one.contains("too few"),
            "{one}"
        );
    }
}
