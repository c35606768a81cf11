"""How long a module takes a student: a reading-speed model plus time for each activity.

Pure: reads a notebook's Markdown and its one-line calls, and the case files it names. The model
and its constants are explained in docs/instructors.md ("How the time estimates are made").
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .case_machine import load_case, node_by_id
from .catalogue import CASE_DIR
from .quizzes import BANK_DIR, load_bank
from .schema import CaseDialogue

__all__ = [
    "MINUTES_PER",
    "ONE_SITTING",
    "WORDS_PER_MINUTE",
    "ModuleTime",
    "expected_turns",
    "module_time",
    "stated_minutes",
]

# Study reading of expository text with new terms and numbers, slower than the 230–260 words a
# minute usual for adult silent reading of easy prose.
WORDS_PER_MINUTE = 200

# Minutes for one activity, including reading what the widget shows (options, feedback, the
# client's lines) and acting on it.
MINUTES_PER = {
    "quiz item": 2.0,  # about 150 words of scenario, options and feedback, and a decision
    "explorer": 6.0,  # work through its numbered questions with the controls
    "case step": 2.0,  # about 120 words of client line, replies and feedback, and a choice
    "reflection": 5.0,  # write a few sentences, then read the commentary
    "setup check": 1.0,
}

# Longer than this and a module should offer a break ("Part 2 — a good place to take a break").
ONE_SITTING = 75

_WORD = re.compile(r"[A-Za-zÀ-ÿ0-9][A-Za-zÀ-ÿ0-9'’.–-]*")


@dataclass(frozen=True)
class ModuleTime:
    """One module's estimated time, in minutes, and what it is made of."""

    reading_words: int
    counts: dict[str, float]
    cell_minutes: tuple[float, ...]

    @property
    def reading(self) -> float:
        return self.reading_words / WORDS_PER_MINUTE

    @property
    def activities(self) -> float:
        return sum(MINUTES_PER[kind] * n for kind, n in self.counts.items())

    @property
    def total(self) -> float:
        return self.reading + self.activities

    @property
    def rounded(self) -> int:
        """The total to the nearest 5 minutes, as a notebook states it."""
        return int(5 * round(self.total / 5))

    def minutes_before(self, cell: int) -> float:
        """Minutes spent on the cells before this one (cells counted from 0)."""
        return sum(self.cell_minutes[:cell])


def module_time(path: Path, bank_dir: Path = BANK_DIR, case_dir: Path = CASE_DIR) -> ModuleTime:
    """The estimate for one notebook: its prose (references excluded) and its activities."""
    counts = dict.fromkeys(MINUTES_PER, 0.0)
    words = 0
    cell_minutes = []
    for cell in _cells(path):
        if cell["cell_type"] == "markdown":
            cell_words = _prose_words(cell["source"])
            words += cell_words
            cell_minutes.append(cell_words / WORDS_PER_MINUTE)
        elif cell["cell_type"] == "code":
            cell_counts = _activities(cell["source"], bank_dir, case_dir)
            for kind, n in cell_counts.items():
                counts[kind] += n
            cell_minutes.append(sum(MINUTES_PER[kind] * n for kind, n in cell_counts.items()))
        else:
            cell_minutes.append(0.0)
    return ModuleTime(reading_words=words, counts=counts, cell_minutes=tuple(cell_minutes))


def _activities(source: str, bank_dir: Path, case_dir: Path) -> dict[str, float]:
    counts: dict[str, float] = {}
    for name, args in _calls(source):
        kind = name.split(".")[0]
        if kind == "quiz" and args:
            bank_id, *ids = args
            n: float = len(ids) or len(load_bank(bank_id, bank_dir).questions)
            kind = "quiz item"
        elif kind == "explore":
            n, kind = 1, "explorer"
        elif kind == "case" and args:
            n, kind = expected_turns(load_case(args[0], case_dir)), "case step"
        elif kind == "reflect":
            n, kind = 1, "reflection"
        elif kind == "check_setup":
            n, kind = 1, "setup check"
        else:
            continue
        counts[kind] = counts.get(kind, 0.0) + n
    return counts


def expected_turns(dialogue: CaseDialogue) -> float:
    """The mean number of choices a student makes in a case, if each reply is equally likely."""

    @cache
    def turns_from(node_id: str) -> float:
        node = node_by_id(dialogue, node_id)
        if node.ending is not None or not node.replies:
            return 0.0
        rest = [0.0 if r.next is None else turns_from(r.next) for r in node.replies]
        return 1.0 + sum(rest) / len(rest)

    return turns_from(dialogue.start)


def stated_minutes(path: Path) -> int | None:
    """The minutes a notebook states in its "*Estimated time: N min*" line (the upper bound of
    a range), or None if it states none."""
    text = "\n".join(c["source"] for c in _cells(path) if c["cell_type"] == "markdown")
    match = re.search(r"\*Estimated time: (?:\d+–)?(\d+) min", text)
    return int(match.group(1)) if match else None


def _calls(source: str) -> Iterator[tuple[str, list[str]]]:
    """(dotted function name, string arguments) for each call in a code cell."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            args = [a.value for a in node.args if isinstance(a, ast.Constant)]
            yield ast.unparse(node.func), [a for a in args if isinstance(a, str)]


def _prose_words(source: str) -> int:
    if source.lstrip().startswith("## References"):
        return 0
    return len(_WORD.findall(source))


def _cells(path: Path) -> list[dict]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [{"cell_type": c["cell_type"], "source": "".join(c["source"])} for c in cells]
