//! Chapter 06's answers for the tests of its checks: wrong ones (each must FAIL, for the reason
//! named) and right ones of other structures than the solution (each must PASS).

use helpers::*;
use rayon::prelude::*;
use std::sync::Mutex;

/// An answer to 06.1: what it is, the verdict it must get (`Some(fragment of the FAIL)` or
/// `None` for PASS), and the function.
pub type EveryCore = (&'static str, Option<&'static str>, fn(&[&str]) -> Vec<String>);

/// 06.1's answers.
pub const EVERY_CORE: [EveryCore; 11] = [
    ("made up: uppercased without cpu_work", Some("no call"), made_up),
    ("typed in: the tutorial's twelve results", Some("no call"), typed_in),
    ("the for loop as given: one word after another", Some("all on one thread"), the_loop),
    ("a scoped thread per word: parallel, but not rayon", Some("not on one of rayon's threads"), threads),
    ("par_iter, then sorted", Some("result 1"), sorted),
    ("two at once typed in: join of two sequential halves", Some("at most 2"), two_halves),
    ("a subset: all but the first word", Some("never worked on"), subset),
    ("chunks of three, each one sequential", Some("at most 2"), chunks_of_three),
    ("right: into_par_iter over a copy, map by name", None, into_par_iter),
    ("right: collect_into_vec", None, collect_into_vec),
    ("right: rayon::scope, a spawn per word into its own slot", None, scope_per_word),
];

fn made_up(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| w.to_uppercase()).collect()
}

fn typed_in(_: &[&str]) -> Vec<String> {
    "HELLO WORLD HOW ARE YOU A B C D E F G".split(' ').map(String::from).collect()
}

fn the_loop(words: &[&str]) -> Vec<String> {
    let mut results = Vec::new();
    for w in words {
        results.push(cpu_work(w));
    }
    results
}

