"""The latency figures of the notebook checker and of bench/latency.py (per chapter, the targets,
and room/sizing.py's reading of them), on hand-made timings (no kernel).

    python -m unittest discover -s tests      (make test runs it)
"""

import unittest
from datetime import datetime, timezone

from tooling.latency import (cell_latencies, chapter_figures, chapter_of, latency_figures,
                             latency_line, notebook_latency, overall_latency, percentile,
                             target_table)

START = datetime(2026, 11, 26, 12, 0, 0, tzinfo=timezone.utc).timestamp()


def stamp(seconds):
    """nbclient's timestamp format for START + seconds."""
    moment = datetime.fromtimestamp(START + seconds, tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def timed(busy, reply, cell_type="code"):
    return {"cell_type": cell_type, "source": "x", "outputs": [],
            "metadata": {"execution": {"iopub.status.busy": stamp(busy),
                                       "iopub.execute_input": stamp(busy + 0.001),
                                       "shell.execute_reply": stamp(reply),
                                       "iopub.status.idle": stamp(reply - 0.001)}}}


class Latencies(unittest.TestCase):
    def test_request_to_reply_per_code_cell(self):
        cells = [{"cell_type": "markdown", "source": "", "metadata": {}},
                 timed(5.0, 17.0), {"cell_type": "code", "source": "", "metadata": {}},
                 timed(17.5, 19.75)]
        got = cell_latencies(cells)
        self.assertEqual([index for index, _ in got], [1, 3])  # unexecuted cells have no timing
        self.assertAlmostEqual(got[0][1], 12.0, places=3)
        self.assertAlmostEqual(got[1][1], 2.25, places=3)

    def test_idle_stands_in_for_a_missing_reply(self):
        cell = timed(0.0, 3.0)
        del cell["metadata"]["execution"]["shell.execute_reply"]
        self.assertAlmostEqual(cell_latencies([cell])[0][1], 2.999, places=3)

    def test_nearest_rank_percentile(self):
        values = list(range(1, 11))  # 1..10
        self.assertEqual(percentile(values, 0.9), 9)
        self.assertEqual(percentile(values, 0.5), 5)
        self.assertEqual(percentile([4.0], 0.9), 4.0)
        self.assertEqual(percentile(list(range(1, 21)), 0.9), 18)

    def test_figures(self):
        figures = latency_figures([2.0, 1.0, 15.0, 3.0])
        self.assertEqual(figures, {"cells": 4, "median_s": 2.5, "p90_s": 15.0, "worst_s": 15.0})
        self.assertEqual(latency_figures([])["cells"], 0)

    def test_notebook_first_cell_and_first_answer(self):
        cells = [timed(5.0, 17.0), timed(17.5, 19.5), timed(20.0, 21.0)]
        report = notebook_latency(cells, kernel_requested=START)
        self.assertEqual(report["first_cell_s"], 12.0)
        self.assertEqual(report["kernel_start_s"], 5.0)
        self.assertEqual(report["first_answer_s"], 17.0)
        self.assertEqual(report["worst_cell"], 0)
        self.assertEqual(report["median_s"], 2.0)
        line = latency_line(report)
        self.assertIn("median 2.0 s", line)
        self.assertIn("first answer 17.0 s (kernel start 5.0 s)", line)

    def test_overall_pools_cells_and_takes_chapters_first_cells(self):
        one = notebook_latency([timed(5.0, 17.0), timed(17.5, 18.5)], START)
        two = notebook_latency([timed(4.0, 12.0), timed(12.5, 14.5), timed(15.0, 18.0)], START)
        one["wall_s"], two["wall_s"] = 20.0, 19.0
        overall = overall_latency([one, two])
        self.assertEqual(overall["cells"], 5)
        self.assertEqual(overall["median_s"], 3.0)  # of 1, 2, 3, 8, 12
        self.assertEqual(overall["worst_s"], 12.0)
        self.assertEqual(overall["first_cell_median_s"], 10.0)
        self.assertEqual(overall["first_cell_worst_s"], 12.0)
        self.assertEqual(overall["first_answer_worst_s"], 17.0)
        self.assertEqual(overall["wall_s"], 39.0)



def row(cell, latency, cpu, status="ok"):
    """One row as bench/latency_trace.py's run_cells returns it."""
    return {"code_cell": cell, "status": status, "latency": latency, "cpu": cpu}


def sample_rows():
    """A chapter of five code cells: the set-up, three quick ones and one failing on purpose."""
    rows = [row(0, 3.5, 2.0), row(1, 0.4, 0.2), row(2, 0.6, 0.5), row(3, 0.2, 0.1),
            row(4, 0.9, 0.7, status="error")]
    rows[0].update(kernel_start=2.0, peak_rss_mib=812.5)
    return rows


class ChapterFigures(unittest.TestCase):
    """bench/latency.py's per-chapter figures and targets, from hand-made run_cells rows."""

    def rows(self):
        return sample_rows()

    def test_first_cell_apart_from_later_cells(self):
        figures = chapter_figures(self.rows(), expected_errors={4})
        self.assertEqual(figures["first_cell_s"], 3.5)
        self.assertEqual(figures["first_cell_cpu_s"], 2.0)
        self.assertEqual(figures["first_answer_s"], 5.5)
        self.assertEqual(figures["later_median_s"], 0.5)  # of 0.2, 0.4, 0.6, 0.9
        self.assertEqual(figures["later_p90_s"], 0.9)
        self.assertEqual(figures["later_cpu_median_s"], 0.35)  # of 0.1, 0.2, 0.5, 0.7
        self.assertEqual(figures["peak_rss_mib"], 812.5)
        self.assertTrue(figures["passed"])

    def test_an_unexpected_error_fails_the_chapter(self):
        figures = chapter_figures(self.rows())
        self.assertFalse(figures["passed"])
        self.assertEqual(figures["failed_cells"], [4])
        self.assertFalse(chapter_figures([])["passed"])

    def test_targets_say_where_each_lands(self):
        quick = chapter_figures(self.rows(), {4})
        slow = dict(quick, later_median_s=1.2, later_cpu_median_s=0.9, first_cell_s=2.5)
        table = {t["key"]: t for t in target_table({"02": quick, "06": slow, "07": quick})}
        self.assertFalse(table["later_median_s"]["met"])
        self.assertEqual(table["later_median_s"]["worst_chapter"], "06")
        self.assertEqual(table["later_median_s"]["worst"], 1.2)
        self.assertFalse(table["first_cell_s"]["met"])  # 02 and 07 take 3.5 s
        self.assertTrue(table["first_answer_s"]["met"])  # 5.5 s in every chapter, under 6
        self.assertEqual(table["later_median_s_ratio"]["worst"], 2.4)  # 1.2 / 0.5
        self.assertFalse(table["later_median_s_ratio"]["met"])
        self.assertAlmostEqual(table["later_cpu_median_s_ratio"]["worst"], 2.57)  # 0.9 / 0.35
        even = {"02": quick, "06": quick}
        self.assertTrue({t["key"]: t for t in target_table(even)}["later_median_s_ratio"]["met"])

    def test_chapter_of_a_notebook_path(self):
        self.assertEqual(chapter_of("notebooks/08b-shared-state.ipynb"), "08b")
        self.assertEqual(chapter_of("06-rayon.ipynb"), "06")



class SizingFromLatency(unittest.TestCase):
    """room/sizing.py reads the compile cost per cell from latency.json."""

    def test_cores_follow_the_worst_chapters_later_cell(self):
        from room.sizing import compile_cost
        quick = dict(chapter_figures(sample_rows(), {4}), notebook="notebooks/02-a.ipynb")
        slow = dict(quick, notebook="notebooks/06-b.ipynb", later_cpu_median_s=1.0)
        latency = {"run": {"finished": "today", "load_before": "1.00"}, "notebooks": [quick, slow]}
        lines = compile_cost(latency, cell_wait_s=5)
        self.assertIn("| 02-a | 2.0 | 0.35 | 0.70 | 812 |", lines)
        self.assertIn("| 40 | 10 |", lines)  # 40 x 1.0 CPU s / 5 s x 1.2 = 9.6, rounded up
        self.assertIn("rerun", compile_cost({"notebooks": [{"notebook": "x"}]}, 5)[0])


if __name__ == "__main__":
    unittest.main()
