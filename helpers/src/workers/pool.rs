//! A bounded pool of worker threads fed by a crossbeam channel: the counterpart of Python's
//! `multiprocessing.pool.ThreadPool` with `map`, `imap`, `imap_unordered` and a chunk size.
//!
//! ```
//! use helpers::WorkerPool;
//!
//! let pool = WorkerPool::new(2);
//! let squares = pool.map(|x: u64| x * x, 1..=4);
//! assert_eq!(squares, [1, 4, 9, 16]);
//! let mut any_order: Vec<u64> = pool.imap_unordered(|x: u64| x + 1, [1, 2, 3]).collect();
//! any_order.sort();
//! assert_eq!(any_order, [2, 3, 4]);
//! ```
//!
//! Every call submits all its items at once (as Python does); each free worker takes the next item
//! (or chunk of items) in input order, and calls queue behind one another. A task that panics does not take its worker down: `map` and the
//! iterators re-raise the panic at that item, as Python re-raises a task's exception, and
//! [`WorkerPool::try_map`] hands back each item's result or failure instead.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

use crossbeam::channel::{Receiver, Sender, unbounded};

use crate::run::{Moment, now, run_queued};

type Job = Box<dyn FnOnce() + Send + 'static>;
/// What a panicking task left behind.
pub type Panic = Box<dyn std::any::Any + Send + 'static>;

/// A fixed set of named threads (`worker 0`, `worker 1`, ...) taking jobs from one queue.
#[derive(Debug)]
pub struct WorkerPool {
    jobs: Option<Sender<Job>>,
    threads: Vec<JoinHandle<()>>,
}

impl WorkerPool {
    /// Starts `workers` threads.
    ///
    /// # Panics
    /// If `workers` is zero, or the operating system refuses a thread (the message says which);
    /// [`Self::try_new`] returns those as errors instead.
    pub fn new(workers: usize) -> Self {
        Self::try_new(workers).unwrap_or_else(|error| panic!("{error}"))
    }

