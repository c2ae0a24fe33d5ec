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
//! `evcxr_display` method) and saves to an SVG file from plain Rust. In a notebook it is an HTML
//! `<img>` holding the SVG (see [`Picture::html`]), which JupyterLab shows whether or not the reader
//! has run the notebook; a cell shows one of them (evcxr keeps one HTML block per cell).

use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::record::{Record, Run, seconds};

const FONT: &str = "sans-serif";
const ROW_HEIGHT: u32 = 26;
// Fits the notebook's column in JupyterLab at a 1280-pixel-wide window, file browser open.
const WIDTH: u32 = 800;

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// Anything that draws itself as an SVG picture.
pub trait Picture {
    /// The SVG text.
    fn svg(&self) -> String;

    /// A sentence saying what the picture shows, for readers who cannot see it (its `alt` text).
    fn description(&self) -> String;

    /// Writes the SVG to `path`.
    fn save_svg(&self, path: impl AsRef<Path>) -> std::io::Result<()> {
        std::fs::write(path, self.svg())
    }

    /// The HTML a notebook shows: an `<img>` holding the SVG (see [`svg_as_img`]).
    fn html(&self) -> String {
        svg_as_img(&self.svg(), &self.description())
    }
}

/// Shows HTML in evcxr: one `text/html` block. Pictures show as an `<img>` whose source is the SVG
/// (see [`Picture::html`]).
///
/// Not the SVG itself: a notebook the reader has not run is untrusted, and JupyterLab's sanitizer
/// then strips `<svg>` from HTML (leaving its words as loose text) and shows nothing for an
/// `image/svg+xml` output. An image with a `data:` URL survives the sanitizer, run or not.
fn display_in_evcxr(html: &str) {
    println!("EVCXR_BEGIN_CONTENT text/html\n{html}\nEVCXR_END_CONTENT");
}

/// An HTML `<img>` showing `svg` at its own size (or narrower, in a narrow column).
pub fn svg_as_img(svg: &str, alt: &str) -> String {
    let attribute = |text: &str| {
        text.replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let width = svg_width(svg).map_or(String::new(), |w| format!(" width=\"{w}\""));
    format!(
        "<img src=\"data:image/svg+xml;base64,{}\"{width} alt=\"{}\" style=\"max-width:100%;height:auto\">",
        base64(svg.as_bytes()),
        attribute(alt)
    )
}

/// The `width` attribute of the outer `<svg>` element, if it has one.
fn svg_width(svg: &str) -> Option<u32> {
    let tag = &svg[svg.find("<svg")?..];
    let tag = &tag[..tag.find('>')?];
    let value = &tag[tag.find(" width=\"")? + 8..];
    value[..value.find('"')?]
        .trim_end_matches("px")
        .parse()
        .ok()
}

/// Standard base64 with padding (RFC 4648): too small a job for another dependency.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut text = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            text.push(if i <= chunk.len() {
                ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char
            } else {
                '='
            });
        }
    }
    text
}

/// Shows an SVG file (a plot saved earlier, say by `make bench`) in an evcxr notebook.
pub fn show_svg_file(path: impl AsRef<Path>) -> std::io::Result<()> {
    let path = path.as_ref();
    let alt = path.file_stem().map_or(String::new(), |s| {
        s.to_string_lossy().replace(['_', '-'], " ")
    });
    display_in_evcxr(&svg_as_img(&std::fs::read_to_string(path)?, &alt));
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

/// The Okabe-Ito palette, which people with any common colour-blindness can tell apart; darkest
/// and most distinct first. A picture needing more colours than these labels its marks instead.
const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(230, 159, 0),   // orange
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(240, 228, 66),  // yellow
    RGBColor(0, 0, 0),       // black
];

fn palette_colour(index: usize) -> RGBColor {
    PALETTE[index % PALETTE.len()]
}

/// Text `pixels` high on screen. (plotters' SVG backend writes a font's size divided by 1.24.)
fn font(pixels: f64) -> TextStyle<'static> {
    TextStyle::from((FONT, pixels * 1.24).into_font())
}

