"""Start the Rust kernel (evcxr_jupyter) in a build folder of its own that stays warm between kernels.

    python kernel/launch.py /path/to/evcxr_jupyter --control_file CONNECTION_FILE

kernel.json runs this (kernel/register.py writes it). evcxr builds every cell in one folder,
EVCXR_TMPDIR; by default a fresh temporary one, so each new kernel compiles the helper crate and
its dependencies from scratch. Here each running kernel takes a *slot* instead: the first of
PIR_KERNEL_SLOTS numbered folders (default 4) whose lock no live process holds, under
PIR_KERNEL_SLOT_DIR (default ${XDG_CACHE_HOME:-~/.cache}/parallelism-in-rust/slots). The next
kernel in that slot finds everything built; cargo still rebuilds whatever changed.

- The lock is an flock on `SLOT/lock`, taken here and kept open across exec: the kernel process
  itself holds it (and the programs it starts), so it is released exactly when they are gone,
  killed or not. Two live kernels never share a slot.
- evcxr's crate cache (`:cache`) has no lock of its own, so each slot has its own
  (XDG_CACHE_HOME=SLOT/cache for the kernel): kernels never share a file they write.
- Slots are code that the kernel will load and run, so the folders must belong to the user and be
  closed to everyone else (mode 0700). A folder that is not is skipped, never used.
- PIR_KERNEL_SLOTS=0 turns slots off: evcxr runs as it would alone (a fresh temporary folder,
  the user's shared crate cache); for comparisons and troubleshooting.
- When no slot is free or safe, the kernel gets a fresh private folder (slower: a cold build),
  said on stderr; such folders are removed by a later launch once their kernel has ended.
- Without a network (crates.io unreachable), cargo is told to work offline (CARGO_NET_OFFLINE),
  so crates already downloaded by `make setup` are used instead of failing on the index.
"""

import fcntl
import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_SLOTS = 4
OVERFLOW_PREFIX = "pir-kernel-overflow-"
REGISTRY_HOST = ("index.crates.io", 443)
OVERFLOW_GRACE_S = 60


def slot_root(environ):
    if environ.get("PIR_KERNEL_SLOT_DIR"):
        return Path(environ["PIR_KERNEL_SLOT_DIR"])
    cache = environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "parallelism-in-rust" / "slots"


def slot_count(environ):
    text = environ.get("PIR_KERNEL_SLOTS", str(DEFAULT_SLOTS))
    try:
        count = int(text)
    except ValueError:
        count = -1
    if count < 0:
        warn(f"PIR_KERNEL_SLOTS={text!r} is not a number of slots (0 or more); using {DEFAULT_SLOTS}")
        return DEFAULT_SLOTS
    return count


def warn(message):
    print(f"rust kernel launcher: {message}", file=sys.stderr, flush=True)


