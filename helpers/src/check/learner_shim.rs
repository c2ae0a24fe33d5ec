//! Stand-in for the exercise framework (calling the learner's code, hidden puzzles and plans,
//! staged hints) until its API lands; chapters 06-09 go through these few names only.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Duration;

use crate::check::plan::WorkPlan;
use crate::check::{Verdict, common};
use crate::{Dispatch, Run, record};

/// Words the learner never saw, `'static` so they can go to threads and pools.
pub(crate) const WORDS: [&str; 24] = [
    "quill", "ox", "lantern", "fig", "marble", "kite", "ember", "tusk", "plum", "wren", "basalt",
    "cog", "dune", "harp", "iris", "jade", "kelp", "loom", "mint", "nook", "oat", "pebble", "rye",
    "sprocket",
];

/// The unit puzzles run at: short, so a check answers in a second or two.
pub(crate) const PUZZLE_UNIT: Duration = Duration::from_millis(20);

/// A SplitMix64 generator, seeded from the clock: other puzzles at every call.
pub(crate) struct Seed(u64);

impl Seed {
    pub(crate) fn fresh() -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(7, |d| d.as_nanos() as u64);
        Seed(nanos)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub(crate) fn within(&mut self, range: std::ops::RangeInclusive<u32>) -> u32 {
        range.start() + self.below((range.end() - range.start() + 1) as usize) as u32
    }
}

/// Hidden words with hidden work times in units of [`PUZZLE_UNIT`].
pub(crate) struct Puzzle {
    pub(crate) words: Vec<&'static str>,
    pub(crate) units: Vec<u32>,
}

impl Puzzle {
    pub(crate) fn new(seed: &mut Seed, count: usize, units: std::ops::RangeInclusive<u32>) -> Self {
        Self::new_where(seed, count, units, |_, _| true)
    }

    /// A puzzle that `fits`; tries a few hundred before taking the last.
    pub(crate) fn new_where(
        seed: &mut Seed,
        count: usize,
        units: std::ops::RangeInclusive<u32>,
        fits: impl Fn(&[&str], &[u32]) -> bool,
    ) -> Self {
        let mut puzzle = Puzzle {
            words: Vec::new(),
            units: Vec::new(),
        };
        for _ in 0..500 {
            let mut pool: Vec<&'static str> = WORDS.to_vec();
            let words: Vec<&'static str> = (0..count)
                .map(|_| pool.remove(seed.below(pool.len())))
                .collect();
            let times = (0..count).map(|_| seed.within(units.clone())).collect();
            puzzle = Puzzle {
                words,
                units: times,
            };
            if fits(&puzzle.words, &puzzle.units) {
                break;
            }
        }
        puzzle
    }

    pub(crate) fn plan(&self) -> WorkPlan {
        self.words
            .iter()
            .zip(&self.units)
            .fold(WorkPlan::new(PUZZLE_UNIT), |plan, (w, &u)| {
                plan.with_units(w, u)
            })
    }

    pub(crate) fn units_of(&self, token: &str) -> u32 {
        self.words
            .iter()
            .position(|w| *w == token)
            .map_or(0, |i| self.units[i])
    }

    /// Runs `body` under this puzzle's plan inside `record`, the run in plan units.
    pub(crate) fn record_cpu<T>(
        &self,
        style: &str,
        dispatch: impl Into<Dispatch>,
        body: impl FnOnce() -> T,
    ) -> Result<(T, Run), Verdict> {
        let _plan = self.plan().install();
        let (output, mut run) = record(style, &self.words, dispatch, || {
            catch_unwind(AssertUnwindSafe(body))
        });
        run.unit = PUZZLE_UNIT;
        match output {
            Ok(value) => Ok((value, run)),
            Err(payload) => Err(panicked(&*payload)),
        }
    }

    /// Each word worked on once, returned its word and took at least half its planned time.
    pub(crate) fn every_word_worked(&self, run: &Run) -> Verdict {
        common::each_token_once(run)
            .and(|| {
                match run
                    .records()
                    .iter()
                    .find(|r| r.outcome.as_deref() != Ok(r.token.to_uppercase().as_str()))
                {
                    Some(r) => Verdict::fail(
                        format!("the call for {:?} did not return its word in capitals.", r.token),
                        "each word's result is the work function's, the word in capitals.",
                    ),
                    None => Verdict::pass("returned"),
                }
            })
            .and(|| {
                match run.records().iter().find(|r| {
                    (r.end.saturating_sub(r.start)) * 2 < PUZZLE_UNIT * self.units_of(&r.token)
                }) {
                    Some(r) => Verdict::fail(
                        format!("the call for {:?} was over too soon for its work.", r.token),
                        "call the chapter's work function itself.",
                    ),
                    None => Verdict::pass("every word worked"),
                }
            })
    }
}

/// A FAIL for a panic out of the learner's code: `todo!` means not written yet.
pub(crate) fn panicked(payload: &(dyn std::any::Any + Send)) -> Verdict {
    let message = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("a panic");
    if message.starts_with("not yet implemented") {
        Verdict::fail("not written yet (the `todo!` is still there).", "")
    } else {
        Verdict::fail(format!("your code panicked: {message}"), "")
    }
}

/// A verdict as a `Result`, for `?` in a round loop.
pub(crate) fn as_result(verdict: Verdict) -> Result<(), Verdict> {
    if verdict.passed() { Ok(()) } else { Err(verdict) }
}

/// One exercise: its id and staged hints.
pub(crate) struct Exercise {
    #[allow(dead_code)]
    id: &'static str,
    hints: &'static [&'static str],
}

impl Exercise {
    pub(crate) fn new(id: &'static str, hints: &'static [&'static str]) -> Self {
        Exercise { id, hints }
    }

    /// Runs the rounds; a FAIL without its own hint gets the first staged hint.
    pub(crate) fn judge(&self, rounds: impl FnOnce() -> Result<String, Verdict>) -> Verdict {
        let outcome = catch_unwind(AssertUnwindSafe(rounds)).unwrap_or_else(|p| Err(panicked(&*p)));
        match outcome {
            Ok(what) => Verdict::pass(what),
            Err(Verdict::Fail { problem, hint }) if hint.is_empty() => {
                Verdict::fail(problem, self.hints[0])
            }
            Err(verdict) => verdict,
        }
    }
}
