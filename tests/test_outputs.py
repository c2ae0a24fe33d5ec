"""Committed outputs name no folder of the machine that ran them (tooling/outputs.py)."""

import json
import unittest
from pathlib import Path

from tooling.outputs import absolute_path_problems, normalise_paths

ROOT = Path(__file__).resolve().parent.parent
RAN_AT = Path("/work/main")


def stream(*lines):
    return {"output_type": "stream", "name": "stdout", "text": list(lines)}


def code(*outputs):
    return {"cell_type": "code", "source": "", "metadata": {}, "outputs": list(outputs)}


class CommittedOutputs(unittest.TestCase):
    def test_no_committed_output_names_the_checkout_or_a_home_folder(self):
        found = []
        for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
            cells = json.loads(path.read_text())["cells"]
            found += [f"{path.name} cell {index}: {name}"
                      for index, name in absolute_path_problems(cells, ROOT)]
        self.assertEqual(found, [], "outputs that name this machine's folders: `make run` writes "
                         "them from <checkout> and ~ (or run `python -m tooling.outputs "
                         "notebooks/*.ipynb` on the committed files)")


class Normalising(unittest.TestCase):
    def test_checkout_and_home_paths_become_placeholders(self):
        cells = [code(stream("ok: (/work/main/helpers/../target/worker/release/token-worker)\n",
                             "/root/.cargo/bin/evcxr_jupyter\n")),
                 code({"output_type": "execute_result", "execution_count": 1, "metadata": {},
                       "data": {"text/plain": "\"/home/ana/.cache/x\"",
                                "image/svg+xml": "<svg>/root/keep</svg>"}})]
        self.assertEqual(len(absolute_path_problems(cells, RAN_AT)), 3)
        self.assertEqual(normalise_paths(cells, RAN_AT, home=Path("/root")), 2)
        self.assertEqual(cells[0]["outputs"][0]["text"],
                         ["ok: (<checkout>/target/worker/release/token-worker)\n",
                          "~/.cargo/bin/evcxr_jupyter\n"])
        self.assertEqual(cells[1]["outputs"][0]["data"]["text/plain"], '"~/.cache/x"')
        self.assertEqual(cells[1]["outputs"][0]["data"]["image/svg+xml"], "<svg>/root/keep</svg>",
                         "pictures are left alone")
        self.assertEqual(absolute_path_problems(cells, RAN_AT), [])

    def test_a_checkout_inside_the_home_folder_keeps_its_project_relative_path(self):
        cells = [code(stream("/home/ana/src/pir/target/cluster/release/cluster-map\n"))]
        normalise_paths(cells, Path("/home/ana/src/pir"), home=Path("/home/ana"))
        self.assertEqual(cells[0]["outputs"][0]["text"],
                         ["<checkout>/target/cluster/release/cluster-map\n"])

    def test_text_that_only_looks_like_a_path_stays(self):
        cells = [code(stream("rm -rf ~ and /tmp/x and /work/mainly and "
                             "https://example.org/docs/helpers/x\n"))]
        self.assertEqual(normalise_paths(cells, RAN_AT, home=Path("/root")), 0)
        self.assertEqual(absolute_path_problems(cells, RAN_AT), [])

    def test_errors_and_markdown_are_covered(self):
        cells = [code({"output_type": "error", "ename": "E", "evalue": "at /root/x",
                       "traceback": ["in /work/main/notebooks/a.rs"]}),
                 {"cell_type": "markdown", "source": "/root/is fine in prose", "metadata": {}}]
        self.assertEqual([i for i, _ in absolute_path_problems(cells, RAN_AT)], [0, 0])
        normalise_paths(cells, RAN_AT, home=Path("/root"))
        self.assertEqual(cells[0]["outputs"][0]["evalue"], "at ~/x")
        self.assertEqual(cells[0]["outputs"][0]["traceback"], ["in <checkout>/notebooks/a.rs"])


if __name__ == "__main__":
    unittest.main()
