//! Pictures of runs: a timeline per run, a comparison of runs, speed-up curves, a results table.
//!
//! ```
//! use helpers::{record, set_time_unit, work, Picture};
//! set_time_unit(std::time::Duration::from_millis(1));
//! let tokens = ["ab", "c"];
//! let (_, run) = record("sequential", &tokens, 1, || tokens.map(|t| work(t)));
//! let svg = run.timeline().svg();
//! assert!(svg.starts_with("<svg") && svg.contains("sequential"));
//! ```
//!
//! Each picture displays itself in an evcxr notebook when it is a cell's last value (through its
//! `evcxr_display` method) and saves to an SVG file from plain Rust. All of them are HTML with
//! inline SVG, so a notebook cell shows exactly one of them.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::record::{Run, seconds};

const FONT: &str = "sans-serif";
const ROW_HEIGHT: u32 = 26;
const WIDTH: u32 = 760;

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// Anything that draws itself as an SVG picture.
pub trait Picture {
    /// The SVG text.
    fn svg(&self) -> String;

    /// Writes the SVG to `path`.
    fn save_svg(&self, path: impl AsRef<Path>) -> std::io::Result<()> {
        std::fs::write(path, self.svg())
    }
}

/// Shows a picture in evcxr: one `text/html` block holding the SVG.
fn display_in_evcxr(svg: &str) {
    println!("EVCXR_BEGIN_CONTENT text/html\n<div>{svg}</div>\nEVCXR_END_CONTENT");
}

/// Shows an SVG file (a plot saved earlier, say by `make bench`) in an evcxr notebook.
pub fn show_svg_file(path: impl AsRef<Path>) -> std::io::Result<()> {
    display_in_evcxr(&std::fs::read_to_string(path)?);
    Ok(())
}

/// Renders with `draw`, which gets the whole canvas; plotting errors only come from the backend
/// writing into a `String`, which cannot fail, so they are bugs.
fn render(
    width: u32,
    height: u32,
    draw: impl FnOnce(&Area) -> Result<(), DrawingAreaErrorKind<std::io::Error>>,
) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).expect("fill a string canvas");
        draw(&root).expect("draw on a string canvas");
        root.present().expect("finish a string canvas");
    }
    svg
}

fn worker_colour(index: usize) -> RGBColor {
    // Colour-blind-safe (Okabe-Ito) first, then plotters' palette for large pools.
    const COLOURS: [RGBColor; 7] = [
        RGBColor(0, 114, 178),
        RGBColor(230, 159, 0),
        RGBColor(0, 158, 115),
        RGBColor(204, 121, 167),
        RGBColor(86, 180, 233),
        RGBColor(213, 94, 0),
        RGBColor(240, 228, 66),
    ];
    COLOURS.get(index).copied().unwrap_or_else(|| {
        let c = Palette99::pick(index).to_rgba();
        RGBColor(c.0, c.1, c.2)
    })
}

/// Writes `text` right-aligned just left of the plotting area, centred on the row at `y`.
fn row_label(
    root: &Area,
    at: (i32, i32),
    text: &str,
) -> Result<(), DrawingAreaErrorKind<std::io::Error>> {
    let style = TextStyle::from((FONT, 13).into_font()).pos(Pos::new(HPos::Right, VPos::Center));
    root.draw(&Text::new(text.to_string(), (at.0 - 6, at.1), style))
}

/// A timeline of one run: a row per token in input order, a bar per call from start to end,
/// coloured by worker, its completion rank written on it; the measured wall time and the predicted
/// makespan as vertical lines.
pub struct Timeline<'a> {
    run: &'a Run,
}

impl Run {
    /// The run's timeline.
    pub fn timeline(&self) -> Timeline<'_> {
        Timeline { run: self }
    }

    /// The run's results as an HTML table.
    pub fn table(&self) -> ResultsTable<'_> {
        ResultsTable { run: self }
    }
}

