//! Speed-up against worker count, with the ideal line drawn in, and optionally each point's range
//! over repeated runs and the line a machine's cores allow.

use plotters::prelude::*;

use super::*;

/// Speed-up against worker count, one line per series, with the ideal line drawn in.
#[derive(Debug, Clone)]
pub struct SpeedupChart {
    title: String,
    series: Vec<(String, Vec<SpeedupPoint>)>,
    cores: Option<usize>,
}

/// One point of a series: a speed-up at a worker count, and the lowest and highest of the runs it
/// is the median of, when there were several.
#[derive(Debug, Clone, Copy)]
struct SpeedupPoint {
    workers: usize,
    speedup: f64,
    range: Option<(f64, f64)>,
}

impl SpeedupChart {
    /// An empty chart.
    pub fn new(title: &str) -> Self {
        SpeedupChart {
            title: title.to_string(),
            series: Vec::new(),
            cores: None,
        }
    }

    /// Adds a series of `(workers, speed-up)` points.
    pub fn series(mut self, name: &str, points: Vec<(usize, f64)>) -> Self {
        let points = points
            .into_iter()
            .map(|(workers, speedup)| SpeedupPoint {
                workers,
                speedup,
                range: None,
            })
            .collect();
        self.series.push((name.to_string(), points));
        self
    }

    /// Adds a series of `(workers, median speed-up, lowest, highest)` points from repeated runs:
    /// each point gets a whisker from the lowest to the highest run.
    pub fn series_with_ranges(mut self, name: &str, points: Vec<(usize, f64, f64, f64)>) -> Self {
        let points = points
            .into_iter()
            .map(|(workers, speedup, low, high)| SpeedupPoint {
                workers,
                speedup,
                range: Some((low, high)),
            })
            .collect();
        self.series.push((name.to_string(), points));
        self
    }

    /// Also draws, dotted, what `cores` cores allow: `min(workers, cores)` times faster.
    pub fn cores(mut self, cores: usize) -> Self {
        self.cores = Some(cores.max(1));
        self
    }

    /// Whether any point carries a range, so the chart draws whiskers.
    fn has_ranges(&self) -> bool {
        self.series
            .iter()
            .any(|(_, points)| points.iter().any(|p| p.range.is_some()))
    }

    /// Shows the chart in an evcxr notebook.
    pub fn evcxr_display(&self) {
        display_in_evcxr(&self.html());
    }
}

impl Picture for SpeedupChart {
    fn description(&self) -> String {
        let series: Vec<String> = self
            .series
            .iter()
            .map(|(name, points)| {
                let points: Vec<String> = points
                    .iter()
                    .map(|p| match p.range {
                        None => format!("{}: {:.2}x", p.workers, p.speedup),
                        Some((low, high)) => {
                            format!("{}: {:.2}x [{low:.2} to {high:.2}]", p.workers, p.speedup)
                        }
                    })
                    .collect();
                format!("{name} ({})", points.join(", "))
            })
            .collect();
        let cores = match self.cores {
            Some(cores) => format!("; {cores} cores allow at most {cores}x"),
            None => String::new(),
        };
        format!(
            "{}: speed-up by number of workers, {}{cores}",
            self.title,
            series.join("; ")
        )
    }

    fn svg(&self) -> String {
        let max_workers = self
            .series
            .iter()
            .flat_map(|(_, p)| p.iter().map(|p| p.workers))
            .max()
            .unwrap_or(1)
            .max(2);
        let max_speedup = self
            .series
            .iter()
            .flat_map(|(_, p)| {
                p.iter()
                    .map(|p| p.range.map_or(p.speedup, |(_, high)| high))
            })
            .fold(max_workers as f64, f64::max);
        let ranges = self.has_ranges();
        let y_desc = if ranges {
            "speed-up over one worker (median, range of the runs)"
        } else {
            "speed-up over one worker"
        };
        render(WIDTH, 440, |root| {
            let mut chart = ChartBuilder::on(root)
                .caption(&self.title, font(17.0))
                .margin(12)
                .x_label_area_size(44)
                .y_label_area_size(60)
                .build_cartesian_2d(0.5..max_workers as f64 + 0.5, 0.0..max_speedup * 1.1)?;
            chart
                .configure_mesh()
                .label_style(font(12.0))
                .axis_desc_style(font(12.0))
                .x_labels(max_workers)
                .x_label_formatter(&|x| format!("{x:.0}"))
                .x_desc("workers")
                .y_desc(y_desc)
                .draw()?;
            let grey = RGBColor(150, 150, 150);
            chart
                .draw_series(DashedLineSeries::new(
                    (1..=max_workers).map(|w| (w as f64, w as f64)),
                    6,
                    4,
                    grey.stroke_width(2),
                ))?
                .label("ideal")
                .legend(move |(x, y)| {
                    PathElement::new([(x, y), (x + 18, y)], grey.stroke_width(2))
                });
            if let Some(cores) = self.cores {
                let cap = cores as f64;
                chart
                    .draw_series(DashedLineSeries::new(
                        (1..=max_workers).map(|w| (w as f64, (w as f64).min(cap))),
                        2,
                        3,
                        BLACK.stroke_width(1),
                    ))?
                    .label(format!("what {cores} cores allow"))
                    .legend(|(x, y)| {
                        PathElement::new([(x, y), (x + 18, y)], BLACK.stroke_width(1))
                    });
            }
            let count = self.series.len() as f64;
            for (i, (name, series)) in self.series.iter().enumerate() {
                let colour = palette_colour(i);
                // With whiskers, each series moves a little sideways so equal points stay apart.
                let dx = if ranges {
                    (i as f64 - (count - 1.0) / 2.0) * 0.06
                } else {
                    0.0
                };
                let points: Vec<(f64, f64)> = series
                    .iter()
                    .map(|p| (p.workers as f64 + dx, p.speedup))
                    .collect();
                chart
                    .draw_series(LineSeries::new(
                        points.iter().copied(),
                        colour.stroke_width(2),
                    ))?
                    .label(name.as_str())
                    .legend(move |(x, y)| {
                        PathElement::new([(x, y), (x + 18, y)], colour.stroke_width(2))
                    });
                chart.draw_series(series.iter().filter_map(|p| {
                    let (low, high) = p.range?;
                    let x = p.workers as f64 + dx;
                    Some(PathElement::new(
                        [(x, low), (x, high)],
                        colour.stroke_width(1),
                    ))
                }))?;
                chart.draw_series(points.iter().map(|&p| Circle::new(p, 4, colour.filled())))?;
            }
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::UpperLeft)
                .label_font(font(12.0))
                .background_style(WHITE.mix(0.8))
                .border_style(BLACK)
                .draw()
        })
    }
}
