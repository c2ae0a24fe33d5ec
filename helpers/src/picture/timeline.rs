//! A run's timeline: a row per token, a bar per call, coloured by worker, with the measured and
//! predicted times drawn in; and, where the run has them, the time each token waited in a queue
//! and the time its worker waited for a [`RecordedMutex`](crate::RecordedMutex) and held it.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::time::Duration;

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::*;
use crate::run::{LockSpan, Record, Run};
use crate::seconds;

/// A timeline of one run: a row per token in input order, a bar per call from start to end,
/// coloured by worker, its completion rank written on it; the measured wall time and the predicted
/// makespan as vertical lines.
///
/// On a token's row, where the run has them: a thin grey line from the moment the token was queued
/// to its start (pools), a grey band while its worker waited for a recorded lock, and a dark strip
/// along the bottom of the row while it held one. Each has a legend entry only when drawn.
#[derive(Debug, Clone, Copy)]
pub struct Timeline<'a> {
    run: &'a Run,
}

impl Run {
    /// The run's timeline.
    pub fn timeline(&self) -> Timeline<'_> {
        Timeline { run: self }
    }
}

impl Picture for Timeline<'_> {
    fn description(&self) -> String {
        let summary = self.run.summary();
        let rest = summary.split_once(": ").map_or("", |(_, rest)| rest);
        let rest = rest.replacen(&self.run.dispatch.describe(), &workers_heading(self.run), 1);
        let mut text = format!(
            "Timeline of {}: a bar per word from its start to its end, {rest}",
            self.run.style
        );
        let marks = Layout::of(self.run).marks_drawn();
        if !marks.is_empty() {
            let _ = write!(text, "; also drawn: {}", marks.join(", "));
        }
        text
    }

    fn svg(&self) -> String {
        let layout = Layout::of(self.run);
        render(WIDTH, layout.height, |root| {
            let (header, rest) = root.split_vertically(TIMELINE_HEADER);
            let (chart_area, legend_area) = rest.split_vertically(layout.chart_height);
            draw_title(&header, &layout)?;
            let chart = draw_axes(&chart_area, &layout)?;
            draw_queued(root, &chart, &layout)?;
            let bar_labels = draw_bars(root, &chart, &layout)?;
            draw_locks(&chart, &layout)?;
            draw_times(root, &chart, &layout)?;
            draw_bar_labels(root, bar_labels)?;
            draw_legend(&legend_area, &layout)
        })
    }
}

/// The timeline's chart: seconds across, one row per token down.
type Chart<'a, 'b> = TimeChart<'a, 'b>;

/// Where everything goes, worked out from the run before anything is drawn: the rows, the time
/// axis, who gets which colour, and the room the labels need.
struct Layout<'r> {
    run: &'r Run,
    rows: Vec<TimelineRow<'r>>,
    /// At least one, so an empty run still draws a chart.
    row_count: usize,
    predicted: Option<Duration>,
    /// The end of the time axis, in seconds: a little past the later of measured and predicted.
    x_max: f64,
    /// Enough decimals on the time axis that tick labels differ, whether the unit is 1 s or 2 ms.
    decimals: usize,
    /// In the order they first started a task.
    workers: Vec<&'r str>,
    /// Up to eight workers get a colour each; more could not be told apart, so their bars share
    /// one colour and say which worker (numbered in the order they started) ran them.
    coloured: bool,
    /// What else each row shows, row for row with `rows`.
    marks: Vec<RowMarks>,
    /// Characters in the longest bar label and the longest token, for the margins.
    longest_bar_label: usize,
    token_width: usize,
    chart_height: u32,
    height: u32,
}

impl<'r> Layout<'r> {
    fn of(run: &'r Run) -> Self {
        let rows = timeline_rows(run);
        let row_count = rows.len().max(1);
        let predicted = run.predicted();
        let end = [Some(run.wall), predicted]
            .into_iter()
            .flatten()
            .max()
            .unwrap_or_default();
        let x_max = end.as_secs_f64().max(1e-3) * 1.04;
        let decimals = (2.0 - x_max.log10().floor()).clamp(0.0, 4.0) as usize;
        let workers = run.workers();
        let coloured = workers.len() <= PALETTE.len();
        let marks = row_marks(run, &rows, x_max);
        let mut layout = Layout {
            run,
            rows,
            row_count,
            predicted,
            x_max,
            decimals,
            workers,
            coloured,
            marks,
            longest_bar_label: 0,
            token_width: 0,
            chart_height: 40 + ROW_HEIGHT * row_count as u32,
            height: 0,
        };
        layout.longest_bar_label = layout
            .rows
            .iter()
            .filter_map(|row| row.record.map(|r| layout.bar_label(r).len()))
            .max()
            .unwrap_or(0);
        layout.token_width = layout
            .rows
            .iter()
            .map(|row| format!("{:?}", row.token).chars().count())
            .max()
            .unwrap_or(0);
        let mut legend_lines = if coloured {
            layout.workers.len().div_ceil(4)
        } else {
            1
        };
        if !layout.marks_drawn().is_empty() {
            legend_lines += 1;
        }
        let legend_height = 22 * legend_lines as u32 + 12;
        layout.height = TIMELINE_HEADER + layout.chart_height + legend_height;
        layout
    }

