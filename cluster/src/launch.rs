//! Building `cluster-map`, launching it with `mpirun` and reading its run back.
//!
//! ```no_run
//! use cluster::{Distribution, Launch, launch};
//! let tokens = helpers::tutorial_tokens();
//! let launched = launch(&Launch::new(2, Distribution::Dynamic, &tokens)).unwrap();
//! println!("{}", launched.run.summary());
//! ```
//!
//! `mpirun` is started directly (`std::process::Command`, no shell), and the tokens go to rank 0's
//! standard input as JSON, so no command line anywhere ever holds them. The launcher keeps its own
//! deadline too: should `mpirun` itself hang, it is stopped and the error says so.

use std::fmt;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use helpers::Run;

use crate::plan::Distribution;

/// The environment variable that points at a prebuilt `cluster-map`, skipping the build.
pub const PROGRAM_VAR: &str = "CLUSTER_MAP";
const PROGRAM_NAME: &str = "cluster-map";
/// How long the launcher waits for `mpirun` after the program's own deadline should have fired.
const GRACE: Duration = Duration::from_secs(15);
/// How long `mpirun` may take to exit once a failure was reported (it takes well under 1 s when it
/// works as it should).
const AFTER_FAILURE: Duration = Duration::from_secs(3);
/// Error lines that mean the job failed: the program's own, and Open MPI's.
const FAILURE_SIGNS: [&str; 4] = [
    "cluster-map:",
    "the job has been aborted",
    "exited on signal",
    "MPI_ABORT",
];

/// How to get MPI, for the message shown wherever it is missing.
pub fn install_instructions() -> &'static str {
    "Install Open MPI (its runtime, headers and libclang, which the Rust bindings need), then run \
     `make setup` again:\n  \
     Debian/Ubuntu: sudo apt-get install -y openmpi-bin libopenmpi-dev libclang-dev\n  \
     Fedora:        sudo dnf install -y openmpi openmpi-devel clang-devel  (then `module load mpi/openmpi-x86_64`)\n  \
     macOS:         brew install open-mpi llvm\n  \
     conda:         conda install -c conda-forge openmpi libclang"
}

/// Why MPI cannot be used here, or `None` when `mpirun` and `mpicc` are both on `PATH`.
pub fn mpi_missing() -> Option<String> {
    let missing: Vec<&str> = ["mpirun", "mpicc"]
        .into_iter()
        .filter(|tool| find_on_path(tool).is_none())
        .collect();
    (!missing.is_empty()).then(|| format!("{} not found on PATH", missing.join(" and ")))
}

fn find_on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

/// Why a launch gave no run.
#[derive(Debug, Clone)]
pub enum ClusterError {
    /// MPI is not installed: the text says what is missing; Display adds how to install it.
    MpiMissing(String),
    /// `cargo build` of the program failed.
    Build(String),
    /// `mpirun` could not be started.
    Start(String),
    /// The job ended with a failure (a rank died, a deadline passed): exit code and what was said.
    Failed {
        /// `mpirun`'s exit code (`None`: stopped by a signal).
        code: Option<i32>,
        /// How long the job ran.
        after: Duration,
        /// What the ranks and `mpirun` said about the failure.
        message: String,
    },
    /// `mpirun` itself did not end in time and was stopped.
    TimedOut {
        /// How long it had run when it was stopped.
        after: Duration,
    },
    /// The job ended well but printed no run.
    BadOutput(String),
}

impl fmt::Display for ClusterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClusterError::MpiMissing(what) => write!(
                f,
                "MPI is not available here ({what}).\n{}",
                install_instructions()
            ),
            ClusterError::Build(error) => write!(f, "building {PROGRAM_NAME} failed:\n{error}"),
            ClusterError::Start(error) => write!(f, "mpirun did not start: {error}"),
            ClusterError::Failed {
                code,
                after,
                message,
            } => {
                let code = code.map_or("killed by a signal".into(), |c| format!("exit code {c}"));
                write!(
                    f,
                    "the MPI job failed after {:.2} s ({code}):\n{message}",
                    after.as_secs_f64()
                )
            }
            ClusterError::TimedOut { after } => write!(
                f,
                "mpirun was still running after {:.1} s and was stopped",
                after.as_secs_f64()
            ),
            ClusterError::BadOutput(error) => write!(f, "the job printed no run: {error}"),
        }
    }
}

impl std::error::Error for ClusterError {}

/// One launch: how many ranks, how the tokens are spread, and optionally a rank that dies.
#[derive(Debug, Clone)]
pub struct Launch {
    /// MPI processes to start (`mpirun -np`).
    pub ranks: usize,
    /// How the tokens are spread over the ranks.
    pub distribution: Distribution,
    /// The words to map.
    pub tokens: Vec<String>,
    /// This rank dies on its first token (to show what a failure does).
    pub fail_rank: Option<usize>,
    /// How long rank 0 waits for answers before aborting the job; by default twice the time the
    /// tokens take one after another, plus 30 s for start-up.
    pub deadline: Option<Duration>,
}

