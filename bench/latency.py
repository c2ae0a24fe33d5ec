"""Cell latency of the notebooks: how long a learner waits on each Shift-Enter.

    .venv/bin/python bench/latency.py [--cold] [NOTEBOOK ...]     (make bench runs it)

Runs the notebook checker (tests/run_notebooks.py, one headless execution per notebook, with
TIME_UNIT_MS=20 unless set, so the seconds measured are compiling, not the workload's sleeps) and
writes bench/results/latency.json and latency.md: per chapter and overall the median, 90th
percentile and worst cell latency, the first cell and the time to the first answer (definitions
in the JSON), beside the machine, its load before and after, and whether evcxr's compiled-crate
cache was warm. The previous latency.json, if any, is kept as the baseline the new run is compared
with, so a change can be judged against the last run.

--cold points the kernel at an empty, temporary cache directory (XDG_CACHE_HOME), as on a fresh
machine; your own ~/.cache/evcxr is left alone. Needs `make setup` (the venv and the Rust kernel).
"""

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
CHECKER = ROOT / "tests" / "run_notebooks.py"
DEFAULT_UNIT_MS = "20"
# Overall figures compared with the previous run, in this order.
COMPARED = ["median_s", "p90_s", "worst_s", "first_cell_median_s", "first_cell_worst_s",
            "first_answer_median_s", "wall_s"]


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


def cache_state(cache_root):
    """evcxr's cache of compiled registry crates (`:cache`): entries and size before the run.
    The helper crate itself is never in it: evcxr compiles local crates afresh in each kernel."""
    directory = cache_root / "evcxr"
    entries = [p for p in directory.iterdir() if p.is_dir()] if directory.is_dir() else []
    size = sum(f.stat().st_size for p in entries for f in p.rglob("*") if f.is_file())
    return {"directory": str(directory), "entries": len(entries),
            "megabytes": round(size / 1e6, 1), "warm": bool(entries)}


def machine():
    return {"cores": os.cpu_count(), "cpu_model": cpu_model(),
            "memory": f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.1f} GiB",
            "os": f"{platform.system()} {platform.release()}",
            "rustc": (first_lines(["rustc", "--version"]) or ["unknown"])[0], "evcxr": evcxr_version()}


def seconds(value):
    return "–" if value is None else f"{value:.1f}"


