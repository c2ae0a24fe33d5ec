"""The manifest of exercises: one TOML file per chapter, tests/exercises/chNN.toml (see README.md).

Read by the answer harness (run_answers.py) and the static tests (tests/test_chapter_exercises.py).
`load(path)` returns the chapter as plain dicts and raises ManifestError naming what is wrong.

A chapter on the exercise framework gives each exercise an `id` ("01.2"); its answers are Rust
modules in tests/exercises/chNN.rs and its solutions in helpers/solutions/chNN.rs, each module under
a marker line `/// ID PASS|FAIL|solution CLASS: why` (the format of helpers::check::sections, read
here by `sections`). A chapter not yet converted keeps its answers in the TOML
(`[[exercise.answer]]`).
"""

import re
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
VERDICTS = ("PASS", "FAIL")
CHECK_NAME = re.compile(r"^check::ch(\d\d[a-z]?)::[a-z_][a-z0-9_]*$")
EXERCISE_ID = re.compile(r"^(\d\d[a-z]?)\.(\d+)$")
MARKER = re.compile(r"^/// (\d\d[a-z]?\.\d+) (PASS|FAIL|solution)(?: ([a-z][a-z-]*))?: (.+)$")
MODULE = re.compile(r"^(?:pub )?mod ([a-z_][a-z0-9_]*) \{$")
# The classes of wrong answer (issue 23's list, and two plain ones).
FAIL_CLASSES = {
    "made-up": "right values not from the work: typed in, uppercased by hand",
    "earlier-run": "a run or values left behind by an earlier cell",
    "subset": "the work over part of the words",
    "sorted": "an order faked from what is known (sorted by length, input order for completion)",
    "fitted": "a shape that fits the tutorial's words or the exercise's examples only",
    "skipped": "the lesson's construct skipped, or another construct used in its place",
    "panics": "code that panics: the check must still print one verdict",
    "wrong": "a plain mistake",
}


class ManifestError(ValueError):
    """A manifest that does not follow the shape in README.md."""


def manifest_paths():
    """Every chapter's manifest, in chapter order."""
    return sorted(HERE.glob("ch[0-9][0-9]*.toml"))


def _require(table, key, kind, where):
    if key not in table:
        raise ManifestError(f"{where}: missing `{key}`")
    if not isinstance(table[key], kind) or isinstance(table[key], bool) and kind is int:
        raise ManifestError(f"{where}: `{key}` must be {kind.__name__}, is {table[key]!r}")
    return table[key]


def cell_code(body):
    """A module's lines as a learner would type them: one indent less, no `pub ` on its items, no
    `use helpers::*;`/`use super::*;`, no blank lines at either end (as sections.rs does)."""
    kept = []
    for line in body:
        line = line[4:] if line.startswith("    ") else line.lstrip()
        if line.strip() in ("use helpers::*;", "use super::*;"):
            continue
        kept.append(line[4:] if line.startswith("pub ") else line)
    while kept and not kept[0].strip():
        kept.pop(0)
    while kept and not kept[-1].strip():
        kept.pop()
    return "\n".join(kept) + "\n" if kept else ""


def sections(path):
    """Every marked module of a Rust file: [{"id", "kind", "class", "why", "module", "code"}]."""
    path = Path(path)
    lines = path.read_text().splitlines()
    found, i = [], 0
    while i < len(lines):
        marker = MARKER.match(lines[i])
        if not marker:
            if lines[i].startswith("/// ") and re.match(r"^/// \d\d[a-z]?\.\d+ ", lines[i]):
                raise ManifestError(f"{path.name} line {i + 1}: not a marker "
                                    f"`/// ID PASS|FAIL|solution CLASS: why`: {lines[i]!r}")
            i += 1
            continue
        module = MODULE.match(lines[i + 1]) if i + 1 < len(lines) else None
        if not module:
            raise ManifestError(f"{path.name} line {i + 2}: a marker must be followed by "
                                "`pub mod name {`")
        try:
            end = lines.index("}", i + 2)
        except ValueError:
            raise ManifestError(f"{path.name} line {i + 2}: module {module.group(1)} has no "
                                "closing `}` in column 0") from None
        ident, kind, cls, why = marker.groups()
        found.append({"id": ident, "kind": kind, "class": cls or "", "why": why,
                      "module": module.group(1), "code": cell_code(lines[i + 2:end])})
        i = end + 1
    return found


def answers_path(chapter):
    return HERE / f"ch{chapter}.rs"


