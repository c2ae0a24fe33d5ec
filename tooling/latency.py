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
