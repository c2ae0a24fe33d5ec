//! The typed shape of every file the benchmark writes and reads.
//!
//! `rust-bench` serialises these types; the Python scripts in `bench/python/` write the same field
//! names; `bench-report` deserialises both sides with them. A missing or misspelt field is then a
//! parse error naming the file, never a silent "n/a" in the report.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Median, min and max of some samples (`n` of them, never zero).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub median: f64,
    pub min: f64,
    pub max: f64,
    pub n: usize,
}

/// How a style hands the tokens to its workers: the basis for comparing a Rust and a Python style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    /// One loop, no workers.
    Sequential,
    /// Each free worker takes the next single item.
    Item,
    /// Items are cut into chunks fixed before the run; each free worker takes the next chunk.
    Chunk,
    /// A thread (or process, or task) of its own for every item.
    PerItem,
    /// rayon: the list is split in halves, and idle threads steal halves from busy ones.
    Split,
    /// joblib: batches whose size joblib adjusts while it runs, starting at one item.
    Auto,
}

impl Granularity {
    /// How a reader would say it.
    pub fn describe(self) -> &'static str {
        match self {
            Granularity::Sequential => "a plain loop",
            Granularity::Item => "one item at a time",
            Granularity::Chunk => "chunks fixed up front",
            Granularity::PerItem => "a thread or process per item",
            Granularity::Split => "split in halves, work stealing",
            Granularity::Auto => "batches sized while running",
        }
    }
}

// ---- the sleeping workload

/// One line of `run-styles --json` (helpers' runner): helpers' run format, read with the type
/// that writes it, so the two cannot drift apart.
pub type RustRunLine = helpers::internal::RunJson;

/// One token's record in a `run-styles --json` line.
pub type RustTask = helpers::internal::TaskJson;

/// One line of `bench/python/sleeping.py`.
#[derive(Debug, Clone, Deserialize)]
pub struct PythonRunLine {
    pub style: String,
    pub workers: usize,
    pub unit_ms: f64,
    pub wall_ms: f64,
    pub granularity: Granularity,
    /// Pool start-up and shutdown inside the timed span.
    pub startup_in_clock: bool,
    /// Items per chunk, for the chunked styles.
    pub chunk: Option<usize>,
}

// ---- the floor

/// How late one bare sleep of `sleep_ms` wakes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SleepOvershoot {
    pub sleep_ms: u64,
    pub overshoot_ms: Stats,
}

/// A schedule of the sleeping workload slept by bare threads, one per worker, with no pool:
/// what a pool that cost nothing would take.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScheduleFloor {
    pub unit_ms: f64,
    pub workers: usize,
    /// `None`: each free worker takes the next token; `Some(c)`: chunks of `c` tokens.
    pub chunk: Option<usize>,
    /// Per worker, the tokens' lengths it sleeps back to back, in units.
    pub chains_units: Vec<Vec<u32>>,
    /// The longest chain, in milliseconds: the predicted makespan.
    pub makespan_ms: f64,
    /// Sleeps back to back on the longest chain.
    pub sleeps_on_longest_chain: usize,
    /// Wall time minus the makespan.
    pub overshoot_ms: Stats,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FloorSection {
    pub sleep_overshoot: Vec<SleepOvershoot>,
    pub schedules: Vec<ScheduleFloor>,
}

// ---- dispatch and break-even

/// What a dispatch measurement compares: see [`DispatchRow::kind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DispatchKind {
    /// A plain loop in the calling thread.
    Sequential,
    /// One call per item, each queued on its own (a future, a boxed job, a message).
    PerItemSubmit,
    /// One call for the whole list; the pool hands items or chunks out itself.
    BatchedMap,
    /// A new thread for every item.
    ThreadPerTask,
}

impl DispatchKind {
    pub fn describe(self) -> &'static str {
        match self {
            DispatchKind::Sequential => "sequential loop",
            DispatchKind::PerItemSubmit => "per-item submit",
            DispatchKind::BatchedMap => "batched map",
            DispatchKind::ThreadPerTask => "thread per task",
        }
    }
}

/// Many tiny tasks through one API with warm workers: the cost of handing out one task.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DispatchRow {
    pub api: String,
    pub kind: DispatchKind,
    pub workers: usize,
    pub tasks: usize,
    pub us_per_task: Stats,
}

impl DispatchRow {
    /// `ThreadPoolExecutor.submit (2 workers)`: the label comes from the real count.
    pub fn label(&self) -> String {
        workers_label(&self.api, self.kind, self.workers)
    }
}

fn workers_label(api: &str, kind: DispatchKind, workers: usize) -> String {
    match kind {
        DispatchKind::Sequential | DispatchKind::ThreadPerTask => api.to_string(),
        _ => format!("{api} ({workers} workers)"),
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DispatchSection {
    pub dispatch: Vec<DispatchRow>,
}

/// N equal CPU-bound tasks of `task_us` through one API: per-task wall time.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BreakevenRow {
    pub api: String,
    pub workers: usize,
    pub task_us: f64,
    pub tasks: usize,
    pub us_per_task: Stats,
}

impl BreakevenRow {
    pub fn label(&self) -> String {
        if self.workers == 1 || self.api == "thread per task" {
            self.api.clone()
        } else {
            format!("{} ({} workers)", self.api, self.workers)
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BreakevenSection {
    pub breakeven: Vec<BreakevenRow>,
}

// ---- start-up, scaling, recording

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StartupRow {
    pub what: String,
    pub ms: Stats,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StartupSection {
    pub startup: Vec<StartupRow>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScalingPoint {
    pub workers: usize,
    pub ms: Stats,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Scaling {
    pub tasks: usize,
    pub task_ms: f64,
    /// Series name (`rust threads`, `python processes`, ...) to its points, one worker upwards.
    pub series: BTreeMap<String, Vec<ScalingPoint>>,
    /// Python only: whether the interpreter had the GIL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gil_enabled: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScalingSection {
    pub scaling: Scaling,
}

/// What `recorded` costs per task (Rust only; microseconds).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RecordingRow {
    pub tokens: usize,
    pub bare_us: Stats,
    pub outside_record_us: Stats,
    pub inside_record_us: Stats,
    pub inside_record_2_threads_us: Stats,
    pub cost_inside_us: f64,
    pub cost_outside_us: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RecordingSection {
    pub recording: Vec<RecordingRow>,
}

/// `bench/results/raw/meta.json`, written by `bench/run.sh`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Meta {
    pub runtime_s: u64,
    pub quick: bool,
    pub units_ms: Vec<f64>,
    /// Unit in ms (as text) to repetitions of the sleeping workload.
    pub reps: BTreeMap<String, usize>,
    /// The worker counts both sides ran.
    pub workers: Vec<usize>,
    /// `/proc/loadavg`'s three averages when the run started and when it ended. The one at the end
    /// counts the benchmark's own last minutes, so it says nothing about other programs.
    pub load_average_start: String,
    pub load_average_end: String,
    /// CPU seconds that programs other than the benchmark used while it ran (the machine's busy
    /// time from `/proc/stat` minus the benchmark's own); absent in runs before it was measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub others_cpu_s: Option<f64>,
}