    /// Starts `workers` threads, or says why it could not: zero workers, or a thread the operating
    /// system refused (then the threads already started are stopped again).
    ///
    /// ```
    /// assert!(helpers::WorkerPool::try_new(0).is_err());
    /// assert_eq!(helpers::WorkerPool::try_new(2).unwrap().workers(), 2);
    /// ```
    pub fn try_new(workers: usize) -> std::io::Result<Self> {
        if workers == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "a pool needs at least one worker",
            ));
        }
        let (jobs, queue) = unbounded::<Job>();
        let mut pool = WorkerPool {
            jobs: Some(jobs),
            threads: Vec::with_capacity(workers),
        };
        for i in 0..workers {
            let queue = queue.clone();
            let thread = std::thread::Builder::new()
                .name(format!("worker {i}"))
                // The loop ends when the pool drops its sender.
                .spawn(move || queue.iter().for_each(|job| job()))
                .map_err(|error| {
                    std::io::Error::new(
                        error.kind(),
                        format!(
                            "could not start worker thread {} of {workers}: {error}",
                            i + 1
                        ),
                    )
                })?; // dropping `pool` stops the threads started so far
            pool.threads.push(thread);
        }
        Ok(pool)
    }

    /// How many threads the pool has.
    pub fn workers(&self) -> usize {
        self.threads.len()
    }

    /// Submits every item; the receiver yields `(input index, result or panic)` as tasks finish.
    fn submit<T, R, F>(
        &self,
        f: F,
        items: impl IntoIterator<Item = T>,
        chunk: usize,
    ) -> Receiver<(usize, Result<R, Panic>)>
    where
        T: Send + 'static,
        R: Send + 'static,
        F: Fn(T) -> R + Send + Sync + 'static,
    {
        assert!(chunk > 0, "a chunk holds at least one item");
        let (done, results) = unbounded();
        // One job per worker, each claiming the next chunk of indices until none is left: no
        // allocation or queue trip per item, which keeps the cost per task well under a microsecond.
        let items: Vec<Mutex<Option<T>>> = items
            .into_iter()
            .map(|item| Mutex::new(Some(item)))
            .collect();
        if items.is_empty() {
            return results;
        }
        let batch = Arc::new(Batch {
            f,
            items,
            chunk,
            next: AtomicUsize::new(0),
            queued: now(),
        });
        for _ in 0..self.workers().min(batch.items.len()) {
            let (batch, done) = (Arc::clone(&batch), done.clone());
            let job: Job = Box::new(move || batch.run(&done));
            self.jobs
                .as_ref()
                .expect("the sender lives as long as the pool")
                .send(job)
                .expect("workers live as long as the pool");
        }
        results
    }

    /// Applies `f` to every item and returns the results in input order, like `ThreadPool.map`.
    ///
    /// # Panics
    /// Re-raises the first panic of a task (in input order), after every task has ended.
    pub fn map<T, R, F>(&self, f: F, items: impl IntoIterator<Item = T>) -> Vec<R>
    where
        T: Send + 'static,
        R: Send + 'static,
        F: Fn(T) -> R + Send + Sync + 'static,
    {
        self.map_chunked(f, items, 1)
    }

    /// Like [`Self::map`], but each worker takes `chunk` consecutive items at a time, like
    /// `ThreadPool.map(f, items, chunksize)`.
    ///
    /// ```
    /// let pool = helpers::WorkerPool::new(2);
    /// assert_eq!(pool.map_chunked(|x: i32| -x, 0..5, 2), [0, -1, -2, -3, -4]);
    /// ```
    pub fn map_chunked<T, R, F>(
        &self,
        f: F,
        items: impl IntoIterator<Item = T>,
        chunk: usize,
    ) -> Vec<R>
    where
        T: Send + 'static,
        R: Send + 'static,
        F: Fn(T) -> R + Send + Sync + 'static,
    {
        self.try_map_chunked(f, items, chunk)
            .into_iter()
            .map(|outcome| outcome.unwrap_or_else(|panic| resume_unwind(panic)))
            .collect()
    }

    /// Applies `f` to every item and returns each result or panic, in input order: nothing is lost
    /// when some tasks fail.
    ///
    /// ```
    /// let pool = helpers::WorkerPool::new(2);
    /// # std::panic::set_hook(Box::new(|_| {}));
    /// let outcomes = pool.try_map(|x: i32| if x == 2 { panic!("two") } else { x }, 1..=3);
    /// assert!(outcomes[0].is_ok() && outcomes[1].is_err() && outcomes[2].is_ok());
    /// ```
    pub fn try_map<T, R, F>(
        &self,
        f: F,
        items: impl IntoIterator<Item = T>,
    ) -> Vec<Result<R, Panic>>
    where
        T: Send + 'static,
        R: Send + 'static,
        F: Fn(T) -> R + Send + Sync + 'static,
    {
        self.try_map_chunked(f, items, 1)
    }

    fn try_map_chunked<T, R, F>(
        &self,
        f: F,
        items: impl IntoIterator<Item = T>,
        chunk: usize,
    ) -> Vec<Result<R, Panic>>
    where
        T: Send + 'static,
        R: Send + 'static,
        F: Fn(T) -> R + Send + Sync + 'static,
    {
        let mut slots: Vec<Option<Result<R, Panic>>> = Vec::new();
        for (index, outcome) in self.submit(f, items, chunk) {
            if slots.len() <= index {
                slots.resize_with(index + 1, || None);
            }
            slots[index] = Some(outcome);
        }
        slots
            .into_iter()
            .map(|slot| slot.expect("every submitted item reports once"))
            .collect()
    }

    /// Yields results in input order, each as soon as it and all before it are done, like
    /// `ThreadPool.imap`.
    ///
    /// ```
    /// let pool = helpers::WorkerPool::new(3);
    /// let lazily: Vec<char> = pool.imap(|c: char| c.to_ascii_uppercase(), "abc".chars()).collect();
    /// assert_eq!(lazily, ['A', 'B', 'C']);
    /// ```
    pub fn imap<T, R, F>(&self, f: F, items: impl IntoIterator<Item = T>) -> InOrder<R>
    where
        T: Send + 'static,
        R: Send + 'static,
        F: Fn(T) -> R + Send + Sync + 'static,
    {
        InOrder {
            results: self.submit(f, items, 1),
            waiting: BTreeMap::new(),
            next: 0,
        }
    }

    /// Yields results as tasks finish, like `ThreadPool.imap_unordered` or `as_completed`.
    pub fn imap_unordered<T, R, F>(
        &self,
        f: F,
        items: impl IntoIterator<Item = T>,
    ) -> AsCompleted<R>
    where
        T: Send + 'static,
        R: Send + 'static,
        F: Fn(T) -> R + Send + Sync + 'static,
    {
        AsCompleted {
            results: self.submit(f, items, 1),
        }
    }
}

/// The items of one call, shared by the workers that take chunks of them.
struct Batch<T, F> {
    f: F,
    items: Vec<Mutex<Option<T>>>,
    chunk: usize,
    next: AtomicUsize,
    /// When the items were submitted, on the clock of the run being recorded (if any): each waits
    /// in the queue from then until a worker takes it.
    queued: Option<Moment>,
}

impl<T, R, F: Fn(T) -> R> Batch<T, F> {
    /// Claims chunks in input order and runs them, reporting each item's result or panic.
    fn run(&self, done: &Sender<(usize, Result<R, Panic>)>) {
        loop {
            let first = self.next.fetch_add(self.chunk, Ordering::Relaxed);
            if first >= self.items.len() {
                return;
            }
            // The whole chunk leaves the queue now; its later items then wait on this worker.
            let taken = self.queued.and_then(|_| now());
            for index in first..(first + self.chunk).min(self.items.len()) {
                let item = self.items[index]
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .take()
                    .expect("each index is claimed once");
                let outcome = run_queued(self.queued, taken, || {
                    catch_unwind(AssertUnwindSafe(|| (self.f)(item)))
                });
                // The caller may have stopped listening (an iterator dropped early): fine.
                let _ = done.send((index, outcome));
            }
        }
    }
}

