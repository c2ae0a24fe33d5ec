"""The browser test's rules on what the page shows, on hand-made outputs (no browser needed).

    python -m unittest discover -s tests      (make test runs it)
"""

import base64
import unittest

from browser_test import expected_pictures, picture_problems, picture_words

SVG = ('<svg width="800" xmlns="http://www.w3.org/2000/svg"><text x="1" y="2">\n'
       'seconds since the start of the run\n</text><text>#3</text></svg>')
IMG = ('<img src="data:image/svg+xml;base64,' + base64.b64encode(SVG.encode()).decode()
       + '" width="800" alt="a timeline">')
CELL = {"cell_type": "code", "source": "run.timeline()", "metadata": {}}


def display(mime, value):
    return {"output_type": "display_data", "data": {mime: value}, "metadata": {}}


def shown(text="", *pictures, mime="text/html"):
    return {"mime": mime, "text": text, "pictures": list(pictures)}


def picture(width=800, natural=800, height=450, overflow=-20, tag="img"):
    return {"tag": tag, "natural": natural, "width": width, "height": height, "shown": True,
            "overflow": overflow}


class WhatIsAPicture(unittest.TestCase):
    def test_each_form_is_a_picture_with_its_long_words(self):
        words = ["seconds since the start of the run"]  # "#3" is too short to tell
        self.assertEqual(picture_words(display("text/html", IMG)), words)
        self.assertEqual(picture_words(display("text/html", SVG)), words)
        self.assertEqual(picture_words(display("image/svg+xml", SVG)), words)
        self.assertEqual(picture_words(display("image/png", "iVBOR")), [])

    def test_text_is_not_a_picture(self):
        self.assertIsNone(picture_words(display("text/html", "<table></table>")))
        self.assertIsNone(picture_words({"output_type": "stream", "name": "stdout", "text": "x"}))


class WhatThePageMustShow(unittest.TestCase):
    def problems(self, *outputs_shown, output=None):
        cell = dict(CELL, outputs=[output or display("text/html", IMG)])
        return picture_problems([list(outputs_shown)], expected_pictures([cell]), [cell])

    def test_a_visible_picture_passes(self):
        self.assertEqual(self.problems(shown("", picture())), [])

    def test_a_summary_printed_beside_it_is_not_loose_text(self):
        printed = shown("seconds since the start of the run", mime="application/vnd.jupyter.stdout")
        self.assertEqual(self.problems(printed, shown("", picture())), [])

    def test_sanitized_svg_shows_words_and_no_picture(self):
        problems = self.problems(shown("0.0 seconds since the start of the run"), output=display("text/html", SVG))
        self.assertIn("0 visible", problems[0])
        self.assertIn("words shown as text", problems[1])

    def test_an_image_that_did_not_load(self):
        self.assertIn("0 visible", self.problems(shown("", picture(natural=0)))[0])
        self.assertIn("0 visible", self.problems(shown("", picture(width=0)))[0])

    def test_a_picture_outside_the_column(self):
        self.assertIn("sticks out", self.problems(shown("", picture(overflow=40)))[0])

    def test_a_picture_squeezed_too_far(self):
        self.assertIn("squeezed", self.problems(shown("", picture(width=500)))[0])
        self.assertEqual(self.problems(shown("", picture(width=700))), [])  # 88 % is readable


if __name__ == "__main__":
    unittest.main()