def markdown(result, previous):
    """The report: where the run stood, then the figures per chapter and overall."""
    run, overall = result["run"], result["overall"]
    lines = [
        "# Cell latency: what a learner waits for on each Shift-Enter",
        "",
        f"Written by `bench/latency.py` (part of `make bench`) on {run['finished']}; every number "
        "comes from [`latency.json`](latency.json) of this run. "
        f"{result['definition']}",
        "",
        f"Machine: {result['machine']['cores']} cores, {result['machine']['cpu_model']}, "
        f"{result['machine']['memory']}, {result['machine']['rustc']}, "
        f"{result['machine']['evcxr']}. Load average before {run['load_before']}, after "
        f"{run['load_after']}. Unit TIME_UNIT_MS={result['time_unit_ms']}. evcxr's crate cache was "
        f"{'warm' if run['cache']['warm'] else 'cold (empty)'} at the start "
        f"({run['cache']['entries']} entries, {run['cache']['megabytes']} MB"
        f"{', a fresh temporary one: --cold' if run['cold'] else ''}). "
        f"{run['passed']} of {len(result['notebooks'])} notebooks passed.",
        "",
        "| notebook | cells | median s | p90 s | worst s (cell) | first cell s | kernel start s "
        "| first answer s | notebook s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for nb in result["notebooks"]:
        failed = "" if nb["passed"] else " (failed)"
        lines.append(
            f"| {Path(nb['notebook']).stem}{failed} | {nb['cells']} | {seconds(nb['median_s'])} "
            f"| {seconds(nb['p90_s'])} | {seconds(nb['worst_s'])} ({nb.get('worst_cell', '–')}) "
            f"| {seconds(nb.get('first_cell_s'))} | {seconds(nb.get('kernel_start_s'))} "
            f"| {seconds(nb.get('first_answer_s'))} | {seconds(nb['wall_s'])} |")
    lines += [
        f"| **all** | {overall['cells']} | **{seconds(overall['median_s'])}** "
        f"| {seconds(overall['p90_s'])} | {seconds(overall['worst_s'])} "
        f"| median {seconds(overall.get('first_cell_median_s'))}, worst "
        f"{seconds(overall.get('first_cell_worst_s'))} | "
        f"| median {seconds(overall.get('first_answer_median_s'))} | {seconds(overall['wall_s'])} |",
        "",
    ]
    if previous:
        prev_run, prev = previous["run"], previous["overall"]
        lines += [
            f"Against the previous run ({prev_run['finished']}, load before "
            f"{prev_run['load_before']}, cache {'warm' if prev_run['cache']['warm'] else 'cold'}"
            f"{', different notebooks' if prev.get('notebooks') != overall.get('notebooks') else ''}"
            "): this / previous. A shared or loaded machine moves these by tens of percent; "
            "judge a change by A/B runs interleaved on the same machine.",
            "",
            "| figure | previous s | this s | ratio |",
            "|---|---|---|---|",
        ]
        for key in COMPARED:
            before, after = prev.get(key), overall.get(key)
            ratio = f"{after / before:.2f}" if before and after is not None else "–"
            lines.append(f"| {key} | {seconds(before)} | {seconds(after)} | {ratio} |")
        lines.append("")
    lines += ["Where the time goes and what was tried: [latency.analysis.md](latency.analysis.md).",
              ""]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="default: every notebook")
    parser.add_argument("--cold", action="store_true",
                        help="start from an empty temporary evcxr cache (a fresh machine)")
    parser.add_argument("--out", type=Path, default=RESULTS,
                        help="folder for latency.json and latency.md (default bench/results)")
    args = parser.parse_args(argv)

    python = ROOT / ".venv" / "bin" / "python"
    kernels = ROOT / ".venv" / "share" / "jupyter"
    if not (kernels / "kernels" / "rust" / "kernel.json").exists():
        sys.exit("bench/latency.py: the Rust kernel is not registered in .venv: run `make setup`")
    env = dict(os.environ, JUPYTER_PATH=str(kernels))
    env.setdefault("TIME_UNIT_MS", DEFAULT_UNIT_MS)
    cold_cache = tempfile.mkdtemp(prefix="evcxr-cold-cache-") if args.cold else None
    if cold_cache:
        env["XDG_CACHE_HOME"] = cold_cache
    cache_root = Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache")

    run = {"started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
           "load_before": load_average(), "cache": cache_state(cache_root), "cold": args.cold}
    figures = Path(tempfile.mkstemp(suffix=".json")[1])
    started = time.monotonic()
    try:
        checker = subprocess.run([str(python), str(CHECKER), "--latency-json", str(figures),
                                  *args.notebooks], env=env, cwd=ROOT)
        measured = json.loads(figures.read_text()) if figures.stat().st_size else None
    finally:
        figures.unlink()
        if cold_cache:
            shutil.rmtree(cold_cache, ignore_errors=True)
    if not measured:
        sys.exit("bench/latency.py: the checker ran no notebook; nothing written")
    run.update(finished=datetime.now(timezone.utc).isoformat(timespec="seconds"),
               load_after=load_average(), seconds=round(time.monotonic() - started, 1),
               passed=sum(nb["passed"] for nb in measured["notebooks"]))
    result = {"machine": machine(), "run": run, **measured}

    args.out.mkdir(parents=True, exist_ok=True)
    json_path = args.out / "latency.json"
    previous = json.loads(json_path.read_text()) if json_path.exists() else None
    if previous:  # the baseline travels with the new figures, one level deep
        result["previous"] = {key: previous[key] for key in ("run", "overall", "machine")}
    json_path.write_text(json.dumps(result, indent=1) + "\n")
    (args.out / "latency.md").write_text(markdown(result, previous))
    print(f"==> latency: {json_path.relative_to(ROOT) if json_path.is_relative_to(ROOT) else json_path}"
          f" and latency.md ({run['seconds']:.0f} s)")
    return checker.returncode


if __name__ == "__main__":
    sys.exit(main())
