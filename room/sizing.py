"""WORKSHOP.md's sizing tables from a room test's report (target/room-test.json).

    python3 room/sizing.py target/room-test.json [--cores-wait-s 60]
        [--latency bench/results/latency.json] [--cell-wait-s 5]

Per learner: warming (room.py warm), a chapter's first cell, a later cell, and disk; then the room
for 10, 20 and 40 learners by the published rule (every learner concurrent, as a room runs one
chapter at once): memory = learners x (peak x 1.3) + 128 MB; cores = learners x CPU seconds of a
chapter's opening (the round's cgroup total) / the wait allowed for it, + 20%; disk = learners x disk per learner + the shared
install. Medians over learners and rounds, peaks as the largest seen.

Then, from `make bench`'s latency.json (one kernel at a time, warm slot; bench/latency.py), the
compile cost per chapter: CPU seconds of the first cell and of a later cell, and the peak memory of
a kernel and its compilers; and the cores a room needs when every learner runs a later cell at once
and each may wait --cell-wait-s for it: learners x the worst chapter's median later-cell CPU
seconds / that wait, + 20%.
"""

import argparse
import json
import math
import statistics
import subprocess
import sys
from pathlib import Path

HEADROOM = 1.3  # the 20-40% TLJH adds to a measured peak, taken in the middle
LATENCY_JSON = Path(__file__).resolve().parent.parent / "bench" / "results" / "latency.json"


def per_cell(report, label):
    cpu, peak, wait = [], [], []
    for round_ in report["rounds"]:
        for row in round_["learners"]:
            for name, seconds in row["cells_s"]:
                if name == label:
                    wait.append(seconds)
            for name, cpu_s, peak_mib in row.get("cells_cpu_s_peak_mib", []):
                if name == label:
                    cpu.append(cpu_s)
                    peak.append(peak_mib)
    return cpu, peak, wait


def fmt(values, how=statistics.median, digits=1):
    return f"{how(values):.{digits}f}" if values else "n/a"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path)
    parser.add_argument("--wait-s", type=float, default=60,
                        help="seconds a chapter's opening cells may take for the whole room")
    parser.add_argument("--shared-gib", type=float, default=None,
                        help="disk of the shared install (default: du of /opt/pir-room)")
    parser.add_argument("--latency", type=Path, default=LATENCY_JSON,
                        help="bench/latency.py's figures (default bench/results/latency.json)")
    parser.add_argument("--cell-wait-s", type=float, default=5,
                        help="seconds a later cell may take when the whole room runs it at once")
    args = parser.parse_args(argv)
    report = json.loads(args.report.read_text())
    warm = report.get("warm", [])
    rows = [("warming (chapter 02's slot)", [w["cpu_s"] for w in warm], [w["peak_mib"] for w in warm],
             [w["seconds"] for w in warm])]
    for label in ("first cell", "set-up", "timed run", "exercise check"):
        rows.append((f"{label} (warm slot)",) + per_cell(report, label))
    print("| Per learner | CPU s (median) | peak MiB with page cache (max) | wait s (median) |")
    print("|---|---|---|---|")
    for label, cpu, peak, wait in rows:
        print(f"| {label} | {fmt(cpu)} | {fmt(peak, max, 0)} | {fmt(wait)} |")
    disk = [w["home_mib"] for w in warm]
    print(f"| disk: home after warming | | {fmt(disk, max, 0)} MiB | |")
    # A chapter's opening per learner: the round's cgroup total (the kernel's start and end, the four
    # cells, the server's own work), else the four cells' sum.
    opening = [row.get("all_cpu_s") if row.get("all_cpu_s") is not None
               else sum(c for _, c, _ in row.get("cells_cpu_s_peak_mib", []))
               for r in report["rounds"] for row in r["learners"]]
    opening = [value for value in opening if value is not None]
    learner_rows = [row for r in report["rounds"] for row in r["learners"]]
    resident = max([row.get("resident_peak_mib") or 0 for row in learner_rows] + [0])
    with_cache = max([row.get("all_peak_mib") or 0 for row in learner_rows] + [0])
    # Memory a learner holds: their processes' RSS at once when sampled, else the cgroup's peak
    # (which counts page cache the kernel can drop, so it overstates).
    peak = resident or with_cache
    shared = args.shared_gib
    if shared is None:
        used = subprocess.run(["du", "-sb", "/opt/pir-room"], capture_output=True, text=True).stdout
        shared = int(used.split()[0]) / 2**30 if used else 0
    print()
    print(f"Opening of a chapter (a kernel started, the four cells) per learner: {fmt(opening)} CPU s (median); "
          f"at most {resident or 'n/a'} MiB resident at once ({with_cache} MiB with page cache); "
          f"shared install {shared:.1f} GiB.")
    print()
    print(f"| Learners | memory (x {HEADROOM} headroom + 128 MB) | cores for a {args.wait_s:.0f} s opening (+20%) | disk |")
    print("|---|---|---|---|")
    for learners in (10, 20, 40):
        memory = learners * peak * HEADROOM / 1024 + 0.125
        cores = math.ceil(learners * statistics.median(opening) / args.wait_s * 1.2) if opening else 0
        disk_gib = learners * max(disk) / 1024 + shared if disk else shared
        print(f"| {learners} | {memory:.0f} GiB | {cores} | {disk_gib:.0f} GiB |")
    if args.latency.exists():
        print()
        print("\n".join(compile_cost(json.loads(args.latency.read_text()), args.cell_wait_s)))
    return 0


def compile_cost(latency, cell_wait_s):
    """Lines of markdown: per chapter the compile CPU and peak memory from latency.json, and the
    cores for a room whose learners all run a later cell at once."""
    chapters = [c for c in latency.get("notebooks", []) if c.get("later_cpu_median_s") is not None]
    if not chapters:
        return ["latency.json has no per-cell CPU seconds (an older format): rerun bench/latency.py"]
    lines = [f"Compile cost per learner, from {LATENCY_JSON.name} ({latency['run']['finished']}, "
             f"load {latency['run']['load_before']}; one kernel at a time, warm slot):",
             "",
             "| chapter | first cell CPU s | later cell CPU s, median | p90 | peak MiB |",
             "|---|---|---|---|---|"]
    for c in chapters:
        lines.append(f"| {Path(c['notebook']).stem} | {c['first_cell_cpu_s']:.1f} "
                     f"| {c['later_cpu_median_s']:.2f} | {c['later_cpu_p90_s']:.2f} "
                     f"| {c.get('peak_rss_mib') or 0:.0f} |")
    worst = max(chapters, key=lambda c: c["later_cpu_median_s"])
    lines += ["", f"| Learners | cores for a later cell in {cell_wait_s:.0f} s, all at once "
                  f"(chapter {Path(worst['notebook']).stem}, {worst['later_cpu_median_s']:.2f} "
                  "CPU s, +20%) |", "|---|---|"]
    for learners in (10, 20, 40):
        cores = math.ceil(learners * worst["later_cpu_median_s"] / cell_wait_s * 1.2)
        lines.append(f"| {learners} | {cores} |")
    return lines


if __name__ == "__main__":
    sys.exit(main())
