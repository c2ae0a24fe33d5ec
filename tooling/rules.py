"""The rules that decide whether an executed notebook passes: one cell's outputs (`cell_problem`),
the exercise shape (`exercise_shape_problems`), an exercise's verdict lines
(`exercise_output_problem`), and the compiler error a `raises-exception` cell teaches
(`pinned_error_problem`, `error_code_problem`). Pure functions over a cell's JSON: the runner
(tooling.runner), the browser test and the unit tests all read the same rules, with no kernel.
"""

import re

from tooling.notebook import text as _text

ANSI = re.compile(r"\x1b\[[0-9;]*m")  # evcxr colours its compiler errors
EXCERPT_LINES, LINE_CHARS = 14, 200
SVG_IMAGE = '<img src="data:image/svg+xml;base64,'


def output_texts(output):
    """Every piece of text an output shows: streams, errors, and the textual/SVG display data."""
    kind = output.get("output_type")
    if kind == "stream":
        yield _text(output.get("text", ""))
    elif kind == "error":
        traceback = "\n".join(_text(line) for line in output.get("traceback", []))
        yield f"{output.get('ename', '')}: {output.get('evalue', '')}\n{traceback}"
    else:  # execute_result, display_data
        for mime, value in output.get("data", {}).items():
            if mime.startswith("text/") or mime == "image/svg+xml":
                yield _text(value)


def excerpt(text, around=None):
    """A few colour-free lines of `text`: from just before `around` when given (a panic's message
    follows it); otherwise its head and tail, since cargo puts the cause last, after progress lines."""
    lines = [line[:LINE_CHARS] for line in ANSI.sub("", text).strip().splitlines()]
    if around:
        first = next((i for i, line in enumerate(lines) if around in line), 0)
        lines = lines[max(first - 2, 0):][:EXCERPT_LINES] + ["..."] * (len(lines) > EXCERPT_LINES)
    elif len(lines) > EXCERPT_LINES:
        lines = lines[:4] + ["..."] + lines[4 - EXCERPT_LINES:]
    return "\n".join(lines)


ERROR_TAG = re.compile(r"^error-(E\d{4})$")  # the compiler error a raises-exception cell teaches
ERROR_CODE = re.compile(r"\[(E\d{4})\]")  # how evcxr shows a code: "[E0373] Error: ..."


def expected_error_codes(cell):
    """The error codes a cell's `error-EXXXX` tags name, sorted."""
    tags = cell.get("metadata", {}).get("tags", [])
    return sorted(match[1] for match in map(ERROR_TAG.match, tags) if match)


def shown_error_codes(outputs):
    """The compiler error codes that a cell's error outputs show, sorted and without repeats."""
    return sorted({code for o in outputs if o.get("output_type") == "error"
                   for text in output_texts(o) for code in ERROR_CODE.findall(ANSI.sub("", text))})


def pinned_error_problem(cell):
    """Why a cell's error tags are wrong, or None: a `raises-exception` cell must name the error it
    teaches (a cell that passed on any error would pass on a typo), and only such a cell may name
    one. Static: reads the tags only, so it runs on the committed notebooks without a kernel."""
    tags = set(cell.get("metadata", {}).get("tags", []))
    codes = expected_error_codes(cell)
    if "raises-exception" in tags and not codes:
        return ("tagged raises-exception without the error it teaches: add a tag such as "
                "error-E0373 for each compiler error code the cell must show")
    if codes and "raises-exception" not in tags:
        return f"tagged {', '.join('error-' + c for c in codes)} but not raises-exception"
    return None


def error_code_problem(cell):
    """Why a failed `raises-exception` cell failed the wrong way, or None: its error output must show
    exactly the codes its `error-EXXXX` tags name, no other and none missing."""
    expected = expected_error_codes(cell)
    shown = shown_error_codes(cell.get("outputs", []))
    if shown == expected:
        return None
    missing = [code for code in expected if code not in shown]
    extra = [code for code in shown if code not in expected]
    parts = ([f"{', '.join(missing)} did not show"] if missing else []) + \
        ([f"it showed {', '.join(extra)}, which its tags do not name"] if extra else [])
    return (f"fails with the wrong compiler error ({'; '.join(parts)}); tags name "
            f"{', '.join(expected) or 'none'}")


def cell_problem(cell):
    """Why this executed cell fails the notebook, or None if it is fine. Pure: reads only `cell`."""
    if cell.get("cell_type") != "code":
        return None
    tags = set(cell.get("metadata", {}).get("tags", []))
    outputs = cell.get("outputs", [])
    errors = [o for o in outputs if o.get("output_type") == "error"]
    texts = [t for o in outputs for t in output_texts(o)]

    if errors and "raises-exception" not in tags:
        return "error output:\n" + excerpt(next(output_texts(errors[0])))
    if not errors and "raises-exception" in tags:
        return "tagged raises-exception, but ran without an error"
    pinned = pinned_error_problem(cell) or (error_code_problem(cell) if errors else None)
    if pinned:
        return pinned + ("\n" + excerpt(next(output_texts(errors[0]))) if errors else "")
    panics = [t for t in texts if "panicked" in t]
    if panics and "expect-panic" not in tags:  # the message may be in the next stream output
        return "unexpected panic:\n" + excerpt("".join(texts), around="panicked")
    if not panics and "expect-panic" in tags:
        return "tagged expect-panic, but did not panic"
    if "timeline" in tags and not any(SVG_IMAGE in t for t in texts):
        return "tagged timeline, but shows no picture (an <img> of an SVG, as helpers draws it)"
    return None


