//! The hidden work plan: while a check's run lasts, [`work`](crate::work), [`cpu_work`](crate::cpu_work)
//! and `work_async` take the plan's time for each token (and panic on the plan's failing tokens)
//! instead of one unit per character.
//!
//! ```
//! use helpers::check::plan::WorkPlan;
//! use std::time::Duration;
//!
//! let plan = WorkPlan::new(Duration::from_millis(1))
//!     .with_units("lantern", 1) // a long word that is quick
//!     .with_units("ox", 4)      // a short word that is slow
//!     .with_panic("fig", 2, "fig is rotten");
//! let installed = plan.install();
//! let start = std::time::Instant::now();
//! assert_eq!(helpers::work("ox"), "OX");
//! assert!(start.elapsed() >= Duration::from_millis(4));
//! assert!(std::panic::catch_unwind(|| helpers::work("fig")).is_err());
//! drop(installed); // gone: `work` is the tutorial's again
//! ```
//!
//! The plan is process-wide, not per thread: the learner's threads, rayon's pool and async tasks
//! must all see it. It lives in a plain static, which is enough in evcxr too: a check cell is
//! compiled together with the learner's `fn` items (evcxr re-emits every earlier item into each
//! cell), so the learner's `work` calls and the check's plan are the same copy of this crate.
//! One plan at a time: a second [`WorkPlan::install`] waits until the first guard drops.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};
use std::time::Duration;

/// What the plan says of one token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// How long the work takes.
    pub pause: Duration,
    /// `Some(message)`: the work panics with this message once the pause is over.
    pub panics: Option<String>,
}

/// What the work functions saw of one call while a plan was installed: facts a run's records do
/// not keep, such as the size of the rayon pool the call ran on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observation {
    /// The token the call received.
    pub token: String,
    /// Who ran it, named as in the run's records (`rayon 0`, `thread 7`, ...).
    pub worker: String,
    /// The number of threads of the rayon pool the call ran on, if it ran on one.
    pub rayon_pool_threads: Option<usize>,
}

/// A check's hidden timing (and failures) for the tokens of its puzzle: built, then installed for
/// the length of the learner's run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkPlan {
    unit: Duration,
    units: HashMap<String, u32>,
    panics: HashMap<String, String>,
}

impl WorkPlan {
    /// An empty plan whose times are counted in `unit` (a short one: puzzles must answer fast).
    pub fn new(unit: Duration) -> Self {
        WorkPlan {
            unit,
            units: HashMap::new(),
            panics: HashMap::new(),
        }
    }

    /// `token` takes `units` units (whatever its length).
    pub fn with_units(mut self, token: &str, units: u32) -> Self {
        self.units.insert(token.to_string(), units);
        self
    }

    /// `token` takes `units` units, then panics with `message`.
    pub fn with_panic(mut self, token: &str, units: u32, message: &str) -> Self {
        self.units.insert(token.to_string(), units);
        self.panics.insert(token.to_string(), message.to_string());
        self
    }

    /// The plan's unit.
    pub fn unit(&self) -> Duration {
        self.unit
    }

    /// The planned units of `token`, if the plan has it.
    pub fn units_of(&self, token: &str) -> Option<u32> {
        self.units.get(token).copied()
    }

    /// What the work functions do with `token` under this plan. A token the plan does not list
    /// takes one plan unit per character (still quick, and the check sees it was not asked for).
    pub fn planned(&self, token: &str) -> Planned {
        let units = self
            .units_of(token)
            .unwrap_or_else(|| u32::try_from(crate::char_count(token)).unwrap_or(u32::MAX));
        Planned {
            pause: self.unit.saturating_mul(units),
            panics: self.panics.get(token).cloned(),
        }
    }

    /// Makes this the plan of the whole process until the guard drops; waits for any other
    /// installed plan to go first.
    pub fn install(self) -> PlanGuard {
        // A test thread that already keeps plans away (`no_plan_while_held`) has the turn.
        #[cfg(test)]
        let turn = (!HOLDS_PLAN_TURN.with(std::cell::Cell::get)).then(take_plan_turn);
        #[cfg(not(test))]
        let turn = Some(take_plan_turn());
        OBSERVED
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
        *write_plan() = Some(Arc::new(self));
        PlanGuard { _turn: turn }
    }
}

/// The installed plan; dropping it removes the plan (also when the learner's code panicked).
#[derive(Debug)]
pub struct PlanGuard {
    _turn: Option<MutexGuard<'static, ()>>,
}

