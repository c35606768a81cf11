"""The command line: check, schema, export and report, run as a student or instructor would."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from course_utils import progress
from course_utils.catalogue import BANK_DIR, CASE_DIR, REFLECTION_DIR

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run(*args: str, env: dict | None = None, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "course_utils", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
    )


def test_check_passes_on_the_course() -> None:
    result = run("check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid" in result.stdout
    cue_lines = [line for line in result.stdout.splitlines() if "key longest in" in line]
    assert len(cue_lines) == len(list(BANK_DIR.glob("*.yaml")))  # one figure line per bank


def test_every_subcommand_has_help() -> None:
    top = run("--help")
    assert top.returncode == 0
    for command in ("check", "schema", "export", "report", "hub-link"):
        assert command in top.stdout
        result = run(command, "--help")
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(f"usage: python -m course_utils {command}")
        if command == "check":
            assert "Validate every question bank" in result.stdout


# --- check ------------------------------------------------------------------------------------

TEN_MISTAKES = (
    ('field "bank"', 'make it equal the file name "99-mistakes"'),
    ('question "Trust_Test", field "id"', 'e.g. "trust-test"'),
    ('question "empty-stem", field "stem"', "is empty — write the text"),
    ('question "misspelt", field "explantion"', "check its spelling or remove it"),
    ('question "no-type", field "type"', "set it to one of: single, multiple"),
    ('question "two-keys", field "options"', 'use type "multiple"'),
    ('question "silent-option", option "c", field "feedback"', "is missing — add a feedback"),
    ('question "no-key", field "options"', "mark at least one"),
    ('question "out-of-range", field "answer"', "widen the range"),
    ('question "unknown-source", field "evidence"', 'no finding "no-such-finding"'),
)


def test_a_bank_with_ten_kinds_of_mistake_prints_ten_clear_lines() -> None:
    bank = FIXTURES / "99-mistakes.yaml"
    result = run("check", str(bank))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 10, result.stdout
    for where, fix in TEN_MISTAKES:
        [line] = [line for line in lines if where in line]
        assert line.startswith(str(bank)) and fix in line and " — " in line
    assert "10 problem(s) found." in result.stderr


def test_check_names_the_problems_of_a_case_file(tmp_path: Path) -> None:
    data = yaml.safe_load((CASE_DIR / "01-first-session.yaml").read_text())
    data["start"] = "openning"
    data["nodes"][1]["replies"][0]["next"] = "nowhere"
    del data["nodes"][2]["replies"][0]["feedback"]
    path = tmp_path / "cases" / "01-first-session.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    result = run("check", str(path.parent))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any('node "reassured", reply "own-it", field "feedback"' in line for line in lines)
    result = run("check", str(path))  # a fixed schema error then shows the graph errors
    data["nodes"][2]["replies"][0]["feedback"] = "Restored."
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    lines = run("check", str(path)).stdout.splitlines()
    assert any('field "start": no node "openning"' in line for line in lines)
    data["start"] = "opening"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    lines = run("check", str(path)).stdout.splitlines()
    assert any('node "heard", reply "deepen", field "next": no node "nowhere"' in x for x in lines)


def test_check_names_reflection_files_notebook_calls_and_unknown_files(tmp_path: Path) -> None:
    reflections = tmp_path / "reflections"
    reflections.mkdir()
    (reflections / "01.yaml").write_text(
        'module: "01"\nreflections:\n  - {id: 02-heard, commentary: Text.}\n'
        "  - {id: 01-trust, commentary: Text.}\n  - {id: 01-trust, commentary: Again.}\n"
    )
    (tmp_path / "notes.yaml").write_text("hello: world\n")
    notebook = tmp_path / "01_x.ipynb"
    notebook.write_text(
        json.dumps(
            {
                "cells": [
                    {
                        "cell_type": "code",
                        "source": 'case("no-such-case")\nreflect("heard", "Prompt?")',
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
    result = run("check", str(tmp_path))
    assert result.returncode == 1
    out = result.stdout
    assert 'reflection "02-heard", field "id": does not start with "01-"' in out
    assert 'reflection "01-trust", field "id": the id repeats' in out
    assert "notes.yaml: cannot tell what this file is" in out
    assert 'case("no-such-case") names no case' in out and "01-first-session" in out
    assert 'reflect("heard", …): the id must start with "01-"' in out
    assert len(result.stdout.splitlines()) == 5


def test_check_reports_a_path_that_does_not_exist(tmp_path: Path) -> None:
    result = run("check", str(tmp_path / "missing.yaml"))
    assert result.returncode == 1 and "no such file or folder" in result.stdout


# --- schema -----------------------------------------------------------------------------------


def test_schema_writes_json_schemas_that_accept_the_course_and_catch_mistakes(
    tmp_path: Path,
) -> None:
    result = run("schema", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    schemas = {p.name: json.loads(p.read_text()) for p in tmp_path.glob("*.json")}
    assert set(schemas) == {
        "question-bank.schema.json",
        "case.schema.json",
        "reflections.schema.json",
        "evidence.schema.json",
        "results.schema.json",
    }
    for folder, name in (
        (BANK_DIR, "question-bank.schema.json"),
        (CASE_DIR, "case.schema.json"),
        (REFLECTION_DIR, "reflections.schema.json"),
    ):
        for path in folder.glob("*.yaml"):
            jsonschema.validate(yaml.safe_load(path.read_text()), schemas[name])
    broken = yaml.safe_load((CASE_DIR / "01-first-session.yaml").read_text())
    broken["nodes"][0]["replies"][0]["feedbak"] = "typo"
    with pytest.raises(jsonschema.ValidationError, match="feedbak"):
        jsonschema.validate(broken, schemas["case.schema.json"])
    assert "options" in json.dumps(schemas["question-bank.schema.json"])


# --- export -----------------------------------------------------------------------------------


def seed(folder: Path, learner: str, answers: dict[str, list[str]], reflection: str = "") -> None:
    """A student's store with attempts at questions of 01-relationship, as the quiz writes."""
    from course_utils import grading
    from course_utils.quizzes import load_bank

    bank = load_bank("01-relationship")
    store = progress.Store(folder / progress.FILE_NAME, learner)
    for question_id, tries in answers.items():
        question = bank.question(question_id)
        for answer in tries:
            result = grading.grade(question, answer)
            store.record_attempt(
                module="01",
                bank="01-relationship",
                question=question_id,
                answer=answer,
                score=result.score,
                correct=result.correct,
            )
    if reflection:
        store.save_reflection(module="01", reflection="01-heard", text=reflection)
    store.record_case_choice(
        module="01",
        case="01-first-session",
        run="r1",
        turn=1,
        node="opening",
        reply="reflect",
        reason="",
        values={"alliance": 48},
        finished=False,
    )
    store.close()


