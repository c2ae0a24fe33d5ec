//! Worker processes: the counterpart of `ProcessPoolExecutor` and `multiprocessing.Pool`.
//!
//! ```no_run
//! use helpers::{ProcessPool, run_in_process};
//!
//! // A process per task: the token travels as an argument, never through a shell.
//! assert_eq!(run_in_process("; rm -rf ~").unwrap(), "; RM -RF ~");
//!
//! // Two long-lived workers; tokens travel over their stdin as JSON lines.
//! let mut pool = ProcessPool::start(2).unwrap();
//! let results = pool.map(&["hello", "a"]);
//! assert_eq!(results[0].as_deref().ok(), Some("HELLO"));
//! ```
//!
//! Python starts a worker by re-running the current program; a closure cannot be sent to another
//! process, and in a notebook the current program is the kernel. So the worker here is a real
//! program, `token-worker`, built from this crate: [`worker_executable`] finds or builds it.
//! Every token comes back as a result or as a [`TaskError`] naming what went wrong.

use std::fmt;
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use crossbeam::channel::{Receiver, RecvTimeoutError, bounded, unbounded};

use crate::run::{TaskGuard, now, recorded_as, run_queued};
use crate::workload::{TIME_UNIT_VAR, time_unit, time_unit_text};

/// The environment variable that points at a prebuilt worker, skipping the search and the build.
pub const WORKER_VAR: &str = "TOKEN_WORKER";
const WORKER_NAME: &str = "token-worker";
/// The environment variable that sets the grace, in milliseconds: how long past twice its
/// expected time a worker may take over a token before it is killed and the token reported as
/// [`TaskError::TimedOut`].
pub const GRACE_VAR: &str = "TOKEN_WORKER_GRACE_MS";
/// The grace when `TOKEN_WORKER_GRACE_MS` is unset: long enough for a loaded machine to start a
/// process, short enough that a stopped worker does not look like a hang.
pub const DEFAULT_GRACE: Duration = Duration::from_secs(10);

/// The grace from `TOKEN_WORKER_GRACE_MS`, or [`DEFAULT_GRACE`]; an error names a bad value.
///
/// ```
/// assert_eq!(helpers::internal::worker_grace().unwrap(), helpers::internal::DEFAULT_GRACE);
/// ```
pub fn worker_grace() -> io::Result<Duration> {
    let Some(value) = std::env::var_os(GRACE_VAR) else {
        return Ok(DEFAULT_GRACE);
    };
    value
        .to_str()
        .and_then(|text| text.trim().parse::<u64>().ok())
        .map(Duration::from_millis)
        .ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{GRACE_VAR}={value:?} is not a whole number of milliseconds"),
            )
        })
}

/// How long a worker may take over `token` before it is given up: twice its time, plus the grace.
fn deadline_for(token: &str, grace: Duration) -> Duration {
    crate::token_duration(token)
        .saturating_mul(2)
        .saturating_add(grace)
}

/// Why a token has no result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskError {
    /// The worker process ended while it held this token.
    WorkerDied {
        /// The token it held.
        token: String,
        /// Its process id.
        pid: u32,
        /// How it ended, as the operating system says (`signal: 6 (SIGABRT)`).
        status: String,
    },
    /// The worker gave no answer by the deadline (stopped, stuck, or not a worker at all), so it
    /// was killed.
    TimedOut {
        /// The token it held.
        token: String,
        /// Its process id.
        pid: u32,
        /// How long it was waited for: twice the token's time plus the grace.
        waited: Duration,
    },
    /// No worker was left to run this token.
    NotRun {
        /// The token.
        token: String,
    },
    /// The worker could not be started or talked to.
    Io {
        /// The token.
        token: String,
        /// What failed.
        error: String,
    },
}

