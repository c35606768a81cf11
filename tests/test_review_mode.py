"""Review mode brings back exactly what is due: missed questions (or right only after a wrong
try) within minutes, right-first-time ones days later; due first, interleaved, reshuffled,
scored at the first attempt. And every question of every bank is shown in some notebook."""

from __future__ import annotations

import ast
import importlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import course_utils
from course_utils import progress
from course_utils.catalogue import BANK_DIR, NOTEBOOK_DIR
from course_utils.quizzes import load_bank
from course_utils.review_mode import DueItem, Link, build_widget, interleave, queue, schedule

BANK = "01-relationship"


def answer(store: progress.Store, question: str, correct: bool) -> None:
    store.record_attempt(
        module="01",
        bank=BANK,
        question=question,
        answer="x",
        score=float(correct),
        correct=correct,
    )


def soon() -> datetime:
    return datetime.now(UTC) + timedelta(minutes=2)


def test_missed_and_right_after_wrong_come_back_right_first_time_does_not(
    data_dir: Path,
) -> None:
    store = progress.store()
    answer(store, "trust-testing", False)
    answer(store, "trust-testing", True)  # right only after a wrong try
    answer(store, "boundary-gift", False)  # missed
    answer(store, "empathy-reflection", True)  # mastered first time
    due = {item.question for item in queue(store, soon())}
    assert due == {"trust-testing", "boundary-gift"}
    end_of_day = datetime.now(UTC).replace(hour=23, minute=59)
    assert "empathy-reflection" not in {item.question for item in queue(store, end_of_day)}
    later = {item.question for item in queue(store, datetime.now(UTC) + timedelta(days=30))}
    assert "empathy-reflection" in later  # it does come back, days later


def test_a_review_right_first_time_moves_the_item_out_of_today(data_dir: Path) -> None:
    store = progress.store()
    answer(store, "boundary-gift", False)
    box = build_widget(store, now=soon())
    [question] = box.questions
    right = next(o.id for o in question.question.options if o.correct)
    question.controls["answer"].value = right
    question.controls["check"].click()
    [review] = store.reviews()
    assert review.correct
    assert store.attempts(BANK, "boundary-gift")[-1].context == "review"
    assert queue(store, soon()) == []


def test_a_review_is_scored_at_its_first_attempt_only(data_dir: Path) -> None:
    store = progress.store()
    answer(store, "boundary-gift", False)
    [question] = build_widget(store, now=soon()).questions
    options = question.question.options
    wrong = next(o.id for o in options if not o.correct)
    right = next(o.id for o in options if o.correct)
    question.controls["answer"].value = wrong
    question.controls["check"].click()
    question.controls["answer"].value = right
    question.controls["check"].click()
    assert [r.correct for r in store.reviews()] == [False]  # the second try does not count
    assert {i.question for i in queue(store, datetime.now(UTC) + timedelta(minutes=11))} == {
        "boundary-gift"
    }


def test_a_review_starts_fresh_with_options_in_a_new_order(data_dir: Path) -> None:
    store = progress.store()
    answer(store, "boundary-gift", False)
    [question] = build_widget(store, now=soon()).questions
    assert question.feedback.value == ""  # the notebook's answer is not restored
    assert question._key() != f"{BANK}/boundary-gift"  # a new seed, so a new order


def test_due_items_come_most_overdue_first(data_dir: Path) -> None:
    earlier = datetime.now(UTC) - timedelta(days=3)
    attempts = [
        progress.Attempt("01", BANK, q, "x", 0.0, False, (earlier + timedelta(hours=h)).isoformat())
        for q, h in (("b", 5), ("a", 1), ("c", 3))
    ]
    items = sorted(schedule(attempts, []), key=lambda i: i.due)
    assert [i.question for i in items] == ["a", "c", "b"]


def test_confusable_sections_are_interleaved_not_blocked() -> None:
    now = datetime.now(UTC)

    def item(question: str, module: str, minutes: int) -> DueItem:
        return DueItem(BANK, question, module, now + timedelta(minutes=minutes), 0, True)

    sections = {
        f"{BANK}/t1": Link("01.ipynb#Trust", "Trust"),
        f"{BANK}/t2": Link("01.ipynb#Trust", "Trust"),
        f"{BANK}/e1": Link("01.ipynb#Empathy", "Empathy"),
        f"{BANK}/e2": Link("01.ipynb#Empathy", "Empathy"),
        f"{BANK}/x": Link("05.ipynb#Transference", "Transference"),
    }
    blocked = [item("t1", "01", 1), item("t2", "01", 2), item("x", "05", 3)]
    blocked += [item("e1", "01", 4), item("e2", "01", 5)]
    ordered = [i.question for i in interleave(blocked, sections)]
    assert ordered == ["t1", "e1", "t2", "e2", "x"]


def test_review_is_a_name_the_package_exports(data_dir: Path) -> None:
    assert "review" in course_utils.__all__
    assert callable(course_utils.review)
    importlib.import_module("course_utils.review_mode")  # must not shadow the function
    assert callable(course_utils.review)


def shown_questions() -> set[str]:
    """bank/question for every question some notebook's quiz() call shows."""
    shown: set[str] = set()
    for path in sorted(NOTEBOOK_DIR.rglob("*.ipynb")):
        for cell in json.loads(path.read_text("utf-8"))["cells"]:
            if cell["cell_type"] != "code":
                continue
            for node in ast.walk(ast.parse("".join(cell["source"]))):
                if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "quiz":
                    args = [a.value for a in node.args if isinstance(a, ast.Constant)]
                    bank = args[0]
                    ids = args[1:] or [q.id for q in load_bank(bank).questions]
                    shown |= {f"{bank}/{q}" for q in ids}
    return shown


def test_every_question_in_every_bank_is_shown_in_some_notebook() -> None:
    shown = shown_questions()
    every = {
        f"{path.stem}/{question.id}"
        for path in sorted(BANK_DIR.glob("*.yaml"))
        for question in load_bank(path.stem).questions
    }
    assert sorted(every - shown) == []
