"""The kernel launcher's slots (kernel/launch.py) and its registration (kernel/register.py), without
a Rust kernel: the launched program is a shell that prints its slot and sleeps, so each test takes
well under a second."""

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
from kernel import launch, prefetch, register

LAUNCHER = ROOT / "kernel" / "launch.py"


class Slots(unittest.TestCase):
    def setUp(self):
        self.temp = tempfile.TemporaryDirectory()
        self.root = Path(self.temp.name) / "slots"
        self.overflow = Path(self.temp.name) / "tmp"
        self.overflow.mkdir()
        self.kernels = []

    def tearDown(self):
        for process in self.kernels:
            process.kill()
            process.communicate()
        self.temp.cleanup()

    def start(self, slots=2):
        """A 'kernel' through the launcher: prints its EVCXR_TMPDIR, then sleeps holding the lock."""
        env = dict(os.environ, PIR_KERNEL_SLOT_DIR=str(self.root), PIR_KERNEL_SLOTS=str(slots),
                   TMPDIR=str(self.overflow), CARGO_NET_OFFLINE="false")
        process = subprocess.Popen(
            [sys.executable, str(LAUNCHER), "/bin/sh", "-c", 'echo "$EVCXR_TMPDIR"; exec sleep 60'],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.kernels.append(process)
        return process, process.stdout.readline().strip()

    def test_live_kernels_never_share_a_slot_and_the_extra_one_gets_a_private_folder(self):
        (_, first), (_, second) = self.start(), self.start()
        self.assertEqual({first, second}, {str(self.root / "0" / "build"), str(self.root / "1" / "build")})
        extra, third = self.start()
        self.assertTrue(third.startswith(str(self.overflow / launch.OVERFLOW_PREFIX)), third)
        self.assertEqual(os.stat(Path(third).parent).st_mode & 0o777, 0o700)
        extra.kill()
        self.assertIn("all 2 slots", extra.communicate()[1])

    def test_a_killed_kernel_frees_its_slot(self):
        killed, first = self.start(slots=1)
        self.assertEqual(first, str(self.root / "0" / "build"))
        _, busy = self.start(slots=1)
        self.assertNotEqual(busy, first)  # slot 0 is held while its kernel lives
        killed.send_signal(signal.SIGKILL)
        killed.wait()
        _, after = self.start(slots=1)
        self.assertEqual(after, first)

    def test_the_kernel_process_itself_holds_the_lock(self):
        kernel, _ = self.start(slots=1)
        holders = Path("/proc/locks").read_text() if Path("/proc/locks").exists() else ""
        if not holders:
            self.skipTest("no /proc/locks")
        self.assertIn(f" {kernel.pid} ", holders)  # after exec, the pid is the shell's own

    def test_a_slot_folder_open_to_others_is_skipped(self):
        self.root.mkdir(mode=0o700)
        (self.root / "0").mkdir(mode=0o700)
        os.chmod(self.root / "0", 0o777)
        process, folder = self.start(slots=2)
        self.assertEqual(folder, str(self.root / "1" / "build"))
        process.kill()
        self.assertIn("open to others", process.communicate()[1])

    def test_a_slot_root_open_to_others_is_never_used(self):
        self.root.mkdir(mode=0o700)
        os.chmod(self.root, 0o755)
        process, folder = self.start(slots=2)
        self.assertFalse(folder.startswith(str(self.root)), folder)
        process.kill()
        self.assertIn("open to others", process.communicate()[1])

    def test_a_symlinked_slot_is_skipped(self):
        self.root.mkdir(mode=0o700)
        elsewhere = Path(self.temp.name) / "elsewhere"
        elsewhere.mkdir(mode=0o700)
        (self.root / "0").symlink_to(elsewhere)
        _, folder = self.start(slots=2)
        self.assertEqual(folder, str(self.root / "1" / "build"))

    def test_an_ended_overflow_folder_is_removed_by_a_later_launch(self):
        stale = self.overflow / (launch.OVERFLOW_PREFIX + "old")
        stale.mkdir(mode=0o700)
        past = time.time() - 2 * launch.OVERFLOW_GRACE_S
        os.utime(stale, (past, past))
        held = self.overflow / (launch.OVERFLOW_PREFIX + "live")
        held.mkdir(mode=0o700)
        fd = launch.lock_folder(held)
        os.utime(held, (past, past))
        try:
            launch.sweep_overflow(self.overflow)
            self.assertFalse(stale.exists())
            self.assertTrue(held.exists())  # its kernel still runs
        finally:
            os.close(fd)

    def test_a_bad_slot_count_is_named(self):
        self.assertEqual(launch.slot_count({"PIR_KERNEL_SLOTS": "3"}), 3)
        self.assertEqual(launch.slot_count({"PIR_KERNEL_SLOTS": "many"}), launch.DEFAULT_SLOTS)


class Environment(unittest.TestCase):
    def test_build_folder_and_cache_are_the_slots_own(self):
        with tempfile.TemporaryDirectory() as temp:
            env = launch.kernel_environment({"HOME": "/home/x"}, Path(temp), offline=False)
            self.assertEqual(env["EVCXR_TMPDIR"], f"{temp}/build")
            self.assertEqual(env["XDG_CACHE_HOME"], f"{temp}/cache")
            self.assertNotIn("CARGO_NET_OFFLINE", env)
            offline = launch.kernel_environment({}, Path(temp), offline=True)
            self.assertEqual(offline["CARGO_NET_OFFLINE"], "true")
            kept = launch.kernel_environment({"CARGO_NET_OFFLINE": "false"}, Path(temp), offline=True)
            self.assertEqual(kept["CARGO_NET_OFFLINE"], "false")

    def test_default_root_follows_xdg_cache_home(self):
        self.assertEqual(launch.slot_root({"XDG_CACHE_HOME": "/c"}),
                         Path("/c/parallelism-in-rust/slots"))
        self.assertEqual(launch.slot_root({"PIR_KERNEL_SLOT_DIR": "/s", "XDG_CACHE_HOME": "/c"}),
                         Path("/s"))


class Register(unittest.TestCase):
    def test_the_launcher_goes_in_front_once(self):
        evcxr = ["/home/u/.cargo/bin/evcxr_jupyter", "--control_file", "{connection_file}"]
        once = register.launcher_argv(evcxr, python="/venv/bin/python")
        self.assertEqual(once, ["/venv/bin/python", str(register.LAUNCHER), *evcxr])
        self.assertEqual(register.launcher_argv(once, python="/venv/bin/python"), once)

    def test_an_unknown_kernel_is_refused(self):
        with self.assertRaisesRegex(ValueError, "evcxr_jupyter"):
            register.launcher_argv(["/usr/bin/python3", "-m", "ipykernel"])


class Prefetch(unittest.TestCase):
    def test_every_notebooks_dependencies_are_fetched_path_crates_absolute(self):
        notebooks = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
        text = prefetch.manifest(notebooks)
        self.assertIn(f'helpers = {{ path = "{ROOT / "helpers"}" }}', text)
        for notebook in notebooks:
            for name in prefetch.first_cell_deps(notebook):
                self.assertRegex(text, rf"(?m)^{name} = ", notebook.name)

    def test_only_dep_lines_of_the_first_code_cell_count(self):
        with tempfile.TemporaryDirectory() as temp:
            notebook = Path(temp) / "n.ipynb"
            cell = lambda source: {"cell_type": "code", "source": source}  # noqa: E731
            notebook.write_text(json.dumps({"cells": [
                {"cell_type": "markdown", "source": ":dep nope = \"1\""},
                cell([":opt 0\n", ":dep rayon = \"1.12\"\n", ':dep local = { path = "../x" }']),
                cell(':dep later = "1"')]}))
            self.assertEqual(prefetch.first_cell_deps(notebook),
                             {"rayon": '"1.12"', "local": f'{{ path = "{Path(temp).parent / "x"}" }}'})


if __name__ == "__main__":
    unittest.main()
