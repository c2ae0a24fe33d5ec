"""Where a cell's time goes: run a notebook's code cells in the Rust kernel under strace and split
each cell's latency into evcxr's own work, cargo, rustc on the cell's crate, linking, and the rest.

    .venv/bin/python bench/latency_trace.py NOTEBOOK [--prefix FILE] [--cells 0,1,4]

strace (attached to the kernel with -f, only execve and exits traced) gives the start and end of
every program the kernel runs. For one cell, from the execute request to the reply:
  evcxr before cargo   the kernel's own work before its first cargo: parsing, rust-analyzer's type
                       inference of the cell's variables, writing the crate;
  cargo check          a `cargo check` (evcxr runs one when it cannot infer a variable's type);
  cargo build          each `cargo build` of the cell's crate, of which:
    rustc ctx          rustc compiling the cell's crate (front end and code generation), and
    link               the linker (cc) rustc runs for it;
  after cargo          loading the built library and running the cell (including its sleeps);
  peak_rss_mib         (first row) the largest resident memory of the kernel and every process
                       below it, summed, sampled every 0.2 s over the whole run;
  cpu                  CPU seconds the kernel and the programs it ran and waited for used in the
                       cell (cargo, rustc, the linker; not the cell's own run, which happens in
                       evcxr's long-lived child): the work, which a loaded machine does not inflate
                       the way it inflates wall time.
--prefix prepends a file's lines to the first cell (a set-up variant such as `:opt 0`).
Needs `make setup` and strace; TIME_UNIT_MS defaults to 20.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from tooling.notebook import code_sources

ROOT = Path(__file__).resolve().parent.parent
LINE = re.compile(r"^(\d+)\s+(\d+:\d+:\d+\.\d+)\s+(.*)$")
EXECVE = re.compile(r'execve\("([^"]+)", \[(.*?)\]')
CRATE = re.compile(r'"--crate-name", "(\w+)"')


def clock(stamp):
    """strace's -tt time of day in seconds since midnight (local time)."""
    hours, minutes, seconds = stamp.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def midnight_seconds(epoch):
    local = time.localtime(epoch)
    return local.tm_hour * 3600 + local.tm_min * 60 + local.tm_sec + epoch % 1


def cpu_seconds(pid):
    """CPU time of a process and of its children it has waited for (utime+stime+cutime+cstime)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def process_tree_rss_mib(root):
    """Resident memory (VmRSS) summed over `root` and every process below it, in MiB: the kernel,
    and the cargo, rustc and linker processes and the cell runner it has started. A process that
    ends while being read is skipped."""
    children = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total_kib, pending = 0, [root]
    while pending:
        pid = pending.pop()
        pending.extend(children.get(pid, []))
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kib += int(line.split()[1])
        except OSError:
            continue
    return total_kib / 1024


class PeakMemory:
    """Samples process_tree_rss_mib(pid) every `interval` seconds on a thread of its own and keeps
    the largest sum seen (`peak_mib`); a process that lives between two samples can be missed."""

    def __init__(self, pid, interval=0.2):
        self.pid, self.interval, self.peak_mib = pid, interval, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self):
        while not self._stop.is_set():
            self.peak_mib = max(self.peak_mib, process_tree_rss_mib(self.pid))
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *_):
        self._stop.set()
        self._thread.join()


def parse_trace(text):
    """[{pid, program, args, start, end}] of every program started, from `strace -f -tt`."""
    processes, open_by_pid = [], {}
    for line in text.splitlines():
        match = LINE.match(line)
        if not match:
            continue
        pid, stamp, rest = int(match[1]), clock(match[2]), match[3]
        execve = EXECVE.search(rest)
        if execve and ("= 0" in rest or "<unfinished" in rest):
            process = {"pid": pid, "program": Path(execve[1]).name, "args": execve[2],
                       "start": stamp, "end": None}
            if pid in open_by_pid:  # exec replaced an earlier program in the same process
                open_by_pid[pid]["end"] = stamp
            open_by_pid[pid] = process
            processes.append(process)
        elif "+++ exited" in rest or "+++ killed" in rest:
            if pid in open_by_pid:
                open_by_pid.pop(pid)["end"] = stamp
    return processes


def kind(process):
    """Which step of evcxr's build a program is."""
    program, args = process["program"], process["args"]
    if program == "cargo":
        return "cargo check" if '"check"' in args else "cargo build" if '"build"' in args else "cargo"
    if program.startswith("rustc") and '"ctx"' in args:
        return "rustc ctx"
    if program.startswith("rustc"):
        return "rustc dep"
    if program in ("cc", "gcc", "ld", "ld.lld", "collect2", "mold", "ld.bfd", "ld.gold"):
        return "link"
    return None


def union(spans):
    """Total length of a set of [start, end) intervals, overlaps counted once."""
    total, last_end = 0.0, None
    for start, end in sorted(spans):
        if last_end is None or start > last_end:
            total += end - start
            last_end = end
        elif end > last_end:
            total += end - last_end
            last_end = end
    return total


