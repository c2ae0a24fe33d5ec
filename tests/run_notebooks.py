"""Execute the notebooks headless through Jupyter's nbclient and check what they printed.

    python tests/run_notebooks.py [--timeout S] [--write] [--latency-json PATH] [NOTEBOOK ...]

The command line of `tooling.runner`, whose docstring lists every rule a notebook must pass
(`tooling.rules`) and what --write and --latency-json do (`tooling.latency`).
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