def solutions_path(chapter):
    return ROOT / "helpers" / "solutions" / f"ch{chapter}.rs"


def _framework_answers(chapter, exercise_id, where):
    """The answers and the solution of a converted exercise, from its Rust files."""
    answers = []
    for section in sections(answers_path(chapter)):
        if section["id"] != exercise_id:
            continue
        here = f"{answers_path(chapter).name} {section['module']}"
        if section["kind"] == "solution":
            raise ManifestError(f"{here}: solutions go in helpers/solutions/ch{chapter}.rs")
        if section["kind"] == "FAIL" and section["class"] not in FAIL_CLASSES:
            raise ManifestError(f"{here}: FAIL class {section['class']!r} is none of "
                                f"{', '.join(FAIL_CLASSES)}")
        answers.append({"expect": section["kind"], "why": section["why"], "code": section["code"],
                        "made_up": section["class"] == "made-up", "class": section["class"],
                        "module": section["module"]})
    solutions = [s for s in sections(solutions_path(chapter))
                 if s["id"] == exercise_id and s["kind"] == "solution"]
    if len(solutions) != 1:
        raise ManifestError(f"{where}: {len(solutions)} solution modules for {exercise_id} in "
                            f"helpers/solutions/ch{chapter}.rs, must be one")
    return answers, solutions[0]["code"]


def load(path):
    """The chapter in `path`: {"chapter", "notebook" (a Path), "exercises": [...]}, each exercise
    {"id" (None if not converted), "number", "title", "minutes", "check", "sample",
    "answers": [{"expect", "why", "code", "made_up", "class", "module"}],
    "solution" (code or None)}."""
    path = Path(path)
    where = path.name
    try:
        data = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as error:
        raise ManifestError(f"{where}: not valid TOML: {error}") from error
    chapter = path.stem[2:]
    notebook = ROOT / "notebooks" / _require(data, "notebook", str, where)
    if not notebook.name.startswith(f"{chapter}-"):
        raise ManifestError(f"{where}: notebook {notebook.name} is not chapter {chapter}'s")
    if not notebook.exists():
        raise ManifestError(f"{where}: no such notebook {notebook}")
    exercises = []
    for position, exercise in enumerate(data.get("exercise", []), 1):
        at = f"{where} exercise {position}"
        number = _require(exercise, "number", int, at)
        if number != position:
            raise ManifestError(f"{at}: number is {number}; exercises are numbered 1, 2, ... "
                                "in order")
        check = _require(exercise, "check", str, at)
        match = CHECK_NAME.match(check)
        if not match or match.group(1) != chapter:
            raise ManifestError(f"{at}: check {check!r} must be spelled check::ch{chapter}::name")
        ident = exercise.get("id")
        solution = None
        if ident is not None:
            if ident != f"{chapter}.{number}":
                raise ManifestError(f"{at}: id {ident!r} must be {chapter}.{number}")
            if exercise.get("answer"):
                raise ManifestError(f"{at}: a converted exercise keeps its answers in "
                                    f"tests/exercises/ch{chapter}.rs, not in the TOML")
            answers, solution = _framework_answers(chapter, ident, at)
        else:
            answers = []
            for index, answer in enumerate(exercise.get("answer", []), 1):
                here = f"{at} answer {index}"
                expect = _require(answer, "expect", str, here)
                if expect not in VERDICTS:
                    raise ManifestError(f"{here}: expect must be PASS or FAIL, is {expect!r}")
                made_up = answer.get("made_up", False)
                if not isinstance(made_up, bool):
                    raise ManifestError(f"{here}: made_up must be true or false")
                answers.append({"expect": expect, "why": _require(answer, "why", str, here),
                                "code": _require(answer, "code", str, here), "made_up": made_up,
                                "class": "made-up" if made_up else "", "module": None})
        sample = exercise.get("sample", [])
        known = {a["module"] for a in answers}
        if not isinstance(sample, list) or any(name not in known for name in sample):
            raise ManifestError(f"{at}: `sample` must list answer modules of {ident}")
        exercises.append({"id": ident, "number": number,
                          "title": _require(exercise, "title", str, at),
                          "minutes": _require(exercise, "minutes", int, at), "check": check,
                          "answers": answers, "solution": solution, "sample": sample})
    if not exercises:
        raise ManifestError(f"{where}: no [[exercise]]")
    return {"chapter": chapter, "notebook": notebook, "exercises": exercises}
