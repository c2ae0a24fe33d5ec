//! The pictures are valid SVG with one bar per token and their labels.
//! Every test here uses the same unit: the unit is global to the process and tests run in parallel.

use std::time::Duration;

use helpers::{Comparison, Picture, SpeedupChart, find_style, set_time_unit};

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
    let bars = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect"))
        .filter(|n| n.attribute("fill").is_some_and(|f| f != "#FFFFFF"))
        .count();
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
