//! The tutorial's workload: twelve tokens and a function that "works" one time unit per character.
//!
//! ```
//! use helpers::{char_count, set_time_unit, work, TUTORIAL_TOKENS};
//! use std::time::Duration;
//!
//! set_time_unit(Duration::from_millis(1));
//! assert_eq!(TUTORIAL_TOKENS.len(), 12);
//! assert_eq!(work("hello"), "HELLO"); // slept 5 units
//! assert_eq!(char_count("héllo"), 5); // characters, as Python's len counts them
//! ```
//!
//! The unit is one second, as in the tutorial, unless the environment variable `TIME_UNIT_MS` says
//! otherwise (the tests run the same notebooks with a unit of a few milliseconds), or a notebook sets
//! its own with [`set_time_unit`].

use std::fmt;
use std::hint::black_box;
use std::sync::OnceLock;
use std::time::Duration;

use crate::check::plan::Planned;
use crate::run::recorded;

/// The tutorial's tokens, in its order: `hello world how are you a b c d e f g`.
pub const TUTORIAL_TOKENS: [&str; 12] = [
    "hello", "world", "how", "are", "you", "a", "b", "c", "d", "e", "f", "g",
];

/// The environment variable that sets the time unit in milliseconds.
pub const TIME_UNIT_VAR: &str = "TIME_UNIT_MS";

/// The tutorial's tokens as an owned list, ready to be split, cloned or sent to threads.
///
/// ```
/// assert_eq!(helpers::tutorial_tokens().join(" "), "hello world how are you a b c d e f g");
/// ```
pub fn tutorial_tokens() -> Vec<&'static str> {
    TUTORIAL_TOKENS.to_vec()
}

/// How long a token takes: its characters counted as Python's `len` counts them (Unicode scalar
/// values, not bytes).
///
/// ```
/// assert_eq!(helpers::char_count("straße"), 6);
/// assert_eq!(helpers::char_count(""), 0);
/// ```
pub fn char_count(token: &str) -> usize {
    token.chars().count()
}

/// The shortest unit: a microsecond. Shorter ones round to nothing (a sleep of zero, a worker
/// process told `0`) and measure only the machine's overhead.
pub const MIN_TIME_UNIT: Duration = Duration::from_micros(1);
/// The longest unit: a minute. The tutorial's tokens then take 26 minutes one after the other;
/// longer units only mean sleeps of hours or years, and beyond that times that overflow.
pub const MAX_TIME_UNIT: Duration = Duration::from_secs(60);

/// A `TIME_UNIT_MS` that is not a number of milliseconds between [`MIN_TIME_UNIT`] and
/// [`MAX_TIME_UNIT`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeUnitError {
    /// The value as found in the environment.
    pub value: String,
}

impl fmt::Display for TimeUnitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{TIME_UNIT_VAR}={:?} is not a number of milliseconds from 0.001 to 60000 (try TIME_UNIT_MS=100, or unset it for the tutorial's 1 s)",
            self.value
        )
    }
}

impl std::error::Error for TimeUnitError {}

/// Parses a unit in milliseconds; fractions are allowed, as long as the unit lies between
/// [`MIN_TIME_UNIT`] and [`MAX_TIME_UNIT`]; zero, negatives and words are not.
///
/// ```
/// use std::time::Duration;
/// assert_eq!(helpers::internal::parse_time_unit("250"), Ok(Duration::from_millis(250)));
/// assert_eq!(helpers::internal::parse_time_unit("0.5"), Ok(Duration::from_micros(500)));
/// assert!(helpers::internal::parse_time_unit("0").is_err());
/// assert!(helpers::internal::parse_time_unit("0.0000001").is_err()); // 100 picoseconds: too short to sleep
/// assert!(helpers::internal::parse_time_unit("1e12").is_err()); // 30 years a unit
/// assert!(helpers::internal::parse_time_unit("fast").unwrap_err().to_string().contains("TIME_UNIT_MS=\"fast\""));
/// ```
pub fn parse_time_unit(value: &str) -> Result<Duration, TimeUnitError> {
    let error = || TimeUnitError {
        value: value.to_string(),
    };
    let millis: f64 = value.trim().parse().map_err(|_| error())?;
    if !millis.is_finite() {
        return Err(error());
    }
    let unit = Duration::try_from_secs_f64(millis / 1000.0).map_err(|_| error())?;
    if !(MIN_TIME_UNIT..=MAX_TIME_UNIT).contains(&unit) {
        return Err(error());
    }
    Ok(unit)
}