def private_folder(path):
    """Create `path` (mode 0700) if missing; None if it is safe to use, else why not: it must be a
    real folder (not a symlink), owned by this user, that no one else can enter or write."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(path)
    except OSError as error:
        return f"cannot create {path}: {error.strerror}"
    if not stat.S_ISDIR(info.st_mode):
        return f"{path} is not a folder"
    if info.st_uid != os.getuid():
        return f"{path} belongs to user id {info.st_uid}, not to you"
    if info.st_mode & 0o077:
        return f"{path} is open to others (mode {stat.S_IMODE(info.st_mode):o}, wants 700)"
    return None


def lock_folder(folder):
    """An open descriptor holding an exclusive flock on `folder/lock`, or None if taken."""
    fd = os.open(folder / "lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def claim_slot(root, count):
    """(folder, lock fd) of the first free, safe slot under `root`, or (None, None) and the reasons
    no slot could be had."""
    problem = private_folder(root)
    if problem:
        return None, None, [problem]
    reasons = []
    for number in range(count):
        folder = root / str(number)
        problem = private_folder(folder)
        if problem:
            reasons.append(problem)
            continue
        fd = lock_folder(folder)
        if fd is not None:
            return folder, fd, reasons
    reasons.append(f"all {count} slots under {root} are in use")
    return None, None, reasons


def sweep_overflow(temp_root):
    """Remove the private folders of earlier overflow kernels that have ended (lock free)."""
    for folder in Path(temp_root).glob(OVERFLOW_PREFIX + "*"):
        try:
            info = os.lstat(folder)
            if (not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid()
                    or time.time() - info.st_mtime < OVERFLOW_GRACE_S):
                continue  # a folder made this instant may not hold its lock yet
            fd = lock_folder(folder)
        except OSError:
            continue
        if fd is not None:
            shutil.rmtree(folder, ignore_errors=True)
            os.close(fd)


def overflow_folder():
    """A fresh private folder (mkdtemp makes it 0700) with its lock held."""
    sweep_overflow(tempfile.gettempdir())
    folder = Path(tempfile.mkdtemp(prefix=OVERFLOW_PREFIX))
    return folder, lock_folder(folder)


def registry_reachable(environ, timeout=1.5):
    if any(environ.get(name) for name in ("HTTPS_PROXY", "https_proxy", "CARGO_HTTP_PROXY")):
        return True  # behind a proxy a direct connection says nothing; let cargo try
    try:
        socket.create_connection(REGISTRY_HOST, timeout=timeout).close()
        return True
    except OSError:
        return False


def rust_library_dir(environ):
    """The folder of the standard library's shared objects (`rustc --print target-libdir`), or None.

    evcxr links each cell against the standard library as a shared object and loads the cell from
    `target/.../debug/`. rustc writes the cell's rpath relative to `deps/`, where it linked it, when
    the build folder and the toolchain share a parent (a slot under ~/.cache and rustup's
    ~/.rustup both sit in the home folder), so from `debug/` that rpath points one folder too high
    and the load fails ("dlopen failed"). The loader's search path finds the library wherever the
    build folder is."""
    try:
        found = subprocess.run(["rustc", "--print", "target-libdir"], env=environ, text=True,
                               capture_output=True, timeout=30, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return found if found and Path(found).is_dir() else None


def with_library_dir(env, folder_of_libraries):
    """`env` with the standard library's folder first on the loader's search path."""
    variable = "DYLD_FALLBACK_LIBRARY_PATH" if sys.platform == "darwin" else "LD_LIBRARY_PATH"
    rest = env.get(variable)
    env[variable] = folder_of_libraries + (os.pathsep + rest if rest else "")
    return env


def kernel_environment(environ, folder, offline):
    """The environment evcxr runs in: its build folder and crate cache in `folder`."""
    env = dict(environ)
    (folder / "build").mkdir(mode=0o700, exist_ok=True)
    (folder / "cache").mkdir(mode=0o700, exist_ok=True)
    env["EVCXR_TMPDIR"] = str(folder / "build")
    env["XDG_CACHE_HOME"] = str(folder / "cache")
    env["PIR_KERNEL_SLOT"] = str(folder)
    if offline and "CARGO_NET_OFFLINE" not in env:
        env["CARGO_NET_OFFLINE"] = "true"
    library_dir = rust_library_dir(environ)
    if library_dir is None:
        warn("`rustc --print target-libdir` gave no folder: cells may fail to load (dlopen)")
    else:
        with_library_dir(env, library_dir)
    return env


def choose_folder(environ):
    """(folder, lock fd) for this kernel: a slot, or else a private overflow folder."""
    folder, fd, reasons = claim_slot(slot_root(environ), slot_count(environ))
    for reason in reasons[:-1] if folder is None else reasons:
        warn(f"skipped: {reason}")
    if folder is None:
        folder, fd = overflow_folder()
        warn(f"{reasons[-1]}; this kernel builds in a fresh folder {folder} (a cold start, "
             "slower; a later kernel's start removes it once this kernel has ended)")
    return folder, fd


def main(argv):
    if len(argv) < 2:
        sys.exit("usage: launch.py EVCXR_JUPYTER [ARGS ...]")
    program = argv[1]
    if slot_count(os.environ) == 0:  # slots off: evcxr as it is, its own temporary folder
        os.execv(program, [program, *argv[2:]])
    folder, fd = choose_folder(os.environ)
    offline = "CARGO_NET_OFFLINE" not in os.environ and not registry_reachable(os.environ)
    if offline:
        warn("crates.io is not reachable: cargo works offline, with the crates already downloaded")
    env = kernel_environment(os.environ, folder, offline)
    os.set_inheritable(fd, True)  # the kernel process keeps the slot's lock for its whole life
    os.execve(program, [program, *argv[2:]], env)


if __name__ == "__main__":
    main(sys.argv)
