//! The pictures are valid SVG with one bar per token and their labels.
//! Every test here uses the same unit: the unit is global to the process and tests run in parallel.

use std::time::Duration;

use helpers::{Comparison, Picture, SpeedupChart, find_style, record, set_time_unit, work};

fn parse(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("invalid SVG: {e}\n{svg}"))
}

fn texts(doc: &roxmltree::Document) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(|t| t.trim().to_string())
        .collect()
}

fn number(node: roxmltree::Node, attribute: &str) -> f64 {
    node.attribute(attribute).unwrap().parse().unwrap()
}

/// The rectangles filled in a colour (not white, the background's and labels'): bars and legend
/// swatches.
fn coloured_rects<'a>(doc: &'a roxmltree::Document) -> Vec<roxmltree::Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| n.has_tag_name("rect"))
        .filter(|n| {
            n.attribute("fill")
                .is_some_and(|f| f != "#FFFFFF" && f != "none")
        })
        .collect()
}

/// Decodes standard base64, to read back what a picture's HTML holds.
fn from_base64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let values: Vec<u32> = text
        .bytes()
        .filter(|&b| b != b'=')
        .map(|b| {
            ALPHABET
                .iter()
                .position(|&a| a == b)
                .expect("a base64 character") as u32
        })
        .collect();
    let mut bytes = Vec::new();
    for group in values.chunks(4) {
        let n = group
            .iter()
            .enumerate()
            .fold(0, |n, (i, v)| n | v << (18 - 6 * i));
        bytes.extend_from_slice(&n.to_be_bytes()[1..group.len()]);
    }
    bytes
}

#[test]
fn timeline_has_a_bar_and_a_label_per_token() {
    set_time_unit(Duration::from_millis(2));
    let tokens = ["hello", "a", "<b>&"];
    let run = find_style("pool-ordered").unwrap().run(&tokens, 2).unwrap();
    let svg = run.timeline().svg();
    let doc = parse(&svg);
    let labels = texts(&doc);
    for token in tokens {
        assert!(
            labels.contains(&format!("{token:?}")),
            "label for {token:?} in {labels:?}"
        );
    }
    for rank in 1..=3 {
        assert!(
            labels.contains(&format!("#{rank}")),
            "rank {rank} in {labels:?}"
        );
    }
    assert!(labels.iter().any(|l| l.starts_with("predicted ")));
    assert!(labels.iter().any(|l| l.starts_with("measured ")));
    assert!(labels.contains(&"worker 0".to_string()) || labels.contains(&"worker 1".to_string()));
    // Bars are the filled rectangles in the workers' colours: one per token.
    let workers = run.workers().len();
    let bars = coloured_rects(&doc).len();
    assert_eq!(
        bars,
        tokens.len() + workers,
        "a bar per token plus a legend swatch per worker"
    );

    let path = std::env::temp_dir().join(format!("helpers-timeline-{}.svg", std::process::id()));
    run.timeline().save_svg(&path).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), svg);
    std::fs::remove_file(path).unwrap();
}

#[test]
fn comparison_and_speedup_charts_are_valid() {
    set_time_unit(Duration::from_millis(2));
    let tokens = helpers::tutorial_tokens();
    let a = find_style("sequential").unwrap().run(&tokens, 1).unwrap();
    let b = find_style("rayon-pool").unwrap().run(&tokens, 2).unwrap();
    let labels = texts(&parse(&Comparison::of("styles", [&a, &b]).svg()));
    assert!(
        labels.contains(&"sequential (1 worker)".to_string()),
        "{labels:?}"
    );
    assert!(
        labels.contains(&"rayon-pool (2 workers)".to_string()),
        "{labels:?}"
    );
    assert!(
        labels.contains(&"0.052 s".to_string()),
        "predicted sequential time in {labels:?}"
    );

    let chart = SpeedupChart::new("cpu").series("threads", vec![(1, 1.0), (2, 1.9)]);
    let labels = texts(&parse(&chart.svg()));
    assert!(
        labels.contains(&"threads".to_string()) && labels.contains(&"ideal".to_string()),
        "{labels:?}"
    );
}

#[test]
fn speedup_chart_draws_ranges_and_the_cores_line_only_when_asked() {
    let plain = SpeedupChart::new("cpu").series("threads", vec![(1, 1.0), (2, 1.9)]);
    assert!(
        !texts(&parse(&plain.svg()))
            .iter()
            .any(|t| t.contains("cores allow"))
    );
    let ranged = SpeedupChart::new("cpu")
        .cores(2)
        .series_with_ranges("threads", vec![(1, 1.0, 1.0, 1.0), (2, 1.9, 1.7, 2.1)]);
    let labels = texts(&parse(&ranged.svg()));
    assert!(
        labels.contains(&"what 2 cores allow".to_string()),
        "{labels:?}"
    );
    let description = ranged.description();
    assert!(
        description.contains("2: 1.90x [1.70 to 2.10]"),
        "{description}"
    );
    assert!(
        description.contains("2 cores allow at most 2x"),
        "{description}"
    );
}

