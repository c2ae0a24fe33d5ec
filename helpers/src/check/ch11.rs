//! Checks for chapter 11's exercises, the summary's two jobs. The learner writes functions of a
//! job (its replies' times, a worker count or a connection limit); the check calls them on jobs of
//! its own, with times and counts that no table of the chapter shows.
//!
//! - 11.1 "every style's time": `fn predict(style: &str, times: &[u32], workers: usize) -> u32`
//!   gives each style's time for any job, as the style's model has it.
//! - 11.2 "a limit on connections": `fn limited(times: &[u32], limit: usize) ->
//!   (&'static str, usize, u32)` chooses a style and its workers for a server that accepts at most
//!   `limit` connections, and predicts the time; the check then runs the choice on the job.

use crate::check::learner::{self, Stop};
use crate::check::plan::WorkPlan;
use crate::check::puzzle::{PUZZLE_UNIT, Puzzle, PuzzleMaker};
use crate::check::{Chapter, Exercise, Verdict, common};
use crate::{STYLES, chunked_makespan, find_style, greedy_makespan, python_default_chunk};

/// Exercise 11.1.
pub const PREDICT: Exercise = Exercise {
    id: "11.1",
    title: "Every style's time",
    hints: PREDICT_HINTS,
};

/// Exercise 11.2.
pub const LIMITED: Exercise = Exercise {
    id: "11.2",
    title: "A limit on connections",
    hints: LIMITED_HINTS,
};

/// Chapter 11's exercises and their solutions.
pub const CHAPTER: Chapter = Chapter {
    number: "11",
    title: "Summary",
    exercises: &[PREDICT, LIMITED],
    solutions: include_str!("../../solutions/ch11.rs"),
};

/// Jobs per check: each with new times and a worker count or limit of its own.
const JOBS: usize = 3;

/// How far over its prediction a run of the chosen style may take, in units: thread start-up and
/// late wake-ups of every sleep in a row on a busy machine, at the short puzzle unit. Generous,
/// because the prediction itself is checked exactly before the run and the wrong shapes are told
/// apart by the choice; the run shows the model holding, and fails a run that does not.
const RUN_SLACK_UNITS: f64 = 2.0;

/// Exercise 11.1: asks `predict` for the time of every style but rayon's on [`JOBS`] hidden jobs
/// (each in a new order), and wants each style's model exactly. `predict` must compute: a call
/// that runs work is a FAIL.
pub fn predict(predict: impl Fn(&str, &[u32], usize) -> u32) -> Verdict {
    PREDICT.check(|| {
        let mut maker = PuzzleMaker::new();
        let mut styles = predicted_styles();
        for job in predict_jobs(&mut maker) {
            maker.shuffle(&mut styles);
            for style in &styles {
                let installed = WorkPlan::new(PUZZLE_UNIT).install();
                let predicted = learner::call(|| predict(style, &job.times, job.workers))?;
                let ran = installed.observations().len();
                drop(installed);
                if ran > 0 {
                    return Ok(Verdict::fail(
                        format!(
                            "asked for {style}'s time, your function ran the work ({ran} calls): \
                             a prediction comes from the times, not from a run."
                        ),
                        "",
                    ));
                }
                let verdict = judge_prediction(style, &job, predicted);
                if !verdict.passed() {
                    return Ok(verdict);
                }
            }
        }
        Ok(Verdict::pass(format!(
            "every style's time but rayon's ({} styles) on {JOBS} jobs of the check's own (2 to 5 \
             workers, other times than the tutorial's), each exactly as the style's model gives it",
            styles.len()
        )))
    })
}

