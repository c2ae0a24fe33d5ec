"""Benchmark figures in prose, held to `bench/results/results.json` so they cannot drift.

A number that `make bench` measured may appear in the prose (a notebook's markdown cells, fenced
code in them included, README.md, WORKSHOP.md, CONTRIBUTING.md) in one of two ways only:

- printed by a code cell that reads results.json (chapter 12 does so with the `bench` crate's
  `Results`): then it is output, not prose, and this module never sees it;
- registered in `tooling/figures.toml` as a `[[figure]]`: the file, the exact text quoted, and for
  each number in that text an expression over results.json. `figure_problems` resolves each one and
  compares it with the number as written, rounded to the decimals the number is written with.

So that the registry cannot pass by being empty, `unexplained_figures` scans the prose for
benchmark-looking numbers: a number with a time or ratio unit (ms, µs, s, units, x, times, %) in
a sentence that also names something `make bench` measures (joblib, a Python pool, overhead, a
floor, ...), and every number in chapter 12's prose. Each must be covered by a registered figure, by
an `[[allowed]]` entry (a documented constant such as Linux's 50 µs timer slack, with its reason),
or be schedule arithmetic: a whole number of units or seconds that a pool's prediction for the
tutorial's twelve words gives (`schedule_units`), which no benchmark run can change.

Known limits, by design: a measured figure that happens to be written as one of those whole numbers
("joblib takes 14 s") passes as arithmetic, so quote measurements with their decimals or print them;
a number with no unit, or in a sentence with none of the benchmark words, is not seen (the
chapters' own outputs are the prose helpers' to agree with, cell by cell).
"""

import ast
import json
import operator
import re
import statistics
import tomllib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from tooling.notebook import text as _text

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "tooling" / "figures.toml"
DEFAULT_SOURCE = "bench/results/results.json"
DOCUMENTS = ("README.md", "WORKSHOP.md", "CONTRIBUTING.md")
BENCH_CHAPTER = "notebooks/12-benchmarks.ipynb"  # every number in its prose is bench-facing

# The tutorial's twelve words in units, one per letter.
TUTORIAL_UNITS = (5, 5, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1)


def greedy_makespan(durations, workers):
    """The same rule as `helpers::greedy_makespan`: each free worker takes the next task."""
    free_at = [0] * min(workers, len(durations))
    for duration in durations:
        free_at[free_at.index(min(free_at))] += duration
    return max(free_at, default=0)