/// The unit as `TIME_UNIT_MS` text that [`parse_time_unit`] reads back exactly (to the
/// nanosecond), for worker processes: they must use the very unit the parent accepted.
pub(crate) fn time_unit_text(unit: Duration) -> String {
    let nanos = unit.as_nanos();
    format!("{}.{:06}", nanos / 1_000_000, nanos % 1_000_000)
}

/// Where [`set_time_unit`] keeps its unit: an environment variable of this process, in nanoseconds.
///
/// Not a static: evcxr links this crate into every notebook cell anew, each copy with its own
/// statics, so a static set in one cell would be gone in the next. The environment belongs to the
/// process, so a unit set once holds for the rest of the notebook, and worker processes started
/// afterwards inherit it too.
const UNIT_OVERRIDE_VAR: &str = "HELPERS_TIME_UNIT_NANOS";

/// The time unit: [`set_time_unit`]'s if called, else `TIME_UNIT_MS`, else the tutorial's 1 s.
///
/// ```
/// // Errors name the variable and its value; they never fall back silently.
/// # unsafe { std::env::set_var("TIME_UNIT_MS", "-3") };
/// # helpers::clear_time_unit();
/// let err = helpers::time_unit().unwrap_err();
/// assert!(err.to_string().contains("TIME_UNIT_MS=\"-3\""));
/// # unsafe { std::env::remove_var("TIME_UNIT_MS") };
/// ```
pub fn time_unit() -> Result<Duration, TimeUnitError> {
    let set_here = std::env::var(UNIT_OVERRIDE_VAR).ok();
    if let Some(unit) = set_here
        .and_then(|value| value.parse::<u64>().ok())
        .map(Duration::from_nanos)
        .filter(|unit| (MIN_TIME_UNIT..=MAX_TIME_UNIT).contains(unit))
    {
        return Ok(unit);
    }
    match std::env::var(TIME_UNIT_VAR) {
        Ok(value) => parse_time_unit(&value),
        Err(std::env::VarError::NotPresent) => Ok(Duration::from_secs(1)),
        Err(std::env::VarError::NotUnicode(raw)) => Err(TimeUnitError {
            value: raw.to_string_lossy().into_owned(),
        }),
    }
}

/// Sets the unit, whatever `TIME_UNIT_MS` says (the CPU chapters use a shorter one).
///
/// It lasts for the rest of the process: in a notebook, for every later cell (until
/// [`clear_time_unit`] or a kernel restart), and for worker processes started after it.
///
/// # Panics
/// If `unit` is shorter than [`MIN_TIME_UNIT`] (a microsecond) or longer than [`MAX_TIME_UNIT`]
/// (a minute), with a one-line message naming it.
pub fn set_time_unit(unit: Duration) {
    assert!(
        (MIN_TIME_UNIT..=MAX_TIME_UNIT).contains(&unit),
        "set_time_unit({unit:?}): the time unit must be from 1µs to 60s"
    );
    let nanos = u64::try_from(unit.as_nanos()).unwrap_or(u64::MAX);
    // SAFETY: changing the environment races only with C code reading it on another thread at the
    // same moment; Rust's own `env::var` calls are serialised by the standard library. This is
    // called from a notebook cell or a test's set-up, not while foreign code runs in the background.
    unsafe { std::env::set_var(UNIT_OVERRIDE_VAR, nanos.to_string()) };
}

/// Sets the time unit for one test and keeps every other unit-setting test of this crate waiting
/// until the returned guard drops: the unit is process-wide, and the test harness runs tests on
/// parallel threads, so a test that set 1 ms could otherwise see another test's 10 µs mid-run.
/// It also keeps checks' hidden plans away for as long (a plan would set this test's work times).
#[cfg(test)]
pub(crate) fn test_unit(unit: Duration) -> UnitTest {
    static UNIT_TESTS: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let unit_turn = UNIT_TESTS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let no_plan = crate::check::plan::no_plan_while_held();
    set_time_unit(unit);
    UnitTest {
        _no_plan: no_plan,
        _unit_turn: unit_turn,
    }
}

/// What [`test_unit`] holds: the plan turn is let go first, then the unit's (fields drop in order).
#[cfg(test)]
pub(crate) struct UnitTest {
    _no_plan: crate::check::plan::NoPlanTurn,
    _unit_turn: std::sync::MutexGuard<'static, ()>,
}

