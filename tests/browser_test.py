"""Open the notebooks in JupyterLab in a real browser and check what a reader sees.

    python tests/browser_test.py [--committed-only] [NOTEBOOK ...]      (make browser-test)

For each notebook (default: notebooks/[0-9]*.ipynb), in Debian's Chromium driven by Playwright:
  1. opened as committed, without running (so untrusted): every picture output is a loaded image
     of non-zero size that fits the notebook's column at a 1280-pixel-wide window, and no output
     shows a picture's words instead of the picture (what JupyterLab does to `<svg>` in untrusted
     HTML);
  2. after "Run All" with the Rust kernel, once the kernel is idle: every code cell ran, each
     cell passes the headless checker's rules (tooling.rules.executed_cell_problem: no error
     output outside `raises-exception` cells, no unexpected panic, each exercise's check prints
     FAIL after its starter and its solution PASS, ...), and every picture is visible as in 1.
     This is the test suite's one execution of the notebooks (`make test`); tests/run_notebooks.py
     executes them headless for `make run`, which saves the outputs.
A screenshot of each notebook in both states goes to browser-run/screenshots/, one of each
picture to browser-run/screenshots/pictures/. The notebooks run from copies in browser-run/ (so
their `../helpers` paths resolve and the committed files never change); the server, its kernels
and the browser are stopped even when a check fails.

Environment: TIME_UNIT_MS (default 20) reaches the kernels through the server's environment;
CELL_TIMEOUT (default 300) bounds each cell; CHROMIUM (default /usr/bin/chromium).
"""

import argparse
import base64
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tooling.notebook import text as _text
from tooling.rules import describe, executed_cell_problem, exercise_shape_problems

ROOT = Path(__file__).resolve().parent.parent
SCRATCH = ROOT / "browser-run"  # git-ignored; one level down, like notebooks/
SHOTS = SCRATCH / "screenshots"
VENV_BIN = ROOT / ".venv" / "bin"
WINDOW = {"width": 1280, "height": 900}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# JupyterLab settings for the test's own settings folder: every cell laid out (so every picture
# can be measured and photographed), and no pop-up asking about news over the notebook.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
}
# A picture wider than the column is scaled down to fit; its text stays legible down to this.
SQUEEZE_LIMIT = 0.8


# ---- what the notebook's JSON says should be on screen ---------------------------------------

def picture_words(output):
    """The words drawn inside each picture of an output (SVG `<text>` elements), or None when the
    output holds no picture. A picture is an image output, or HTML with an `<img>` or `<svg>`."""
    if output.get("output_type") not in ("display_data", "execute_result"):
        return None
    data = output.get("data", {})
    if "image/png" in data:
        return []
    svgs = [_text(data["image/svg+xml"])] if "image/svg+xml" in data else []
    html = _text(data.get("text/html", ""))
    svgs += re.findall(r"<svg.*?</svg>", html, flags=re.S)
    for encoded in re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html):
        svgs.append(base64.b64decode(encoded).decode("utf-8", "replace"))
    if not svgs and "<img" not in html:
        return None
    words = [w.strip() for svg in svgs for w in re.findall(r"<text[^>]*>([^<]+)</text>", svg)]
    # Short words ("#3", "0.50") could appear in any printout; long ones are the picture's own.
    return [w for w in words if len(w) >= 12]


def expected_pictures(cells):
    """For each cell: the picture outputs it holds, each as the list of its words."""
    return [[words for o in c.get("outputs", []) if (words := picture_words(o)) is not None]
            for c in cells]


