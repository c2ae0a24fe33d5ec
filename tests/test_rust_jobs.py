"""bench/rust_jobs.py: the benchmark's Rust jobs worked out from helpers' style table (here a small
made-up table, as `run-styles --list --json` prints it), run as `make bench` runs it.

    python -m unittest discover -s tests      (make check runs it)
"""

import json
import subprocess
import sys
import unittest
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "bench" / "rust_jobs.py"
TABLE = [
    {"name": "sequential", "python": []},
    {"name": "pool-ordered", "python": [{"style": "tpe-map"}, {"style": "threadpool-imap"}]},
    {"name": "process-pool", "python": [{"style": "ppe-map"}]},
]


def run(python, also, table=TABLE):
    stdin = "".join(json.dumps(style) + "\n" for style in table)
    return subprocess.run([sys.executable, str(SCRIPT), "--python", *python, "--also", *also],
                          input=stdin, capture_output=True, text=True, check=False)


class RustJobs(unittest.TestCase):
    def test_each_python_job_brings_its_counterpart_at_its_count(self):
        done = run(["tpe-map 6", "threadpool-imap 2", "ppe-map 2", "joblib 2", "tpe-map 2"],
                   ["sequential 1"])
        self.assertEqual(done.returncode, 0, done.stderr)
        # Each job once, in order: tpe-map 2 and threadpool-imap 2 both bring pool-ordered 2.
        self.assertEqual(done.stdout.splitlines(),
                         ["pool-ordered 6", "pool-ordered 2", "process-pool 2", "sequential 1"])

    def test_a_style_no_job_runs_is_an_error(self):
        done = run(["tpe-map 6"], ["sequential 1"])
        self.assertEqual(done.returncode, 1)
        self.assertIn("styles no job runs: process-pool", done.stderr)

    def test_an_unknown_style_is_an_error(self):
        done = run(["tpe-map 6", "ppe-map 2"], ["sequentail 1"])
        self.assertEqual(done.returncode, 1)
        self.assertIn("no style 'sequentail'", done.stderr)


if __name__ == "__main__":
    unittest.main()
