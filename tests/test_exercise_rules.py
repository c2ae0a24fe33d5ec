"""The notebook checker's exercise rules, on hand-made cells (no kernel needed).

    python -m unittest discover -s tests      (make test runs it)
"""

import unittest

from run_notebooks import (exercise_count, exercise_output_problem, exercise_shape_problems,
                           strip_solution_outputs)


def code(*tags, hidden=False, outputs=(), source="let x = 1;"):
    metadata = {"tags": list(tags)}
    if hidden:
        metadata["jupyter"] = {"source_hidden": True}
    return {"cell_type": "code", "source": source, "metadata": metadata, "outputs": list(outputs)}


def markdown(text="Your turn.", tags=()):
    return {"cell_type": "markdown", "source": text, "metadata": {"tags": list(tags)}}


def printed(text, name="stdout"):
    return {"output_type": "stream", "name": name, "text": text}


def exercise(starter_tags=()):
    """A well-formed exercise on the framework: its task, the starter, the check, and a note on
    `solution("NN.k")` (the solution itself is not a cell)."""
    return [markdown(), code("exercise", *starter_tags), code("check"),
            markdown('`solution("01.1")` prints a worked answer once you have tried.')]


def legacy_exercise():
    """An exercise of a chapter not yet on the framework: its hidden solution follows the check."""
    return [markdown(), code("exercise"), code("check"), code("solution", hidden=True)]


FAIL_LINE = "FAIL: \"B\" is missing Hint: collect every result\n"
PASS_LINE = "PASS: 12 results in order\n"


class WellFormedExercises(unittest.TestCase):
    def test_two_exercises_among_other_cells(self):
        cells = [code(), markdown()] + exercise() + [code()] + exercise(["raises-exception"])
        self.assertEqual(exercise_shape_problems(cells), [])
        self.assertEqual(exercise_count(cells), 2)

    def test_code_right_after_a_check_starts_something_new(self):
        cells = exercise() + [code(), code("exercise"), code("check")]
        self.assertEqual(exercise_shape_problems(cells), [])
        self.assertEqual(exercise_count(cells), 2)

    def test_a_legacy_hidden_solution_may_follow_the_check(self):
        cells = legacy_exercise() + exercise()
        self.assertEqual(exercise_shape_problems(cells), [])
        self.assertEqual(exercise_count(cells), 2)

    def test_markdown_between_the_three_parts_is_fine(self):
        cells = [code("exercise"), markdown("Check it:"), code("check"), markdown("Answer:"),
                 code("solution", hidden=True)]
        self.assertEqual(exercise_shape_problems(cells), [])
        self.assertEqual(exercise_count(cells), 1)

    def test_a_legacy_solution_may_demonstrate_a_caught_panic(self):
        cells = [code("exercise"), code("check"), code("solution", "expect-panic", hidden=True)]
        self.assertEqual(exercise_shape_problems(cells), [])

    def test_no_exercise_at_all(self):
        self.assertEqual(exercise_shape_problems([code(), markdown()]), [])
        self.assertEqual(exercise_count([code(), markdown()]), 0)


class ShapeProblems(unittest.TestCase):
    def assertProblem(self, cells, index, words):
        problems = exercise_shape_problems(cells)
        self.assertTrue(problems, "no problem found")
        self.assertEqual(problems[0][0], index, problems)
        self.assertIn(words, problems[0][1])
        return problems

    def test_code_between_exercise_and_check(self):
        self.assertProblem([code("exercise"), code(), code("check"), code("solution", hidden=True)],
                           1, "must be followed by its `check` cell, found an untagged code cell")

    def test_solution_before_check(self):
        self.assertProblem([code("exercise"), code("solution", hidden=True), code("check")],
                           1, "found a `solution` cell")

    def test_two_checks(self):
        self.assertProblem([code("exercise"), code("check"), code("check")], 2,
                           "a `check` cell without an `exercise` cell just before it")

    def test_missing_check(self):
        self.assertProblem([code("exercise")], 0, "no `check` cell after it")
        self.assertProblem([code("exercise"), markdown()], 0, "no `check` cell after it")

    def test_stray_check(self):
        self.assertProblem([code(), code("check")], 1, "without an `exercise` cell just before")

    def test_stray_solution(self):
        self.assertProblem([code(), code("solution", hidden=True)], 1,
                           "without an exercise's `check` cell")

    def test_solution_not_hidden(self):
        self.assertProblem([code("exercise"), code("check"), code("solution")], 2,
                           "source_hidden")

    def test_check_that_may_fail_to_compile_or_panic(self):
        for tag in ("raises-exception", "expect-panic"):
            self.assertProblem([code("exercise"), code("check", tag),
                                code("solution", hidden=True)], 1, f"may not be tagged {tag}")

    def test_solution_that_may_fail_to_compile(self):
        self.assertProblem([code("exercise"), code("check"),
                            code("solution", "raises-exception", hidden=True)], 2,
                           "may not be tagged raises-exception")

    def test_two_roles_on_one_cell(self):
        self.assertProblem([code("exercise", "check")], 0, "one role per cell")

    def test_role_on_a_markdown_cell(self):
        self.assertProblem([markdown(tags=["exercise"])], 0, "belong on code cells")

    def test_a_broken_exercise_is_not_counted(self):
        cells = exercise() + [code("exercise"), code("check", "expect-panic")]
        self.assertEqual(exercise_count(cells), 1)
        cells = exercise() + [code("exercise"), code(), code("check")]
        self.assertEqual(exercise_count(cells), 1)


