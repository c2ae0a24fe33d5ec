"""The notebook checker's latency figures, on cells with hand-made nbclient timings (no kernel).

    python -m unittest discover -s tests      (make test runs it)
"""

import unittest
from datetime import datetime, timezone

from tooling.latency import (cell_latencies, latency_figures, latency_line, notebook_latency,
                           overall_latency, percentile)

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


if __name__ == "__main__":
    unittest.main()
