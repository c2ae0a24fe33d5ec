"""The room test: N learners at once through the hub, then the isolation cases, then a clean machine.

    /opt/pir-room/hub/bin/python room/room_test.py --learners N [--rounds R] [--json FILE]

As root, on a room set up by `room.py setup` whose hub is not running:
1. creates N learners (room.py add) and warms each one's slot with chapter 02 (room.py warm);
2. starts the hub on its configured address (loopback by default);
3. each learner, all at once: logs in through the hub's login form with their own password (as a
   browser: the form's _xsrf field, cookies), asks the hub for a token with that login, starts their
   server, and in a new Rust kernel reached through the hub's proxy (websocket) runs chapter 02's
   set-up cells, its first timed run, and its first exercise's solution with the check (PASS);
   R rounds, a new kernel each round;
4. tries the isolation cases: learner A against learner B's home, notebooks and slots, the shared
   files every kernel runs (as A on the machine, and from A's kernel through the hub), B's server
   with A's token and cookies, and the hub's admin API with A's token; each must be refused;
5. whatever happened: removes the learners from the hub and the machine, stops the hub, and checks
   that the users, groups, homes, cgroups and processes are as before the test.
Prints first-cell p50/p95 and, per learner, CPU seconds and peak memory of the kernel, of the
compilers it ran (sampled from /proc every 0.2 s), the most the learner's processes held at once
(the sum of their RSS, sampled), and the cgroup's totals (CPU; memory including page cache).
Exit status 1 on any failure.
"""

import argparse
import hashlib
import http.cookiejar
import json
import os
import pwd
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import websocket

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests" / "exercises"))
import limits  # noqa: E402
import manifest  # noqa: E402  (the exercises' manifests: a solution and its check)
import room  # noqa: E402

NOTEBOOK = "02-ordered-map.ipynb"
PREFIX_NAME = "roomtest"
COMPILERS = {"rustc", "cargo", "cc", "ld", "collect2", "x86_64-linux-gn", "ld.bfd", "ld.gold"}
# The tutorial's second, shortened for the test. Not to 20 ms as `make test` does: N kernels on a
# few cores are starved for tenths of a second, and the checks allow two units of lateness.
UNIT = 'unsafe {{ std::env::set_var("TIME_UNIT_MS", "{}"); }}\n'


# ---------------------------------------------------------------- a browser, roughly


