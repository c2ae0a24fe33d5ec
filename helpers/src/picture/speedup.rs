//! Speed-up against worker count, with the ideal line drawn in.

use plotters::prelude::*;

use super::*;

/// Speed-up against worker count, one line per series, with the ideal line drawn in.
#[derive(Debug, Clone)]
pub struct SpeedupChart {
    title: String,
    series: Vec<(String, Vec<(usize, f64)>)>,
}

impl SpeedupChart {
    /// An empty chart.
    pub fn new(title: &str) -> Self {
        SpeedupChart {
            title: title.to_string(),
            series: Vec::new(),
        }
    }

    /// Adds a series of `(workers, speed-up)` points.
    pub fn series(mut self, name: &str, points: Vec<(usize, f64)>) -> Self {
        self.series.push((name.to_string(), points));
        self
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
                    .map(|(w, s)| format!("{w}: {s:.2}x"))
                    .collect();
                format!("{name} ({})", points.join(", "))
            })
            .collect();
        format!(
            "{}: speed-up by number of workers, {}",
            self.title,
            series.join("; ")
        )
    }

    fn svg(&self) -> String {
        let max_workers = self
            .series
            .iter()
            .flat_map(|(_, p)| p.iter().map(|(w, _)| *w))
            .max()
            .unwrap_or(1)
            .max(2);
        let max_speedup = self
            .series
            .iter()
            .flat_map(|(_, p)| p.iter().map(|(_, s)| *s))
            .fold(max_workers as f64, f64::max);
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
                .y_desc("speed-up over one worker")
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
            for (i, (name, points)) in self.series.iter().enumerate() {
                let colour = palette_colour(i);
                let points: Vec<(f64, f64)> = points.iter().map(|&(w, s)| (w as f64, s)).collect();
                chart
                    .draw_series(LineSeries::new(
                        points.iter().copied(),
                        colour.stroke_width(2),
                    ))?
                    .label(name.as_str())
                    .legend(move |(x, y)| {
                        PathElement::new([(x, y), (x + 18, y)], colour.stroke_width(2))
                    });
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
