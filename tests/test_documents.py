"""WORKSHOP.md's and README.md's typed-in tables against what they describe: the minutes of the
chapters with no exercises and the day plans built from them, the per-core-count time tables
against the schedule arithmetic (`tooling.figures`, the rule of `helpers::greedy_makespan`), and the
chapters named for warming and for their optimisation level against the notebooks' first cells.

(The chapters with exercises have their minutes held to their manifests in
test_chapter_exercises.py; benchmark figures in prose are test_figures.py's.)
"""

import json
import re
import tomllib
import unittest
from pathlib import Path

from tooling.figures import TUTORIAL_UNITS, greedy_makespan, python_default_chunk

ROOT = Path(__file__).resolve().parent.parent
WORKSHOP = (ROOT / "WORKSHOP.md").read_text()
README = (ROOT / "README.md").read_text()
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
MINUTES = re.compile(r"^\*(\d+) minutes", re.M)


def number_of(path):
    return path.name.split("-")[0]


def cells(path):
    return json.loads(path.read_text())["cells"]


def first_code(path):
    return next("".join(c["source"]) for c in cells(path) if c["cell_type"] == "code")


def table_after(text, heading):
    """The rows (lists of stripped cells) of the first markdown table after `heading`."""
    lines = text[text.index(heading):].splitlines()
    rows = []
    for line in lines if lines[0].startswith("|") else lines[1:]:
        if line.startswith("|"):
            if not set(line) <= set("|-: "):
                rows.append([cell.strip() for cell in line.strip("|").split("|")])
        elif rows:
            break
    return rows[1:]  # without the header


def clock(text):
    hours, minutes = map(int, text.split(":"))
    return hours * 60 + minutes


class Minutes(unittest.TestCase):
    def setUp(self):
        self.table = {row[0].split()[0]: row for row in table_after(WORKSHOP,
                                                                      "## Minutes per chapter")}

    def test_chapters_without_exercises_state_the_minutes_the_tables_say(self):
        readme = {re.search(r"\[(\w+) ", row[0])[1]: row for row in
                  table_after(README, "## The chapters")}
        for path in NOTEBOOKS:
            number = number_of(path)
            if any("exercise" in c.get("metadata", {}).get("tags", []) for c in cells(path)):
                continue  # test_chapter_exercises.py holds these to their manifests
            with self.subTest(chapter=number):
                stated = MINUTES.search("".join(cells(path)[0]["source"]))
                self.assertIsNotNone(stated, f"{path.name}'s first cell states no *N minutes*")
                minutes = stated[1]
                self.assertEqual(self.table[number][1:], [minutes, "none", minutes],
                                 "WORKSHOP.md's minutes table")
                self.assertEqual(readme[number][-1], minutes, "README's chapter table")

    def test_the_total_is_the_sum(self):
        rows = [row for key, row in self.table.items() if key != "**All**"]
        self.assertEqual(len(rows), len(NOTEBOOKS), "a row per chapter")
        total = sum(int(row[3]) for row in rows)
        self.assertEqual(self.table["**All**"][3],
                         f"**{total}** ({total // 60} h {total % 60} min)")

    def check_day(self, heading, start, end):
        minutes = {key: int(row[3]) for key, row in self.table.items() if key != "**All**"}
        rows = table_after(WORKSHOP, heading)
        for (time, what), (next_time, _) in zip(rows, rows[1:] + [[end, ""]]):
            with self.subTest(day=heading, at=time):
                spans = [int(m) for m in re.findall(r"\((\d+)\)", what)]
                for chapter, stated in re.findall(r"\*\*(\w+)[^*]*\*\*[^(]*\((\d+)\)", what):
                    self.assertEqual(int(stated), minutes[chapter],
                                     f"{chapter}'s minutes against the minutes table")
                spare = re.search(r"\((\d+) spare minutes\)", what)
                taken = sum(spans) + (int(spare[1]) if spare else 0)
                self.assertEqual(clock(time) + taken, clock(next_time),
                                 f"{time} plus {what!r} should reach the next row")
        self.assertEqual(clock(rows[0][0]), clock(start))

    def test_the_full_day_adds_up(self):
        self.check_day("## A full day (09:00 to 17:00)", "09:00", "17:00")

    def test_the_half_day_adds_up(self):
        self.check_day("## A half day (3 h 30 min)", "0:00", "3:30")


class ExerciseTables(unittest.TestCase):
    def test_the_workshops_exercise_tables_name_the_manifests_exercises(self):
        titles = {e["id"]: e["title"] for path in (ROOT / "tests" / "exercises").glob("ch*.toml")
                  for e in tomllib.loads(path.read_text()).get("exercise", [])}
        named = re.findall(r"^\| (\d\db?\.\d) (.+?) \|", WORKSHOP, re.M)
        self.assertGreaterEqual(len(named), 8, "WORKSHOP.md's tables of what the checks hold")
        for exercise, title in named:
            with self.subTest(exercise=exercise):
                self.assertEqual(title, titles.get(exercise), "the exercise's title in its manifest")


