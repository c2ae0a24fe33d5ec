"""The chapters' exercises against their manifest, tests/exercises/chNN.toml (static, no kernel).

Proves that every chapter 01-11 (and 08b) and 13 lists its exercises, each with at least three wrong answers
(one made up without the work) and two right ones; that every check cell calls its registered
function, spelled `check::chNN::name(`; that solution cells are committed without outputs; and that
the minutes agree between the notebooks (first cell and exercise headings), the manifest, the
README's chapter table and WORKSHOP.md. For the chapters on the exercise framework (an `id` in the
manifest; tests/exercises/README.md) also: no solution cell and no solution output in the notebook,
a starter with `todo!`, a check cell that is one call of the starter's function, a note on
`solution("NN.k")` after it, a committed check output that gives nothing away, wrong answers of
three classes or more including one that panics, the chapter registered for progress() and its
answers run by its cargo test. run_notebooks.py and tests/exercises/run_answers.py then execute the
exercises in the kernel.

    python -m unittest discover -s tests      (make test runs it)
"""

import json
import re
import sys
import unittest
from pathlib import Path

from run_notebooks import (ROOT, describe, exercise_count, exercise_role, exercise_shape_problems,
                           verdict_lines)

sys.path.insert(0, str(Path(__file__).resolve().parent / "exercises"))
from manifest import load  # noqa: E402
from run_answers import sample_of  # noqa: E402

CHAPTERS_WITH_EXERCISES = [f"{number:02d}" for number in [*range(1, 12), 13]]
CHAPTERS_WITH_EXERCISES.insert(CHAPTERS_WITH_EXERCISES.index("09"), "08b")
AT_LEAST_EXERCISES, AT_LEAST_FAIL, AT_LEAST_PASS = 2, 3, 2
AT_LEAST_FAIL_CLASSES = 3  # on the framework: wrong answers of this many classes at least
# The one FAIL line a committed check output may show on the framework: the starter not written yet.
NOT_STARTED = "FAIL: not written yet"
REGISTRY = ROOT / "helpers" / "src" / "check" / "registry.rs"
# `*25 minutes: 10 to read and run, 15 for the two exercises.*` in the first cell.
TITLE_MINUTES = re.compile(
    r"\*(\d+) minutes(?::|\*\s*\()\s*(\d+) to read and run, (\d+) for the (?:two )?exercises")
# `### 1. Three workers, by hand (5 minutes)` or `(small, 5 minutes)`.
HEADING = re.compile(r"^### (\d+)\. (.+?) \((?:[a-z]+, )?(\d+) minutes\)\s*$", re.M)


def chapter_path(number):
    paths = sorted((ROOT / "notebooks").glob(f"{number}-*.ipynb"))
    return paths[0] if len(paths) == 1 else None


def cells_of(path):
    return json.loads(Path(path).read_text())["cells"]


