//! From typed inputs to results: the sleeping workload's groups and Rust–Python pairs, each
//! against the floor of its own schedule; dispatch pairs of the same kind; break-even; scaling;
//! the targets. A pair or figure that should exist and does not is an error, never a gap.

use std::collections::BTreeMap;
use std::path::Path;

use helpers::Style;
use serde::{Deserialize, Serialize};

use super::{Inputs, Machine, Result, Results, Side, Sides};
use crate::model::{
    BreakevenRow, DispatchKind, DispatchRow, FloorSection, Granularity, RecordingRow, Scaling,
    ScalingPoint, ScalingSection, ScheduleFloor, Stats, api,
};
use crate::stats;

// ---- the sleeping workload

/// The Rust style that a Python style is benchmarked against, and the largest Rust/Python overhead
/// ratio its target allows: read from helpers' style table ([`helpers::STYLES`]), where each Rust
/// style lists its Python counterparts.
fn rust_counterpart(python_style: &str) -> Option<(&'static Style, f64)> {
    helpers::STYLES.iter().find_map(|style| {
        style
            .python
            .iter()
            .find(|counterpart| counterpart.style == python_style)
            .map(|counterpart| (style, counterpart.overhead_ratio_at_most))
    })
}

/// A Rust style of helpers' runner, by the name its run line carries.
fn rust_style(name: &str) -> Result<&'static Style> {
    helpers::find_style(name).ok_or_else(|| {
        format!("rust style {name:?} is not in helpers' style table (run-styles --list)").into()
    })
}

/// One style at one worker count and unit, over its repetitions.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Group {
    /// `rust` or `python`.
    pub side: String,
    /// The style's name on its side.
    pub style: String,
    /// Workers in its pool.
    pub workers: usize,
    /// The tutorial's "second" in milliseconds.
    pub unit_ms: f64,
    /// How the style hands out the tokens.
    pub granularity: Granularity,
    /// Whether its pool or runtime starts inside the timed span.
    pub startup_in_clock: bool,
    /// Items per chunk, for the chunked styles.
    pub chunk: Option<usize>,
    /// The makespan its schedule predicts, in milliseconds.
    pub predicted_ms: f64,
    /// Measured wall time over the repetitions.
    pub wall_ms: Stats,
    /// Wall time minus the prediction.
    pub overhead_ms: Stats,
    /// The same schedule slept by bare threads on the same side: what a free pool would add.
    pub floor_ms: f64,
    /// Sleeps back to back on the busiest worker.
    pub sleeps_on_longest_chain: usize,
    /// The overhead's median in multiples of the floor.
    pub overhead_over_floor: f64,
}

/// A Rust style against the Python style that does the same job with as many workers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Pair {
    /// The tutorial's "second" in milliseconds.
    pub unit_ms: f64,
    /// Workers on each side.
    pub workers: usize,
    /// The Python style.
    pub python: String,
    /// The Rust style.
    pub rust: String,
    /// How the Python style hands out tokens.
    pub python_granularity: Granularity,
    /// How the Rust style hands out tokens.
    pub rust_granularity: Granularity,
    /// Python's median overhead over the prediction.
    pub python_overhead_ms: f64,
    /// Rust's median overhead over the prediction.
    pub rust_overhead_ms: f64,
    /// Python's floor for this schedule.
    pub python_floor_ms: f64,
    /// Rust's floor for this schedule.
    pub rust_floor_ms: f64,
    /// Sleeps back to back on the busiest worker of this schedule.
    pub sleeps_on_longest_chain: usize,
    /// Rust's overhead over Python's.
    pub ratio: f64,
    /// The largest ratio the target allows.
    pub wanted_at_most: f64,
    /// Whether the ratio is within the target.
    pub met: bool,
}

/// What one task costs beyond its sleep, seen from the caller, in a pool of this kind.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TaskCost {
    /// The tutorial's "second" in milliseconds.
    pub unit_ms: f64,
    /// The Rust style measured.
    pub style: String,
    /// Workers in its pool.
    pub workers: usize,
    /// Per task: (end − start) − its sleep, over every task of every repetition.
    pub excess_ms: Stats,
}