class TimesPerCoreCount(unittest.TestCase):
    """The tables of "What the results look like on different laptops"."""

    def test_the_worker_table_is_the_greedy_makespan(self):
        workers, units = self.worker_rows()
        for count, stated in zip(workers[1:], units[1:]):
            with self.subTest(workers=count):
                counts = [int(n) for n in re.findall(r"\d+", count)]
                self.assertEqual(int(stated), greedy_makespan(TUTORIAL_UNITS, counts[0]))
                if "or more" in count:  # every count above gives the same
                    self.assertEqual(greedy_makespan(TUTORIAL_UNITS, len(TUTORIAL_UNITS)),
                                     int(stated))

    def worker_rows(self):
        start = WORKSHOP.index("| Workers |")
        lines = WORKSHOP[start:].splitlines()
        return ([c.strip() for c in lines[0].strip("|").split("|")],
                [c.strip() for c in lines[2].strip("|").split("|")])

    def test_each_run_takes_its_pools_makespan_on_two_and_eight_cores(self):
        # How many workers each kind of run has on `cores` cores, and its chunk: the defaults
        # chapter 00's pool table prints (Python's ThreadPoolExecutor: min(32, cores + 4); its
        # process pools and Pool: one per core; Pool.map's chunk: python_default_chunk).
        words = len(TUTORIAL_UNITS)
        runs = {
            "a thread per word": lambda cores: [(words, 1), (min(32, cores + 4), 1)],
            "rayon's global pool": lambda cores: [(cores, 1)],
            "a pool of one worker process per core": lambda cores: [(cores, 1)],
            "`ThreadPool.map` with Python's default chunk size":
                lambda cores: [(cores, python_default_chunk(words, cores))],
            "twelve tokio tasks on one thread": lambda cores: [(words, 1)],
        }
        rows = table_after(WORKSHOP, "| Run | 2-core laptop | 8-core laptop |")
        checked = 0
        for row in rows:
            kind = next((k for k in runs if row[0].startswith(k)), None)
            if kind is None:
                self.assertIn("CPU-bound", row[0], f"a row the test does not know: {row[0]!r} "
                              "(its speed-ups are registered in tooling/figures.toml)")
                continue
            for cores, stated in zip((2, 8), row[1:]):
                with self.subTest(run=kind, cores=cores):
                    low, high = self.seconds(stated)
                    for workers, chunk in runs[kind](cores):
                        chunks = [sum(TUTORIAL_UNITS[i:i + chunk])
                                  for i in range(0, words, chunk)]
                        expected = greedy_makespan(chunks, workers)
                        self.assertTrue(low <= expected <= high,
                                        f"{stated!r}: the schedule gives {expected} s")
                    chunk_said = re.search(r"chunks of (\d+)", stated)
                    if chunk_said:
                        self.assertEqual(int(chunk_said[1]), runs[kind](cores)[0][1])
                    checked += 1
        self.assertEqual(checked, 2 * len(runs))

    @staticmethod
    def seconds(stated):
        match = re.match(r"(\d+)(?: to (\d+))? s\b", stated)
        if not match:
            raise AssertionError(f"{stated!r} is not 'N s' or 'N to M s'")
        return int(match[1]), int(match[2] or match[1])


class FirstCells(unittest.TestCase):
    """What the documents say about the chapters' first cells."""

    def test_the_warm_up_names_one_chapter_for_each_different_first_cell(self):
        one_each = {}
        for path in NOTEBOOKS:
            one_each.setdefault(first_code(path), number_of(path))
        said = re.search(r"different first cells; one chapter of each builds them all:\s+"
                         r"([\d, ]+?)\s+\(", WORKSHOP)
        self.assertIsNotNone(said, "WORKSHOP.md's warm-up no longer lists its chapters")
        self.assertEqual(re.findall(r"\d+b?", said[1]), sorted(one_each.values()))
        for sentence in (r"The chapters have (\d+) different first cells",
                         r"one kernel per different first cell, (\d+) of them"):
            with self.subTest(sentence=sentence):
                count = re.search(sentence, WORKSHOP)
                self.assertIsNotNone(count, f"WORKSHOP.md no longer says {sentence!r}")
                self.assertEqual(int(count[1]), len(one_each))

    def test_the_chapters_said_to_build_optimised_are_those_without_opt_0(self):
        levels = {}  # the opt level of each chapter not at :opt 0 ("2": evcxr's default)
        for path in NOTEBOOKS:
            level = re.search(r"^:opt (\d)", first_code(path), re.M)
            if not level or level[1] != "0":
                levels[number_of(path)] = level[1] if level else "2"
        for name, text, pattern in [
                ("README.md", README, r"Chapters ([\d, and]+) compile at `:opt (\d)` instead"),
                ("WORKSHOP.md", WORKSHOP,
                 r"\((\d+) and (\d+) share theirs: rayon, at `:opt (\d)` rather than `:opt 0`")]:
            with self.subTest(document=name):
                match = re.search(pattern, text)
                self.assertIsNotNone(match, f"{name} no longer names the chapters not at :opt 0")
                *chapters, level = match.groups()
                self.assertEqual(sorted(re.findall(r"\d+b?", " ".join(chapters))), sorted(levels))
                self.assertEqual({level}, set(levels.values()), "the level their first cells set")

    def test_the_only_chapter_said_to_load_tokio_does(self):
        loads = [number_of(p) for p in NOTEBOOKS if ":dep tokio" in first_code(p)]
        said = re.search(r"(\d+) is the only chapter that loads tokio", WORKSHOP)
        self.assertEqual([said[1]] if said else [], loads)


if __name__ == "__main__":
    unittest.main()
