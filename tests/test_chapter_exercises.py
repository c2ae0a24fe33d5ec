"""Chapters 01 to 11 each end with at least two exercises in the shared shape (static, no kernel).

The shape (an `exercise` starter, its `check`, its hidden `solution`) is the checker's own rule,
`exercise_shape_problems`; run_notebooks.py then proves, by executing each notebook once, that
every check fails after its starter and passes after its solution.

    python -m unittest discover -s tests      (make test runs it)
"""

import json
import unittest
from pathlib import Path

from run_notebooks import ROOT, describe, exercise_count, exercise_shape_problems

CHAPTERS_WITH_EXERCISES = [f"{number:02d}" for number in range(1, 12)]
AT_LEAST = 2


def chapter_path(number):
    paths = sorted((ROOT / "notebooks").glob(f"{number}-*.ipynb"))
    return paths[0] if len(paths) == 1 else None


class ChapterExercises(unittest.TestCase):
    def test_every_notebook_has_well_formed_exercises(self):
        for path in sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")):
            cells = json.loads(path.read_text())["cells"]
            with self.subTest(notebook=path.name):
                problems = [f"{describe(i, cells[i])}: {p}" for i, p in
                            exercise_shape_problems(cells)]
                self.assertEqual(problems, [])

    def test_chapters_01_to_11_have_two_exercises_each(self):
        for number in CHAPTERS_WITH_EXERCISES:
            with self.subTest(chapter=number):
                path = chapter_path(number)
                self.assertIsNotNone(path, f"no single notebooks/{number}-*.ipynb")
                count = exercise_count(json.loads(Path(path).read_text())["cells"])
                self.assertGreaterEqual(count, AT_LEAST,
                                        f"{path.name} has {count} complete exercise(s)")


if __name__ == "__main__":
    unittest.main()