def python_default_chunk(tasks, workers):
    """`helpers::python_default_chunk`: Pool.map's chunk when none is given (about 4 per worker)."""
    return max(-(-tasks // (workers * 4)), 1)


def schedule_units():
    """Every makespan, in units, of the tutorial's words on 1 to 12 workers, one word at a time or
    in Python's default `Pool.map` chunks: the arithmetic the chapters teach, not a measurement."""
    makespans = set()
    for workers in range(1, len(TUTORIAL_UNITS) + 1):
        makespans.add(greedy_makespan(TUTORIAL_UNITS, workers))
        chunk = python_default_chunk(len(TUTORIAL_UNITS), workers)
        chunks = [sum(TUTORIAL_UNITS[i:i + chunk]) for i in range(0, len(TUTORIAL_UNITS), chunk)]
        makespans.add(greedy_makespan(chunks, workers))
    return makespans


# ---- Reading results.json: `a.b[k=v,k2=v2].c` picks keys, and the one list element that matches.

STEP = re.compile(r"([^.\[\]]+)((?:\[[^\]]*\])*)")
SELECTOR = re.compile(r"\[([^\]]*)\]")


def _matches(element, selector):
    for pair in selector.split(","):
        key, _, wanted = pair.partition("=")
        value = element.get(key.strip()) if isinstance(element, dict) else None
        if value is None or str(value) != wanted.strip() and not _same_number(value, wanted):
            return False
    return True


def _same_number(value, wanted):
    try:
        return float(value) == float(wanted)
    except (TypeError, ValueError):
        return False


def _select(value, selector, path, key):
    """`[3]`: the list's element 3; `[k=v,...]`: its one element whose fields match."""
    if not isinstance(value, list):
        raise ValueError(f"{path!r}: {key!r} is not a list, so [{selector}] cannot pick from it")
    if selector.strip().isdigit():
        if int(selector) >= len(value):
            raise ValueError(f"{path!r}: {key!r} has {len(value)} elements, no [{selector}]")
        return value[int(selector)]
    found = [e for e in value if _matches(e, selector)]
    if len(found) != 1:
        raise ValueError(f"{path!r}: [{selector}] matches {len(found)} elements of {key!r}, "
                         "not exactly one")
    return found[0]


def resolve(results, path):
    """The number at `path` (`a.b[k=v,k2=v2].c`, `runs.B[0][1].cpu`): keys, and list elements
    picked by index or by their fields; a ValueError naming the step that found nothing."""
    value = results
    for step in path.split("."):
        match = STEP.fullmatch(step.strip())
        if not match:
            raise ValueError(f"{path!r}: cannot read the step {step!r}")
        key, selectors = match.groups()
        if not isinstance(value, dict) or key not in value:
            raise ValueError(f"{path!r}: no key {key!r} at this step")
        value = value[key]
        for selector in SELECTOR.findall(selectors):
            value = _select(value, selector, path, key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{path!r} is {value!r}, not a number")
    return float(value)


OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
             ast.Div: operator.truediv}
FUNCTIONS = {"min": min, "max": max, "median": statistics.median}
PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def evaluate(expression, results):
    """An expression of `{path}`s, numbers, + - * /, brackets, min, max and median, with each
    path resolved in `results` (the parsed JSON)."""
    values = []

    def placeholder(match):
        values.append(resolve(results, match[1]))
        return f"_v{len(values) - 1}"

    tree = ast.parse(PLACEHOLDER.sub(placeholder, expression), mode="eval")

    def walk(node):
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
            return OPERATORS[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -walk(node.operand)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return float(node.value)
        if isinstance(node, ast.Name) and node.id.startswith("_v"):
            return values[int(node.id[2:])]
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in FUNCTIONS and node.args and not node.keywords):
            return FUNCTIONS[node.func.id]([walk(a) for a in node.args])
        raise ValueError(f"{expression!r}: only {{paths}}, numbers, + - * /, and "
                         f"{', '.join(FUNCTIONS)} are allowed")

    return walk(tree)


# ---- The prose: notebooks' markdown cells and the documents, as (where, text) pieces.

@dataclass(frozen=True)
class Prose:
    """One piece of prose: the file (relative to the root), where in it, and its text."""
    file: str
    where: str
    text: str


def prose_of(root=ROOT):
    """Every markdown cell of the numbered notebooks and every document, one Prose per cell/file."""
    pieces = []
    for path in sorted((root / "notebooks").glob("[0-9]*.ipynb")):
        cells = json.loads(path.read_text())["cells"]
        for index, cell in enumerate(cells):
            if cell.get("cell_type") == "markdown":
                pieces.append(Prose(f"notebooks/{path.name}", f"cell {index}",
                                    _text(cell.get("source", ""))))
    for name in DOCUMENTS:
        pieces.append(Prose(name, "", (root / name).read_text()))
    return pieces


def _units(text):
    """Markdown cut into the pieces a sentence cannot cross: each heading, table row and line of a
    fenced code block stands alone; a paragraph's or list item's lines are joined, so a quote may
    span two lines."""
    units, paragraph, fenced = [], [], False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("```"):
            fenced = not fenced
        starts_new = fenced or not stripped or stripped.startswith(("#", "|", "- ", "* ", "```")) \
            or re.match(r"\d+\. ", stripped)
        if starts_new and paragraph:
            units.append(" ".join(paragraph))
            paragraph = []
        if fenced or stripped.startswith(("#", "|", "```")):
            units.append(stripped)
        elif stripped:
            paragraph.append(stripped)
    if paragraph:
        units.append(" ".join(paragraph))
    return units


def _flat(text):
    """The text with its paragraphs' line breaks undone (see `_units`), one unit a line."""
    return "\n".join(_units(text))


NUMBER = r"\d+(?:[.,]\d+)*"
UNIT = r"ms|µs|us|ns|seconds?|s|units?|times|x|×|%"
FIGURE = re.compile(
    rf"(?<![\w.])({NUMBER})(?:\s*(?:to|-|–)\s*({NUMBER}))?\s*({UNIT})(?![\w])")
BENCH_WORDS = re.compile(
    r"joblib|ProcessPool|ThreadPool|multiprocessing|Pool\.map|Python|make bench|benchmark|"
    r"results\.json|measured|overhead|floor|speed-?up|faster|slower|latency|CPU time", re.I)
SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+(?=[A-Z`(*])|\n")


@dataclass(frozen=True)
class Candidate:
    """A benchmark-looking figure in prose: where, the figure as written and its sentence."""
    file: str
    where: str
    figure: str
    sentence: str

    def describe(self):
        place = f"{self.file} {self.where}".strip()
        at = self.sentence.find(self.figure)
        start, end = max(at - 100, 0), at + len(self.figure) + 60
        context = ("..." * (start > 0) + self.sentence[start:end].strip()
                   + "..." * (end < len(self.sentence)))
        return f"{place}: {self.figure!r} in: {context}"


def candidates(pieces):
    """Every number with a time or ratio unit in a sentence that names something the benchmarks
    measure, and every such number anywhere in chapter 12's prose."""
    found = []
    for piece in pieces:
        for sentence in SENTENCE_END.split(_flat(piece.text)):
            if piece.file != BENCH_CHAPTER and not BENCH_WORDS.search(sentence):
                continue
            for match in FIGURE.finditer(sentence):
                found.append(Candidate(piece.file, piece.where, match[0], sentence))
    return found


def is_schedule_arithmetic(figure, makespans=None):
    """A whole number (or range) of units or seconds that a prediction for the tutorial's words
    gives, which teaches the schedule rather than reporting a measurement."""
    makespans = schedule_units() if makespans is None else makespans
    match = FIGURE.fullmatch(figure)
    if not match or match[3] not in ("s", "second", "seconds", "unit", "units"):
        return False
    numbers = [n for n in match.groups()[:2] if n]
    return all(n.isdigit() and int(n) in makespans for n in numbers)


# ---- The registry.

def load_registry(path=REGISTRY):
    """The `[[figure]]` and `[[allowed]]` entries, each checked for the keys it needs."""
    data = tomllib.loads(Path(path).read_text())
    unknown = set(data) - {"figure", "allowed"}
    if unknown:
        raise ValueError(f"{path}: unknown tables {sorted(unknown)} (only figure and allowed)")
    for kind, keys in (("figure", {"file", "text", "values", "why"}),
                       ("allowed", {"file", "text", "why"})):
        for number, entry in enumerate(data.get(kind, [])):
            missing = keys - set(entry)
            if missing:
                raise ValueError(f"{path}: [[{kind}]] number {number + 1} ({entry.get('text')!r})"
                                 f" lacks {', '.join(sorted(missing))}")
    return data.get("figure", []), data.get("allowed", [])


NUMBER_IN_TEXT = re.compile(r"(?<![\w.])\d+(?:\.\d+)?")


def quote_pattern(quoted):
    """A regex that finds `quoted` with any numbers in place of the ones it was written with, so
    that a figure edited in the prose is still found and then compared, not just reported gone."""
    parts = NUMBER_IN_TEXT.split(quoted)
    return re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)".join(re.escape(part) for part in parts))


def json_sources(root=ROOT):
    """A loader of the measurements a figure may quote: `source` relative to the root (default
    bench/results/results.json), each file read once."""
    loaded = {}

    def load(source):
        if source not in loaded:
            loaded[source] = json.loads((root / source).read_text())
        return loaded[source]

    return load


def figure_problems(figures, pieces, load):
    """Why each registered figure is not what its measurements say (results.json unless the entry
    names another `source`), or is no longer in its file; [] when every figure holds."""
    problems = []
    texts = {}
    for piece in pieces:
        texts.setdefault(piece.file, []).append((piece.where, _flat(piece.text)))
    for entry in figures:
        file, quoted = entry["file"], entry["text"]
        label = f"{file}: {quoted!r}"
        if file not in texts:
            problems.append(f"{label}: no such prose file")
            continue
        pattern = quote_pattern(quoted)
        found = [(where, m) for where, t in texts[file] for m in pattern.finditer(t)]
        if len(found) != 1:
            problems.append(f"{label}: the text occurs {len(found)} times in the file's prose, "
                            "not once (quote it exactly, with enough words to be unique)")
            continue
        where, found = found[0]
        label = f"{file} {where}: {quoted!r}".replace(" :", ":")
        written = list(found.groups())
        if len(written) != len(entry["values"]):
            problems.append(f"{label}: {len(written)} numbers written, {len(entry['values'])} "
                            "values registered")
            continue
        before = len(problems)
        if found[0] != quoted:
            label = f"{file} {where}: {found[0]!r} (registered as {quoted!r})".replace(" :", ":")
        for shown, expression in zip(written, entry["values"]):
            source = entry.get("source", DEFAULT_SOURCE)
            try:
                value = evaluate(expression, load(source))
            except (ValueError, SyntaxError, ZeroDivisionError, OSError) as error:
                problems.append(f"{label}: cannot evaluate {expression!r}: {error}")
                continue
            decimals = len(shown.partition(".")[2])
            tolerance = float(entry.get("tolerance", 0))
            expected = float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals),
                                                           rounding=ROUND_HALF_UP))
            if abs(expected - float(shown)) > tolerance + 1e-9:
                how = expression if len(expression) <= 100 else entry["why"]
                problems.append(f"{label}: says {shown}, {source} gives {value:.{decimals + 2}f}"
                                f" ({how}), which rounds to {expected:.{decimals}f}"
                                + (f" (tolerance {tolerance})" if tolerance else ""))
        if len(problems) == before and found[0] != quoted:
            problems.append(f"{label}: the figure holds; write the entry's text as the prose now "
                            "reads")
    return problems


def _covers(entries, candidate):
    """Whether an entry of this file quotes the sentence's words around the candidate figure
    (whatever numbers the prose now has: a wrong one is `figure_problems`' to report)."""
    for entry in entries:
        if entry["file"] != candidate.file:
            continue
        for match in quote_pattern(entry["text"]).finditer(candidate.sentence):
            if match.start() <= candidate.sentence.find(candidate.figure, match.start()) \
                    < match.end():
                return True
    return False


def unexplained_figures(pieces, figures, allowed):
    """The candidates neither registered, allowed, nor schedule arithmetic."""
    makespans = schedule_units()
    return [c for c in candidates(pieces)
            if not _covers(figures, c) and not _covers(allowed, c)
            and not is_schedule_arithmetic(c.figure, makespans)]


def stale_entries(pieces, entries):
    """Registry entries whose text covers no candidate the scan finds: the prose changed, or the
    entry names no benchmark-looking number (so it guards nothing)."""
    found = candidates(pieces)
    return [e for e in entries if not any(_covers([e], c) for c in found)]
