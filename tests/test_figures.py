"""Benchmark figures in prose agree with the measurements they quote (tooling/figures.py).

The first tests run the rules on the committed prose, registry and bench/results; the others feed
them made-up prose and results, to show that each rule fails when it should and says where.
"""

import re
import tempfile
import unittest
from pathlib import Path

from tooling import figures
from tooling.figures import Prose

RESULTS = {
    "sleeping": {"groups": [
        {"side": "python", "style": "joblib", "workers": 2, "unit_ms": 100.0,
         "wall_ms": {"median": 1597.6, "min": 1565.9}},
        {"side": "python", "style": "joblib", "workers": 2, "unit_ms": 1000.0,
         "wall_ms": {"median": 13309.6, "min": 13273.8}},
    ]},
    "runs": {"A": [[{"cpu": 2.0}, {"cpu": 4.0}]]},
}
JOBLIB = "{sleeping.groups[style=joblib,unit_ms=100].wall_ms.median} / 100"


def load_fixed(source):
    return RESULTS


class TheCommittedProse(unittest.TestCase):
    """The rules on the prose as committed, against bench/results as committed."""

    @classmethod
    def setUpClass(cls):
        cls.pieces = figures.prose_of()
        cls.registered, cls.allowed = figures.load_registry()

    def test_every_registered_figure_agrees_with_its_measurement(self):
        problems = figures.figure_problems(self.registered, self.pieces, figures.json_sources())
        self.assertEqual(problems, [], "a figure in prose disagrees with the measurement it "
                         "quotes: fix the prose (or print the figure from a cell), then the entry "
                         "in tooling/figures.toml:\n" + "\n".join(problems))

    def test_no_benchmark_figure_is_typed_into_prose_unregistered(self):
        found = figures.unexplained_figures(self.pieces, self.registered, self.allowed)
        self.assertEqual([c.describe() for c in found], [],
                         "benchmark-looking figures in prose that nothing checks: print them "
                         "from a cell that reads bench/results/results.json, register them in "
                         "tooling/figures.toml, or drop the number")

    def test_every_registry_entry_still_guards_a_figure(self):
        stale = figures.stale_entries(self.pieces, self.registered + self.allowed)
        self.assertEqual([(e["file"], e["text"]) for e in stale], [],
                         "entries whose text covers no benchmark-looking figure in their file: "
                         "the prose changed, so update or remove them")

    def test_the_scan_sees_the_prose_it_is_meant_to_guard(self):
        # Not vacuous: the scan finds the schedule figures every guide quotes, in the documents and
        # in the notebooks, and the registry is not empty.
        found = {(c.file, c.figure) for c in figures.candidates(self.pieces)}
        self.assertIn(("WORKSHOP.md", "14 s"), found)
        self.assertGreaterEqual(len({file for file, _ in found if file.startswith("notebooks/")}),
                                3, "the scan reads the notebooks' markdown")
        self.assertTrue(self.registered, "the registry holds no figure: nothing is compared")

    def test_the_schedule_rule_is_the_helper_crates(self):
        # The hand-computed makespans and chunk sizes helpers/src/predict.rs tests its own against.
        predict = (figures.ROOT / "helpers" / "src" / "predict.rs").read_text()
        table = predict[predict.index("fn greedy_matches_hand_computed_values"):]
        pairs = re.findall(r"\((\d+), (\d+)\),", table[:table.index("];")])
        self.assertGreaterEqual(len(pairs), 5)
        for workers, makespan in pairs:
            self.assertEqual(figures.greedy_makespan(figures.TUTORIAL_UNITS, int(workers)),
                             int(makespan), f"{workers} workers")
        chunks = re.findall(r"python_default_chunk\((\d+), (\d+)\), (\d+)\)", predict)
        self.assertGreaterEqual(len(chunks), 2)
        for tasks, workers, chunk in chunks:
            self.assertEqual(figures.python_default_chunk(int(tasks), int(workers)), int(chunk))

    def test_schedule_arithmetic_is_the_tutorials_makespans(self):
        # 1..6 workers one word at a time, and Python's Pool.map chunks of two on two workers.
        self.assertEqual(figures.schedule_units(), {26, 13, 9, 7, 6, 5, 14})


