"""Run every exercise's wrong and right answers through the real kernel: the checks' own test.

    TIME_UNIT_MS=20 .venv/bin/python tests/exercises/run_answers.py [--timeout S] [--sample N]
        [chNN ...]

For each chapter manifest (tests/exercises/chNN.toml; all of them by default, or the chapters
named) the harness opens the chapter's notebook in one kernel and executes its cells in order.
At each exercise's starter it first runs every answer of that exercise as ONE cell: the answer's
code, then the source of the notebook's own check cell, inside one block `{ ... }`, so no variable
or function of one answer leaks into the next or into the notebook, and the real check cell is
what is tested. An answer passes when the cell prints a line starting with its expected verdict and
none starting with the other; a compile error (an error output) is a failure that names the answer.

For a chapter on the exercise framework the answers are the modules of tests/exercises/chNN.rs
(`cargo test` runs them all without a kernel; `--sample N` runs at most N per exercise here, one of
each class first, or the manifest's `sample` list), and its solution (helpers/solutions/chNN.rs)
runs the same way and must PASS. Then the starter and its check run as the notebook has them (the
check must FAIL: the starter's `todo!` is "not written yet"). In a chapter not yet converted the
starter, its check and its hidden solution cell run as the notebook has them, under
run_notebooks.py's rules (the starter's check must FAIL, the solution PASS). The notebook goes on.

The checks record progress: unless PIR_PROGRESS_FILE is set, the harness points it at a file of its
own in a temporary folder, so a run never touches the user's progress.

Prints one line per answer and `N passed, N failed`; exits 1 if anything failed.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from manifest import ManifestError, load, manifest_paths  # noqa: E402
from run_notebooks import (  # noqa: E402
    describe, executed_cell_problem, excerpt, exercise_role, output_texts, verdict_lines)


def answer_source(answer_code, check_source):
    """One cell: the answer, then the notebook's check, in a block whose value is the verdict."""
    return "{\n" + answer_code.rstrip() + "\n" + check_source.strip() + "\n}"


def answer_problem(cell, expect):
    """Why an executed answer cell did not give `expect`, or None."""
    errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    if errors:
        return "did not compile or run:\n" + excerpt(next(output_texts(errors[0])))
    lines = verdict_lines(cell)
    other = "FAIL" if expect == "PASS" else "PASS"
    wrong = [line for line in lines if line.startswith(other)]
    if wrong:
        return f"printed {wrong[0][:200]}"
    if not any(line.startswith(expect) for line in lines):
        printed = "".join(t for o in cell.get("outputs", []) for t in output_texts(o))
        return f"printed no line starting {expect}:\n" + excerpt(printed)
    return None


def has_error(cell):
    return any(o.get("output_type") == "error" for o in cell.get("outputs", []))


def run_answer(client, index, answer, check_source):
    """Executes one answer with the check; (the executed cell, why it is wrong or None)."""
    import nbformat

    trial = nbformat.v4.new_code_cell(answer_source(answer["code"], check_source))
    client.execute_cell(trial, index)
    return trial, answer_problem(trial, answer["expect"])


def sample_of(exercise, size):
    """The answers the kernel runs: the manifest's `sample`, else at most `size` (one of each
    class first, then the rest in file order), else all."""
    answers = exercise["answers"]
    if exercise["sample"]:
        return [a for a in answers if a["module"] in exercise["sample"]]
    if not size or not exercise["id"]:
        return answers
    chosen, classes = [], set()
    for answer in answers:  # one of each class first
        key = (answer["expect"], answer["class"])
        if key not in classes:
            classes.add(key)
            chosen.append(answer)
    chosen += [a for a in answers if a not in chosen]
    keep = chosen[:size]
    return [a for a in answers if a in keep]


