"""Every module follows the course skeleton, stores no outputs, and names only real content."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from course_utils.content_check import check_all, course_calls

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
ALL_NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def markdown_of(path: Path) -> str:
    return "\n".join("".join(c["source"]) for c in cells(path) if c["cell_type"] == "markdown")


def test_the_course_has_its_first_modules() -> None:
    names = {p.stem for p in NOTEBOOKS}
    assert {"00_start_here", "01_therapeutic_relationship"} <= names


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_are_stored_without_outputs(path: Path) -> None:
    for cell in cells(path):
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_module_skeleton(path: Path) -> None:
    text = markdown_of(path)
    number = path.stem[:2]
    assert re.search(rf"^# {number} · ", text, re.MULTILINE), "title '# NN · Name' missing"
    assert re.search(r"\*Estimated time: \d+(–\d+)? min\*", text), "estimated time missing"
    objectives = re.search(r"## Learning objectives\n(.*?)(?=\n#|\Z)", text, re.DOTALL)
    assert objectives, "learning objectives missing"
    assert 3 <= len(re.findall(r"^[-*] ", objectives.group(1), re.MULTILINE)) <= 5
    assert "## Key points" in text
    assert "## References" in text and "doi.org/10." in text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_setup_cell_is_hidden_and_code_cells_are_one_line(path: Path) -> None:
    code = [c for c in cells(path) if c["cell_type"] == "code"]
    setup = code[0]
    assert setup["metadata"].get("jupyter", {}).get("source_hidden") is True
    assert "from course_utils import" in "".join(setup["source"])
    for cell in code[1:]:
        lines = [line for line in "".join(cell["source"]).splitlines() if line.strip()]
        assert len(lines) == 1, f"{path.name}: a code cell has {len(lines)} lines: {lines}"


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: p.stem)
def test_no_network_and_no_installs(path: Path) -> None:
    for cell in cells(path):
        source = "".join(cell["source"])
        if cell["cell_type"] == "code":
            assert not re.search(r"^\s*[!%]", source, re.MULTILINE), "shell or magic in a cell"
            assert not re.search(r"\b(requests|urllib|http\.client|socket)\b", source)
        else:
            assert not re.search(r"<(script|iframe|link)\b", source), "remote or active HTML"
            assert not re.search(r"!\[[^\]]*\]\(https?://", source), "image fetched from the web"


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: p.stem)
def test_every_figure_has_alt_text(path: Path) -> None:
    text = markdown_of(path)
    assert not re.search(r"!\[\s*\]\(", text), "a Markdown image without alt text"
    for tag in re.findall(r"<img\b[^>]*>", text):
        assert re.search(r'alt="[^"]+"', tag), f"an <img> without alt text: {tag}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_reflection_ids_belong_to_their_module(path: Path) -> None:
    for name, args, _ in course_calls(path):
        if name == "reflect":
            assert args and args[0].startswith(path.stem[:2] + "-"), args


def test_whole_course_content_is_valid() -> None:
    assert check_all() == []


def test_a_broken_bank_and_an_unknown_id_are_named(tmp_path: Path) -> None:
    banks = tmp_path / "quizzes"
    banks.mkdir()
    (banks / "01-x.yaml").write_text(
        'bank: 01-x\nmodule: "01"\ntitle: X\nquestions:\n'
        "  - id: q\n    type: single\n    stem: S\n    options:\n"
        "      - {id: a, text: A, correct: true, feedback: F}\n      - {id: b, text: B}\n"
    )
    (banks / "01-y.yaml").write_text(
        'bank: 01-y\nmodule: "01"\ntitle: Y\nquestions:\n'
        "  - id: q\n    type: single\n    stem: S\n    options:\n"
        "      - {id: a, text: A, correct: true, feedback: F}\n"
        "      - {id: b, text: B, feedback: F}\n"
    )
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    (notebooks / "01_x.ipynb").write_text(
        json.dumps(
            {
                "cells": [
                    {
                        "cell_type": "code",
                        "source": 'quiz("01-y", "nope")\nquiz("01-x", "q")',
                        "metadata": {},
                        "outputs": [],
                        "execution_count": None,
                    }
                ],
                "metadata": {},
                "nbformat": 4,
                "nbformat_minor": 5,
            }
        )
    )
    evidence = REPO / "course_utils" / "content" / "evidence.yaml"
    problems = check_all(banks, evidence, notebooks)
    assert any("01-x.yaml" in p and 'option "b"' in p and "feedback" in p for p in problems)
    assert any("01_x.ipynb" in p and '"nope"' in p for p in problems)
    assert any("01_x.ipynb" in p and "01-x" in p and "errors" in p for p in problems)


def test_check_names_a_model_citing_a_missing_finding() -> None:
    from course_utils import evidence
    from course_utils.content_check import check_model_evidence

    assert check_model_evidence(set(evidence.findings())) == []
    problems = check_model_evidence(set(evidence.findings()) - {"alliance-outcome"})
    assert any("relationship.py" in p and '"alliance-outcome"' in p for p in problems)
