"""Every published number the course shows must trace back to a finding in evidence.yaml.

Two checks. In notebook Markdown, each statistic written as `r = .28`, `d = 0.85`, `g = .28`,
`OR = 1.79`, `k = 295`, `N = 6,138` or `95% CI [.23, .33]` must equal, at the precision written,
a number of a finding that the same cell cites in the usual way: "(Elliott et al., 2018)" or
"Elliott et al. (2018)". In the chart, explorer and model code, a published number must not be
typed in as a literal: captions and defaults read it with `evidence.value(id)`; a line holding a
number that only looks like a finding (an axis limit, say) says so with `# not a finding`.
`make check` runs both; `python -m course_utils.traceability` lists what the code check flags.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .schema import Finding

PACKAGE = Path(__file__).parent
CODE_DIRS = ("charts", "explorers", "simulate")

MINUS = "−–-"
STAT = re.compile(
    r"(?<![\w.])(?P<symbol>r|d|g|k|N|OR|ICC)\s*(?:=|≈)\s*"
    rf"(?P<sign>[{MINUS}])?\s*(?P<number>\d{{1,3}}(?:,\d{{3}})+|\d*\.?\d+)(?![\d.]*\d)"
)
#: A 95% confidence interval as APA writes it: 95% CI [.23, .33] or [18.7%, 20.7%].
CI = re.compile(
    rf"CI\s*\[\s*(?P<low>[{MINUS}]?\s*\d*\.?\d+)%?,\s*(?P<high>[{MINUS}]?\s*\d*\.?\d+)%?\s*\]"
)
#: A percentage with a decimal, such as 17.3% or 8.2%, in a caption string.
PERCENT = re.compile(r"(?<![\w.])(?P<number>\d+\.\d+)\s?%")
YEAR = re.compile(r"(?:19|20)\d\d|n\.d\.")

#: Floats with fewer significant digits (0.8, 2.4, 0.01) are layout, alpha and step sizes far more
#: often than findings, so only distinctive ones (0.278, 17.3, 1.79) are compared.
MIN_SIGNIFICANT_DIGITS = 3
NOT_A_FINDING = "# not a finding"
#: Keyword arguments whose numbers place and style a chart, never state a finding.
LAYOUT_KEYWORDS = frozenset(
    {"alpha", "bbox_to_anchor", "fontsize", "linewidth", "lw", "pad", "size", "zorder"}
)


@dataclass(frozen=True)
class Stat:
    """One statistic as written: its symbol, the text, and the number it states."""

    symbol: str
    text: str
    number: float
    decimals: int


def stats_in(text: str) -> list[Stat]:
    """The statistics written in a piece of prose, in order (interval bounds last)."""
    found = [
        _number(m["symbol"], m[0], (m["sign"] or "") + m["number"].replace(",", ""))
        for m in STAT.finditer(text)
    ]
    for match in CI.finditer(text):
        found += [_number("CI", match[0], match[bound]) for bound in ("low", "high")]
    return found


def _number(symbol: str, text: str, written: str) -> Stat:
    digits = written.replace(" ", "")
    negative = digits[:1] in MINUS
    digits = digits.lstrip(MINUS)
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    return Stat(symbol, text, float(digits) * (-1 if negative else 1), decimals)


def cited(text: str, table: Mapping[str, Finding]) -> list[Finding]:
    """The findings a piece of prose cites: the first author's surname followed by the year."""
    flat = " ".join(text.split())
    return [f for f in table.values() if _cites(flat, f.short)]


def _cites(flat: str, short: str) -> bool:
    author, _, year = short.rpartition(", ")
    surname = re.split(r"[ ,&]", author.strip(), maxsplit=1)[0]
    if not surname or not YEAR.fullmatch(year):
        return False
    return (
        re.search(rf"\b{re.escape(surname)}\b[^()]{{0,80}}?\(?{re.escape(year)}", flat) is not None
    )


def matches(stat: Stat, finding: Finding) -> bool:
    """Whether a written statistic states one of this finding's numbers at its precision."""
    if stat.symbol == "k":
        candidates = [finding.k]
    elif stat.symbol == "N":
        candidates = [finding.n]
    elif stat.symbol == "CI":
        candidates = list(finding.interval or ()) if finding.interval_kind == "ci95" else []
    elif stat.symbol == finding.statistic:
        candidates = [finding.value, *(finding.interval or ())]
    else:
        return False
    return any(
        c is not None and round(c, stat.decimals) == round(stat.number, stat.decimals)
        for c in candidates
    )


