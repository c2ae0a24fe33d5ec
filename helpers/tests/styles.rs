//! Every style of the runner records each token exactly once, with sane times and ranks.

use std::time::Duration;

use helpers::{Run, STYLES, set_time_unit, tutorial_tokens};

/// One unit for every test: the unit is global to the process and tests run in parallel. Long
/// enough that a busy two-core machine keeps the order of tokens four units apart.
const UNIT: Duration = Duration::from_millis(20);

fn check_run(run: &Run, tokens: &[&str]) {
    let name = &run.style;
    let records = run.records();
    assert_eq!(records.len(), tokens.len(), "{name}: one record per token");
    let mut indices: Vec<usize> = records
        .iter()
        .map(|r| r.index.expect("input token"))
        .collect();
    indices.sort();
    assert_eq!(
        indices,
        (0..tokens.len()).collect::<Vec<_>>(),
        "{name}: each index once"
    );
    let mut ranks: Vec<usize> = records.iter().map(|r| r.rank).collect();
    ranks.sort();
    assert_eq!(
        ranks,
        (1..=tokens.len()).collect::<Vec<_>>(),
        "{name}: ranks are a permutation"
    );
    for r in records {
        assert_eq!(r.token, tokens[r.index.unwrap()], "{name}");
        assert_eq!(
            r.outcome.as_deref(),
            Ok(r.token.to_uppercase().as_str()),
            "{name}"
        );
        assert!(r.start < r.end, "{name}: {r:?} starts before it ends");
        assert!(
            r.end <= run.wall,
            "{name}: {r:?} ends within the wall time {:?}",
            run.wall
        );
        assert!(
            r.end - r.start >= UNIT * helpers::char_count(&r.token) as u32,
            "{name}: slept its units"
        );
        assert!(!r.worker.is_empty(), "{name}: worker labelled");
    }
    // Ranks follow end times.
    let mut by_rank: Vec<_> = records.iter().collect();
    by_rank.sort_by_key(|r| r.rank);
    assert!(
        by_rank.windows(2).all(|w| w[0].end <= w[1].end),
        "{name}: ranks in order of ending"
    );
    if let Some(predicted) = run.predicted() {
        // A prediction is a lower bound (rayon may split less evenly, so no upper bound here).
        assert!(
            run.wall + Duration::from_millis(1) >= predicted,
            "{name}: {:?} < {predicted:?}",
            run.wall
        );
    }
}

#[test]
fn every_style_records_every_token_once() {
    set_time_unit(UNIT);
    let tokens = tutorial_tokens();
    for style in STYLES {
        let run = style
            .run(&tokens, 3)
            .unwrap_or_else(|e| panic!("{}: {e}", style.name));
        check_run(&run, &tokens);
    }
}

#[test]
fn every_style_handles_unicode_and_empty_tokens() {
    set_time_unit(UNIT);
    let tokens = ["héllo", "straße", "", "日本"];
    for style in STYLES {
        let run = style
            .run(&tokens, 2)
            .unwrap_or_else(|e| panic!("{}: {e}", style.name));
        assert_eq!(run.records().len(), 4, "{}", style.name);
        let strasse = run.records().iter().find(|r| r.token == "straße").unwrap();
        assert_eq!(strasse.outcome.as_deref(), Ok("STRASSE"), "{}", style.name);
        assert!(
            run.records().iter().all(|r| r.start <= r.end),
            "{}",
            style.name
        );
    }
}

#[test]
fn every_style_accepts_an_empty_token_list() {
    set_time_unit(UNIT);
    for style in STYLES {
        let run = style
            .run(&[], 2)
            .unwrap_or_else(|e| panic!("{}: {e}", style.name));
        assert!(run.records().is_empty(), "{}", style.name);
        assert_eq!(run.predicted(), Some(Duration::ZERO), "{}", style.name);
    }
}

#[test]
fn completion_order_puts_short_tokens_first() {
    set_time_unit(UNIT);
    let tokens = tutorial_tokens();
    let run = helpers::find_style("scoped-threads")
        .unwrap()
        .run(&tokens, 12)
        .unwrap();
    // By rank: every one-letter token ends before either five-letter one, a margin of four units
    // (the three-letter ones fall in between, two units from each, too close to assert on a
    // loaded machine).
    let lengths: Vec<usize> = run
        .records()
        .iter()
        .map(|r| helpers::char_count(&r.token))
        .collect();
    let last_one_letter = lengths.iter().rposition(|&n| n == 1).unwrap();
    let first_five_letter = lengths.iter().position(|&n| n == 5).unwrap();
    assert!(last_one_letter < first_five_letter, "{lengths:?}");
}