/// The sleeping workload's results.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Sleeping {
    /// Every style at every worker count and unit.
    pub groups: Vec<Group>,
    /// Each Rust style against its Python counterpart.
    pub pairs: Vec<Pair>,
    /// The process pool's per-task cost next to a thread pool's (its floor) at the same count.
    pub task_costs: Vec<TaskCost>,
}

/// A group's runs as read, before its figures are worked out.
struct RawGroup {
    granularity: Granularity,
    startup_in_clock: bool,
    chunk: Option<usize>,
    reported_prediction: Option<f64>,
    walls: Vec<f64>,
}

pub(crate) fn schedule_floor<'a>(
    floor: &'a FloorSection,
    side: &str,
    unit_ms: f64,
    workers: usize,
    chunk: Option<usize>,
) -> Result<&'a ScheduleFloor> {
    let chunk = chunk.filter(|&c| c > 1);
    floor
        .schedules
        .iter()
        .find(|s| s.unit_ms == unit_ms && s.workers == workers && s.chunk == chunk)
        .ok_or_else(|| {
            format!(
                "{side} floor: no schedule for {workers} workers, chunk {chunk:?}, unit {unit_ms} ms (run.sh's worker list must include it)"
            )
            .into()
        })
}

/// Side, style, workers and unit (ms, rounded): the runs that form one [`Group`].
type GroupKey = (String, String, usize, u64);

/// Every run of both sides, grouped by style, worker count and unit, against its floor.
fn sleeping_groups(inputs: &Inputs) -> Result<Vec<Group>> {
    let mut raw = rust_runs(inputs)?;
    add_python_runs(&mut raw, inputs);
    raw.into_iter()
        .map(|(key, runs)| group(key, runs, inputs))
        .collect()
}

/// The Rust runs by group; a run in which any token failed stops the report.
fn rust_runs(inputs: &Inputs) -> Result<BTreeMap<GroupKey, RawGroup>> {
    let mut raw: BTreeMap<GroupKey, RawGroup> = BTreeMap::new();
    for line in &inputs.rust_runs {
        let failed: Vec<&str> = line
            .tasks
            .iter()
            .filter(|t| t.error.is_some())
            .map(|t| t.token.as_str())
            .collect();
        if !failed.is_empty() {
            return Err(format!(
                "rust {} ({} workers): tokens failed: {failed:?}",
                line.style, line.workers
            )
            .into());
        }
        let style = rust_style(&line.style)?;
        let chunk = (style.granularity == Granularity::Chunk)
            .then(|| helpers::python_default_chunk(helpers::TUTORIAL_TOKENS.len(), line.workers));
        let key = (
            Side::Rust.name().into(),
            line.style.clone(),
            line.workers,
            line.unit_ms.round() as u64,
        );
        raw.entry(key)
            .or_insert_with(|| RawGroup {
                granularity: style.granularity,
                startup_in_clock: style.pool_in_clock,
                chunk,
                reported_prediction: line.predicted_ms,
                walls: Vec::new(),
            })
            .walls
            .push(line.wall_ms);
    }
    Ok(raw)
}

/// The Python runs, added to their groups (each line says how its style hands out tokens).
fn add_python_runs(raw: &mut BTreeMap<GroupKey, RawGroup>, inputs: &Inputs) {
    for line in &inputs.python_runs {
        let key = (
            Side::Python.name().into(),
            line.style.clone(),
            line.workers,
            line.unit_ms.round() as u64,
        );
        raw.entry(key)
            .or_insert_with(|| RawGroup {
                granularity: line.granularity,
                startup_in_clock: line.startup_in_clock,
                chunk: line.chunk,
                reported_prediction: None,
                walls: Vec::new(),
            })
            .walls
            .push(line.wall_ms);
    }
}

