"""Per-learner memory and CPU limits, and their accounting, with cgroup v1 folders made by hand.

Without systemd nothing else makes a cgroup for a learner, so the room does: under the cgroup the
hub itself runs in (per controller, read from /proc/self/cgroup), a folder `pir-room/NAME` in the
memory, cpu, cpuacct and pids hierarchies. A learner's single-user server joins them before it drops
root (the spawner's preexec step), and everything it starts (kernels, cargo, rustc) inherits them.

- memory: `memory.limit_in_bytes` (the kernel kills inside the group past it, not elsewhere);
  `memory.max_usage_in_bytes` is the peak, for the room test's report.
- cpu: equal `cpu.shares` for every learner (a fair share when the room is busy; cores stay visible,
  so the chapters' core counts stay true); an optional quota (`cpu.cfs_quota_us`) caps a learner at
  N cores, and Rust's `available_parallelism` then reports N.
- cpuacct: `cpuacct.usage`, the CPU time of everything in the group (nanoseconds).
- pids: `pids.max`, so one learner's runaway spawning cannot exhaust the machine's processes.

On a host with cgroup v2 only (most hosts with systemd), none of this applies: there, use
SystemdSpawner, whose mem_limit and cpu_limit do the same. `available()` says which case holds.
"""

import json
import os
from pathlib import Path

MOUNT = Path("/sys/fs/cgroup")
CONTROLLERS = ("memory", "cpu", "cpuacct", "pids")
GROUP = "pir-room"


def own_paths(proc_cgroup="/proc/self/cgroup"):
    """{controller: this process's cgroup path} for the v1 controllers the room uses."""
    paths = {}
    for line in Path(proc_cgroup).read_text().splitlines():
        _, names, path = line.split(":", 2)
        for name in names.split(","):
            if name in CONTROLLERS:
                paths[name] = path
    return paths


def parent_paths():
    """The cgroups the room's groups go under: those recorded at set-up (room.json's
    `cgroup_parents`, so the hub, warm-up and tests agree whoever starts them), else this process's."""
    settings = Path(os.environ.get("PIR_ROOM_SETTINGS", "/etc/pir-room/room.json"))
    try:
        return json.loads(settings.read_text())["cgroup_parents"] or own_paths()
    except (OSError, KeyError, ValueError):
        return own_paths()


def base_folders(paths=None):
    """{controller: folder under which the room's groups go}, or None when cgroup v1 with all four
    controllers is not mounted writable here."""
    paths = paths or parent_paths()
    folders = {}
    for name in CONTROLLERS:
        mounted = MOUNT / name
        if name not in paths or not (mounted / "cgroup.procs").exists():
            return None
        folder = mounted / paths[name].lstrip("/") / GROUP
        if not os.access(folder.parent, os.W_OK):
            return None
        folders[name] = folder
    return folders


def available():
    """A sentence saying which limits apply on this host."""
    if base_folders() is None:
        return ("no per-learner limits: cgroup v1 (memory, cpu, cpuacct, pids) is not mounted "
                "writable here; on a systemd host use SystemdSpawner for mem_limit/cpu_limit")
    return "per-learner limits through cgroup v1 folders (memory, cpu shares/quota, pids)"


def learner_folders(name):
    bases = base_folders()
    return None if bases is None else {c: bases[c] / name for c in CONTROLLERS}


def create(name, memory_bytes, cpu_cores=None, max_pids=1024):
    """Make (or update) the learner's groups; returns False when the host has none."""
    folders = learner_folders(name)
    if folders is None:
        return False
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    if memory_bytes:
        (folders["memory"] / "memory.limit_in_bytes").write_text(str(int(memory_bytes)))
    (folders["cpu"] / "cpu.shares").write_text("1024")
    period = int((folders["cpu"] / "cpu.cfs_period_us").read_text())
    quota = -1 if not cpu_cores else int(period * float(cpu_cores))
    (folders["cpu"] / "cpu.cfs_quota_us").write_text(str(quota))
    (folders["pids"] / "pids.max").write_text(str(max_pids))
    return True


def join(name, pid=None):
    """Move `pid` (default: this process) into the learner's groups; made earlier by create()."""
    folders = learner_folders(name)
    if folders is None:
        return False
    for folder in folders.values():
        if folder.is_dir():
            (folder / "cgroup.procs").write_text(str(pid or os.getpid()))
    return True


def usage(name):
    """{'cpu_s': CPU seconds so far, 'peak_bytes': peak memory since the last reset} or None."""
    folders = learner_folders(name)
    if folders is None or not folders["memory"].is_dir():
        return None
    return {"cpu_s": int((folders["cpuacct"] / "cpuacct.usage").read_text()) / 1e9,
            "peak_bytes": int((folders["memory"] / "memory.max_usage_in_bytes").read_text())}


def reset_peak(name):
    folders = learner_folders(name)
    if folders is not None and folders["memory"].is_dir():
        (folders["memory"] / "memory.max_usage_in_bytes").write_text("0")


def remove(name):
    """Remove the learner's groups; their processes must have ended (a group with tasks stays)."""
    folders = learner_folders(name)
    left = []
    for folder in (folders or {}).values():
        try:
            folder.rmdir()
        except FileNotFoundError:
            pass
        except OSError as error:
            left.append(f"{folder}: {error.strerror}")
    return left