EXERCISE_ROLES = ("exercise", "check", "solution")  # in the order they must come
# Tags that let a cell fail on purpose: a check must always run cleanly and print its verdict, and
# a solution must compile (it may demonstrate a caught panic, so `expect-panic` stays allowed).
FORBIDDEN_TAGS = {"check": ("raises-exception", "expect-panic"), "solution": ("raises-exception",)}


def _tags(cell):
    return set(cell.get("metadata", {}).get("tags", []))


def exercise_role(cell):
    """`exercise`, `check` or `solution` when the cell is that part of an exercise, else None."""
    roles = [role for role in EXERCISE_ROLES if role in _tags(cell)]
    return roles[0] if roles else None


def exercise_shape_problems(cells):
    """[(cell index, problem)] for every break of the exercise shape; [] when all is well.

    Static (reads only the cells' tags and metadata, no outputs), so it runs before the kernel
    starts and in the unit tests. The next code cell after an `exercise` must be its `check`:
    markdown between them is fine, other code is not. A hidden `solution` cell may follow the
    check in a chapter not yet on the exercise framework (tests/exercises/README.md); chapters on
    it have none, which tests/test_chapter_exercises.py holds them to."""
    problems = []
    expected, started = None, None  # the role the next code cell must have; its exercise's index
    for index, cell in enumerate(cells):
        roles = [role for role in EXERCISE_ROLES if role in _tags(cell)]
        if cell.get("cell_type") != "code":
            if roles:
                problems.append((index, f"a {cell.get('cell_type')} cell tagged {roles[0]}: "
                                        "exercise tags belong on code cells"))
            continue
        if len(roles) > 1:
            problems.append((index, f"tagged {' and '.join(roles)}: one role per cell"))
        role = roles[0] if roles else None
        if expected == "solution" and role != "solution":
            expected = None  # the solution is optional: the exercise ended with its check
        if expected and role != expected:
            found = f"a `{role}` cell" if role else "an untagged code cell"
            problems.append((index, f"the exercise in cell {started} must be followed by its "
                                    f"`{expected}` cell, found {found}"))
            expected = None
        elif role in ("check", "solution") and role != expected:
            before = "an `exercise` cell" if role == "check" else "an exercise's `check` cell"
            problems.append((index, f"a `{role}` cell without {before} just before it"))
        for tag in FORBIDDEN_TAGS.get(role, ()):
            if tag in _tags(cell):
                problems.append((index, f"a `{role}` cell may not be tagged {tag}: it must run "
                                        "and print its verdict"))
        if role == "solution" and not cell.get("metadata", {}).get("jupyter", {}).get(
                "source_hidden"):
            problems.append((index, 'a solution must be hidden: metadata "jupyter": '
                                    '{"source_hidden": true}'))
        if role == "exercise":
            expected, started = "check", index
        elif role == "check" and expected == "check":
            expected = "solution"
        elif role == expected:  # the solution closes its exercise
            expected = None
    if expected == "check":
        problems.append((started, "the exercise has no `check` cell after it"))
    return problems


def exercise_count(cells):
    """How many exercises are complete (an exercise, then its check) with no shape problem."""
    broken = {index for index, _ in exercise_shape_problems(cells)}
    code = [(i, exercise_role(c)) for i, c in enumerate(cells) if c.get("cell_type") == "code"]
    return sum(1 for n in range(len(code) - 1)
               if [role for _, role in code[n:n + 2]] == ["exercise", "check"]
               and not broken & {i for i, _ in code[n:n + 2]})


def verdict_lines(cell):
    """The lines a cell printed that begin with PASS or FAIL (a check's one-line verdict)."""
    lines = (line.strip() for o in cell.get("outputs", []) for text in output_texts(o)
             for line in ANSI.sub("", text).splitlines())
    return [line for line in lines if line.startswith(("PASS", "FAIL"))]


def exercise_output_problem(cell):
    """Why an executed check or solution cell did not print the verdict it must, or None.

    A check runs right after its starter, which is not an answer yet, so it must say FAIL (a check
    that passes on the starter cannot tell a learner anything). The solution ends with the same
    check, which must then say PASS."""
    role = exercise_role(cell)
    if role not in ("check", "solution"):
        return None
    lines = verdict_lines(cell)
    passes = [line for line in lines if line.startswith("PASS")]
    fails = [line for line in lines if line.startswith("FAIL")]
    if role == "check":
        if passes:
            return f"the check passes on the starter (it must print FAIL): {passes[0][:LINE_CHARS]}"
        if not fails:
            return "the check printed no line starting with FAIL after the starter"
    else:
        if fails:
            return f"the solution's check failed: {fails[0][:LINE_CHARS]}"
        if not passes:
            return "the solution printed no line starting with PASS"
    return None


def executed_cell_problem(cell):
    """Why an executed cell fails its notebook, or None: its own rules, then its exercise verdict.
    Shared by this checker and the browser test, which execute the same notebooks two ways."""
    return cell_problem(cell) or exercise_output_problem(cell)


def describe(index, cell):
    """How a person finds the cell: its index (from 0, as in the JSON) and first source line."""
    first = _text(cell.get("source", "")).strip().splitlines()
    return f"cell {index} ({first[0][:60] if first else 'empty'})"