/// One group's figures: its prediction from the floor's schedule (which must agree with the
/// runner's own), its overhead over that prediction, and the floor it is read against.
fn group(key: GroupKey, g: RawGroup, inputs: &Inputs) -> Result<Group> {
    let (side, style, workers, unit) = key;
    let unit_ms = unit as f64;
    let floor_section = inputs.floor.get(Side::named(&side)?);
    let schedule = schedule_floor(floor_section, &side, unit_ms, workers, g.chunk)?;
    let predicted_ms = schedule.makespan_ms;
    if let Some(p) = g.reported_prediction
        && (p - predicted_ms).abs() > 0.5
    {
        return Err(format!(
            "rust {style} ({workers}): the runner predicted {p} ms, the schedule {predicted_ms} ms"
        )
        .into());
    }
    let overheads: Vec<f64> = g.walls.iter().map(|w| w - predicted_ms).collect();
    let overhead_ms = stats(&overheads);
    let floor_ms = schedule.overshoot_ms.median;
    Ok(Group {
        side,
        style,
        workers,
        unit_ms,
        granularity: g.granularity,
        startup_in_clock: g.startup_in_clock,
        chunk: g.chunk,
        predicted_ms,
        wall_ms: stats(&g.walls),
        overhead_ms,
        floor_ms,
        sleeps_on_longest_chain: schedule.sleeps_on_longest_chain,
        overhead_over_floor: overhead_ms.median / floor_ms,
    })
}

fn find_group<'a>(
    groups: &'a [Group],
    side: &str,
    style: &str,
    workers: usize,
    unit_ms: f64,
) -> Option<&'a Group> {
    groups.iter().find(|g| {
        g.side == side && g.style == style && g.workers == workers && g.unit_ms == unit_ms
    })
}

/// Every Python run that has a Rust counterpart, paired at its own worker count and unit.
fn pairs(groups: &[Group]) -> Result<Vec<Pair>> {
    let mut pairs = Vec::new();
    for p in groups.iter().filter(|g| g.side == "python") {
        let Some((rust_style, most)) = rust_counterpart(&p.style) else {
            continue;
        };
        let r =
            find_group(groups, "rust", rust_style.name, p.workers, p.unit_ms).ok_or_else(|| {
                format!(
                    "python {} ran with {} workers at {} ms, rust {} did not: run.sh must run both",
                    p.style, p.workers, p.unit_ms, rust_style.name
                )
            })?;
        if r.startup_in_clock != p.startup_in_clock {
            return Err(format!(
                "{} and {}: pool start-up is timed on one side only",
                p.style, r.style
            )
            .into());
        }
        let ratio = r.overhead_ms.median / p.overhead_ms.median;
        pairs.push(Pair {
            unit_ms: p.unit_ms,
            workers: p.workers,
            python: p.style.clone(),
            rust: r.style.clone(),
            python_granularity: p.granularity,
            rust_granularity: r.granularity,
            python_overhead_ms: p.overhead_ms.median,
            rust_overhead_ms: r.overhead_ms.median,
            python_floor_ms: p.floor_ms,
            rust_floor_ms: r.floor_ms,
            sleeps_on_longest_chain: p.sleeps_on_longest_chain,
            ratio,
            wanted_at_most: most,
            met: ratio <= most,
        });
    }
    if pairs.is_empty() {
        return Err("no Rust–Python pair in the sleeping runs".into());
    }
    pairs.sort_by(|a, b| {
        (a.unit_ms, a.workers)
            .partial_cmp(&(b.unit_ms, b.workers))
            .unwrap()
    });
    Ok(pairs)
}

/// The style whose per-task cost the report shows: helpers' pool of worker processes.
pub(crate) const PROCESS_POOL: &str = "process-pool";
/// Its floor: helpers' thread pool handing out one item at a time, at the same worker count.
pub(crate) const THREAD_POOL: &str = "pool-ordered";

/// Per-task cost of the process pool and, as its floor, of the thread pool at the same count.
fn task_costs(inputs: &Inputs) -> Result<Vec<TaskCost>> {
    let mut by_key: BTreeMap<(u64, String, usize), Vec<f64>> = BTreeMap::new();
    for line in inputs
        .rust_runs
        .iter()
        .filter(|l| l.style == PROCESS_POOL || l.style == THREAD_POOL)
    {
        let excess = line
            .tasks
            .iter()
            .map(|t| t.end_ms - t.start_ms - helpers::char_count(&t.token) as f64 * line.unit_ms);
        by_key
            .entry((
                line.unit_ms.round() as u64,
                line.style.clone(),
                line.workers,
            ))
            .or_default()
            .extend(excess);
    }
    let costs: Vec<TaskCost> = by_key
        .into_iter()
        .map(|((unit, style, workers), excess)| TaskCost {
            unit_ms: unit as f64,
            style,
            workers,
            excess_ms: stats(&excess),
        })
        .collect();
    // Each process pool needs its thread-pool floor beside it.
    for c in costs.iter().filter(|c| c.style == PROCESS_POOL) {
        if !costs
            .iter()
            .any(|t| t.style == THREAD_POOL && t.workers == c.workers && t.unit_ms == c.unit_ms)
        {
            return Err(format!(
                "{PROCESS_POOL} ({}) at {} ms has no {THREAD_POOL} run to compare with",
                c.workers, c.unit_ms
            )
            .into());
        }
    }
    Ok(costs)
}

