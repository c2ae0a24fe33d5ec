//! Checks for chapter 07's exercises: a chunked map predicted by a function of the learner's, and
//! `imap_unordered` built from crossbeam channels.
//!
//! Exercise 1 is arithmetic: the check asks the learner's function about puzzles it makes up
//! (costs, workers, chunk sizes) and compares with [`chunked_makespan`]. Exercise 2 calls the
//! learner's `imap_unordered` with a worker count and words of its own under a hidden work plan,
//! reads the receiver itself (timing each arrival), and then reads the records: every word's work
//! ran once, on exactly that many threads of the function's own, as many at once as there are
//! workers, no worker idle while words waited, results in the order the work ended, the first one
//! long before the last, and the channel closed once the last result was in.

use std::time::{Duration, Instant};

use crossbeam::channel::{Receiver, RecvTimeoutError};

use super::learner::{call, call_on};
use super::puzzle::{PUZZLE_UNIT, Puzzle, PuzzleMaker};
use super::steps::worked_exactly;
use super::{Chapter, Exercise, Verdict, common};
use crate::{Run, chunked_makespan};

/// Exercise 07.1: a chunked map predicted by a function.
pub const CHUNKED: Exercise = Exercise {
    id: "07.1",
    title: "Predict a chunked map",
    hints: &[
        "cut the costs into chunks in order (`chunks(chunk)`; the last one may be shorter) and \
         add up each chunk: a chunk goes whole to one worker.",
        "each chunk goes to the worker that is free first, not to the next worker in turn: keep \
         one 'free at' time per worker, all 0 at first.",
        "give each chunk to the worker with the smallest 'free at' time and add the chunk's cost \
         to it; the answer is the largest 'free at' time at the end.",
    ],
};

/// Exercise 07.2: `imap_unordered` from crossbeam channels.
pub const IMAP: Exercise = Exercise {
    id: "07.2",
    title: "Build `imap_unordered` yourself",
    hints: &[
        "one job channel that every worker takes from, one results channel that every worker \
         sends to; the function returns the receiving end of the results at once, while the \
         workers run.",
        "start exactly `workers` threads with `thread::spawn` (they outlive the function), each \
         looping over the job channel. If the jobs sit behind a lock, take a job in a `let` of \
         its own: a guard made in a `while let` condition lives until the end of the loop body.",
        "the caller's loop ends when the last sender is gone: the function's own copies of the \
         job sender and the results sender must be dropped before it returns (or when it does).",
    ],
};

/// Chapter 07's exercises, for `progress()` and `solution(...)`.
pub const CHAPTER: Chapter = Chapter {
    number: "07",
    title: "Worker pool",
    exercises: &[CHUNKED, IMAP],
    solutions: include_str!("../../solutions/ch07.rs"),
};

/// Exercise 1 (07.1): `chunked_units(costs, workers, chunk)` is how long a pool of `workers`
/// takes to map tasks of these costs (in units) in chunks of `chunk`, each chunk handed whole, in
/// order, to the worker that is free first.
pub fn chunked_by_hand<F>(chunked_units: F) -> Verdict
where
    F: Fn(&[u32], usize, usize) -> u32,
{
    CHUNKED.check(|| {
        let puzzles = chunk_puzzles(&mut PuzzleMaker::new());
        for (costs, workers, chunk) in &puzzles {
            let expected = chunked_makespan(costs, *workers, *chunk);
            let said = call(|| chunked_units(costs, *workers, *chunk))?;
            if said != expected {
                let way = if said < expected {
                    "too low"
                } else {
                    "too high"
                };
                return Ok(Verdict::fail(
                    format!(
                        "for tasks of {costs:?} units on {workers} workers in chunks of {chunk}, \
                         your function says {said}: {way}."
                    ),
                    "",
                ));
            }
        }
        Ok(Verdict::pass(format!(
            "your function gave the right time for all {} puzzles of the check's own (all but \
             two made up anew on every run: other costs, worker counts and chunk sizes)",
            puzzles.len()
        )))
    })
}