/// Results in completion order, from [`WorkerPool::imap_unordered`]; re-raises a task's panic.
pub struct AsCompleted<R> {
    results: Receiver<(usize, Result<R, Panic>)>,
}

impl<R> Iterator for AsCompleted<R> {
    type Item = R;

    fn next(&mut self) -> Option<R> {
        let (_, outcome) = self.results.recv().ok()?;
        Some(outcome.unwrap_or_else(|panic| resume_unwind(panic)))
    }
}

/// Results in input order, from [`WorkerPool::imap`]: reorders what arrives in completion order.
pub struct InOrder<R> {
    results: Receiver<(usize, Result<R, Panic>)>,
    waiting: BTreeMap<usize, Result<R, Panic>>,
    next: usize,
}

impl<R> Iterator for InOrder<R> {
    type Item = R;

    fn next(&mut self) -> Option<R> {
        loop {
            if let Some(outcome) = self.waiting.remove(&self.next) {
                self.next += 1;
                return Some(outcome.unwrap_or_else(|panic| resume_unwind(panic)));
            }
            // Ends when every job has ended and dropped its sender.
            let (index, outcome) = self.results.recv().ok()?;
            self.waiting.insert(index, outcome);
        }
    }
}

impl Drop for WorkerPool {
    /// Lets queued jobs finish, then joins the threads: dropping a pool never leaves work running.
    fn drop(&mut self) {
        drop(self.jobs.take());
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

// By hand: the results they wait for need not be `Debug` themselves.
impl<R> std::fmt::Debug for AsCompleted<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AsCompleted").finish_non_exhaustive()
    }
}

impl<R> std::fmt::Debug for InOrder<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InOrder")
            .field("next", &self.next)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completion_order_differs_from_input_order() {
        // Tasks that wait for one another's signal, not for a clock: the last item finishes first
        // on any machine, however loaded.
        let pool = WorkerPool::new(3);
        let (go, gate) = crossbeam::channel::unbounded::<()>();
        let waits_for_signal = move |item: u32| {
            if item > 0 {
                let _ = gate.recv();
            }
            item
        };
        let mut finished = pool.imap_unordered(waits_for_signal.clone(), [2, 1, 0]);
        assert_eq!(finished.next(), Some(0));
        go.send(()).unwrap();
        go.send(()).unwrap();
        let mut rest: Vec<u32> = finished.collect();
        rest.sort();
        assert_eq!(rest, [1, 2]);
        // imap puts the same completion order back in input order.
        let mut in_order = pool.imap(waits_for_signal, [2, 1, 0]);
        go.send(()).unwrap();
        go.send(()).unwrap();
        assert_eq!(in_order.by_ref().collect::<Vec<_>>(), [2, 1, 0]);
    }

    #[test]
    fn map_reraises_a_task_panic_after_the_rest() {
        let pool = WorkerPool::new(2);
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            pool.map(|x: i32| if x == 1 { panic!("one") } else { x }, 0..4)
        }));
        let panic = outcome.unwrap_err();
        assert_eq!(panic.downcast_ref::<&str>(), Some(&"one"));
        // The pool survives its task's panic.
        assert_eq!(pool.map(|x: i32| x, 0..2), [0, 1]);
    }

    #[test]
    fn empty_input_gives_empty_output() {
        let pool = WorkerPool::new(2);
        assert!(pool.map(|x: i32| x, Vec::new()).is_empty());
        assert_eq!(pool.imap_unordered(|x: i32| x, Vec::new()).count(), 0);
    }

    #[test]
    fn a_chunk_leaves_the_queue_at_once() {
        let _unit = crate::test_unit(std::time::Duration::from_millis(1));
        let tokens = ["a", "b", "c", "d"];
        let (_, run) = crate::record("chunks of two", &tokens, 1, || {
            WorkerPool::new(1).map_chunked(|t: &str| crate::work(t), tokens, 2)
        });
        let queued: Vec<_> = run
            .in_input_order()
            .iter()
            .map(|r| r.queued.expect("a pool queues every item"))
            .collect();
        assert!(
            queued.iter().all(|q| q.0 == queued[0].0),
            "all submitted at once: {queued:?}"
        );
        assert_eq!(queued[0].1, queued[1].1, "a and b taken together");
        assert_eq!(queued[2].1, queued[3].1, "c and d taken together");
        assert!(
            queued[1].1 < queued[2].1,
            "the second chunk after the first: {queued:?}"
        );
        let b = run.in_input_order()[1];
        assert!(
            b.queued.unwrap().1 < b.start,
            "b waited on the worker, not in the queue"
        );
    }
}
