"""Saved outputs name no folder of the machine that ran them.

A cell that prints a path (`worker_executable()`, `current_exe()`, the MPI program) prints where
the checkout and the home folder are on the machine that ran it: `/work/main/target/...`,
`/root/.cargo/bin/...`. Committed, that is a stranger's machine in the reader's notebook. So
`make run` saves outputs with the checkout written `<checkout>` and the home folder `~`
(`normalise_paths`), and a static rule (`absolute_path_problems`, tests/test_outputs.py) fails a
committed output that still names one.
"""

import json
import os
import re
import sys
from pathlib import Path

CHECKOUT = "<checkout>"
# Home folders on Linux (and root's) and macOS: whoever ran the cell, the path is theirs alone.
HOME_PATH = re.compile(r"(?<![\w.~<>-])/(?:home/[^/\s]+|root|Users/[^/\s]+)(?=/|\b)")
PATH_TAIL = r"(?:/[^\s'\"`()\[\]{},;:]*)?"
END_OF_NAME = r"(?![\w.+-])"  # /work/main, not /work/mainly


def checkout_pattern(root):
    """Paths under `root`, the checkout that ran the cells."""
    return re.compile(re.escape(str(root)) + END_OF_NAME + PATH_TAIL)


def any_checkout_pattern(root):
    """Absolute paths into a checkout of this project wherever it lies: a folder followed by one
    of the checkout's own top-level folders (`/somewhere/target/...`, `/x/y/helpers/../target`)."""
    folders = sorted({"target"} | {p.name for p in Path(root).iterdir() if p.is_dir()
                                   and not p.name.startswith(".")})
    return re.compile(r"(?<![\w.~<>:/-])(?:/[\w.+-]+)+/(?:" + "|".join(map(re.escape, folders))
                      + r")/[^\s'\"`()\[\]{},;:]*")


def _replace(text, root, home):
    """`text` with paths under `root` made `<checkout>/...` (and `..` steps resolved) and any
    home folder, `home` or another, written `~`."""
    def under_root(match):
        tail = os.path.normpath(match[0])
        relative = os.path.relpath(tail, root)
        return CHECKOUT if relative == "." else (
            match[0] if relative.startswith("..") else f"{CHECKOUT}/{relative}")

    text = checkout_pattern(root).sub(under_root, text)
    if home:
        text = re.sub(re.escape(str(home)) + r"(?=/|\b)", "~", text)
    return HOME_PATH.sub("~", text)


def _texts(output):
    """(container, key) for each piece of text an output shows that may name a path."""
    kind = output.get("output_type")
    if kind == "stream":
        yield output, "text"
    elif kind == "error":
        yield output, "evalue"
        for index in range(len(output.get("traceback", []))):
            yield output["traceback"], index
    else:
        for mime in output.get("data", {}):
            if mime in ("text/plain", "text/markdown", "text/html"):
                yield output["data"], mime


def normalise_paths(cells, root, home=None):
    """Rewrite, in place, every code cell's textual outputs as `_replace` says; return how many
    outputs changed. Pictures (base64 data URIs) hold no paths and are left alone."""
    home = Path.home() if home is None else home
    changed = 0
    for cell in cells:
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            before = repr(output)
            for container, key in list(_texts(output)):
                value = container[key]
                if isinstance(value, list):
                    container[key] = [_replace(line, root, home) for line in value]
                else:
                    container[key] = _replace(value, root, home)
            changed += repr(output) != before
    return changed


def absolute_path_problems(cells, root):
    """[(cell index, the path)] for each output that names the checkout `root`, any other
    checkout of the project (the one the outputs were made in), or a home folder."""
    problems = []
    home = re.compile(HOME_PATH.pattern + PATH_TAIL)
    for index, cell in enumerate(cells):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            for container, key in _texts(output):
                value = container[key]
                text = "".join(value) if isinstance(value, list) else str(value)
                found = {m[0] for pattern in (checkout_pattern(root), any_checkout_pattern(root),
                                              home) for m in pattern.finditer(text)}
                problems.extend((index, name) for name in sorted(found))
    return problems


def main(argv):
    """`python -m tooling.outputs NOTEBOOK ...`: normalise the paths in committed outputs in place
    (what `make run` does when it saves), without running anything."""
    root = Path(__file__).resolve().parent.parent
    for name in argv:
        path = Path(name)
        original = path.read_text()
        notebook = json.loads(original)
        if normalise_paths(notebook["cells"], root):
            ascii_only = original.isascii()  # keep the file's own layout (see tools/nb.py)
            path.write_text(json.dumps(notebook, indent=1, ensure_ascii=ascii_only) + "\n")
            print(f"normalised: {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
