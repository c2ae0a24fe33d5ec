"""Download every crate the notebooks' `:dep` lines name, so the notebooks later run with no network.

    python kernel/prefetch.py [NOTEBOOK ...]        (make setup runs it; default notebooks/*.ipynb)

Collects the `:dep NAME = SPEC` lines of each notebook's first code cell (path crates made
absolute), writes them as the dependencies of a throwaway crate in target/prefetch, and runs
`cargo fetch` there: the crates and their registry index entries land in cargo's own cache
(~/.cargo/registry), where a kernel that cargo runs offline (kernel/launch.py) finds them. Without
a network it says so and exits 0: the notebooks then download on first use instead.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEP = re.compile(r"^:dep\s+([A-Za-z0-9_-]+)\s*=\s*(.+?)\s*$")
PATH_SPEC = re.compile(r'path\s*=\s*"([^"]+)"')


def first_cell_deps(notebook):
    """{name: spec} from the notebook's first code cell, path specs made absolute."""
    cells = json.loads(Path(notebook).read_text())["cells"]
    code = next((c for c in cells if c["cell_type"] == "code"), None)
    deps = {}
    for line in "".join(code["source"]).splitlines() if code else []:
        match = DEP.match(line.strip())
        if match:
            name, spec = match[1], match[2]
            spec = PATH_SPEC.sub(
                lambda m: f'path = "{(Path(notebook).parent / m[1]).resolve()}"', spec)
            deps[name] = spec
    return deps


def manifest(notebooks):
    """A Cargo.toml depending on every crate the notebooks name; where two notebooks ask for one
    crate differently, the first spec is used and the difference is said."""
    chosen = {}
    for notebook in notebooks:
        for name, spec in first_cell_deps(notebook).items():
            if chosen.setdefault(name, spec) != spec:
                print(f"note: {Path(notebook).name} asks for {name} = {spec}; fetching "
                      f"{name} = {chosen[name]} only")
    return ('[package]\nname = "notebook-crates"\nversion = "0.0.0"\nedition = "2021"\n'
            'publish = false\n\n[lib]\npath = "lib.rs"\n\n[workspace]\n\n[dependencies]\n'
            + "".join(f"{name} = {spec}\n" for name, spec in chosen.items()))


def main(argv):
    notebooks = [Path(a) for a in argv[1:]] or sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
    folder = ROOT / "target" / "prefetch"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "lib.rs").write_text("")
    (folder / "Cargo.toml").write_text(manifest(notebooks))
    result = subprocess.run(["cargo", "fetch", "--quiet", "--manifest-path",
                             str(folder / "Cargo.toml")], capture_output=True, text=True)
    if result.returncode == 0:
        print(f"ok: the crates of {len(notebooks)} notebooks are downloaded (they run offline)")
    else:
        print("note: could not download the notebooks' crates now (no network?); the notebooks "
              "download them on first use:\n  " + result.stderr.strip().replace("\n", "\n  "))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
