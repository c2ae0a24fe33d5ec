"""Execute the notebooks headless through Jupyter's nbclient and check what they printed.

    python tests/run_notebooks.py [--timeout S] [--write] [NOTEBOOK ...]

Without paths it runs notebooks/[0-9]*.ipynb in order. A notebook fails on:
  - an error output (a compile error, say) in a cell not tagged `raises-exception`;
  - a cell tagged `raises-exception` that runs without error (it exists to fail on purpose);
  - `panicked` in any output of a cell not tagged `expect-panic`; evcxr reports a Rust panic
    only as stderr text, so nbclient alone would let it pass;
  - a cell tagged `expect-panic` that does not panic;
  - a cell tagged `timeline` whose outputs hold no `<img src="data:image/svg+xml;base64,...`
    (the form of helpers' pictures that JupyterLab shows in a notebook the reader has not run);
  - a cell running past the per-cell timeout, or the kernel dying;
  - an exercise out of shape (checked before the kernel starts): every code cell tagged `exercise`
    is followed by one tagged `check` (the next code cell; markdown may sit between), then in a
    chapter not yet on the exercise framework one tagged `solution`, hidden (`"jupyter":
    {"source_hidden": true}`); no stray check or solution, and no `raises-exception`/`expect-panic`
    on a check;
  - a `check` that does not print a line starting `FAIL` after the starter, or prints one
    starting `PASS`; a `solution` that prints no `PASS` line, or a `FAIL` one. (Chapters on the
    exercise framework keep their solutions out of the notebook: tests/exercises/run_answers.py
    runs them.)
Each notebook also reports its cell latency (see `cell_latencies`); --latency-json saves it.
--write saves the executed notebook in place (make run), and only when it passed, so a broken
run never replaces good committed outputs; solution cells are saved without their outputs, which
would show the answer. The checks on one cell live in `cell_problem`, a pure
function over the cell's JSON, so tests/test_checker.py can test them without a kernel.
"""

import argparse
import json
import math
import os
import re
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ANSI = re.compile(r"\x1b\[[0-9;]*m")  # evcxr colours its compiler errors
EXCERPT_LINES, LINE_CHARS = 14, 200
SVG_IMAGE = '<img src="data:image/svg+xml;base64,'


def _text(value):
    """nbformat stores multi-line strings either as one string or as a list of lines."""
    return "".join(value) if isinstance(value, list) else str(value)


def output_texts(output):
    """Every piece of text an output shows: streams, errors, and the textual/SVG display data."""
    kind = output.get("output_type")
    if kind == "stream":
        yield _text(output.get("text", ""))
    elif kind == "error":
        traceback = "\n".join(_text(line) for line in output.get("traceback", []))
        yield f"{output.get('ename', '')}: {output.get('evalue', '')}\n{traceback}"
    else:  # execute_result, display_data
        for mime, value in output.get("data", {}).items():
            if mime.startswith("text/") or mime == "image/svg+xml":
                yield _text(value)


def excerpt(text, around=None):
    """A few colour-free lines of `text`: from just before `around` when given (a panic's message
    follows it); otherwise its head and tail, since cargo puts the cause last, after progress lines."""
    lines = [line[:LINE_CHARS] for line in ANSI.sub("", text).strip().splitlines()]
    if around:
        first = next((i for i, line in enumerate(lines) if around in line), 0)
        lines = lines[max(first - 2, 0):][:EXCERPT_LINES] + ["..."] * (len(lines) > EXCERPT_LINES)
    elif len(lines) > EXCERPT_LINES:
        lines = lines[:4] + ["..."] + lines[4 - EXCERPT_LINES:]
    return "\n".join(lines)


def cell_problem(cell):
    """Why this executed cell fails the notebook, or None if it is fine. Pure: reads only `cell`."""
    if cell.get("cell_type") != "code":
        return None
    tags = set(cell.get("metadata", {}).get("tags", []))
    outputs = cell.get("outputs", [])
    errors = [o for o in outputs if o.get("output_type") == "error"]
    texts = [t for o in outputs for t in output_texts(o)]

    if errors and "raises-exception" not in tags:
        return "error output:\n" + excerpt(next(output_texts(errors[0])))
    if not errors and "raises-exception" in tags:
        return "tagged raises-exception, but ran without an error"
    panics = [t for t in texts if "panicked" in t]
    if panics and "expect-panic" not in tags:  # the message may be in the next stream output
        return "unexpected panic:\n" + excerpt("".join(texts), around="panicked")
    if not panics and "expect-panic" in tags:
        return "tagged expect-panic, but did not panic"
    if "timeline" in tags and not any(SVG_IMAGE in t for t in texts):
        return "tagged timeline, but shows no picture (an <img> of an SVG, as helpers draws it)"
    return None


EXERCISE_ROLES = ("exercise", "check", "solution")  # in the order they must come
# Tags that let a cell fail on purpose: a check must always run cleanly and print its verdict, and
# a solution must compile (it may demonstrate a caught panic, so `expect-panic` stays allowed).
FORBIDDEN_TAGS = {"check": ("raises-exception", "expect-panic"), "solution": ("raises-exception",)}


