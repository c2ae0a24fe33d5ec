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
    is followed by one tagged `check`, then one tagged `solution` (the next code cells; markdown
    may sit between), the solution hidden (`"jupyter": {"source_hidden": true}`), no stray check or
    solution, and no `raises-exception`/`expect-panic` on a check;
  - a `check` that does not print a line starting `FAIL` after the starter, or prints one
    starting `PASS`; a `solution` that prints no `PASS` line, or a `FAIL` one. One execution
    proves both: the starter runs, its check must fail, then the solution runs its own check.
Each notebook also reports its cell latency (see `cell_latencies`); --latency-json saves it.
--write saves the executed notebook in place (make run), and only when it passed, so a broken
run never replaces good committed outputs; solution cells are saved without their outputs, which
would show the answer. The rules live in `tooling.rules`, pure functions over a cell's JSON,
so tests/test_checker.py can test them without a kernel; this file is the command line of
`tooling.runner`, and the latency figures come from `tooling.latency`.
"""

import sys

# The rules, the runner and the latency figures live in the `tooling` package; these names stay
# importable from here for the scripts and tests that use them.
from tooling.latency import (LATENCY_DEFINITION, cell_latencies, latency_figures,  # noqa: F401
                             latency_line, notebook_latency, overall_latency, percentile)
from tooling.rules import (ANSI, cell_problem, describe, error_code_problem,  # noqa: F401
                           excerpt, executed_cell_problem, exercise_count,
                           exercise_output_problem, exercise_role, exercise_shape_problems,
                           expected_error_codes, output_texts, pinned_error_problem,
                           shown_error_codes, verdict_lines)
from tooling.runner import ROOT, main, run_notebook, strip_solution_outputs  # noqa: F401

if __name__ == "__main__":
    sys.exit(main())
