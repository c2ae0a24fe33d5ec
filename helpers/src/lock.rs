//! A mutex whose waits and holds are drawn: [`RecordedMutex`] is `std::sync::Mutex` with a name,
//! and inside [`record`](crate::record()) every acquisition lands in the run (see
//! [`Run::locks`](crate::Run::locks)), so the timeline shows who waited for the lock and who held
//! it, on the row of the token each worker was on.
//!
//! ```
//! use helpers::{RecordedMutex, record, set_time_unit, work};
//! use std::time::Duration;
//!
//! set_time_unit(Duration::from_millis(1));
//! let tokens = ["ab", "c"];
//! let tally = RecordedMutex::new("tally", 0);
//! let (_, run) = record("a shared tally", &tokens, 2, || {
//!     std::thread::scope(|s| {
//!         for token in tokens {
//!             let tally = &tally;
//!             s.spawn(move || {
//!                 let word = work(token);
//!                 *tally.lock().unwrap() += word.len();
//!             });
//!         }
//!     })
//! });
//! assert_eq!(tally.into_inner().unwrap(), 3);
//! assert_eq!(run.locks().len(), 2); // one acquisition per token
//! assert!(run.locks().iter().all(|l| l.lock == "tally" && l.released.is_some()));
//! ```
//!
//! Outside a run it is a plain `Mutex`: the same semantics, poisoning included, and the cost of
//! one uncontended lock of the recorder's own state per acquisition (a few tens of nanoseconds).

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::{LockResult, Mutex, MutexGuard, PoisonError, TryLockError, TryLockResult};

use crate::run::{LockTicket, lock_acquired, lock_asked, lock_released};

/// `std::sync::Mutex` with a name, whose acquisitions are recorded into the current run.
///
/// Its methods are `Mutex`'s: [`lock`](Self::lock) blocks and returns a guard (or a
/// [`PoisonError`] holding one, if a thread panicked while holding the lock),
/// [`try_lock`](Self::try_lock), [`into_inner`](Self::into_inner), [`get_mut`](Self::get_mut),
/// [`is_poisoned`](Self::is_poisoned), [`clear_poison`](Self::clear_poison).
///
/// ```
/// use helpers::RecordedMutex;
/// let shared = std::sync::Arc::new(RecordedMutex::new("words", Vec::<String>::new()));
/// let writer = std::sync::Arc::clone(&shared);
/// let outcome = std::thread::spawn(move || {
///     let mut words = writer.lock().unwrap();
///     words.push("half".to_string());
///     # std::panic::set_hook(Box::new(|_| {}));
///     panic!("the guard is alive: the lock is poisoned");
/// })
/// .join();
/// assert!(outcome.is_err());
/// assert!(shared.is_poisoned());
/// let words = shared.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
/// assert_eq!(*words, ["half"]); // the data is still there, maybe half-updated
/// ```
pub struct RecordedMutex<T: ?Sized> {
    name: String,
    inner: Mutex<T>,
}

/// The guard of a [`RecordedMutex`]: derefs to the data; dropping it lets the lock go (and
/// records the moment).
pub struct RecordedGuard<'a, T: ?Sized + 'a> {
    /// `Some` until the guard is dropped.
    guard: Option<MutexGuard<'a, T>>,
    ticket: Option<LockTicket>,
}

impl<T> RecordedMutex<T> {
    /// A new unlocked mutex holding `value`; `name` is how timelines and traces call it.
    pub fn new(name: impl Into<String>, value: T) -> Self {
        RecordedMutex {
            name: name.into(),
            inner: Mutex::new(value),
        }
    }

    /// The data, consuming the mutex; an error (still holding the data) if it is poisoned.
    pub fn into_inner(self) -> LockResult<T> {
        self.inner.into_inner()
    }
}