def run_chapter(chapter, timeout, report, sample=0):
    """Execute one chapter's notebook with its answers; `report(ok, text)` gets each result."""
    import nbformat
    from nbclient import NotebookClient

    path = chapter["notebook"]
    nb = nbformat.read(path, as_version=4)
    starters = [i for i, cell in enumerate(nb.cells) if exercise_role(cell) == "exercise"]
    if len(starters) != len(chapter["exercises"]):
        report(False, f"{path.name}: {len(starters)} exercise starters in the notebook, "
                      f"{len(chapter['exercises'])} exercises in the manifest")
        return
    answers_at = dict(zip(starters, chapter["exercises"]))
    client = NotebookClient(
        nb, kernel_name=nb.metadata.get("kernelspec", {}).get("name", "rust"), timeout=timeout,
        allow_errors=True, resources={"metadata": {"path": str(path.parent)}},
        coalesce_streams=True)
    with open(os.devnull, "w") as quiet, client.setup_kernel(stdout=quiet, stderr=quiet):
        for index, cell in enumerate(nb.cells):
            exercise = answers_at.get(index)
            if exercise:
                check = next(c for c in nb.cells[index + 1:] if exercise_role(c) == "check")
                trials = sample_of(exercise, sample)
                if exercise["solution"] is not None:
                    trials = trials + [{"expect": "PASS", "why": "the solution",
                                        "code": exercise["solution"], "module": "solution"}]
                for number, answer in enumerate(trials, 1):
                    started = time.monotonic()
                    trial, problem = run_answer(client, index, answer, check.source)
                    if problem and not verdict_lines(trial) and not has_error(trial):
                        # No output at all: evcxr now and then reports a cell done before its
                        # printed line reaches the client (seen once in a few hundred cells). A
                        # missing line is no verdict, so the answer runs once more; a wrong
                        # verdict or a compile error is never retried.
                        trial, problem = run_answer(client, index, answer, check.source)
                    label = answer.get("module") or f"answer {number}"
                    name = (f"ch{chapter['chapter']} exercise {exercise['number']} {label} "
                            f"({answer['expect']}: {answer['why']})")
                    report(problem is None, f"{name}: " + (problem or
                           f"ok ({time.monotonic() - started:.1f} s)"))
            if cell.cell_type != "code":
                continue
            client.execute_cell(cell, index)
            problem = executed_cell_problem(cell)
            if problem:
                report(False, f"{path.name} {describe(index, cell)}: {problem}")
                return  # the cells after it may depend on it
    report(True, f"{path.name}: every cell as committed ran, each starter's check FAILed and "
                 "each solution PASSed")


def private_progress_file():
    """Points PIR_PROGRESS_FILE at a file of this run (the kernel inherits it), unless set."""
    if not os.environ.get("PIR_PROGRESS_FILE"):
        folder = tempfile.mkdtemp(prefix="pir-answers-")
        os.environ["PIR_PROGRESS_FILE"] = os.path.join(folder, "progress.json")
    return os.environ["PIR_PROGRESS_FILE"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", nargs="*",
                        help="chapters to run, e.g. 01 04, or a manifest file of one's own to try "
                             "answers (named chNN.toml, for chapter NN); default: all")
    parser.add_argument("--timeout", type=int, default=int(os.environ.get("CELL_TIMEOUT", 300)),
                        help="seconds one cell may take (env CELL_TIMEOUT; default 300)")
    parser.add_argument("--sample", type=int, default=0, metavar="N",
                        help="on the exercise framework, run at most N answers per exercise "
                             "(one of each class first); default: all")
    args = parser.parse_args(argv)
    private_progress_file()
    files = [Path(c) for c in args.chapters if c.endswith(".toml") and Path(c).is_file()]
    wanted = {c.removeprefix("ch").removesuffix(".toml") for c in args.chapters
              if Path(c) not in files}
    paths = files + [p for p in manifest_paths() if wanted and p.stem[2:] in wanted]
    if not args.chapters:
        paths = manifest_paths()
    counts = {True: 0, False: 0}

    def report(ok, text):
        counts[ok] += 1
        print(("  ok    " if ok else "  FAILED ") + text, flush=True)

    started = time.monotonic()
    for path in paths:
        print(f"{path.name}:", flush=True)
        try:
            run_chapter(load(path), args.timeout, report, args.sample)
        except ManifestError as error:
            report(False, str(error))
        except Exception as error:  # the kernel would not start or died, a cell timed out, ...
            report(False, f"{path.name}: {type(error).__name__}: {error}")
    print(f"{counts[True]} passed, {counts[False]} failed "
          f"({time.monotonic() - started:.0f} s, TIME_UNIT_MS={os.environ.get('TIME_UNIT_MS')})")
    return 1 if counts[False] or not paths else 0


if __name__ == "__main__":
    sys.exit(main())
