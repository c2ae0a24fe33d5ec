"""The oldest Python the tooling runs on is written in three places, and they must agree: the
Makefile's PYTHON_MIN (which `make setup` enforces), README.md's "Python X.Y or newer", and the
version environment.yml pins for conda and Binder users.

    python -m unittest discover -s tests      (make check runs it)
"""

import re
import sys
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def found(pattern, path):
    """The first group of `pattern` in the file at `path`, or a failure naming what is missing."""
    match = re.search(pattern, (ROOT / path).read_text(), re.M)
    if not match:
        raise AssertionError(f"{path} no longer says which Python it needs ({pattern!r})")
    return match[1]


class OnePythonVersion(unittest.TestCase):
    def test_readme_makefile_and_environment_agree(self):
        makefile = found(r"^PYTHON_MIN := (\d+\.\d+)$", "Makefile")
        self.assertEqual(found(r"Python (\d+\.\d+) or newer", "README.md"), makefile,
                         "README.md and the Makefile's PYTHON_MIN name different Pythons")
        self.assertEqual(found(r"^\s*- python=(\d+\.\d+)$", "environment.yml"), makefile,
                         "environment.yml pins another Python than the Makefile's PYTHON_MIN")

    def test_these_tests_run_on_it(self):
        makefile = found(r"^PYTHON_MIN := (\d+\.\d+)$", "Makefile")
        self.assertGreaterEqual(sys.version_info[:2], tuple(map(int, makefile.split("."))))


if __name__ == "__main__":
    unittest.main()
