"""The workshop room: one server, JupyterHub, a Rust kernel per learner (run as root; see README.md).

    python3 room/room.py setup [--ip 127.0.0.1] [--port 8000] [--memory 3G] [--cpus N] [--slots 2]
    python3 room/room.py add NAME ... | --count N [--prefix learner]
    python3 room/room.py update [NAME ...]     notebooks again, never over a learner's work
    python3 room/room.py warm [NAME ...] [--notebooks 02-ordered-map.ipynb ...]
    python3 room/room.py start | stop | status
    python3 room/room.py remove NAME ... | --all

Installs under /opt/pir-room (read-only for learners), settings in /etc/pir-room/room.json, the
hub's state, passwords and log in /var/lib/pir-room (root only). Only the standard library: it runs
with Debian's /usr/bin/python3 before the hub's venv exists.
"""

import argparse
import grp
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import limits  # noqa: E402

REPO = HERE.parent
PREFIX = Path(os.environ.get("PIR_ROOM_PREFIX", "/opt/pir-room"))
SETTINGS_FILE = Path(os.environ.get("PIR_ROOM_SETTINGS", "/etc/pir-room/room.json"))
STATE = Path(os.environ.get("PIR_ROOM_STATE", "/var/lib/pir-room"))
GROUP = "pir-learners"
# A Unix name useradd accepts everywhere: lower case, starts with a letter, at most 32 characters.
VALID_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
HUB_PYTHON = PREFIX / "hub/bin/python"


class RoomError(Exception):
    """A clear reason to stop, said to the instructor; raised before anything is changed."""


def run(argv, **kwargs):
    """Run a command (an argv list: no shell ever sees names or passwords), failing loudly."""
    return subprocess.run(argv, check=True, **kwargs)


def settings():
    if not SETTINGS_FILE.is_file():
        raise RoomError(f"{SETTINGS_FILE} is missing: run `make room` (room.py setup) first")
    return json.loads(SETTINGS_FILE.read_text())


def require_root():
    if os.geteuid() != 0:
        raise RoomError("the room is set up and run as root (it creates Unix users)")


# ---------------------------------------------------------------- setup


def parse_bytes(text):
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([KMG]?)", text.strip().upper())
    if not match:
        raise RoomError(f"--memory {text!r} is not a size such as 3G or 2500M")
    return int(float(match[1]) * {"": 1, "K": 2**10, "M": 2**20, "G": 2**30}[match[2]])


