"""The Rust jobs of the sleeping workload, worked out from helpers' style table.

    target/release/run-styles --list --json | python bench/rust_jobs.py \
        --python "tpe-map 16" ... --also "rayon-pool 2" ...

Each Python job ("style workers") brings the Rust styles that name it as their counterpart in the
table (helpers/src/styles.rs), at the same worker count, so every pair the report builds was run.
`--also` adds Rust jobs that have no Python counterpart. Prints one "style workers" a line, each
once, in order. Fails, naming it, on a style the table does not know, and on a style of the table
that no job would run (it would silently drop out of the benchmark).
"""

import argparse
import json
import sys


def rust_jobs(table, python_jobs, also):
    """[(style, workers)] for the Rust side; ValueError names what does not fit the table."""
    known = {style["name"] for style in table}
    counterparts = {}
    for style in table:
        for counterpart in style["python"]:
            counterparts.setdefault(counterpart["style"], []).append(style["name"])
    jobs = []
    for job in python_jobs:
        python_style, workers = job.split()
        jobs += [(rust, int(workers)) for rust in counterparts.get(python_style, [])]
    for job in also:
        style, workers = job.split()
        if style not in known:
            raise ValueError(f"--also {job!r}: no style {style!r} in the style table")
        jobs.append((style, int(workers)))
    unique = list(dict.fromkeys(jobs))
    left_out = sorted(known - {style for style, _ in unique})
    if left_out:
        raise ValueError(f"styles no job runs: {', '.join(left_out)} (pair them in the style "
                         "table or list them in bench/run.sh's RUST_ALSO)")
    return unique


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", nargs="*", default=[], help='Python jobs, "style workers"')
    parser.add_argument("--also", nargs="*", default=[], help='unpaired Rust jobs, "style workers"')
    args = parser.parse_args(argv)
    table = [json.loads(line) for line in sys.stdin if line.strip()]
    try:
        jobs = rust_jobs(table, args.python, args.also)
    except ValueError as error:
        print(f"rust_jobs.py: {error}", file=sys.stderr)
        return 1
    print("\n".join(f"{style} {workers}" for style, workers in jobs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
