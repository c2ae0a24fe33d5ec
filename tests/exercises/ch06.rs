//! Chapter 06's answers that test its checks: one module per answer under its marker line,
//! `/// ID PASS|FAIL CLASS: why` (see `helpers::check::sections` and README.md). Each module
//! holds what a learner would type in the starter's cell. `cargo test -p helpers --test
//! ch06_exercises` runs every one against its check; tests/exercises/run_answers.py runs them
//! in the real kernel.

/// 06.1 PASS structure: into_par_iter over a copy, map by the function's name
pub mod every_into_par_iter {
    use helpers::*;
    use rayon::prelude::*;

    pub fn upper_every_core(words: &[&'static str]) -> Vec<String> {
        words.to_vec().into_par_iter().map(cpu_work).collect()
    }
}

/// 06.1 PASS structure: collect_into_vec into a Vec made beforehand
pub mod every_collect_into_vec {
    use helpers::*;
    use rayon::prelude::*;

    pub fn upper_every_core(words: &[&'static str]) -> Vec<String> {
        let mut results = Vec::with_capacity(words.len());
        words
            .par_iter()
            .map(|&w| cpu_work(w))
            .collect_into_vec(&mut results);
        results
    }
}

/// 06.1 PASS structure: rayon::scope, a spawn per word into its own slot
pub mod every_scope {
    use helpers::*;
    use std::sync::Mutex;

    pub fn upper_every_core(words: &[&'static str]) -> Vec<String> {
        let slots: Vec<Mutex<String>> = words.iter().map(|_| Mutex::new(String::new())).collect();
        rayon::scope(|s| {
            for (w, slot) in words.iter().zip(&slots) {
                s.spawn(move |_| *slot.lock().unwrap() = cpu_work(w));
            }
        });
        slots
            .into_iter()
            .map(|slot| slot.into_inner().unwrap())
            .collect()
    }
}

/// 06.1 FAIL made-up: the words uppercased, cpu_work never called
pub mod every_made_up {
    pub fn upper_every_core(words: &[&'static str]) -> Vec<String> {
        words.iter().map(|w| w.to_uppercase()).collect()
    }
}

/// 06.1 FAIL made-up: the tutorial's twelve results typed in
pub mod every_typed_in {
    pub fn upper_every_core(_words: &[&'static str]) -> Vec<String> {
        "HELLO WORLD HOW ARE YOU A B C D E F G"
            .split(' ')
            .map(String::from)
            .collect()
    }
}

/// 06.1 FAIL skipped: the for loop as a Python programmer writes it, one word after another
pub mod every_loop {
    use helpers::*;

    pub fn upper_every_core(words: &[&'static str]) -> Vec<String> {
        let mut results = Vec::new();
        for w in words {
            results.push(cpu_work(w));
        }
        results
    }
}

/// 06.1 FAIL skipped: a scoped thread per word, parallel but not rayon
pub mod every_threads {
    use helpers::*;

    pub fn upper_every_core(words: &[&'static str]) -> Vec<String> {
        std::thread::scope(|s| {
            let handles: Vec<_> = words.iter().map(|w| s.spawn(|| cpu_work(w))).collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        })
    }
}

/// 06.1 FAIL sorted: par_iter, then the results sorted
pub mod every_sorted {
    use helpers::*;
    use rayon::prelude::*;

    pub fn upper_every_core(words: &[&'static str]) -> Vec<String> {
        let mut results: Vec<String> = words.par_iter().map(|w| cpu_work(w)).collect();
        results.sort();
        results
    }
}

/// 06.1 FAIL fitted: two things at once typed in, a join of two sequential halves
pub mod every_two_halves {
    use helpers::*;

    pub fn upper_every_core(words: &[&'static str]) -> Vec<String> {
        let (left, right) = words.split_at(words.len() / 2);
        let (mut results, rest) = rayon::join(
            || left.iter().map(|w| cpu_work(w)).collect::<Vec<_>>(),
            || right.iter().map(|w| cpu_work(w)).collect::<Vec<_>>(),
        );
        results.extend(rest);
        results
    }
}

/// 06.1 FAIL fitted: a pool of two of its own, one thread per core on a two-core laptop
pub mod every_pool_of_two {
    use helpers::*;
    use rayon::prelude::*;