def _tags(cell):
    return set(cell.get("metadata", {}).get("tags", []))


def exercise_role(cell):
    """`exercise`, `check` or `solution` when the cell is that part of an exercise, else None."""
    roles = [role for role in EXERCISE_ROLES if role in _tags(cell)]
    return roles[0] if roles else None


def exercise_shape_problems(cells):
    """[(cell index, problem)] for every break of the exercise shape; [] when all is well.

    Static (reads only the cells' tags and metadata, no outputs), so it runs before the kernel
    starts and in the unit tests. The next code cell after an `exercise` must be its `check`:
    markdown between them is fine, other code is not. A hidden `solution` cell may follow the
    check in a chapter not yet on the exercise framework (tests/exercises/README.md); chapters on
    it have none, which tests/test_chapter_exercises.py holds them to."""
    problems = []
    expected, started = None, None  # the role the next code cell must have; its exercise's index
    for index, cell in enumerate(cells):
        roles = [role for role in EXERCISE_ROLES if role in _tags(cell)]
        if cell.get("cell_type") != "code":
            if roles:
                problems.append((index, f"a {cell.get('cell_type')} cell tagged {roles[0]}: "
                                        "exercise tags belong on code cells"))
            continue
        if len(roles) > 1:
            problems.append((index, f"tagged {' and '.join(roles)}: one role per cell"))
        role = roles[0] if roles else None
        if expected == "solution" and role != "solution":
            expected = None  # the solution is optional: the exercise ended with its check
        if expected and role != expected:
            found = f"a `{role}` cell" if role else "an untagged code cell"
            problems.append((index, f"the exercise in cell {started} must be followed by its "
                                    f"`{expected}` cell, found {found}"))
            expected = None
        elif role in ("check", "solution") and role != expected:
            before = "an `exercise` cell" if role == "check" else "an exercise's `check` cell"
            problems.append((index, f"a `{role}` cell without {before} just before it"))
        for tag in FORBIDDEN_TAGS.get(role, ()):
            if tag in _tags(cell):
                problems.append((index, f"a `{role}` cell may not be tagged {tag}: it must run "
                                        "and print its verdict"))
        if role == "solution" and not cell.get("metadata", {}).get("jupyter", {}).get(
                "source_hidden"):
            problems.append((index, 'a solution must be hidden: metadata "jupyter": '
                                    '{"source_hidden": true}'))
        if role == "exercise":
            expected, started = "check", index
        elif role == "check" and expected == "check":
            expected = "solution"
        elif role == expected:  # the solution closes its exercise
            expected = None
    if expected == "check":
        problems.append((started, "the exercise has no `check` cell after it"))
    return problems


def exercise_count(cells):
    """How many exercises are complete (an exercise, then its check) with no shape problem."""
    broken = {index for index, _ in exercise_shape_problems(cells)}
    code = [(i, exercise_role(c)) for i, c in enumerate(cells) if c.get("cell_type") == "code"]
    return sum(1 for n in range(len(code) - 1)
               if [role for _, role in code[n:n + 2]] == ["exercise", "check"]
               and not broken & {i for i, _ in code[n:n + 2]})


def verdict_lines(cell):
    """The lines a cell printed that begin with PASS or FAIL (a check's one-line verdict)."""
    lines = (line.strip() for o in cell.get("outputs", []) for text in output_texts(o)
             for line in ANSI.sub("", text).splitlines())
    return [line for line in lines if line.startswith(("PASS", "FAIL"))]


def exercise_output_problem(cell):
    """Why an executed check or solution cell did not print the verdict it must, or None.

    A check runs right after its starter, which is not an answer yet, so it must say FAIL (a check
    that passes on the starter cannot tell a learner anything). The solution ends with the same
    check, which must then say PASS."""
    role = exercise_role(cell)
    if role not in ("check", "solution"):
        return None
    lines = verdict_lines(cell)
    passes = [line for line in lines if line.startswith("PASS")]
    fails = [line for line in lines if line.startswith("FAIL")]
    if role == "check":
        if passes:
            return f"the check passes on the starter (it must print FAIL): {passes[0][:LINE_CHARS]}"
        if not fails:
            return "the check printed no line starting with FAIL after the starter"
    else:
        if fails:
            return f"the solution's check failed: {fails[0][:LINE_CHARS]}"
        if not passes:
            return "the solution printed no line starting with PASS"
    return None


def executed_cell_problem(cell):
    """Why an executed cell fails its notebook, or None: its own rules, then its exercise verdict.
    Shared by this checker and the browser test, which execute the same notebooks two ways."""
    return cell_problem(cell) or exercise_output_problem(cell)


def describe(index, cell):
    """How a person finds the cell: its index (from 0, as in the JSON) and first source line."""
    first = _text(cell.get("source", "")).strip().splitlines()
    return f"cell {index} ({first[0][:60] if first else 'empty'})"


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