// ---- dispatch

/// The Python API each Rust API is compared with, same kind, same worker count.
const DISPATCH_PAIRS: &[(&str, &str)] = &[
    (api::THREAD_POOL_EXECUTOR_SUBMIT, api::RAYON_SPAWN),
    (api::THREAD_POOL_MAP, api::WORKER_POOL_MAP),
    (api::THREAD_PER_TASK, api::THREAD_PER_TASK),
];

/// A Rust and a Python API of the same [`DispatchKind`], at the same task count.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DispatchPair {
    /// What both APIs do per task.
    pub kind: DispatchKind,
    /// Tasks per repetition.
    pub tasks: usize,
    /// The Python API's label.
    pub python: String,
    /// The Rust API's label.
    pub rust: String,
    /// Python's median time per task, in microseconds.
    pub python_us: f64,
    /// Rust's median time per task, in microseconds.
    pub rust_us: f64,
    /// Python's per-task time over Rust's.
    pub python_over_rust: f64,
}

/// Dispatch costs: both sides as measured, and their pairs (not `helpers::Dispatch`, which says
/// how a run deals out its tokens).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DispatchResults {
    /// Rust's rows as measured.
    pub rust: Vec<DispatchRow>,
    /// Python's rows as measured.
    pub python: Vec<DispatchRow>,
    /// APIs of the same kind, side by side.
    pub pairs: Vec<DispatchPair>,
}

fn dispatch(sides: &Sides<crate::model::DispatchSection>) -> Result<DispatchResults> {
    let (rust, python) = (&sides.rust.dispatch, &sides.python.dispatch);
    let mut pairs = Vec::new();
    for &(py_api, rs_api) in DISPATCH_PAIRS {
        for p in python.iter().filter(|p| p.api == py_api) {
            let r = rust
                .iter()
                .find(|r| r.api == rs_api && r.tasks == p.tasks && r.workers == p.workers)
                .ok_or_else(|| {
                    format!(
                        "dispatch: no rust {rs_api} for python {} at {} tasks",
                        p.label(),
                        p.tasks
                    )
                })?;
            if r.kind != p.kind {
                return Err(format!(
                    "dispatch: {} and {} are not the same kind",
                    p.label(),
                    r.label()
                )
                .into());
            }
            pairs.push(DispatchPair {
                kind: p.kind,
                tasks: p.tasks,
                python: p.label(),
                rust: r.label(),
                python_us: p.us_per_task.median,
                rust_us: r.us_per_task.median,
                python_over_rust: p.us_per_task.median / r.us_per_task.median,
            });
        }
    }
    if pairs.is_empty() {
        return Err("dispatch: no pair measured".into());
    }
    Ok(DispatchResults {
        rust: rust.clone(),
        python: python.clone(),
        pairs,
    })
}

// ---- break-even

/// One task size of a break-even curve.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BreakEvenPoint {
    /// The CPU time of one task, in microseconds.
    pub task_us: f64,
    /// The sequential loop's time per task.
    pub sequential_us_per_task: f64,
    /// The style's time per task.
    pub parallel_us_per_task: f64,
    /// Sequential time over the style's.
    pub speedup: f64,
}

/// From which task size on a style beats the sequential loop.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BreakEven {
    /// `rust` or `python`.
    pub side: String,
    /// The parallel API.
    pub style: String,
    /// The smallest measured size from which on the style wins at every larger size.
    pub break_even_task_us: Option<f64>,
    /// One point per task size, smallest first.
    pub points: Vec<BreakEvenPoint>,
}

