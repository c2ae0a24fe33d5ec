"""Point a kernel.json written by `evcxr_jupyter --install` at the slot launcher (launch.py).

    python kernel/register.py KERNEL_JSON

The argv becomes [this python, launch.py, evcxr_jupyter, its arguments], all absolute, so the
kernel starts the same way from JupyterLab, nbclient and the tests. Run it again and it changes
nothing (an argv that already starts with the launcher keeps its evcxr part).
"""

import json
import sys
from pathlib import Path

LAUNCHER = Path(__file__).resolve().parent / "launch.py"


def launcher_argv(argv, python=sys.executable):
    """The kernel's argv with the launcher in front, once."""
    if len(argv) >= 2 and Path(argv[1]).name == LAUNCHER.name:
        argv = argv[2:]  # registered before: keep only evcxr's part
    if not argv or Path(argv[0]).name != "evcxr_jupyter":
        raise ValueError(f"kernel.json's argv does not start with evcxr_jupyter: {argv}")
    return [str(Path(python).absolute()), str(LAUNCHER), *argv]


def main(argv):
    if len(argv) != 2:
        sys.exit("usage: register.py KERNEL_JSON")
    path = Path(argv[1])
    spec = json.loads(path.read_text())
    try:
        spec["argv"] = launcher_argv(spec["argv"])
    except ValueError as error:
        sys.exit(f"register.py: {path}: {error}")
    path.write_text(json.dumps(spec, indent=2) + "\n")


if __name__ == "__main__":
    main(sys.argv)