impl Picture for Timeline<'_> {
    fn svg(&self) -> String {
        let run = self.run;
        let records = run.in_input_order();
        let rows = records.len().max(1);
        let predicted = run.predicted();
        let end = [Some(run.wall), predicted]
            .into_iter()
            .flatten()
            .max()
            .unwrap_or_default();
        let x_max = end.as_secs_f64().max(1e-3) * 1.08;
        // Enough decimals that tick labels differ, whether the unit is 1 s or 2 ms.
        let decimals = (2.0 - x_max.log10().floor()).clamp(0.0, 4.0) as usize;
        let workers = run.workers();
        let legend_height = 22 * workers.len().div_ceil(5) as u32 + 6;
        let height = 110 + ROW_HEIGHT * rows as u32 + legend_height;

        render(WIDTH, height, |root| {
            let (chart_area, _) = root.split_vertically(height - legend_height);
            let mut chart = ChartBuilder::on(&chart_area)
                .caption(
                    format!("{}: {}", run.style, run.dispatch.describe()),
                    (FONT, 18),
                )
                .margin(12)
                .x_label_area_size(34)
                .y_label_area_size(90)
                .build_cartesian_2d(0.0..x_max, 0.0..rows as f64)?;
            chart
                .configure_mesh()
                .disable_y_mesh()
                .y_labels(0)
                .x_desc("seconds since the start of the run")
                .x_label_formatter(&|x| format!("{x:.decimals$}"))
                .draw()?;

            // Row i counts from the top, so the first token is the first row.
            let row_top = |i: usize| (rows - i) as f64 - 0.15;
            let row_bottom = |i: usize| (rows - i - 1) as f64 + 0.15;
            for (row, record) in records.iter().enumerate() {
                let colour = worker_colour(
                    workers
                        .iter()
                        .position(|w| *w == record.worker)
                        .unwrap_or(0),
                );
                let (start, end) = (record.start.as_secs_f64(), record.end.as_secs_f64());
                let style = if record.outcome.is_ok() {
                    colour.filled()
                } else {
                    colour.mix(0.35).filled()
                };
                chart.draw_series([Rectangle::new(
                    [(start, row_top(row)), (end, row_bottom(row))],
                    style,
                )])?;
                let mark = if record.outcome.is_ok() {
                    format!("#{}", record.rank)
                } else if record.is_still_running() {
                    crate::record::STILL_RUNNING.into()
                } else {
                    "failed".into()
                };
                let middle = (row_top(row) + row_bottom(row)) / 2.0;
                let label_at = chart.backend_coord(&(end, middle));
                root.draw(&Text::new(
                    mark,
                    (label_at.0 + 4, label_at.1),
                    TextStyle::from((FONT, 12).into_font()).pos(Pos::new(HPos::Left, VPos::Center)),
                ))?;
                let token_at = chart.backend_coord(&(0.0, middle));
                row_label(root, token_at, &format!("{:?}", record.token))?;
            }

            // The prediction is labelled at the top, the measurement at the bottom: they are often close.
            let mut mark_time = |at: Duration, label: String, colour: RGBColor, at_top: bool| {
                let x = at.as_secs_f64();
                chart.draw_series(DashedLineSeries::new(
                    [(x, 0.0), (x, rows as f64)],
                    6,
                    4,
                    colour.stroke_width(2),
                ))?;
                let (y, vpos, nudge) = if at_top {
                    (rows as f64, VPos::Top, 2)
                } else {
                    (0.0, VPos::Bottom, -2)
                };
                let anchor = chart.backend_coord(&(x, y));
                root.draw(&Text::new(
                    label,
                    (anchor.0 - 4, anchor.1 + nudge),
                    TextStyle::from((FONT, 12).into_font())
                        .color(&colour)
                        .pos(Pos::new(HPos::Right, vpos)),
                ))
            };
            if let Some(predicted) = predicted {
                mark_time(
                    predicted,
                    format!("predicted {}", seconds(predicted)),
                    RGBColor(120, 120, 120),
                    true,
                )?;
            }
            mark_time(
                run.wall,
                format!("measured {}", seconds(run.wall)),
                RGBColor(200, 30, 30),
                false,
            )?;

            // Legend: one swatch per worker, under the chart.
            for (i, worker) in workers.iter().enumerate() {
                let (x, y) = (
                    100 + 130 * (i % 5) as i32,
                    height as i32 - 12 - 22 * (workers.len().div_ceil(5) - 1 - i / 5) as i32,
                );
                root.draw(&Rectangle::new(
                    [(x, y - 6), (x + 12, y + 6)],
                    worker_colour(i).filled(),
                ))?;
                root.draw(&Text::new(
                    worker.to_string(),
                    (x + 16, y),
                    TextStyle::from((FONT, 12).into_font()).pos(Pos::new(HPos::Left, VPos::Center)),
                ))?;
            }
            Ok(())
        })
    }
}

