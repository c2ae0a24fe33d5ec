"""Cell latency of the notebooks: how long a learner waits on each Shift-Enter, and what it costs.

    .venv/bin/python bench/latency.py [--cold] [--out DIR] [NOTEBOOK ...]     (make bench runs it)

Runs every code cell of each notebook in a fresh Rust kernel, one after another
(latency_trace.run_cells, with TIME_UNIT_MS=20 unless set, so the seconds measured are compiling,
not the workload's sleeps), and writes bench/results/latency.json and latency.md: per chapter the
first cell, the median and 90th percentile later cell (wall and CPU seconds), the first answer
(kernel start + first cell), the peak memory of the kernel and its compilers, and issue 28's
targets with where each lands; beside the machine, its load before and after, and whether the
kernel slots were warm. The previous latency.json, if any, is kept as the baseline the new run is
compared with. Definitions: tooling.latency.CELL_DEFINITION and MEMORY_DEFINITION (also in the
JSON).

--cold points the kernel at an empty, temporary cache directory (XDG_CACHE_HOME: evcxr's crate cache
and the kernel slots), as on a fresh machine; your own ~/.cache is left alone. Needs `make setup`.
"""

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from latency_trace import run_cells  # beside this script

from tooling.latency import (CELL_DEFINITION, MEMORY_DEFINITION, chapter_figures, chapter_of,
                             target_table)
from tooling.notebook import code_sources

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DEFAULT_UNIT_MS = "20"
CELL_TIMEOUT_S = 900
# Overall figures compared with the previous run, in this order.
COMPARED = ["later_median_s", "later_cpu_median_s", "first_cell_median_s",
            "first_answer_median_s", "peak_rss_mib_max", "wall_s"]


def first_lines(command):
    try:
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        return []


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def load_average():
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def evcxr_version():
    """evcxr_jupyter has no --version flag; cargo knows what it installed."""
    for line in first_lines(["cargo", "install", "--list"]):
        if line.startswith("evcxr_jupyter "):
            return line.rstrip(":")
    return "unknown"


def slots_state(environ):
    """The kernel slots (kernel/launch.py) before the run: how many hold a build folder."""
    from kernel.launch import slot_count, slot_root
    root = slot_root(environ)
    built = [p for p in root.glob("*/build") if any(p.iterdir())] if root.is_dir() else []
    return {"directory": str(root), "slots": slot_count(environ), "built": len(built),
            "warm": bool(built)}


def machine():
    return {"cores": os.cpu_count(), "cpu_model": cpu_model(),
            "memory": f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.1f} GiB",
            "os": f"{platform.system()} {platform.release()}",
            "rustc": (first_lines(["rustc", "--version"]) or ["unknown"])[0], "evcxr": evcxr_version()}


def expected_errors(notebook):
    """Code cells (0-based among code cells) tagged raises-exception: they fail on purpose."""
    cells = [c for c in json.loads(Path(notebook).read_text())["cells"] if c["cell_type"] == "code"]
    return {i for i, c in enumerate(cells) if "raises-exception" in c.get("metadata", {}).get("tags", [])}


def measure(notebook, env):
    """chapter_figures of one notebook run in a fresh kernel, plus its wall time."""
    sources = code_sources(notebook)
    started = time.monotonic()
    try:
        rows = run_cells(notebook, sources, range(len(sources)), CELL_TIMEOUT_S, env, trace=False)
    except Exception as error:  # a kernel that died or timed out: say so, measure the rest
        figures = {"cells": 0, "passed": False, "failed_cells": [], "error": repr(error)}
    else:
        figures = chapter_figures(rows, expected_errors(notebook))
    figures["notebook"] = str(Path(notebook).relative_to(ROOT) if Path(notebook).is_relative_to(ROOT)
                              else notebook)
    figures["wall_s"] = round(time.monotonic() - started, 1)
    return figures


