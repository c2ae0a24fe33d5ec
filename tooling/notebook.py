"""Reading a notebook's JSON: the two forms of its text, and its code cells' sources."""

import json
from pathlib import Path


def text(value):
    """nbformat stores multi-line strings either as one string or as a list of lines."""
    return "".join(value) if isinstance(value, list) else str(value)


def code_sources(notebook, prefix=None):
    """The notebook's code cells' sources, with `prefix` (text) put before the first."""
    cells = [c for c in json.loads(Path(notebook).read_text())["cells"] if c["cell_type"] == "code"]
    sources = ["".join(c["source"]) for c in cells]
    if prefix:
        sources[0] = prefix + sources[0]
    return sources
