"""WORKSHOP.md's sizing tables from a room test's report (target/room-test.json).

    python3 room/sizing.py target/room-test.json [--cores-wait-s 60]

Per learner: warming (room.py warm), a chapter's first cell, a later cell, and disk; then the room
for 10, 20 and 40 learners by the published rule (every learner concurrent, as a room runs one
chapter at once): memory = learners x (peak x 1.3) + 128 MB; cores = learners x CPU seconds of a
chapter's opening (the round's cgroup total) / the wait allowed for it, + 20%; disk = learners x disk per learner + the shared
install. Medians over learners and rounds, peaks as the largest seen.
"""

import argparse
import json
import math
import statistics
import subprocess
import sys
from pathlib import Path

HEADROOM = 1.3  # the 20-40% TLJH adds to a measured peak, taken in the middle


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
    return 0


if __name__ == "__main__":
    sys.exit(main())