#[test]
fn results_table_escapes_and_lists_every_task() {
    set_time_unit(Duration::from_millis(2));
    let tokens = ["<script>", "a"];
    let run = find_style("sequential").unwrap().run(&tokens, 1).unwrap();
    let html = run.table().html();
    assert!(html.contains("&lt;SCRIPT&gt;") && !html.contains("<script>"));
    assert_eq!(
        html.matches("<tr>").count(),
        3,
        "a header and a row per task"
    );
}

#[test]
fn a_picture_shows_as_an_img_holding_its_svg() {
    set_time_unit(Duration::from_millis(2));
    let tokens = ["hello", "a"];
    let (_, run) = record("a \"quoted\" style", &tokens, 1, || tokens.map(work));
    let timeline = run.timeline();
    let html = timeline.html();
    // Only an <img> with a data: URL survives JupyterLab's sanitizer in an untrusted notebook.
    assert!(
        html.starts_with("<img src=\"data:image/svg+xml;base64,"),
        "{html}"
    );
    assert!(!html.contains("<svg"), "no inline SVG: {html}");
    let encoded = html
        .split("base64,")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    assert_eq!(
        String::from_utf8(from_base64(encoded)).unwrap(),
        timeline.svg()
    );
    assert!(html.contains(" width=\"800\""), "its own width: {html}");
    let alt = html
        .split(" alt=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    assert!(
        alt.starts_with("Timeline of a &quot;quoted&quot; style") && alt.contains("measured"),
        "{alt}"
    );
}

#[test]
fn timeline_labels_its_times_above_the_bars() {
    set_time_unit(Duration::from_millis(2));
    let tokens = helpers::tutorial_tokens();
    let run = find_style("pool-ordered").unwrap().run(&tokens, 2).unwrap();
    let svg = run.timeline().svg();
    let doc = parse(&svg);
    let highest_bar = coloured_rects(&doc)
        .iter()
        .map(|r| number(*r, "y"))
        .fold(f64::MAX, f64::min);
    let time_labels: Vec<f64> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter(|n| {
            n.text().is_some_and(|t| {
                t.trim().starts_with("measured") || t.trim().starts_with("predicted")
            })
        })
        .map(|n| number(n, "y"))
        .collect();
    assert_eq!(time_labels.len(), 2, "{svg}");
    for y in &time_labels {
        assert!(
            *y < highest_bar,
            "a time label at y={y} is not above the bars (top {highest_bar})"
        );
    }
    assert!(
        (time_labels[0] - time_labels[1]).abs() >= 12.0,
        "measured and predicted on lines of their own: {time_labels:?}"
    );
    assert!(
        number(doc.root_element(), "width") <= 800.0,
        "fits the notebook's column"
    );
}

#[test]
fn timeline_shows_tokens_that_never_started() {
    set_time_unit(Duration::from_millis(2));
    let tokens = ["hello", "a", "bb", "c"];
    let (_, run) = record("stops early", &tokens, 1, || {
        tokens.iter().take(2).map(|t| work(t)).collect::<Vec<_>>()
    });
    let labels = texts(&parse(&run.timeline().svg()));
    for token in tokens {
        assert!(
            labels.contains(&format!("{token:?}")),
            "a row for {token:?} in {labels:?}"
        );
    }
    assert_eq!(
        labels.iter().filter(|l| *l == "never started").count(),
        2,
        "{labels:?}"
    );
}

#[test]
fn timeline_numbers_workers_when_colours_would_not_tell_them_apart() {
    set_time_unit(Duration::from_millis(2));
    let tokens = helpers::tutorial_tokens();
    let run = find_style("scoped-threads")
        .unwrap()
        .run(&tokens, tokens.len())
        .unwrap();
    let svg = run.timeline().svg();
    let doc = parse(&svg);
    let labels = texts(&doc);
    for worker in 1..=tokens.len() {
        assert!(
            labels
                .iter()
                .any(|l| l.ends_with(&format!("(worker {worker})"))),
            "worker {worker} named on its bar: {labels:?}"
        );
    }
    let bars = coloured_rects(&doc);
    assert_eq!(
        bars.len(),
        tokens.len(),
        "a bar per token and no twelve-colour legend"
    );
    assert!(
        bars.iter()
            .all(|b| b.attribute("fill") == bars[0].attribute("fill"))
    );
}

