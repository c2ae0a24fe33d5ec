"""A/B test of a change to cell latency: two variants of a notebook's cells, interleaved rounds.

    .venv/bin/python bench/latency_ab.py NOTEBOOK [--rounds 3]
        [--prefix-a FILE] [--prefix-b FILE]          text put before the first cell (`:opt 0`)
        [--notebook-b COPY.ipynb]                    B runs a changed copy instead
        [--env-a KEY=VALUE ...] [--env-b KEY=VALUE ...]   A's or B's kernel gets these variables
        [--before-a CMD] [--before-b CMD]            shell command run before each run of A or B
        [--cells 1,2]                                only these code cells after the first
        [--warmup]                                   one unrecorded run of A and of B first

Runs A, B, B, A, A, B, ... (each round swaps the order, so a drift in the machine's load hits both
alike), each in a fresh kernel, and prints per cell and in total the median over rounds of A and
of B and the ratio B/A, for the latency (wall, request to reply) and for the CPU seconds the
kernel and its cargo, rustc and linker used (see latency_trace.py). On a loaded machine the wall
time swings with the load; the CPU seconds are the work, and move only with what changed.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from latency_trace import run_cells  # beside this script

from tooling.notebook import code_sources


def median_of(runs, cell, key):
    values = [row[key] for rows in runs for row in rows if row["code_cell"] == cell]
    return statistics.median(values) if values else None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", type=Path)
    parser.add_argument("--notebook-b", type=Path)
    parser.add_argument("--prefix-a", type=Path)
    parser.add_argument("--prefix-b", type=Path)
    parser.add_argument("--env-a", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--env-b", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--before-a")
    parser.add_argument("--before-b")
    parser.add_argument("--cells")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", action="store_true",
                        help="run A and B once each, unrecorded, so both find a warm slot")
    parser.add_argument("--timeout", type=int, default=900)
    parser.add_argument("--json", type=Path, help="save every run's rows here")
    args = parser.parse_args(argv)

    def variant(notebook, prefix, env, before):
        sources = code_sources(notebook, prefix.read_text() if prefix else None)
        return {"notebook": notebook, "sources": sources, "env": env, "before": before}

    variants = {
        "A": variant(args.notebook, args.prefix_a,
                     dict(item.split("=", 1) for item in args.env_a), args.before_a),
        "B": variant(args.notebook_b or args.notebook, args.prefix_b,
                     dict(item.split("=", 1) for item in args.env_b), args.before_b),
    }
    if variants["A"]["sources"] == variants["B"]["sources"] and not (
            args.env_a or args.env_b or args.before_a or args.before_b):
        parser.error("A and B are the same: give a prefix, a notebook, --env-a/-b or --before-*")
    count = len(variants["A"]["sources"])
    chosen = [0] + [int(n) for n in args.cells.split(",")] if args.cells else list(range(count))

    runs = {"A": [], "B": []}
    loads = []
    if args.warmup:
        for name in "AB":
            chosen_variant = variants[name]
            rows = run_cells(chosen_variant["notebook"], chosen_variant["sources"], chosen,
                             args.timeout, chosen_variant["env"], trace=False)
            print(f"warm-up {name}: wall {sum(r['latency'] for r in rows):.1f} s, cpu "
                  f"{sum(r['cpu'] for r in rows):.1f} s", flush=True)
    for round_number in range(args.rounds):
        for name in ("AB" if round_number % 2 == 0 else "BA"):
            chosen_variant = variants[name]
            if chosen_variant["before"]:
                subprocess.run(chosen_variant["before"], shell=True, check=True)
            loads.append(os.getloadavg()[0])
            rows = run_cells(chosen_variant["notebook"], chosen_variant["sources"], chosen,
                             args.timeout, chosen_variant["env"], trace=False)
            runs[name].append(rows)
            bad = [r["code_cell"] for r in rows if r["status"] != "ok"]
            wall = " ".join(f"{r['latency']:.1f}" for r in rows)
            cpu = " ".join(f"{r['cpu']:.1f}" for r in rows)
            print(f"round {round_number + 1} {name}: load {loads[-1]:.1f}; wall {wall}; cpu {cpu}"
                  f"{'; NOT OK cells ' + str(bad) if bad else ''}", flush=True)

    print(f"\nmedians over {args.rounds} rounds, load average (1 min) {min(loads):.1f} to "
          f"{max(loads):.1f}, TIME_UNIT_MS={os.environ.get('TIME_UNIT_MS')}")
    print(f"{'cell':>5} {'wall A':>7} {'wall B':>7} {'B/A':>5}  {'cpu A':>6} {'cpu B':>6} {'B/A':>5}"
          "  first line")
    totals = {key: [0.0, 0.0] for key in ("latency", "cpu")}
    for cell in chosen:
        figures = []
        for key in ("latency", "cpu"):
            a, b = median_of(runs["A"], cell, key), median_of(runs["B"], cell, key)
            totals[key][0] += a
            totals[key][1] += b
            figures.append(f"{a:>7.2f} {b:>7.2f} {b / a if a else float('nan'):>5.2f}")
        source = variants["A"]["sources"][cell].strip().splitlines()[-1 if cell == 0 else 0]
        print(f"{cell:>5} {'  '.join(figures)}  {source[:40]}")
    later = [c for c in chosen if c != 0]
    for key in ("latency", "cpu"):
        a, b = totals[key]
        print(f"total {key}: A {a:.2f} s, B {b:.2f} s, B/A {b / a:.2f}")
    for key in ("latency", "cpu"):
        a = statistics.median(median_of(runs["A"], c, key) for c in later) if later else None
        b = statistics.median(median_of(runs["B"], c, key) for c in later) if later else None
        if a:
            print(f"median cell after the first, {key}: A {a:.2f} s, B {b:.2f} s, B/A {b / a:.2f}")
    for name in "AB":
        answers = [rows[0]["kernel_start"] + rows[0]["latency"] for rows in runs[name]
                   if rows and "kernel_start" in rows[0]]
        if answers:
            print(f"first answer (kernel start + first cell), wall, {name}: median "
                  f"{statistics.median(answers):.2f} s over {len(answers)} runs")
    if args.json:
        args.json.write_text(json.dumps({"loads": loads, "rounds": args.rounds,
                                         "time_unit_ms": os.environ.get("TIME_UNIT_MS"), "runs": runs, "chosen": chosen,
                                         "variants": {k: {"notebook": str(v["notebook"]),
                                                          "env": v["env"], "before": v["before"],
                                                          "first_cell": v["sources"][0]}
                                                      for k, v in variants.items()}},
                                        indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
