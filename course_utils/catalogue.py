"""What the course holds, module by module: questions, case dialogues and reflection prompts.

Pure: reads the content folders and the notebooks' one-line calls, never imports widgets.
The dashboard and the instructor's report both count progress against this catalogue.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .schema import CaseDialogue, ContentError, FreeText, QuestionBank, load, read_yaml

PACKAGE = Path(__file__).resolve().parent
CONTENT = PACKAGE / "content"
BANK_DIR = CONTENT / "quizzes"
CASE_DIR = CONTENT / "cases"
REFLECTION_DIR = CONTENT / "reflections"
LINKS = CONTENT / "links.yaml"
CUMULATIVE_BANKS = ("09-review",)  # banks whose items each test an earlier module
NOTEBOOK_DIR = PACKAGE.parent / "notebooks"


@dataclass
class ModuleItems:
    """Everything a student can do in one module."""

    module: str
    title: str = ""
    questions: list[tuple[str, str]] = field(default_factory=list)  # (bank, question), graded
    cases: list[str] = field(default_factory=list)
    reflections: list[str] = field(default_factory=list)  # reflect() ids and free-text keys
    # cumulative-review questions of another module's bank that test this module: they count
    # towards this module's scores, not towards its completion
    tested: list[tuple[str, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.questions) + len(self.cases) + len(self.reflections)


def catalogue(
    bank_dir: Path = BANK_DIR,
    case_dir: Path = CASE_DIR,
    notebook_dir: Path = NOTEBOOK_DIR,
    links_path: Path = LINKS,
) -> dict[str, ModuleItems]:
    """The course's modules in order, each with its items (broken files are left out here;
    `python -m course_utils check` reports them)."""
    modules: dict[str, ModuleItems] = {}

    def module(number: str) -> ModuleItems:
        return modules.setdefault(number, ModuleItems(number))

    for path in sorted(bank_dir.glob("*.yaml")):
        bank = _try_load(path, QuestionBank)
        if bank is None:
            continue
        items = module(bank.module)
        items.title = items.title or bank.title
        for question in bank.questions:
            if isinstance(question, FreeText):
                items.reflections.append(f"{bank.bank}/{question.id}")
            else:
                items.questions.append((bank.bank, question.id))
    for path in sorted(case_dir.glob("*.yaml")):
        dialogue = _try_load(path, CaseDialogue)
        if dialogue is not None:
            module(dialogue.module).cases.append(dialogue.case)
    if notebook_dir.is_dir():
        for path in sorted(notebook_dir.glob("[0-9][0-9]_*.ipynb")):
            items = module(path.stem[:2])
            items.title = notebook_title(path) or items.title
            for name, args, _ in course_calls(path):
                if name == "reflect" and args and args[0] not in items.reflections:
                    items.reflections.append(args[0])
    own = {key: number for number, items in modules.items() for key in items.questions}
    for key, number in tested_modules(links_path).items():
        if key in own and number in modules and number != own[key]:
            modules[number].tested.append(key)
    return dict(sorted(modules.items()))


def tested_modules(path: Path = LINKS) -> dict[tuple[str, str], str]:
    """(bank, question) -> the module a cumulative-review item tests (`tests:` in links.yaml;
    `python -m course_utils check` validates it, so an unreadable file gives none here)."""
    try:
        data = read_yaml(path)
    except (ContentError, OSError):
        return {}
    items = data.get("items") if isinstance(data, dict) else None
    tested = {}
    for key, value in (items or {}).items() if isinstance(items, dict) else []:
        bank, _, question = str(key).partition("/")
        if isinstance(value, dict) and isinstance(value.get("tests"), str):
            tested[(bank, question)] = value["tests"]
    return tested


def _try_load(path: Path, model: type) -> object | None:
    try:
        return load(path, model)
    except ContentError:
        return None


def notebook_title(path: Path) -> str:
    """The module's title from its first heading, e.g. "The therapeutic relationship"."""
    for cell in json.loads(path.read_text(encoding="utf-8")).get("cells", []):
        if cell.get("cell_type") == "markdown":
            match = re.search(r"^# (?:\d\d\s*·\s*)?(.+)$", "".join(cell["source"]), re.MULTILINE)
            if match:
                return match.group(1).strip()
    return ""


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
                args = [
                    a.value
                    for a in node.args
                    if isinstance(a, ast.Constant) and isinstance(a.value, str)
                ]
                yield _call_name(node.func), args, number


def _call_name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        prefix = _call_name(func.value)
        return f"{prefix}.{func.attr}" if prefix else func.attr
    return ""