def test_export_writes_the_students_own_results(tmp_path: Path) -> None:
    data = tmp_path / "data"
    seed(data, "student-b", {"trust-testing": ["a", "b"]}, reflection="My aunt, who listened.")
    env = {"COURSE_UTILS_DATA_DIR": str(data), "JUPYTERHUB_USER": "student-b"}
    result = run("export", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = tmp_path / "course-results-student-b.json"
    assert str(written.name) in result.stdout
    exported = json.loads(written.read_text())
    assert exported["learner"] == "student-b"
    assert [(a["answer"], a["correct"]) for a in exported["attempts"]] == [
        ("a", False),
        ("b", True),
    ]
    assert exported["cases"][0]["reply"] == "reflect"
    assert exported["reflections"][0]["words"] == 4
    assert "My aunt" not in written.read_text()  # personal text only when asked for
    out = tmp_path / "with-text.csv"
    result = run("export", "--format", "csv", "--out", str(out), "--with-reflection-text", env=env)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(out.open()))
    assert [row["kind"] for row in rows] == ["export", "attempt", "attempt", "case", "reflection"]
    assert rows[-1]["text"] == "My aunt, who listened."


def test_export_names_the_os_user_without_jupyterhub(tmp_path: Path) -> None:
    import getpass

    env = {k: v for k, v in os.environ.items() if k != "JUPYTERHUB_USER"}
    env["COURSE_UTILS_DATA_DIR"] = str(tmp_path / "data")
    result = subprocess.run(
        [sys.executable, "-m", "course_utils", "export", "--out", "-"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
    )
    assert json.loads(result.stdout)["learner"] == getpass.getuser()


# --- report -----------------------------------------------------------------------------------


def export_of(tmp_path: Path, learner: str, answers: dict[str, list[str]], fmt: str) -> Path:
    data = tmp_path / learner
    seed(data, learner, answers)
    out = tmp_path / f"{learner}.{fmt}"
    env = {"COURSE_UTILS_DATA_DIR": str(data), "JUPYTERHUB_USER": learner}
    assert run("export", "--format", fmt, "--out", str(out), env=env).returncode == 0
    return out


def test_report_gives_an_item_analysis_an_instructor_can_act_on(tmp_path: Path) -> None:
    files = [
        export_of(tmp_path, "ana", {"trust-testing": ["b"]}, "json"),
        export_of(tmp_path, "ben", {"trust-testing": ["a", "b"]}, "csv"),
        export_of(tmp_path, "cai", {"trust-testing": ["a"], "variance-explained": [28.0]}, "json"),
        export_of(tmp_path, "dee", {"trust-testing": ["c", "b"]}, "json"),
    ]
    out_csv = tmp_path / "report.csv"
    result = run("report", *map(str, files), "--csv", str(out_csv))
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "Item analysis of 4 student(s)." in text
    assert (
        "01-relationship / trust-testing: 4 answered, 25% right first time (75% at the latest)"
        " — hard: review the item" in text
    )
    assert 'most chosen wrong: a: "Of course not!' in text and "(2 of 3 wrong first" in text
    assert "Why it is wrong: Warm, but it rushes to reassure" in text
    assert "01-relationship / variance-explained: 1 answered, 0% right first time" in text
    assert "most chosen wrong: too high" in text
    assert "01 The therapeutic relationship: 0 of 4 complete (0%)" in text
    rows = list(csv.DictReader(out_csv.open()))
    [trust] = [r for r in rows if r["question"] == "trust-testing"]
    assert trust["first_correct"] == "0.250" and trust["most_chosen_wrong"].startswith("a: ")
    [module] = [r for r in rows if r["kind"] == "module" and r["module"] == "01"]
    assert module["completion_rate"] == "0.000" and module["students"] == "4"


def test_report_counts_a_students_latest_export_and_skips_unreadable_files(
    tmp_path: Path,
) -> None:
    first = export_of(tmp_path, "ana", {"trust-testing": ["a"]}, "json")
    second = tmp_path / "ana-again.json"
    later = json.loads(first.read_text())
    later["exported"] = "2999-01-01T00:00:00+00:00"
    later["attempts"][0]["answer"], later["attempts"][0]["correct"] = "b", True
    second.write_text(json.dumps(later))
    junk = tmp_path / "junk.json"
    junk.write_text("{not json")
    result = run("report", str(first), str(second), str(junk))
    assert result.returncode == 0
    assert "Item analysis of 1 student(s)." in result.stdout
    assert "trust-testing: 1 answered, 100% right first time" in result.stdout
    assert "skipped" in result.stderr and "junk.json: not valid JSON" in result.stderr


def test_item_analysis_of_every_question_kind_and_module_completion() -> None:
    from course_utils import report
    from course_utils.catalogue import ModuleItems
    from course_utils.schema import QuestionBank

    bank = QuestionBank.model_validate(
        {
            "bank": "99-x",
            "module": "99",
            "title": "X",
            "questions": [
                {
                    "id": "multi",
                    "type": "multiple",
                    "stem": "Which?",
                    "options": [
                        {"id": "a", "text": "A", "correct": True, "feedback": "Yes."},
                        {"id": "b", "text": "B", "feedback": "B is a *trap*."},
                        {"id": "c", "text": "C", "feedback": "No."},
                    ],
                },
                {
                    "id": "num",
                    "type": "numeric",
                    "stem": "How many?",
                    "answer": 10,
                    "tolerance": 1,
                    "feedback": {"correct": "Yes.", "low": "Too low: count again.", "high": "Hi."},
                },
                {
                    "id": "order",
                    "type": "ordering",
                    "stem": "Order.",
                    "steps": [
                        {"id": "s1", "text": "First"},
                        {"id": "s2", "text": "Second", "feedback": "Second comes second."},
                        {"id": "s3", "text": "Third"},
                    ],
                    "feedback": {"correct": "Yes.", "incorrect": "No."},
                },
            ],
        }
    )

    def student(name: str, answers: list[tuple[str, object, bool]], case_done: bool) -> dict:
        return {
            "learner": name,
            "exported": "2026-01-01T00:00:00+00:00",
            "attempts": [
                {"bank": "99-x", "question": q, "answer": a, "score": float(c), "correct": c}
                for q, a, c in answers
            ],
            "cases": [{"case": "99-case", "finished": case_done}],
            "reflections": [],
        }

    exports = [
        student(
            "s1",
            [("multi", ["a", "b"], False), ("num", 3, False), ("order", ["s1", "s3", "s2"], False)],
            True,
        ),
        student(
            "s2",
            [("multi", ["a"], True), ("num", 10, True), ("order", ["s1", "s2", "s3"], True)],
            True,
        ),
        student(
            "s3",
            [("multi", ["b"], False), ("num", 2, False), ("order", ["s2", "s1", "s3"], False)],
            False,
        ),
    ]
    modules = {
        "99": ModuleItems(
            "99",
            "Test",
            questions=[("99-x", "multi"), ("99-x", "num"), ("99-x", "order")],
            cases=["99-case"],
        )
    }
    built = report.build(exports, {"99-x": bank}, modules)
    rows = {row.question: row for row in built.questions}
    assert rows["multi"].wrong == "b: B" and rows["multi"].wrong_count == 2
    assert rows["multi"].explanation == "B is a trap."
    assert (
        rows["num"].wrong.startswith("too low (below 9")
        and rows["num"].explanation == "Too low: count again."
    )
    assert rows["order"].wrong == "step out of place: Second" and rows["order"].wrong_count == 2
    assert rows["order"].explanation == "Second comes second."
    [module] = built.modules
    assert (module.students, module.complete) == (3, 2) and round(module.completion, 2) == 0.67
    assert round(module.mean_done, 2) == round((4 / 4 + 4 / 4 + 3 / 4) / 3, 2)