class Browser:
    """Cookies, the hub's _xsrf field and token, like a learner's browser tab."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, method, path, data=None, headers=None, token=None, timeout=60):
        headers = dict(headers or {})
        if token:
            headers["Authorization"] = f"token {token}"
        body = None
        if isinstance(data, dict) and headers.get("Content-Type") == "application/x-www-form-urlencoded":
            body = urllib.parse.urlencode(data).encode()
        elif data is not None:
            body = json.dumps(data).encode()
            headers.setdefault("Content-Type", "application/json")
        request = urllib.request.Request(self.base + path, data=body, method=method, headers=headers)
        opener = self.opener if token is None else urllib.request.build_opener()
        try:
            with opener.open(request, timeout=timeout) as response:
                return response.status, response.geturl(), response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.geturl(), error.read().decode(errors="replace")

    def cookie(self, name):
        return next((c.value for c in self.jar if c.name == name), None)

    def log_in(self, name, password):
        status, _, page = self.request("GET", "/hub/login")
        field = re.search(r'name="_xsrf"\s+value="([^"]+)"', page) or \
            re.search(r'value="([^"]+)"\s+name="_xsrf"', page)
        if status != 200 or not field:
            raise RuntimeError(f"login page: HTTP {status}, no _xsrf field")
        form = {"username": name, "password": password, "_xsrf": field[1]}
        status, url, page = self.request("POST", "/hub/login?next=%2Fhub%2Fhome", form,
                                         {"Content-Type": "application/x-www-form-urlencoded"})
        if status >= 400 or "/hub/login" in url:
            raise RuntimeError(f"login as {name} refused: HTTP {status} at {url}")

    def own_token(self, name):
        """A token asked for with the login cookie (the hub's API, as its web pages do it)."""
        xsrf = self.cookie("_xsrf")
        status, _, text = self.request("POST", f"/hub/api/users/{name}/tokens",
                                       {"note": "room test", "expires_in": 7200},
                                       {"X-XSRFToken": xsrf or ""})
        if status != 201:
            raise RuntimeError(f"token for {name}: HTTP {status}: {text[:200]}")
        return json.loads(text)["token"]


# ---------------------------------------------------------------- a kernel through the proxy


class RemoteKernel:
    """A Rust kernel in the learner's server, driven over its websocket through the hub's proxy."""

    def __init__(self, browser, name, token):
        self.browser, self.name, self.token = browser, name, token
        # As JupyterLab opens a notebook: a session for it, so the kernel runs in its folder.
        status, _, text = browser.request("POST", f"/user/{name}/api/sessions", {
            "path": NOTEBOOK, "name": NOTEBOOK, "type": "notebook", "kernel": {"name": "rust"}},
            token=token, timeout=180)
        if status != 201:
            raise RuntimeError(f"kernel start: HTTP {status}: {text[:200]}")
        session = json.loads(text)
        self.session_id, self.id = session["id"], session["kernel"]["id"]
        url = browser.base.replace("http", "ws", 1) + f"/user/{name}/api/kernels/{self.id}/channels"
        self.socket = websocket.create_connection(url, header=[f"Authorization: token {token}"],
                                                  timeout=180)
        self.session = uuid.uuid4().hex

    def execute(self, code, timeout):
        """(seconds, status, text of all outputs)."""
        msg_id = uuid.uuid4().hex
        self.socket.send(json.dumps({
            "header": {"msg_id": msg_id, "username": self.name, "session": self.session,
                       "msg_type": "execute_request", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
        began = time.monotonic()
        texts, status, idle = [], None, False
        while status is None or not idle:
            left = timeout - (time.monotonic() - began)
            if left <= 0:
                raise TimeoutError(f"cell ran past {timeout} s")
            self.socket.settimeout(left)
            message = json.loads(self.socket.recv())
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = message["msg_type"], message["content"]
            if kind == "stream":
                texts.append(content["text"])
            elif kind in ("execute_result", "display_data"):
                texts.append(content["data"].get("text/plain", ""))
            elif kind == "error":
                texts.append(f"{content['ename']}: {content['evalue']}\n")
            elif kind == "execute_reply":
                status = content["status"]
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
        return time.monotonic() - began, status, "".join(texts)

    def close(self):
        try:
            self.socket.close()
        finally:
            self.browser.request("DELETE", f"/user/{self.name}/api/sessions/{self.session_id}",
                                 token=self.token)


# ---------------------------------------------------------------- measuring


class Sampler(threading.Thread):
    """Every 0.2 s, each process of the learners: its CPU time and peak memory (VmHWM), by kind."""

    def __init__(self, uids):
        super().__init__(daemon=True)
        self.uids, self.seen, self.done = uids, {}, threading.Event()
        self.resident_peak = {}
        self.tick = os.sysconf("SC_CLK_TCK")

    def run(self):
        while not self.done.wait(0.2):
            resident = dict.fromkeys(self.uids, 0)  # this instant's RSS sum per learner
            for entry in Path("/proc").iterdir():
                if not entry.name.isdigit():
                    continue
                try:
                    uid = entry.stat().st_uid
                    if uid not in self.uids:
                        continue
                    stat = (entry / "stat").read_text()
                    comm = stat[stat.index("(") + 1:stat.rindex(")")]
                    fields = stat[stat.rindex(")") + 2:].split()
                    cpu = (int(fields[11]) + int(fields[12])) / self.tick
                    status = dict(line.split(":", 1) for line in
                                  (entry / "status").read_text().splitlines() if ":" in line)
                    hwm = int(status.get("VmHWM", "0 kB").split()[0]) * 1024
                    resident[uid] += int(status.get("VmRSS", "0 kB").split()[0]) * 1024
                except (OSError, ValueError, IndexError):
                    continue
                key = (uid, int(entry.name), fields[19])
                _, old_cpu, old_hwm = self.seen.get(key, (comm, 0.0, 0))
                # Both only grow; an exiting process (a zombie) shows no VmHWM any more.
                self.seen[key] = (comm, max(cpu, old_cpu), max(hwm, old_hwm))
            for uid, total in resident.items():
                self.resident_peak[uid] = max(self.resident_peak.get(uid, 0), total)

    def summary(self, uid):
        """{'kernel': (cpu_s, peak_bytes), 'compilers': (...)} for one learner."""
        out = {"kernel": [0.0, 0], "compilers": [0.0, 0]}
        for (owner, _, _), (comm, cpu, hwm) in self.seen.items():
            if owner != uid:
                continue
            kind = "kernel" if comm.startswith("evcxr") else "compilers" if comm in COMPILERS else None
            if kind:
                out[kind][0] += cpu
                out[kind][1] = max(out[kind][1], hwm)
        return out


def percentile(values, fraction):
    """Nearest-rank percentile (no interpolation: with few values it is one of them)."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = max(1, -(-int(fraction * 100) * len(ordered) // 100))
    return ordered[min(rank, len(ordered)) - 1]


# ---------------------------------------------------------------- the test


def chapter_cells(unit_ms):
    cells = json.loads((room.PREFIX / "course/notebooks" / NOTEBOOK).read_text())["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    tags = lambda c: c.get("metadata", {}).get("tags", [])  # noqa: E731
    timed = next(c for c in code if "timeline" in tags(c))
    check = next(c for c in code if "check" in tags(c))
    source = lambda c: "".join(c["source"])  # noqa: E731
    # The first exercise as a learner who solved it runs it: the worked answer (no notebook has
    # one: it lives in helpers/solutions/), then the notebook's own check cell, in one cell, as the
    # answer harness runs it.
    first = manifest.load(HERE.parent / "tests/exercises/ch02.toml")["exercises"][0]
    solved = "{\n" + first["solution"].rstrip() + "\n" + source(check).strip() + "\n}"
    return [("first cell", source(code[0])), ("set-up", UNIT.format(unit_ms) + source(code[1])),
            ("timed run", source(timed)), ("exercise check", solved)]


def learner_round(base, name, password, cells, timeout, barrier, result, session):
    """One learner's round: log in (first round), start the server, run the cells in a new kernel."""
    try:
        barrier.wait()
        if "browser" not in session:
            browser = Browser(base)
            browser.log_in(name, password)
            session["browser"], session["token"] = browser, browser.own_token(name)
        browser, token = session["browser"], session["token"]
        status, _, text = browser.request("POST", f"/hub/api/users/{name}/server", {}, token=token)
        if status not in (201, 202, 400):  # 400: already running
            raise RuntimeError(f"server start: HTTP {status}: {text[:200]}")
        deadline = time.monotonic() + 180
        while True:
            status, _, text = browser.request("GET", f"/hub/api/users/{name}", token=token)
            server = json.loads(text).get("servers", {}).get("", {}) if status == 200 else {}
            if server.get("ready"):
                break
            if time.monotonic() > deadline:
                raise RuntimeError("server not ready after 180 s")
            time.sleep(0.5)
        kernel = RemoteKernel(browser, name, token)
        try:
            for label, source in cells:
                limits.reset_peak(name)  # the learner's own cgroup: other learners do not count
                before = limits.usage(name)
                seconds, status, text = kernel.execute(source, timeout)
                after = limits.usage(name)
                result["cells"].append((label, round(seconds, 2)))
                if before and after:
                    result["cell_usage"].append((label, round(after["cpu_s"] - before["cpu_s"], 1),
                                                 round(after["peak_bytes"] / 2**20)))
                if status != "ok" or "panicked" in text:
                    raise RuntimeError(f"{label}: {status}: {text[-600:]}")
            if "PASS" not in text or "FAIL" in text:
                raise RuntimeError(f"the exercise check did not PASS: {text[-400:]}")
        finally:
            kernel.close()
    except Exception as error:  # noqa: BLE001 - every failure is reported, none stops the others
        result["problem"] = f"{type(error).__name__}: {error}"


def timed_rounds(base, learners, rounds, timeout, sessions, unit_ms):
    cells = chapter_cells(unit_ms)
    uids = {pwd.getpwnam(n).pw_uid for n, _ in learners}
    report = {"rounds": [], "failures": []}
    for number in range(1, rounds + 1):
        for name, _ in learners:
            limits.reset_peak(name)
        before = {name: limits.usage(name) for name, _ in learners}
        sampler = Sampler(uids)
        sampler.start()
        results = {name: {"cells": [], "cell_usage": [], "problem": None} for name, _ in learners}
        barrier = threading.Barrier(len(learners))
        threads = [threading.Thread(target=learner_round, args=(
            base, name, password, cells, timeout, barrier, results[name], sessions[name]))
            for name, password in learners]
        began = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        sampler.done.set()
        sampler.join()
        load = os.getloadavg()
        rows = []
        for name, _ in learners:
            after = limits.usage(name)
            measured = sampler.summary(pwd.getpwnam(name).pw_uid)
            row = {"learner": name, "cells_s": results[name]["cells"],
                   "cells_cpu_s_peak_mib": results[name]["cell_usage"],
                   "problem": results[name]["problem"],
                   "kernel_cpu_s": round(measured["kernel"][0], 1),
                   "kernel_peak_mib": round(measured["kernel"][1] / 2**20),
                   "compilers_cpu_s": round(measured["compilers"][0], 1),
                   "compilers_peak_mib": round(measured["compilers"][1] / 2**20),
                   "resident_peak_mib": round(sampler.resident_peak.get(
                       pwd.getpwnam(name).pw_uid, 0) / 2**20)}
            if after and before[name]:
                row["all_cpu_s"] = round(after["cpu_s"] - before[name]["cpu_s"], 1)
                row["all_peak_mib"] = max([round(after["peak_bytes"] / 2**20)] + [
                    peak for _, _, peak in results[name]["cell_usage"]])
            rows.append(row)
            if row["problem"]:
                report["failures"].append(f"round {number}, {name}: {row['problem']}")
        report["rounds"].append({"round": number, "seconds": round(time.monotonic() - began, 1),
                                 "load": [round(x, 1) for x in load], "learners": rows})
        print(f"round {number}: {len(learners)} learners at once in {time.monotonic() - began:.0f} s, "
              f"load {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}", flush=True)
        for row in rows:
            cells_text = ", ".join(f"{label} {s:.1f}" for label, s in row["cells_s"])
            print(f"  {row['learner']}: {cells_text or '-'} s; kernel {row['kernel_cpu_s']} CPU s "
                  f"{row['kernel_peak_mib']} MiB; compilers {row['compilers_cpu_s']} CPU s "
                  f"{row['compilers_peak_mib']} MiB peak; all {row.get('all_cpu_s')} CPU s, "
                  f"{row['resident_peak_mib']} MiB resident at once, "
                  f"{row.get('all_peak_mib')} MiB with page cache" + (f"; FAILED {row['problem']}" if row["problem"] else ""),
                  flush=True)
    firsts = [s for r in report["rounds"] for row in r["learners"]
              for label, s in row["cells_s"] if label == "first cell"]
    report["first_cell_p50_s"] = percentile(firsts, 0.50)
    report["first_cell_p95_s"] = percentile(firsts, 0.95)
    return report


def as_user(name, argv):
    return room.as_learner(name, argv, capture_output=True, text=True).returncode == 0


def isolation_cases(base, learners, sessions):
    """Every case that SUCCEEDED (each should have been refused)."""
    (a, _), (b, _) = learners[0], learners[1]
    home_b = Path(pwd.getpwnam(b).pw_dir)
    notebook_b = home_b / "parallelism-in-rust/notebooks" / NOTEBOOK
    slot_b = home_b / ".cache/parallelism-in-rust/slots/0"
    prefix = room.PREFIX
    site = next((prefix / "hub/lib").glob("python3*/site-packages"))
    vendored = next((prefix / "vendor").glob("rayon-*/src/lib.rs"))
    machine = [
        (f"{a} lists {b}'s home", ["ls", str(home_b)]),
        (f"{a} reads {b}'s notebook", ["cat", str(notebook_b)]),
        (f"{a} writes {b}'s notebook", ["sh", "-c", 'echo x >> "$0"', str(notebook_b)]),
        (f"{a} writes in {b}'s home", ["touch", str(home_b / "planted")]),
        (f"{a} lists {b}'s slot", ["ls", str(slot_b / "build")]),
        (f"{a} writes in {b}'s slot", ["touch", str(slot_b / "build/planted.rs")]),
        (f"{a} writes {b}'s cargo config", ["sh", "-c", 'echo x >> "$0"', str(home_b / ".cargo/config.toml")]),
    ]
    for shared in (prefix / "course/helpers/src/lib.rs", prefix / "course/kernel/launch.py",
                   prefix / "hub/share/jupyter/kernels/rust/kernel.json", vendored,
                   prefix / "rust/bin/rustc", prefix / "bin/evcxr_jupyter"):
        machine.append((f"{a} changes the shared {shared}", ["sh", "-c", 'echo >> "$0"', str(shared)]))
    machine.append((f"{a} adds a .pth file every Python start runs", ["touch", str(site / "planted.pth")]))
    machine.append((f"{a} adds a crate to the vendored copy", ["mkdir", str(prefix / "vendor/planted")]))
    succeeded = [label for label, argv in machine if as_user(a, argv)]
    print(f"isolation on the machine: {len(machine)} cases, {len(succeeded)} succeeded", flush=True)

    browser, token = sessions[a]["browser"], sessions[a]["token"]
    web = [
        (f"{a}'s token lists all users (admin API)", "GET", "/hub/api/users", None, True),
        (f"{a}'s token reads {b}'s hub record", "GET", f"/hub/api/users/{b}", None, True),
        (f"{a}'s token stops {b}'s server", "DELETE", f"/hub/api/users/{b}/server", None, True),
        (f"{a}'s token creates a user", "POST", "/hub/api/users/planted", {}, True),
        (f"{a}'s token makes a token for {b}", "POST", f"/hub/api/users/{b}/tokens", {}, True),
        (f"{a}'s token reads {b}'s notebooks", "GET", f"/user/{b}/api/contents", None, True),
        (f"{a}'s token starts a kernel in {b}'s server", "POST", f"/user/{b}/api/kernels",
         {"name": "rust"}, True),
        (f"{a}'s cookies open {b}'s JupyterLab", "GET", f"/user/{b}/lab", None, False),
        (f"{a}'s cookies open the admin page", "GET", "/hub/admin", None, False),
    ]
    count = len(succeeded)
    for label, method, path, body, with_token in web:
        status, url, text = browser.request(method, path, body, token=token if with_token else None)
        landed_b = urllib.parse.urlparse(url).path.startswith(f"/user/{b}/")
        allowed = (200 <= status < 300) and (with_token or landed_b or path == "/hub/admin" and
                                             "/hub/admin" in url)
        if allowed:
            succeeded.append(f"{label} (HTTP {status})")
    print(f"isolation through the hub: {len(web)} cases, {len(succeeded) - count} succeeded", flush=True)

    count = len(succeeded)
    probe = f"""
let tries: [(&str, bool); 4] = [
    ("read {b}'s notebook", std::fs::read("{notebook_b}").is_ok()),
    ("write {b}'s slot", std::fs::write("{slot_b}/build/planted.rs", "fn main() {{}}").is_ok()),
    ("write the shared helper crate", std::fs::OpenOptions::new().append(true).open("{prefix}/course/helpers/src/lib.rs").is_ok()),
    ("write the shared toolchain", std::fs::OpenOptions::new().append(true).open("{prefix}/rust/bin/rustc").is_ok()),
];
for (what, done) in tries {{ println!("{{}}: {{}}", what, if done {{ "SUCCEEDED" }} else {{ "refused" }}); }}
"""
    kernel = RemoteKernel(browser, a, token)
    try:
        _, status, text = kernel.execute(probe, 600)
    finally:
        kernel.close()
    lines = [line for line in text.splitlines() if line.endswith(("SUCCEEDED", "refused"))]
    if status != "ok" or len(lines) != 4:
        succeeded.append(f"the kernel probe did not run as expected: {status}: {text[-300:]}")
    succeeded += [f"{a}'s kernel could {line}" for line in lines if line.endswith("SUCCEEDED")]
    print(f"isolation from {a}'s kernel: 4 cases, {len(succeeded) - count} succeeded", flush=True)
    return succeeded


def machine_state():
    """What the test must leave as it found: accounts, homes, the room's cgroups, the hub."""
    def digest(path):
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
    cgroups = sorted(str(p) for folder in (limits.base_folders() or {}).values()
                     if folder.is_dir() for p in folder.iterdir() if p.is_dir())
    return {"passwd": digest("/etc/passwd"), "group": digest("/etc/group"),
            "shadow": digest("/etc/shadow"), "homes": sorted(os.listdir("/home")),
            "learners": room.room_learners(), "cgroups": cgroups, "hub": room.hub_pid()}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, required=True)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    parser.add_argument("--json", type=Path, help="write the full report here")
    parser.add_argument("--unit-ms", type=int, default=250, help="the tutorial's second, in ms")
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        sys.exit("room test: error: run as root (it creates Unix users)")
    if not 2 <= args.learners <= 40:
        sys.exit(f"room test: error: --learners {args.learners}: 2 to 40 (the isolation cases need two)")
    try:
        room.settings()
        if room.hub_pid() is not None:
            raise room.RoomError(f"a hub is already running (pid {room.hub_pid()}): the room test "
                                 "starts its own; stop it with `make room-stop` first")
    except room.RoomError as error:
        sys.exit(f"room test: error: {error}")
    loopback_settings = None
    values = room.settings()
    if values["ip"] != "127.0.0.1":  # the room serves other addresses; the test stays on loopback
        loopback_settings = room.STATE / "room-test-settings.json"
        loopback_settings.write_text(json.dumps(dict(values, ip="127.0.0.1")))
        room.SETTINGS_FILE = loopback_settings
    before = machine_state()
    names = []
    report = {"learners": args.learners, "failures": []}
    began = time.monotonic()
    try:
        created = room.add(argparse.Namespace(names=[], count=args.learners, prefix=PREFIX_NAME))
        names = [name for name, _ in created]
        print("==> warming each learner's slot (chapter 02)", flush=True)
        report["warm"] = room.warm(argparse.Namespace(names=names, notebooks=[NOTEBOOK]))
        room.start()
        base = room.hub_url()
        sessions = {name: {} for name in names}
        report.update(timed_rounds(base, created, args.rounds, args.timeout, sessions, args.unit_ms))
        report["isolation_succeeded"] = isolation_cases(base, created, sessions)
        report["failures"] += [f"isolation: {case}" for case in report["isolation_succeeded"]]
    except Exception as error:  # noqa: BLE001 - reported, then cleaned up
        report["failures"].append(f"{type(error).__name__}: {error}")
    finally:
        print("==> removing the test's learners and stopping the hub", flush=True)
        try:
            if names:
                room.remove(argparse.Namespace(names=names, all=False))
        except Exception as error:  # noqa: BLE001
            report["failures"].append(f"cleanup: {type(error).__name__}: {error}")
        room.stop()
        if loopback_settings:
            loopback_settings.unlink()
        after = machine_state()
        changed = [key for key in before if before[key] != after[key]]
        if changed:
            report["failures"].append(f"the machine is not as before: {', '.join(changed)} changed "
                                      f"({ {k: (before[k], after[k]) for k in changed} })")
    report["seconds"] = round(time.monotonic() - began, 1)
    print(f"first cell: p50 {report.get('first_cell_p50_s')} s, p95 {report.get('first_cell_p95_s')} s "
          f"over {args.learners} learners x {args.rounds} round(s)")
    print(f"room test: {len(report['failures'])} failure(s) in {report['seconds']:.0f} s")
    for failure in report["failures"]:
        print(f"  FAILED {failure}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, default=str) + "\n")
    return 1 if report["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
