"""The sleeping workload in one Python style; prints one JSON line.

    python sleeping.py --style tpe-map --workers default|N --unit-ms 100

Each style does what the matching cell of the Python tutorial does: build the pool, map the work
function over the twelve tokens, collect the results, shut the pool down. The clock covers all of
that, as the tutorial's timing does (and as the Rust runner's record() does).
"""

import argparse
import concurrent.futures as cf
import functools
import json
import multiprocessing
import multiprocessing.pool
import os
import time

from common import TOKENS, work


def python_chunk(n_items, workers):
    """The chunk size Pool.map picks when none is given (Lib/multiprocessing/pool.py)."""
    chunk, extra = divmod(n_items, workers * 4)
    return chunk + 1 if extra else chunk


def run(style, workers, unit):
    f = functools.partial(work, unit=unit)
    dispatch = {}
    if style == "sequential":
        results = [f(t) for t in TOKENS]
        used = 1
    elif style.startswith("tpe-"):
        with cf.ThreadPoolExecutor(max_workers=workers) as ex:
            used = ex._max_workers
            if style == "tpe-map":
                results = list(ex.map(f, TOKENS))
            elif style == "tpe-submit":
                futures = [ex.submit(f, t) for t in TOKENS]
                results = [fut.result() for fut in futures]
            elif style == "tpe-as-completed":
                futures = [ex.submit(f, t) for t in TOKENS]
                results = [fut.result() for fut in cf.as_completed(futures)]
    elif style == "ppe-map":
        with cf.ProcessPoolExecutor(max_workers=workers) as ex:
            used = ex._max_workers
            results = list(ex.map(f, TOKENS))
    elif style == "joblib":
        import joblib
        n_jobs = -1 if workers is None else workers
        used = joblib.effective_n_jobs(n_jobs)
        results = joblib.Parallel(n_jobs=n_jobs)(joblib.delayed(f)(t) for t in TOKENS)
    elif style.startswith("threadpool-") or style.startswith("pool-"):
        cls = multiprocessing.pool.ThreadPool if style.startswith("threadpool-") else multiprocessing.Pool
        kind = style.split("-", 1)[1]
        with cls(workers) as pool:
            used = pool._processes
            if kind == "map":
                dispatch = {"chunk": python_chunk(len(TOKENS), used)}
                results = pool.map(f, TOKENS)
            elif kind == "imap":
                results = list(pool.imap(f, TOKENS))
            elif kind == "imap-unordered":
                results = list(pool.imap_unordered(f, TOKENS))
    else:
        raise SystemExit(f"unknown style {style!r}")
    assert sorted(results) == sorted(t.upper() for t in TOKENS), results
    return used, dispatch


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--style", required=True)
    parser.add_argument("--workers", default="default")
    parser.add_argument("--unit-ms", type=float, required=True)
    args = parser.parse_args()
    workers = None if args.workers == "default" else int(args.workers)
    start = time.perf_counter()
    used, dispatch = run(args.style, workers, args.unit_ms / 1000)
    wall_ms = (time.perf_counter() - start) * 1e3
    print(json.dumps({"side": "python", "style": args.style, "workers": used,
                      "default_workers": workers is None, "unit_ms": args.unit_ms,
                      "wall_ms": wall_ms, **dispatch}))


if __name__ == "__main__":
    main()
