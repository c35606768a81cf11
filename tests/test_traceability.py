"""Every statistic in the notebooks' prose, and none typed into code, traces to evidence.yaml."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from course_utils import content_check, evidence, traceability
from course_utils.catalogue import NOTEBOOK_DIR
from course_utils.traceability import Stat, cited, code_literals, stats_in, untraced

EVIDENCE = evidence.EVIDENCE_FILE


@pytest.fixture(scope="module")
def table():
    return evidence.findings()


def write_notebook(folder: Path, *markdown: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "01_x.ipynb"
    cells = [{"cell_type": "markdown", "source": text, "metadata": {}} for text in markdown]
    path.write_text(
        json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}),
        encoding="utf-8",
    )
    return path


def test_every_statistic_in_the_course_notebooks_traces_to_a_cited_finding(table) -> None:
    assert traceability.check_notebooks(NOTEBOOK_DIR, table) == []


def test_statistics_are_read_with_their_sign_and_precision() -> None:
    text = "r = −.16, 95% CI; d = 0.85; g ≈ 0.36 to 0.53; N = 6,138; k = 295; OR = 1.79; 7 = 7"
    assert stats_in(text) == [
        Stat("r", "r = −.16", -0.16, 2),
        Stat("d", "d = 0.85", 0.85, 2),
        Stat("g", "g ≈ 0.36", 0.36, 2),
        Stat("N", "N = 6,138", 6138, 0),
        Stat("k", "k = 295", 295, 0),
        Stat("OR", "OR = 1.79", 1.79, 2),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "(Elliott et al., 2018)",
        "Elliott et al. (2018)",
        "(Norcross & Lambert, 2018; Elliott et al.,\n2018)",
    ],
)
def test_a_citation_is_found_in_its_usual_forms(table, text) -> None:
    assert "empathy-outcome" in {f.id for f in cited(text, table)}


def test_narrative_citations_with_and_and_all_authors_count(table) -> None:
    assert "client-expression-outcome" in {f.id for f in cited("Peluso and Freund (2018)", table)}
    ids = {f.id for f in cited("Hayes, Gelso, Goldberg and\nKivlighan (2018) pooled", table)}
    assert "ct-reactions-outcome" in ids
    assert "ct-reactions-outcome-2011" not in ids


def test_a_number_matches_at_the_precision_written(table) -> None:
    assert untraced("r = .28 and r = .278 (Flückiger et al., 2018)", table) == []
    assert [s.text for s in untraced("r = .29 (Flückiger et al., 2018)", table)] == ["r = .29"]
    assert untraced("95% CI from r = −.30 to .03 (Hayes et al., 2011), k = 11", table) == []


def test_a_confidence_interval_must_match_the_cited_one(table) -> None:
    assert untraced("r = .28, 95% CI [.23, .33] (Elliott et al., 2018)", table) == []
    wrong = untraced("r = .28, 95% CI [.23, .35] (Elliott et al., 2018)", table)
    assert [(s.symbol, s.number) for s in wrong] == [("CI", 0.35)]
    assert untraced("19.7%, 95% CI [18.7%, 20.7%] (Swift & Greenberg, 2012)", table) == []


def test_a_number_must_come_from_a_finding_the_same_cell_cites(table, tmp_path) -> None:
    path = write_notebook(
        tmp_path / "notebooks",
        "Empathy correlated with outcome at r = .28 (Elliott et al., 2018).",
        "Empathy correlated with outcome at r = .28.",
        "Empathy correlated with outcome at r = .31 (Elliott et al., 2018).",
        "In 2011 it was r = .31 (Elliott et al., 2011), across k = 59 samples.",
    )
    problems = traceability.check_notebook(path, table)
    assert len(problems) == 2
    assert "cell 1" in problems[0] and '"r = .28"' in problems[0]
    assert "cell 2" in problems[1] and '"r = .31"' in problems[1]


def test_make_check_reports_an_untraced_number(tmp_path) -> None:
    bank_dir, case_dir, reflection_dir = (tmp_path / n for n in ("q", "c", "r"))
    for folder in (bank_dir, case_dir, reflection_dir):
        folder.mkdir()
    notebooks = tmp_path / "notebooks"
    write_notebook(notebooks, "The alliance correlates with outcome at r = .30.")
    problems = content_check.check_all(bank_dir, EVIDENCE, notebooks, case_dir, reflection_dir)
    assert any("01_x.ipynb, cell 0" in p and '"r = .30"' in p for p in problems)
    assert any('"r = .30"' in p for p in content_check.check_paths([notebooks / "01_x.ipynb"]))


PLANTED = '''"""A caption module; its docstring may quote d = .41 freely."""

SHARE = 17.3
ALPHA = 0.8
LIMIT = 1.01  # not a finding
LEGEND = dict(bbox_to_anchor=(0, 1.01))


def caption(r: float) -> str:
    """Say r = .29."""
    return f"Repair goes with outcome at r = {r:.2f}; preferences cut dropout (d = .41, 19.7%)."
'''


def test_code_literals_finds_published_numbers_typed_into_code(table, tmp_path) -> None:
    path = tmp_path / "planted.py"
    path.write_text(PLANTED, encoding="utf-8")
    problems = code_literals([path], table)
    assert any(
        ":3: 17.3 equals the published value of sudden-gains-group-cbt" in p for p in problems
    )
    assert any(':11: "d = .41" is typed into a string' in p for p in problems)
    assert any(':11: "19.7%" is typed into a string' in p for p in problems)
    assert len(problems) == 3, problems


def test_make_check_runs_the_code_check(table, tmp_path, monkeypatch) -> None:
    path = tmp_path / "planted.py"
    path.write_text(PLANTED, encoding="utf-8")
    monkeypatch.setattr(traceability, "course_code_files", lambda: [path])
    empty = tmp_path / "empty"
    empty.mkdir()
    args = (empty, EVIDENCE, empty, empty, empty)
    assert len(content_check.check_all(*args)) == 3


def test_the_course_code_files_are_the_charts_explorers_and_models() -> None:
    folders = {p.parent.name for p in traceability.course_code_files()}
    assert folders == {"charts", "explorers", "simulate"}
