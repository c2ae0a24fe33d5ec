//! Runs side by side: each one's measured wall time against its prediction.

use std::time::Duration;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::*;
use crate::run::Run;
use crate::seconds;

/// Measured wall time against the prediction, one row per run.
#[derive(Debug, Clone)]
pub struct Comparison {
    title: String,
    rows: Vec<(String, Duration, Option<Duration>)>,
}

impl Comparison {
    /// A comparison of these runs, in this order.
    pub fn of<'a>(title: &str, runs: impl IntoIterator<Item = &'a Run>) -> Self {
        let rows = runs
            .into_iter()
            .map(|r| {
                (
                    format!("{} ({})", r.style, r.dispatch.describe()),
                    r.wall,
                    r.predicted(),
                )
            })
            .collect();
        Comparison {
            title: title.to_string(),
            rows,
        }
    }

    /// Shows the comparison in an evcxr notebook.
    pub fn evcxr_display(&self) {
        display_in_evcxr(&self.html());
    }
}

impl Picture for Comparison {
    fn description(&self) -> String {
        let runs: Vec<String> = self
            .rows
            .iter()
            .map(|(name, wall, predicted)| {
                let predicted =
                    predicted.map_or(String::new(), |p| format!(", predicted {}", seconds(p)));
                format!("{name}: measured {}{predicted}", seconds(*wall))
            })
            .collect();
        format!("{}: {}", self.title, runs.join("; "))
    }

    fn svg(&self) -> String {
        let rows = self.rows.len().max(1);
        let longest = self
            .rows
            .iter()
            .flat_map(|(_, wall, predicted)| [Some(*wall), *predicted])
            .flatten()
            .max();
        let x_max = longest.unwrap_or_default().as_secs_f64().max(1e-3) * 1.02;
        let label_width = self
            .rows
            .iter()
            .map(|(name, ..)| name.chars().count() as u32 * 8 + 12)
            .max()
            .unwrap_or(90)
            .min(WIDTH / 2);
        let height = 120 + 2 * ROW_HEIGHT * rows as u32;
        render(WIDTH, height, |root| {
            let (chart_area, _) = root.split_vertically(height - 26);
            let mut chart = ChartBuilder::on(&chart_area)
                .caption(&self.title, font(17.0))
                .margin(12)
                .margin_right(60) // the time written after the longest bar
                .x_label_area_size(44)
                .y_label_area_size(label_width)
                .build_cartesian_2d(0.0..x_max, 0.0..rows as f64)?;
            draw_time_axis(&mut chart, "seconds", None)?;
            let measured_colour = RGBColor(0, 114, 178);
            let predicted_colour = RGBColor(190, 190, 190);
            for (row, (name, wall, predicted)) in self.rows.iter().enumerate() {
                let top = (rows - row) as f64 - 0.12;
                let middle = top - 0.38;
                let bottom = top - 0.76;
                let mut bar = |from: f64, to: f64, value: Duration, colour: RGBColor| {
                    let x = value.as_secs_f64();
                    chart.draw_series([Rectangle::new([(0.0, from), (x, to)], colour.filled())])?;
                    let at = chart.backend_coord(&(x, (from + to) / 2.0));
                    root.draw(&Text::new(
                        seconds(value),
                        (at.0 + 4, at.1),
                        font(12.0).pos(Pos::new(HPos::Left, VPos::Center)),
                    ))
                };
                bar(top, middle, *wall, measured_colour)?;
                if let Some(predicted) = predicted {
                    bar(middle, bottom, *predicted, predicted_colour)?;
                }
                row_label(root, chart.backend_coord(&(0.0, middle)), name)?;
            }
            for (i, (label, colour)) in [
                ("measured", measured_colour),
                ("predicted", predicted_colour),
            ]
            .into_iter()
            .enumerate()
            {
                let (x, y) = (label_width as i32 + 20 + 110 * i as i32, height as i32 - 14);
                root.draw(&Rectangle::new(
                    [(x, y - 6), (x + 12, y + 6)],
                    colour.filled(),
                ))?;
                root.draw(&Text::new(
                    label,
                    (x + 16, y),
                    font(12.0).pos(Pos::new(HPos::Left, VPos::Center)),
                ))?;
            }
            Ok(())
        })
    }
}