    pub fn upper_every_core(words: &[&'static str]) -> Vec<String> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        pool.install(|| words.par_iter().map(|w| cpu_work(w)).collect())
    }
}

/// 06.1 FAIL fitted: chunks of three, each chunk one after another
pub mod every_chunks_of_three {
    use helpers::*;
    use rayon::prelude::*;

    pub fn upper_every_core(words: &[&'static str]) -> Vec<String> {
        let parts: Vec<Vec<String>> = words
            .par_chunks(3)
            .map(|part| part.iter().map(|w| cpu_work(w)).collect())
            .collect();
        parts.concat()
    }
}

/// 06.1 FAIL subset: every word but the first
pub mod every_subset {
    use helpers::*;
    use rayon::prelude::*;

    pub fn upper_every_core(words: &[&'static str]) -> Vec<String> {
        words[1..].par_iter().map(|w| cpu_work(w)).collect()
    }
}

/// 06.1 FAIL panics: the results indexed one past the end
pub mod every_panics {
    use helpers::*;
    use rayon::prelude::*;

    pub fn upper_every_core(words: &[&'static str]) -> Vec<String> {
        let results: Vec<String> = words.par_iter().map(|w| cpu_work(w)).collect();
        vec![results[words.len()].clone()]
    }
}

/// 06.2 PASS structure: the cut from running sums and position, the parts joined with concat
pub mod halves_running_sums {
    use helpers::*;