    /// The kinds of mark drawn besides the bars, as the legend names them.
    fn marks_drawn(&self) -> Vec<&'static str> {
        let any = |has: fn(&RowMarks) -> bool| self.marks.iter().any(has);
        let mut drawn = Vec::new();
        if any(|m| m.queued.is_some()) {
            drawn.push(QUEUED_LABEL);
        }
        if any(|m| !m.waits.is_empty()) {
            drawn.push(WAITING_LABEL);
        }
        if any(|m| !m.holds.is_empty()) {
            drawn.push(HOLDING_LABEL);
        }
        drawn
    }

    fn worker_number(&self, name: &str) -> usize {
        self.workers.iter().position(|w| *w == name).unwrap_or(0)
    }

    /// The text beside a bar: its completion rank, or why it has none.
    fn bar_label(&self, record: &Record) -> String {
        let mark = if record.outcome.is_ok() {
            format!("#{}", record.rank)
        } else if record.is_still_running() {
            crate::STILL_RUNNING.to_string()
        } else {
            "failed".to_string()
        };
        if self.coloured {
            mark
        } else {
            format!("{mark} (worker {})", self.worker_number(&record.worker) + 1)
        }
    }

    fn colour(&self, record: &Record) -> RGBColor {
        if self.coloured {
            palette_colour(self.worker_number(&record.worker))
        } else {
            PALETTE[0]
        }
    }

    // Row i counts from the top, so the first token is the first row.
    fn row_top(&self, i: usize) -> f64 {
        (self.row_count - i) as f64 - 0.15
    }

    fn row_bottom(&self, i: usize) -> f64 {
        (self.row_count - i - 1) as f64 + 0.15
    }
}

/// How the title names the run's workers: its dispatch (`2 workers`, `2 workers, chunks of 2`);
/// or, when more workers ran than the prediction assumed (twelve threads taking turns at one lock,
/// predicted as one worker), both, so that the title agrees with the legend's count.
fn workers_heading(run: &Run) -> String {
    let ran = run.workers().len();
    if ran > run.dispatch.workers() {
        format!(
            "{ran} workers ran; predicted for {}",
            run.dispatch.describe()
        )
    } else {
        run.dispatch.describe()
    }
}

/// The style and how it dispatched, centred above the chart.
fn draw_title(header: &Area, layout: &Layout) -> Drawn {
    header.draw(&Text::new(
        format!("{}: {}", layout.run.style, workers_heading(layout.run)),
        (WIDTH as i32 / 2, 6),
        font(17.0).pos(Pos::new(HPos::Center, VPos::Top)),
    ))
}

/// The time axis and the chart's frame, with room for the token names and the bar labels.
fn draw_axes<'a, 'b>(chart_area: &'a Area<'b>, layout: &Layout) -> Drawn<Chart<'a, 'b>> {
    let mut chart = ChartBuilder::on(chart_area)
        .margin_left(12)
        .margin_right(12 + 7 * layout.longest_bar_label as u32)
        .x_label_area_size(40)
        .y_label_area_size(16 + 8 * layout.token_width as u32)
        .build_cartesian_2d(0.0..layout.x_max, 0.0..layout.row_count as f64)?;
    let decimals = layout.decimals;
    let tick_label = |x: &f64| format!("{x:.decimals$}");
    draw_time_axis(
        &mut chart,
        "seconds since the start of the run",
        Some(&tick_label),
    )?;
    Ok(chart)
}

