//! The report's SVG plots: the sleeping workload's pairs against their floors, dispatch, scaling.

use std::path::Path;

use helpers::{Picture, SpeedupChart};

use super::{Result, Results, Side};
use crate::chart::{Bar, FLOOR, PYTHON, RUST, bar_chart};
use crate::model::DispatchKind;

/// Writes every plot into `out` and returns their file names.
pub fn write_all(results: &Results, out: &Path) -> Result<Vec<String>> {
    let mut names = vec![scaling(results, out)?, dispatch(results, out)?];
    for &unit in &results.run.units_ms {
        names.push(sleeping(results, unit, out)?);
    }
    Ok(names)
}

/// The file name of the sleeping workload's overhead plot at one unit.
pub fn sleeping_plot_name(unit_ms: f64) -> String {
    format!("sleeping-overhead-{}ms.svg", unit_ms.round() as u64)
}

/// Each pair's two styles side by side, then the reference run of each schedule they ran (the
/// same sleeps by bare threads), each with its spread.
fn sleeping(results: &Results, unit: f64, out: &Path) -> Result<String> {
    let mut bars: Vec<Bar> = Vec::new();
    let mut floors: Vec<Bar> = Vec::new();
    for pair in results.sleeping.pairs.iter().filter(|p| p.unit_ms == unit) {
        for (side, style, colour) in [("python", &pair.python, PYTHON), ("rust", &pair.rust, RUST)]
        {
            let g = results
                .sleeping
                .groups
                .iter()
                .find(|g| {
                    g.side == side
                        && &g.style == style
                        && g.workers == pair.workers
                        && g.unit_ms == unit
                })
                .ok_or_else(|| format!("plot: no {side} {style} group"))?;
            let label = format!("{side} {} ({} workers)", g.style, g.workers);
            if !bars.iter().any(|b| b.label == label) {
                bars.push(Bar::of(label, &g.overhead_ms, colour));
            }
            let floor_label = format!(
                "reference, {side}: {} workers{}, bare sleeps",
                g.workers,
                g.chunk
                    .filter(|&c| c > 1)
                    .map_or(String::new(), |c| format!(", chunks of {c}"))
            );
            if !floors.iter().any(|b| b.label == floor_label) {
                let bar = match results.reference_run(Side::named(side)?, g) {
                    Some(run) => Bar::of(floor_label, &run.overshoot_ms, FLOOR),
                    None => Bar {
                        label: floor_label,
                        value: g.floor_ms,
                        min: g.floor_ms,
                        max: g.floor_ms,
                        colour: FLOOR,
                    },
                };
                floors.push(bar);
            }
        }
    }
    bars.extend(floors);
    let name = sleeping_plot_name(unit);
    std::fs::write(
        out.join(&name),
        bar_chart(
            &format!(
                "Sleeping workload, unit {unit} ms: overhead over the predicted makespan (median, min–max of {})",
                super::findings::repetitions(results.reps(unit))
            ),
            "milliseconds over the prediction (log scale)",
            &bars,
        ),
    )?;
    Ok(name)
}

/// 10,000 tiny tasks, grouped by kind so that like stands next to like.
fn dispatch(results: &Results, out: &Path) -> Result<String> {
    let mut bars = Vec::new();
    for kind in [
        DispatchKind::Sequential,
        DispatchKind::PerItemSubmit,
        DispatchKind::BatchedMap,
        DispatchKind::ThreadPerTask,
    ] {
        for (side, rows, colour) in [
            ("python", &results.dispatch.python, PYTHON),
            ("rust", &results.dispatch.rust, RUST),
        ] {
            for r in rows.iter().filter(|r| r.kind == kind && r.tasks == 10_000) {
                let label = format!("{}, {side}: {}", kind.describe(), r.label());
                bars.push(Bar::of(label, &r.us_per_task, colour));
            }
        }
    }
    let name = "dispatch.svg".to_string();
    std::fs::write(
        out.join(&name),
        bar_chart(
            "Dispatch: 10,000 tiny tasks, microseconds per task (median, min–max)",
            "µs per task (log scale)",
            &bars,
        ),
    )?;
    Ok(name)
}

/// A scaling point as the chart takes it: workers, median speed-up, lowest and highest round.
type RangedPoint = (usize, f64, f64, f64);

fn scaling(results: &Results, out: &Path) -> Result<String> {
    let s = &results.scaling.rust;
    let title = format!(
        "CPU-bound: {} equal tasks of {} ms, speed-up over one worker ({} cores)",
        s.tasks, s.task_ms, results.machine.cores
    );
    // Each series' points: workers, median speed-up, and the lowest and highest round.
    let mut series: Vec<(&str, Vec<RangedPoint>)> = Vec::new();
    for r in &results.scaling.rows {
        let (min, max) = r
            .speedup_rounds
            .map_or((r.speedup, r.speedup), |s| (s.min, s.max));
        let point = (r.workers, r.speedup, min, max);
        match series.iter_mut().find(|(name, _)| *name == r.series) {
            Some((_, points)) => points.push(point),
            None => series.push((&r.series, vec![point])),
        }
    }
    let chart = series.into_iter().fold(
        SpeedupChart::new(&title).cores(results.machine.cores),
        |chart, (name, points)| chart.series_with_ranges(name, points),
    );
    let file = "scaling.svg".to_string();
    chart.save_svg(out.join(&file))?;
    Ok(file)
}
