//! Horizontal bar charts on a log scale, for the report's SVG plots.

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Python's colour in every plot.
pub const PYTHON: RGBColor = RGBColor(230, 159, 0);
/// Rust's colour in every plot.
pub const RUST: RGBColor = RGBColor(0, 114, 178);
/// The floor's colour.
pub const FLOOR: RGBColor = RGBColor(150, 150, 150);

/// One bar: a median with its min–max whisker.
#[derive(Debug)]
pub struct Bar {
    /// The text left of the bar.
    pub label: String,
    /// Where the bar ends: the median.
    pub value: f64,
    /// The whisker's left end.
    pub min: f64,
    /// The whisker's right end.
    pub max: f64,
    /// The bar's colour (a side's, or the floor's).
    pub colour: RGBColor,
}

impl Bar {
    /// A bar for `stats`: its median, with min and max as the whisker.
    pub fn of(label: String, stats: &crate::model::Stats, colour: RGBColor) -> Self {
        Bar {
            label,
            value: stats.median,
            min: stats.min,
            max: stats.max,
            colour,
        }
    }
}

/// Horizontal bars on a log scale, a min–max whisker on each, the label at the left.
pub fn bar_chart(title: &str, x_desc: &str, bars: &[Bar]) -> String {
    let (lo, hi) = x_range(bars);
    let n = bars.len().max(1);
    let height = 90 + 24 * n as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (980, height)).into_drawing_area();
        root.fill(&WHITE).unwrap();
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 16))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(330)
            .build_cartesian_2d((lo..hi).log_scale(), 0.0..n as f64)
            .unwrap();
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_desc(x_desc)
            .draw()
            .unwrap();
        for (i, bar) in bars.iter().enumerate() {
            let y = (n - i) as f64 - 0.5;
            draw_bar(&mut chart, &root, bar, y, lo);
        }
        root.present().unwrap();
    }
    svg
}

/// The chart's own kind: a log-scale x axis over a linear row axis, drawn into an SVG string.
type LogChart<'a, 'b> =
    ChartContext<'a, SVGBackend<'b>, Cartesian2d<LogCoord<f64>, RangedCoordf64>>;

/// `x` when a log scale can show it.
fn positive(x: f64) -> Option<f64> {
    (x.is_finite() && x > 0.0).then_some(x)
}

/// The x axis: from half the smallest whisker to three times the largest, with room for labels.
fn x_range(bars: &[Bar]) -> (f64, f64) {
    let lo = bars
        .iter()
        .filter_map(|b| positive(b.min).or(positive(b.value)))
        .fold(f64::INFINITY, f64::min);
    let hi = bars
        .iter()
        .filter_map(|b| positive(b.max))
        .fold(0.0, f64::max);
    if lo.is_finite() && hi > 0.0 {
        (lo / 2.0, hi * 3.0)
    } else {
        (0.001, 1.0)
    }
}

/// One bar at row `y`: the bar from the axis to its median, its whisker, its label at the left and
/// its value at the right.
fn draw_bar(
    chart: &mut LogChart<'_, '_>,
    root: &DrawingArea<SVGBackend<'_>, Shift>,
    bar: &Bar,
    y: f64,
    lo: f64,
) {
    let v = positive(bar.value).unwrap_or(lo);
    chart
        .draw_series([Rectangle::new(
            [(lo, y - 0.32), (v, y + 0.32)],
            bar.colour.filled(),
        )])
        .unwrap();
    if let (Some(a), Some(z)) = (positive(bar.min), positive(bar.max)) {
        chart
            .draw_series([PathElement::new(
                vec![(a, y), (z, y)],
                BLACK.stroke_width(1),
            )])
            .unwrap();
    }
    let at = chart.backend_coord(&(lo, y));
    root.draw(&Text::new(
        bar.label.clone(),
        (at.0 - 6, at.1),
        TextStyle::from(("sans-serif", 12).into_font()).pos(Pos::new(HPos::Right, VPos::Center)),
    ))
    .unwrap();
    let end = chart.backend_coord(&(positive(bar.max).unwrap_or(v).max(v), y));
    let text = if bar.value.is_finite() {
        format!("{:.3}", bar.value)
    } else {
        "n/a".into()
    };
    root.draw(&Text::new(
        text,
        (end.0 + 4, at.1),
        TextStyle::from(("sans-serif", 11).into_font()).pos(Pos::new(HPos::Left, VPos::Center)),
    ))
    .unwrap();
}