/// Each row's token name and its call's bar; returns where each bar's label goes, drawn last.
fn draw_bars(root: &Area, chart: &Chart, layout: &Layout) -> Drawn<Vec<((i32, i32), String)>> {
    let mut bar_labels = Vec::new();
    for (i, row) in layout.rows.iter().enumerate() {
        let (top, bottom) = (layout.row_top(i), layout.row_bottom(i));
        let middle = (top + bottom) / 2.0;
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
        let colour = layout.colour(record);
        // A failed call's bar is pale inside its worker's outline: the worker spent the time but
        // gave no result.
        let (start, end) = (record.start.as_secs_f64(), record.end.as_secs_f64());
        let corners = [(start, top), (end, bottom)];
        let area = chart.plotting_area();
        if record.outcome.is_ok() {
            area.draw(&Rectangle::new(corners, colour.filled()))?;
        } else {
            area.draw(&Rectangle::new(corners, colour.mix(0.3).filled()))?;
            area.draw(&Rectangle::new(corners, colour.stroke_width(2)))?;
        }
        let label_x = layout.marks[i].latest.map_or(end, |latest| latest.max(end));
        let at = chart.backend_coord(&(label_x, middle));
        bar_labels.push(((at.0 + 4, at.1), layout.bar_label(record)));
    }
    Ok(bar_labels)
}

