"""Execute the notebooks headless through Jupyter's nbclient and check what they printed.

    python tests/run_notebooks.py [--timeout S] [--write] [NOTEBOOK ...]

Without paths it runs notebooks/[0-9]*.ipynb in order. A notebook fails on:
  - an error output (a compile error, say) in a cell not tagged `raises-exception`;
  - a cell tagged `raises-exception` that runs without error (it exists to fail on purpose), or
    fails with another compiler error than the one it teaches: such a cell names its error codes
    in tags, `error-E0373` and so on, and its error output must show exactly those codes
    (`pinned_error_problem` checks the tags statically, `error_code_problem` the output);
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
would show the answer, and paths in outputs are written from `<checkout>` and `~`
(tooling.outputs), never as this machine's folders. The rules live in `tooling.rules`, pure
functions over a cell's JSON, so tests/test_checker.py can test them without a kernel; tests/run_notebooks.py is this
module's command line, and the latency figures come from `tooling.latency`.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from tooling.latency import LATENCY_DEFINITION, latency_line, notebook_latency, overall_latency
from tooling.outputs import normalise_paths
from tooling.rules import describe, excerpt, executed_cell_problem, exercise_role, \
    exercise_shape_problems

ROOT = Path(__file__).resolve().parent.parent


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
        normalise_paths(nb.cells, ROOT)  # no folder of this machine in a committed output
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