impl fmt::Display for TaskError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TaskError::WorkerDied { token, pid, status } => {
                write!(
                    f,
                    "worker pid {pid} died ({status}) while running {token:?}"
                )
            }
            TaskError::TimedOut { token, pid, waited } => write!(
                f,
                "worker pid {pid} gave no answer for {token:?} within {:.3} s and was killed",
                waited.as_secs_f64()
            ),
            TaskError::NotRun { token } => write!(f, "{token:?} was not run: no worker was left"),
            TaskError::Io { token, error } => write!(f, "{token:?} failed: {error}"),
        }
    }
}

impl std::error::Error for TaskError {}

/// Options for worker processes.
#[derive(Debug, Clone, Default)]
pub struct WorkerOptions {
    /// Make a worker abort halfway through this token's work: a crash on demand, for the failure
    /// chapter.
    pub crash_on: Option<String>,
}

impl WorkerOptions {
    fn command(&self, executable: &Path) -> io::Result<Command> {
        let unit = time_unit().map_err(io::Error::other)?;
        let mut command = Command::new(executable);
        // The worker uses the caller's unit, even one set with `set_time_unit`.
        command.env(TIME_UNIT_VAR, time_unit_text(unit));
        if let Some(token) = &self.crash_on {
            command.arg("--crash-on").arg(token);
        }
        Ok(command)
    }
}

/// Finds the `token-worker` program, or builds it with cargo (once per process).
///
/// Looks in order at `TOKEN_WORKER`, beside the running program (the command-line runner and the
/// tests), then builds it into `target/worker` of this workspace (the notebooks: the running
/// program there is the kernel, which cannot serve as a worker). A worker there that is newer than
/// this crate's sources is used without asking cargo: evcxr gives every cell its own copy of this
/// crate's statics, so "once per process" means once per cell there, and cargo's own check costs
/// a fifth of a second, enough to spoil a timing.
pub fn worker_executable() -> io::Result<PathBuf> {
    static FOUND: Mutex<Option<PathBuf>> = Mutex::new(None);
    let mut found = FOUND.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(path) = found.as_ref() {
        return Ok(path.clone());
    }
    let path = match std::env::var_os(WORKER_VAR) {
        Some(path) => {
            let path = PathBuf::from(path);
            if !path.is_file() {
                return Err(io::Error::other(format!(
                    "{WORKER_VAR}={} is not a file",
                    path.display()
                )));
            }
            path
        }
        None => match beside_current_program() {
            Some(path) => path,
            None => build_worker()?,
        },
    };
    *found = Some(path.clone());
    Ok(path)
}

fn beside_current_program() -> Option<PathBuf> {
    let program = std::env::current_exe().ok()?;
    // Binaries sit in target/<profile>/, test programs one folder lower, in deps/.
    program
        .ancestors()
        .skip(1)
        .take(2)
        .map(|folder| folder.join(WORKER_NAME))
        .find(|candidate| candidate.is_file())
}

/// cargo's arguments for building the worker, with paths from the workspace root: the file that
/// `make worker` reads too, so the two builds cannot drift apart.
const WORKER_BUILD: &str = include_str!("../../token-worker.build");

/// The words of [`WORKER_BUILD`], comments left out.
fn worker_build_args() -> impl Iterator<Item = &'static str> {
    WORKER_BUILD
        .lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .flat_map(str::split_whitespace)
}

/// The value that follows `flag` in [`WORKER_BUILD`].
fn worker_build_value(flag: &str) -> Option<&'static str> {
    worker_build_args().skip_while(|&arg| arg != flag).nth(1)
}