/// Exercise 11.2: asks `limited` for a style, its workers and the time on [`JOBS`] hidden jobs,
/// each with a connection limit; judges the choice and the prediction, then runs the chosen style
/// on the job's words under the job's times and holds the run to the limit and the prediction.
pub fn limited(limited: impl Fn(&[u32], usize) -> (&'static str, usize, u32)) -> Verdict {
    LIMITED.check(|| {
        let mut maker = PuzzleMaker::new();
        let mut chosen = Vec::new();
        for job in limited_jobs(&mut maker) {
            let (style, workers, predicted) = learner::call(|| limited(&job.times, job.workers))?;
            let verdict = judge_choice(&job, style, workers, predicted);
            if !verdict.passed() {
                return Ok(verdict);
            }
            let verdict = run_choice(&mut maker, &job, style, workers);
            if !verdict.passed() {
                return Ok(verdict);
            }
            chosen.push(format!("{} with {workers}", style.trim()));
        }
        chosen.dedup();
        Ok(Verdict::pass(format!(
            "on {JOBS} jobs of the check's own (limits of 2 to 5 connections): {} never opened \
             more connections than allowed, used all of them, and took the time you predicted, \
             exactly as a pool of that many takes it",
            chosen.join(", then ")
        )))
    })
}

/// Runs `style` with `workers` on `job`'s times (words of the check's own) and holds the run to
/// the job's limit and the pool's time.
fn run_choice(maker: &mut PuzzleMaker, job: &Job, style: &str, workers: usize) -> Verdict {
    let Some(found) = find_style(style.trim()) else {
        return Verdict::fail(format!("there is no style named {style:?}."), "");
    };
    let words = maker.words(job.times.len());
    let puzzle = Puzzle::new(words, job.times.clone());
    let installed = puzzle.plan().install();
    let ran = learner::call(|| found.run(puzzle.tokens(), workers.max(1)));
    drop(installed);
    let mut run = match ran {
        Ok(Ok(run)) => run,
        Ok(Err(error)) => {
            return Verdict::fail(format!("{style} could not run: {error}."), "");
        }
        Err(Stop::NotStarted | Stop::Panicked(_)) => {
            return Verdict::fail(format!("{style} panicked while running."), "");
        }
    };
    run.unit = puzzle.unit();
    let expected = greedy_makespan(&job.times, job.workers.min(job.times.len()).max(1));
    let on = describe(job, "connections at most");
    common::each_token_once(&run)
        .and(|| common::at_most_at_once(&run, job.workers))
        .and(|| {
            common::measured_between(&run, expected as usize, expected as usize, RUN_SLACK_UNITS)
        })
        .and(|| Verdict::pass("ran as predicted"))
        .map_problem(|problem| format!("the run on {on}: {problem}"))
}

/// The jobs of exercise 1: one on 2 workers long enough for Python's chunks to cost time, one
/// where a pool is neither its longest reply nor its total over the workers, and one of any kind.
fn predict_jobs(maker: &mut PuzzleMaker) -> Vec<Job> {
    let chunky = find_job(maker, 2..=2, 9..=14, |job| {
        model_units(Shape::Chunked, &job.times, 2) != model_units(Shape::Pool, &job.times, 2)
    });
    let pool = find_job(maker, 3..=5, 6..=12, |job| {
        let greedy = model_units(Shape::Pool, &job.times, job.workers);
        let total: u32 = job.times.iter().sum();
        greedy != total.div_ceil(job.workers as u32)
            && greedy != model_units(Shape::PerReply, &job.times, job.workers)
    });
    let any = find_job(maker, 2..=5, 5..=12, |_| true);
    vec![chunky, pool, any]
}

/// The jobs of exercise 2: a limit of 2 where Python's chunks hold several replies, then two more,
/// each where the pool's time is neither the total over the limit nor the longest reply.
fn limited_jobs(maker: &mut PuzzleMaker) -> Vec<Job> {
    let fair = |job: &Job| {
        let greedy = model_units(Shape::Pool, &job.times, job.workers);
        let total: u32 = job.times.iter().sum();
        greedy != total.div_ceil(job.workers as u32)
            && greedy != model_units(Shape::PerReply, &job.times, job.workers)
    };
    // Over 8 replies on 2 workers, Python's chunks hold 2 replies or more.
    let chunky = find_job(maker, 2..=2, 9..=12, fair);
    let mut jobs = vec![chunky];
    for _ in 1..JOBS {
        jobs.push(find_job(maker, 3..=5, 7..=12, fair));
    }
    jobs
}

/// A job of `replies` replies (times 1 to 6) and `workers` workers that `wanted` accepts.
fn find_job(
    maker: &mut PuzzleMaker,
    workers: std::ops::RangeInclusive<u32>,
    replies: std::ops::RangeInclusive<u32>,
    wanted: impl Fn(&Job) -> bool,
) -> Job {
    let mut draw = || {
        let count = maker.in_range(replies.clone()) as usize;
        Job {
            times: (0..count).map(|_| maker.in_range(1..=6)).collect(),
            workers: maker.in_range(workers.clone()) as usize,
        }
    };
    // Most draws qualify; the bound only keeps a check from ever spinning.
    let mut job = draw();
    for _ in 0..10_000 {
        if wanted(&job) {
            break;
        }
        job = draw();
    }
    job
}

/// One job: the replies' times in units, and a worker count (11.1) or a connection limit (11.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Job {
    pub(crate) times: Vec<u32>,
    pub(crate) workers: usize,
}