/// Puzzles that tell the usual mistakes apart: two fixed ones where each shortcut is off (a short
/// last chunk that decides the time; a long first chunk that makes chunks dealt in turn, equal
/// shares, the average and one task at a time all wrong), then five made up anew: a short last
/// chunk, chunks of one (the plain queue), more workers than chunks.
fn chunk_puzzles(maker: &mut PuzzleMaker) -> Vec<(Vec<u32>, usize, usize)> {
    let mut puzzles = vec![
        (vec![1, 1, 1, 1, 6], 2, 2),
        (vec![5, 5, 1, 1, 1, 1, 1, 1], 2, 2),
    ];
    for (count, workers, chunk) in [(7, 2, 2), (9, 3, 2), (6, 2, 1), (5, 4, 2), (10, 3, 3)] {
        let costs: Vec<u32> = (0..count).map(|_| maker.in_range(1..=6)).collect();
        puzzles.push((costs, workers, chunk));
    }
    puzzles
}

/// The worker counts of exercise 2's rounds, with their word counts.
const IMAP_ROUNDS: [(usize, usize); 2] = [(3, 8), (2, 7)];

/// Exercise 2 (07.2): `imap_unordered(workers, tokens)` starts `workers` threads that take words
/// from a job channel and send each result as soon as it is done, and returns the receiving end
/// at once.
pub fn as_completed<F>(imap_unordered: F) -> Verdict
where
    F: Fn(usize, Vec<&'static str>) -> Receiver<String>,
{
    IMAP.check(|| {
        let mut maker = PuzzleMaker::new();
        for (workers, count) in IMAP_ROUNDS {
            let puzzle = imap_puzzle(&mut maker, count, workers);
            let limit = PUZZLE_UNIT * (puzzle.units().iter().sum::<u32>() + 10);
            let out = call_on(&puzzle, workers, |words| {
                let start = Instant::now();
                let results = imap_unordered(workers, words.to_vec());
                read_as_they_come(&results, count, start, limit)
            })?;
            let verdict = judge_round(&out.value, &out.run, &puzzle, workers);
            if !verdict.passed() {
                return Ok(verdict);
            }
        }
        Ok(Verdict::pass(format!(
            "your function, called with {} workers on words and work times of the check's \
             own: every word once, on exactly that many threads of your own, all of them busy \
             while words waited, each result handed on as its work ended, and the channel \
             closed after the last",
            IMAP_ROUNDS.map(|(w, _)| w.to_string()).join(" and ")
        )))
    })
}

/// A puzzle on which words dealt out in advance leave a worker idle.
fn imap_puzzle(maker: &mut PuzzleMaker, count: usize, workers: usize) -> Puzzle {
    let mut puzzle = maker.puzzle(count, 1..=5);
    for _ in 0..1000 {
        if dealt_out_idles(puzzle.units(), workers) {
            break;
        }
        puzzle = maker.puzzle(count, 1..=5);
    }
    puzzle
}

/// Words dealt out in advance, in turn or in equal shares, leave a worker idle for two units or
/// more while another still has words it has not started: the puzzle tells them from a queue.
fn dealt_out_idles(units: &[u32], workers: usize) -> bool {
    let idles = |shares: Vec<Vec<u32>>| {
        let free_at = shares.iter().map(|s| s.iter().sum::<u32>());
        let last_start = shares
            .iter()
            .map(|s| s.iter().sum::<u32>() - s.last().copied().unwrap_or(0));
        free_at.min().unwrap_or(0) + 2 <= last_start.max().unwrap_or(0)
    };
    let in_turn = (0..workers)
        .map(|w| units.iter().copied().skip(w).step_by(workers).collect())
        .collect();
    let shares = units
        .chunks(units.len().div_ceil(workers))
        .map(<[u32]>::to_vec)
        .collect();
    idles(in_turn) && idles(shares)
}

/// What the check's reader saw: each result with its arrival, and whether the channel closed.
struct Read {
    arrivals: Vec<(String, Duration)>,
    closed: bool,
    returned_after: Duration,
}

/// Reads `results` until `count` results came and the channel closed, or `limit` passed (a
/// sender left alive must not hang the check).
fn read_as_they_come(
    results: &Receiver<String>,
    count: usize,
    start: Instant,
    limit: Duration,
) -> Read {
    let returned_after = start.elapsed();
    let mut arrivals = Vec::new();
    let closed = loop {
        let left = limit.saturating_sub(start.elapsed());
        // Once every result is in, a closed channel answers at once; allow two units for it.
        let wait = if arrivals.len() >= count {
            left.min(PUZZLE_UNIT * 2)
        } else {
            left
        };
        match results.recv_timeout(wait) {
            Ok(result) => arrivals.push((result, start.elapsed())),
            Err(RecvTimeoutError::Disconnected) => break true,
            Err(RecvTimeoutError::Timeout) => break false,
        }
    };
    Read {
        arrivals,
        closed,
        returned_after,
    }
}

/// One round of 07.2, from what the reader saw and the records.
fn judge_round(read: &Read, run: &Run, puzzle: &Puzzle, workers: usize) -> Verdict {
    let results: Vec<&str> = read.arrivals.iter().map(|(r, _)| r.as_str()).collect();
    if results.len() < run.tokens.len() && !read.closed {
        return Verdict::fail(
            format!(
                "only {} of {} results arrived, and then nothing more: the channel never closed.",
                results.len(),
                run.tokens.len()
            ),
            "",
        );
    }
    worked_exactly(run, puzzle.tokens())
        .and(|| not_the_ready_made_pool(run))
        .and(|| common::results_in_completion_order(&results, run))
        .and(|| {
            common::on_workers(run, workers).map_problem(|problem| {
                format!("{problem} The function was asked for {workers} workers.")
            })
        })
        .and(|| workers_at_once(run, workers))
        .and(|| common::kept_busy(run, workers))
        .and(|| arrived_early(read, run))
        .and(|| closed_at_the_end(read))
}

/// The words did not run on `WorkerPool`'s threads (named `worker N`): the pool is to be built.
fn not_the_ready_made_pool(run: &Run) -> Verdict {
    let pooled = run.records().iter().find(|r| {
        r.worker
            .strip_prefix("worker ")
            .is_some_and(|n| n.parse::<usize>().is_ok())
    });
    match pooled {
        Some(record) => Verdict::fail(
            format!(
                "{:?} ran on {:?}, a thread of the helper crate's WorkerPool: this exercise \
                 builds the pool itself.",
                record.token, record.worker
            ),
            "build the pool from two crossbeam channels and threads of your own.",
        ),
        None => Verdict::pass("threads of its own"),
    }
}

/// As many words at once as there are workers: fewer means the workers took turns.
fn workers_at_once(run: &Run, workers: usize) -> Verdict {
    let wanted = workers.min(run.tokens.len());
    let most = common::peak_at_once(run);
    if most >= wanted {
        return Verdict::pass("all workers at once");
    }
    Verdict::fail(
        format!(
            "{workers} workers ran, but never more than {most} word{} at once: the workers took \
             turns, each waiting for something another one held while it worked (a lock on the \
             jobs, held across the work?).",
            if most == 1 { "" } else { "s" }
        ),
        "",
    )
}

/// The first result arrived well before the last task ended, and the function returned at once.
fn arrived_early(read: &Read, run: &Run) -> Verdict {
    let (Some((first, arrived)), Some(last_end)) = (
        read.arrivals.first(),
        run.records().iter().map(|r| r.end).max(),
    ) else {
        return Verdict::pass("nothing to wait for");
    };
    if *arrived + run.unit / 2 >= last_end || read.returned_after + run.unit >= last_end {
        return Verdict::fail(
            format!(
                "the first result, {first:?}, could be read only when the last word's work \
                 ended: every result waited for the slowest."
            ),
            "return the receiver at once and let the workers run on: do not join them (or \
             collect their results) inside the function.",
        );
    }
    Verdict::pass("results streamed")
}

/// The channel closed once every result was in.
fn closed_at_the_end(read: &Read) -> Verdict {
    if read.closed {
        Verdict::pass("closed")
    } else {
        Verdict::fail(
            "every result arrived, but the channel stayed open: a loop over it would never end.",
            "a channel closes when its last sender is dropped: drop the function's own results \
             sender (each worker holds a clone) before returning the receiver.",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::fixture::{self, task};

    const WORDS: [&str; 4] = ["ab", "c", "def", "g"];

    fn read_of(run: &Run) -> Read {
        let mut by_end: Vec<&crate::Record> = run.records().iter().collect();
        by_end.sort_by_key(|r| r.end);
        Read {
            arrivals: by_end
                .iter()
                .map(|r| (r.token.to_uppercase(), r.end))
                .collect(),
            closed: true,
            returned_after: Duration::ZERO,
        }
    }

    #[test]
    fn the_fixed_puzzles_catch_each_shortcut() {
        let (p1, p2) = (&[1, 1, 1, 1, 6][..], &[5, 5, 1, 1, 1, 1, 1, 1][..]);
        assert_eq!(chunked_makespan(p1, 2, 2), 8);
        assert_eq!(chunked_makespan(p2, 2, 2), 10);
        // A lost short last chunk, the largest chunk, one task at a time, the average.
        assert_eq!(chunked_makespan(&p1[..4], 2, 2), 2);
        assert_eq!(crate::greedy_makespan(p2, 2), 8);
        assert_eq!(p2.iter().sum::<u32>().div_ceil(2), 8);
    }

    #[test]
    fn chunk_puzzles_have_a_short_last_chunk_and_chunks_of_one() {
        let puzzles = chunk_puzzles(&mut PuzzleMaker::new());
        assert!(puzzles.iter().any(|(c, _, k)| c.len() % k != 0));
        assert!(puzzles.iter().any(|(_, _, k)| *k == 1));
        assert!(puzzles.iter().any(|(c, w, k)| c.len().div_ceil(*k) < *w));
    }

    #[test]
    fn puzzles_leave_dealt_out_words_idle() {
        // In turn on 2: 5+1+1 = 7 and 1+1+5 (last starts at 2): worker 1 waits for nothing.
        assert!(!dealt_out_idles(&[5, 1, 1, 1, 1, 5], 2));
        assert!(dealt_out_idles(&[1, 1, 1, 4, 1, 3], 2));
    }

    #[test]
    fn turns_taken_under_a_lock_are_named_as_such() {
        let turns = fixture::run(
            &WORDS,
            vec![
                task("ab", "thread 1", 0.0, 2.0),
                task("c", "thread 2", 2.0, 3.0),
                task("def", "thread 1", 3.0, 6.0),
                task("g", "thread 2", 6.0, 7.0),
            ],
        );
        let verdict = workers_at_once(&turns, 2).to_string();
        assert!(verdict.contains("took turns"), "{verdict}");
        assert!(verdict.contains("held across the work"), "{verdict}");
        let pooled = fixture::pool(&WORDS, 2);
        assert!(!not_the_ready_made_pool(&pooled).passed());
    }

    #[test]
    fn streaming_and_closing_are_read_from_the_reader() {
        let two = fixture::run(
            &WORDS,
            vec![
                task("ab", "thread 1", 0.0, 2.0),
                task("c", "thread 2", 0.0, 1.0),
                task("def", "thread 2", 1.0, 4.0),
                task("g", "thread 1", 2.0, 3.0),
            ],
        );
        let read = read_of(&two);
        assert!(arrived_early(&read, &two).passed());
        let mut held = read_of(&two);
        for arrival in &mut held.arrivals {
            arrival.1 = two.wall;
        }
        assert!(!arrived_early(&held, &two).passed());
        let mut open = read_of(&two);
        open.closed = false;
        assert!(!closed_at_the_end(&open).passed());
    }
}