impl<T: ?Sized> RecordedMutex<T> {
    /// The name given to [`Self::new`].
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Blocks until the lock is free, takes it and returns its guard, as `Mutex::lock` does.
    /// Inside a run, the moment of asking and the moment of getting it are recorded, and the
    /// guard records the moment it is dropped.
    ///
    /// # Errors
    /// If another thread panicked while holding the lock (the mutex is poisoned); the error holds
    /// the guard all the same ([`PoisonError::into_inner`]).
    ///
    /// # Panics
    /// Might panic (or deadlock) if the current thread already holds the lock, as `Mutex::lock`.
    pub fn lock(&self) -> LockResult<RecordedGuard<'_, T>> {
        let ticket = lock_asked(&self.name);
        let locked = self.inner.lock();
        if let Some(ticket) = &ticket {
            lock_acquired(ticket);
        }
        match locked {
            Ok(guard) => Ok(RecordedGuard::new(guard, ticket)),
            Err(poisoned) => Err(PoisonError::new(RecordedGuard::new(
                poisoned.into_inner(),
                ticket,
            ))),
        }
    }

    /// Takes the lock if it is free, without blocking, as `Mutex::try_lock`. A failed attempt
    /// waited for nothing and is not recorded.
    ///
    /// # Errors
    /// `WouldBlock` if the lock is held; `Poisoned` (holding the guard) if the mutex is poisoned.
    pub fn try_lock(&self) -> TryLockResult<RecordedGuard<'_, T>> {
        let guard = match self.inner.try_lock() {
            Ok(guard) => Ok(guard),
            Err(TryLockError::Poisoned(poisoned)) => Err(poisoned.into_inner()),
            Err(TryLockError::WouldBlock) => return Err(TryLockError::WouldBlock),
        };
        let ticket = lock_asked(&self.name);
        if let Some(ticket) = &ticket {
            lock_acquired(ticket);
        }
        match guard {
            Ok(guard) => Ok(RecordedGuard::new(guard, ticket)),
            Err(guard) => Err(TryLockError::Poisoned(PoisonError::new(
                RecordedGuard::new(guard, ticket),
            ))),
        }
    }

    /// The data, through a unique borrow: no locking needed, nothing recorded.
    ///
    /// # Errors
    /// If the mutex is poisoned (the error holds the borrow).
    pub fn get_mut(&mut self) -> LockResult<&mut T> {
        self.inner.get_mut()
    }

    /// Whether a thread panicked while holding the lock.
    pub fn is_poisoned(&self) -> bool {
        self.inner.is_poisoned()
    }

    /// Marks the mutex as no longer poisoned (the data was checked or repaired).
    pub fn clear_poison(&self) {
        self.inner.clear_poison();
    }
}

impl<'a, T: ?Sized> RecordedGuard<'a, T> {
    fn new(guard: MutexGuard<'a, T>, ticket: Option<LockTicket>) -> Self {
        RecordedGuard {
            guard: Some(guard),
            ticket,
        }
    }
}

impl<T: ?Sized> Deref for RecordedGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.guard.as_ref().expect("present until dropped")
    }
}

impl<T: ?Sized> DerefMut for RecordedGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        self.guard.as_mut().expect("present until dropped")
    }
}

