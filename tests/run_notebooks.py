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
  - a cell running past the per-cell timeout, or the kernel dying.
--write saves the executed notebook in place (make run), and only when it passed, so a broken
run never replaces good committed outputs. The checks on one cell live in `cell_problem`, a pure
function over the cell's JSON, so tests/test_checker.py can test them without a kernel.
"""

import argparse
import os
import re
import sys
import tempfile
import time
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


def describe(index, cell):
    """How a person finds the cell: its index (from 0, as in the JSON) and first source line."""
    first = _text(cell.get("source", "")).strip().splitlines()
    return f"cell {index} ({first[0][:60] if first else 'empty'})"


def run_notebook(path, timeout, write):
    """Execute one notebook; return None when it passes, else the reason it failed."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    nb = nbformat.read(path, as_version=4)
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

    # The first problem in cell order: a panic in cell 3 explains the errors that follow it.
    last = current["index"]
    for index, cell in enumerate(nb.cells[:last + 1]):
        problem = fatal if index == last and fatal else cell_problem(cell)
        if problem:
            return f"{describe(index, cell)}: {problem}"
    if fallback:
        return f"{describe(last, nb.cells[last])}: {fallback}"
    if write:
        nbformat.write(nb, path)
    return None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="default: notebooks/[0-9]*.ipynb, in order")
    parser.add_argument("--timeout", type=int, default=int(os.environ.get("CELL_TIMEOUT", 300)),
                        help="seconds one cell may take (env CELL_TIMEOUT; default 300)")
    parser.add_argument("--write", action="store_true",
                        help="save each executed notebook in place when it passes")
    args = parser.parse_args(argv)

    paths = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
    if not paths:
        print("no notebooks found in notebooks/")
    failed = 0
    for number, path in enumerate(paths, 1):
        shown = os.path.relpath(path)
        print(f"[{number}/{len(paths)}] {shown} ...", end=" ", flush=True)
        started = time.monotonic()
        try:
            problem = run_notebook(path.resolve(), args.timeout, args.write)
        except Exception as error:  # the kernel would not start, unreadable JSON, ...
            problem = f"{type(error).__name__}: {error}"
        if problem:
            failed += 1
            print(f"FAILED: {problem}", flush=True)
        else:
            print(f"ok ({time.monotonic() - started:.1f} s)", flush=True)
    print(f"{len(paths) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
