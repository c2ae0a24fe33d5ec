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
    /// The middle sample (the mean of the two middle ones for an even count).
    pub median: f64,
    /// The smallest sample.
    pub min: f64,
    /// The largest sample.
    pub max: f64,
    /// How many finite samples there were.
    pub n: usize,
}

/// How a style hands the tokens to its workers: helpers' own type, so the style table and the
/// report's comparisons speak of the same thing.
pub use helpers::Granularity;

/// The names of the APIs the dispatch and break-even runs measure, as the rows' `api` field and
/// the report's pairs spell them. Rust code names them through these constants, so a misspelt
/// name is a compile error; `bench/python/micro.py` writes the Python ones.
pub mod api {
    /// A plain loop in the calling thread (both sides).
    pub const SEQUENTIAL_LOOP: &str = "sequential loop";
    /// A new thread for every task (both sides).
    pub const THREAD_PER_TASK: &str = "thread per task";
    /// `helpers::WorkerPool::map`.
    pub const WORKER_POOL_MAP: &str = "WorkerPool.map";
    /// rayon's `par_iter` on its global pool.
    pub const RAYON_PAR_ITER: &str = "rayon par_iter";
    /// `rayon::spawn` per task.
    pub const RAYON_SPAWN: &str = "rayon spawn";
    /// Python's `ThreadPoolExecutor.submit`, one future per task.
    pub const THREAD_POOL_EXECUTOR_SUBMIT: &str = "ThreadPoolExecutor.submit";
    /// Python's `multiprocessing.pool.ThreadPool.map`.
    pub const THREAD_POOL_MAP: &str = "ThreadPool.map";
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
    /// The Python style's name (`tpe-map`, `joblib`, ...).
    pub style: String,
    /// Workers in its pool.
    pub workers: usize,
    /// The tutorial's "second" in milliseconds.
    pub unit_ms: f64,
    /// Wall time of the whole map, in milliseconds.
    pub wall_ms: f64,
    /// How the style hands the tokens to its workers.
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
    /// The sleep asked for, in milliseconds.
    pub sleep_ms: u64,
    /// How much later than asked the sleep returned.
    pub overshoot_ms: Stats,
}

/// A schedule of the sleeping workload slept by bare threads, one per worker, with no pool:
/// what a pool that cost nothing would take.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScheduleFloor {
    /// The tutorial's "second" in milliseconds.
    pub unit_ms: f64,
    /// Workers, one bare thread each.
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

/// `rust-floor.json` and `python-floor.json`: what a side's sleeps cost with no pool.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FloorSection {
    /// One bare sleep's lateness, per sleep length.
    pub sleep_overshoot: Vec<SleepOvershoot>,
    /// Each schedule slept by bare threads.
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
    /// How a reader would say it.
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
    /// The API measured, as its side names it (`WorkerPool.map`, `ThreadPool.map`).
    pub api: String,
    /// What the API does per task, the basis for pairing it with the other side.
    pub kind: DispatchKind,
    /// Workers in the pool (1 for the sequential loop).
    pub workers: usize,
    /// Tiny tasks handed out per repetition.
    pub tasks: usize,
    /// Wall time per task, in microseconds.
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

/// `rust-dispatch.json` and `python-dispatch.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DispatchSection {
    /// One row per API and task count.
    pub dispatch: Vec<DispatchRow>,
}

/// N equal CPU-bound tasks of `task_us` through one API: per-task wall time.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BreakevenRow {
    /// The API measured.
    pub api: String,
    /// Workers in its pool (1: the sequential loop).
    pub workers: usize,
    /// The CPU time of one task, in microseconds.
    pub task_us: f64,
    /// Tasks per repetition.
    pub tasks: usize,
    /// Wall time per task, in microseconds.
    pub us_per_task: Stats,
}