impl Timeline<'_> {
    /// Shows the timeline in an evcxr notebook.
    pub fn evcxr_display(&self) {
        display_in_evcxr(&self.svg());
    }
}

/// Measured wall time against the prediction, one row per run.
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
        display_in_evcxr(&self.svg());
    }
}

impl Picture for Comparison {
    fn svg(&self) -> String {
        let rows = self.rows.len().max(1);
        let longest = self
            .rows
            .iter()
            .flat_map(|(_, wall, predicted)| [Some(*wall), *predicted])
            .flatten()
            .max();
        let x_max = longest.unwrap_or_default().as_secs_f64().max(1e-3) * 1.25;
        let label_width = self
            .rows
            .iter()
            .map(|(name, ..)| name.len() as u32 * 7 + 12)
            .max()
            .unwrap_or(90);
        let height = 110 + 2 * ROW_HEIGHT * rows as u32;
        render(WIDTH + label_width, height, |root| {
            let (chart_area, _) = root.split_vertically(height - 26);
            let mut chart = ChartBuilder::on(&chart_area)
                .caption(&self.title, (FONT, 18))
                .margin(12)
                .x_label_area_size(34)
                .y_label_area_size(label_width)
                .build_cartesian_2d(0.0..x_max, 0.0..rows as f64)?;
            chart
                .configure_mesh()
                .disable_y_mesh()
                .y_labels(0)
                .x_desc("seconds")
                .draw()?;
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
                        TextStyle::from((FONT, 11).into_font())
                            .pos(Pos::new(HPos::Left, VPos::Center)),
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
                    TextStyle::from((FONT, 12).into_font()).pos(Pos::new(HPos::Left, VPos::Center)),
                ))?;
            }
            Ok(())
        })
    }
}

/// Speed-up against worker count, one line per series, with the ideal line drawn in.
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
        display_in_evcxr(&self.svg());
    }
}

impl Picture for SpeedupChart {
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
                .caption(&self.title, (FONT, 18))
                .margin(12)
                .x_label_area_size(34)
                .y_label_area_size(50)
                .build_cartesian_2d(0.5..max_workers as f64 + 0.5, 0.0..max_speedup * 1.1)?;
            chart
                .configure_mesh()
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
                let colour = worker_colour(i);
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
                .background_style(WHITE.mix(0.8))
                .border_style(BLACK)
                .draw()
        })
    }
}

/// A run's results as an HTML table: token, result, worker, start, end, completion rank.
pub struct ResultsTable<'a> {
    run: &'a Run,
}

impl ResultsTable<'_> {
    /// The table as HTML.
    pub fn html(&self) -> String {
        let escape = |text: &str| {
            text.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
        };
        let mut html = String::from(
            "<table><thead><tr><th>token</th><th>result</th><th>worker</th><th>start (s)</th><th>end (s)</th><th>rank</th></tr></thead><tbody>",
        );
        for r in self.run.in_input_order() {
            let result = match &r.outcome {
                Ok(result) => escape(result),
                Err(error) => format!("<b>failed</b>: {}", escape(error)),
            };
            let _ = write!(
                html,
                "<tr><td>{}</td><td>{result}</td><td>{}</td><td>{:.3}</td><td>{:.3}</td><td>{}</td></tr>",
                escape(&format!("{:?}", r.token)),
                escape(&r.worker),
                r.start.as_secs_f64(),
                r.end.as_secs_f64(),
                r.rank
            );
        }
        html + "</tbody></table>"
    }

    /// Shows the table in an evcxr notebook.
    pub fn evcxr_display(&self) {
        println!(
            "EVCXR_BEGIN_CONTENT text/html\n{}\nEVCXR_END_CONTENT",
            self.html()
        );
    }
}
