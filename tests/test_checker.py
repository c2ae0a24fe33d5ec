"""Each failure rule of the notebook checker, on hand-made cells (no kernel needed).

    python -m unittest discover -s tests      (make test runs it)
"""

import json
import unittest

from tooling.rules import cell_problem, describe, error_code_problem, pinned_error_problem
from tooling.runner import ROOT


def cell(*outputs, tags=(), source="let x = 1;"):
    return {"cell_type": "code", "source": source, "metadata": {"tags": list(tags)},
            "outputs": list(outputs)}


def stream(text, name="stdout"):
    return {"output_type": "stream", "name": name, "text": text}


def display(mime, value):
    return {"output_type": "display_data", "data": {mime: value}, "metadata": {}}


# What evcxr shows for a compile error and for a panic (the panic is only stderr text).
COMPILE_ERROR = {"output_type": "error", "ename": "Error", "evalue": "mismatched types",
                 "traceback": ["\x1b[31m[E0308] Error:\x1b[0m mismatched types"]}
PANIC = stream("thread '<unnamed>' panicked at src/lib.rs:3:5:\nboom\n", name="stderr")
SVG = '<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>'
IMG = ('<img src="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmci'
       'PjxyZWN0Lz48L3N2Zz4=" width="800" alt="a timeline">')


class CleanCellsPass(unittest.TestCase):
    def test_plain_output(self):
        self.assertIsNone(cell_problem(cell(stream("[\"A\", \"BB\"]\n2.01 s\n"))))

    def test_no_output(self):
        self.assertIsNone(cell_problem(cell()))

    def test_markdown_is_ignored(self):
        self.assertIsNone(cell_problem({"cell_type": "markdown", "source": "panicked",
                                        "metadata": {}}))

    def test_expected_error(self):
        self.assertIsNone(cell_problem(cell(COMPILE_ERROR, tags=["raises-exception", "error-E0308"])))

    def test_two_expected_errors(self):
        borrow = dict(COMPILE_ERROR, traceback=["\x1b[31m[E0499] Error:\x1b[0m cannot borrow"])
        self.assertIsNone(cell_problem(cell(COMPILE_ERROR, borrow,
                                            tags=["raises-exception", "error-E0499", "error-E0308"])))

    def test_expected_panic(self):
        self.assertIsNone(cell_problem(cell(PANIC, tags=["expect-panic"])))

    def test_timeline_with_its_picture(self):
        for html in (IMG, ["<div>", IMG[:30], IMG[30:], "</div>"]):  # list-of-lines form too
            self.assertIsNone(cell_problem(cell(display("text/html", html), tags=["timeline"])),
                              html)


class EachRuleFails(unittest.TestCase):
    def assertFails(self, a_cell, reason):
        problem = cell_problem(a_cell)
        self.assertIsNotNone(problem)
        self.assertIn(reason, problem)
        return problem

    def test_error_output(self):
        problem = self.assertFails(cell(COMPILE_ERROR), "error output")
        self.assertIn("mismatched types", problem)
        self.assertNotIn("\x1b[", problem)  # colour codes stripped from the excerpt

    def test_raises_exception_that_does_not(self):
        self.assertFails(cell(stream("fine\n"), tags=["raises-exception", "error-E0308"]),
                         "ran without an error")

    def test_raises_exception_without_its_error_code(self):
        self.assertFails(cell(COMPILE_ERROR, tags=["raises-exception"]), "error-E0373")

    def test_raises_exception_with_the_wrong_error(self):
        problem = self.assertFails(cell(COMPILE_ERROR, tags=["raises-exception", "error-E0277"]),
                                   "wrong compiler error")
        self.assertIn("E0277 did not show", problem)
        self.assertIn("it showed E0308", problem)

    def test_raises_exception_with_one_error_too_many(self):
        borrow = dict(COMPILE_ERROR, traceback=["\x1b[31m[E0499] Error:\x1b[0m cannot borrow"])
        problem = self.assertFails(cell(COMPILE_ERROR, borrow,
                                        tags=["raises-exception", "error-E0308"]),
                                   "wrong compiler error")
        self.assertIn("E0499", problem)

    def test_error_code_without_raises_exception(self):
        self.assertFails(cell(stream("fine\n"), tags=["error-E0308"]), "not raises-exception")

    def test_panic_in_stderr(self):
        problem = self.assertFails(cell(stream("start\n"), PANIC), "unexpected panic")
        self.assertIn("src/lib.rs:3:5", problem)

    def test_panic_in_display_text(self):
        self.assertFails(cell(display("text/plain", "worker panicked: boom")), "unexpected panic")
        self.assertFails(cell(display("text/html", "<pre>panicked at x</pre>")), "unexpected panic")

    def test_expect_panic_that_does_not(self):
        self.assertFails(cell(stream("fine\n"), tags=["expect-panic"]), "did not panic")

    def test_timeline_without_its_picture(self):
        self.assertFails(cell(display("text/plain", "Run { .. }"), tags=["timeline"]), "no picture")
        self.assertFails(cell(tags=["timeline"]), "no picture")
        # Inline SVG shows as loose words in a notebook the reader has not run.
        self.assertFails(cell(display("text/html", SVG), tags=["timeline"]), "no picture")
        self.assertFails(cell(display("image/svg+xml", SVG), tags=["timeline"]), "no picture")

    def test_long_output_is_cut_around_the_panic(self):
        noise = "x" * 300 + "\n"
        problem = self.assertFails(cell(stream(noise * 50 + "panicked at here\n" + noise * 50)),
                                   "panic")
        self.assertIn("panicked at here", problem)
        self.assertLess(len(problem), 4000)

    def test_long_error_keeps_its_last_lines(self):
        cargo = ["    Compiling crate%d" % i for i in range(100)] + ["error: linker `cc` not found"]
        error = dict(COMPILE_ERROR, traceback=cargo)
        problem = self.assertFails(cell(error), "error output")
        self.assertIn("linker `cc` not found", problem)
        self.assertNotIn("crate50", problem)


class CommittedNotebooksPinTheirErrors(unittest.TestCase):
    """Static, on the notebooks as committed: every `raises-exception` cell names the compiler
    errors it teaches, and where its error output is committed, that output shows exactly them."""

    def test_every_raises_exception_cell_is_pinned(self):
        pinned = 0
        for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
            for index, a_cell in enumerate(json.loads(path.read_text())["cells"]):
                tags = a_cell.get("metadata", {}).get("tags", [])
                if a_cell.get("cell_type") != "code" or not any(
                        t == "raises-exception" or t.startswith("error-") for t in tags):
                    continue
                where = f"{path.name}, {describe(index, a_cell)}"
                self.assertIsNone(pinned_error_problem(a_cell), where)
                if any(o.get("output_type") == "error" for o in a_cell.get("outputs", [])):
                    self.assertIsNone(error_code_problem(a_cell), where)
                    pinned += 1
        self.assertGreater(pinned, 0, "no committed raises-exception output was checked")


class Describe(unittest.TestCase):
    def test_names_cell_by_index_and_first_line(self):
        self.assertEqual(describe(3, cell(source="\n:dep rayon = \"1\"\nmore")),
                         'cell 3 (:dep rayon = "1")')


if __name__ == "__main__":
    unittest.main()