fn break_even(side: &str, rows: &[BreakevenRow]) -> Result<Vec<BreakEven>> {
    let sequential = |size: f64| -> Result<f64> {
        rows.iter()
            .find(|r| r.api == api::SEQUENTIAL_LOOP && r.task_us == size)
            .map(|r| r.us_per_task.median)
            .ok_or_else(|| format!("{side} break-even: no sequential loop at {size} µs").into())
    };
    let mut labels: Vec<String> = Vec::new();
    for r in rows.iter().filter(|r| r.api != api::SEQUENTIAL_LOOP) {
        if !labels.contains(&r.label()) {
            labels.push(r.label());
        }
    }
    labels
        .into_iter()
        .map(|style| {
            let points = rows
                .iter()
                .filter(|r| r.label() == style)
                .map(|r| {
                    let seq = sequential(r.task_us)?;
                    Ok(BreakEvenPoint {
                        task_us: r.task_us,
                        sequential_us_per_task: seq,
                        parallel_us_per_task: r.us_per_task.median,
                        speedup: seq / r.us_per_task.median,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            let wins_from = points
                .iter()
                .rposition(|p| p.speedup <= 1.0)
                .map_or(0, |i| i + 1);
            Ok(BreakEven {
                side: side.into(),
                style,
                break_even_task_us: points.get(wins_from).map(|p| p.task_us),
                points,
            })
        })
        .collect()
}

// ---- scaling

/// One point of a scaling series with its speed-up over one worker.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScalingRow {
    /// The series' name (`rust threads`, `python processes`, ...).
    pub series: String,
    /// Workers used.
    pub workers: usize,
    /// Wall time over the repetitions.
    pub ms: Stats,
    /// The speed-up over one worker: the median of the round-by-round speed-ups when the rounds
    /// were recorded, else one worker's median time over this one's.
    pub speedup: f64,
    /// The round-by-round speed-ups (each round's one-worker time over this count's time in the
    /// same round); absent in runs written before rounds were recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speedup_rounds: Option<Stats>,
    /// Speed-up per usable core: over `min(workers, cores)` (1: as fast as the cores allow).
    pub efficiency: f64,
}

/// CPU scaling: both sides as measured, and every point's speed-up.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScalingResults {
    /// Rust's series as measured.
    pub rust: Scaling,
    /// Python's series as measured.
    pub python: Scaling,
    /// Every point with its speed-up.
    pub rows: Vec<ScalingRow>,
}

/// Each round's one-worker time over `point`'s time in the same round, when both recorded rounds.
fn paired_speedups(one: &ScalingPoint, point: &ScalingPoint) -> Option<Stats> {
    if one.rounds_ms.is_empty() || one.rounds_ms.len() != point.rounds_ms.len() {
        return None;
    }
    let ratios: Vec<f64> = one
        .rounds_ms
        .iter()
        .zip(&point.rounds_ms)
        .map(|(t1, tn)| t1 / tn)
        .collect();
    Some(stats(&ratios))
}

fn scaling(sides: &Sides<ScalingSection>, cores: usize) -> Result<ScalingResults> {
    let mut rows = Vec::new();
    for block in [&sides.rust.scaling, &sides.python.scaling] {
        for (name, points) in &block.series {
            let one = points
                .iter()
                .find(|p| p.workers == 1)
                .ok_or_else(|| format!("scaling {name}: no one-worker run"))?;
            for p in points {
                let speedup_rounds = paired_speedups(one, p);
                let speedup = speedup_rounds.map_or(one.ms.median / p.ms.median, |s| s.median);
                rows.push(ScalingRow {
                    series: name.clone(),
                    workers: p.workers,
                    ms: p.ms,
                    speedup,
                    speedup_rounds,
                    efficiency: speedup / p.workers.min(cores.max(1)) as f64,
                });
            }
        }
    }
    Ok(ScalingResults {
        rust: sides.rust.scaling.clone(),
        python: sides.python.scaling.clone(),
        rows,
    })
}

// ---- targets

/// A target of the benchmark, met or missed in this run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Target {
    /// A short stable name, the key of `bench/reasons.json`.
    pub id: String,
    /// What is compared, in words.
    pub what: String,
    /// The figures measured, as text.
    pub measured: String,
    /// The bound the target sets.
    pub wanted: String,
    /// Whether it was met.
    pub met: bool,
    /// Why it was missed (from `bench/reasons.json`), only when missed.
    pub reason: Option<String>,
}

/// Per target id, the reason found for a miss (prose, no numbers).
#[derive(Debug)]
pub struct Reasons(BTreeMap<String, String>);

impl Reasons {
    /// Reads `bench/reasons.json`: target id to the reason it can be missed.
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(Reasons(
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?,
        ))
    }
}