class TheRegistryRule(unittest.TestCase):
    """A registered figure that disagrees fails, naming the file, the text and the value."""

    def problems(self, prose, **entry):
        entry = {"file": "notebooks/06-rayon.ipynb", "why": "test", **entry}
        pieces = [Prose("notebooks/06-rayon.ipynb", "cell 5", prose)]
        return figures.figure_problems([entry], pieces, load_fixed)

    def test_a_figure_that_agrees_passes(self):
        self.assertEqual(self.problems("joblib takes about 16 units here.",
                                       text="takes about 16 units", values=[JOBLIB]), [])
        self.assertEqual(self.problems("joblib takes 15.98 units.", text="takes 15.98 units",
                                       values=[JOBLIB]), [])

    def test_a_drifted_figure_fails_with_file_text_and_expected_value(self):
        problem, _ = self.problems("own joblib code takes 17 to 18\nunits; chapter 12",
                                  text="takes 17 to 18 units",
                                  values=[JOBLIB, "{sleeping.groups[style=joblib,unit_ms=100]"
                                                  ".wall_ms.min} / 100"])
        self.assertIn("notebooks/06-rayon.ipynb", problem)
        self.assertIn("'takes 17 to 18 units'", problem)
        self.assertIn("says 17, bench/results/results.json gives 15.98", problem)
        self.assertIn("rounds to 16", problem)

    def test_the_rounding_follows_the_decimals_written(self):
        [problem] = self.problems("takes 16.1 units", text="takes 16.1 units", values=[JOBLIB])
        self.assertIn("rounds to 16.0", problem)
        self.assertEqual(self.problems("about 17 units", text="about 17 units", values=[JOBLIB],
                                       tolerance=1), [])

    def test_a_quote_gone_from_its_file_or_repeated_fails(self):
        [gone] = self.problems("joblib takes 16 units", text="needs 16 units", values=[JOBLIB])
        self.assertIn("occurs 0 times", gone)
        [twice] = self.problems("16 units, 16 units", text="16 units", values=[JOBLIB])
        self.assertIn("occurs 2 times", twice)

    def test_values_must_match_the_numbers_written(self):
        [problem] = self.problems("takes 16 units", text="takes 16 units", values=[JOBLIB, "1"])
        self.assertIn("1 numbers written, 2 values registered", problem)

    def test_a_path_that_finds_nothing_is_named(self):
        [problem] = self.problems("takes 16 units", text="takes 16 units",
                                  values=["{sleeping.groups[style=loky].wall_ms.median}"])
        self.assertIn("[style=loky] matches 0 elements of 'sleeping'", problem.replace(
            "'groups'", "'sleeping'"))
        with self.assertRaisesRegex(ValueError, "matches 2 elements"):
            figures.resolve(RESULTS, "sleeping.groups[style=joblib].wall_ms.median")
        with self.assertRaisesRegex(ValueError, "no key 'p90'"):
            figures.resolve(RESULTS, "sleeping.groups[unit_ms=100].wall_ms.p90")
        self.assertEqual(figures.resolve(RESULTS, "runs.A[0][1].cpu"), 4.0)

    def test_expressions_are_arithmetic_only(self):
        self.assertEqual(figures.evaluate("median({runs.A[0][0].cpu}, 4, 9) * 2", RESULTS), 8.0)
        with self.assertRaisesRegex(ValueError, "only"):
            figures.evaluate("__import__('os')", RESULTS)

    def test_a_registry_entry_without_its_keys_is_refused(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder, "figures.toml")
            path.write_text('[[figure]]\nfile = "README.md"\ntext = "16 units"\nwhy = "x"\n')
            with self.assertRaisesRegex(ValueError, "lacks values"):
                figures.load_registry(path)


class TheScan(unittest.TestCase):
    """Benchmark-looking numbers must be registered, allowed, or schedule arithmetic."""

    def unexplained(self, prose, file="notebooks/06-rayon.ipynb", registered=(), allowed=()):
        pieces = [Prose(file, "cell 5", prose)]
        return [c.figure for c in figures.unexplained_figures(pieces, list(registered),
                                                                list(allowed))]

    def test_a_measured_number_beside_a_python_style_is_flagged(self):
        self.assertEqual(self.unexplained("joblib takes 17 to 18 units on two cores."),
                         ["17 to 18 units"])
        self.assertEqual(self.unexplained("Its overhead was 297.6 ms."), ["297.6 ms"])
        self.assertEqual(self.unexplained("`ProcessPoolExecutor` is 1.3x slower."), ["1.3x"])

    def test_the_same_number_with_no_benchmark_word_is_the_chapters_business(self):
        self.assertEqual(self.unexplained("The bar ends after 17 units."), [])

    def test_every_number_in_chapter_12s_prose_is_bench_facing(self):
        self.assertEqual(self.unexplained("A sleep of 40 ms wakes late.",
                                          file=figures.BENCH_CHAPTER), ["40 ms"])

    def test_schedule_arithmetic_needs_no_entry(self):
        self.assertEqual(self.unexplained("joblib on two workers: 13 units; Python's Pool.map "
                                          "takes 14 s; one worker, 26 units."), [])
        self.assertEqual(self.unexplained("joblib on two workers: 12 units."), ["12 units"])

    def test_registered_and_allowed_figures_are_covered(self):
        entry = {"file": "notebooks/06-rayon.ipynb", "text": "takes 16 units", "why": "x"}
        self.assertEqual(self.unexplained("joblib takes 16 units.", registered=[entry]), [])
        self.assertEqual(self.unexplained("joblib takes 16 units.", allowed=[entry]), [])
        other_file = dict(entry, file="README.md")
        self.assertEqual(self.unexplained("joblib takes 16 units.", allowed=[other_file]),
                         ["16 units"])

    def test_a_fenced_python_comment_is_prose_too(self):
        self.assertEqual(self.unexplained("```python\nwith ThreadPoolExecutor() as ex:  # 1.2x\n"
                                          "    ex.map(f, xs)\n```"), ["1.2x"])

    def test_a_sentence_may_span_lines_but_not_a_heading(self):
        self.assertEqual(self.unexplained("joblib, run as a script,\ntakes 17 units."),
                         ["17 units"])
        self.assertEqual(self.unexplained("## joblib\n\nThe bar ends after 17 units."), [])


if __name__ == "__main__":
    unittest.main()
