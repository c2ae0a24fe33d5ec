//! Progress that lasts: every check's verdict per exercise id ("04.1"), in one JSON file per user.
//!
//! The file is `$PIR_PROGRESS_FILE` if set, else `$XDG_DATA_HOME/parallelism-in-rust/progress.json`,
//! else `~/.local/share/parallelism-in-rust/progress.json`. It survives kernel restarts and slot
//! changes (it is not in a kernel's folder). Writes go to a temporary file that is then renamed over
//! the old one (a reader sees the old or the new file, never half of one), under a lock file, so
//! several kernels checking at once each add their verdict and lose none.
//!
//! ```
//! use helpers::check::progress::{self, State};
//! let dir = std::env::temp_dir().join(format!("pir-progress-doc-{}", std::process::id()));
//! let file = dir.join("progress.json");
//! progress::record_at(&file, "01.2", false).unwrap();
//! progress::record_at(&file, "01.2", true).unwrap();
//! let entry = progress::read_at(&file).unwrap().remove("01.2").unwrap();
//! assert_eq!((entry.state, entry.attempts, entry.fails), (State::Done, 2, 1));
//! # std::fs::remove_dir_all(&dir).unwrap();
//! ```

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use serde::{Deserialize, Serialize};

/// The environment variable that puts the progress file elsewhere (tests, a shared machine).
pub const PROGRESS_VAR: &str = "PIR_PROGRESS_FILE";

/// Where an exercise stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// No checked attempt yet (a starter with its `todo!` is not an attempt).
    #[default]
    NotStarted,
    /// Checked at least once, not passed yet.
    Tried,
    /// Passed at least once (it stays done).
    Done,
}

impl State {
    /// The state in words, as the progress table shows it.
    pub fn words(self) -> &'static str {
        match self {
            State::NotStarted => "not started",
            State::Tried => "tried",
            State::Done => "done",
        }
    }
}

/// What the progress file keeps of one exercise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Entry {
    /// Not started, tried or done.
    pub state: State,
    /// Checked attempts (passes and fails, not `todo!` starters).
    pub attempts: u32,
    /// Failed attempts: the next hint to show is the one after this many.
    pub fails: u32,
    /// When the last attempt was checked, in seconds since 1970.
    pub last_checked: u64,
}

/// Every exercise's entry, by id.
pub type Book = BTreeMap<String, Entry>;

#[derive(Serialize, Deserialize)]
struct ProgressFile {
    version: u32,
    exercises: Book,
}

/// The progress file of this user (see the module's description).
pub fn progress_path() -> Result<PathBuf, String> {
    #[cfg(test)]
    if std::env::var_os(PROGRESS_VAR).is_none() {
        return Ok(test_thread_file()); // this crate's unit tests never touch the user's file
    }
    if let Some(path) = std::env::var_os(PROGRESS_VAR).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    let data = std::env::var_os("XDG_DATA_HOME")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|p| !p.is_empty())
                .map(|home| PathBuf::from(home).join(".local/share"))
        })
        .ok_or("neither PIR_PROGRESS_FILE, XDG_DATA_HOME nor HOME is set")?;
    Ok(data.join("parallelism-in-rust").join("progress.json"))
}

/// This user's progress (an empty book if nothing was recorded yet).
pub fn read() -> Result<Book, String> {
    read_at(&progress_path()?)
}