fn target(
    id: &'static str,
    what: String,
    measured: String,
    wanted: &str,
    met: bool,
    reasons: &Reasons,
) -> Target {
    Target {
        id: id.into(),
        what,
        measured,
        wanted: wanted.into(),
        met,
        reason: (!met).then(|| reasons.0.get(id).cloned()).flatten(),
    }
}

/// Every target of the benchmark, family by family.
fn targets(results: &Results, reasons: &Reasons) -> Result<Vec<Target>> {
    let mut out = overhead_targets(results, reasons);
    out.extend(dispatch_pool_targets(results, reasons));
    out.extend(dispatch_rayon_targets(results, reasons)?);
    out.extend(cpu_targets(results, reasons));
    out.extend(recording_targets(results, reasons));
    Ok(out)
}

/// Each sleeping pair: Rust's overhead over Python's, within the pair's bound.
fn overhead_targets(results: &Results, reasons: &Reasons) -> Vec<Target> {
    let target_of = |p: &Pair| {
        let process = p.wanted_at_most < 0.5;
        target(
            if process {
                "process-overhead"
            } else {
                "thread-overhead"
            },
            format!(
                "sleeping, {} ms unit, {} workers: Rust {} overhead / Python {}",
                p.unit_ms, p.workers, p.rust, p.python
            ),
            format!(
                "{:.2} ms / {:.2} ms = {:.3}",
                p.rust_overhead_ms, p.python_overhead_ms, p.ratio
            ),
            &format!("≤ {}", p.wanted_at_most),
            p.met,
            reasons,
        )
    };
    results.sleeping.pairs.iter().map(target_of).collect()
}

/// Per-item submit: Python's cost per task at least a hundred times Rust's.
fn dispatch_pool_targets(results: &Results, reasons: &Reasons) -> Vec<Target> {
    let target_of = |pair: &DispatchPair| {
        target(
            "dispatch-pool",
            format!(
                "dispatch, {} tiny tasks, per-item submit: {} / {}",
                pair.tasks, pair.python, pair.rust
            ),
            format!(
                "{:.3} µs / {:.3} µs = {:.0}x",
                pair.python_us, pair.rust_us, pair.python_over_rust
            ),
            "≥ 100x",
            pair.python_over_rust >= 100.0,
            reasons,
        )
    };
    let per_item = |p: &&DispatchPair| p.kind == DispatchKind::PerItemSubmit;
    results
        .dispatch
        .pairs
        .iter()
        .filter(per_item)
        .map(target_of)
        .collect()
}

/// rayon's `par_iter` cheaper per task than `WorkerPool::map`, at each task count.
fn dispatch_rayon_targets(results: &Results, reasons: &Reasons) -> Result<Vec<Target>> {
    let rust = &results.dispatch.rust;
    let mut out = Vec::new();
    for row in rust.iter().filter(|r| r.api == api::WORKER_POOL_MAP) {
        let par = rust
            .iter()
            .find(|r| r.api == api::RAYON_PAR_ITER && r.tasks == row.tasks)
            .ok_or_else(|| format!("dispatch: no rayon par_iter at {} tasks", row.tasks))?;
        out.push(target(
            "dispatch-rayon",
            format!(
                "dispatch, {} tiny tasks: rayon par_iter cheaper than WorkerPool.map",
                row.tasks
            ),
            format!(
                "{:.4} µs vs {:.4} µs",
                par.us_per_task.median, row.us_per_task.median
            ),
            "par_iter < WorkerPool.map",
            par.us_per_task.median < row.us_per_task.median,
            reasons,
        ));
    }
    Ok(out)
}