# ---- the server --------------------------------------------------------------------------------

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(token, port, log):
    """JupyterLab from the project's .venv, serving browser-run/ on loopback, in its own process
    group so that it can be stopped with everything it started. Returns at once."""
    settings = SCRATCH / ".lab" / "settings"
    for name, values in LAB_SETTINGS.items():
        (settings / name).parent.mkdir(parents=True, exist_ok=True)
        (settings / name).write_text(json.dumps(values))
    env = dict(os.environ, TIME_UNIT_MS=os.environ.get("TIME_UNIT_MS", "20"))
    env.setdefault("JUPYTER_PATH", str(ROOT / ".venv" / "share" / "jupyter"))
    command = [
        str(VENV_BIN / "jupyter"), "lab", "--no-browser",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={SCRATCH}",
        "--MappingKernelManager.default_kernel_name=rust",
        # A fresh, in-memory trust database: every notebook opens untrusted, as for a new reader.
        "--NotebookNotary.db_file=:memory:",
        f"--LabApp.user_settings_dir={settings}",
        f"--LabApp.workspaces_dir={SCRATCH / '.lab' / 'workspaces'}",
        "--LabApp.expose_app_in_browser=True",  # window.jupyterapp: run cells, read the model
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def wait_for_server(server, port, token, log):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"jupyter lab exited with {server.returncode}; see {log.name}")
        try:
            api(port, token, "GET", "/api/status")
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"jupyter lab did not answer within 60 s; see {log.name}")


def api(port, token, method, path):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                     headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        body = response.read()
    return json.loads(body) if body else None


def shut_down_kernels(port, token):
    for session in api(port, token, "GET", "/api/sessions"):
        api(port, token, "DELETE", f"/api/sessions/{session['id']}")


def stop_server(server, port, token):
    """Kernels first (they run in sessions of their own, outside the server's process group),
    then the server: politely, then its whole process group by force."""
    try:
        shut_down_kernels(port, token)
    except OSError:
        pass
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 5)):
        if server.poll() is not None:
            break
        try:
            os.killpg(server.pid, sig)
        except ProcessLookupError:
            break
        try:
            server.wait(wait)
        except subprocess.TimeoutExpired:
            pass


# ---- in the page -------------------------------------------------------------------------------

# Every output of every cell as the page shows it. A picture counts as visible when it is a loaded
# image (naturalWidth > 0) or an inline <svg> with a box of non-zero size.
READ_OUTPUTS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  return panel.content.widgets.map(cell => {
    const area = cell.node.querySelector('.jp-OutputArea');
    if (!area) return [];
    return [...area.querySelectorAll('.jp-OutputArea-output')].map(out => {
      const column = area.getBoundingClientRect();
      const pictures = [...out.querySelectorAll('img, svg')].map(p => {
        const box = p.getBoundingClientRect();
        const style = getComputedStyle(p);
        return {
          tag: p.tagName.toLowerCase(),
          natural: p.tagName === 'IMG' ? p.naturalWidth : box.width,
          width: box.width, height: box.height,
          shown: style.display !== 'none' && style.visibility !== 'hidden',
          overflow: box.right - column.right,
        };
      }).filter(p => p.tag === 'img' || p.width > 40);  // not a toolbar's icon
      return {mime: out.dataset.mimeType || '', text: out.innerText, pictures};
    });
  });
}"""

KERNEL_STATE = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  const cells = panel.content.widgets;
  return {
    status: kernel ? kernel.status : 'none',
    running: cells.filter(c => c.model.type === 'code' && c.promptNode
                          && c.promptNode.textContent.includes('*')).length,
  };
}"""


def picture_problems(shown, expected, cells):
    """What is wrong with the pictures on screen, given the pictures each cell's JSON holds."""
    problems = []
    for index, (outputs, wanted) in enumerate(zip(shown, expected)):
        if not wanted:
            continue
        where = describe(index, cells[index])
        visible = [p for o in outputs for p in o["pictures"]
                   if p["shown"] and p["natural"] > 0 and p["width"] > 0 and p["height"] > 0]
        if len(visible) < len(wanted):
            problems.append(f"{where}: {len(wanted)} picture(s), {len(visible)} visible")
        # Only rich outputs: a cell may well print a run's summary beside its picture.
        text = "\n".join(o["text"] for o in outputs if o["mime"] in ("text/html", "image/svg+xml"))
        loose = sorted({w for words in wanted for w in words if w in text})
        if loose:
            problems.append(f"{where}: the picture's words shown as text: {loose[:3]}")
        for p in visible:
            if p["overflow"] > 1:
                problems.append(f"{where}: a picture sticks out of the column by {p['overflow']:.0f} px")
            elif p["tag"] == "img" and p["width"] < SQUEEZE_LIMIT * p["natural"]:
                problems.append(f"{where}: a picture {p['natural']} px wide is squeezed to "
                                f"{p['width']:.0f} px")
    return problems


