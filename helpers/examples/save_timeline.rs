//! Records the tutorial's tokens on two rayon workers and saves the timeline as an SVG file.
//!
//! `cargo run --release --example save_timeline -- docs/timeline.svg` (the README's picture).

use helpers::{Comparison, Picture, find_style, tutorial_tokens};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "timeline.svg".to_string());
    let tokens = tutorial_tokens();
    let run = find_style("pool-ordered")
        .expect("a listed style")
        .run(&tokens, 2)?;
    println!("{}", run.summary());
    run.timeline().save_svg(&path)?;
    if let Some(comparison_path) = std::env::args().nth(2) {
        let other = find_style("scoped-threads")
            .expect("a listed style")
            .run(&tokens, 2)?;
        Comparison::of("measured and predicted", [&run, &other]).save_svg(comparison_path)?;
    }
    println!("saved {path}");
    Ok(())
}
