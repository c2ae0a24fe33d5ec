"""Build the learner's kernel slot before class (room.py warm runs it as the learner).

    python warm.py [NOTEBOOK ...]      names in ~/parallelism-in-rust/notebooks

For each notebook, a Rust kernel (the room's shared kernel spec, so the launcher gives it the
learner's first free slot) runs the notebook's first code cell (`:dep` lines: the helper crate and
its dependencies get compiled) and one small cell (a cell linked against them). Without names, one
notebook for each different first cell, so every chapter starts warm. Prints one line per notebook.
"""

import json
import sys
import time
from pathlib import Path

from jupyter_client.manager import start_new_kernel

NOTEBOOKS = Path.home() / "parallelism-in-rust" / "notebooks"
PROBE = 'println!("warm in {}", std::env::var("PIR_KERNEL_SLOT").unwrap_or_default());'


def first_code(notebook):
    cells = json.loads(notebook.read_text())["cells"]
    return next("".join(c["source"]) for c in cells if c["cell_type"] == "code")


def one_per_first_cell():
    chosen = {}
    for notebook in sorted(NOTEBOOKS.glob("[0-9]*.ipynb")):
        chosen.setdefault(first_code(notebook), notebook)
    return list(chosen.values())


def run_cells(notebook, timeout=900):
    km, kc = start_new_kernel(kernel_name="rust", cwd=str(NOTEBOOKS))
    try:
        for source in (first_code(notebook), PROBE):
            texts = []
            reply = kc.execute_interactive(source, timeout=timeout, output_hook=lambda m: texts.append(
                m["content"].get("text", "") if m["msg_type"] == "stream" else
                (m["content"].get("evalue", "") if m["msg_type"] == "error" else "")))
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"{notebook.name}: {''.join(texts)[-1500:]}")
        return "".join(texts).strip()
    finally:
        km.shutdown_kernel(now=True)


def main(argv):
    notebooks = [NOTEBOOKS / name for name in argv[1:]] or one_per_first_cell()
    for notebook in notebooks:
        began = time.monotonic()
        said = run_cells(notebook)
        print(f"{notebook.name}: {time.monotonic() - began:.1f} s ({said})", flush=True)


if __name__ == "__main__":
    main(sys.argv)