def split_cell(processes, start, end):
    """A cell's latency split into the steps of the module docstring."""
    inside = [p for p in processes if p["end"] and start <= p["start"] <= end]
    spans = {}
    for process in inside:
        step = kind(process)
        if step:
            spans.setdefault(step, []).append((process["start"], min(process["end"], end)))
    cargo = spans.get("cargo build", []) + spans.get("cargo check", [])
    parts = {"latency": end - start}
    parts["evcxr before cargo"] = (min(s for s, _ in cargo) - start) if cargo else end - start
    for step in ("cargo check", "cargo build", "rustc ctx", "rustc dep", "link"):
        if step in spans:
            parts[step] = union(spans[step])
            parts[step + " runs"] = len(spans[step])
    parts["after cargo"] = (end - max(e for _, e in cargo)) if cargo else 0.0
    # Crates compiled in the cell besides its own (through evcxr's wrapper: a cache hit or not).
    parts["programs"] = [(round(p["start"] - start, 2), round(p["end"] - p["start"], 2),
                          p["program"], p["args"][:120]) for p in inside]
    parts["rebuilt"] = sorted({m[1] for p in inside if p["program"] == "evcxr_jupyter"
                               for m in [CRATE.search(p["args"])] if m and m[1] != "ctx"})
    return parts


def run_cells(notebook, sources, chosen, timeout=600, env=None, trace=True):
    """Run `sources[i]` for i in `chosen` in a fresh Rust kernel started in the notebook's folder:
    one row per cell with its latency (request to reply, seen by this client), its CPU seconds,
    and, when `trace`, the split into steps from strace."""
    os.environ.setdefault("TIME_UNIT_MS", "20")
    os.environ.setdefault("JUPYTER_PATH", str(ROOT / ".venv" / "share" / "jupyter"))
    from jupyter_client.manager import start_new_kernel

    trace_file = Path(tempfile.mkstemp(suffix=".strace")[1])
    kernel_requested = time.time()
    km, kc = start_new_kernel(kernel_name="rust", cwd=str(Path(notebook).resolve().parent),
                              env={**os.environ, **(env or {})})
    kernel = km.provisioner.process.pid
    kernel_start = time.time() - kernel_requested  # until the kernel answers its first request
    strace = None
    if trace:
        strace = subprocess.Popen(["strace", "-f", "-tt", "-q", "-e", "trace=execve",
                                   "-s", "200", "-o", str(trace_file), "-p", str(kernel)])
        time.sleep(1.0)  # let strace attach before the first request
    windows = []
    memory = PeakMemory(kernel)
    try:
        with memory:
            for index in chosen:
                started, cpu = time.time(), cpu_seconds(kernel)
                reply = kc.execute_interactive(sources[index], timeout=timeout,
                                               output_hook=lambda msg: None)
                windows.append((index, started, time.time(), reply["content"]["status"],
                                cpu_seconds(kernel) - cpu))
    finally:
        if strace:
            strace.terminate()
            strace.wait()
        km.shutdown_kernel(now=True)
    processes = parse_trace(trace_file.read_text()) if trace else []
    trace_file.unlink()

    rows = []
    for index, started, ended, status, cpu in windows:
        parts = (split_cell(processes, midnight_seconds(started), midnight_seconds(ended))
                 if trace else {"latency": ended - started})
        rows.append({"code_cell": index, "status": status, **parts, "cpu": cpu,
                     "source": sources[index].strip().splitlines()[0][:50]})
    if rows:
        rows[0]["kernel_start"] = kernel_start
        rows[0]["peak_rss_mib"] = round(memory.peak_mib, 1)
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", type=Path)
    parser.add_argument("--prefix", type=Path, help="lines to prepend to the first code cell")
    parser.add_argument("--cells", help="only these code cells (0-based among code cells) "
                                        "after the first, which always runs")
    parser.add_argument("--json", type=Path, help="save the split of every cell here")
    parser.add_argument("--timeout", type=int, default=600)
    parser.add_argument("--programs", action="store_true",
                        help="list every program each cell started: offset, duration, arguments")
    args = parser.parse_args(argv)

    sources = code_sources(args.notebook, args.prefix.read_text() if args.prefix else None)
    chosen = [0] + [int(n) for n in args.cells.split(",")] if args.cells else range(len(sources))
    load_before = " ".join(f"{x:.1f}" for x in os.getloadavg())
    rows = run_cells(args.notebook, sources, chosen, args.timeout)
    steps = ["latency", "evcxr before cargo", "cargo check", "cargo build", "rustc ctx",
             "rustc dep", "link", "after cargo", "cpu"]
    print(f"load average before {load_before}, after "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("code cell" + "".join(f"{s:>19}" for s in steps) + "   first line")
    for row in rows:
        values = "".join(f"{row[s]:>19.2f}" if s in row else f"{'-':>19}" for s in steps)
        runs = " ".join(f"{s.split()[-1]}x{row[s + ' runs']}" for s in steps
                        if s + " runs" in row and row[s + " runs"] > 1)
        print(f"{row['code_cell']:>9}{values}   {row['source']} {runs} {row['status']}")
        if args.programs:
            for offset, duration, program, arguments in row["programs"]:
                print(f"{'':>9}+{offset:6.2f} s {duration:6.2f} s {program} {arguments}")
        if row["rebuilt"]:
            print(f"{'':>9}crates rebuilt: {' '.join(row['rebuilt'][:12])}"
                  f"{' ...' if len(row['rebuilt']) > 12 else ''}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
