"""The Python side of the micro-benchmarks; prints one JSON object.

    python micro.py floor --schedules-from RUST_FLOOR_JSON [--quick]
    python micro.py dispatch|breakeven --workers N [--quick]
    python micro.py startup|scaling [--quick]
"""

import concurrent.futures as cf
import json
import multiprocessing
import multiprocessing.pool
import subprocess
import sys
import threading
import time

import joblib

from common import spin, spins_for, stats, time_ms

QUICK = "--quick" in sys.argv


def option(name):
    """The value after `--name` on the command line (run.sh passes every worker count)."""
    if f"--{name}" not in sys.argv:
        raise SystemExit(f"missing --{name}\n{__doc__}")
    return sys.argv[sys.argv.index(f"--{name}") + 1]


def tiny(i):
    return (i * 2654435761) ^ 7


def sleep_chain(durations):
    for d in durations:
        time.sleep(d)


def floor():
    """How late bare sleeps wake: one sleep, and each schedule the sleeping workload runs, slept by
    one thread per worker with no pool at all (the schedules come from rust-bench's floor file)."""
    single = []
    for ms, reps in [(1, 50), (100, 10), (1000, 3)]:
        if QUICK and ms == 1000:
            continue
        reps = 3 if QUICK else reps
        samples = time_ms(reps, lambda: time.sleep(ms / 1000))
        single.append({"sleep_ms": ms, "overshoot_ms": stats(t - ms for t in samples)})
    with open(option("schedules-from")) as f:
        rust = json.load(f)
    schedules = []
    for s in rust["schedules"]:
        unit = s["unit_ms"] / 1000
        chains = [[u * unit for u in chain] for chain in s["chains_units"]]

        def run_schedule():
            threads = [threading.Thread(target=sleep_chain, args=(c,)) for c in chains]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        samples = time_ms(s["overshoot_ms"]["n"], run_schedule)
        schedules.append({**s, "overshoot_ms": stats(t - s["makespan_ms"] for t in samples)})
    return {"sleep_overshoot": single, "schedules": schedules}


def dispatch():
    reps = 2 if QUICK else 3
    workers = int(option("workers"))
    rows = []

    def add(api, kind, w, n, samples):
        rows.append({"api": api, "kind": kind, "workers": w, "tasks": n,
                     "us_per_task": stats(ms * 1e3 / n for ms in samples)})

    sizes = [10_000] if QUICK else [10_000, 100_000]
    with cf.ThreadPoolExecutor(workers) as tpe, cf.ProcessPoolExecutor(workers) as ppe, \
            multiprocessing.Pool(workers) as pool, \
            multiprocessing.pool.ThreadPool(workers) as tpool, \
            joblib.Parallel(n_jobs=workers) as par:
        # Warm every pool: start-up is outside this clock (measured separately).
        list(tpe.map(tiny, range(100))), list(ppe.map(tiny, range(100)))
        pool.map(tiny, range(100)), tpool.map(tiny, range(100))
        par(joblib.delayed(tiny)(i) for i in range(100))
        for n in sizes:
            add("sequential loop", "sequential", 1, n,
                time_ms(reps, lambda: [tiny(i) for i in range(n)]))
            add("ThreadPoolExecutor.submit", "per_item_submit", workers, n, time_ms(
                reps, lambda: [f.result() for f in [tpe.submit(tiny, i) for i in range(n)]]))
            add("ThreadPool.map", "batched_map", workers, n,
                time_ms(reps, lambda: tpool.map(tiny, range(n))))
            add("multiprocessing Pool.map", "batched_map", workers, n,
                time_ms(reps, lambda: pool.map(tiny, range(n))))
            add("joblib.Parallel", "batched_map", workers, n, time_ms(
                reps, lambda: par(joblib.delayed(tiny)(i) for i in range(n))))
            if n <= 10_000:  # a pickled message per task: 100,000 take minutes
                add("ProcessPoolExecutor.map", "per_item_submit", workers, n, time_ms(
                    reps, lambda: list(ppe.map(tiny, range(n)))))
        add("thread per task", "thread_per_task", 10_000, 10_000,
            time_ms(reps, lambda: threads_per_task(10_000)))
    return {"dispatch": rows}