/// A run read from JSON: the same times on every machine, so its picture is the same too.
fn fixed_run(extra_task_fields: &str, locks: &str) -> helpers::Run {
    let task = |token: &str, index: usize, start: f64, end: f64, rank: usize| {
        format!(
            r#"{{"token": "{token}", "index": {index}, "result": "{}", "error": null,
                "worker": "worker {index}", "start_ms": {start}, "end_ms": {end}, "rank": {rank}{extra_task_fields}}}"#,
            token.to_uppercase()
        )
    };
    let text = format!(
        r#"{{"style": "fixed", "workers": 2, "dispatch": {{"kind": "greedy", "workers": 2}},
            "unit_ms": 10.0, "wall_ms": 31.0, "predicted_ms": 30.0, "not_started": [],
            "tasks": [{}, {}]{locks}}}"#,
        task("ab", 0, 0.5, 20.5, 1),
        task("c", 1, 20.6, 30.6, 2),
    );
    helpers::Run::from_json_str(&text).unwrap()
}

#[test]
fn timeline_draws_lock_waits_holds_and_queued_time_with_their_legend() {
    let locks = r#", "locks": [
        {"lock": "tally", "worker": "worker 0", "token": "ab", "index": 0,
         "asked_ms": 0.2, "acquired_ms": 0.3, "released_ms": 20.5},
        {"lock": "tally", "worker": "worker 1", "token": "c", "index": 1,
         "asked_ms": 0.4, "acquired_ms": 20.5, "released_ms": 30.6},
        {"lock": "tally", "worker": "main", "token": null, "index": null,
         "asked_ms": 30.7, "acquired_ms": 30.7, "released_ms": 30.8}]"#;
    let run = fixed_run(r#", "queued_ms": 0.0, "taken_ms": 0.1"#, locks);
    let svg = run.timeline().svg();
    let doc = parse(&svg);
    let labels = texts(&doc);
    for entry in ["waiting for a lock", "holding a lock"] {
        assert!(labels.contains(&entry.to_string()), "{entry} in {labels:?}");
    }
    // A queue wait of 0.1 ms on a 31 ms axis is too short to see: neither drawn nor in the legend.
    assert!(!labels.contains(&"queued".to_string()), "{labels:?}");
    let filled = |colour: &str| {
        doc.descendants()
            .filter(|n| n.has_tag_name("rect") && n.attribute("fill") == Some(colour))
            .count()
    };
    // Two holds on token rows (the main thread's, on no token, is not on a row) and a legend
    // swatch; one wait long enough to see ("c" waited 20 ms; "ab" 0.1 ms) and a swatch.
    assert_eq!(filled("#1E1E1E"), 3, "{svg}");
    assert_eq!(filled("#DEDEDE"), 2, "{svg}");
    assert!(
        run.timeline()
            .description()
            .ends_with("also drawn: waiting for a lock, holding a lock"),
        "{}",
        run.timeline().description()
    );

    let queued_long = fixed_run(r#", "queued_ms": 0.0, "taken_ms": 20.5"#, "");
    let labels = texts(&parse(&queued_long.timeline().svg()));
    assert!(labels.contains(&"queued".to_string()), "{labels:?}");
    assert!(
        !labels.contains(&"holding a lock".to_string()),
        "{labels:?}"
    );
}

#[test]
fn a_run_without_locks_or_queues_has_no_extra_marks() {
    let svg = fixed_run("", "").timeline().svg();
    let doc = parse(&svg);
    let labels = texts(&doc);
    for entry in ["queued", "waiting for a lock", "holding a lock"] {
        assert!(!labels.contains(&entry.to_string()), "{labels:?}");
    }
    assert_eq!(coloured_rects(&doc).len(), 2 + 2, "two bars, two swatches");
    // The same run with an unseen queue wait draws the very same picture.
    assert_eq!(
        fixed_run(r#", "queued_ms": 0.0, "taken_ms": 0.01"#, "")
            .timeline()
            .svg(),
        svg
    );
}

#[test]
fn a_timeline_title_counts_the_workers_its_legend_shows() {
    // Two workers ran; the prediction assumed one (threads taking turns at a lock).
    let one_predicted = fixed_run("", "")
        .to_json()
        .replace(r#""workers":2"#, r#""workers":1"#);
    let run = helpers::Run::from_json_str(&one_predicted).unwrap();
    assert_eq!(run.dispatch.workers(), 1, "{one_predicted}");
    let labels = texts(&parse(&run.timeline().svg()));
    let title = "fixed: 2 workers ran; predicted for 1 worker";
    assert!(labels.contains(&title.to_string()), "{labels:?}");
    let description = run.timeline().description();
    assert!(
        description.contains(", 2 workers ran; predicted for 1 worker, measured"),
        "{description}"
    );
    // As many workers as predicted: the title names the dispatch alone, as it always did.
    let labels = texts(&parse(&fixed_run("", "").timeline().svg()));
    assert!(
        labels.contains(&"fixed: 2 workers".to_string()),
        "{labels:?}"
    );
}