fn threads(words: &[&str]) -> Vec<String> {
    std::thread::scope(|s| {
        let handles: Vec<_> = words.iter().map(|w| s.spawn(|| cpu_work(w))).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}

fn sorted(words: &[&str]) -> Vec<String> {
    let mut results: Vec<String> = words.par_iter().map(|w| cpu_work(w)).collect();
    results.sort();
    results
}

fn two_halves(words: &[&str]) -> Vec<String> {
    let (left, right) = words.split_at(words.len() / 2);
    let (mut results, rest) = rayon::join(
        || left.iter().map(|w| cpu_work(w)).collect::<Vec<_>>(),
        || right.iter().map(|w| cpu_work(w)).collect::<Vec<_>>(),
    );
    results.extend(rest);
    results
}

fn subset(words: &[&str]) -> Vec<String> {
    words[1..].par_iter().map(|w| cpu_work(w)).collect()
}

fn chunks_of_three(words: &[&str]) -> Vec<String> {
    let parts: Vec<Vec<String>> = words
        .par_chunks(3)
        .map(|part| part.iter().map(|w| cpu_work(w)).collect())
        .collect();
    parts.concat()
}

fn into_par_iter(words: &[&str]) -> Vec<String> {
    words.to_vec().into_par_iter().map(cpu_work).collect()
}

fn collect_into_vec(words: &[&str]) -> Vec<String> {
    let mut results = Vec::with_capacity(words.len());
    words.par_iter().map(|&w| cpu_work(w)).collect_into_vec(&mut results);
    results
}

fn scope_per_word(words: &[&str]) -> Vec<String> {
    let slots: Vec<Mutex<String>> = words.iter().map(|_| Mutex::new(String::new())).collect();
    rayon::scope(|s| {
        for (w, slot) in words.iter().zip(&slots) {
            s.spawn(move |_| *slot.lock().unwrap() = cpu_work(w));
        }
    });
    slots.into_iter().map(|slot| slot.into_inner().unwrap()).collect()
}

/// An answer to 06.2.
pub type Halves = (&'static str, Option<&'static str>, fn(&[(&str, u32)]) -> Vec<String>);

/// 06.2's answers.
pub const HALVES: [Halves; 10] = [
    ("made up: uppercased without cpu_work", Some("no call"), halves_made_up),
    ("par_iter: rayon cuts by count", Some("second thread began"), halves_par_iter),
    ("join, cut by count", Some("a cut by count"), cut_by_count),
    ("join, cut by letters", Some("second thread began"), cut_by_letters),
    ("join, the cut typed in for twelve words", Some("second thread began"), cut_typed_in),
    ("the starter's shape: one word after another", Some("one thread"), sequential),
    ("join, the right part's results first", Some("result 1"), right_first),
    ("right: running sums, position, concat", None, running_sums),
    ("right: a cut helper of its own, Vec::append", None, cut_helper),
    ("right: the other cut by cost, the most jobs within half", None, within_half),
];

fn halves_made_up(jobs: &[(&str, u32)]) -> Vec<String> {
    jobs.iter().map(|(w, _)| w.to_uppercase()).collect()
}

fn halves_par_iter(jobs: &[(&str, u32)]) -> Vec<String> {
    jobs.par_iter().map(|&(w, _)| cpu_work(w)).collect()
}

fn joined_at(jobs: &[(&str, u32)], cut: usize, again: fn(&[(&str, u32)]) -> Vec<String>) -> Vec<String> {
    if jobs.len() <= 1 {
        return jobs.iter().map(|&(w, _)| cpu_work(w)).collect();
    }
    let (left, right) = jobs.split_at(cut.clamp(1, jobs.len() - 1));
    let (mut results, rest) = rayon::join(|| again(left), || again(right));
    results.extend(rest);
    results
}

fn cut_by_count(jobs: &[(&str, u32)]) -> Vec<String> {
    joined_at(jobs, jobs.len() / 2, cut_by_count)
}

fn cut_by_letters(jobs: &[(&str, u32)]) -> Vec<String> {
    let total: usize = jobs.iter().map(|(w, _)| char_count(w)).sum();
    let (mut before, mut cut) = (0, 0);
    while cut < jobs.len().saturating_sub(1) && 2 * before < total {
        before += char_count(jobs[cut].0);
        cut += 1;
    }
    joined_at(jobs, cut, cut_by_letters)
}

fn cut_typed_in(jobs: &[(&str, u32)]) -> Vec<String> {
    joined_at(jobs, 3, |part| part.iter().map(|&(w, _)| cpu_work(w)).collect())
}

fn sequential(jobs: &[(&str, u32)]) -> Vec<String> {
    jobs.iter().map(|&(w, _)| cpu_work(w)).collect()
}

fn right_first(jobs: &[(&str, u32)]) -> Vec<String> {
    let cut = cost_cut(jobs);
    if jobs.len() <= 1 {
        return sequential(jobs);
    }
    let (left, right) = jobs.split_at(cut);
    let (left, mut results) = rayon::join(|| right_first(left), || right_first(right));
    results.extend(left);
    results
}

/// Where the cost before the cut first reaches half (at least one job on each side).
fn cost_cut(jobs: &[(&str, u32)]) -> usize {
    let total: u32 = jobs.iter().map(|j| j.1).sum();
    let mut sums = jobs.iter().scan(0, |sum, j| {
        *sum += j.1;
        Some(*sum)
    });
    let reach = sums.position(|sum| 2 * sum >= total).map_or(1, |i| i + 1);
    reach.clamp(1, jobs.len().saturating_sub(1).max(1))
}

fn running_sums(jobs: &[(&str, u32)]) -> Vec<String> {
    if jobs.len() < 2 {
        return sequential(jobs);
    }
    let (left, right) = jobs.split_at(cost_cut(jobs));
    let (left, right) = rayon::join(|| running_sums(left), || running_sums(right));
    [left, right].concat()
}

fn cut_helper(jobs: &[(&str, u32)]) -> Vec<String> {
    fn cut_where_half(costs: &[u32]) -> usize {
        let total: u32 = costs.iter().sum();
        let mut before = 0;
        for (i, cost) in costs.iter().enumerate() {
            before += cost;
            if 2 * before >= total {
                return (i + 1).min(costs.len() - 1);
            }
        }
        costs.len() - 1
    }
    match jobs {
        [] => Vec::new(),
        [(w, _)] => vec![cpu_work(w)],
        _ => {
            let costs: Vec<u32> = jobs.iter().map(|j| j.1).collect();
            let (left, right) = jobs.split_at(cut_where_half(&costs).max(1));
            let (mut a, mut b) = rayon::join(|| cut_helper(left), || cut_helper(right));
            a.append(&mut b);
            a
        }
    }
}

fn within_half(jobs: &[(&str, u32)]) -> Vec<String> {
    if jobs.len() < 2 {
        return sequential(jobs);
    }
    let total: u32 = jobs.iter().map(|j| j.1).sum();
    let mut cut = jobs.len() - 1;
    while cut > 1 && 2 * jobs[..cut].iter().map(|j| j.1).sum::<u32>() > total {
        cut -= 1;
    }
    let (left, right) = jobs.split_at(cut);
    let (mut results, rest) = rayon::join(|| within_half(left), || within_half(right));
    results.extend(rest);
    results
}