impl BreakevenRow {
    /// `ThreadPool.map (2 workers)`; the sequential loop and a thread per task need no count.
    pub fn label(&self) -> String {
        if self.workers == 1 || self.api == api::THREAD_PER_TASK {
            self.api.clone()
        } else {
            format!("{} ({} workers)", self.api, self.workers)
        }
    }
}

/// `rust-breakeven.json` and `python-breakeven.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BreakevenSection {
    /// One row per API and task size.
    pub breakeven: Vec<BreakevenRow>,
}

// ---- start-up, scaling, recording

/// How long it takes to start one thing, ready to work.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StartupRow {
    /// What was started (a thread, a pool, a process).
    pub what: String,
    /// How long it took, in milliseconds.
    pub ms: Stats,
}

/// `rust-startup.json` and `python-startup.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StartupSection {
    /// One row per thing started.
    pub startup: Vec<StartupRow>,
}

/// One point of a scaling series.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScalingPoint {
    /// Workers used.
    pub workers: usize,
    /// Wall time of all the tasks, in milliseconds.
    pub ms: Stats,
    /// Each round's wall time in milliseconds, in round order (the same round of every worker
    /// count ran back to back, so speed-ups can be paired round by round). Empty in runs
    /// written before rounds were recorded.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rounds_ms: Vec<f64>,
}

/// Equal CPU-bound tasks at growing worker counts.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Scaling {
    /// Equal CPU-bound tasks per repetition.
    pub tasks: usize,
    /// The CPU time of one task, in milliseconds.
    pub task_ms: f64,
    /// Series name (`rust threads`, `python processes`, ...) to its points, one worker upwards.
    pub series: BTreeMap<String, Vec<ScalingPoint>>,
    /// One task timed alone on one thread, once per round, in the same run: the task time the
    /// one-worker run is held against (absent in runs written before it was measured).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measured_task_ms: Option<Stats>,
    /// Python only: whether the interpreter had the GIL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gil_enabled: Option<bool>,
}

/// `rust-scaling.json` and `python-scaling.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScalingSection {
    /// The series of this side.
    pub scaling: Scaling,
}

/// What `recorded` costs per task (Rust only; microseconds).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RecordingRow {
    /// Tokens per run.
    pub tokens: usize,
    /// Per task, the work alone, in microseconds.
    pub bare_us: Stats,
    /// Per task, `recorded` outside any `record`, in microseconds.
    pub outside_record_us: Stats,
    /// Per task, `recorded` inside `record` on one thread, in microseconds.
    pub inside_record_us: Stats,
    /// Per task, `recorded` inside `record` on two threads, in microseconds.
    pub inside_record_2_threads_us: Stats,
    /// What recording adds per task inside `record`: inside minus bare.
    pub cost_inside_us: f64,
    /// What recording adds per task outside `record`: outside minus bare.
    pub cost_outside_us: f64,
}

/// `rust-recording.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RecordingSection {
    /// One row per token count.
    pub recording: Vec<RecordingRow>,
}

/// `bench/results/raw/meta.json`, written by `bench/run.sh`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Meta {
    /// How long the whole benchmark took, in seconds.
    pub runtime_s: u64,
    /// Whether it was the short smoke run (`BENCH_QUICK=1`).
    pub quick: bool,
    /// The units the sleeping workload ran with, in milliseconds.
    pub units_ms: Vec<f64>,
    /// Unit in ms (as text) to repetitions of the sleeping workload.
    pub reps: BTreeMap<String, usize>,
    /// The worker counts both sides ran.
    pub workers: Vec<usize>,
    /// `/proc/loadavg`'s three averages when the run started and when it ended. The one at the end
    /// counts the benchmark's own last minutes, so it says nothing about other programs.
    pub load_average_start: String,
    /// The same three averages when the run ended.
    pub load_average_end: String,
    /// CPU seconds that programs other than the benchmark used while it ran (the machine's busy
    /// time from `/proc/stat` minus the benchmark's own); absent in runs before it was measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub others_cpu_s: Option<f64>,
}
