"""Models take their numbers as arguments: nothing in `course_utils/simulate/` reads evidence."""

from __future__ import annotations

import ast
from pathlib import Path

import course_utils.simulate

SIMULATE = Path(course_utils.simulate.__file__).parent


def evidence_imports(source: str) -> list[int]:
    """Line numbers of every import that brings in the `evidence` module, however spelled."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            named = {alias.name for alias in node.names}
            if module.split(".")[-1] == "evidence" or "evidence" in named:
                lines.append(node.lineno)
        elif isinstance(node, ast.Import) and any(
            alias.name.split(".")[-1] == "evidence" for alias in node.names
        ):
            lines.append(node.lineno)
    return lines


def test_the_check_sees_each_spelling() -> None:
    for source in (
        "from .. import evidence",
        "from course_utils import evidence",
        "from ..evidence import value",
        "import course_utils.evidence",
    ):
        assert evidence_imports(source) == [1], source
    assert evidence_imports("from .params import Param") == []


def test_no_model_imports_evidence() -> None:
    offenders = {
        path.name: lines
        for path in sorted(SIMULATE.glob("*.py"))
        if (lines := evidence_imports(path.read_text(encoding="utf-8")))
    }
    assert not offenders, f"models reading evidence.yaml (file: import lines): {offenders}"
