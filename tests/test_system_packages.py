"""scripts/system-packages.sh finds libclang as bindgen loads it, in a fake file tree (SYSTEM_ROOT),
so the look-alike libclang-cpp.so that llvm-N ships alone never passes for it."""

import os
import subprocess
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "system-packages.sh"


def missing(system_root, *groups, **env):
    result = subprocess.run(
        ["bash", str(SCRIPT), "missing", *groups], capture_output=True, text=True, check=True,
        env={**{k: v for k, v in os.environ.items() if k != "LIBCLANG_PATH"},
             "SYSTEM_ROOT": str(system_root), **env})
    return result.stdout.split()


class Libclang(unittest.TestCase):
    def setUp(self):
        self.temp = tempfile.TemporaryDirectory()
        self.root = Path(self.temp.name)
        self.llvm = self.root / "usr" / "lib" / "llvm-14" / "lib"
        self.llvm.mkdir(parents=True)

    def tearDown(self):
        self.temp.cleanup()

    def add(self, folder, name):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).touch()

    def test_the_cpp_library_alone_is_not_libclang(self):
        self.add(self.llvm, "libclang-cpp.so.14")
        self.add(self.llvm, "libclangAST.a")
        self.assertIn("libclang-dev", missing(self.root, "mpi"))

    def test_each_name_bindgen_loads_is_found(self):
        for name in ["libclang.so", "libclang-14.so", "libclang.so.1", "libclang-14.so.1"]:
            with self.subTest(name=name), tempfile.TemporaryDirectory() as other:
                self.add(Path(other) / "usr" / "lib" / "llvm-14" / "lib", "libclang-cpp.so.14")
                self.add(Path(other) / "usr" / "lib" / "llvm-14" / "lib", name)
                self.assertNotIn("libclang-dev", missing(other, "mpi"))

    def test_the_multiarch_folder_counts(self):
        self.add(self.root / "usr" / "lib" / "x86_64-linux-gnu", "libclang-14.so.1")
        self.assertNotIn("libclang-dev", missing(self.root, "mpi"))

    def test_libclang_path_is_honoured(self):
        elsewhere = self.root / "opt" / "llvm"
        self.add(elsewhere, "libclang.so")
        self.assertIn("libclang-dev", missing(self.root, "mpi"))
        self.assertNotIn("libclang-dev", missing(self.root, "mpi", LIBCLANG_PATH=str(elsewhere)))

    def test_check_names_what_is_missing_and_how_to_get_it(self):
        result = subprocess.run(["bash", str(SCRIPT), "check", "mpi"], capture_output=True,
                                text=True, env={**os.environ, "SYSTEM_ROOT": str(self.root)})
        self.assertEqual(result.returncode, 1)
        self.assertIn("libclang-dev", result.stdout)
        self.assertIn("apt-get install", result.stdout)

    def test_an_unknown_group_is_an_error(self):
        result = subprocess.run(["bash", str(SCRIPT), "missing", "gpu"], capture_output=True,
                                text=True)
        self.assertEqual(result.returncode, 2)
        self.assertIn("unknown group 'gpu'", result.stderr)


class Browser(unittest.TestCase):
    def test_chromium_is_looked_for_where_playwright_is_pointed(self):
        self.assertEqual(missing("/", "browser", CHROMIUM="/nonexistent/chromium"), ["chromium"])


if __name__ == "__main__":
    unittest.main()