def overall(chapters):
    """Medians over the chapters of their figures, and the largest peak memory."""
    def median_of(key):
        values = [c[key] for c in chapters if c.get(key) is not None]
        return round(statistics.median(values), 3) if values else None
    peaks = [c["peak_rss_mib"] for c in chapters if c.get("peak_rss_mib") is not None]
    return {"notebooks": len(chapters), "later_median_s": median_of("later_median_s"),
            "later_cpu_median_s": median_of("later_cpu_median_s"),
            "first_cell_median_s": median_of("first_cell_s"),
            "first_cell_cpu_median_s": median_of("first_cell_cpu_s"),
            "first_answer_median_s": median_of("first_answer_s"),
            "peak_rss_mib_max": max(peaks) if peaks else None,
            "wall_s": round(sum(c["wall_s"] for c in chapters), 1)}


def seconds(value):
    return "–" if value is None else f"{value:.2f}" if value < 10 else f"{value:.1f}"


def markdown(result, previous):
    """The report: where the run stood, the figures per chapter, and the targets."""
    run, total = result["run"], result["overall"]
    slots = run["slots"]
    lines = [
        "# Cell latency: what a learner waits for on each Shift-Enter, and what it costs",
        "",
        f"Written by `bench/latency.py` (the last stage of `make bench`) on {run['finished']}; every "
        "number comes from [`latency.json`](latency.json) of this run. " + result["definition"],
        "",
        result["memory_definition"],
        "",
        f"Machine: {result['machine']['cores']} cores, {result['machine']['cpu_model']}, "
        f"{result['machine']['memory']}, {result['machine']['rustc']}, "
        f"{result['machine']['evcxr']}. Load average before {run['load_before']}, after "
        f"{run['load_after']}. Unit TIME_UNIT_MS={result['time_unit_ms']}. Kernel slots "
        f"{'warm' if slots['warm'] else 'cold (empty)'} at the start ({slots['built']} of "
        f"{slots['slots']} built{', a fresh temporary cache: --cold' if run['cold'] else ''}). "
        f"{run['passed']} of {len(result['notebooks'])} notebooks ran without an unexpected error.",
        "",
        "| chapter | cells | first cell s (CPU) | median later s | p90 later s | CPU s per later "
        "cell, median | p90 | kernel start s | first answer s | peak MiB | notebook s |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for nb in result["notebooks"]:
        failed = "" if nb["passed"] else f" (failed: cells {nb.get('failed_cells') or nb.get('error')})"
        peak = nb.get("peak_rss_mib")
        lines.append(
            f"| {Path(nb['notebook']).stem}{failed} | {nb['cells']} "
            f"| {seconds(nb.get('first_cell_s'))} ({seconds(nb.get('first_cell_cpu_s'))}) "
            f"| {seconds(nb.get('later_median_s'))} | {seconds(nb.get('later_p90_s'))} "
            f"| {seconds(nb.get('later_cpu_median_s'))} | {seconds(nb.get('later_cpu_p90_s'))} "
            f"| {seconds(nb.get('kernel_start_s'))} | {seconds(nb.get('first_answer_s'))} "
            f"| {'–' if peak is None else f'{peak:.0f}'} | {seconds(nb['wall_s'])} |")
    peak = total.get("peak_rss_mib_max")
    lines += [
        f"| **median over chapters** | | {seconds(total['first_cell_median_s'])} "
        f"({seconds(total['first_cell_cpu_median_s'])}) | **{seconds(total['later_median_s'])}** | "
        f"| **{seconds(total['later_cpu_median_s'])}** | | | "
        f"{seconds(total['first_answer_median_s'])} | max {'–' if peak is None else f'{peak:.0f}'} "
        f"| total {seconds(total['wall_s'])} |",
        "",
        "## Targets",
        "",
        "| target | limit | where it lands (worst chapter) | met |",
        "|---|---|---|---|",
    ]
    for target in result["targets"]:
        lines.append(f"| {target['target']} | {target['limit']} {target['unit']} "
                     f"| {seconds(target['worst'])} {target['unit']} ({target['worst_chapter']}) "
                     f"| {'yes' if target['met'] else '**no**'} |")
    lines.append("")
    if previous and "overall" in previous:
        prev_run, prev = previous["run"], previous["overall"]
        lines += [
            f"Against the previous run ({prev_run['finished']}, load before "
            f"{prev_run['load_before']}): this / previous. A shared or loaded machine moves these "
            "by tens of percent; judge a change by A/B runs interleaved on the same machine.",
            "",
            "| figure | previous | this | ratio |",
            "|---|---|---|---|",
        ]
        for key in COMPARED:
            before, after = prev.get(key), total.get(key)
            ratio = f"{after / before:.2f}" if before and after is not None else "–"
            lines.append(f"| {key} | {seconds(before)} | {seconds(after)} | {ratio} |")
        lines.append("")
    lines += ["Where the time goes and what was tried: [latency.analysis.md](latency.analysis.md).",
              ""]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook")
    parser.add_argument("--cold", action="store_true",
                        help="start from an empty temporary cache and slots (a fresh machine)")
    parser.add_argument("--out", type=Path, default=RESULTS,
                        help="folder for latency.json and latency.md (default bench/results)")
    args = parser.parse_args(argv)

    kernels = ROOT / ".venv" / "share" / "jupyter"
    if not (kernels / "kernels" / "rust" / "kernel.json").exists():
        sys.exit("bench/latency.py: the Rust kernel is not registered in .venv: run `make setup`")
    notebooks = [p.resolve() for p in args.notebooks] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    missing = [str(p) for p in notebooks if not p.is_file()]
    if missing:
        sys.exit(f"bench/latency.py: no such notebook: {', '.join(missing)}")
    env = {"JUPYTER_PATH": str(kernels), "TIME_UNIT_MS": os.environ.get("TIME_UNIT_MS", DEFAULT_UNIT_MS)}
    cold_cache = tempfile.mkdtemp(prefix="evcxr-cold-cache-") if args.cold else None
    if cold_cache:
        env["XDG_CACHE_HOME"] = cold_cache
    os.environ.update(env)  # run_cells starts the kernel with this process's environment

    run = {"started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
           "load_before": load_average(), "slots": slots_state(os.environ), "cold": args.cold}
    started = time.monotonic()
    chapters = []
    try:
        for notebook in notebooks:
            figures = measure(notebook, env)
            chapters.append(figures)
            print(f"==> latency {figures['notebook']}: first cell {seconds(figures.get('first_cell_s'))} s"
                  f", median later {seconds(figures.get('later_median_s'))} s "
                  f"({seconds(figures.get('later_cpu_median_s'))} CPU s), peak "
                  f"{figures.get('peak_rss_mib')} MiB{'' if figures['passed'] else ', FAILED'}",
                  flush=True)
    finally:
        if cold_cache:
            shutil.rmtree(cold_cache, ignore_errors=True)
    run.update(finished=datetime.now(timezone.utc).isoformat(timespec="seconds"),
               load_after=load_average(), seconds=round(time.monotonic() - started, 1),
               passed=sum(c["passed"] for c in chapters))
    result = {"definition": CELL_DEFINITION, "memory_definition": MEMORY_DEFINITION,
              "time_unit_ms": env["TIME_UNIT_MS"], "machine": machine(), "run": run,
              "notebooks": chapters, "overall": overall(chapters),
              "targets": target_table({chapter_of(c["notebook"]): c for c in chapters})}

    args.out.mkdir(parents=True, exist_ok=True)
    json_path = args.out / "latency.json"
    previous = json.loads(json_path.read_text()) if json_path.exists() else None
    if previous:  # the baseline travels with the new figures, one level deep
        result["previous"] = {key: previous[key] for key in ("run", "overall", "machine")
                              if key in previous}
    json_path.write_text(json.dumps(result, indent=1) + "\n")
    (args.out / "latency.md").write_text(markdown(result, previous))
    print(f"==> latency: {json_path} and latency.md ({run['seconds']:.0f} s)")
    return 0 if run["passed"] == len(chapters) else 1


if __name__ == "__main__":
    sys.exit(main())