fn build_worker() -> io::Result<PathBuf> {
    static BUILD_ONCE: OnceLock<()> = OnceLock::new();
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workspace = manifest_dir.join("..");
    let target_dir = workspace.join(worker_build_value("--target-dir").unwrap_or("target/worker"));
    let program = target_dir.join("release").join(WORKER_NAME);
    if newer_than_sources(&program, manifest_dir) {
        return Ok(program);
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    BUILD_ONCE.get_or_init(|| {
        eprintln!("building {WORKER_NAME} (once; a minute at most the first time)")
    });
    let output = Command::new(cargo)
        .args(worker_build_args())
        .current_dir(&workspace)
        .output()
        .map_err(|e| {
            io::Error::other(format!("could not run cargo to build {WORKER_NAME}: {e}"))
        })?;
    if !output.status.success() {
        return Err(io::Error::other(format!(
            "building {WORKER_NAME} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    Ok(program)
}

/// Whether `program` was built after the last change to the crate's sources, manifest and lock file.
fn newer_than_sources(program: &Path, manifest_dir: &Path) -> bool {
    fn latest_change(path: &Path) -> io::Result<std::time::SystemTime> {
        let metadata = std::fs::metadata(path)?;
        let mut latest = metadata.modified()?;
        if metadata.is_dir() {
            for entry in std::fs::read_dir(path)? {
                latest = latest.max(latest_change(&entry?.path())?);
            }
        }
        Ok(latest)
    }
    let built = match std::fs::metadata(program).and_then(|m| m.modified()) {
        Ok(built) => built,
        Err(_) => return false,
    };
    let sources = [
        manifest_dir.join("src"),
        manifest_dir.join("Cargo.toml"),
        manifest_dir.join("token-worker.build"),
        manifest_dir.join("../Cargo.lock"),
    ];
    sources
        .iter()
        .all(|source| latest_change(source).is_ok_and(|changed| changed < built))
}

/// Runs one token in a new worker process (the token is an argument, not shell text) and records it.
pub fn run_in_process(token: &str) -> Result<String, TaskError> {
    run_in_process_with(token, &WorkerOptions::default())
}

/// [`run_in_process`] with options.
///
/// A worker that gives no answer by the deadline (twice the token's time plus
/// [`worker_grace`]) is killed and its token reported as [`TaskError::TimedOut`].
pub fn run_in_process_with(token: &str, options: &WorkerOptions) -> Result<String, TaskError> {
    let io_error = |error: io::Error| TaskError::Io {
        token: token.to_string(),
        error: error.to_string(),
    };
    let mut command = options
        .command(&worker_executable().map_err(io_error)?)
        .map_err(io_error)?;
    let deadline = deadline_for(token, worker_grace().map_err(io_error)?);
    // The task starts before the process does: starting a process is part of its cost.
    let mut task = TaskGuard::begin_as(token, "process".to_string());
    let outcome = command
        .arg("--")
        .arg(token)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(io_error)
        .and_then(|mut child| {
            let pid = child.id();
            task.set_worker(format!("pid {pid}"));
            let output = read_all_by(&mut child, deadline).map_err(io_error)?;
            let Some(output) = output else {
                return Err(TaskError::TimedOut {
                    token: token.to_string(),
                    pid,
                    waited: deadline,
                });
            };
            let status = child.wait().map_err(io_error)?;
            if !status.success() {
                return Err(TaskError::WorkerDied {
                    token: token.to_string(),
                    pid,
                    status: status.to_string(),
                });
            }
            let line = String::from_utf8_lossy(&output);
            serde_json::from_str::<String>(line.trim()).map_err(|e| TaskError::Io {
                token: token.to_string(),
                error: format!("unreadable answer {line:?}: {e}"),
            })
        });
    match &outcome {
        Ok(result) => task.finish(result),
        Err(error) => task.fail(error.to_string()),
    }
    outcome
}

/// Everything `child` writes on its stdout, or `None` if it has not closed it by `deadline`; then
/// the child is killed. A thread reads, so the wait can end at the deadline whatever the child does.
fn read_all_by(child: &mut Child, deadline: Duration) -> io::Result<Option<Vec<u8>>> {
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let (sender, output) = bounded(1);
    let reader = std::thread::Builder::new().spawn(move || {
        let mut bytes = Vec::new();
        let _ = sender.send(io::Read::read_to_end(&mut stdout, &mut bytes).map(|_| bytes));
    });
    if let Err(error) = reader {
        let _ = child.kill();
        let _ = child.wait();
        return Err(error);
    }
    match output.recv_timeout(deadline) {
        Ok(read) => read.map(Some),
        Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
            let _ = child.kill();
            let _ = child.wait();
            Ok(None)
        }
    }
}

/// One long-lived worker process and its pipes. A thread reads its answers, so waiting for one can
/// end at a deadline.
#[derive(Debug)]
struct WorkerProcess {
    child: Child,
    to_worker: ChildStdin,
    answers: Receiver<String>,
}

impl WorkerProcess {
    fn start(executable: &Path, options: &WorkerOptions) -> io::Result<Self> {
        let mut child = options
            .command(executable)?
            .arg("--serve")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        let to_worker = child.stdin.take().expect("stdin is piped");
        let from_worker = BufReader::new(child.stdout.take().expect("stdout is piped"));
        let (sender, answers) = unbounded();
        let reader = std::thread::Builder::new()
            .name(format!("pid {} answers", child.id()))
            // Ends when the worker closes its stdout (it ended or was killed).
            .spawn(move || {
                for line in from_worker.lines().map_while(Result::ok) {
                    if sender.send(line).is_err() {
                        break;
                    }
                }
            });
        if let Err(error) = reader {
            let _ = child.kill();
            let _ = child.wait();
            return Err(error);
        }
        Ok(WorkerProcess {
            child,
            to_worker,
            answers,
        })
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends one token and waits for its result, until `deadline`; then kills the worker.
    fn ask(&mut self, token: &str, deadline: Duration) -> Result<String, TaskError> {
        let mut request = serde_json::to_string(token).expect("a string always serialises");
        request.push('\n');
        let sent = self
            .to_worker
            .write_all(request.as_bytes())
            .and_then(|()| self.to_worker.flush());
        let answer = match sent {
            Ok(()) => self.answers.recv_timeout(deadline),
            // A broken pipe: the worker is gone.
            Err(_) => Err(RecvTimeoutError::Disconnected),
        };
        match answer {
            Ok(answer) => serde_json::from_str(answer.trim()).map_err(|e| TaskError::Io {
                token: token.to_string(),
                error: format!("unreadable answer {answer:?}: {e}"),
            }),
            Err(RecvTimeoutError::Timeout) => {
                let _ = self.child.kill();
                let _ = self.child.wait();
                Err(TaskError::TimedOut {
                    token: token.to_string(),
                    pid: self.pid(),
                    waited: deadline,
                })
            }
            // End of output: the worker is gone.
            Err(RecvTimeoutError::Disconnected) => Err(TaskError::WorkerDied {
                token: token.to_string(),
                pid: self.pid(),
                status: self
                    .child
                    .wait()
                    .map_or_else(|e| e.to_string(), |s| s.to_string()),
            }),
        }
    }

    fn is_alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for WorkerProcess {
    fn drop(&mut self) {
        // Closing stdin ends the worker's loop; kill covers a worker stuck in a task.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A pool of long-lived worker processes, each running tokens one at a time.
#[derive(Debug)]
pub struct ProcessPool {
    executable: PathBuf,
    options: WorkerOptions,
    size: usize,
    workers: Vec<WorkerProcess>,
    grace: Duration,
}

impl ProcessPool {
    /// Starts `size` workers.
    pub fn start(size: usize) -> io::Result<Self> {
        Self::start_with(size, WorkerOptions::default())
    }

    /// Starts `size` workers with options (see [`WorkerOptions`]).
    pub fn start_with(size: usize, options: WorkerOptions) -> io::Result<Self> {
        if size == 0 {
            return Err(io::Error::other("a process pool needs at least one worker"));
        }
        let mut pool = ProcessPool {
            executable: worker_executable()?,
            options,
            size,
            workers: Vec::new(),
            grace: worker_grace()?,
        };
        pool.replace_dead_workers()?;
        Ok(pool)
    }

    /// Sets how long past twice its expected time a worker may take over a token before it is
    /// killed and the token reported as [`TaskError::TimedOut`] (default: [`worker_grace`]).
    pub fn set_grace(&mut self, grace: Duration) {
        self.grace = grace;
    }

    /// The process ids of the live workers.
    pub fn pids(&mut self) -> Vec<u32> {
        self.workers
            .iter_mut()
            .filter_map(|w| w.is_alive().then(|| w.pid()))
            .collect()
    }

    fn replace_dead_workers(&mut self) -> io::Result<()> {
        self.workers.retain_mut(WorkerProcess::is_alive);
        while self.workers.len() < self.size {
            self.workers
                .push(WorkerProcess::start(&self.executable, &self.options)?);
        }
        Ok(())
    }

    /// Runs every token on the pool, each recorded, and returns results in input order.
    ///
    /// Free workers take the next token from a shared queue. A worker that dies is reported with
    /// the token it held, the others carry on with the rest, and the next call starts a
    /// replacement. A worker that gives no answer in time is killed and its token reported as
    /// [`TaskError::TimedOut`]. Tokens that no worker was left to run come back as
    /// [`TaskError::NotRun`].
    pub fn map<S: AsRef<str> + Sync>(&mut self, tokens: &[S]) -> Vec<Result<String, TaskError>> {
        if let Err(error) = self.replace_dead_workers() {
            let error = error.to_string();
            return tokens
                .iter()
                .map(|t| {
                    Err(TaskError::Io {
                        token: t.as_ref().to_string(),
                        error: error.clone(),
                    })
                })
                .collect();
        }
        let (queue, next_token) = unbounded();
        // Every token waits in the queue from now until a worker takes it.
        let queued = now();
        for task in tokens.iter().enumerate() {
            queue.send(task).expect("the receiver is alive");
        }
        drop(queue);
        let outcomes: Mutex<Vec<Option<Result<String, TaskError>>>> =
            Mutex::new(vec![None; tokens.len()]);
        let grace = self.grace;
        std::thread::scope(|scope| {
            for worker in &mut self.workers {
                let (next_token, outcomes) = (next_token.clone(), &outcomes);
                // A thread the system refuses leaves its worker idle; the others take the tokens,
                // and any left over come back as not run.
                let _ = std::thread::Builder::new().spawn_scoped(scope, move || {
                    for (index, token) in next_token {
                        let token = token.as_ref();
                        let taken = queued.and_then(|_| now());
                        let outcome = run_queued(queued, taken, || {
                            recorded_as(token, format!("pid {}", worker.pid()), || {
                                worker.ask(token, deadline_for(token, grace))
                            })
                        });
                        let gone = matches!(
                            outcome,
                            Err(TaskError::WorkerDied { .. } | TaskError::TimedOut { .. })
                        );
                        outcomes.lock().unwrap_or_else(|e| e.into_inner())[index] = Some(outcome);
                        if gone {
                            break;
                        }
                    }
                });
            }
        });
        let outcomes = outcomes.into_inner().unwrap_or_else(|e| e.into_inner());
        outcomes
            .into_iter()
            .zip(tokens)
            .map(|(outcome, token)| {
                outcome.unwrap_or_else(|| {
                    Err(TaskError::NotRun {
                        token: token.as_ref().to_string(),
                    })
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one recipe builds the program this module looks for, where it looks for it, without the
    /// plotting and async features a worker never uses.
    #[test]
    fn the_worker_build_names_the_program_and_its_folder() {
        let args: Vec<&str> = worker_build_args().collect();
        assert_eq!(args.first(), Some(&"build"), "{args:?}");
        assert!(args.contains(&"--release"), "{args:?}");
        assert!(args.contains(&"--no-default-features"), "{args:?}");
        assert_eq!(worker_build_value("--bin"), Some(WORKER_NAME));
        assert_eq!(
            worker_build_value("--manifest-path"),
            Some("helpers/Cargo.toml")
        );
        assert!(worker_build_value("--target-dir").is_some(), "{args:?}");
        assert!(!args.iter().any(|arg| arg.starts_with('#')), "{args:?}");
    }
}
