"""The quiz widget, driven the way a student drives it: choose, click, read the feedback."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import pytest

from course_utils import progress
from course_utils.quiz import Quiz
from course_utils.schema import QuestionBank, load

from .conftest import restart_kernel

BANK = """
bank: 99-test
module: "99"
title: Test bank
questions:
  - id: bond
    type: single
    scenario: A client arrives late and says *nothing helps*.
    stem: What does the **bond** refer to?
    options:
      - {id: a, text: The felt trust and liking between client and therapist, correct: true,
         feedback: Right — the emotional connection.}
      - {id: b, text: The agreed aims of therapy, feedback: Those are the goals.}
      - id: c
        text: "<script>alert(1)</script>"
        feedback: "Not this <img src=x onerror=alert(1)>."
    explanation: Bordin named goals, tasks and bond.
  - id: pick
    type: multiple
    stem: Which are parts of the alliance?
    options:
      - {id: g, text: Goals, correct: true, feedback: "Yes, goals."}
      - {id: t, text: Tasks, correct: true, feedback: "Yes, tasks."}
      - {id: f, text: Fees, feedback: "No, fees are not."}
  - id: share
    type: numeric
    stem: What share of variance does r = .28 explain?
    answer: 7.8
    tolerance: 1
    unit: "%"
    minimum: 0
    maximum: 100
    feedback: {correct: "Yes, r squared.", low: Too low., high: Too high — square r.}
"""


@pytest.fixture
def bank(tmp_path: Path) -> QuestionBank:
    path = tmp_path / "99-test.yaml"
    path.write_text(BANK)
    return load(path, QuestionBank, noun="question")


def all_text(widget: widgets.Widget) -> str:
    """Every string a widget tree would send to the browser."""
    parts = []
    for name in ("value", "description", "options", "_options_labels", "tooltip", "placeholder"):
        value = getattr(widget, name, None)
        parts.append(str(value) if value is not None else "")
    for child in getattr(widget, "children", ()):
        parts.append(all_text(child))
    return "\n".join(parts)


def test_wrong_then_right_shows_feedback_then_every_option(
    data_dir: Path, bank: QuestionBank
) -> None:
    question = Quiz(bank, ("bond",)).questions["bond"]
    question.controls["answer"].value = "b"
    question.controls["check"].click()
    assert "Not quite" in question.feedback.value
    assert "Those are the goals." in question.feedback.value
    assert "Right — the emotional connection" not in question.feedback.value  # not yet revealed
    question.controls["answer"].value = "a"
    question.controls["check"].click()
    shown = question.feedback.value
    assert "Correct." in shown
    assert "Right — the emotional connection" in shown and "Those are the goals." in shown
    assert "Bordin named goals, tasks and bond." in shown


def test_every_check_is_stored_at_once(data_dir: Path, bank: QuestionBank) -> None:
    question = Quiz(bank, ("bond",)).questions["bond"]
    question.controls["answer"].value = "b"
    question.controls["check"].click()
    question.controls["answer"].value = "a"
    question.controls["check"].click()
    saved = progress.store().attempts("99-test", "bond")
    assert [(a.answer, a.correct) for a in saved] == [("b", False), ("a", True)]


def test_after_a_restart_the_answer_and_feedback_are_back(
    data_dir: Path, bank: QuestionBank
) -> None:
    question = Quiz(bank, ("share",)).questions["share"]
    question.controls["answer"].value = 8.0
    question.controls["check"].click()
    restart_kernel()
    again = Quiz(bank, ("share",)).questions["share"]
    assert again.controls["answer"].value == 8.0
    assert "Correct." in again.feedback.value


def test_multiple_select_explains_partial_credit(data_dir: Path, bank: QuestionBank) -> None:
    question = Quiz(bank, ("pick",)).questions["pick"]
    question.controls["option:g"].value = True
    question.controls["option:f"].value = True
    question.controls["check"].click()
    assert "judged 1 of 3 options correctly" in question.feedback.value
    assert "No, fees are not." in question.feedback.value


def test_numeric_feedback_says_which_way(data_dir: Path, bank: QuestionBank) -> None:
    question = Quiz(bank, ("share",)).questions["share"]
    question.controls["answer"].value = 28.0
    question.controls["check"].click()
    assert "too high" in question.feedback.value and "square r" in question.feedback.value


def test_checking_without_an_answer_asks_for_one(data_dir: Path, bank: QuestionBank) -> None:
    question = Quiz(bank, ("bond",)).questions["bond"]
    question.controls["check"].click()
    assert "Choose an answer first" in question.status.value
    assert progress.store().attempts("99-test") == []


def test_no_answer_key_reaches_the_page_before_an_answer(
    data_dir: Path, bank: QuestionBank
) -> None:
    text = all_text(Quiz(bank, ()))
    for secret in (
        "Right — the emotional connection",
        "Those are the goals",
        "Yes, goals",
        "correct",
        "Too high",
    ):
        assert secret not in text


def test_content_html_is_escaped(data_dir: Path, bank: QuestionBank) -> None:
    question = Quiz(bank, ("bond",)).questions["bond"]
    question.controls["answer"].value = "c"
    question.controls["check"].click()
    question.controls["answer"].value = "b"
    question.controls["check"].click()
    html = question.feedback.value
    assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    scenario = question.children[1].value
    assert "<em>nothing helps</em>" in scenario  # Markdown still renders


def test_a_store_warning_is_shown_above_the_quiz(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bank: QuestionBank
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("COURSE_UTILS_DATA_DIR", str(blocker / "sub"))
    restart_kernel()
    shown = Quiz(bank, ("bond",))
    assert "cannot be saved" in all_text(shown)
    restart_kernel()
