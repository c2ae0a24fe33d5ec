"""Cell latency of an executed notebook: what a learner waits for, read from the timestamps that
nbclient saves in each cell's metadata (see LATENCY_DEFINITION), and its summary figures.
"""

import math
import statistics
from datetime import datetime


LATENCY_DEFINITION = (
    "A cell's latency is request to reply: from the kernel's `busy` status, which it sends as it "
    "takes the execute request, to its `execute_reply`; both timestamps come from the kernel and "
    "are saved by nbclient (record_timing) in the cell's metadata.execution. It includes "
    "compiling the cell and running it. first_cell_s is the first code cell's latency (the "
    "`:dep` set-up); first_answer_s adds the kernel's start: from asking for a kernel to the "
    "first code cell's reply, what a learner waits for before the notebook answers at all. "
    "p90 is the nearest-rank 90th percentile.")


def _seconds(stamp):
    """A message timestamp as nbclient stores it ('2026-11-26T02:27:24.231103Z') in epoch seconds."""
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


def cell_latencies(cells):
    """[(cell index, seconds)] for each executed code cell; see LATENCY_DEFINITION."""
    latencies = []
    for index, cell in enumerate(cells):
        timing = cell.get("metadata", {}).get("execution", {})
        if cell.get("cell_type") == "code" and "iopub.status.busy" in timing:
            replied = timing.get("shell.execute_reply") or timing.get("iopub.status.idle")
            if replied:
                latencies.append((index, _seconds(replied) - _seconds(timing["iopub.status.busy"])))
    return latencies


def percentile(values, fraction):
    """Nearest rank: the smallest value with at least `fraction` of all values at or below it."""
    ordered = sorted(values)
    return ordered[max(math.ceil(fraction * len(ordered)) - 1, 0)]


def latency_figures(seconds):
    """Median, 90th percentile and worst of a list of latencies (None when there are none)."""
    if not seconds:
        return {"cells": 0, "median_s": None, "p90_s": None, "worst_s": None}
    return {"cells": len(seconds), "median_s": round(statistics.median(seconds), 3),
            "p90_s": round(percentile(seconds, 0.9), 3), "worst_s": round(max(seconds), 3)}


def notebook_latency(cells, kernel_requested):
    """Latency figures of one executed notebook; `kernel_requested` is the epoch time at which
    the checker asked for the kernel (nbclient starts it inside execute)."""
    latencies = cell_latencies(cells)
    report = latency_figures([s for _, s in latencies])
    report["cell_latencies_s"] = {str(index): round(s, 3) for index, s in latencies}
    if latencies:
        worst_index = max(latencies, key=lambda pair: pair[1])[0]
        report["worst_cell"] = worst_index
        first_index, first = latencies[0]
        timing = cells[first_index]["metadata"]["execution"]
        report["first_cell_s"] = round(first, 3)
        report["kernel_start_s"] = round(_seconds(timing["iopub.status.busy"]) - kernel_requested, 3)
        report["first_answer_s"] = round(report["kernel_start_s"] + first, 3)
    return report


def overall_latency(reports):
    """Figures over every chapter: all cells pooled, and the chapters' first cells and answers."""
    cells = [s for r in reports for s in r.get("cell_latencies_s", {}).values()]
    overall = latency_figures(cells)
    for key in ("first_cell_s", "first_answer_s"):
        values = [r[key] for r in reports if r.get(key) is not None]
        if values:
            overall[key.replace("_s", "_median_s")] = round(statistics.median(values), 3)
            overall[key.replace("_s", "_worst_s")] = round(max(values), 3)
    overall["notebooks"] = len(reports)
    overall["wall_s"] = round(sum(r.get("wall_s", 0) for r in reports), 1)
    return overall


def latency_line(report):
    """One line of a notebook's (or all notebooks') latency figures for the checker's output."""
    if not report.get("cells"):
        return "latency: no cell ran"
    line = (f"latency: median {report['median_s']:.1f} s, p90 {report['p90_s']:.1f} s, "
            f"worst {report['worst_s']:.1f} s")
    if "worst_cell" in report:
        line += f" (cell {report['worst_cell']})"
    if "first_cell_s" in report:
        line += (f"; first cell {report['first_cell_s']:.1f} s, first answer "
                 f"{report['first_answer_s']:.1f} s (kernel start {report['kernel_start_s']:.1f} s)")
    if "first_cell_median_s" in report:
        line += (f"; first cell median {report['first_cell_median_s']:.1f} s, worst "
                 f"{report['first_cell_worst_s']:.1f} s; first answer median "
                 f"{report['first_answer_median_s']:.1f} s, worst "
                 f"{report['first_answer_worst_s']:.1f} s")
    return line + f" over {report['cells']} cells"


# Per-chapter figures of bench/latency.py, from a run of every code cell in a fresh kernel (one row
# per cell: its wall latency and the CPU seconds the kernel and its compilers spent on it).