impl Launch {
    /// A launch of `tokens` on `ranks` ranks, with no failing rank and the default deadline.
    pub fn new<S: AsRef<str>>(ranks: usize, distribution: Distribution, tokens: &[S]) -> Self {
        Launch {
            ranks,
            distribution,
            tokens: tokens.iter().map(|t| t.as_ref().to_string()).collect(),
            fail_rank: None,
            deadline: None,
        }
    }

    /// The same launch, with `rank` dying on its first token.
    pub fn failing(mut self, rank: usize) -> Self {
        self.fail_rank = Some(rank);
        self
    }

    /// The same launch, with rank 0 giving up after `deadline`.
    pub fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    fn deadline_or_default(&self, unit: Duration) -> Duration {
        let sequential: u32 = self
            .tokens
            .iter()
            .map(|t| helpers::char_count(t) as u32)
            .sum();
        self.deadline
            .unwrap_or(unit * sequential * 2 + Duration::from_secs(30))
    }
}

/// A finished launch: the run rank 0 printed, and how long `mpirun` took from start to exit.
#[derive(Debug, Clone)]
pub struct Launched {
    /// The run rank 0 recorded and printed.
    pub run: Run,
    /// From starting `mpirun` to its exit.
    pub elapsed: Duration,
}

impl Launched {
    /// What the launch cost beyond the run itself: starting the ranks, MPI's set-up, finalising.
    pub fn overhead(&self) -> Duration {
        self.elapsed.saturating_sub(self.run.wall)
    }

    /// The results in input order (a failed token shows its error).
    pub fn results(&self) -> Vec<String> {
        self.run
            .in_input_order()
            .iter()
            .map(|r| r.outcome.clone().unwrap_or_else(|e| format!("failed: {e}")))
            .collect()
    }
}

/// Builds (if needed) and launches the program: the one call a notebook cell makes.
pub fn launch(launch: &Launch) -> Result<Launched, ClusterError> {
    launch_program(&ready()?, launch)
}

/// The program, built and ready to launch, or why it cannot be (MPI missing, build failed).
pub fn ready() -> Result<PathBuf, ClusterError> {
    match mpi_missing() {
        Some(what) => Err(ClusterError::MpiMissing(what)),
        None => program(),
    }
}

/// The `cluster-map` program: `$CLUSTER_MAP` if set, else built with the `mpi` feature into
/// `target/cluster` (as `make setup` builds it, so a notebook finds it up to date).
pub fn program() -> Result<PathBuf, ClusterError> {
    static BUILT: Mutex<Option<PathBuf>> = Mutex::new(None);
    if let Some(path) = std::env::var_os(PROGRAM_VAR) {
        return Ok(PathBuf::from(path));
    }
    let mut built = BUILT.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(path) = built.as_ref() {
        return Ok(path.clone());
    }
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The workspace's target folder, spelled without `..` so the path printed reads plainly.
    let target_dir = crate_dir
        .parent()
        .unwrap_or(crate_dir)
        .join("target")
        .join("cluster");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["build", "--release", "--quiet", "--features", "mpi"])
        .args(["--bin", PROGRAM_NAME, "--manifest-path"])
        .arg(crate_dir.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&target_dir)
        .output()
        .map_err(|e| ClusterError::Build(format!("cargo did not start: {e}")))?;
    if !output.status.success() {
        return Err(ClusterError::Build(tail(
            &String::from_utf8_lossy(&output.stderr),
            30,
        )));
    }
    let path = target_dir.join("release").join(PROGRAM_NAME);
    *built = Some(path.clone());
    Ok(path)
}

/// Whether `mpirun` is Open MPI's, whose options this launcher adds (MPICH's takes neither).
fn is_open_mpi() -> bool {
    Command::new("mpirun")
        .arg("--version")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).contains("Open MPI"))
}

/// Runs `program` under `mpirun` and reads rank 0's run from its standard output.
pub fn launch_program(program: &Path, launch: &Launch) -> Result<Launched, ClusterError> {
    let unit = helpers::time_unit().map_err(|e| ClusterError::Start(e.to_string()))?;
    let deadline = launch.deadline_or_default(unit);
    let mut command = Command::new("mpirun");
    command.args(["-np", &launch.ranks.to_string()]);
    if is_open_mpi() {
        // More ranks than cores is fine for sleeping work; containers often run as root.
        command
            .arg("--oversubscribe")
            .env("OMPI_ALLOW_RUN_AS_ROOT", "1")
            .env("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1");
    }
    command
        .arg(program)
        .args(["--distribution", launch.distribution.name()])
        .args(["--unit-ns", &unit.as_nanos().to_string()])
        .args(["--deadline-ms", &deadline.as_millis().to_string()]);
    if let Some(rank) = launch.fail_rank {
        command.args(["--fail-rank", &rank.to_string()]);
    }
    let started = Instant::now();
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| ClusterError::Start(e.to_string()))?;
    let tokens = serde_json::to_vec(&launch.tokens).expect("strings encode as JSON");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    // Rank 0 may die before reading it all: a broken pipe then is not the error to report.
    let _ = stdin.write_all(&tokens);
    drop(stdin);
    let stdout = read_in_background(child.stdout.take().expect("stdout is piped"));
    let failure_seen = Arc::new(Mutex::new(None));
    let stderr = watch_errors(child.stderr.take().expect("stderr is piped"), &failure_seen);
    let ended = wait_until(&mut child, started + deadline + GRACE, &failure_seen);
    let elapsed = started.elapsed();
    let (stdout, stderr) = (
        stdout.join().unwrap_or_default(),
        stderr.join().unwrap_or_default(),
    );
    let status = match ended {
        Ended::Exited(status) => status,
        Ended::StoppedAfterFailure => {
            return Err(ClusterError::Failed {
                code: None,
                after: elapsed,
                message: what_went_wrong(&stderr)
                    + "\n(mpirun did not exit after the failure, so the launcher stopped it)",
            });
        }
        Ended::StoppedAtDeadline => return Err(ClusterError::TimedOut { after: elapsed }),
    };
    if !status.success() {
        return Err(ClusterError::Failed {
            code: status.code(),
            after: elapsed,
            message: what_went_wrong(&stderr),
        });
    }
    let run = Run::from_json_str(&stdout).map_err(ClusterError::BadOutput)?;
    Ok(Launched { run, elapsed })
}

