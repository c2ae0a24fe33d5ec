"""The manifest of exercises: one TOML file per chapter, tests/exercises/chNN.toml (see README.md).

Read by the answer harness (run_answers.py) and the static tests (tests/test_chapter_exercises.py).
`load(path)` returns the chapter as plain dicts and raises ManifestError naming what is wrong.
"""

import re
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
VERDICTS = ("PASS", "FAIL")
CHECK_NAME = re.compile(r"^check::ch(\d\d[a-z]?)::[a-z_][a-z0-9_]*$")


class ManifestError(ValueError):
    """A manifest that does not follow the shape in README.md."""


def manifest_paths():
    """Every chapter's manifest, in chapter order."""
    return sorted(p for p in HERE.glob("ch*.toml") if re.fullmatch(r"ch\d\d[a-z]?\.toml", p.name))


def _require(table, key, kind, where):
    if key not in table:
        raise ManifestError(f"{where}: missing `{key}`")
    if not isinstance(table[key], kind) or isinstance(table[key], bool) and kind is int:
        raise ManifestError(f"{where}: `{key}` must be {kind.__name__}, is {table[key]!r}")
    return table[key]


def load(path):
    """The chapter in `path`: {"chapter", "notebook" (a Path), "exercises": [...]}, each exercise
    {"number", "title", "minutes", "check", "answers": [{"expect", "why", "code", "made_up"}]}."""
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
            raise ManifestError(f"{at}: number is {number}; exercises are numbered 1, 2, ... in order")
        check = _require(exercise, "check", str, at)
        match = CHECK_NAME.match(check)
        if not match or match.group(1) != chapter:
            raise ManifestError(f"{at}: check {check!r} must be spelled check::ch{chapter}::name")
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
                            "code": _require(answer, "code", str, here), "made_up": made_up})
        exercises.append({"number": number, "title": _require(exercise, "title", str, at),
                          "minutes": _require(exercise, "minutes", int, at), "check": check,
                          "answers": answers})
    if not exercises:
        raise ManifestError(f"{where}: no [[exercise]]")
    return {"chapter": chapter, "notebook": notebook, "exercises": exercises}
