"""Warm slots never serve stale code: real Rust kernels (through kernel/launch.py) in one slot, one
after another, with a tiny path crate edited between them, and a kernel killed mid-life.

Needs `make setup` (the venv's jupyter_client and the registered kernel); skipped without it, and in
`make check` (PIR_WITHOUT_KERNEL=1): `make test` runs it as a stage of its own.
About 30-60 s: each kernel compiles only the tiny crate and a few one-line cells.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KERNELS = ROOT / ".venv" / "share" / "jupyter"
from kernel import launch

try:
    from jupyter_client.manager import start_new_kernel
except ImportError:  # the system python, not the venv's
    start_new_kernel = None

REGISTERED = start_new_kernel is not None and (KERNELS / "kernels" / "rust" / "kernel.json").exists()
# `make check` sets it: the fast gate needs no kernel, so these minutes of real kernels wait for
# `make test`, which runs this file in a stage of its own.
WITHOUT_KERNEL = os.environ.get("PIR_WITHOUT_KERNEL") == "1"
KERNEL_TESTS = REGISTERED and not WITHOUT_KERNEL
WHY_SKIPPED = ("PIR_WITHOUT_KERNEL=1 (make check)" if WITHOUT_KERNEL
               else "needs `make setup` (the venv and the Rust kernel)")


@unittest.skipUnless(KERNEL_TESTS, WHY_SKIPPED)
class OneSlotManyKernels(unittest.TestCase):
    def setUp(self):
        # Inside the user's cache folder, where the default slots live: beside rustup's toolchain
        # in the same home folder, rustc writes a cell's rpath relative, one folder off from where
        # evcxr loads the cell, and only the launcher's library path makes it load.
        cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        cache.mkdir(parents=True, exist_ok=True)
        self.temp = tempfile.TemporaryDirectory(dir=cache, prefix="pir-slot-test-")
        self.slots = Path(self.temp.name) / "slots"
        self.crate = Path(self.temp.name) / "probe"
        (self.crate / "src").mkdir(parents=True)
        (self.crate / "Cargo.toml").write_text(
            '[package]\nname = "probe"\nversion = "0.1.0"\nedition = "2021"\n')
        self.env = dict(os.environ, JUPYTER_PATH=str(KERNELS), PIR_KERNEL_SLOT_DIR=str(self.slots),
                        PIR_KERNEL_SLOTS="1", CARGO_NET_OFFLINE="true")

    def tearDown(self):
        self.temp.cleanup()

    def write_probe(self, version):
        (self.crate / "src" / "lib.rs").write_text(f"pub fn version() -> u32 {{ {version} }}\n")

    def kernel(self):
        km, kc = start_new_kernel(kernel_name="rust", env=self.env)
        self.addCleanup(km.shutdown_kernel, now=True)
        return km, kc

    def value(self, kc, code):
        """The text/plain result (or stdout) of one cell; fails on an error reply."""
        texts = []

        def keep(message):
            content = message["content"]
            if message["msg_type"] == "stream":
                texts.append(content["text"])
            elif message["msg_type"] == "execute_result":
                texts.append(content["data"].get("text/plain", ""))
            elif message["msg_type"] == "error":
                texts.append(f"{content['ename']}: {content['evalue']}")
        reply = kc.execute_interactive(code, timeout=300, output_hook=keep)
        self.assertEqual(reply["content"]["status"], "ok", "".join(texts))
        return "".join(texts).strip()

    def test_an_edit_reaches_the_next_kernel_and_no_cell_runs_old_code(self):
        dep = f':dep probe = {{ path = "{self.crate}" }}'
        self.write_probe(1)
        km, kc = self.kernel()
        self.value(kc, dep)
        self.assertEqual(self.value(kc, "probe::version()"), "1")
        self.assertEqual(self.value(kc, '"first kernel, second cell"'), '"first kernel, second cell"')
        first_slot = self.value(kc, 'std::env::var("PIR_KERNEL_SLOT").unwrap()')
        km.shutdown_kernel(now=True)

        self.write_probe(2)
        km, kc = self.kernel()
        # The next kernel's first cells have the same build numbers as the last kernel's: they
        # must show their own code, not the shared object an earlier cell left in the slot.
        self.assertEqual(self.value(kc, '"second kernel"'), '"second kernel"')
        self.value(kc, dep)
        self.assertEqual(self.value(kc, "probe::version()"), "2")
        self.assertEqual(self.value(kc, 'std::env::var("PIR_KERNEL_SLOT").unwrap()'), first_slot)

    def test_a_killed_kernel_frees_its_slot(self):
        km, kc = self.kernel()
        self.assertEqual(self.value(kc, "1 + 1"), "2")  # evcxr's child process is running too
        slot = self.slots / "0"
        self.assertIsNone(launch.lock_folder(slot), "the live kernel holds its slot")
        os.kill(km.provisioner.process.pid, signal.SIGKILL)
        deadline = time.monotonic() + 20
        while (fd := launch.lock_folder(slot)) is None and time.monotonic() < deadline:
            time.sleep(0.2)
        self.assertIsNotNone(fd, "the slot stayed locked after its kernel was killed")
        os.close(fd)


# Run inside a network namespace with only loopback: a fresh slot, so cargo must resolve rayon
# from its cache; CARGO_NET_OFFLINE is not set, so the launcher has to notice there is no network.
OFFLINE_CLIENT = """
import sys
from jupyter_client.manager import start_new_kernel
km, kc = start_new_kernel(kernel_name="rust")
out = []
def keep(m):
    if m["msg_type"] == "stream": out.append(m["content"]["text"])
    if m["msg_type"] == "execute_result": out.append(m["content"]["data"]["text/plain"])
    if m["msg_type"] == "error": out.append("ERROR " + m["content"]["evalue"])
for code in [':dep rayon = "1.12"', 'use rayon::prelude::*; (1..=4u32).into_par_iter().sum::<u32>()']:
    reply = kc.execute_interactive(code, timeout=600, output_hook=keep)
    out.append(" status=" + reply["content"]["status"])
km.shutdown_kernel(now=True)
print("".join(out))
"""


def network_namespace_works():
    if not shutil.which("unshare") or not shutil.which("ip"):
        return False
    probe = subprocess.run(["unshare", "--net", "sh", "-c", "ip link set lo up"],
                           capture_output=True)
    return probe.returncode == 0


@unittest.skipUnless(KERNEL_TESTS, WHY_SKIPPED)
class NoNetwork(unittest.TestCase):
    @unittest.skipUnless(network_namespace_works(), "needs `unshare --net` (root)")
    def test_a_fresh_slot_builds_a_downloaded_crate_without_a_network(self):
        with tempfile.TemporaryDirectory() as temp:
            env = {k: v for k, v in os.environ.items() if k != "CARGO_NET_OFFLINE"}
            env.update(JUPYTER_PATH=str(KERNELS), PIR_KERNEL_SLOT_DIR=f"{temp}/slots")
            run = subprocess.run(
                ["unshare", "--net", "sh", "-c", 'ip link set lo up && exec "$0" -c "$1"',
                 sys.executable, OFFLINE_CLIENT],
                env=env, capture_output=True, text=True, timeout=900)
            self.assertEqual(run.returncode, 0, run.stderr[-2000:])
            self.assertIn("10 status=ok", run.stdout, run.stdout + run.stderr[-2000:])
            self.assertNotIn("ERROR", run.stdout)
            self.assertIn("crates.io is not reachable", run.stderr)


if __name__ == "__main__":
    unittest.main()