/// The prediction as a wide pale line, the measurement as a dark dashed one on top: both stay
/// visible when they coincide. Each is labelled above the chart on a line of its own, text to the
/// left of its line; the later one on the upper line, so that the other's line never runs through
/// its text.
fn draw_times(root: &Area, chart: &Chart, layout: &Layout) -> Drawn {
    let run = layout.run;
    let plot_top = chart.backend_coord(&(0.0, layout.row_count as f64)).1;
    let plot_bottom = chart.backend_coord(&(0.0, 0.0)).1;
    let mut marks = vec![(run.wall, format!("measured {}", seconds(run.wall)), true)];
    if let Some(predicted) = layout.predicted {
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
    Ok(())
}

/// Bar labels last, on white, so that a time's line never runs through one.
fn draw_bar_labels(root: &Area, bar_labels: Vec<((i32, i32), String)>) -> Drawn {
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
    Ok(())
}

/// One swatch per worker, four to a line; or, past eight workers, one line saying how they are
/// numbered.
fn draw_legend(legend_area: &Area, layout: &Layout) -> Drawn {
    let workers = &layout.workers;
    if layout.coloured {
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
    let worker_lines = if layout.coloured {
        workers.len().div_ceil(4)
    } else {
        1
    };
    let y = 16 + 22 * worker_lines as i32;
    for (i, mark) in layout.marks_drawn().into_iter().enumerate() {
        let x = 90 + 170 * i as i32;
        let swatch = [(x, y - 7), (x + 14, y + 7)];
        match mark {
            QUEUED_LABEL => {
                legend_area.draw(&PathElement::new(
                    [(x, y), (x + 14, y)],
                    QUEUED_GREY.stroke_width(2),
                ))?;
                legend_area.draw(&PathElement::new(
                    [(x, y - 4), (x, y + 4)],
                    QUEUED_GREY.stroke_width(2),
                ))?;
            }
            WAITING_LABEL => {
                legend_area.draw(&Rectangle::new(swatch, WAITING_FILL.filled()))?;
                legend_area.draw(&Rectangle::new(swatch, WAITING_EDGE.stroke_width(1)))?;
            }
            _ => {
                let strip = [(x, y + 2), (x + 14, y + 7)];
                legend_area.draw(&Rectangle::new(strip, HOLDING_DARK.filled()))?;
            }
        }
        legend_area.draw(&Text::new(
            mark,
            (x + 20, y),
            font(12.0).pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    Ok(())
}

/// Each queued token's wait for a worker: a thin grey line from the moment it was queued (a tick)
/// to the moment a worker took it, under the bar.
fn draw_queued(root: &Area, chart: &Chart, layout: &Layout) -> Drawn {
    for (i, marks) in layout.marks.iter().enumerate() {
        let Some((queued, taken)) = marks.queued else {
            continue;
        };
        let middle = (layout.row_top(i) + layout.row_bottom(i)) / 2.0;
        let from = chart.backend_coord(&(queued, middle));
        let to = chart.backend_coord(&(taken, middle));
        root.draw(&PathElement::new([from, to], QUEUED_GREY.stroke_width(2)))?;
        root.draw(&PathElement::new(
            [(from.0, from.1 - 5), (from.0, from.1 + 5)],
            QUEUED_GREY.stroke_width(2),
        ))?;
    }
    Ok(())
}

/// On each token's row, over its bar: a grey band while its worker waited for a lock, a dark strip
/// along the bottom while it held one (at least two pixels wide, so a brief hold still shows).
fn draw_locks(chart: &Chart, layout: &Layout) -> Drawn {
    let area = chart.plotting_area();
    let plot_pixels =
        chart.backend_coord(&(layout.x_max, 0.0)).0 - chart.backend_coord(&(0.0, 0.0)).0;
    let two_pixels = 2.0 * layout.x_max / f64::from(plot_pixels.max(1));
    for (i, marks) in layout.marks.iter().enumerate() {
        let (top, bottom) = (layout.row_top(i), layout.row_bottom(i));
        let height = top - bottom;
        for &(from, to) in &marks.waits {
            let corners = [(from, top - height * 0.2), (to, bottom + height * 0.2)];
            area.draw(&Rectangle::new(corners, WAITING_FILL.filled()))?;
            area.draw(&Rectangle::new(corners, WAITING_EDGE.stroke_width(1)))?;
        }
        for &(from, to) in &marks.holds {
            let to = to.max(from + two_pixels);
            let strip_top = bottom + height * 0.3;
            // A white rule above the strip keeps it apart from a bar of any colour, black too.
            area.draw(&Rectangle::new(
                [(from, strip_top + height * 0.06), (to, strip_top)],
                WHITE.filled(),
            ))?;
            area.draw(&Rectangle::new(
                [(from, strip_top), (to, bottom)],
                HOLDING_DARK.filled(),
            ))?;
        }
    }
    Ok(())
}

/// What a row shows besides its bar, in seconds from the start of the run.
#[derive(Default)]
struct RowMarks {
    /// From the moment the token was queued to the moment a worker took it, if long enough to
    /// see.
    queued: Option<(f64, f64)>,
    /// Its worker waiting for a lock, each long enough to see.
    waits: Vec<(f64, f64)>,
    /// Its worker holding a lock.
    holds: Vec<(f64, f64)>,
    /// The end of the latest mark, where the bar's label goes if later than the bar's end.
    latest: Option<f64>,
}

/// A queue or lock wait shorter than this share of the time axis (about three pixels) is not
/// drawn: an uncontended lock or a worker that was free at once waited for nothing worth seeing.
const VISIBLE: f64 = 0.005;

/// The marks of each row: its token's queued time, and the lock waits and holds of the
/// acquisitions made for that token.
fn row_marks(run: &Run, rows: &[TimelineRow], x_max: f64) -> Vec<RowMarks> {
    let visible = |(from, to): (f64, f64)| to - from >= x_max * VISIBLE;
    let seconds_of = |(from, to): (Duration, Duration)| (from.as_secs_f64(), to.as_secs_f64());
    let mut marks: Vec<RowMarks> = rows
        .iter()
        .map(|row| RowMarks {
            queued: row.record.and_then(|r| {
                r.queued
                    .map(|(queued, taken)| seconds_of((queued, taken.max(queued))))
                    .filter(|&span| visible(span))
            }),
            ..RowMarks::default()
        })
        .collect();
    let mut row_of_index: HashMap<usize, usize> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        if let Some(index) = row.record.and_then(|r| r.index) {
            row_of_index.entry(index).or_insert(i);
        }
    }
    let row_of = |span: &LockSpan| {
        span.index
            .and_then(|index| row_of_index.get(&index).copied())
    };
    for span in run.locks() {
        let Some(i) = row_of(span) else {
            continue; // taken outside any token (say, the main thread at the end)
        };
        let wait = seconds_of(span.waiting(run.wall));
        if visible(wait) {
            marks[i].waits.push(wait);
        }
        if let Some(hold) = span.holding(run.wall) {
            marks[i].holds.push(seconds_of(hold));
        }
    }
    for mark in &mut marks {
        mark.latest = mark
            .waits
            .iter()
            .chain(&mark.holds)
            .map(|&(_, to)| to)
            .reduce(f64::max);
    }
    marks
}

const QUEUED_LABEL: &str = "queued";
const WAITING_LABEL: &str = "waiting for a lock";
const HOLDING_LABEL: &str = "holding a lock";
const QUEUED_GREY: RGBColor = RGBColor(140, 140, 140);
const WAITING_FILL: RGBColor = RGBColor(222, 222, 222);
const WAITING_EDGE: RGBColor = RGBColor(110, 110, 110);
const HOLDING_DARK: RGBColor = RGBColor(30, 30, 30);

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
