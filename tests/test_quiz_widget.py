"""The quiz widget, driven the way a student drives it: choose, click, read the feedback."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import ipywidgets as widgets
import pytest

from course_utils import progress
from course_utils.quizzes import Quiz
from course_utils.schema import QuestionBank, load

from .conftest import html_containing, restart_kernel

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
  - id: repair
    type: ordering
    stem: Put the steps of repairing a rupture in order.
    steps:
      - {id: notice, text: Notice the shift in the client's engagement,
         feedback: "You cannot repair what you have not seen."}
      - {id: name, text: "Name what you noticed, tentatively",
         feedback: "Naming it invites the client to say more."}
      - {id: own, text: Acknowledge your own part in it}
      - {id: explore, text: Explore together what happened,
         feedback: "Exploring turns the rupture into shared work."}
    feedback: {correct: That is the sequence repair usually follows.,
               incorrect: Think about what has to come first.}
  - id: either
    type: ordering
    stem: Put these in order.
    steps:
      - {id: first, text: Notice it}
      - {id: mid1, text: Name it, after: [first]}
      - {id: mid2, text: Own your part, after: [first]}
      - {id: last, text: Explore it, after: [mid1, mid2]}
    feedback: {correct: Either middle order works., incorrect: Look again.}
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
    assert again.controls["answer"].value == "8"
    assert "Correct." in again.feedback.value


def test_multiple_select_explains_partial_credit(data_dir: Path, bank: QuestionBank) -> None:
    question = Quiz(bank, ("pick",)).questions["pick"]
    question.controls["option:g"].value = True
    question.controls["option:f"].value = True
    question.controls["check"].click()
    assert "1 of the 2 right options and 1 wrong one" in question.feedback.value
    assert "scores (1 − 1) / 2 = 0.00" in question.feedback.value
    assert "No, fees are not." in question.feedback.value


def test_multiple_select_says_how_it_is_scored_before_any_check(
    data_dir: Path, bank: QuestionBank
) -> None:
    question = Quiz(bank, ("pick",)).questions["pick"]
    rule = question.scoring.value
    assert "wrong tick takes one away" in rule and "ticking every box does not pay" in rule
    assert question.scoring in question.controls["answer"].children
    single = Quiz(bank, ("bond",)).questions["bond"]
    assert "wrong tick takes one away" not in all_text(single)


def test_numeric_feedback_says_which_way(data_dir: Path, bank: QuestionBank) -> None:
    question = Quiz(bank, ("share",)).questions["share"]
    question.controls["answer"].value = 28.0
    question.controls["check"].click()
    assert "too high" in question.feedback.value and "square r" in question.feedback.value


def test_a_numeric_box_starts_empty_and_reads_what_a_student_types(
    data_dir: Path, bank: QuestionBank
) -> None:
    question = Quiz(bank, ("share",)).questions["share"]
    assert question.controls["answer"].value == ""
    question.controls["check"].click()
    assert "Enter a number first" in question.status.value
    assert progress.store().attempts("99-test") == []
    question.controls["answer"].value = "7,9 %"
    question.controls["check"].click()
    assert "Correct." in question.feedback.value
    assert progress.store().attempts("99-test", "share")[0].answer == 7.9


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
    scenario = html_containing(question, "cu-scenario")
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


def widget_state(widget: widgets.Widget) -> str:
    """Every synced property of a widget tree: what the browser, and a saved notebook, gets."""
    parts = [str(widget.get_state())]
    for child in getattr(widget, "children", ()):
        parts.append(widget_state(child))
    return "\n".join(parts)


def test_no_answer_key_in_the_synced_state_of_any_question(
    data_dir: Path, bank: QuestionBank
) -> None:
    state = widget_state(Quiz(bank, ()))
    for secret in (
        "Right — the emotional connection",
        "Yes, goals",
        "r squared",
        "You cannot repair what you have not seen",
        "That is the sequence",
        "Bordin named",
    ):
        assert secret not in state
    assert "'value': 'a'" not in state  # option ids stay in the kernel


def shown_steps(question) -> list[str]:
    """The step texts in the order the student sees them, top to bottom."""
    return [
        re.sub(r"<[^>]+>", "", label.value).split(". ", 1)[1].replace("&#x27;", "'")
        for label in question.controls["answer"].labels
    ]


def arrange(question, target: list[str]) -> None:
    """Put the steps in `target` order by clicking Move up, as a student would."""
    for position, text in enumerate(target, start=1):
        while shown_steps(question).index(text) + 1 > position:
            row = shown_steps(question).index(text) + 1
            question.controls[f"up:{row}"].click()


RIGHT = [
    "Notice the shift in the client's engagement",
    "Name what you noticed, tentatively",
    "Acknowledge your own part in it",
    "Explore together what happened",
]


def test_an_ordering_question_never_starts_in_the_right_order(
    data_dir: Path, bank: QuestionBank
) -> None:
    question = Quiz(bank, ("repair",)).questions["repair"]
    assert sorted(shown_steps(question)) == sorted(RIGHT)
    assert shown_steps(question) != RIGHT


def test_ordering_is_driven_by_move_buttons_that_name_their_step(
    data_dir: Path, bank: QuestionBank
) -> None:
    question = Quiz(bank, ("repair",)).questions["repair"]
    controls = question.controls
    assert controls["up:1"].disabled and controls["down:4"].disabled
    assert not controls["down:1"].disabled and not controls["up:4"].disabled
    for row in (1, 2, 3, 4):
        for direction in ("up", "down"):
            button = controls[f"{direction}:{row}"]
            assert isinstance(button, widgets.Button)  # a real <button>: Tab, Enter, Space
            assert button.description == f"Move {direction}"
            assert shown_steps(question)[row - 1][:20] in button.tooltip
    before = shown_steps(question)
    controls["down:1"].click()
    after = shown_steps(question)
    assert after[:2] == [before[1], before[0]]
    assert "to position 2 of 4" in question.controls["answer"].announce.value
    assert before[0][:20] in question.controls["answer"].announce.value


def test_ordering_partial_credit_then_the_right_order_explained(
    data_dir: Path, bank: QuestionBank
) -> None:
    question = Quiz(bank, ("repair",)).questions["repair"]
    arrange(question, [RIGHT[0], RIGHT[2], RIGHT[1], RIGHT[3]])
    question.controls["check"].click()
    first = question.feedback.value
    assert "2 of 4 steps are in their right position" in first and "scores 2/4" in first
    assert "Think about what has to come first." in first
    assert "You cannot repair what you have not seen" not in first  # not settled yet
    question.controls["check"].click()  # a second attempt settles the question
    second = question.feedback.value
    assert "The order that works" in second
    assert "You cannot repair what you have not seen" in second
    assert "you put it in position 3" in second
    saved = progress.store().attempts("99-test", "repair")
    assert [a.score for a in saved] == [0.5, 0.5]
    assert saved[0].answer == ["notice", "own", "name", "explore"]


def test_an_ordering_answer_comes_back_after_a_restart(data_dir: Path, bank: QuestionBank) -> None:
    question = Quiz(bank, ("repair",)).questions["repair"]
    arrange(question, RIGHT)
    question.controls["check"].click()
    assert "Correct: every step is in its place." in question.feedback.value
    restart_kernel()
    again = Quiz(bank, ("repair",)).questions["repair"]
    assert shown_steps(again) == RIGHT
    assert "every step is in its place" in again.feedback.value


def test_options_keep_their_order_for_a_student_after_a_restart(
    data_dir: Path, bank: QuestionBank
) -> None:
    first = Quiz(bank, ("bond",)).questions["bond"].controls["answer"]._options_labels
    restart_kernel()
    again = Quiz(bank, ("bond",)).questions["bond"].controls["answer"]._options_labels
    assert first == again


def test_a_full_disk_mid_session_shows_the_warning_and_keeps_the_answer(
    data_dir: Path, bank: QuestionBank
) -> None:
    shown = Quiz(bank, ("bond", "share"))
    store = progress.store()
    store.record_attempt(
        module="99", bank="99-test", question="warm-up", answer="a", score=1, correct=True
    )
    fill_up(store)
    question = shown.questions["bond"]
    question.controls["answer"].value = "a"
    question.controls["check"].click()
    assert "Correct." in question.feedback.value
    assert "cannot be saved" in shown.notice.value and "Free some disk space" in shown.notice.value
    assert [a.question for a in store.attempts()] == ["warm-up", "bond"]


def fill_up(store: progress.Store) -> None:
    """Make every further write fail with SQLITE_FULL, as a full disk does: cap the file at
    its current size, then fill the free space in every table with another learner's rows."""
    db = store._db
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")
    rows = {
        "attempts": "INSERT INTO attempts (learner, module, bank, question, answer, score,"
        " correct, created) VALUES ('~filler', '', '', ?, ?, 0, 0, '')",
        "reflections": "INSERT INTO reflections (learner, reflection, module, text, updated)"
        " VALUES ('~filler', ?, '', ?, '')",
        "case_choices": "INSERT INTO case_choices (learner, module, case_id, run, turn, node,"
        " reply, reason, measures, finished, created)"
        " VALUES ('~filler', '', '', '', 0, '', '', ?, ?, 0, '')",
    }
    number = 0
    for sql in rows.values():
        for size in (512, 64, 8, 1, 0):
            try:
                while True:
                    number += 1
                    db.execute(sql, (f"f{number}", "x" * size))
            except sqlite3.OperationalError as error:
                assert "full" in str(error)


def test_a_partial_order_accepts_either_order_and_says_one_order_works(
    data_dir: Path, bank: QuestionBank
) -> None:
    question = Quiz(bank, ("either",)).questions["either"]
    arrange(question, ["Notice it", "Own your part", "Name it", "Explore it"])
    question.controls["check"].click()
    shown = question.feedback.value
    assert "Correct: every step is in its place." in shown
    assert "One order that works" in shown and "you had it in a place that works" in shown
    assert "you put it in position" not in shown