/// Writes `text` right-aligned just left of the plotting area, centred on the row at `y`.
fn row_label(
    root: &Area,
    at: (i32, i32),
    text: &str,
) -> Result<(), DrawingAreaErrorKind<std::io::Error>> {
    let style = font(13.0).pos(Pos::new(HPos::Right, VPos::Center));
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
    fn description(&self) -> String {
        format!(
            "Timeline of {}: a bar per word from its start to its end, {}",
            self.run.style,
            self.run
                .summary()
                .split_once(": ")
                .map_or("", |(_, rest)| rest)
        )
    }

    fn svg(&self) -> String {
        let run = self.run;
        let rows = timeline_rows(run);
        let row_count = rows.len().max(1);
        let predicted = run.predicted();
        let end = [Some(run.wall), predicted]
            .into_iter()
            .flatten()
            .max()
            .unwrap_or_default();
        let x_max = end.as_secs_f64().max(1e-3) * 1.04;
        // Enough decimals that tick labels differ, whether the unit is 1 s or 2 ms.
        let decimals = (2.0 - x_max.log10().floor()).clamp(0.0, 4.0) as usize;
        let workers = run.workers();
        // Up to eight workers get a colour each; more could not be told apart, so their bars
        // share one colour and say which worker (numbered in the order they started) ran them.
        let coloured = workers.len() <= PALETTE.len();
        let worker_number = |name: &str| workers.iter().position(|w| *w == name).unwrap_or(0);
        let bar_label = |record: &Record| {
            let mark = if record.outcome.is_ok() {
                format!("#{}", record.rank)
            } else if record.is_still_running() {
                crate::record::STILL_RUNNING.to_string()
            } else {
                "failed".to_string()
            };
            if coloured {
                mark
            } else {
                format!("{mark} (worker {})", worker_number(&record.worker) + 1)
            }
        };
        let longest_bar_label = rows
            .iter()
            .filter_map(|row| row.record.map(|r| bar_label(r).len()))
            .max()
            .unwrap_or(0);
        let token_width = rows
            .iter()
            .map(|row| format!("{:?}", row.token).chars().count())
            .max()
            .unwrap_or(0);
        let legend_lines = if coloured {
            workers.len().div_ceil(4)
        } else {
            1
        };
        let legend_height = 22 * legend_lines as u32 + 12;
        let chart_height = 40 + ROW_HEIGHT * row_count as u32;
        let height = TIMELINE_HEADER + chart_height + legend_height;

        render(WIDTH, height, |root| {
            let (header, rest) = root.split_vertically(TIMELINE_HEADER);
            let (chart_area, legend_area) = rest.split_vertically(chart_height);
            header.draw(&Text::new(
                format!("{}: {}", run.style, run.dispatch.describe()),
                (WIDTH as i32 / 2, 6),
                font(17.0).pos(Pos::new(HPos::Center, VPos::Top)),
            ))?;
            let mut chart = ChartBuilder::on(&chart_area)
                .margin_left(12)
                .margin_right(12 + 7 * longest_bar_label as u32)
                .x_label_area_size(40)
                .y_label_area_size(16 + 8 * token_width as u32)
                .build_cartesian_2d(0.0..x_max, 0.0..row_count as f64)?;
            chart
                .configure_mesh()
                .label_style(font(12.0))
                .axis_desc_style(font(12.0))
                .disable_y_mesh()
                .y_labels(0)
                .x_desc("seconds since the start of the run")
                .x_label_formatter(&|x| format!("{x:.decimals$}"))
                .draw()?;

            // Row i counts from the top, so the first token is the first row.
            let mut bar_labels = Vec::new();
            let row_top = |i: usize| (row_count - i) as f64 - 0.15;
            let row_bottom = |i: usize| (row_count - i - 1) as f64 + 0.15;
            for (i, row) in rows.iter().enumerate() {
                let middle = (row_top(i) + row_bottom(i)) / 2.0;
                row_label(
                    root,
                    chart.backend_coord(&(0.0, middle)),
                    &format!("{:?}", row.token),
                )?;
                let Some(record) = row.record else {
                    let at = chart.backend_coord(&(0.0, middle));
                    root.draw(&Text::new(
                        "never started",
                        (at.0 + 6, at.1),
                        font(12.0)
                            .color(&NOTE_GREY)
                            .pos(Pos::new(HPos::Left, VPos::Center)),
                    ))?;
                    continue;
                };
                let colour = if coloured {
                    palette_colour(worker_number(&record.worker))
                } else {
                    PALETTE[0]
                };
                // A failed call's bar is pale inside its worker's outline: the worker spent the
                // time but gave no result.
                let (start, end) = (record.start.as_secs_f64(), record.end.as_secs_f64());
                let corners = [(start, row_top(i)), (end, row_bottom(i))];
                if record.outcome.is_ok() {
                    chart.draw_series([Rectangle::new(corners, colour.filled())])?;
                } else {
                    chart.draw_series([
                        Rectangle::new(corners, colour.mix(0.3).filled()),
                        Rectangle::new(corners, colour.stroke_width(2)),
                    ])?;
                }
                let at = chart.backend_coord(&(end, middle));
                bar_labels.push(((at.0 + 4, at.1), bar_label(record)));
            }

            // The prediction as a wide pale line, the measurement as a dark dashed one on top:
            // both stay visible when they coincide. Each is labelled above the chart on a line of
            // its own, text to the left of its line; the later one on the upper line, so that the
            // other's line never runs through its text.
            let plot_top = chart.backend_coord(&(0.0, row_count as f64)).1;
            let plot_bottom = chart.backend_coord(&(0.0, 0.0)).1;
            let mut marks = vec![(run.wall, format!("measured {}", seconds(run.wall)), true)];
            if let Some(predicted) = predicted {
                marks.push((
                    predicted,
                    format!("predicted {}", seconds(predicted)),
                    false,
                ));
            }
            marks.sort_by_key(|(at, _, measured)| (std::cmp::Reverse(*at), *measured));
            for (line, (at, label, measured)) in marks.iter().enumerate() {
                let x = chart.backend_coord(&(at.as_secs_f64(), 0.0)).0;
                let label_y = plot_top - 28 + 16 * line as i32;
                let path = [(x, label_y - 6), (x, plot_bottom)];
                if *measured {
                    root.draw(&DashedPathElement::new(path, 6, 4, BLACK.stroke_width(2)))?;
                } else {
                    root.draw(&PathElement::new(
                        path,
                        PREDICTED_GREY.mix(0.5).stroke_width(5),
                    ))?;
                }
                let colour = if *measured { BLACK } else { NOTE_GREY };
                root.draw(&Text::new(
                    label.clone(),
                    (x - 5, label_y),
                    font(12.0)
                        .color(&colour)
                        .pos(Pos::new(HPos::Right, VPos::Center)),
                ))?;
            }

            // Bar labels last, on white, so that a time's line never runs through one.
            for (at, label) in bar_labels {
                // About 5.8 pixels a character in a 12-pixel sans-serif font.
                let width = (5.8 * label.chars().count() as f64) as i32 + 2;
                root.draw(&Rectangle::new(
                    [(at.0 - 1, at.1 - 7), (at.0 + width, at.1 + 7)],
                    WHITE.filled(),
                ))?;
                root.draw(&Text::new(
                    label,
                    at,
                    font(12.0).pos(Pos::new(HPos::Left, VPos::Center)),
                ))?;
            }

            if coloured {
                // One swatch per worker, four to a line.
                for (i, worker) in workers.iter().enumerate() {
                    let (x, y) = (90 + 170 * (i % 4) as i32, 16 + 22 * (i / 4) as i32);
                    legend_area.draw(&Rectangle::new(
                        [(x, y - 7), (x + 14, y + 7)],
                        palette_colour(i).filled(),
                    ))?;
                    legend_area.draw(&Text::new(
                        worker.to_string(),
                        (x + 20, y),
                        font(12.0).pos(Pos::new(HPos::Left, VPos::Center)),
                    ))?;
                }
            } else {
                legend_area.draw(&Text::new(
                    format!(
                        "{} workers, numbered 1 to {} in the order they started",
                        workers.len(),
                        workers.len()
                    ),
                    (90, 16),
                    font(12.0).pos(Pos::new(HPos::Left, VPos::Center)),
                ))?;
            }
            Ok(())
        })
    }
}