/// Reads the job's error output, noting when a line first says that something failed.
fn watch_errors(
    pipe: impl Read + Send + 'static,
    failure_seen: &Arc<Mutex<Option<Instant>>>,
) -> thread::JoinHandle<String> {
    let failure_seen = Arc::clone(failure_seen);
    thread::spawn(move || {
        let mut text = String::new();
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            let failed = FAILURE_SIGNS.iter().any(|sign| line.contains(sign));
            let mut seen = failure_seen.lock().unwrap_or_else(|e| e.into_inner());
            if failed && seen.is_none() {
                *seen = Some(Instant::now());
            }
            text += &line;
            text.push('\n');
        }
        text
    })
}

fn read_in_background(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// How waiting for `mpirun` ended.
enum Ended {
    Exited(std::process::ExitStatus),
    /// A failure was reported, and `mpirun` had not exited [`AFTER_FAILURE`] later.
    StoppedAfterFailure,
    /// The launcher's deadline passed.
    StoppedAtDeadline,
}

/// Waits for `mpirun` to exit, but not past `deadline`, nor long after a failure was reported:
/// Open MPI 4.1's `mpirun` was seen here to hang, its ranks all dead, after a rank failed.
fn wait_until(
    child: &mut Child,
    deadline: Instant,
    failure_seen: &Mutex<Option<Instant>>,
) -> Ended {
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            return Ended::Exited(status);
        }
        let failed_at = *failure_seen.lock().unwrap_or_else(|e| e.into_inner());
        let ended = if failed_at.is_some_and(|at| at.elapsed() > AFTER_FAILURE) {
            Ended::StoppedAfterFailure
        } else if Instant::now() >= deadline {
            Ended::StoppedAtDeadline
        } else {
            thread::sleep(Duration::from_millis(20));
            continue;
        };
        stop(child);
        return ended;
    }
}

/// Asks `mpirun` to stop (SIGTERM, so it can take its ranks down with it), then kills it.
fn stop(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    for _ in 0..100 {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// The lines of a failed job's error output that say what happened: the program's own
/// (`cluster-map: ...`) and Open MPI's summary, without its banners of dashes.
fn what_went_wrong(stderr: &str) -> String {
    let useful: Vec<&str> = stderr
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.chars().all(|c| c == '-'))
        .collect();
    tail(&useful.join("\n"), 12)
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// Shows a launch in a notebook: results, summary line and timeline; or, when there is no run,
/// what went wrong (with how to install MPI if it is missing) and a picture that says so.
pub fn show(result: &Result<Launched, ClusterError>) {
    match result {
        Ok(launched) => {
            println!("{:?}", launched.results());
            println!("{}", launched.run.summary());
            println!(
                "mpirun took {} in all: {} beyond the run (starting and stopping the ranks)",
                helpers::seconds(launched.elapsed),
                helpers::seconds(launched.overhead())
            );
            launched.run.timeline().evcxr_display();
        }
        Err(error) => {
            println!("{error}");
            show_no_run(error);
        }
    }
}

/// A small picture in place of the timeline, so the reader sees at a glance why there is none.
fn show_no_run(error: &ClusterError) {
    let headline = match error {
        ClusterError::MpiMissing(_) => "No run to draw: MPI is not installed here (see above).",
        _ => "No run to draw: the MPI job failed (see above).",
    };
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"760\" height=\"60\">\
         <rect x=\"1\" y=\"1\" width=\"758\" height=\"58\" fill=\"#fff8e6\" stroke=\"#e69f00\"/>\
         <text x=\"20\" y=\"35\" font-family=\"sans-serif\" font-size=\"16\">{headline}</text></svg>"
    );
    let path = std::env::temp_dir().join(format!("cluster-no-run-{}.svg", std::process::id()));
    if std::fs::write(&path, svg).is_ok() {
        let _ = helpers::show_svg_file(&path);
        let _ = std::fs::remove_file(&path);
    }
}
