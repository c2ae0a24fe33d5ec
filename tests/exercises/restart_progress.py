"""Progress survives a kernel restart: pass three exercises in a real kernel, fail a fourth, restart
the kernel, and find exactly those three done and the fourth tried, in `progress()` and in
`make progress`'s program; `solution(...)` is withheld before any attempt and shown after one.

    TIME_UNIT_MS=20 .venv/bin/python tests/exercises/restart_progress.py [--timeout S]

The progress file is a fresh one in a temporary folder (PIR_PROGRESS_FILE), never the user's. The
passing answers are the exercises' solutions (helpers/solutions/), the failing one a wrong answer of
tests/exercises/ch02.rs, each run as one cell `{ answer; check }` as run_answers.py does. Exits 1
on any difference, naming it.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from manifest import ROOT, load  # noqa: E402
from run_notebooks import ANSI  # noqa: E402

PASSED = ("01.1", "01.2", "02.1")
TRIED = "02.2"
WRONG_ANSWER = "pool_global"  # 02.2 on the machine's global pool: a FAIL
ROW = re.compile(r"^\s+(\d\d[a-z]?\.\d+)\s+(done|tried|not started)\s")


class Kernel:
    """One Rust kernel, started as the notebooks start it, run cell by cell."""

    def __init__(self, name, cwd, timeout):
        from jupyter_client import KernelManager

        self.timeout = timeout
        self.manager = KernelManager(kernel_name=name)
        self.manager.start_kernel(cwd=str(cwd))
        self.client = self._ready_client()

    def _ready_client(self):
        client = self.manager.client()
        client.start_channels()
        client.wait_for_ready(timeout=self.timeout)
        return client

    def run(self, code):
        """(printed text, error text) of one cell."""
        printed, errors = [], []

        def hook(message):
            content = message["content"]
            kind = message["msg_type"]
            if kind == "stream":
                printed.append(content["text"])
            elif kind in ("execute_result", "display_data"):
                printed.append(content["data"].get("text/plain", ""))
            elif kind == "error":
                errors.append("\n".join(content.get("traceback", [])) or content.get("evalue", ""))

        reply = self.client.execute_interactive(code, output_hook=hook, timeout=self.timeout)
        if reply["content"]["status"] != "ok" and not errors:
            errors.append(reply["content"].get("evalue", "the cell failed"))
        return ANSI.sub("", "".join(printed)), ANSI.sub("", "\n".join(errors))

    def restart(self):
        self.client.stop_channels()
        self.manager.restart_kernel(now=True)
        self.client = self._ready_client()

    def stop(self):
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)


def states_in(text):
    """{id: state} of a progress table's rows."""
    return {m.group(1): m.group(2) for m in map(ROW.match, text.splitlines()) if m}


def every_exercise_id():
    """Every exercise the manifests list: progress() shows each of them, tried or not."""
    import tomllib

    return [exercise["id"] for manifest in sorted(HERE.glob("ch*.toml"))
            for exercise in tomllib.loads(manifest.read_text())["exercise"]]


def expected_states(listed):
    return {ident: ("done" if ident in PASSED else "tried" if ident == TRIED else "not started")
            for ident in listed}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=int, default=int(os.environ.get("CELL_TIMEOUT", 300)))
    args = parser.parse_args(argv)
    progress_file = Path(tempfile.mkdtemp(prefix="pir-restart-")) / "progress.json"
    os.environ["PIR_PROGRESS_FILE"] = str(progress_file)

    chapters = {c: load(HERE / f"ch{c}.toml") for c in ("01", "02")}
    exercises = {e["id"]: e for c in chapters.values() for e in c["exercises"]}
    notebook = chapters["02"]["notebook"]
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    # The chapter's first two code cells: its `:dep` lines, then `use helpers::*;`.
    setup = [c.source for c in nb.cells if c.cell_type == "code"][:2]
    checks = {}
    for chapter in chapters.values():
        cells = nbformat.read(chapter["notebook"], as_version=4).cells
        calls = [c.source.strip() for c in cells if "check" in c.metadata.get("tags", [])]
        checks.update({e["id"]: call for e, call in zip(chapter["exercises"], calls)})

    problems = []
    kernel = Kernel(nb.metadata["kernelspec"]["name"], notebook.parent, args.timeout)
    try:
        for cell in setup:
            _, error = kernel.run(cell)
            if error:
                raise SystemExit(f"the set-up cell failed: {error[:2000]}")
        withheld, _ = kernel.run(f'solution("{PASSED[0]}")')
        if not withheld.startswith("No solution shown"):
            problems.append(f"solution() before any attempt showed: {withheld[:300]!r}")
        trials = [(ident, exercises[ident]["solution"], "PASS") for ident in PASSED]
        wrong = next(a for a in exercises[TRIED]["answers"] if a["module"] == WRONG_ANSWER)
        trials.append((TRIED, wrong["code"], "FAIL"))
        for ident, code, expect in trials:
            printed, error = kernel.run("{\n" + code.rstrip() + "\n" + checks[ident] + "\n}")
            verdicts = [line for line in printed.splitlines() if line.startswith(("PASS", "FAIL"))]
            if error or not verdicts or not verdicts[-1].startswith(expect):
                problems.append(f"{ident}: expected {expect}, got {verdicts or printed!r} "
                                f"{error[:1500]}")
            print(f"  {ident}: {verdicts[-1][:100] if verdicts else '(no verdict)'}", flush=True)
        before = json.loads(progress_file.read_text())["exercises"]

        kernel.restart()
        for cell in setup:
            kernel.run(cell)
        shown, error = kernel.run("progress()")
        after_try, _ = kernel.run(f'solution("{TRIED}")')
        if exercises[TRIED]["solution"].strip() not in after_try:
            problems.append(f"solution() after a failed try did not show the solution: "
                            f"{after_try[:300]!r}")
    finally:
        kernel.stop()

    if error:
        problems.append(f"progress() after the restart failed: {error[:2000]}")
    states = states_in(shown)
    expected = expected_states(every_exercise_id())
    if states != expected:
        problems.append(f"after the restart progress() shows {states}, expected "
                        f"{expected}:\n{shown}")
    done = sorted(i for i, e in before.items() if e["state"] == "done")
    if done != sorted(PASSED):
        problems.append(f"the progress file held {done} done, expected {sorted(PASSED)}")
    program = subprocess.run(["cargo", "run", "--quiet", "-p", "helpers", "--bin", "progress"],
                             cwd=ROOT, capture_output=True, text=True)
    if program.returncode != 0 or states_in(program.stdout) != expected:
        problems.append(f"make progress's program printed (exit {program.returncode}):\n"
                        f"{program.stdout}{program.stderr[-2000:]}")
    for problem in problems:
        print("  FAILED " + problem)
    print(f"{'ok' if not problems else 'FAILED'}: {len(PASSED)} exercises passed and {TRIED} tried "
          f"before a kernel restart; after it, {sum(s == 'done' for s in states.values())} done "
          f"({', '.join(sorted(i for i, s in states.items() if s == 'done'))}), "
          f"{sum(s == 'tried' for s in states.values())} tried")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
