"""environment.yml (conda, Binder) and requirements.txt (pip, make setup) name the same Python
packages at the same pinned versions. conda channels cannot be reached from our machines, so
this consistency check is the only test environment.yml gets.
"""

import re
import unittest
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
# conda packages that are not Python libraries from PyPI: the interpreter, the toolchain, the kernel.
NOT_PYTHON = {"python", "pip", "rust", "rust-src", "evcxr"}
SPEC = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(?:(==|=|>=|<=|~=|>|<)\s*([^\s;#]+))?")


def parse(spec):
    """'jupyter_client==8.10.0' or conda's 'nbclient=0.11.0' -> ('jupyter-client', '8.10.0');
    version None unless pinned exactly."""
    name, op, version = SPEC.match(spec).groups()
    return name.lower().replace("_", "-"), version if op in ("==", "=") else None


def requirements():
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    return dict(parse(line) for line in lines if line.strip() and not line.startswith("#"))


def environment():
    deps = yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
    packages = {}
    for dep in deps:
        for spec in dep["pip"] if isinstance(dep, dict) else [dep]:
            name, version = parse(spec)
            if name not in NOT_PYTHON:
                packages[name] = version
    return packages


class SamePythonPackages(unittest.TestCase):
    def test_same_names(self):
        self.assertEqual(sorted(requirements()), sorted(environment()))

    def test_same_versions_where_both_pin(self):
        pip, conda = requirements(), environment()
        for name in pip.keys() & conda.keys():
            if pip[name] and conda[name]:
                self.assertEqual(pip[name], conda[name], name)

    def test_conda_side_has_the_kernel_and_toolchain(self):
        deps = yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
        names = {parse(d)[0] for d in deps if isinstance(d, str)}
        self.assertLessEqual({"python", "rust", "rust-src", "evcxr"}, names)

    def test_parse_normalizes(self):
        self.assertEqual(parse("Jupyter_Client==8.10.0"), ("jupyter-client", "8.10.0"))
        self.assertEqual(parse("python=3.11"), ("python", "3.11"))
        self.assertEqual(parse("rust-src"), ("rust-src", None))
        self.assertEqual(parse("nbclient>=0.10"), ("nbclient", None))


if __name__ == "__main__":
    unittest.main()