/// Forgets [`set_time_unit`]: the unit comes from `TIME_UNIT_MS` again.
pub fn clear_time_unit() {
    // SAFETY: as in `set_time_unit`.
    unsafe { std::env::remove_var(UNIT_OVERRIDE_VAR) };
}

/// The unit, or a panic whose message is the [`TimeUnitError`]; for the work functions, whose
/// signature must stay `&str -> String` so cells read like the tutorial.
pub(crate) fn unit_or_panic() -> Duration {
    time_unit().unwrap_or_else(|error| panic!("{error}"))
}

/// How long `token` should take: one unit per character.
///
/// ```
/// use std::time::Duration;
/// helpers::set_time_unit(Duration::from_millis(100));
/// assert_eq!(helpers::token_duration("you"), Duration::from_millis(300));
/// ```
pub fn token_duration(token: &str) -> Duration {
    token_time(unit_or_panic(), token)
}

/// One `unit` per character of `token`, saturating rather than overflowing for absurd lengths.
pub(crate) fn token_time(unit: Duration, token: &str) -> Duration {
    unit.saturating_mul(u32::try_from(char_count(token)).unwrap_or(u32::MAX))
}

/// The tutorial's work function: sleeps one unit per character, returns the token uppercased
/// (full Unicode case mapping, as Python's `str.upper`: `straße` becomes `STRASSE`).
///
/// Inside [`record`](crate::record()) the call is recorded; outside it is just the function.
/// While an exercise's check runs the learner's code, the check's hidden work plan sets the time
/// (and may make chosen tokens panic) instead: see [`crate::check::plan`].
///
/// ```
/// helpers::set_time_unit(std::time::Duration::from_millis(1));
/// assert_eq!(helpers::work("straße"), "STRASSE");
/// ```
///
/// # Panics
/// If the time unit is invalid (the message names `TIME_UNIT_MS` and its value).
pub fn work(token: &str) -> String {
    let planned = planned_or_tutorial(token);
    recorded(token, || {
        std::thread::sleep(planned.pause);
        finish(token, planned.panics)
    })
}

/// What a call on `token` does: the hidden work plan's time and failure while a check's run lasts
/// (see [`crate::check::plan`]), else the tutorial's one unit per character.
pub(crate) fn planned_or_tutorial(token: &str) -> Planned {
    crate::check::plan::planned(token).unwrap_or_else(|| Planned {
        pause: token_duration(token),
        panics: None,
    })
}

/// The end of a call: the plan's panic, if it has one for this token, else the uppercased token.
fn finish(token: &str, panics: Option<String>) -> String {
    if let Some(message) = panics {
        std::panic::panic_any(message);
    }
    token.to_uppercase()
}

/// The same work for async code: waits with `tokio::time::sleep`, so one thread serves many tasks.
#[cfg(feature = "async")]
pub async fn work_async(token: &str) -> String {
    let planned = planned_or_tutorial(token);
    let task = crate::run::TaskGuard::begin(token);
    tokio::time::sleep(planned.pause).await;
    let result = finish(token, planned.panics);
    task.finish(&result);
    result
}

/// The CPU-bound twin of [`work`]: real arithmetic, about one unit of CPU time per character.
///
/// The loop's result feeds [`black_box`], so the optimiser cannot drop it. The iterations per unit
/// are calibrated once per process on first use.
///
/// ```
/// helpers::set_time_unit(std::time::Duration::from_millis(2));
/// let start = std::time::Instant::now();
/// assert_eq!(helpers::cpu_work("abc"), "ABC");
/// assert!(start.elapsed() >= std::time::Duration::from_millis(3));
/// ```
pub fn cpu_work(token: &str) -> String {
    let planned = planned_or_tutorial(token);
    let iterations = (spins_per_nano() * planned.pause.as_nanos() as f64).round() as u64;
    recorded(token, || {
        black_box(spin(black_box(iterations)));
        finish(token, planned.panics)
    })
}

/// One step of a 64-bit linear congruential generator with an xor-shift, repeated: cheap,
/// serial (each step needs the last), and impossible to fold away at compile time.
fn spin(iterations: u64) -> u64 {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..iterations {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        state ^= state >> 33;
    }
    state
}