CELL_DEFINITION = (
    "Each notebook runs in a fresh kernel (bench/latency_trace.py's run_cells, no strace), one code "
    "cell after another. A cell's wall seconds are request to reply as the client sees them: "
    "compiling the cell and running it. Its CPU seconds are those the kernel and the programs it "
    "started and waited for (cargo, rustc, the linker) used meanwhile (/proc/PID/stat utime+stime+"
    "cutime+cstime), not the cell's own run: the compile work, which a loaded machine does not "
    "inflate the way it inflates wall time. first_cell is the `:dep` set-up cell; 'later' figures "
    "are over every other code cell; first_answer adds the kernel's start (asking for a kernel "
    "until it answers) to the first cell. p90 is the nearest-rank 90th percentile.")

MEMORY_DEFINITION = (
    "peak_rss_mib: the largest sum of resident memory (VmRSS) over the kernel and every process "
    "below it (cargo, rustc, the linker, evcxr's cell runner), sampled every 0.2 s for the whole "
    "notebook; a compiler that lives less than 0.2 s can be missed.")

# (key, what it says, limit, unit) of issue 28's targets, checked per chapter.
TARGETS = [
    ("later_median_s", "median later cell, wall", 0.5, "s"),
    ("later_cpu_median_s", "median later cell, CPU", 0.3, "CPU s"),
    ("first_cell_s", "first cell (warm slot), wall", 3.0, "s"),
    ("first_answer_s", "first answer (kernel start + first cell), wall", 6.0, "s"),
]
HEAVY_CHAPTERS = ("06", "08")


def chapter_figures(rows, expected_errors=()):
    """One notebook's figures from run_cells rows (see CELL_DEFINITION); `expected_errors` are the
    code cells (0-based among code cells) that end in an error on purpose."""
    if not rows:
        return {"cells": 0, "passed": False, "failed_cells": []}
    first, later = rows[0], rows[1:]
    failed = [r["code_cell"] for r in rows
              if r["status"] != "ok" and r["code_cell"] not in expected_errors]
    wall, cpu = [r["latency"] for r in later], [r["cpu"] for r in later]
    figures = {
        "cells": len(rows), "passed": not failed, "failed_cells": failed,
        "first_cell_s": round(first["latency"], 3), "first_cell_cpu_s": round(first["cpu"], 3),
        "kernel_start_s": round(first.get("kernel_start", 0.0), 3),
        "first_answer_s": round(first.get("kernel_start", 0.0) + first["latency"], 3),
        "later_median_s": _round(statistics.median(wall)) if wall else None,
        "later_p90_s": _round(percentile(wall, 0.9)) if wall else None,
        "later_worst_s": _round(max(wall)) if wall else None,
        "later_cpu_median_s": _round(statistics.median(cpu)) if cpu else None,
        "later_cpu_p90_s": _round(percentile(cpu, 0.9)) if cpu else None,
        "cpu_total_s": round(sum(r["cpu"] for r in rows), 2),
        "peak_rss_mib": first.get("peak_rss_mib"),
        "cell_latencies_s": {str(r["code_cell"]): round(r["latency"], 3) for r in rows},
        "cell_cpu_s": {str(r["code_cell"]): round(r["cpu"], 3) for r in rows},
    }
    return figures


def _round(value):
    return round(value, 3)


def chapter_of(notebook):
    """'06' for 'notebooks/06-rayon.ipynb'."""
    return str(notebook).rsplit("/", 1)[-1].split("-", 1)[0]


def target_table(chapters):
    """Each target of TARGETS, then 'heavy chapters no worse than twice the others', with where it
    lands: [{target, limit, unit, worst, worst_chapter, met, per_chapter}]. `chapters` maps a
    chapter ('02') to its chapter_figures."""
    table = []
    for key, label, limit, unit in TARGETS:
        values = {ch: f[key] for ch, f in chapters.items() if f.get(key) is not None}
        if not values:
            continue
        worst_chapter = max(values, key=values.get)
        table.append({"target": label, "key": key, "limit": limit, "unit": unit,
                      "worst": values[worst_chapter], "worst_chapter": worst_chapter,
                      "met": all(v <= limit for v in values.values()), "per_chapter": values})
    for key, label in (("later_median_s", "wall"), ("later_cpu_median_s", "CPU")):
        heavy = {ch: f[key] for ch, f in chapters.items()
                 if ch in HEAVY_CHAPTERS and f.get(key) is not None}
        others = [f[key] for ch, f in chapters.items()
                  if ch not in HEAVY_CHAPTERS and f.get(key) is not None]
        if not heavy or not others:
            continue
        baseline = statistics.median(others)
        ratios = {ch: round(v / baseline, 2) if baseline else None for ch, v in heavy.items()}
        worst_chapter = max(ratios, key=lambda ch: ratios[ch] or 0)
        table.append({"target": f"chapters 06 and 08 against the others' median, later cell {label}",
                      "key": key + "_ratio", "limit": 2.0, "unit": "x",
                      "worst": ratios[worst_chapter], "worst_chapter": worst_chapter,
                      "met": all(r is not None and r <= 2.0 for r in ratios.values()),
                      "per_chapter": ratios})
    return table
