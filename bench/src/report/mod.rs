//! `bench-report`: reads what `bench/run.sh` collected in `bench/results/raw/` and writes
//! `results.json`, `RESULTS.md` and the SVG plots beside it. Every number it writes comes from
//! those files; a file or figure that is missing stops the report with a message naming it.
//!
//! Stages: [`Inputs::load`] parses the raw files into [`crate::model`] types, [`analysis`] turns
//! them into [`Results`], then [`plots`] and [`markdown`] draw and write them.

pub mod analysis;
mod findings;
pub mod markdown;
pub mod plots;
mod reading;
pub mod table;

pub use reading::{fmt_ms, fmt_us, range};

use std::path::{Path, PathBuf};
use std::process::Command;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::model::{
    BreakevenSection, DispatchSection, FloorSection, Meta, PythonRunLine, RecordingSection,
    RustRunLine, ScalingSection, StartupSection,
};

/// What goes wrong in a report: a message naming the file or figure.
pub type Error = Box<dyn std::error::Error>;
/// A report's result: a value, or a message naming the file or figure.
pub type Result<T> = std::result::Result<T, Error>;

/// Which side measured a figure: the key of every per-side reader of [`Results`]
/// (`r.dispatch_us(Side::Rust, ...)`), so a misspelt side is a compile error, not Python's row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The Rust benchmarks (`rust-bench`, `run-styles`).
    Rust,
    /// The Python benchmarks (`bench/python/`).
    Python,
}

impl Side {
    /// The side's name as the results files write it: `rust` or `python`.
    pub fn name(self) -> &'static str {
        match self {
            Side::Rust => "rust",
            Side::Python => "python",
        }
    }

    /// The side a results file names; any other name is an error that quotes it.
    pub fn named(name: &str) -> Result<Side> {
        [Side::Rust, Side::Python]
            .into_iter()
            .find(|side| side.name() == name)
            .ok_or_else(|| format!("no side named {name:?} (rust or python)").into())
    }
}

/// A pair of measurements, one per side.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Sides<T> {
    /// Rust's measurement.
    pub rust: T,
    /// Python's measurement.
    pub python: T,
}

impl<T> Sides<T> {
    /// The measurement of `side`.
    pub fn get(&self, side: Side) -> &T {
        match side {
            Side::Rust => &self.rust,
            Side::Python => &self.python,
        }
    }
}

/// Everything `run.sh` collected, typed.
#[derive(Debug)]
pub struct Inputs {
    /// `meta.json`: how the run was made.
    pub meta: Meta,
    /// `sleeping-rust.jsonl`: one line per Rust run.
    pub rust_runs: Vec<RustRunLine>,
    /// `sleeping-python.jsonl`: one line per Python run.
    pub python_runs: Vec<PythonRunLine>,
    /// The floors of both sides.
    pub floor: Sides<FloorSection>,
    /// Dispatch costs of both sides.
    pub dispatch: Sides<DispatchSection>,
    /// Start-up costs of both sides.
    pub startup: Sides<StartupSection>,
    /// CPU scaling of both sides.
    pub scaling: Sides<ScalingSection>,
    /// Break-even measurements of both sides.
    pub breakeven: Sides<BreakevenSection>,
    /// What recording costs (Rust only).
    pub recording: RecordingSection,
}

impl Inputs {
    /// Parses every file under `raw` (`bench/results/raw/`); the first missing or malformed one
    /// stops the load with its name.
    pub fn load(raw: &Path) -> Result<Self> {
        let sides = |name: &str| -> Result<(PathBuf, PathBuf)> {
            Ok((
                raw.join(format!("rust-{name}.json")),
                raw.join(format!("python-{name}.json")),
            ))
        };
        fn both<T: DeserializeOwned>((rust, python): (PathBuf, PathBuf)) -> Result<Sides<T>> {
            Ok(Sides {
                rust: read_json(&rust)?,
                python: read_json(&python)?,
            })
        }
        Ok(Inputs {
            meta: read_json(&raw.join("meta.json"))?,
            rust_runs: read_lines(&raw.join("sleeping-rust.jsonl"))?,
            python_runs: read_lines(&raw.join("sleeping-python.jsonl"))?,
            floor: both(sides("floor")?)?,
            dispatch: both(sides("dispatch")?)?,
            startup: both(sides("startup")?)?,
            scaling: both(sides("scaling")?)?,
            breakeven: both(sides("breakeven")?)?,
            recording: read_json(&raw.join("rust-recording.json"))?,
        })
    }
}

fn read_json<T: DeserializeOwned>(path: &Path) -> Result<T> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()).into())
}

fn read_lines<T: DeserializeOwned>(path: &Path) -> Result<Vec<T>> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let lines: Vec<T> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| format!("{} line {}: {e}", path.display(), i + 1))
        })
        .collect::<std::result::Result<_, _>>()?;
    if lines.is_empty() {
        return Err(format!("{}: no runs recorded", path.display()).into());
    }
    Ok(lines)
}

