"""Hand-ins the instructor can trust: one typed format, broken files named and never counted,
files that are not UTF-8 named in one line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from course_utils import results
from course_utils.cli import main

REPO = Path(__file__).resolve().parent.parent


def hand_in(learner: str, score: object = 1.0, **changes: object) -> dict:
    data = {
        "format": results.FORMAT,
        "version": results.VERSION,
        "learner": learner,
        "exported": "2026-01-01T10:00:00+00:00",
        "attempts": [
            {
                "module": "01",
                "bank": "01-relationship",
                "question": "alliance-r",
                "answer": "b",
                "score": score,
                "correct": score == 1.0,
                "created": "2026-01-01T09:00:00+00:00",
            }
        ],
        "cases": [],
        "reflections": [],
    }
    data.update(changes)
    return data


BROKEN = {
    "no-attempts.json": lambda: {k: v for k, v in hand_in("x").items() if k != "attempts"},
    "text-score.json": lambda: hand_in("x", score="0.5"),
    "no-learner.json": lambda: {k: v for k, v in hand_in("x").items() if k != "learner"},
    "score-above-one.json": lambda: hand_in("x", score=7.0),
    "unknown-field.json": lambda: hand_in("x", grade="A"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_hand_in_is_named_in_one_line_and_never_counted(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "good.json").write_text(json.dumps(hand_in("ana")), "utf-8")
    (folder / name).write_text(json.dumps(BROKEN[name]()), "utf-8")
    assert main(["report", str(folder)]) == 0
    captured = capsys.readouterr()
    skipped = [line for line in captured.err.splitlines() if line.startswith("skipped")]
    assert len(skipped) == 1 and name in skipped[0]
    assert "Item analysis of 1 student(s)" in captured.out


def test_a_hand_in_that_is_not_utf8_gets_one_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(
        json.dumps(hand_in("zoë"), ensure_ascii=False).encode("utf-8").replace(b"\xc3\xab", b"\xeb")
    )
    good, broken = results.read_all([path])
    assert good == [] and len(broken) == 1 and "not UTF-8" in broken[0]


def test_csv_and_json_hand_ins_read_back_to_the_same_model(tmp_path: Path) -> None:
    data = results.Results.model_validate(hand_in("ana"))
    (tmp_path / "a.json").write_text(results.to_json(data.as_dict()), "utf-8")
    (tmp_path / "a.csv").write_text(results.to_csv(data.as_dict()), "utf-8")
    from_json = results.parse(tmp_path / "a.json")
    from_csv = results.parse(tmp_path / "a.csv")
    assert from_json.attempts == from_csv.attempts == data.attempts


def test_the_published_schema_is_the_model_s(tmp_path: Path) -> None:
    main(["schema", "--out", str(tmp_path)])
    published = json.loads((REPO / "docs" / "results.schema.json").read_text("utf-8"))
    assert json.loads((tmp_path / "results.schema.json").read_text("utf-8")) == published


def test_a_question_bank_that_is_not_utf8_gets_one_line_from_check(tmp_path: Path) -> None:
    bank = tmp_path / "01-latin1.yaml"
    bank.write_bytes("bank: 01-latin1\nmodule: '01'\ntitle: Café\n".encode("latin-1"))
    done = subprocess.run(
        [sys.executable, "-m", "course_utils", "check", str(bank)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    [line] = [x for x in done.stdout.splitlines() if x.strip()]
    assert "not UTF-8" in line and str(bank) in line