def run_notebook(path, timeout, write, latency=None):
    """Execute one notebook; return None when it passes, else the reason it failed. A `latency`
    dict is filled with the notebook's latency figures (also when it failed after running)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    nb = nbformat.read(path, as_version=4)
    shape = exercise_shape_problems(nb.cells)
    if shape:  # before the kernel starts: a misplaced tag needs no compiling to be found
        index, problem = shape[0]
        return f"{describe(index, nb.cells[index])}: {problem}"
    current = {"index": len(nb.cells) - 1}

    def on_cell_start(cell, cell_index):
        current["index"] = cell_index

    client = NotebookClient(
        nb,
        kernel_name=nb.metadata.get("kernelspec", {}).get("name", "rust"),
        timeout=timeout,
        allow_errors=False,  # nbclient already honours the raises-exception tag
        resources={"metadata": {"path": str(path.parent)}},  # cwd: `:dep` paths are relative
        on_cell_start=on_cell_start,
        coalesce_streams=True,  # evcxr sends one stream message per line; saved files stay tidy
    )
    fatal = None  # a timeout or a dead kernel says more than what the cell printed meanwhile
    fallback = None  # nbclient's message, should the failing cell hold no error output
    # The kernel's own stdout/stderr (cargo's "Compiling ..." lines, evcxr's start-up banner)
    # would break the progress lines; keep it in a file and show its end if the kernel fails.
    kernel_requested = time.time()  # wall clock, as the kernel's timestamps are
    with tempfile.TemporaryFile("w+") as kernel_log:
        try:
            client.execute(stdout=kernel_log, stderr=kernel_log)
        except CellTimeoutError:
            fatal = f"timed out after {timeout} s"
        except CellExecutionError as error:
            fallback = "error:\n" + excerpt(str(error))
        except DeadKernelError as error:
            kernel_log.seek(0)
            fatal = f"the kernel died: {error}\n" + excerpt(kernel_log.read())

    if latency is not None:
        latency.update(notebook_latency(nb.cells, kernel_requested))
    # The first problem in cell order: a panic in cell 3 explains the errors that follow it.
    last = current["index"]
    for index, cell in enumerate(nb.cells[:last + 1]):
        problem = fatal if index == last and fatal else executed_cell_problem(cell)
        if problem:
            return f"{describe(index, cell)}: {problem}"
    if fallback:
        return f"{describe(last, nb.cells[last])}: {fallback}"
    if write:
        strip_solution_outputs(nb.cells)
        nbformat.write(nb, path)
    return None


def strip_solution_outputs(cells):
    """Empty the outputs of every solution cell, so the saved notebook does not show the answer
    (its PASS line, the prediction it passed with) under the hidden source. They were checked."""
    for cell in cells:
        if exercise_role(cell) == "solution":
            cell["outputs"] = []
            cell["execution_count"] = None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="default: notebooks/[0-9]*.ipynb, in order")
    parser.add_argument("--timeout", type=int, default=int(os.environ.get("CELL_TIMEOUT", 300)),
                        help="seconds one cell may take (env CELL_TIMEOUT; default 300)")
    parser.add_argument("--write", action="store_true",
                        help="save each executed notebook in place when it passes")
    parser.add_argument("--latency-json", type=Path, metavar="PATH",
                        help="also save the latency figures (per notebook and overall) as JSON")
    args = parser.parse_args(argv)

    paths = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
    if not paths:
        print("no notebooks found in notebooks/")
    failed = 0
    reports = []
    for number, path in enumerate(paths, 1):
        shown = os.path.relpath(path)
        print(f"[{number}/{len(paths)}] {shown} ...", end=" ", flush=True)
        started = time.monotonic()
        latency = {}
        try:
            problem = run_notebook(path.resolve(), args.timeout, args.write, latency)
        except Exception as error:  # the kernel would not start, unreadable JSON, ...
            problem = f"{type(error).__name__}: {error}"
        wall = time.monotonic() - started
        if problem:
            failed += 1
            print(f"FAILED: {problem}", flush=True)
        else:
            print(f"ok ({wall:.1f} s)", flush=True)
        if latency:
            print(f"    {latency_line(latency)}", flush=True)
            reports.append({"notebook": shown, "passed": not problem, "wall_s": round(wall, 1),
                            **latency})
    print(f"{len(paths) - failed} passed, {failed} failed")
    if reports:
        overall = overall_latency(reports)
        print(f"all notebooks: {latency_line(overall)}; {overall['wall_s']:.0f} s in all")
        if args.latency_json:
            args.latency_json.parent.mkdir(parents=True, exist_ok=True)
            args.latency_json.write_text(json.dumps(
                {"definition": LATENCY_DEFINITION,
                 "time_unit_ms": os.environ.get("TIME_UNIT_MS"),
                 "notebooks": reports, "overall": overall}, indent=1) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
