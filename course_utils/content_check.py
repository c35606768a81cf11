"""Validate the whole course: every bank, every finding, and every id a notebook uses.

Each problem is one line naming the file, the item, the field and the fix.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from pathlib import Path

from . import evidence
from .quiz import BANK_DIR
from .schema import ContentError, EvidenceFile, QuestionBank, load

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"


def check_all(
    bank_dir: Path = BANK_DIR,
    evidence_file: Path = evidence.EVIDENCE_FILE,
    notebook_dir: Path = NOTEBOOK_DIR,
) -> list[str]:
    """Every problem in the course content, one line each (empty when all is well)."""
    problems: list[str] = []
    finding_ids = _finding_ids(evidence_file, problems)
    banks = _banks(bank_dir, finding_ids, problems)
    broken = {path.stem for path in bank_dir.glob("*.yaml")} - set(banks)
    if notebook_dir.is_dir():
        for notebook in sorted(notebook_dir.glob("*.ipynb")):
            problems += check_notebook(notebook, banks, broken)
    return problems


def _finding_ids(path: Path, problems: list[str]) -> set[str]:
    try:
        table = load(path, EvidenceFile, noun="finding").findings
    except ContentError as error:
        problems += error.problems
        return set()
    seen: set[str] = set()
    for finding in table:
        if finding.id in seen:
            problems.append(f'{path}, finding "{finding.id}": the id repeats — make it unique')
        seen.add(finding.id)
    return seen


def _banks(folder: Path, finding_ids: set[str], problems: list[str]) -> dict[str, QuestionBank]:
    banks: dict[str, QuestionBank] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            bank = load(path, QuestionBank, noun="question")
        except ContentError as error:
            problems += error.problems
            continue
        if bank.bank != path.stem:
            problems.append(
                f'{path}, field "bank": is "{bank.bank}" — '
                f'make it equal the file name "{path.stem}"'
            )
        for question in bank.questions:
            for finding in question.evidence:
                if finding_ids and finding not in finding_ids:
                    problems.append(
                        f'{path}, question "{question.id}", field "evidence": no finding '
                        f'"{finding}" in evidence.yaml — fix the id or add the finding'
                    )
        banks[path.stem] = bank
    return banks


def check_notebook(
    path: Path, banks: dict[str, QuestionBank], broken: set[str] = frozenset()
) -> list[str]:
    """Problems with the quiz calls of one notebook (unknown bank or question ids)."""
    problems = []
    for call_name, args, cell in course_calls(path):
        if call_name != "quiz" or not args:
            continue
        bank_id, *question_ids = args
        where = f"{path}, cell {cell}"
        if bank_id in broken:
            problems.append(f'{where}: quiz("{bank_id}") uses a bank with errors — fix those first')
            continue
        if bank_id not in banks:
            problems.append(
                f'{where}: quiz("{bank_id}") names no question bank — use one of: '
                + ", ".join(sorted(banks))
            )
            continue
        known = {q.id for q in banks[bank_id].questions}
        for question_id in question_ids:
            if question_id not in known:
                problems.append(
                    f'{where}: quiz("{bank_id}", "{question_id}"): bank "{bank_id}" has no '
                    f'question "{question_id}" — fix the id or add the question'
                )
    return problems


def course_calls(path: Path) -> Iterator[tuple[str, list[str], int]]:
    """(function name, string arguments, cell number from 1) for each call in the code cells."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for number, cell in enumerate(notebook.get("cells", []), start=1):
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell.get("source", ""))
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = _call_name(node.func)
                args = [
                    a.value
                    for a in node.args
                    if isinstance(a, ast.Constant) and isinstance(a.value, str)
                ]
                yield name, args, number


def _call_name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        prefix = _call_name(func.value)
        return f"{prefix}.{func.attr}" if prefix else func.attr
    return ""
