"""Read and edit notebook cells from the shell, keeping each file's own JSON layout.

    python3 tools/nb.py show NOTEBOOK [INDEX ...]      cells with index, type, tags, source
    python3 tools/nb.py set NOTEBOOK INDEX < source     replace one cell's source (stdin)
    python3 tools/nb.py insert NOTEBOOK INDEX TYPE < source   a new cell before INDEX (markdown|code)
    python3 tools/nb.py delete NOTEBOOK INDEX

The committed notebooks are written as `json.dumps(nb, indent=1)` plus a newline, some with
`ensure_ascii` and some without; `save` keeps whichever a file already had, so an edit to one cell
changes only that cell's lines (small diffs, clean merges). Outputs are never touched here: they
come from `make run`.
"""

import json
import secrets
import sys
from pathlib import Path


def load(path):
    """The notebook and the `ensure_ascii` setting its file was written with."""
    text = Path(path).read_text(encoding="utf-8")
    nb = json.loads(text)
    for ensure_ascii in (True, False):
        if json.dumps(nb, indent=1, ensure_ascii=ensure_ascii) + "\n" == text:
            return nb, ensure_ascii
    return nb, "\\u" in text


def save(path, nb, ensure_ascii):
    Path(path).write_text(json.dumps(nb, indent=1, ensure_ascii=ensure_ascii) + "\n", encoding="utf-8")


def source_lines(text):
    """nbformat's list-of-lines form, as Jupyter writes it (no trailing newline on the last line)."""
    lines = text.rstrip("\n").splitlines(keepends=True)
    return lines


def new_cell(kind, text):
    cell = {"cell_type": kind, "id": secrets.token_hex(4), "metadata": {}, "source": source_lines(text)}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    command, path, rest = argv[0], argv[1], argv[2:]
    nb, ensure_ascii = load(path)
    cells = nb["cells"]
    if command == "show":
        wanted = [int(i) for i in rest] or range(len(cells))
        for i in wanted:
            cell = cells[i]
            tags = cell.get("metadata", {}).get("tags", [])
            print(f"----- [{i}] {cell['cell_type']} {' '.join(tags)}")
            print("".join(cell["source"]))
    elif command == "set":
        cells[int(rest[0])]["source"] = source_lines(sys.stdin.read())
        save(path, nb, ensure_ascii)
    elif command == "insert":
        cells.insert(int(rest[0]), new_cell(rest[1], sys.stdin.read()))
        save(path, nb, ensure_ascii)
    elif command == "delete":
        del cells[int(rest[0])]
        save(path, nb, ensure_ascii)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
