"""Each module's stated time comes from the timing model, and long modules offer a break."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from course_utils import timing
from course_utils.quizzes import load_bank
from course_utils.schema import CaseDialogue

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
BREAK = "## Part 2 — a good place to take a break"


def tolerance(minutes: float) -> float:
    """How far a stated time may sit from the model: 10%, and never less than 5 minutes."""
    return max(5.0, 0.1 * minutes)


def write_notebook(path: Path, cells: list[tuple[str, str]]) -> Path:
    notebook = {
        "cells": [
            {"cell_type": kind, "metadata": {}, "source": source}
            | ({"outputs": [], "execution_count": None} if kind == "code" else {})
            for kind, source in cells
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return path


# --- the model ---------------------------------------------------------------------------------


def test_reading_counts_prose_but_not_references(tmp_path: Path) -> None:
    path = write_notebook(
        tmp_path / "01_x.ipynb",
        [
            ("markdown", "# 01 · X\n\n*Estimated time: 5 min*\n\n" + "word " * 400),
            ("markdown", "## References\n\n" + "Author, A. (2020). Title. " * 200),
        ],
    )
    estimate = timing.module_time(path)
    assert 400 <= estimate.reading_words <= 410
    assert estimate.reading == pytest.approx(estimate.reading_words / timing.WORDS_PER_MINUTE)


def test_each_activity_adds_its_minutes(tmp_path: Path) -> None:
    path = write_notebook(
        tmp_path / "05_x.ipynb",
        [
            ("code", "from course_utils import explore, quiz, reflect"),
            ("code", 'quiz("05-transference", "pull-steps", "flattery-pull")'),
            ("code", "explore.countertransference()"),
            ("code", 'reflect("05-x", "What do you notice?")'),
        ],
    )
    estimate = timing.module_time(path)
    per = timing.MINUTES_PER
    assert estimate.activities == pytest.approx(
        2 * per["quiz item"] + per["explorer"] + per["reflection"]
    )
    assert estimate.cell_minutes[1] == pytest.approx(2 * per["quiz item"])


def test_a_quiz_call_without_ids_counts_the_whole_bank(tmp_path: Path) -> None:
    path = write_notebook(tmp_path / "00_x.ipynb", [("code", 'quiz("00-start")')])
    assert timing.module_time(path).counts["quiz item"] == len(load_bank("00-start").questions)


def test_expected_turns_averages_over_equally_likely_replies() -> None:
    def reply(rid: str, nxt: str | None) -> dict:
        return {"id": rid, "text": "t", "feedback": "f", "effects": {}, "next": nxt}

    dialogue = CaseDialogue.model_validate(
        {
            "case": "x",
            "module": "01",
            "client_name": "C",
            "title": "t",
            "setting": "s",
            "start": "a",
            "initial": {"alliance": 50},
            "min_turns": 1,
            "max_turns": 5,
            "nodes": [
                {
                    "id": "a",
                    "client": "c",
                    "replies": [reply("r1", "b"), reply("r2", None), reply("r3", None)],
                },
                {
                    "id": "b",
                    "client": "c",
                    "replies": [reply("r4", None), reply("r5", None), reply("r6", None)],
                },
            ],
        }
    )
    # One choice always, and a second one on a third of the paths.
    assert timing.expected_turns(dialogue) == pytest.approx(1 + 1 / 3)


# --- the course --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stated_time_matches_the_model(path: Path) -> None:
    estimate = timing.module_time(path)
    stated = timing.stated_minutes(path)
    assert stated is not None, f"{path.name}: no '*Estimated time: N min*' line"
    assert abs(stated - estimate.total) <= tolerance(estimate.total), (
        f"{path.name} states {stated} min but the model gives {estimate.total:.0f} min "
        f"(reading {estimate.reading:.0f}, activities {estimate.activities:.0f}) — state "
        f"{estimate.rounded} min, see docs/instructors.md"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_long_module_offers_a_break_near_its_middle(path: Path) -> None:
    estimate = timing.module_time(path)
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    breaks = [
        i
        for i, cell in enumerate(cells)
        if cell["cell_type"] == "markdown" and "".join(cell["source"]).startswith(BREAK)
    ]
    if estimate.total <= timing.ONE_SITTING:
        assert breaks == [], f"{path.name} fits one sitting; remove the Part 2 heading"
        return
    assert len(breaks) == 1, f"{path.name} takes {estimate.rounded} min: add one '{BREAK}'"
    share = estimate.minutes_before(breaks[0]) / estimate.total
    assert 0.3 <= share <= 0.7, f"{path.name}: the break comes {share:.0%} of the way through"


@pytest.mark.parametrize("doc", ["README.md", "docs/instructors.md"])
def test_module_tables_state_the_notebooks_times(doc: str) -> None:
    text = (REPO / doc).read_text(encoding="utf-8")
    for path in NOTEBOOKS:
        number = path.stem[:2]
        row = re.search(rf"^\| {number} \|.*$", text, re.MULTILINE)
        assert row, f"{doc}: no table row for module {number}"
        minutes = re.search(r"\| (\d+) min \|", row.group(0))
        assert minutes, f"{doc}: module {number}'s row states no time"
        assert int(minutes.group(1)) == timing.stated_minutes(path), (
            f"{doc}: module {number} is listed at {minutes.group(1)} min, the notebook states "
            f"{timing.stated_minutes(path)} min"
        )