/// The progress in `file` (an empty book if the file does not exist).
pub fn read_at(file: &Path) -> Result<Book, String> {
    match fs::read_to_string(file) {
        Ok(text) => serde_json::from_str::<ProgressFile>(&text)
            .map(|f| f.exercises)
            .map_err(|e| format!("{} is not a progress file ({e})", file.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Book::new()),
        Err(e) => Err(format!("cannot read {}: {e}", file.display())),
    }
}

/// Records one checked attempt at exercise `id` in this user's file; returns its new entry.
pub fn record(id: &str, passed: bool) -> Result<Entry, String> {
    record_at(&progress_path()?, id, passed)
}

/// Records one checked attempt at `id` in `file`: attempts + 1, fails + 1 if it failed, the state
/// done (once passed) or tried.
pub fn record_at(file: &Path, id: &str, passed: bool) -> Result<Entry, String> {
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let _lock = FileLock::take(file)?;
    let mut book = read_at(file)?;
    let entry = book.entry(id.to_string()).or_default();
    entry.attempts = entry.attempts.saturating_add(1);
    if passed {
        entry.state = State::Done;
    } else {
        entry.fails = entry.fails.saturating_add(1);
        if entry.state == State::NotStarted {
            entry.state = State::Tried;
        }
    }
    entry.last_checked = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let entry = entry.clone();
    write_atomically(file, &book)?;
    Ok(entry)
}

/// Writes `book` next to `file`, then renames it over `file`.
fn write_atomically(file: &Path, book: &Book) -> Result<(), String> {
    let text = serde_json::to_string_pretty(&ProgressFile {
        version: 1,
        exercises: book.clone(),
    })
    .map_err(|e| e.to_string())?;
    let temporary = sibling(file, &format!("tmp.{}", std::process::id()));
    let written = fs::File::create(&temporary).and_then(|mut f| {
        f.write_all(text.as_bytes())?;
        f.write_all(b"\n")?;
        f.sync_all()
    });
    written
        .and_then(|()| fs::rename(&temporary, file))
        .map_err(|e| {
            let _ = fs::remove_file(&temporary);
            format!("cannot write {}: {e}", file.display())
        })
}

fn sibling(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{suffix}"));
    file.with_file_name(name)
}

/// A lock file beside the progress file, held while one kernel reads, changes and writes it.
struct FileLock {
    path: PathBuf,
}

/// How long a kernel waits for another's lock before giving up (its verdict is still shown).
const LOCK_WAIT: Duration = Duration::from_secs(5);
/// A lock older than this was left by a kernel that died mid-write: it is taken over.
const STALE_LOCK: Duration = Duration::from_secs(30);

impl FileLock {
    fn take(file: &Path) -> Result<FileLock, String> {
        let path = sibling(file, "lock");
        let started = Instant::now();
        loop {
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(_) => return Ok(FileLock { path }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let age = fs::metadata(&path)
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|t| t.elapsed().ok());
                    if age.is_some_and(|age| age > STALE_LOCK) {
                        let _ = fs::remove_file(&path);
                        continue;
                    }
                    if started.elapsed() > LOCK_WAIT {
                        return Err(format!("{} stayed locked", file.display()));
                    }
                    std::thread::sleep(Duration::from_millis(10));
                }
                Err(e) => return Err(format!("cannot lock {}: {e}", file.display())),
            }
        }
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// For tests and doctests that run checks: points `PIR_PROGRESS_FILE` at a fresh file of this
/// process in the temporary folder (never the user's own), and returns its path.
#[doc(hidden)]
pub fn use_private_file() -> PathBuf {
    let path = std::env::temp_dir()
        .join(format!("pir-progress-{}", std::process::id()))
        .join("progress.json");
    // SAFETY: as in `set_time_unit`: a test's set-up, not while foreign code reads the environment.
    unsafe { std::env::set_var(PROGRESS_VAR, &path) };
    path
}

/// In this crate's unit tests: a progress file per test thread, so tests running side by side
/// never see each other's verdicts.
#[cfg(test)]
pub(crate) fn test_thread_file() -> PathBuf {
    let thread = format!("{:?}", std::thread::current().id());
    let name: String = thread.chars().filter(char::is_ascii_digit).collect();
    std::env::temp_dir()
        .join(format!("pir-progress-{}", std::process::id()))
        .join(format!("thread-{name}.json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_file(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("pir-progress-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir.join("progress.json")
    }

    #[test]
    fn attempts_fails_and_states() {
        let file = temp_file("states");
        assert_eq!(read_at(&file).unwrap(), Book::new());
        let tried = record_at(&file, "02.1", false).unwrap();
        assert_eq!(
            (tried.state, tried.attempts, tried.fails),
            (State::Tried, 1, 1)
        );
        record_at(&file, "02.1", true).unwrap();
        let again = record_at(&file, "02.1", false).unwrap();
        assert_eq!(again.state, State::Done, "done stays done");
        assert_eq!((again.attempts, again.fails), (3, 2));
        let book = read_at(&file).unwrap();
        assert_eq!(book.len(), 1);
        assert!(!sibling(&file, "lock").exists(), "the lock is released");
    }

    #[test]
    fn many_writers_lose_nothing() {
        let file = temp_file("writers");
        std::thread::scope(|s| {
            for t in 0..4 {
                let file = &file;
                s.spawn(move || {
                    for i in 0..10 {
                        record_at(file, &format!("0{t}.{i}"), i % 2 == 0).unwrap();
                    }
                });
            }
        });
        let book = read_at(&file).unwrap();
        assert_eq!(book.len(), 40);
        assert!(book.values().all(|e| e.attempts == 1));
    }

    #[test]
    fn a_damaged_file_is_reported_not_overwritten() {
        let file = temp_file("damaged");
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(&file, "{ not json").unwrap();
        let error = record_at(&file, "01.1", true).unwrap_err();
        assert!(error.contains("is not a progress file"), "{error}");
        assert_eq!(fs::read_to_string(&file).unwrap(), "{ not json");
    }

    #[test]
    fn a_stale_lock_is_taken_over() {
        let file = temp_file("stale");
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        let lock = sibling(&file, "lock");
        fs::write(&lock, "").unwrap();
        let old = SystemTime::now() - Duration::from_secs(60);
        fs::File::options()
            .write(true)
            .open(&lock)
            .unwrap()
            .set_modified(old)
            .unwrap();
        assert!(record_at(&file, "01.1", true).is_ok());
    }
}