impl<T: ?Sized> Drop for RecordedGuard<'_, T> {
    /// Records the moment, then lets the lock go (poisoning it if this thread is panicking, as
    /// `MutexGuard` does). In that order, so the recorded hold ends before the next holder's
    /// recorded hold begins: one holder at a time, on the timeline as in fact.
    fn drop(&mut self) {
        if let Some(ticket) = self.ticket.take() {
            lock_released(ticket);
        }
        drop(self.guard.take());
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for RecordedMutex<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordedMutex")
            .field("name", &self.name)
            .field("inner", &&self.inner)
            .finish()
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for RecordedGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl<T: ?Sized + fmt::Display> fmt::Display for RecordedGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self, f)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Barrier;
    use std::time::Duration;

    use super::*;
    use crate::{record, work};

    #[test]
    fn a_held_lock_makes_the_other_wait_and_both_are_recorded() {
        let _unit = crate::test_unit(Duration::from_millis(1));
        let tokens = ["ab", "c"];
        let tally = RecordedMutex::new("tally", 0usize);
        let both_started = Barrier::new(2);
        let (_, run) = record("held across the work", &tokens, 2, || {
            std::thread::scope(|s| {
                for token in tokens {
                    let (tally, both_started) = (&tally, &both_started);
                    s.spawn(move || {
                        both_started.wait();
                        let mut total = tally.lock().unwrap();
                        *total += work(token).len(); // the work inside the lock: turns
                    });
                }
            })
        });
        assert_eq!(tally.into_inner().unwrap(), 3);
        let spans = run.locks();
        assert_eq!(spans.len(), 2, "{spans:?}");
        // Each thread asked before its token began: the acquisition is on the token it held the
        // lock for.
        let mut tokens_seen: Vec<_> = spans
            .iter()
            .map(|s| (s.token.as_deref(), s.index))
            .collect();
        tokens_seen.sort();
        assert_eq!(tokens_seen, [(Some("ab"), Some(0)), (Some("c"), Some(1))]);
        let holds: Vec<(Duration, Duration)> = spans
            .iter()
            .map(|s| s.holding(run.wall).expect("both got the lock"))
            .collect();
        // The holds never overlap: one lock, one holder at a time.
        let (first, second) = if holds[0].0 <= holds[1].0 {
            (holds[0], holds[1])
        } else {
            (holds[1], holds[0])
        };
        assert!(first.1 <= second.0, "{holds:?}");
        // The second taker got it only once the first let go.
        let waiter = spans.iter().max_by_key(|s| s.acquired).expect("two spans");
        let (asked, got) = waiter.waiting(run.wall);
        assert!(asked <= got && got >= first.1, "{waiter:?} {holds:?}");
    }

    #[test]
    fn the_token_is_the_one_the_worker_is_on() {
        let _unit = crate::test_unit(Duration::from_millis(1));
        let tokens = ["x", "y", "z"];
        let seen = RecordedMutex::new("seen", Vec::new());
        let (_, run) = record("lock inside the task", &tokens, 1, || {
            for token in &tokens[..2] {
                crate::recorded(token, || {
                    seen.lock().unwrap().push(token.to_string()); // inside the task
                    token.to_uppercase()
                });
            }
            let mut held = seen.lock().unwrap(); // asked after "y", held across "z"
            held.push(crate::recorded("z", || "Z".to_string()));
            drop(held);
            seen.lock().unwrap().len() // after the last task: on "z", the last worked on
        });
        let on: Vec<(Option<&str>, Option<usize>)> = run
            .locks()
            .iter()
            .map(|s| (s.token.as_deref(), s.index))
            .collect();
        assert_eq!(
            on,
            [
                (Some("x"), Some(0)),
                (Some("y"), Some(1)),
                (Some("z"), Some(2)),
                (Some("z"), Some(2))
            ]
        );
    }

    #[test]
    fn poisoning_is_std_s() {
        let _unit = crate::test_unit(Duration::from_millis(1));
        let shared = RecordedMutex::new("poisoned", 1);
        let (_, run) = record("poison", &["p"], 1, || {
            let outcome = std::thread::scope(|s| {
                s.spawn(|| {
                    let _guard = shared.lock().unwrap();
                    crate::quiet_panics();
                    panic!("while holding the lock");
                })
                .join()
            });
            crate::loud_panics();
            outcome.is_err()
        });
        assert!(shared.is_poisoned());
        assert_eq!(run.locks().len(), 1);
        assert!(run.locks()[0].released.is_some(), "a panic lets go too");
        let error = shared.lock().unwrap_err();
        assert_eq!(**error.get_ref(), 1);
        drop(error);
        assert!(matches!(shared.try_lock(), Err(TryLockError::Poisoned(_))));
        shared.clear_poison();
        assert_eq!(*shared.lock().unwrap(), 1);
        let mut shared = shared;
        *shared.get_mut().unwrap() += 1;
        assert_eq!(shared.into_inner().unwrap(), 2);
    }

    #[test]
    fn a_lock_never_got_is_still_waiting_when_the_run_ends() {
        let _unit = crate::test_unit(Duration::from_millis(1));
        let shared = std::sync::Arc::new(RecordedMutex::new("stuck", ()));
        let held = shared.lock().unwrap(); // taken outside the run, so not recorded
        let (waiter, run) = record("deadlocked", &["d"], 1, || {
            let shared = std::sync::Arc::clone(&shared);
            let waiter = std::thread::spawn(move || drop(shared.lock()));
            std::thread::sleep(Duration::from_millis(5));
            waiter
        });
        drop(held);
        waiter.join().unwrap();
        let span = &run.locks()[0];
        assert_eq!((span.acquired, span.released), (None, None), "{span:?}");
        assert_eq!(span.waiting(run.wall).1, run.wall);
        assert_eq!(span.holding(run.wall), None);
    }

    #[test]
    fn outside_a_run_it_is_a_plain_mutex() {
        let _no_run = crate::outside_any_run();
        let m = RecordedMutex::new("plain", String::from("a"));
        m.lock().unwrap().push('b');
        assert!(m.try_lock().is_ok());
        let guard = m.lock().unwrap();
        assert!(matches!(m.try_lock(), Err(TryLockError::WouldBlock)));
        assert_eq!(format!("{guard} {guard:?}"), "ab \"ab\"");
        drop(guard);
        assert_eq!(m.name(), "plain");
    }
}