def untraced(text: str, table: Mapping[str, Finding]) -> list[Stat]:
    """Statistics in the text that match no number of any finding the text cites."""
    sources = cited(text, table)
    return [s for s in stats_in(text) if not any(matches(s, f) for f in sources)]


def check_notebook(path: Path, table: Mapping[str, Finding]) -> list[str]:
    """One line per statistic in a notebook's Markdown that its cell does not trace to a finding."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):
        return []  # an unreadable notebook is reported by the call checks
    problems = []
    for number, cell in enumerate(cells):
        if cell.get("cell_type") != "markdown":
            continue
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        for stat in untraced(source, table):
            problems.append(
                f'{path}, cell {number}: "{stat.text}" matches no finding this cell cites — cite '
                "the finding in the cell, e.g. (Author et al., 2018), or correct the number to "
                "the one in evidence.yaml"
            )
    return problems


def check_notebooks(folder: Path, table: Mapping[str, Finding]) -> list[str]:
    """The Markdown check over every notebook in a folder."""
    problems: list[str] = []
    for path in sorted(folder.glob("*.ipynb")):
        problems += check_notebook(path, table)
    return problems


# --- code ---------------------------------------------------------------------------------------


def code_literals(files: Iterable[Path], table: Mapping[str, Finding]) -> list[str]:
    """Published numbers typed into Python files: statistics in strings, published floats in code.

    A string such as "d = .41" or "17.3%" and a float such as 1.79 that equals a finding's value
    should instead come from `evidence.value(id)`.
    """
    published = _published_floats(table)
    problems = []
    for path in files:
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        tree = ast.parse(source, filename=str(path))
        skipped = _docstring_nodes(tree) | _layout_nodes(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Constant) or id(node) in skipped:
                continue
            if any(NOT_A_FINDING in lines[n - 1] for n in range(node.lineno, node.end_lineno + 1)):
                continue
            where = f"{path}:{node.lineno}"
            if isinstance(node.value, str):
                texts = [s.text for s in stats_in(node.value)]
                texts += [m[0] for m in PERCENT.finditer(node.value)]
                problems += [
                    f'{where}: "{text}" is typed into a string — format it from '
                    "evidence.value(id) so a correction reaches it"
                    for text in texts
                ]
            elif (
                isinstance(node.value, float) and _significant(node.value) >= MIN_SIGNIFICANT_DIGITS
            ):
                ids = published.get(node.value)
                if ids:
                    problems.append(
                        f"{where}: {node.value!r} equals the published value of "
                        f"{', '.join(sorted(ids))} — use evidence.value(...) or name it as "
                        "illustrative"
                    )
    return problems


def course_code_files(package: Path = PACKAGE) -> list[Path]:
    """The chart, explorer and model modules the code check reads."""
    return sorted(p for folder in CODE_DIRS for p in (package / folder).glob("*.py"))


def _significant(number: float) -> int:
    digits = repr(abs(number)).split("e")[0].replace(".", "").lstrip("0").rstrip("0")
    return len(digits)


def _published_floats(table: Mapping[str, Finding]) -> dict[float, set[str]]:
    floats: dict[float, set[str]] = {}
    for finding in table.values():
        if finding.value is not None and finding.value != int(finding.value):
            floats.setdefault(finding.value, set()).add(finding.id)
    return floats


def _layout_nodes(tree: ast.AST) -> set[int]:
    """Numbers given to chart layout and style keywords, such as bbox_to_anchor=(0, 1.01)."""
    return {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.keyword) and node.arg in LAYOUT_KEYWORDS
        for inner in ast.walk(node.value)
    }


def _docstring_nodes(tree: ast.AST) -> set[int]:
    """Docstrings explain and may quote numbers; only strings a student sees are checked."""
    nodes = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                nodes.add(id(body[0].value))
    return nodes


if __name__ == "__main__":
    from .evidence import findings

    for line in code_literals(course_code_files(), findings()):
        print(line)
