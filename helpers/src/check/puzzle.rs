//! Puzzles: inputs a learner never saw, with work times unrelated to word length, new on every
//! call. A check builds one or more, turns each into a [`WorkPlan`] and runs the learner's code on
//! it, so typed-in values, an order sorted by length or a cut fitted to the tutorial's twelve words
//! fail by construction.
//!
//! ```
//! use helpers::check::puzzle::{Puzzle, PuzzleMaker};
//! let mut maker = PuzzleMaker::new();
//! let puzzle = maker.puzzle(7, 1..=6);
//! assert_eq!(puzzle.tokens().len(), 7);
//! assert!(puzzle.units().iter().all(|u| (1..=6).contains(u)));
//! // Sorting by length never gives the order by time: the times are not the lengths.
//! assert_ne!(puzzle.order_by_length(), puzzle.order_by_time());
//! ```

use std::ops::RangeInclusive;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::plan::WorkPlan;
use crate::{TUTORIAL_TOKENS, char_count, greedy_makespan};

/// The unit puzzles run at: short, so a check answers in a few seconds even when the notebook's
/// unit is the tutorial's second, and long enough that thread start-up on a busy machine stays
/// well under one unit.
pub const PUZZLE_UNIT: Duration = Duration::from_millis(25);

/// The environment variable that fixes the puzzles' seed (for reproducing a check's verdict).
pub const SEED_VAR: &str = "PIR_PUZZLE_SEED";

/// Words the puzzles draw from: lengths 2 to 9, none of the tutorial's.
const WORDS: [&str; 64] = [
    "ox",
    "elk",
    "yak",
    "emu",
    "owl",
    "bee",
    "ant",
    "cod",
    "fig",
    "oak",
    "ash",
    "ivy",
    "kiwi",
    "lime",
    "pear",
    "plum",
    "moss",
    "fern",
    "reed",
    "wren",
    "hawk",
    "lynx",
    "mole",
    "newt",
    "otter",
    "heron",
    "raven",
    "finch",
    "maple",
    "cedar",
    "birch",
    "lemon",
    "mango",
    "olive",
    "tulip",
    "daisy",
    "badger",
    "beaver",
    "falcon",
    "ferret",
    "walnut",
    "cherry",
    "orchid",
    "poppy",
    "salmon",
    "turnip",
    "lantern",
    "meadow",
    "pelican",
    "buffalo",
    "chestnut",
    "hazel",
    "juniper",
    "magpie",
    "panther",
    "sparrow",
    "thistle",
    "walrus",
    "apricot",
    "bramble",
    "hedgehog",
    "kingfisher",
    "marigold",
    "pumpkin",
];

/// A small, seedable random source (SplitMix64): enough to vary puzzles, no dependency.
#[derive(Debug, Clone)]
pub struct PuzzleMaker {
    seed: u64,
    state: u64,
}

impl Default for PuzzleMaker {
    fn default() -> Self {
        Self::new()
    }
}

impl PuzzleMaker {
    /// A maker with a new seed on every call (the clock and a counter), or `PIR_PUZZLE_SEED`'s.
    pub fn new() -> Self {
        static CALLS: AtomicU64 = AtomicU64::new(0);
        let seed = std::env::var(SEED_VAR)
            .ok()
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or_else(|| {
                let nanos = SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map(|d| d.as_nanos() as u64)
                    .unwrap_or(0);
                nanos
                    ^ CALLS
                        .fetch_add(1, Ordering::Relaxed)
                        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            });
        Self::with_seed(seed)
    }

    /// A maker with a fixed seed: the same puzzles every time.
    pub fn with_seed(seed: u64) -> Self {
        PuzzleMaker { seed, state: seed }
    }

    /// The seed this maker started from.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The next random number.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `range` (inclusive).
    pub fn in_range(&mut self, range: RangeInclusive<u32>) -> u32 {
        let (low, high) = (*range.start(), *range.end().max(range.start()));
        let span = u64::from(high - low) + 1;
        low + (self.next_u64() % span) as u32
    }

    /// `items` in a random order.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }

    /// `count` distinct words (at most 64), none of the tutorial's, in a random order.
    pub fn words(&mut self, count: usize) -> Vec<&'static str> {
        let mut words = WORDS.to_vec();
        self.shuffle(&mut words);
        words.truncate(count);
        words
    }

    /// A puzzle of `count` words with times drawn from `units`, where the order by time is not the
    /// order by length (when `count` is at least 2 and the range has two values). Times may repeat.
    pub fn puzzle(&mut self, count: usize, units: RangeInclusive<u32>) -> Puzzle {
        loop {
            let tokens = self.words(count);
            let times: Vec<u32> = tokens
                .iter()
                .map(|_| self.in_range(units.clone()))
                .collect();
            let puzzle = Puzzle::new(tokens, times);
            if count < 2 || units.start() >= units.end() || !puzzle.length_predicts_time() {
                return puzzle;
            }
        }
    }

    /// A puzzle of `count` words whose times are all different (so every word finishes at its own
    /// moment when all start together), none in the order of length. `count` must be at most the
    /// number of values in `units`.
    pub fn puzzle_distinct(&mut self, count: usize, units: RangeInclusive<u32>) -> Puzzle {
        let mut values: Vec<u32> = units.clone().collect();
        assert!(
            values.len() >= count,
            "puzzle_distinct: {count} words need {count} distinct times, {units:?} has {}",
            values.len()
        );
        loop {
            self.shuffle(&mut values);
            let tokens = self.words(count);
            let puzzle = Puzzle::new(tokens, values[..count].to_vec());
            if count < 2 || !puzzle.length_predicts_time() {
                return puzzle;
            }
        }
    }
}