    pub fn upper_all(jobs: &[(&'static str, u32)]) -> Vec<String> {
        if jobs.len() < 2 {
            return jobs.iter().map(|&(w, _)| cpu_work(w)).collect();
        }
        let total: u32 = jobs.iter().map(|j| j.1).sum();
        let mut sums = jobs.iter().scan(0, |sum, j| {
            *sum += j.1;
            Some(*sum)
        });
        let reach = sums.position(|sum| 2 * sum >= total).map_or(1, |i| i + 1);
        let (left, right) = jobs.split_at(reach.clamp(1, jobs.len() - 1));
        let (left, right) = rayon::join(|| upper_all(left), || upper_all(right));
        [left, right].concat()
    }
}

/// 06.2 PASS structure: a cut helper of its own, slice patterns, Vec::append
pub mod halves_cut_helper {
    use helpers::*;

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

    pub fn upper_all(jobs: &[(&'static str, u32)]) -> Vec<String> {
        match jobs {
            [] => Vec::new(),
            [(w, _)] => vec![cpu_work(w)],
            _ => {
                let costs: Vec<u32> = jobs.iter().map(|j| j.1).collect();
                let (left, right) = jobs.split_at(cut_where_half(&costs).max(1));
                let (mut a, mut b) = rayon::join(|| upper_all(left), || upper_all(right));
                a.append(&mut b);
                a
            }
        }
    }
}

/// 06.2 PASS structure: the other cut by cost, after the most jobs whose cost stays within half
pub mod halves_within_half {
    use helpers::*;

    pub fn upper_all(jobs: &[(&'static str, u32)]) -> Vec<String> {
        if jobs.len() < 2 {
            return jobs.iter().map(|&(w, _)| cpu_work(w)).collect();
        }
        let total: u32 = jobs.iter().map(|j| j.1).sum();
        let mut cut = jobs.len() - 1;
        while cut > 1 && 2 * jobs[..cut].iter().map(|j| j.1).sum::<u32>() > total {
            cut -= 1;
        }
        let (left, right) = jobs.split_at(cut);
        let (mut results, rest) = rayon::join(|| upper_all(left), || upper_all(right));
        results.extend(rest);
        results
    }
}

/// 06.2 FAIL made-up: the words uppercased, cpu_work never called
pub mod halves_made_up {
    pub fn upper_all(jobs: &[(&'static str, u32)]) -> Vec<String> {
        jobs.iter().map(|(w, _)| w.to_uppercase()).collect()
    }
}

/// 06.2 FAIL skipped: par_iter instead of a join of one's own: rayon cuts by count
pub mod halves_par_iter {
    use helpers::*;
    use rayon::prelude::*;

    pub fn upper_all(jobs: &[(&'static str, u32)]) -> Vec<String> {
        jobs.par_iter().map(|&(w, _)| cpu_work(w)).collect()
    }
}

/// 06.2 FAIL skipped: the starter's shape, one job after another
pub mod halves_sequential {
    use helpers::*;

    pub fn upper_all(jobs: &[(&'static str, u32)]) -> Vec<String> {
        jobs.iter().map(|&(w, _)| cpu_work(w)).collect()
    }
}

/// 06.2 FAIL wrong: rayon::join, but cut by count (split_at(len / 2))
pub mod halves_by_count {
    use helpers::*;

    pub fn upper_all(jobs: &[(&'static str, u32)]) -> Vec<String> {
        if jobs.len() < 2 {
            return jobs.iter().map(|&(w, _)| cpu_work(w)).collect();
        }
        let (left, right) = jobs.split_at(jobs.len() / 2);
        let (mut results, rest) = rayon::join(|| upper_all(left), || upper_all(right));
        results.extend(rest);
        results
    }
}

/// 06.2 FAIL fitted: rayon::join, cut by letters, as the tutorial's words would allow
pub mod halves_by_letters {
    use helpers::*;

    pub fn upper_all(jobs: &[(&'static str, u32)]) -> Vec<String> {
        if jobs.len() < 2 {
            return jobs.iter().map(|&(w, _)| cpu_work(w)).collect();
        }
        let total: usize = jobs.iter().map(|(w, _)| char_count(w)).sum();
        let (mut before, mut cut) = (0, 0);
        while cut < jobs.len() - 1 && 2 * before < total {
            before += char_count(jobs[cut].0);
            cut += 1;
        }
        let (left, right) = jobs.split_at(cut.max(1));
        let (mut results, rest) = rayon::join(|| upper_all(left), || upper_all(right));
        results.extend(rest);
        results
    }
}

/// 06.2 FAIL fitted: the cut typed in after the third job, right for the tutorial's twelve words
pub mod halves_cut_typed_in {
    use helpers::*;

    pub fn upper_all(jobs: &[(&'static str, u32)]) -> Vec<String> {
        let (left, right) = jobs.split_at(3.min(jobs.len()));
        let (mut results, rest) = rayon::join(
            || left.iter().map(|&(w, _)| cpu_work(w)).collect::<Vec<_>>(),
            || right.iter().map(|&(w, _)| cpu_work(w)).collect::<Vec<_>>(),
        );
        results.extend(rest);
        results
    }
}

/// 06.2 FAIL sorted: the right part's results put first
pub mod halves_right_first {
    use helpers::*;

    pub fn upper_all(jobs: &[(&'static str, u32)]) -> Vec<String> {
        if jobs.len() < 2 {
            return jobs.iter().map(|&(w, _)| cpu_work(w)).collect();
        }
        let total: u32 = jobs.iter().map(|j| j.1).sum();
        let (mut before, mut cut) = (0, 0);
        while cut < jobs.len() - 1 && 2 * before < total {
            before += jobs[cut].1;
            cut += 1;
        }
        let (left, right) = jobs.split_at(cut.max(1));
        let (left, mut results) = rayon::join(|| upper_all(left), || upper_all(right));
        results.extend(left);
        results
    }
}

/// 06.2 FAIL panics: the single job taken from an empty part
pub mod halves_panics {
    use helpers::*;

    pub fn upper_all(jobs: &[(&'static str, u32)]) -> Vec<String> {
        if jobs.len() < 2 {
            return vec![cpu_work(jobs[1].0)];
        }
        let (left, right) = jobs.split_at(1);
        let (mut results, rest) = rayon::join(|| upper_all(left), || upper_all(right));
        results.extend(rest);
        results
    }
}