def threads_per_task(n):
    threads = [threading.Thread(target=tiny, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def startup():
    many, few = (5, 3) if QUICK else (200, 10)
    rows = []

    def add(what, samples):
        rows.append({"what": what, "ms": stats(samples)})

    def thread():
        t = threading.Thread(target=tiny, args=(1,))
        t.start()
        t.join()
    add("thread: start + join", time_ms(many, thread))

    def process():
        p = multiprocessing.Process(target=tiny, args=(1,))
        p.start()
        p.join()
    add(f"process: multiprocessing.Process ({multiprocessing.get_start_method()}) + join",
        time_ms(few, process))
    add("process: a fresh interpreter, python -c pass",
        time_ms(few, lambda: subprocess.run([sys.executable, "-c", "pass"], check=True)))

    def tpe():
        with cf.ThreadPoolExecutor(2) as ex:
            ex.submit(tiny, 1).result()
    add("pool: ThreadPoolExecutor(2), one task, shutdown", time_ms(many, tpe))

    def ppe():
        with cf.ProcessPoolExecutor(2) as ex:
            ex.submit(tiny, 1).result()
    add("pool: ProcessPoolExecutor(2), one task, shutdown", time_ms(few, ppe))

    def mp_pool():
        with multiprocessing.Pool(2) as p:
            p.apply(tiny, (1,))
    add("pool: multiprocessing.Pool(2), one task, close", time_ms(few, mp_pool))

    def joblib_cold():
        from joblib.externals.loky import get_reusable_executor
        start = time.perf_counter()
        joblib.Parallel(n_jobs=2)(joblib.delayed(tiny)(i) for i in range(2))
        took = (time.perf_counter() - start) * 1e3
        get_reusable_executor().shutdown(wait=True)  # the next call starts cold again
        return took
    add("pool: joblib.Parallel(n_jobs=2), first call (loky workers start)",
        [joblib_cold() for _ in range(few)])
    return {"startup": rows}


def cpu_task(iterations):
    return spin(iterations)


SCALING_ROUNDS = 7  # as rust-bench's SCALING_ROUNDS


def scaling():
    """Equal CPU-bound tasks on 1 to 4 workers, threads and processes.

    Rounds are interleaved: each round times one task alone in this thread (the task time the
    one-worker run is held against), then runs every series at every worker count once, each on
    a pool started (and warmed) just before its clock, so a slow spell of a shared machine lands on
    all counts of that round alike, and speed-ups can be paired round by round. Each point keeps
    its rounds in order (`rounds_ms`) for that pairing."""
    task_ms = 2 if QUICK else 25
    tasks, rounds = 48, (2 if QUICK else SCALING_ROUNDS)
    it = spins_for(task_ms * 1000)
    kinds = [("python threads", cf.ThreadPoolExecutor), ("python processes", cf.ProcessPoolExecutor)]
    samples = {(name, w): [] for name, _ in kinds for w in range(1, 5)}
    one_task = []
    for _ in range(rounds):
        one_task += time_ms(1, lambda: cpu_task(it))
        for name, make in kinds:
            for w in range(1, 5):
                with make(max_workers=w) as ex:
                    list(ex.map(cpu_task, [it] * w))  # every worker started and warm
                    samples[name, w] += time_ms(1, lambda: list(ex.map(cpu_task, [it] * tasks)))
    series = {name: [{"workers": w, "ms": stats(samples[name, w]), "rounds_ms": samples[name, w]}
                     for w in range(1, 5)]
              for name, _ in kinds}
    return {"scaling": {"tasks": tasks, "task_ms": task_ms, "series": series,
                        "measured_task_ms": stats(one_task),
                        "gil_enabled": getattr(sys, "_is_gil_enabled", lambda: True)()}}


def breakeven():
    reps = 1 if QUICK else 3
    n = 100 if QUICK else 400
    workers = int(option("workers"))
    sizes = [10, 30, 100, 300, 1000, 3000]
    rows = []
    with cf.ThreadPoolExecutor(workers) as tpe, cf.ProcessPoolExecutor(workers) as ppe, \
            multiprocessing.Pool(workers) as pool:
        list(tpe.map(tiny, range(10))), list(ppe.map(tiny, range(10))), pool.map(tiny, range(10))
        for us in sizes:
            it = spins_for(us)
            styles = [
                ("sequential loop", 1, lambda: [spin(it) for _ in range(n)]),
                ("ThreadPoolExecutor.map", workers, lambda: list(tpe.map(cpu_task, [it] * n))),
                ("ProcessPoolExecutor.map", workers, lambda: list(ppe.map(cpu_task, [it] * n))),
                ("multiprocessing Pool.map", workers, lambda: pool.map(cpu_task, [it] * n)),
            ]
            for name, w, fn in styles:
                rows.append({"api": name, "workers": w, "task_us": us, "tasks": n,
                             "us_per_task": stats(ms * 1e3 / n for ms in time_ms(reps, fn))})
    return {"breakeven": rows}


if __name__ == "__main__":
    section = sys.argv[1] if len(sys.argv) > 1 else ""
    fn = {"floor": floor, "dispatch": dispatch, "startup": startup,
          "scaling": scaling, "breakeven": breakeven}.get(section)
    if fn is None:
        raise SystemExit(__doc__)
    print(json.dumps(fn()))