/// How a style hands out the replies, which decides its time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// One worker: every reply in a row.
    OneWorker,
    /// A worker (thread, task or process) per reply.
    PerReply,
    /// A pool of the given workers, each taking the next reply when free.
    Pool,
    /// A pool handing out chunks as Python's `Pool.map` picks them.
    Chunked,
    /// Rayon: splits the list in halves; no exact model for waiting work.
    Rayon,
}

/// A style's shape, and whether it starts worker processes; `None` for a name that is no style.
pub(crate) fn shape_of(style: &str) -> Option<(Shape, bool)> {
    let shape = match style {
        "sequential" => (Shape::OneWorker, false),
        "thread-per-task" | "scoped-threads" | "tokio-tasks" => (Shape::PerReply, false),
        "process-per-task" => (Shape::PerReply, true),
        "pool-ordered" | "pool-unordered" => (Shape::Pool, false),
        "process-pool" => (Shape::Pool, true),
        "pool-chunked" => (Shape::Chunked, false),
        "rayon-global" | "rayon-pool" => (Shape::Rayon, false),
        _ => return None,
    };
    Some(shape)
}

/// The styles exercise 1 asks about: all but rayon's, whose halving has no exact model for
/// waiting work.
pub(crate) fn predicted_styles() -> Vec<&'static str> {
    STYLES
        .iter()
        .map(|s| s.name)
        .filter(|name| !matches!(shape_of(name), Some((Shape::Rayon, _)) | None))
        .collect()
}

/// A pool's workers for a job: never more than the replies, at least one.
fn pool_size(workers: usize, replies: usize) -> usize {
    workers.min(replies).max(1)
}

/// The model's time of `shape` with `workers` for `times`, in units.
pub(crate) fn model_units(shape: Shape, times: &[u32], workers: usize) -> u32 {
    let size = pool_size(workers, times.len());
    match shape {
        Shape::OneWorker => times.iter().sum(),
        Shape::PerReply => times.iter().copied().max().unwrap_or(0),
        Shape::Pool | Shape::Rayon => greedy_makespan(times, size),
        Shape::Chunked => chunked_makespan(times, size, python_default_chunk(times.len(), size)),
    }
}

/// How many replies wait at once in `shape` with `workers` for `replies` replies.
pub(crate) fn at_once(shape: Shape, workers: usize, replies: usize) -> usize {
    match shape {
        Shape::OneWorker => 1,
        Shape::PerReply => replies,
        Shape::Pool | Shape::Chunked | Shape::Rayon => pool_size(workers, replies),
    }
}

/// The staged hints of exercise 1, in order.
pub(crate) const PREDICT_HINTS: &[&str] = &[
    "the time depends on how many replies wait at once, not on which library waits: a worker per \
     reply, one worker, or a pool of `workers`.",
    "a worker per reply takes as long as the longest reply; one worker, all of them in a row; a \
     pool, as long as its busiest worker when each free worker takes the next reply in order \
     (`greedy_makespan` plays it out).",
    "`pool-chunked` hands out chunks as Python's `Pool.map` picks them: `python_default_chunk` \
     says how many replies a chunk holds, `chunked_makespan` plays the chunks out (chapter 07). A \
     pool never gets more workers than replies.",
];

/// The staged hints of exercise 2, in order.
pub(crate) const LIMITED_HINTS: &[&str] = &[
    "the limit is how many replies may wait at once: choose a style whose worker count you set, \
     and give it as many workers as the server allows.",
    "requests go out in the list's order, each as soon as a connection is free: predict that by \
     playing it out; the time is when the busiest worker finishes (`greedy_makespan`).",
    "a pool never needs more workers than replies; and waiting needs neither rayon's halving nor \
     a process per worker.",
];

/// The style names, for a FAIL that names a style that does not exist.
fn style_names() -> String {
    STYLES.iter().map(|s| s.name).collect::<Vec<_>>().join(", ")
}