/// CPU-bound work on two workers: Rust's threads near 2x, Python's threads near 1x (the GIL).
fn cpu_targets(results: &Results, reasons: &Reasons) -> Vec<Target> {
    let target_of = |r: &ScalingRow| {
        if r.series.starts_with("rust") {
            Some(target(
                "cpu-rust",
                format!("CPU-bound, {}: efficiency on 2 workers", r.series),
                format!("speed-up {:.2}x, efficiency {:.3}", r.speedup, r.efficiency),
                "≥ 0.95 (1.9x)",
                r.efficiency >= 0.95,
                reasons,
            ))
        } else if r.series == "python threads" {
            Some(target(
                "cpu-python",
                format!("CPU-bound, {}: speed-up on 2 workers (the GIL)", r.series),
                format!("{:.2}x", r.speedup),
                "near 1.0x (≤ 1.2x)",
                r.speedup <= 1.2,
                reasons,
            ))
        } else {
            None
        }
    };
    let two_workers = |r: &&ScalingRow| r.workers == 2;
    results
        .scaling
        .rows
        .iter()
        .filter(two_workers)
        .filter_map(target_of)
        .collect()
}

/// What recording costs per task inside `record`, one thread.
fn recording_targets(results: &Results, reasons: &Reasons) -> Vec<Target> {
    let target_of = |r: &RecordingRow| {
        target(
            "recording",
            format!("recording cost per task, {} tokens, one thread", r.tokens),
            format!("{:.3} µs", r.cost_inside_us),
            "well under 10 µs (< 5)",
            r.cost_inside_us < 5.0,
            reasons,
        )
    };
    results.recording.recording.iter().map(target_of).collect()
}

