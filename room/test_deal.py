"""deal.py's update rule: a learner's work is never overwritten (python3 -m unittest room/test_deal.py)."""

import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import deal  # noqa: E402


class DealTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        root = Path(self.tmp.name)
        self.course, self.home = root / "course", root / "home"
        (self.course / "notebooks").mkdir(parents=True)
        (self.course / "helpers").mkdir()
        self.home.mkdir()
        deal.HOME, deal.WORKSHOP = self.home, self.home / "parallelism-in-rust"
        deal.GIVEN = self.home / ".local/share/pir-room/given.json"
        self.mine = deal.WORKSHOP / "notebooks/02.ipynb"

    def tearDown(self):
        self.tmp.cleanup()

    def publish(self, text):
        (self.course / "notebooks/02.ipynb").write_text(text)
        deal.main(["deal.py", str(self.course), "/opt/pir-room/vendor"])

    def test_first_deal_copies_notebooks_and_links_the_rest(self):
        self.publish("v1")
        self.assertEqual(self.mine.read_text(), "v1")
        self.assertTrue((deal.WORKSHOP / "helpers").is_symlink())
        self.assertIn('directory = "/opt/pir-room/vendor"', (self.home / ".cargo/config.toml").read_text())

    def test_an_unchanged_notebook_is_replaced(self):
        self.publish("v1")
        self.publish("v2")
        self.assertEqual(self.mine.read_text(), "v2")
        self.assertFalse(self.mine.with_name("02.updated.ipynb").exists())

    def test_a_changed_notebook_is_kept_and_the_new_one_put_beside_it(self):
        self.publish("v1")
        self.mine.write_text("my answers")
        self.publish("v2")
        self.assertEqual(self.mine.read_text(), "my answers")
        self.assertEqual(self.mine.with_name("02.updated.ipynb").read_text(), "v2")
        self.publish("v3")  # the .updated copy, untouched by the learner, follows the course
        self.assertEqual(self.mine.read_text(), "my answers")
        self.assertEqual(self.mine.with_name("02.updated.ipynb").read_text(), "v3")

    def test_a_deleted_notebook_comes_back(self):
        self.publish("v1")
        self.mine.unlink()
        self.publish("v1")
        self.assertEqual(self.mine.read_text(), "v1")

    def test_a_symlink_planted_in_place_of_a_notebook_is_left_alone(self):
        self.publish("v1")
        target = Path(self.tmp.name) / "elsewhere"
        target.write_text("not the learner's notebook")
        self.mine.unlink()
        self.mine.symlink_to(target)
        self.publish("v2")
        self.assertEqual(target.read_text(), "not the learner's notebook")
        self.assertTrue(self.mine.is_symlink())


if __name__ == "__main__":
    unittest.main()
