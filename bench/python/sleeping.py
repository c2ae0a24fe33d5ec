"""The sleeping workload in one Python style; prints one JSON line.

    python sleeping.py --style tpe-map --workers 2 --unit-ms 100

Each style does what the matching cell of the Python tutorial does: build the pool, map the work
function over the twelve tokens, collect the results, shut the pool down. The clock covers all of
that, pool start-up included, as the tutorial's timing does (and as the Rust runner's record() does
for the pools it is compared with). The worker count is always given: nothing depends on this
machine's defaults, so the Rust side can run the same counts.
"""

import argparse
import concurrent.futures as cf
import functools
import json
import multiprocessing
import multiprocessing.pool
import time

from common import TOKENS, work

# How each style hands tokens to its workers (helpers::Granularity's names). Each Rust style names
# its Python counterparts in helpers' style table (`run-styles --list`); a test in
# bench/src/report/analysis.rs checks that they are here with the same granularity.
GRANULARITY = {
    "sequential": "sequential",
    "tpe-map": "item",  # Executor.map submits one future per item
    "tpe-submit": "item",
    "tpe-as-completed": "item",
    "ppe-map": "item",  # chunksize=1 by default
    "joblib": "auto",  # joblib sizes its batches itself, starting at one item
    "threadpool-map": "chunk",
    "threadpool-imap": "item",
    "threadpool-imap-unordered": "item",
    "pool-map": "chunk",
    "pool-imap-unordered": "item",
}


def python_chunk(n_items, workers):
    """The chunk size Pool.map picks when none is given (Lib/multiprocessing/pool.py)."""
    chunk, extra = divmod(n_items, workers * 4)
    return chunk + 1 if extra else chunk


def run(style, workers, unit):
    f = functools.partial(work, unit=unit)
    if style == "sequential":
        return [f(t) for t in TOKENS], 1
    if style.startswith("tpe-"):
        with cf.ThreadPoolExecutor(max_workers=workers) as ex:
            if style == "tpe-map":
                return list(ex.map(f, TOKENS)), ex._max_workers
            futures = [ex.submit(f, t) for t in TOKENS]
            if style == "tpe-submit":
                return [fut.result() for fut in futures], ex._max_workers
            if style == "tpe-as-completed":
                return [fut.result() for fut in cf.as_completed(futures)], ex._max_workers
    elif style == "ppe-map":
        with cf.ProcessPoolExecutor(max_workers=workers) as ex:
            return list(ex.map(f, TOKENS)), ex._max_workers
    elif style == "joblib":
        results = joblib.Parallel(n_jobs=workers)(joblib.delayed(f)(t) for t in TOKENS)
        return results, joblib.effective_n_jobs(workers)
    elif style.startswith("threadpool-") or style.startswith("pool-"):
        cls = multiprocessing.pool.ThreadPool if style.startswith("threadpool-") else multiprocessing.Pool
        kind = style.split("-", 1)[1]
        with cls(workers) as pool:
            if kind == "map":
                return pool.map(f, TOKENS), pool._processes
            if kind == "imap":
                return list(pool.imap(f, TOKENS)), pool._processes
            if kind == "imap-unordered":
                return list(pool.imap_unordered(f, TOKENS)), pool._processes
    raise SystemExit(f"unknown style {style!r}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--style", required=True, choices=sorted(GRANULARITY))
    parser.add_argument("--workers", type=int, required=True)
    parser.add_argument("--unit-ms", type=float, required=True)
    args = parser.parse_args()
    if args.style == "joblib":
        # Imported before the clock, as a notebook imports it in an earlier cell: the clock holds
        # the pool's start-up (loky's worker processes), not loading the library.
        global joblib
        import joblib
    start = time.perf_counter()
    results, used = run(args.style, args.workers, args.unit_ms / 1000)
    wall_ms = (time.perf_counter() - start) * 1e3
    assert sorted(results) == sorted(t.upper() for t in TOKENS), results
    if args.style != "sequential" and used != args.workers:
        raise SystemExit(f"{args.style}: asked for {args.workers} workers, got {used}")
    granularity = GRANULARITY[args.style]
    line = {"style": args.style, "workers": used, "unit_ms": args.unit_ms, "wall_ms": wall_ms,
            "granularity": granularity, "startup_in_clock": True}
    if granularity == "chunk":
        line["chunk"] = python_chunk(len(TOKENS), used)
    print(json.dumps(line))


if __name__ == "__main__":
    main()