impl PlanGuard {
    /// Every call of the work functions so far under this plan, in the order they started.
    pub fn observations(&self) -> Vec<Observation> {
        OBSERVED
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Drop for PlanGuard {
    fn drop(&mut self) {
        *write_plan() = None;
    }
}

static PLAN: RwLock<Option<Arc<WorkPlan>>> = RwLock::new(None);
static OBSERVED: Mutex<Vec<Observation>> = Mutex::new(Vec::new());
static ONE_PLAN_AT_A_TIME: Mutex<()> = Mutex::new(());

fn take_plan_turn() -> MutexGuard<'static, ()> {
    ONE_PLAN_AT_A_TIME
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
thread_local! {
    static HOLDS_PLAN_TURN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// For a test that times work on its own words: while held, no check of another test thread has a
/// plan installed, so the plan cannot slow this test's work down or observe its calls. Taken by
/// `test_unit` (after the unit's lock, before any run's: the order every check takes them too); a
/// plan installed on the same thread meanwhile shares this turn.
#[cfg(test)]
pub(crate) fn no_plan_while_held() -> NoPlanTurn {
    let turn = take_plan_turn();
    HOLDS_PLAN_TURN.with(|holds| holds.set(true));
    NoPlanTurn { _turn: turn }
}

/// See [`no_plan_while_held`].
#[cfg(test)]
pub(crate) struct NoPlanTurn {
    _turn: MutexGuard<'static, ()>,
}

#[cfg(test)]
impl Drop for NoPlanTurn {
    fn drop(&mut self) {
        HOLDS_PLAN_TURN.with(|holds| holds.set(false));
    }
}

fn write_plan() -> std::sync::RwLockWriteGuard<'static, Option<Arc<WorkPlan>>> {
    PLAN.write().unwrap_or_else(PoisonError::into_inner)
}

/// What the installed plan says of `token`, or `None` when no plan is installed: the hook the work
/// functions consult on every call (and where a call on one of the plan's words is observed).
pub(crate) fn planned(token: &str) -> Option<Planned> {
    let plan = PLAN
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .clone()?;
    // Only the plan's own words are observed: another thread's work on other words (a thread an
    // earlier cell left running, say) tells nothing of the learner's code under check.
    if plan.units_of(token).is_none() && !plan.panics.contains_key(token) {
        return Some(plan.planned(token));
    }
    let observation = Observation {
        token: token.to_string(),
        worker: crate::run::current_worker(),
        rayon_pool_threads: rayon::current_thread_index().map(|_| rayon::current_num_threads()),
    };
    OBSERVED
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(observation);
    Some(plan.planned(token))
}

/// For tests running side by side: waits for a turn of its own, then says whether a plan is
/// installed. Every guard clears its plan before giving up its turn, so this must be false; a
/// plain [`is_installed`] could see another test's plan, installed the moment ours went.
#[cfg(test)]
pub(crate) fn installed_between_turns() -> bool {
    let _turn = take_plan_turn();
    is_installed()
}

/// Whether a plan is installed now.
pub fn is_installed() -> bool {
    PLAN.read()
        .unwrap_or_else(PoisonError::into_inner)
        .is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_overrides_the_length_and_is_gone_after() {
        let plan = WorkPlan::new(Duration::from_millis(3))
            .with_units("ab", 5)
            .with_panic("c", 1, "no c");
        assert_eq!(plan.planned("ab").pause, Duration::from_millis(15));
        assert_eq!(plan.planned("xyz").pause, Duration::from_millis(9));
        assert_eq!(plan.planned("c").panics.as_deref(), Some("no c"));
        assert_eq!(plan.planned("ab").panics, None);
        let guard = plan.clone().install();
        assert!(is_installed());
        assert_eq!(planned("ab"), Some(plan.planned("ab")));
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap();
        pool.install(|| planned("c"));
        let seen = guard.observations();
        assert_eq!(seen.len(), 2);
        assert_eq!(
            (seen[0].token.as_str(), seen[0].rayon_pool_threads),
            ("ab", None)
        );
        assert_eq!(seen[1].rayon_pool_threads, Some(3));
        drop(guard);
        assert!(!installed_between_turns());
        let unwound = std::panic::catch_unwind(|| {
            let _guard = WorkPlan::new(Duration::from_millis(1)).install();
            panic!("the learner's code panicked")
        });
        assert!(unwound.is_err());
        assert!(!installed_between_turns(), "a panic drops the plan too");
    }

    #[test]
    fn work_follows_the_plan_on_other_threads() {
        // The plan's turn first, then the run's, in the order every check takes them.
        let _guard = WorkPlan::new(Duration::from_millis(1))
            .with_units("slowpoke", 30)
            .with_panic("broken", 0, "broken on purpose")
            .install();
        let _no_run = crate::outside_any_run();
        let start = std::time::Instant::now();
        let upper = std::thread::spawn(|| crate::work("slowpoke"))
            .join()
            .unwrap();
        assert_eq!(upper, "SLOWPOKE");
        assert!(start.elapsed() >= Duration::from_millis(30));
        // cpu_work spins a calibrated count for the planned time: how long that takes on the wall
        // depends on the machine's load, so the test reads the time it spins for, not the clock.
        assert_eq!(crate::cpu_work("slowpoke"), "SLOWPOKE");
        assert_eq!(
            crate::workload::planned_or_tutorial("slowpoke").pause,
            Duration::from_millis(30),
            "cpu_work spins the plan's time"
        );
        #[cfg(feature = "async")]
        {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_time()
                .build()
                .unwrap();
            let waited = std::time::Instant::now();
            assert_eq!(runtime.block_on(crate::work_async("slowpoke")), "SLOWPOKE");
            assert!(waited.elapsed() >= Duration::from_millis(30));
            let failed = std::panic::catch_unwind(|| runtime.block_on(crate::work_async("broken")));
            assert!(
                failed.is_err(),
                "work_async panics on the plan's failing token"
            );
        }
        let failed = std::thread::spawn(|| crate::work("broken")).join();
        let message = failed.unwrap_err();
        assert_eq!(
            message.downcast_ref::<String>().map(String::as_str),
            Some("broken on purpose")
        );
    }
}
