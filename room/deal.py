"""Give a learner the course, as the learner (room.py runs it with runuser, never as root).

    python3 deal.py COURSE_DIR VENDOR_DIR

In ~/parallelism-in-rust: `notebooks/` holds the learner's own copies; every other entry of the
course is a symlink to the shared read-only copy (the helper crate, the benches' results, ...), so
the notebooks' `:dep helpers = { path = "../helpers" }` finds it. ~/.cargo/config.toml points cargo
at the room's vendored crates (no downloads in class).

Update rule (run it again after the course changed; it never overwrites a learner's work):
- a notebook the learner does not have (new, or deleted by them) is copied in;
- a notebook unchanged since it was last given (its hash is in ~/.local/share/pir-room/given.json)
  is replaced by the new version;
- a notebook the learner changed is kept as it is, and the new version is put beside it as
  `NAME.updated.ipynb` (itself replaced on the next update only if the learner left it unchanged).
Being run as the learner, it can only touch what the learner can.
"""

import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

HOME = Path.home()
WORKSHOP = HOME / "parallelism-in-rust"
GIVEN = HOME / ".local/share/pir-room/given.json"


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def give(source, target, given, report):
    """Copy `source` to `target` under the update rule; `given` maps target names to hashes."""
    key = str(target.relative_to(WORKSHOP))
    new_hash = digest(source)
    if target.is_symlink() or (target.exists() and not target.is_file()):
        report.append(f"kept {key}: not a plain file")
        return
    if target.exists():
        current = digest(target)
        if current == new_hash:
            given[key] = new_hash
            return
        if given.get(key) != current:  # the learner's own work
            beside = target.with_name(target.stem + ".updated" + target.suffix)
            if beside.exists() and not beside.is_symlink() and given.get(str(beside.relative_to(WORKSHOP))) != digest(beside):
                report.append(f"kept {key} and {beside.name}: both changed by the learner")
                return
            give(source, beside, given, report)
            report.append(f"kept {key} (changed by the learner); the new version is {beside.name}")
            return
    temporary = target.with_name("." + target.name + ".new")
    shutil.copyfile(source, temporary)
    os.replace(temporary, target)
    given[key] = new_hash
    report.append(f"gave {key}")


def link(source, target):
    """A symlink `target` -> `source` unless the learner already has something there."""
    if target.is_symlink() and os.readlink(target) == str(source):
        return
    if not target.exists() and not target.is_symlink():
        target.symlink_to(source)


def cargo_config(vendor):
    return ("# Written by the workshop room: crates come from the room's shared copy, never the network.\n"
            "[source.crates-io]\nreplace-with = \"pir-room\"\n\n"
            f"[source.pir-room]\ndirectory = \"{vendor}\"\n\n[net]\noffline = true\n")


def main(argv):
    if len(argv) != 3:
        sys.exit("usage: deal.py COURSE_DIR VENDOR_DIR")
    course, vendor = Path(argv[1]), Path(argv[2])
    os.umask(0o077)
    (WORKSHOP / "notebooks").mkdir(parents=True, exist_ok=True)
    GIVEN.parent.mkdir(parents=True, exist_ok=True)
    given = json.loads(GIVEN.read_text()) if GIVEN.is_file() else {}
    report = []
    for entry in sorted(course.iterdir()):
        if entry.name != "notebooks" and not entry.name.startswith("."):
            link(entry, WORKSHOP / entry.name)
    for source in sorted((course / "notebooks").iterdir()):
        target = WORKSHOP / "notebooks" / source.name
        if source.is_file():
            give(source, target, given, report)
        elif source.is_dir():
            link(source, target)  # data folders the notebooks read, shared and read-only
    GIVEN.write_text(json.dumps(given, indent=1, sort_keys=True) + "\n")
    config = HOME / ".cargo/config.toml"
    config.parent.mkdir(exist_ok=True)
    config.write_text(cargo_config(vendor))
    for line in report:
        print(f"  {line}")


if __name__ == "__main__":
    main(sys.argv)