/// All stages but the plots (which need the output folder).
pub fn analyse(inputs: Inputs, machine: Machine, reasons: &Reasons) -> Result<Results> {
    let cores = machine.cores;
    let groups = sleeping_groups(&inputs)?;
    let sleeping = Sleeping {
        pairs: pairs(&groups)?,
        task_costs: task_costs(&inputs)?,
        groups,
    };
    let mut breakeven = break_even("rust", &inputs.breakeven.rust.breakeven)?;
    breakeven.extend(break_even("python", &inputs.breakeven.python.breakeven)?);
    let mut results = Results {
        machine,
        sleeping,
        dispatch: dispatch(&inputs.dispatch)?,
        breakeven,
        scaling: scaling(&inputs.scaling, cores)?,
        run: inputs.meta,
        floor: inputs.floor,
        startup: inputs.startup,
        recording: inputs.recording,
        targets: Vec::new(),
        plots: Vec::new(),
    };
    results.targets = targets(&results, reasons)?;
    Ok(results)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PythonRunLine;

    /// The two styles the task costs compare are in helpers' table, and hand out one item at a time.
    #[test]
    fn the_task_cost_styles_are_in_the_style_table() {
        for name in [PROCESS_POOL, THREAD_POOL] {
            let style = helpers::find_style(name).unwrap_or_else(|| panic!("{name}"));
            assert_eq!(style.granularity, Granularity::Item, "{name}");
        }
    }

    fn point(workers: usize, rounds_ms: &[f64]) -> ScalingPoint {
        ScalingPoint {
            workers,
            ms: stats(rounds_ms),
            rounds_ms: rounds_ms.to_vec(),
        }
    }

    /// Speed-ups pair each round's one-worker time with the same round's N-worker time, and
    /// efficiency divides by the usable cores, so a slow round-1 baseline cannot lift round 2.
    #[test]
    fn speed_ups_are_paired_by_round_and_taken_per_usable_core() {
        let one = point(1, &[100.0, 200.0, 100.0]);
        let four = point(4, &[50.0, 100.0, 52.0]);
        let paired = paired_speedups(&one, &four).unwrap();
        assert_eq!((paired.min, paired.max), (100.0 / 52.0, 2.0));
        assert_eq!(paired.median, 2.0);
        assert!(
            paired_speedups(&one, &point(2, &[60.0])).is_none(),
            "rounds must match"
        );
        let mut series = BTreeMap::new();
        series.insert("s".to_string(), vec![one, four]);
        let block = ScalingSection {
            scaling: Scaling {
                tasks: 4,
                task_ms: 25.0,
                series,
                measured_task_ms: None,
                gil_enabled: None,
            },
        };
        let sides = Sides {
            rust: block.clone(),
            python: block,
        };
        let rows = scaling(&sides, 2).unwrap().rows;
        let at_four = rows.iter().find(|r| r.workers == 4).unwrap();
        assert_eq!(at_four.speedup, 2.0);
        assert_eq!(
            at_four.efficiency, 1.0,
            "2x on 4 workers and 2 cores uses both cores"
        );
    }

    /// `bench/python/sleeping.py`'s `GRANULARITY` table: Python style to granularity.
    fn python_granularities() -> BTreeMap<String, Granularity> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/python/sleeping.py");
        let text = std::fs::read_to_string(path).expect("bench/python/sleeping.py");
        let table = text
            .split_once("GRANULARITY = {")
            .and_then(|(_, rest)| rest.split_once('}'))
            .expect("sleeping.py has a GRANULARITY = { ... } table")
            .0;
        table
            .lines()
            .filter_map(|line| {
                let (name, value) = line.split('#').next()?.split_once(':')?;
                let unquote =
                    |s: &str| s.trim().trim_end_matches(',').trim_matches('"').to_string();
                let granularity = serde_json::from_value(unquote(value).into()).ok()?;
                Some((unquote(name), granularity))
            })
            .collect()
    }

    /// The style table names Python counterparts that the Python side runs, and each hands out
    /// tokens as its Rust style does (joblib's self-sized batches aside) and starts its pool inside the clock (as every Python style
    /// does), so every pair the report builds compares like with like.
    #[test]
    fn every_python_counterpart_exists_and_matches_its_rust_style() {
        let python = python_granularities();
        assert!(python.len() > 5, "read too few Python styles: {python:?}");
        for style in helpers::STYLES {
            for counterpart in style.python {
                let found = python.get(counterpart.style).unwrap_or_else(|| {
                    panic!(
                        "{}'s counterpart {} is not in sleeping.py",
                        style.name, counterpart.style
                    )
                });
                // joblib sizes its own batches (from one item): compared with the process pool anyway.
                if *found != Granularity::Auto {
                    assert_eq!(
                        *found, style.granularity,
                        "{} vs {}",
                        style.name, counterpart.style
                    );
                }
                assert!(
                    style.pool_in_clock,
                    "{}: Python starts its pool inside the clock",
                    style.name
                );
            }
        }
    }

    fn group(side: &str, style: &str, workers: usize, overhead: f64) -> Group {
        let s = stats(&[overhead]);
        Group {
            side: side.into(),
            style: style.into(),
            workers,
            unit_ms: 100.0,
            granularity: Granularity::Item,
            startup_in_clock: true,
            chunk: None,
            predicted_ms: 1300.0,
            wall_ms: stats(&[1300.0 + overhead]),
            overhead_ms: s,
            floor_ms: 1.0,
            sleeps_on_longest_chain: 7,
            overhead_over_floor: overhead,
        }
    }

    #[test]
    fn pairs_match_real_worker_counts() {
        let groups = [
            group("python", "tpe-map", 3, 4.0),
            group("rust", "pool-ordered", 3, 1.0),
        ];
        let pairs = pairs(&groups).unwrap();
        assert_eq!(pairs.len(), 1);
        assert_eq!(pairs[0].workers, 3);
        assert_eq!(pairs[0].ratio, 0.25);
    }

    #[test]
    fn a_missing_pair_is_an_error() {
        let groups = [
            group("python", "tpe-map", 3, 4.0),
            group("rust", "pool-ordered", 2, 1.0),
        ];
        let error = pairs(&groups).unwrap_err().to_string();
        assert!(
            error.contains("tpe-map") && error.contains("3 workers"),
            "{error}"
        );
    }

    #[test]
    fn start_up_timed_on_one_side_only_is_an_error() {
        let mut rust = group("rust", "pool-ordered", 2, 1.0);
        rust.startup_in_clock = false;
        let groups = [group("python", "tpe-map", 2, 4.0), rust];
        assert!(pairs(&groups).unwrap_err().to_string().contains("start-up"));
    }

    #[test]
    fn a_misspelt_field_is_an_error() {
        let good = r#"{"style": "tpe-map", "workers": 2, "unit_ms": 100, "wall_ms": 1305.0, "granularity": "item", "startup_in_clock": true}"#;
        assert!(serde_json::from_str::<PythonRunLine>(good).is_ok());
        let misspelt = good.replace("\"workers\"", "\"worker\"");
        assert!(serde_json::from_str::<PythonRunLine>(&misspelt).is_err());
    }
}