def install_system_packages():
    """Debian's packages the room needs and a fresh machine may lack: npm (for the proxy) and
    python3-venv (Debian's python3 makes no venv without it)."""
    missing = []
    if not shutil.which("npm"):
        missing += ["nodejs", "npm"]
    if subprocess.run(["/usr/bin/python3", "-c", "import ensurepip"],
                      capture_output=True).returncode:
        missing.append("python3-venv")
    if not missing:
        return
    if not shutil.which("apt-get"):
        raise RoomError(f"missing {', '.join(missing)} and no apt-get to install them")
    print(f"==> apt-get install {' '.join(missing)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run(["apt-get", "update", "-qq"], env=env)
    run(["apt-get", "install", "-y", "-qq", *missing], env=env)


def install_hub_env():
    """Debian's python3 makes the venv (root's own python3 may live in 0700 /root)."""
    marker = PREFIX / "hub/.installed"
    wanted = (HERE / "requirements.txt").read_text()
    if marker.is_file() and marker.read_text() == wanted:
        print("ok: hub environment", PREFIX / "hub")
        return
    print("==> hub environment: JupyterHub, JupyterLab, idle culler (pip, ~1-2 min)")
    if not HUB_PYTHON.exists():
        run(["/usr/bin/python3", "-m", "venv", str(PREFIX / "hub")])
    run([str(HUB_PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-r", str(HERE / "requirements.txt")])
    marker.write_text(wanted)


def install_proxy():
    folder = PREFIX / "proxy"
    lock = (HERE / "proxy/package-lock.json").read_text()
    if (folder / "package-lock.json").is_file() and (folder / "package-lock.json").read_text() == lock \
            and (folder / "node_modules/.bin/configurable-http-proxy").exists():
        print("ok: configurable-http-proxy", folder)
        return
    print("==> configurable-http-proxy from npm (npm ci, pinned by room/proxy/package-lock.json)")
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(HERE / "proxy" / name, folder / name)
    run(["npm", "ci", "--prefix", str(folder), "--omit=dev", "--no-audit", "--no-fund", "--quiet"])


def install_toolchain():
    """A copy of the active Rust toolchain (rustc, cargo, rust-src): rustup's lives in root's home."""
    try:
        sysroot = subprocess.run(["rustc", "--print", "sysroot"], check=True, text=True,
                                 capture_output=True).stdout.strip()
        version = subprocess.run(["rustc", "-V"], check=True, text=True,
                                 capture_output=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError) as error:
        raise RoomError(f"no Rust toolchain to copy (rustc: {error}); install rustup first")
    if not (Path(sysroot) / "lib/rustlib/src/rust/library").is_dir():
        raise RoomError(f"{sysroot} lacks rust-src (evcxr needs it): rustup component add rust-src")
    target, marker = PREFIX / "rust", PREFIX / "rust/.version"
    if marker.is_file() and marker.read_text() == version:
        print(f"ok: toolchain {version} in {target}")
        return
    print(f"==> copying the toolchain {version} to {target} (~1.5 GB)")
    fresh = PREFIX / "rust.new"
    shutil.rmtree(fresh, ignore_errors=True)
    run(["cp", "-a", sysroot, str(fresh)])
    (fresh / ".version").write_text(version)
    shutil.rmtree(target, ignore_errors=True)
    fresh.rename(target)


def install_kernel_binary():
    found = shutil.which("evcxr_jupyter")
    if not found:
        raise RoomError("evcxr_jupyter is not installed: run `make setup` (it builds the kernel) first")
    (PREFIX / "bin").mkdir(exist_ok=True)
    shutil.copy2(found, PREFIX / "bin/evcxr_jupyter")
    print(f"ok: evcxr_jupyter copied from {found}")


def tracked_files():
    """The checkout's files as git knows them (working-tree contents), no build output, no .git."""
    listed = subprocess.run(["git", "-C", str(REPO), "ls-files", "-z"], check=True,
                            capture_output=True).stdout.split(b"\0")
    return [name.decode() for name in listed if name and (REPO / name.decode()).is_file()]


def install_course(toolchain_env):
    """The course (notebooks, helper crate, launcher) read-only in PREFIX/course, the token worker
    of chapter 05 built there, and every crate the notebooks name vendored in PREFIX/vendor."""
    print("==> the course into", PREFIX / "course")
    fresh = PREFIX / "course.new"
    shutil.rmtree(fresh, ignore_errors=True)
    for name in tracked_files():
        (fresh / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, fresh / name)
    old_target = PREFIX / "course/target"
    if old_target.is_dir():
        old_target.rename(fresh / "target")  # keep the built worker: cargo rebuilds what changed
    shutil.rmtree(PREFIX / "course", ignore_errors=True)
    fresh.rename(PREFIX / "course")
    course = PREFIX / "course"
    print("==> chapter 05's token worker (cargo build --release)")
    run(["cargo", "build", "--release", "--quiet", "--no-default-features", "--bin", "token-worker",
         "--manifest-path", str(course / "helpers/Cargo.toml"), "--target-dir",
         str(course / "target/worker")], env=toolchain_env)
    print("==> the notebooks' crates, vendored into", PREFIX / "vendor")
    sys.path.insert(0, str(course / "kernel"))
    import prefetch
    crate = PREFIX / "vendor-crate"
    crate.mkdir(exist_ok=True)
    (crate / "lib.rs").write_text("")
    notebooks = sorted((course / "notebooks").glob("[0-9]*.ipynb"))
    (crate / "Cargo.toml").write_text(prefetch.manifest(notebooks))
    fresh_vendor = PREFIX / "vendor.new"
    shutil.rmtree(fresh_vendor, ignore_errors=True)
    # The standard library's own dependencies too: evcxr's type inference (rust-analyzer) reads the
    # sysroot as a cargo workspace, and offline that resolve must find them in the same place.
    library = PREFIX / "rust/lib/rustlib/src/rust/library/Cargo.toml"
    run(["cargo", "vendor", "--quiet", "--manifest-path", str(crate / "Cargo.toml"),
         "--sync", str(library), str(fresh_vendor)],
        env=dict(toolchain_env, RUSTC_BOOTSTRAP="1"), stdout=subprocess.DEVNULL)
    shutil.rmtree(PREFIX / "vendor", ignore_errors=True)
    fresh_vendor.rename(PREFIX / "vendor")


def kernel_spec():
    """The Rust kernel every learner gets: the slot launcher in front of the shared evcxr_jupyter,
    the shared toolchain first on PATH, crates offline from the vendored copy."""
    return {
        "argv": [str(HUB_PYTHON), str(PREFIX / "course/kernel/launch.py"),
                 str(PREFIX / "bin/evcxr_jupyter"), "--control_file", "{connection_file}"],
        "display_name": "Rust",
        "language": "rust",
        "interrupt_mode": "message",
        "env": {
            "PATH": f"{PREFIX / 'rust/bin'}:/usr/local/bin:/usr/bin:/bin",
            "CARGO_NET_OFFLINE": "true",
            "TOKEN_WORKER": str(PREFIX / "course/target/worker/release/token-worker"),
        },
    }


def install_kernel_spec():
    folder = PREFIX / "hub/share/jupyter/kernels/rust"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kernel.json").write_text(json.dumps(kernel_spec(), indent=2) + "\n")
    print("ok: Rust kernel registered in", folder)


def setup(args):
    require_root()
    if hub_pid() is not None:
        raise RoomError(f"the hub is running (pid {hub_pid()}): `make room-stop` first")
    memory = parse_bytes(args.memory)
    if args.cpus is not None and args.cpus <= 0:
        raise RoomError(f"--cpus {args.cpus} must be more than 0")
    install_system_packages()
    for tool in ("npm", "cargo", "git"):
        if not shutil.which(tool):
            raise RoomError(f"{tool} is not on PATH")
    PREFIX.mkdir(mode=0o755, parents=True, exist_ok=True)
    os.chmod(PREFIX, 0o755)
    install_hub_env()
    install_proxy()
    install_toolchain()
    install_kernel_binary()
    install_course(os.environ.copy())
    install_kernel_spec()
    run(["chmod", "-R", "u+rwX,go+rX,go-w", str(PREFIX)])
    run(["chown", "-R", "root:root", str(PREFIX)])
    STATE.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(STATE, 0o700)
    token = STATE / "service-token"
    if not token.exists():
        token.write_text(secrets.token_hex(32) + "\n")
        os.chmod(token, 0o600)
    try:
        grp.getgrnam(GROUP)
    except KeyError:
        run(["groupadd", "--system", GROUP])
    SETTINGS_FILE.parent.mkdir(parents=True, exist_ok=True)
    values = {
        "prefix": str(PREFIX), "state": str(STATE), "group": GROUP,
        "ip": args.ip, "port": args.port, "proxy_api_port": args.port + 1,
        "memory_bytes": memory, "cpu_cores": args.cpus, "slots": args.slots,
        "kernel_idle_s": args.kernel_idle_minutes * 60, "server_idle_s": args.server_idle_minutes * 60,
        "admins": args.admin,
        "cgroup_parents": limits.own_paths() if limits.base_folders(limits.own_paths()) else None,
    }
    SETTINGS_FILE.write_text(json.dumps(values, indent=1) + "\n")
    print(f"ok: settings in {SETTINGS_FILE}; hub on http://{args.ip}:{args.port}")
    print(f"limits: {limits.available()}")


# ---------------------------------------------------------------- learners


def user_exists(name):
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def room_learners():
    """The learners the room created (only these may be removed), in order of creation."""
    listed = STATE / "learners"
    return listed.read_text().split() if listed.is_file() else []


def write_learners(names):
    (STATE / "learners").write_text("".join(f"{n}\n" for n in names))


def new_names(args):
    if args.count is not None:
        if args.names:
            raise RoomError("give learner names or --count, not both")
        if not 1 <= args.count <= 500:
            raise RoomError(f"--count {args.count}: between 1 and 500 learners")
        taken = set(room_learners())
        names, number = [], 1
        while len(names) < args.count:
            name = f"{args.prefix}{number:02d}"
            if name not in taken and not user_exists(name):
                names.append(name)
            number += 1
        return names
    if not args.names:
        raise RoomError("no learners given: names (add ana bob) or --count N")
    return args.names


def check_new(names):
    """Every reason the names cannot be added; nothing is created unless the list is empty."""
    problems = []
    seen = set()
    for name in names:
        if not VALID_NAME.match(name):
            problems.append(f"{name!r} is not a valid Unix user name (lower-case letters, digits, "
                            "'-' and '_', starting with a letter, at most 32 characters)")
        elif name in seen:
            problems.append(f"{name!r} is given twice")
        elif user_exists(name):
            problems.append(f"{name!r} already exists on this machine")
        seen.add(name)
    return problems


def password():
    """Three groups of letters and digits, easy to read aloud and type (about 60 bits)."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3))


def as_learner(name, argv, **kwargs):
    """Run argv as the learner (their own permissions), with a clean environment and their HOME."""
    home = pwd.getpwnam(name).pw_dir
    env = {"HOME": home, "USER": name, "LOGNAME": name, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    env.update(kwargs.pop("extra_env", {}))
    runuser = shutil.which("runuser", path="/usr/sbin:/sbin:/usr/bin:/bin")
    return subprocess.run([runuser, "-u", name, "--", *argv], env=env, cwd="/", **kwargs)


def deal(name):
    result = as_learner(name, [str(HUB_PYTHON), str(PREFIX / "course/room/deal.py"),
                               str(PREFIX / "course"), str(PREFIX / "vendor")],
                        text=True, capture_output=True)
    if result.returncode:
        raise RoomError(f"giving {name} the notebooks failed: {result.stderr.strip()}")
    return result.stdout


def add(args):
    require_root()
    values = settings()
    names = new_names(args)
    problems = check_new(names)
    if problems:
        raise RoomError("nothing was changed:\n  " + "\n  ".join(problems))
    created = []
    try:
        for name in names:
            created.append((name, add_one(name, values)))
    except (OSError, subprocess.CalledProcessError, RoomError) as error:
        for name, _ in created + [(names[len(created)], None)]:
            if name in room_learners():
                remove(argparse.Namespace(names=[name], all=False))
        raise RoomError(f"adding learners failed, none were kept: {error}")
    for name, secret in created:
        print(f"{name}\t{secret}")
    print(f"ok: {len(created)} learner(s) added; names and passwords also in {STATE / 'passwords'} "
          "(root only)")
    return created


def add_one(name, values):
    """Create one learner: account, password, notebooks, cgroups. Returns the password."""
    passwords = STATE / "passwords"
    run(["useradd", "--create-home", "--shell", "/bin/bash", "--groups", GROUP,
         "--comment", "workshop learner", name])
    write_learners(room_learners() + [name])
    home = Path(pwd.getpwnam(name).pw_dir)
    os.chmod(home, 0o700)
    secret = password()
    run(["chpasswd"], input=f"{name}:{secret}\n", text=True)
    with open(passwords, "a") as out:
        os.chmod(passwords, 0o600)
        out.write(f"{name}\t{secret}\n")
    deal(name)
    limits.create(name, values["memory_bytes"], values["cpu_cores"])
    return secret


def update(args):
    require_root()
    for name in args.names or room_learners():
        if name not in room_learners():
            raise RoomError(f"{name!r} is not one of the room's learners")
        print(f"{name}:")
        sys.stdout.write(deal(name) or "  nothing new\n")


def processes_of(uid):
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    pids.append(int(entry.name))
            except FileNotFoundError:
                pass
    return pids


def end_processes(name, grace_s=10):
    """End what is left of the learner's processes (their server, kernels, compilers), by pid."""
    uid = pwd.getpwnam(name).pw_uid
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in processes_of(uid):
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + grace_s
        while processes_of(uid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if not processes_of(uid):
            return


def forget_in_hub(name, wait_s=60):
    """Stop the learner's server (waiting for it to end) and delete them from the hub's database."""
    status, _ = hub_api("DELETE", f"/users/{name}/server", ok=(202, 204, 400, 404))
    deadline = time.monotonic() + wait_s
    while status != 404 and time.monotonic() < deadline:
        status, record = hub_api("GET", f"/users/{name}", ok=(200, 404))
        if status == 404 or not (record.get("servers") or {}).get("", {}).get("pending") \
                and not (record.get("servers") or {}):
            break
        time.sleep(0.5)
    hub_api("DELETE", f"/users/{name}", ok=(204, 404))


def remove(args):
    require_root()
    known = room_learners()
    names = known if args.all else args.names
    if not names:
        raise RoomError("no learners given: names or --all")
    strangers = [n for n in names if n not in known]
    if strangers:
        raise RoomError(f"nothing was changed: not learners of this room: {', '.join(strangers)}")
    for name in names:
        if hub_pid() is not None:
            forget_in_hub(name)
        if user_exists(name):
            end_processes(name)
            run(["userdel", "--remove", name], stderr=subprocess.DEVNULL)
        left = limits.remove(name)
        for line in left:
            print(f"warning: {line}")
        write_learners([n for n in room_learners() if n != name])
        passwords = STATE / "passwords"
        if passwords.is_file():
            kept = [line for line in passwords.read_text().splitlines(True)
                    if line.split("\t", 1)[0] != name]
            passwords.write_text("".join(kept))
        print(f"removed {name}")


# ---------------------------------------------------------------- the hub


def hub_pid():
    """The running hub's pid (from its pid file, checked against /proc), or None."""
    pid_file = STATE / "hub.pid"
    if not pid_file.is_file():
        return None
    try:
        pid = int(pid_file.read_text())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (ValueError, FileNotFoundError):
        return None
    return pid if b"jupyterhub" in cmdline else None


def port_in_use(ip, port):
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex((ip if ip != "0.0.0.0" else "127.0.0.1", port)) == 0


def hub_url():
    values = settings()
    host = "127.0.0.1" if values["ip"] in ("0.0.0.0", "") else values["ip"]
    return f"http://{host}:{values['port']}"


def hub_api(method, path, body=None, ok=(200, 201, 202, 204)):
    """A request to the hub's REST API with the room service's token; returns (status, json)."""
    token = (STATE / "service-token").read_text().strip()
    request = urllib.request.Request(
        f"{hub_url()}/hub/api{path}", method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status, text = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read()
    if status not in ok:
        raise RoomError(f"hub API {method} {path}: HTTP {status}: {text[:300]!r}")
    return status, (json.loads(text) if text.strip() else None)


def start(_args=None):
    require_root()
    values = settings()
    pid = hub_pid()
    if pid is not None:
        raise RoomError(f"the hub is already running (pid {pid}); `make room-stop` first")
    for port in (values["port"], values["proxy_api_port"], 8081):
        if port_in_use("127.0.0.1" if values["ip"] == "0.0.0.0" else values["ip"], port) \
                or port_in_use("127.0.0.1", port):
            raise RoomError(f"port {port} is already in use: another hub or program listens there")
    log = STATE / "hub.log"
    with open(log, "ab") as out:
        process = subprocess.Popen(
            [str(PREFIX / "hub/bin/jupyterhub"), "-f", str(PREFIX / "course/room/jupyterhub_config.py")],
            cwd=STATE, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
            env=dict(os.environ, PIR_ROOM_SETTINGS=str(SETTINGS_FILE),
                     PATH=f"{PREFIX / 'hub/bin'}:/usr/local/bin:/usr/bin:/bin"))
    (STATE / "hub.pid").write_text(f"{process.pid}\n")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RoomError(f"the hub exited at start (code {process.returncode}); see {log}")
        try:
            with urllib.request.urlopen(f"{hub_url()}/hub/api", timeout=2):
                print(f"ok: hub running (pid {process.pid}) on {hub_url()}, log {log}")
                return process.pid
        except (urllib.error.URLError, ConnectionError, socket.timeout):
            time.sleep(0.5)
    raise RoomError(f"the hub did not answer within 60 s; see {log}")


def stop(_args=None):
    require_root()
    pid = hub_pid()
    if pid is None:
        print("ok: the hub is not running")
        return
    os.kill(pid, signal.SIGTERM)  # the hub stops the learners' servers and its proxy on the way out
    deadline = time.monotonic() + 60
    while hub_pid() == pid and time.monotonic() < deadline:
        time.sleep(0.3)
    if hub_pid() == pid:
        os.kill(pid, signal.SIGKILL)
    (STATE / "hub.pid").unlink(missing_ok=True)
    print(f"ok: hub (pid {pid}) stopped")


def status(_args=None):
    values = settings()
    pid = hub_pid()
    print(f"hub: {'running, pid %d, on %s' % (pid, hub_url()) if pid else 'not running'}")
    print(f"learners: {' '.join(room_learners()) or 'none'}")
    print(f"limits: {limits.available()}; memory {values['memory_bytes'] / 2**30:.1f} GiB, "
          f"cpu {values['cpu_cores'] or 'fair share, no cap'} per learner")


# ---------------------------------------------------------------- warm


def warm(args):
    """Each learner's first slot built ahead of class, as the learner, one learner at a time;
    prints seconds, CPU seconds and peak memory (from the learner's cgroups) and the slot's disk."""
    require_root()
    settings()
    names = args.names or room_learners()
    strangers = [n for n in names if n not in room_learners()]
    if strangers:
        raise RoomError(f"not learners of this room: {', '.join(strangers)}")
    rows = []
    for name in names:
        limits.reset_peak(name)
        before = limits.usage(name)
        began = time.monotonic()
        result = as_learner(
            name, [str(HUB_PYTHON), str(PREFIX / "course/room/warm.py"), *args.notebooks],
            extra_env={"JUPYTER_PATH": str(PREFIX / "hub/share/jupyter")},
            preexec_fn=lambda n=name: limits.join(n), text=True, capture_output=True)
        seconds = time.monotonic() - began
        after = limits.usage(name)
        home = Path(pwd.getpwnam(name).pw_dir)
        disk = subprocess.run(["du", "-sb", str(home)], text=True, capture_output=True).stdout.split()
        row = {"learner": name, "ok": result.returncode == 0, "seconds": round(seconds, 1),
               "cpu_s": round(after["cpu_s"] - before["cpu_s"], 1) if after else None,
               "peak_mib": round(after["peak_bytes"] / 2**20) if after else None,
               "home_mib": round(int(disk[0]) / 2**20) if disk else None}
        rows.append(row)
        print(json.dumps(row), flush=True)
        if result.returncode:
            print(result.stdout[-2000:] + result.stderr[-2000:], file=sys.stderr)
    failed = [r["learner"] for r in rows if not r["ok"]]
    if failed:
        raise RoomError(f"warming failed for {', '.join(failed)}")
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(prog="room.py", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("setup", help="install the hub, proxy, toolchain, kernel and course")
    p.add_argument("--ip", default="127.0.0.1", help="where the hub listens (TLS proxy in front)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--memory", default="3G", help="memory limit per learner (cgroup)")
    p.add_argument("--cpus", type=float, default=None, help="CPU cap per learner in cores (none: fair share)")
    p.add_argument("--slots", type=int, default=2, help="warm build folders per learner")
    p.add_argument("--kernel-idle-minutes", type=int, default=30)
    p.add_argument("--server-idle-minutes", type=int, default=90)
    p.add_argument("--admin", action="append", default=[], help="a hub admin (an existing Unix user)")
    p.set_defaults(run=setup)
    p = commands.add_parser("add", help="new learners, each with a password to hand out")
    p.add_argument("names", nargs="*")
    p.add_argument("--count", type=int)
    p.add_argument("--prefix", default="learner")
    p.set_defaults(run=add)
    p = commands.add_parser("update", help="give learners the course's notebooks again (never overwrites)")
    p.add_argument("names", nargs="*")
    p.set_defaults(run=update)
    p = commands.add_parser("remove", help="remove learners (their homes too)")
    p.add_argument("names", nargs="*")
    p.add_argument("--all", action="store_true")
    p.set_defaults(run=remove)
    p = commands.add_parser("warm", help="build each learner's kernel slot ahead of class")
    p.add_argument("names", nargs="*")
    p.add_argument("--notebooks", nargs="+", default=[])
    p.set_defaults(run=warm)
    for name, function in (("start", start), ("stop", stop), ("status", status)):
        commands.add_parser(name).set_defaults(run=function)
    args = parser.parse_args(argv)
    try:
        args.run(args)
    except RoomError as error:
        print(f"room: error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