/// Room above a timeline's chart: the title, then a line each for the measured and predicted times.
const TIMELINE_HEADER: u32 = 66;
const NOTE_GREY: RGBColor = RGBColor(90, 90, 90);
const PREDICTED_GREY: RGBColor = RGBColor(150, 150, 150);

/// A row of a timeline: an input token and the call that ran it, or `None` if none ever started.
struct TimelineRow<'r> {
    token: &'r str,
    record: Option<&'r Record>,
}

/// Every input token in input order, with its call if it ran; calls of tokens not in the input last.
/// So a run that stopped early still shows every token: those it never started have empty rows.
fn timeline_rows(run: &Run) -> Vec<TimelineRow<'_>> {
    let mut rows: Vec<(usize, Duration, TimelineRow)> = run
        .in_input_order()
        .into_iter()
        .map(|record| {
            let position = record.index.unwrap_or(usize::MAX);
            let row = TimelineRow {
                token: &record.token,
                record: Some(record),
            };
            (position, record.start, row)
        })
        .collect();
    for (index, token) in run.not_started() {
        rows.push((
            index,
            Duration::ZERO,
            TimelineRow {
                token,
                record: None,
            },
        ));
    }
    rows.sort_by_key(|(position, start, _)| (*position, *start));
    rows.into_iter().map(|(_, _, row)| row).collect()
}

impl Timeline<'_> {
    /// Shows the timeline in an evcxr notebook.
    pub fn evcxr_display(&self) {
        display_in_evcxr(&self.html());
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
            chart
                .configure_mesh()
                .label_style(font(12.0))
                .axis_desc_style(font(12.0))
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
        display_in_evcxr(&self.html());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in cases {
            assert_eq!(base64(plain.as_bytes()), encoded, "{plain:?}");
        }
        assert_eq!(base64(&[0xfb, 0xff]), "+/8=");
    }

    #[test]
    fn svg_width_reads_the_outer_element() {
        assert_eq!(
            svg_width(r#"<svg width="800" height="9"><rect width="3"/></svg>"#),
            Some(800)
        );
        assert_eq!(
            svg_width(r#"<svg height="9"><rect width="3"/></svg>"#),
            None
        );
    }
}