class SavedSolutions(unittest.TestCase):
    def test_write_keeps_every_output_but_the_solutions(self):
        cells = [code("exercise", outputs=[printed("[]\n")]), code("check", outputs=[printed(FAIL_LINE)]),
                 code("solution", hidden=True, outputs=[printed(PASS_LINE)])]
        cells[2]["execution_count"] = 7
        strip_solution_outputs(cells)
        self.assertEqual([len(c["outputs"]) for c in cells], [1, 1, 0])
        self.assertIsNone(cells[2]["execution_count"])


class Verdicts(unittest.TestCase):
    def test_check_after_starter_fails_as_it_must(self):
        self.assertIsNone(exercise_output_problem(code("check", outputs=[printed(FAIL_LINE)])))

    def test_solution_passes_as_it_must(self):
        cell = code("solution", hidden=True, outputs=[printed("[\"HELLO\"]\n" + PASS_LINE)])
        self.assertIsNone(exercise_output_problem(cell))

    def test_other_cells_are_not_judged(self):
        self.assertIsNone(exercise_output_problem(code("exercise", outputs=[printed(PASS_LINE)])))
        self.assertIsNone(exercise_output_problem(code(outputs=[printed(FAIL_LINE)])))

    def test_check_that_passes_on_the_starter(self):
        problem = exercise_output_problem(code("check", outputs=[printed(PASS_LINE)]))
        self.assertIn("passes on the starter", problem)
        self.assertIn("12 results in order", problem)

    def test_check_that_prints_both(self):
        problem = exercise_output_problem(code("check", outputs=[printed(FAIL_LINE + PASS_LINE)]))
        self.assertIn("passes on the starter", problem)

    def test_check_that_prints_no_verdict(self):
        for outputs in ([], [printed("results: []\n")], [printed("it is a FAIL\n")]):
            problem = exercise_output_problem(code("check", outputs=outputs))
            self.assertIn("no line starting with FAIL", problem, outputs)

    def test_check_whose_verdict_is_not_at_the_line_start(self):
        # "PASS" inside a sentence is not a verdict; the check still printed no FAIL line.
        problem = exercise_output_problem(code("check", outputs=[printed("did not PASS\n")]))
        self.assertIn("no line starting with FAIL", problem)

    def test_solution_that_fails(self):
        problem = exercise_output_problem(code("solution", outputs=[printed(FAIL_LINE)]))
        self.assertIn("the solution's check failed", problem)
        self.assertIn("\"B\" is missing", problem)

    def test_solution_that_prints_both(self):
        problem = exercise_output_problem(code("solution", outputs=[printed(PASS_LINE + FAIL_LINE)]))
        self.assertIn("the solution's check failed", problem)

    def test_solution_that_prints_no_verdict(self):
        problem = exercise_output_problem(code("solution", outputs=[printed("done\n")]))
        self.assertIn("no line starting with PASS", problem)

    def test_verdict_in_display_data_and_coloured_lines(self):
        shown = {"output_type": "display_data", "data": {"text/plain": ["x\n", "FAIL: late"]},
                 "metadata": {}}
        self.assertIsNone(exercise_output_problem(code("check", outputs=[shown])))
        coloured = printed("\x1b[32mPASS: fine\x1b[0m\n")
        self.assertIsNone(exercise_output_problem(code("solution", outputs=[coloured])))


if __name__ == "__main__":
    unittest.main()
