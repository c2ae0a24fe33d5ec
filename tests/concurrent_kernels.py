"""Several notebooks at once: three Rust kernels started together, as a learner with three tabs or a
workshop server would, each running a chapter's set-up cells, one timed run and a check of it.

    .venv/bin/python tests/concurrent_kernels.py [--timeout S] [--rounds N] [NOTEBOOK ...]

Each kernel starts through the registered kernel.json (kernel/launch.py), so each must report a
slot of its own. A round fails on an error output, a `panicked` in any output, a missing check
line, two kernels in one slot, or a timeout. Default notebooks: chapters 02, 04 and 07 (three
different dependency sets, all needing `helpers`). Prints each kernel's seconds per cell.
"""

import argparse
import os
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
from tooling.notebook import code_sources

DEFAULT_NOTEBOOKS = ["02-ordered-map.ipynb", "04-completion-order.ipynb", "07-worker-pool.ipynb"]
SETUP_AND_ONE_RUN = 3  # code cells 0-2: the :dep cell, the set-up, the first recorded run
CHECK = """assert!(run.all_succeeded(), "{}", run.summary());
assert_eq!(run.records().len(), tokens.len(), "{}", run.summary());
println!("CHECKED {} in {}", run.style, std::env::var("PIR_KERNEL_SLOT").unwrap_or_default());"""


def run_kernel(notebook, timeout, start_together, result):
    """One kernel: the notebook's first cells, then CHECK; `result` gets cells, seconds, problems."""
    from jupyter_client.manager import start_new_kernel

    cells = code_sources(notebook)[:SETUP_AND_ONE_RUN] + [CHECK]
    start_together.wait()
    started = time.monotonic()
    km, kc = start_new_kernel(kernel_name="rust", cwd=str(notebook.parent))
    result["kernel_start_s"] = time.monotonic() - started
    texts = []
    try:
        for index, source in enumerate(cells):
            outputs = []
            began = time.monotonic()
            try:
                reply = kc.execute_interactive(source, timeout=timeout,
                                               output_hook=outputs.append)
            except TimeoutError:
                result["problems"].append(f"cell {index} ran past {timeout} s")
                break
            result["seconds"].append(time.monotonic() - began)
            text = "".join(message_text(m) for m in outputs)
            texts.append(text)
            if reply["content"]["status"] != "ok":
                result["problems"].append(f"cell {index}: {error_summary(text)}")
                break
            if "panicked" in text:
                result["problems"].append(f"cell {index} panicked: {text[-400:]}")
                break
    finally:
        km.shutdown_kernel(now=True)
    checked = [line for text in texts[-1:] for line in text.splitlines()
               if line.startswith("CHECKED ")]
    if not result["problems"] and not checked:
        result["problems"].append("the check printed no CHECKED line")
    result["slot"] = checked[0].rsplit(" in ", 1)[1] if checked else None


def error_summary(text):
    """The lines of a failed cell's output that say why (evcxr puts cargo's JSON around them)."""
    telling = [line.strip() for line in text.splitlines()
               if any(word in line for word in ("error", "Failed", "failed", "unresolved"))
               and not line.lstrip().startswith('{"reason"')]
    return " | ".join(telling[:4])[:600] if telling else text[-400:]


def message_text(message):
    content = message["content"]
    if message["msg_type"] == "stream":
        return content["text"]
    if message["msg_type"] == "error":
        return f"{content['ename']}: {content['evalue']}\n"
    if message["msg_type"] in ("execute_result", "display_data"):
        return content["data"].get("text/plain", "")
    return ""


def one_round(notebooks, timeout):
    """Problems of one round of all the notebooks' kernels at once (empty: all clean)."""
    start_together = threading.Barrier(len(notebooks))
    results = [{"seconds": [], "problems": []} for _ in notebooks]
    threads = [threading.Thread(target=run_kernel, args=(nb, timeout, start_together, r))
               for nb, r in zip(notebooks, results)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    problems = []
    for notebook, result in zip(notebooks, results):
        cells = " ".join(f"{s:.1f}" for s in result["seconds"])
        print(f"    {notebook.stem}: kernel start {result.get('kernel_start_s', 0):.1f} s, "
              f"cells {cells} s, slot {result.get('slot')}", flush=True)
        problems += [f"{notebook.stem}: {p}" for p in result["problems"]]
    slots = [r["slot"] for r in results if r.get("slot")]
    if len(set(slots)) != len(slots):
        problems.append(f"kernels shared a slot: {slots}")
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--timeout", type=int, default=300, help="seconds per cell")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args(argv)
    os.environ.setdefault("TIME_UNIT_MS", "20")
    os.environ.setdefault("JUPYTER_PATH", str(ROOT / ".venv" / "share" / "jupyter"))
    notebooks = [p.resolve() for p in args.notebooks] or [
        ROOT / "notebooks" / name for name in DEFAULT_NOTEBOOKS]
    failed = 0
    for round_number in range(1, args.rounds + 1):
        began = time.monotonic()
        problems = one_round(notebooks, args.timeout)
        failed += bool(problems)
        print(f"round {round_number}: {len(notebooks)} kernels at once, "
              f"{'clean' if not problems else 'FAILED'} in {time.monotonic() - began:.0f} s "
              f"(load {os.getloadavg()[0]:.1f})", flush=True)
        for problem in problems:
            print(f"    {problem}", flush=True)
    print(f"{failed} of {args.rounds} round(s) failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
