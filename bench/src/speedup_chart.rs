//! The scaling plot: speed-up against workers, with each point's spread over the rounds, the ideal
//! line, and the line the cores allow (min(workers, cores)).

use plotters::prelude::*;

/// One point of a series: workers, the median speed-up, and its range over the rounds.
#[derive(Debug, Clone, Copy)]
pub struct SpeedupPoint {
    /// Workers used.
    pub workers: usize,
    /// The speed-up drawn.
    pub speedup: f64,
    /// The lowest round's speed-up (the median again when the rounds were not recorded).
    pub min: f64,
    /// The highest round's speed-up.
    pub max: f64,
}

/// Colours of the series, in order.
const PALETTE: [RGBColor; 4] = [
    RGBColor(0, 114, 178),
    RGBColor(86, 180, 233),
    RGBColor(230, 159, 0),
    RGBColor(213, 94, 0),
];

/// An SVG of the series: each median joined by a line, each round's range as a vertical whisker,
/// the ideal (N workers, N times) dashed, and what `cores` cores allow (min(N, cores)) dotted.
pub fn speedup_chart(title: &str, cores: usize, series: &[(String, Vec<SpeedupPoint>)]) -> String {
    let points = || series.iter().flat_map(|(_, p)| p.iter());
    let max_workers = points().map(|p| p.workers).max().unwrap_or(1).max(2);
    let top = points().map(|p| p.max).fold(max_workers as f64, f64::max) * 1.1;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (760, 440)).into_drawing_area();
        root.fill(&WHITE).unwrap();
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 16))
            .margin(12)
            .x_label_area_size(44)
            .y_label_area_size(60)
            .build_cartesian_2d(0.5..max_workers as f64 + 0.5, 0.0..top)
            .unwrap();
        chart
            .configure_mesh()
            .x_labels(max_workers)
            .x_label_formatter(&|x| format!("{x:.0}"))
            .x_desc("workers")
            .y_desc("speed-up over one worker (median, range of the rounds)")
            .draw()
            .unwrap();
        let grey = RGBColor(150, 150, 150);
        let counts = || (1..=max_workers).map(|w| w as f64);
        chart
            .draw_series(DashedLineSeries::new(
                counts().map(|w| (w, w)),
                6,
                4,
                grey.stroke_width(2),
            ))
            .unwrap()
            .label("ideal: N workers, N times")
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], grey.stroke_width(2)));
        let cap = cores.max(1) as f64;
        chart
            .draw_series(DashedLineSeries::new(
                counts().map(|w| (w, w.min(cap))),
                2,
                3,
                BLACK.stroke_width(1),
            ))
            .unwrap()
            .label(format!("what {cores} cores allow"))
            .legend(|(x, y)| PathElement::new([(x, y), (x + 18, y)], BLACK.stroke_width(1)));
        for (i, (name, pts)) in series.iter().enumerate() {
            let colour = PALETTE[i % PALETTE.len()];
            // Shift each series a little sideways so the whiskers of equal points stay apart.
            let dx = (i as f64 - (series.len() as f64 - 1.0) / 2.0) * 0.06;
            let at = |p: &SpeedupPoint| p.workers as f64 + dx;
            chart
                .draw_series(LineSeries::new(
                    pts.iter().map(|p| (at(p), p.speedup)),
                    colour.stroke_width(2),
                ))
                .unwrap()
                .label(name.as_str())
                .legend(move |(x, y)| {
                    PathElement::new([(x, y), (x + 18, y)], colour.stroke_width(2))
                });
            chart
                .draw_series(pts.iter().map(|p| {
                    PathElement::new(vec![(at(p), p.min), (at(p), p.max)], colour.stroke_width(1))
                }))
                .unwrap();
            chart
                .draw_series(
                    pts.iter()
                        .map(|p| Circle::new((at(p), p.speedup), 4, colour.filled())),
                )
                .unwrap();
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .draw()
            .unwrap();
        root.present().unwrap();
    }
    svg
}