def wait_for_pictures(page, timeout_ms=30000):
    page.wait_for_function(
        "() => [...document.querySelectorAll('.jp-OutputArea-output img')].every(i => i.complete)",
        timeout=timeout_ms)


def screenshot(page, path):
    """The whole notebook: the window is made as tall as the notebook, then restored."""
    height = page.evaluate("""() => {
      const panel = window.jupyterapp.shell.currentWidget;
      const scroller = panel.content.node.querySelector('.jp-WindowedPanel-outer');
      scroller.scrollTop = 0;  // Run All leaves the last cell in view
      return scroller.scrollHeight - scroller.clientHeight;
    }""")
    page.set_viewport_size({"width": WINDOW["width"],
                            "height": min(WINDOW["height"] + max(height, 0), 32000)})
    page.wait_for_timeout(300)
    page.screenshot(path=str(path))
    page.set_viewport_size(WINDOW)


def photograph_pictures(page, stem):
    """Each picture alone, at the size the reader sees it, for a person to look at."""
    folder = SHOTS / "pictures"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{stem}-*.png"):
        old.unlink()
    pictures = page.locator(".jp-OutputArea-output img, .jp-OutputArea-output > svg")
    for i in range(pictures.count()):
        pictures.nth(i).screenshot(path=str(folder / f"{stem}-{i + 1:02d}.png"))


def open_notebook(page, port, token, name):
    page.goto(f"http://127.0.0.1:{port}/lab/tree/{name}?reset&token={token}")
    page.wait_for_function(
        """name => window.jupyterapp && window.jupyterapp.shell.currentWidget
             && window.jupyterapp.shell.currentWidget.context
             && window.jupyterapp.shell.currentWidget.context.path === name
             && window.jupyterapp.shell.currentWidget.context.isReady""",
        arg=name, timeout=60000)
    page.wait_for_timeout(500)  # outputs render just after the model is ready


def run_all(page, cell_timeout):
    """Run All and wait until every cell is done and the kernel idle; the reason if not."""
    page.wait_for_function(
        """() => { const s = window.jupyterapp.shell.currentWidget.sessionContext;
                   return s.session && s.session.kernel && s.session.kernel.status === 'idle'; }""",
        timeout=120000)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    quiet_since = None
    waiting, progress_at = None, time.monotonic()
    while True:
        state = page.evaluate(KERNEL_STATE)
        if state["status"] in ("dead", "unknown", "none"):
            return f"the kernel is {state['status']}"
        done = state["status"] == "idle" and state["running"] == 0
        # Cells are sent one by one: idle between two of them is not the end, idle for 2 s is.
        quiet_since = (quiet_since or time.monotonic()) if done else None
        if quiet_since and time.monotonic() - quiet_since > 2:
            return None
        if state["running"] != waiting:  # one more cell finished
            waiting, progress_at = state["running"], time.monotonic()
        elif time.monotonic() - progress_at > cell_timeout:
            return f"a cell ran for more than {cell_timeout} s"
        time.sleep(0.5)