def source(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def manifest_path(chapter):
    return ROOT / "tests" / "exercises" / f"ch{chapter}.toml"


def markdown_table_rows(text):
    """{first cell's leading number: [cells]} of every markdown table row that starts with one."""
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        found = re.search(r"\b(\d\d[a-z]?)\b", cells[0]) if line.startswith("|") else None
        if found:
            rows.setdefault(found.group(1), cells)
    return rows


class ChapterExercises(unittest.TestCase):
    def test_every_notebook_has_well_formed_exercises(self):
        for path in sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")):
            cells = cells_of(path)
            with self.subTest(notebook=path.name):
                problems = [f"{describe(i, cells[i])}: {p}" for i, p in
                            exercise_shape_problems(cells)]
                self.assertEqual(problems, [])

    def test_every_chapter_has_its_exercises_in_the_manifest(self):
        for number in CHAPTERS_WITH_EXERCISES:
            with self.subTest(chapter=number):
                path = chapter_path(number)
                self.assertIsNotNone(path, f"no single notebooks/{number}-*.ipynb")
                count = exercise_count(cells_of(path))
                self.assertGreaterEqual(count, AT_LEAST_EXERCISES,
                                        f"{path.name} has {count} complete exercise(s)")
                self.assertTrue(manifest_path(number).exists(),
                                f"no tests/exercises/ch{number}.toml")
                chapter = load(manifest_path(number))
                self.assertEqual(chapter["notebook"], path)
                self.assertEqual(len(chapter["exercises"]), count,
                                 f"{path.name} has {count} exercises, the manifest lists "
                                 f"{len(chapter['exercises'])}")

    def test_every_exercise_has_wrong_and_right_answers(self):
        for manifest in sorted((ROOT / "tests" / "exercises").glob("ch*.toml")):
            for exercise in load(manifest)["exercises"]:
                with self.subTest(manifest=manifest.name, exercise=exercise["number"]):
                    answers = exercise["answers"]
                    fails = [a for a in answers if a["expect"] == "FAIL"]
                    passes = [a for a in answers if a["expect"] == "PASS"]
                    self.assertGreaterEqual(len(fails), AT_LEAST_FAIL, "too few wrong answers")
                    self.assertTrue(all(a["why"].strip() for a in answers), "every answer says why")
                    self.assertGreaterEqual(len(passes), AT_LEAST_PASS, "too few right answers")
                    self.assertTrue(any(a["made_up"] for a in fails),
                                    "no wrong answer marked made_up (results without the work)")
                    self.assertFalse(any(a["made_up"] for a in passes),
                                     "a right answer cannot be made up")

    def test_every_check_cell_calls_its_registered_function(self):
        for manifest in sorted((ROOT / "tests" / "exercises").glob("ch*.toml")):
            chapter = load(manifest)
            if any(e["id"] for e in chapter["exercises"]):
                continue  # on the framework: test_framework_exercises
            cells = cells_of(chapter["notebook"])
            checks = [c for c in cells if exercise_role(c) == "check"]
            solutions = [c for c in cells if exercise_role(c) == "solution"]
            for exercise, check, solution in zip(chapter["exercises"], checks, solutions):
                with self.subTest(notebook=chapter["notebook"].name, exercise=exercise["number"]):
                    call = exercise["check"] + "("
                    self.assertTrue(source(check).strip().startswith(call),
                                    f"the check cell must call {call}...): {source(check)!r}")
                    self.assertIn(call, source(solution), "the solution must end with the check")
                    self.assertNotIn("helpers::check::", source(check) + source(solution),
                                     "one spelling: check::chNN::name(...)")

    def test_framework_exercises(self):
        registry = REGISTRY.read_text()
        for manifest in sorted((ROOT / "tests" / "exercises").glob("ch*.toml")):
            chapter = load(manifest)
            converted = [e for e in chapter["exercises"] if e["id"]]
            if not converted:
                continue
            number = chapter["chapter"]
            cells = cells_of(chapter["notebook"])
            cargo_test = ROOT / "helpers" / "tests" / f"ch{number}_exercises.rs"
            with self.subTest(notebook=chapter["notebook"].name):
                self.assertEqual(len(converted), len(chapter["exercises"]),
                                 "a chapter is on the framework with all its exercises or none")
                self.assertEqual([i for i, c in enumerate(cells) if exercise_role(c) == "solution"],
                                 [], "no solution cell: solution(\"NN.k\") shows it after a try")
                self.assertTrue(re.search(rf"(?m)^    &ch{number}::CHAPTER,$", registry),
                                f"no line `&ch{number}::CHAPTER,` in helpers/src/check/registry.rs")
                self.assertTrue(cargo_test.exists(), f"no {cargo_test.relative_to(ROOT)}")
            starters = [i for i, c in enumerate(cells) if exercise_role(c) == "exercise"]
            for exercise, start in zip(converted, starters):
                with self.subTest(exercise=exercise["id"]):
                    self.check_one_framework_exercise(exercise, cells, start, cargo_test)

    def check_one_framework_exercise(self, exercise, cells, start, cargo_test):
        starter = source(cells[start])
        self.assertIn('todo!("your code here', starter, "the starter's body is todo!(...)")
        self.assertNotIn("record(", starter, "the check records the run, not the starter")
        # The learner's functions: those the starter defines at its top level (a starter may ask
        # for two, such as a prediction and the run it predicts), passed to the check in order.
        functions = re.findall(r"(?m)^(?:async )?fn ([a-z_][a-z0-9_]*)", starter)
        self.assertTrue(functions, "the starter defines a function")
        check_index = next(i for i in range(start + 1, len(cells))
                           if exercise_role(cells[i]) == "check")
        self.assertEqual(source(cells[check_index]).strip(),
                         f"{exercise['check']}({', '.join(functions)})",
                         "the check cell is one call of the registered check on the starter's fns")
        for cell in (cells[start], cells[check_index]):
            for line in verdict_lines(cell):
                self.assertTrue(line.startswith(NOT_STARTED),
                                f"a committed output gives more than 'not written yet': {line}")
        after = next((c for c in cells[check_index + 1:] if c["cell_type"] == "markdown"), None)
        self.assertIsNotNone(after)
        self.assertIn(f'solution("{exercise["id"]}")', source(after),
                      "the markdown after the check says how to see the solution")
        self.assertNotIn("todo!", exercise["solution"])
        fails = [a for a in exercise["answers"] if a["expect"] == "FAIL"]
        classes = {a["class"] for a in fails}
        self.assertGreaterEqual(len(classes), AT_LEAST_FAIL_CLASSES,
                                f"wrong answers of classes {sorted(classes)} only")
        self.assertIn("panics", classes, "a wrong answer that panics: the check must still judge")
        passes = [a for a in exercise["answers"] if a["expect"] == "PASS"]
        self.assertGreaterEqual(len({a["code"] for a in passes}), AT_LEAST_PASS)
        self.assertNotIn(exercise["solution"], [a["code"] for a in passes],
                         "right answers other than the solution")
        tested = cargo_test.read_text() if cargo_test.exists() else ""
        self.assertEqual(tested.count(f'"{exercise["id"]}"'), 2,
                         f"{cargo_test.name} runs the solution and the answers of {exercise['id']}")

    def test_a_sample_takes_one_answer_of_each_class_first(self):
        exercise = load(manifest_path("02"))["exercises"][0]
        sample = sample_of(exercise, 4)
        self.assertEqual(len(sample), 4)
        kinds = [(a["expect"], a["class"]) for a in sample]
        self.assertEqual(len(set(kinds)), 4, kinds)
        self.assertEqual(sample_of(exercise, 0), exercise["answers"])
        named = dict(exercise, sample=["long_channel"])
        self.assertEqual([a["module"] for a in sample_of(named, 4)], ["long_channel"])

    def test_solution_cells_are_committed_without_outputs(self):
        for path in sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")):
            for index, cell in enumerate(cells_of(path)):
                if exercise_role(cell) == "solution":
                    with self.subTest(notebook=path.name, cell=index):
                        self.assertEqual(cell.get("outputs"), [], "a solution's output shows its "
                                         "answer: commit it without outputs")

    def test_the_minutes_agree_everywhere(self):
        readme = markdown_table_rows((ROOT / "README.md").read_text())
        workshop = markdown_table_rows((ROOT / "WORKSHOP.md").read_text())
        for number in CHAPTERS_WITH_EXERCISES:
            path = chapter_path(number)
            if not manifest_path(number).exists():
                continue  # test_every_chapter_has_its_exercises_in_the_manifest says so
            with self.subTest(chapter=number):
                cells = cells_of(path)
                title = TITLE_MINUTES.search(source(cells[0]))
                self.assertIsNotNone(title, f"{path.name}'s first cell states no minutes in the "
                                     "form `*25 minutes: 10 to read and run, 15 for the two "
                                     "exercises.*`")
                total, read, exercises = map(int, title.groups())
                self.assertEqual(read + exercises, total, f"{path.name}'s first cell")
                headings = [m for c in cells if c["cell_type"] == "markdown"
                            for m in HEADING.finditer(source(c))]
                listed = load(manifest_path(number))["exercises"]
                self.assertEqual([(int(m.group(1)), m.group(2), int(m.group(3)))
                                  for m in headings],
                                 [(e["number"], e["title"], e["minutes"]) for e in listed],
                                 "the headings `### N. Title (M minutes)` against the manifest")
                self.assertEqual(sum(e["minutes"] for e in listed), exercises,
                                 "the exercises' minutes against the first cell")
                self.assertEqual(readme[number][-1], str(total), "README's chapter table")
                self.assertEqual(workshop[number][1:4], [str(read), str(exercises), str(total)],
                                 "WORKSHOP.md's minutes table")


if __name__ == "__main__":
    unittest.main()