/// Iterations of [`spin`] per nanosecond of this thread's CPU time, measured once per process. CPU
/// time, not wall time, so a busy machine during calibration (other programs holding the core) does
/// not make every later unit short; the fastest of a few probes, so a cold cache does not either.
///
/// Kept in the process environment, as the time unit is: evcxr gives every notebook cell its own
/// statics, and a calibration per cell varied by a few per cent from cell to cell, enough to make
/// a two-thread run look more than twice as fast as a sequential one measured in another cell.
pub(crate) fn spins_per_nano() -> f64 {
    static RATE: OnceLock<f64> = OnceLock::new();
    *RATE.get_or_init(|| {
        if let Some(rate) = calibration_of_this_process() {
            return rate;
        }
        const PROBE: u64 = 500_000;
        let rate = (0..3)
            .map(|_| {
                let start = cpu_time::ThreadTime::now();
                black_box(spin(black_box(PROBE)));
                PROBE as f64 / start.elapsed().as_nanos().max(1) as f64
            })
            .fold(0.0, f64::max);
        let value = format!("{}:{rate}", std::process::id());
        // SAFETY: as in `set_time_unit`; written once per process, before a run's clock starts.
        unsafe { std::env::set_var(CALIBRATION_VAR, value) };
        rate
    })
}

/// Where [`spins_per_nano`] keeps its measurement: `pid:rate`. The pid makes a child process (a
/// worker program, built with other optimisations) measure its own instead of inheriting this one.
const CALIBRATION_VAR: &str = "HELPERS_SPINS_PER_NANO";

fn calibration_of_this_process() -> Option<f64> {
    let value = std::env::var(CALIBRATION_VAR).ok()?;
    let (pid, rate) = value.split_once(':')?;
    let rate: f64 = rate.parse().ok()?;
    (pid == std::process::id().to_string() && rate.is_finite() && rate > 0.0).then_some(rate)
}

#[cfg(test)]
fn spins_per_unit(unit: Duration) -> u64 {
    (spins_per_nano() * unit.as_nanos() as f64).round() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uppercases_like_python() {
        let _unit = crate::test_unit(Duration::from_micros(10));
        let _no_run = crate::outside_any_run();
        assert_eq!(work("hello"), "HELLO");
        assert_eq!(work("héllo"), "HÉLLO");
        assert_eq!(work("straße"), "STRASSE");
        assert_eq!(work(""), "");
        assert_eq!(cpu_work("straße"), "STRASSE");
    }

    #[test]
    fn rejects_bad_units() {
        for bad in [
            "",
            "0",
            "-1",
            "abc",
            "NaN",
            "inf",
            "1e400",
            "0.0000001",
            "0.0009",
            "60001",
            "1e15",
        ] {
            let err = parse_time_unit(bad).unwrap_err();
            assert!(err.to_string().contains(TIME_UNIT_VAR), "{err}");
            assert!(err.to_string().contains(&format!("{bad:?}")), "{err}");
        }
        assert_eq!(parse_time_unit(" 20 "), Ok(Duration::from_millis(20)));
        assert_eq!(parse_time_unit("0.001"), Ok(MIN_TIME_UNIT));
        assert_eq!(parse_time_unit("60000"), Ok(MAX_TIME_UNIT));
    }

    #[test]
    fn the_unit_travels_to_workers_exactly() {
        for unit in [
            MIN_TIME_UNIT,
            Duration::from_nanos(1_234_567),
            Duration::from_millis(20),
            MAX_TIME_UNIT,
        ] {
            assert_eq!(parse_time_unit(&time_unit_text(unit)), Ok(unit), "{unit:?}");
        }
    }

    #[test]
    fn a_token_time_never_overflows() {
        let huge = "x".repeat(70_000);
        assert_eq!(token_time(MAX_TIME_UNIT, &huge), MAX_TIME_UNIT * 70_000);
        assert_eq!(token_time(Duration::MAX, "ab"), Duration::MAX);
    }

    #[test]
    fn cpu_work_takes_about_a_unit_of_cpu_per_character() {
        let _unit = crate::test_unit(Duration::from_micros(10));
        let iterations = spins_per_unit(Duration::from_millis(20));
        let start = cpu_time::ThreadTime::now();
        black_box(spin(black_box(iterations)));
        let used = start.elapsed();
        // CPU time, so a busy machine matters little (a shared core's caches still do); the bounds
        // only catch a broken calibration, off by a factor of four or more.
        assert!(
            used > Duration::from_millis(5) && used < Duration::from_millis(80),
            "{used:?}"
        );
    }

    #[test]
    fn spin_scales_with_iterations() {
        assert_ne!(spin(10), spin(11));
        assert!(spins_per_nano() > 0.0);
    }
}