/// The machine the run measured.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Machine {
    /// Logical cores.
    pub cores: usize,
    /// The CPU's model name.
    pub cpu_model: String,
    /// Total memory, as `/proc/meminfo` says.
    pub memory: String,
    /// The kernel's name and release.
    pub os: String,
    /// `rustc --version`.
    pub rustc: String,
    /// The Python that ran the Python side.
    pub python: String,
    /// joblib's version.
    pub joblib: String,
    /// 1, 5 and 15 minute load averages when `make bench` started and ended (the end counts the
    /// benchmark's own load).
    pub load_average_start: String,
    /// The same when it ended.
    pub load_average_end: String,
    /// The cores' worth of CPU other programs used, on average, while the benchmark ran (their
    /// CPU seconds over the run's seconds); absent in runs before it was measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub others_cores: Option<f64>,
    /// Whether other programs competed for the cores: a 1-minute load average above half the core
    /// count before the run, or other programs using more than a quarter of a core during it.
    /// Ratios within the run stay fair (both sides ran interleaved), absolute times do not.
    pub shared: bool,
}

/// Other programs' load above which a run counts as shared: [`Machine::shared`].
pub(crate) const SHARED_LOAD_PER_CORE: f64 = 0.5;
const SHARED_OTHERS_CORES: f64 = 0.25;

fn shell(cmd: &str, args: &[&str]) -> String {
    Command::new(cmd)
        .args(args)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|e| format!("unavailable ({e})"))
}

/// The machine as it is now, with the load `meta` recorded while the benchmark ran.
pub fn machine(meta: &Meta) -> Machine {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu_model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map_or("unknown".to_string(), |m| m.trim().to_string());
    let py = ".venv/bin/python";
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let one_minute = |load: &str| -> f64 {
        load.split_whitespace()
            .next()
            .and_then(|x| x.parse().ok())
            .unwrap_or(0.0)
    };
    let others_cores = meta
        .others_cpu_s
        .map(|s| s / (meta.runtime_s.max(1) as f64));
    let busy_before = one_minute(&meta.load_average_start) > cores as f64 * SHARED_LOAD_PER_CORE;
    let busy_during = others_cores.is_some_and(|c| c > SHARED_OTHERS_CORES);
    Machine {
        cores,
        cpu_model,
        memory: shell(
            "sh",
            &[
                "-c",
                "awk '/MemTotal/ {printf \"%.1f GiB\", $2/1048576}' /proc/meminfo",
            ],
        ),
        os: shell("uname", &["-sr"]),
        rustc: shell("rustc", &["--version"]),
        python: shell(
            py,
            &[
                "-c",
                "import sys, platform; print(platform.python_implementation(), sys.version.split()[0], '(GIL enabled)' if getattr(sys, '_is_gil_enabled', lambda: True)() else '(free-threaded)')",
            ],
        ),
        joblib: shell(py, &["-c", "import joblib; print(joblib.__version__)"]),
        shared: busy_before || busy_during,
        others_cores,
        load_average_start: meta.load_average_start.clone(),
        load_average_end: meta.load_average_end.clone(),
    }
}

/// The whole report, as `results.json` holds it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Results {
    /// The machine measured.
    pub machine: Machine,
    /// How the run was made.
    pub run: Meta,
    /// The sleeping workload.
    pub sleeping: analysis::Sleeping,
    /// Each side's floor.
    pub floor: Sides<FloorSection>,
    /// Dispatch costs and their pairs.
    pub dispatch: analysis::DispatchResults,
    /// Where each style starts to win.
    pub breakeven: Vec<analysis::BreakEven>,
    /// Start-up costs.
    pub startup: Sides<StartupSection>,
    /// CPU scaling.
    pub scaling: analysis::ScalingResults,
    /// What recording costs.
    pub recording: RecordingSection,
    /// Every target, met or missed.
    pub targets: Vec<analysis::Target>,
    /// The SVG files written beside `RESULTS.md`.
    pub plots: Vec<String>,
}

/// Reads `raw/` under `out`, writes the results, the plots and `RESULTS.md` into `out`.
pub fn run(out: &Path, reasons_file: &Path) -> Result<Results> {
    let inputs = Inputs::load(&out.join("raw"))?;
    let reasons = analysis::Reasons::load(reasons_file)?;
    let machine = machine(&inputs.meta);
    let mut results = analysis::analyse(inputs, machine, &reasons)?;
    results.plots = plots::write_all(&results, out)?;
    let json = serde_json::to_string_pretty(&results)?;
    std::fs::write(out.join("results.json"), json + "\n")?;
    std::fs::write(out.join("RESULTS.md"), markdown::results_md(&results))?;
    Ok(results)
}

/// Rewrites the plots and `RESULTS.md` in `out` from the `results.json` already there (after a
/// change to the report's tables or pictures; nothing is re-measured).
pub fn rewrite(out: &Path) -> Result<Results> {
    let results = Results::load(out.join("results.json"))?;
    plots::write_all(&results, out)?;
    std::fs::write(out.join("RESULTS.md"), markdown::results_md(&results))?;
    Ok(results)
}