/// A job in words, for a FAIL line: `5 replies (times 3, 1, 4, 1, 5), 2 workers`.
pub(crate) fn describe(job: &Job, count: &str) -> String {
    let times: Vec<String> = job.times.iter().map(u32::to_string).collect();
    format!(
        "{} replies (times {}), {} {count}",
        job.times.len(),
        times.join(", "),
        job.workers
    )
}

// ---- Exercise 1: every style's time ----

/// The verdict on one answer of exercise 1: `predicted` is what the learner's function said for
/// `style` on `job`.
pub(crate) fn judge_prediction(style: &str, job: &Job, predicted: u32) -> Verdict {
    let Some((shape, _)) = shape_of(style) else {
        return Verdict::fail(
            format!("the check asked about {style:?}, which is no style."),
            "",
        );
    };
    let expected = model_units(shape, &job.times, job.workers);
    common::prediction_exact(predicted, expected as usize, "")
        .and(|| Verdict::pass(format!("{style}: {expected} units")))
        .map_problem(|problem| format!("{style} on {}: {problem}", describe(job, "workers")))
}

// ---- Exercise 2: at most `limit` connections ----

/// The verdict on the choice of exercise 2 for `job` (its `workers` is the limit), before any run:
/// the style, its workers, and the prediction.
pub(crate) fn judge_choice(job: &Job, style: &str, workers: usize, predicted: u32) -> Verdict {
    let limit = job.workers;
    let replies = job.times.len();
    let on = describe(job, "connections at most");
    // Each problem says all there is to fix: the exercise's staged hints stand in for a step's own.
    let Some((shape, processes)) = shape_of(style.trim()) else {
        return Verdict::fail(
            format!(
                "there is no style named {style:?}; the styles are {}.",
                style_names()
            ),
            "",
        );
    };
    if processes {
        return Verdict::fail(
            format!(
                "{style} starts worker programs, which costs time this job does not need: \
                 waiting needs no process (the rule of thumb)."
            ),
            "",
        );
    }
    if shape == Shape::Rayon {
        return Verdict::fail(
            format!(
                "{style} splits the list in halves rather than sending the next request as soon \
                 as a connection is free; rayon is for computing (the rule of thumb)."
            ),
            "",
        );
    }
    if workers == 0 && shape != Shape::PerReply && shape != Shape::OneWorker {
        return Verdict::fail(format!("{style} with 0 workers cannot run anything."), "");
    }
    let open = at_once(shape, workers, replies);
    if open > limit {
        let problem = if shape == Shape::PerReply {
            format!(
                "{style} opens a connection per reply, whatever the worker count: {open} at once \
                 for {on}, too many."
            )
        } else {
            format!(
                "{style} with {workers} workers opens {open} connections at once for {on}: \
                 more than the server allows, too many."
            )
        };
        return Verdict::fail(problem, "");
    }
    if open < limit.min(replies) {
        return Verdict::fail(
            format!(
                "{style} with {workers} worker(s) opens at most {open} connection(s) at once for \
                 {on}: fewer than the server allows, too few."
            ),
            "",
        );
    }
    let chunk = python_default_chunk(replies, pool_size(workers, replies));
    if shape == Shape::Chunked && chunk > 1 {
        return Verdict::fail(
            format!(
                "{style} hands out chunks of {chunk} replies for {on}: a reply waits for its \
                 chunk instead of going out as soon as a connection is free."
            ),
            "",
        );
    }
    let best = model_units(Shape::Pool, &job.times, limit);
    common::prediction_exact(predicted, best as usize, "")
        .map_problem(|problem| format!("for {on}, {style} with {workers} workers: {problem}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(times: &[u32], workers: usize) -> Job {
        Job {
            times: times.to_vec(),
            workers,
        }
    }

    #[test]
    fn every_style_has_a_shape_and_rayon_is_not_asked() {
        for style in STYLES {
            assert!(
                shape_of(style.name).is_some(),
                "{} has no shape",
                style.name
            );
        }
        let asked = predicted_styles();
        assert!(!asked.contains(&"rayon-global") && asked.contains(&"pool-chunked"));
        assert_eq!(asked.len(), STYLES.len() - 2);
    }

    #[test]
    fn the_models_for_a_job() {
        // 11 replies on 2 workers: Python's chunk is ceil(11 / 8) = 2.
        let times = [3, 1, 4, 1, 5, 2, 2, 6, 1, 3, 2];
        assert_eq!(model_units(Shape::OneWorker, &times, 2), 30);
        assert_eq!(model_units(Shape::PerReply, &times, 2), 6);
        assert_eq!(model_units(Shape::Pool, &times, 2), 15);
        // Chunks (3 1) (4 1) (5 2) (2 6) (1 3) (2): 4 5 7 8 4 2 on two workers.
        assert_eq!(model_units(Shape::Chunked, &times, 2), 15);
        // 9 replies on 2 workers, chunks of 2: (1 1) (1 1) (1 1) (1 1) (8).
        let late_long = [1, 1, 1, 1, 1, 1, 1, 1, 8];
        assert_eq!(model_units(Shape::Pool, &late_long, 2), 12);
        assert_eq!(model_units(Shape::Chunked, &late_long, 2), 12);
        assert_eq!(
            model_units(Shape::Chunked, &[1, 5, 1, 5, 1, 5, 1, 5, 1, 5, 1, 5, 9], 2),
            27
        );
        assert_eq!(model_units(Shape::Pool, &times, 40), 6);
        assert_eq!(model_units(Shape::Chunked, &[], 3), 0);
    }

    #[test]
    fn predictions_exact_and_described() {
        let job = job(&[2, 4, 1, 3], 2);
        assert!(judge_prediction("pool-ordered", &job, 6).passed());
        assert!(judge_prediction("scoped-threads", &job, 4).passed());
        assert!(judge_prediction("sequential", &job, 10).passed());
        let low = judge_prediction("pool-ordered", &job, 5).to_string();
        assert!(
            low.contains("pool-ordered on 4 replies (times 2, 4, 1, 3), 2 workers"),
            "{low}"
        );
        assert!(low.contains("too low") && !low.contains(" 6 "), "{low}");
    }

    #[test]
    fn choices_for_a_limit() {
        let limited = job(&[2, 4, 1, 3, 2, 2, 1], 3);
        let best = greedy_makespan(&limited.times, 3);
        assert!(judge_choice(&limited, "pool-ordered", 3, best).passed());
        assert!(judge_choice(&limited, "pool-unordered", 3, best).passed());
        let per_reply = judge_choice(&limited, "scoped-threads", 3, best).to_string();
        assert!(per_reply.contains("connection per reply, whatever the worker count"));
        let one_too_many = judge_choice(&limited, "pool-ordered", 4, best).to_string();
        assert!(
            one_too_many.contains("4 connections at once")
                && one_too_many.contains("more than the server allows")
                && !one_too_many.contains("per reply"),
            "{one_too_many}"
        );
        assert!(
            judge_choice(&limited, "pool-ordered", 2, best)
                .to_string()
                .contains("too few")
        );
        assert!(
            judge_choice(&limited, "process-pool", 3, best)
                .to_string()
                .contains("no process")
        );
        assert!(
            judge_choice(&limited, "rayon-pool", 3, best)
                .to_string()
                .contains("halves")
        );
        assert!(
            judge_choice(&limited, "pool-ordered", 0, best)
                .to_string()
                .contains("0 workers")
        );
        assert!(
            judge_choice(&limited, "pools", 3, best)
                .to_string()
                .contains("no style named")
        );
        assert!(
            judge_choice(&limited, "pool-ordered", 3, best + 1)
                .to_string()
                .contains("too high")
        );
        // 13 replies on a limit of 2: chunks of 2.
        let chunky = job(&[1, 5, 1, 5, 1, 5, 1, 5, 1, 5, 1, 5, 9], 2);
        let best = greedy_makespan(&chunky.times, 2);
        assert!(model_units(Shape::Chunked, &chunky.times, 2) > best);
        let chunked = judge_choice(&chunky, "pool-chunked", 2, best).to_string();
        assert!(chunked.contains("chunks"), "{chunked}");
        // More connections allowed than replies: a pool of all of them, or a thread per reply.
        let roomy = job(&[2, 3], 5);
        assert!(judge_choice(&roomy, "scoped-threads", 0, 3).passed());
        assert!(judge_choice(&roomy, "pool-ordered", 2, 3).passed());
    }
}
