"""Validate the whole course: banks, cases, reflection commentary, findings, and every id a
notebook uses. Each problem is one line naming the file, the item, the field and the fix.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from pkgutil import iter_modules

from . import evidence, traceability
from .case_machine import check_case
from .catalogue import (
    BANK_DIR,
    CASE_DIR,
    NOTEBOOK_DIR,
    REFLECTION_DIR,
    course_calls,
)
from .item_cues import bank_cues, cue_problems
from .schema import (
    CaseDialogue,
    ContentError,
    EvidenceFile,
    Finding,
    QuestionBank,
    ReflectionFile,
    load,
    read_yaml,
)

__all__ = ["check_all", "check_notebook", "check_paths", "course_calls", "cue_report"]


@dataclass
class Known:
    """What notebooks may refer to: valid banks and cases, and the names of broken ones."""

    banks: dict[str, QuestionBank] = field(default_factory=dict)
    cases: dict[str, CaseDialogue] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)


def check_all(
    bank_dir: Path = BANK_DIR,
    evidence_file: Path = evidence.EVIDENCE_FILE,
    notebook_dir: Path = NOTEBOOK_DIR,
    case_dir: Path = CASE_DIR,
    reflection_dir: Path = REFLECTION_DIR,
) -> list[str]:
    """Every problem in the course content, one line each (empty when all is well)."""
    problems: list[str] = []
    finding_ids = _finding_ids(evidence_file, problems)
    table = _table(evidence_file) if finding_ids else {}
    known = Known()
    for path in sorted(bank_dir.glob("*.yaml")):
        problems += _bank_into(path, finding_ids, known)
        if path.stem in known.banks:
            problems += cue_problems(path, known.banks[path.stem])
    for path in sorted(case_dir.glob("*.yaml")):
        problems += _case_into(path, known)
    for path in sorted(reflection_dir.glob("*.yaml")):
        problems += check_reflections(path)
    if notebook_dir.is_dir():
        for notebook in sorted(notebook_dir.glob("*.ipynb")):
            problems += check_notebook(notebook, known)
            problems += traceability.check_notebook(notebook, table) if table else []
    if finding_ids:
        problems += check_model_evidence(finding_ids)
    if table:
        problems += traceability.code_literals(traceability.course_code_files(), table)
    if bank_dir == BANK_DIR and notebook_dir.is_dir():  # where each question is taught
        from .review_mode import LINKS, check_links

        problems += check_links(LINKS, bank_dir, notebook_dir)
    return problems


def check_model_evidence(finding_ids: set[str]) -> list[str]:
    """Every finding a model names in its EVIDENCE_IDS must exist in evidence.yaml."""
    from . import simulate

    problems = []
    for module in iter_modules(simulate.__path__):
        model = import_module(f"{simulate.__name__}.{module.name}")
        for finding in getattr(model, "EVIDENCE_IDS", ()):
            if finding not in finding_ids:
                problems.append(
                    f'{model.__file__}: EVIDENCE_IDS names "{finding}", which is not in '
                    "evidence.yaml — add the finding or fix the id"
                )
    return problems


def check_paths(paths: Iterable[Path]) -> list[str]:
    """Problems in the named files or folders; notebooks are checked against the course."""
    files: list[Path] = []
    problems: list[str] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix in {".yaml", ".yml", ".ipynb"})
        elif path.exists():
            files.append(path)
        else:
            problems.append(f"{path}: no such file or folder — check the path")
    finding_ids = _finding_ids(evidence.EVIDENCE_FILE, [])
    course: Known | None = None
    for path in files:
        if path.suffix == ".ipynb":
            course = course or _course_known(finding_ids)
            problems += check_notebook(path, course)
            problems += (
                traceability.check_notebook(path, evidence.findings()) if finding_ids else []
            )
        else:
            problems += check_file(path, finding_ids)
    return problems


def check_file(path: Path, finding_ids: set[str]) -> list[str]:
    """Problems in one YAML file, whose kind is told by its top-level key or its folder."""
    try:
        data = read_yaml(path)
    except ContentError as error:
        return error.problems
    kind = _kind(path, data)
    if kind == "bank":
        known = Known()
        problems = _bank_into(path, finding_ids, known)
        return problems + [
            line for bank in known.banks.values() for line in cue_problems(path, bank)
        ]
    if kind == "case":
        return _case_into(path, Known())
    if kind == "reflections":
        return check_reflections(path)
    if kind == "findings":
        problems = []
        _finding_ids(path, problems)
        return problems
    return [
        f"{path}: cannot tell what this file is — give it a top-level bank:, case:, "
        "reflections: or findings: key"
    ]


def _kind(path: Path, data: object) -> str:
    keys = set(data) if isinstance(data, dict) else set()
    for key, kind in (
        ("bank", "bank"),
        ("case", "case"),
        ("findings", "findings"),
        ("reflections", "reflections"),
    ):
        if key in keys:
            return kind
    folder = path.parent.name
    return {"quizzes": "bank", "cases": "case", "reflections": "reflections"}.get(folder, "")


def _course_known(finding_ids: set[str]) -> Known:
    known = Known()
    for path in sorted(BANK_DIR.glob("*.yaml")):
        _bank_into(path, finding_ids, known)
    for path in sorted(CASE_DIR.glob("*.yaml")):
        _case_into(path, known)
    return known


# --- findings ---------------------------------------------------------------------------------


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


def _table(path: Path) -> dict[str, Finding]:
    """The findings by id, or none when the file has errors (already reported as problems)."""
    try:
        return evidence.findings_in(path)
    except ContentError:
        return {}


# --- banks ------------------------------------------------------------------------------------


def _bank_into(path: Path, finding_ids: set[str], known: Known) -> list[str]:
    """Check one bank; a valid one is added to `known`, a broken one to `known.broken`."""
    try:
        data = read_yaml(path)
    except ContentError as error:
        known.broken.add(path.stem)
        return error.problems
    problems: list[str] = []
    try:
        bank = load(path, QuestionBank, noun="question")
    except ContentError as error:
        bank = None
        problems += error.problems
        if not any("question ids" in line for line in problems):
            problems += _repeated_question_ids(path, data)
    problems += _bank_name(path, data) + _evidence_refs(path, data, finding_ids)
    if bank is None or problems:
        known.broken.add(path.stem)
    else:
        known.banks[path.stem] = bank
    return problems


def _questions(data: object) -> list[dict]:
    questions = data.get("questions") if isinstance(data, dict) else None
    return [q for q in questions if isinstance(q, dict)] if isinstance(questions, list) else []


def _repeated_question_ids(path: Path, data: object) -> list[str]:
    ids = [q.get("id") for q in _questions(data) if isinstance(q.get("id"), str)]
    return [
        f'{path}, question "{repeated}", field "id": the id repeats — give every question its '
        "own id"
        for repeated in sorted({i for i in ids if ids.count(i) > 1})
    ]


def _bank_name(path: Path, data: object) -> list[str]:
    name = data.get("bank") if isinstance(data, dict) else None
    if not isinstance(name, str) or name == path.stem:
        return []
    return [f'{path}, field "bank": is "{name}" — make it equal the file name "{path.stem}"']


def _evidence_refs(path: Path, data: object, finding_ids: set[str]) -> list[str]:
    if not finding_ids:
        return []
    problems = []
    for question in _questions(data):
        refs = question.get("evidence")
        for finding in refs if isinstance(refs, list) else []:
            if isinstance(finding, str) and finding not in finding_ids:
                problems.append(
                    f'{path}, question "{question.get("id")}", field "evidence": no finding '
                    f'"{finding}" in evidence.yaml — fix the id or add the finding'
                )
    return problems


def cue_report(bank_dir: Path = BANK_DIR) -> list[str]:
    """Per valid bank, one line with its item-writing cues (see item_cues for the limits)."""
    lines = []
    for path in sorted(bank_dir.glob("*.yaml")):
        known = Known()
        if not _bank_into(path, set(), known):
            lines += [bank_cues(bank).summary() for bank in known.banks.values()]
    return lines


# --- cases and reflections --------------------------------------------------------------------


def _case_into(path: Path, known: Known) -> list[str]:
    dialogue, problems = check_case(path)
    if dialogue is None:
        known.broken.add(path.stem)
    else:
        known.cases[path.stem] = dialogue
    return problems


def check_reflections(path: Path) -> list[str]:
    """Problems in a reflection commentary file, content/reflections/<NN>.yaml."""
    try:
        content = load(path, ReflectionFile, noun="reflection")
    except ContentError as error:
        return error.problems
    problems = []
    if content.module != path.stem:
        problems.append(
            f'{path}, field "module": is "{content.module}" — make it equal the file name '
            f'"{path.stem}"'
        )
    seen: set[str] = set()
    for item in content.reflections:
        where = f'{path}, reflection "{item.id}", field "id"'
        if not item.id.startswith(f"{content.module}-"):
            problems.append(
                f'{where}: does not start with "{content.module}-" — use the module number '
                "as the id's first part, as in the notebook's reflect() call"
            )
        if item.id in seen:
            problems.append(f"{where}: the id repeats — keep one commentary per reflection")
        seen.add(item.id)
    return problems


# --- notebooks --------------------------------------------------------------------------------


def check_notebook(path: Path, known: Known) -> list[str]:
    """Problems with the quiz, case and reflect calls of one notebook."""
    problems = []
    for call_name, args, cell in course_calls(path):
        where = f"{path}, cell {cell}"
        if call_name == "quiz" and args:
            problems += _quiz_call(where, args, known)
        elif call_name == "case" and args:
            problems += _case_call(where, args[0], known)
        elif call_name == "reflect" and args:
            problems += _reflect_call(where, args[0], path)
        elif call_name == "practice" and args:
            problems += _practice_call(where, args[0])
    return problems


def _practice_call(where: str, set_id: str) -> list[str]:
    from .practice.content import load_sets

    try:
        known = load_sets()
    except ContentError:
        return []  # the practice files report their own errors
    if set_id in known:
        return []
    return [
        f'{where}: practice("{set_id}") names no practice set — use one of: '
        + ", ".join(sorted(known))
    ]


def _quiz_call(where: str, args: list[str], known: Known) -> list[str]:
    bank_id, *question_ids = args
    if bank_id in known.broken:
        return [f'{where}: quiz("{bank_id}") uses a bank with errors — fix those first']
    if bank_id not in known.banks:
        return [
            f'{where}: quiz("{bank_id}") names no question bank — use one of: '
            + ", ".join(sorted(known.banks))
        ]
    ids = {q.id for q in known.banks[bank_id].questions}
    return [
        f'{where}: quiz("{bank_id}", "{question_id}"): bank "{bank_id}" has no question '
        f'"{question_id}" — fix the id or add the question'
        for question_id in question_ids
        if question_id not in ids
    ]


def _case_call(where: str, case_id: str, known: Known) -> list[str]:
    if case_id in known.broken:
        return [f'{where}: case("{case_id}") uses a case with errors — fix those first']
    if case_id not in known.cases:
        existing = ", ".join(sorted(known.cases)) or "(none yet)"
        return [
            f'{where}: case("{case_id}") names no case in content/cases — use one of: '
            f"{existing}, or add content/cases/{case_id}.yaml"
        ]
    return []


def _reflect_call(where: str, reflection_id: str, path: Path) -> list[str]:
    number = path.stem[:2]
    if number.isdigit() and not reflection_id.startswith(f"{number}-"):
        return [
            f'{where}: reflect("{reflection_id}", …): the id must start with "{number}-", '
            "the module number — rename it"
        ]
    return []