def check_notebook(page, port, token, path, run, cell_timeout):
    """Both states of one notebook; returns the problems found (empty when it passes)."""
    name, stem = path.name, path.stem
    committed = json.loads(path.read_text())["cells"]
    shape = exercise_shape_problems(committed)
    if shape:  # a misplaced exercise tag needs no browser to be found
        index, problem = shape[0]
        return [f"{describe(index, committed[index])}: {problem}"]
    open_notebook(page, port, token, name)
    wait_for_pictures(page)
    problems = [f"as committed: {p}" for p in
                picture_problems(page.evaluate(READ_OUTPUTS), expected_pictures(committed),
                                 committed)]
    screenshot(page, SHOTS / f"{stem}.committed.png")
    photograph_pictures(page, f"{stem}.committed")
    if not run:
        return problems

    began = time.monotonic()
    stuck = run_all(page, cell_timeout)
    print(f"Run All {time.monotonic() - began:.0f} s,", end=" ", flush=True)
    wait_for_pictures(page)
    screenshot(page, SHOTS / f"{stem}.run.png")
    photograph_pictures(page, f"{stem}.run")
    if stuck:
        return problems + [f"after Run All: {stuck}"]
    cells = page.evaluate("() => window.jupyterapp.shell.currentWidget.content.model.toJSON().cells")
    # The first problem in cell order, as the headless checker reports it: a panic in cell 3
    # explains the errors after it. Run All stops at an unexpected error, so cells after it
    # never ran; say so only when nothing earlier explains it.
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "code":
            continue
        problem = executed_cell_problem(cell) if cell.get("execution_count") else "never ran"
        if problem:
            problems.append(f"after Run All: {describe(index, cell)}: {problem}")
            break
    problems += [f"after Run All: {p}" for p in
                 picture_problems(page.evaluate(READ_OUTPUTS), expected_pictures(cells), cells)]
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="default: notebooks/[0-9]*.ipynb, in order")
    parser.add_argument("--committed-only", action="store_true",
                        help="only open each notebook as committed; run nothing")
    args = parser.parse_args(argv)
    cell_timeout = int(os.environ.get("CELL_TIMEOUT", 300))
    paths = [p.resolve() for p in args.notebooks] or sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))

    from playwright.sync_api import sync_playwright  # after argparse: --help works without it

    # Fresh copies of the committed notebooks, beside notebooks/ so that `../helpers` resolves.
    SCRATCH.mkdir(exist_ok=True)
    for old in SCRATCH.glob("*.ipynb"):
        old.unlink()
    shutil.rmtree(SHOTS, ignore_errors=True)  # only this run's pictures, nothing stale
    SHOTS.mkdir(parents=True)
    copies = []
    for path in paths:
        shutil.copyfile(path, SCRATCH / path.name)
        copies.append(SCRATCH / path.name)

    token, port = secrets.token_hex(16), free_port()
    failed = 0
    started = time.monotonic()
    with open(SCRATCH / "server.log", "w") as log:
        server = start_server(token, port, log)
        try:
            wait_for_server(server, port, token, log)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                    args=CHROMIUM_ARGS)
                try:
                    context = browser.new_context(viewport=WINDOW)
                    for number, copy in enumerate(copies, 1):
                        print(f"[{number}/{len(copies)}] {copy.name} ...", end=" ", flush=True)
                        began = time.monotonic()
                        page = context.new_page()
                        try:
                            problems = check_notebook(page, port, token, copy,
                                                      not args.committed_only, cell_timeout)
                        except Exception as error:  # a page that never loaded, a timeout, ...
                            problems = [f"{type(error).__name__}: {str(error).splitlines()[0]}"]
                            try:  # what the page showed, if it still shows anything
                                page.screenshot(path=str(SHOTS / f"{copy.stem}.failed.png"))
                            except Exception:
                                pass
                        finally:
                            page.close(run_before_unload=False)
                            shut_down_kernels(port, token)
                        took = f"{time.monotonic() - began:.1f} s"
                        if problems:
                            failed += 1
                            print(f"FAILED ({took}):\n  " + "\n  ".join(problems), flush=True)
                        else:
                            print(f"ok ({took})", flush=True)
                finally:
                    browser.close()
        finally:
            stop_server(server, port, token)
    print(f"screenshots in {os.path.relpath(SHOTS)}; {time.monotonic() - started:.0f} s in all")
    print(f"{len(copies) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