/// Words and their hidden work times, in units of the puzzle's plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Puzzle {
    tokens: Vec<&'static str>,
    units: Vec<u32>,
    panics: Vec<Option<String>>,
    unit: Duration,
}

impl Puzzle {
    /// A puzzle of these words and times (one time per word), at [`PUZZLE_UNIT`].
    ///
    /// # Panics
    /// If the lengths differ (a bug in the check that builds it).
    pub fn new(tokens: Vec<&'static str>, units: Vec<u32>) -> Self {
        assert_eq!(tokens.len(), units.len(), "one time per word");
        let panics = vec![None; tokens.len()];
        Puzzle {
            tokens,
            units,
            panics,
            unit: PUZZLE_UNIT,
        }
    }

    /// The same puzzle at another unit.
    pub fn at_unit(mut self, unit: Duration) -> Self {
        self.unit = unit;
        self
    }

    /// The same puzzle where the word at `index` panics with `message` once its time is over.
    pub fn with_panic_at(mut self, index: usize, message: &str) -> Self {
        self.panics[index] = Some(message.to_string());
        self
    }

    /// The words, in input order (`&'static str`, so they can go to `thread::spawn`).
    pub fn tokens(&self) -> &[&'static str] {
        &self.tokens
    }

    /// Each word's time in units, in input order.
    pub fn units(&self) -> &[u32] {
        &self.units
    }

    /// The unit the plan runs at.
    pub fn unit(&self) -> Duration {
        self.unit
    }

    /// Indices of the words that panic.
    pub fn panicking(&self) -> Vec<usize> {
        (0..self.tokens.len())
            .filter(|&i| self.panics[i].is_some())
            .collect()
    }

    /// The hidden plan to install while the learner's code runs on this puzzle.
    pub fn plan(&self) -> WorkPlan {
        let mut plan = WorkPlan::new(self.unit);
        for ((token, &units), panic) in self.tokens.iter().zip(&self.units).zip(&self.panics) {
            plan = match panic {
                Some(message) => plan.with_panic(token, units, message),
                None => plan.with_units(token, units),
            };
        }
        plan
    }

    /// The words' indices, shortest time first (input order among equal times).
    pub fn order_by_time(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.tokens.len()).collect();
        order.sort_by_key(|&i| self.units[i]);
        order
    }

    /// The words' indices, shortest word first (input order among equal lengths).
    pub fn order_by_length(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.tokens.len()).collect();
        order.sort_by_key(|&i| char_count(self.tokens[i]));
        order
    }

    /// Whether sorting by length would put the words in an order consistent with their times
    /// (every longer word at least as slow): then results alone could not tell the two apart.
    pub fn length_predicts_time(&self) -> bool {
        let by_length = self.order_by_length();
        by_length
            .windows(2)
            .all(|pair| self.units[pair[0]] <= self.units[pair[1]])
    }

    /// The time in units of a queue of `workers` (each free worker takes the next word).
    pub fn greedy_units(&self, workers: usize) -> u32 {
        greedy_makespan(&self.units, workers)
    }

    /// The words uppercased, in input order: what the work returns.
    pub fn expected_results(&self) -> Vec<String> {
        self.tokens.iter().map(|t| t.to_uppercase()).collect()
    }
}

/// Whether `word` is one of the tutorial's twelve (puzzles never use them).
pub fn is_tutorial_word(word: &str) -> bool {
    TUTORIAL_TOKENS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_distinct_unseen_and_varied() {
        let mut maker = PuzzleMaker::with_seed(7);
        let words = maker.words(64);
        let mut sorted = words.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 64);
        assert!(words.iter().all(|w| !is_tutorial_word(w)));
        assert_ne!(maker.words(10), maker.words(10), "two draws differ");
    }

    #[test]
    fn a_seed_gives_the_same_puzzle_and_new_makers_differ() {
        let a = PuzzleMaker::with_seed(42).puzzle(8, 1..=5);
        let b = PuzzleMaker::with_seed(42).puzzle(8, 1..=5);
        assert_eq!(a, b);
        let seeds: Vec<u64> = (0..5).map(|_| PuzzleMaker::new().seed()).collect();
        assert!(seeds.windows(2).all(|w| w[0] != w[1]), "{seeds:?}");
    }

    #[test]
    fn length_never_gives_the_order_of_time() {
        for seed in 0..200 {
            let mut maker = PuzzleMaker::with_seed(seed);
            let p = maker.puzzle(6, 1..=4);
            assert!(!p.length_predicts_time(), "seed {seed}: {p:?}");
            let d = maker.puzzle_distinct(5, 1..=6);
            assert!(!d.length_predicts_time(), "seed {seed}: {d:?}");
            let mut times = d.units().to_vec();
            times.sort();
            times.dedup();
            assert_eq!(times.len(), 5);
        }
    }

    #[test]
    fn the_plan_carries_times_and_panics() {
        let p = Puzzle::new(vec!["ox", "lemon"], vec![3, 1]).with_panic_at(1, "sour");
        let plan = p.plan();
        assert_eq!(plan.units_of("ox"), Some(3));
        assert_eq!(plan.planned("lemon").panics.as_deref(), Some("sour"));
        assert_eq!(p.panicking(), [1]);
        assert_eq!(p.order_by_time(), [1, 0]);
        assert_eq!(p.greedy_units(1), 4);
        assert_eq!(p.expected_results(), ["OX", "LEMON"]);
    }
}
