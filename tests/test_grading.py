"""Grading: right and wrong answers, partial credit, numeric tolerance, stable shuffling."""

from __future__ import annotations

import pytest

from course_utils import grading
from course_utils.schema import MultipleChoice, Numeric, SingleChoice


def single() -> SingleChoice:
    return SingleChoice.model_validate(
        {
            "id": "q",
            "type": "single",
            "stem": "Which?",
            "options": [
                {"id": "a", "text": "A", "correct": True, "feedback": "Yes."},
                {"id": "b", "text": "B", "feedback": "No."},
                {"id": "c", "text": "C", "feedback": "No."},
            ],
        }
    )


def multiple() -> MultipleChoice:
    return MultipleChoice.model_validate(
        {
            "id": "m",
            "type": "multiple",
            "stem": "Which?",
            "options": [
                {"id": "a", "text": "A", "correct": True, "feedback": "Yes."},
                {"id": "b", "text": "B", "correct": True, "feedback": "Yes."},
                {"id": "c", "text": "C", "feedback": "No."},
                {"id": "d", "text": "D", "feedback": "No."},
            ],
        }
    )


def numeric() -> Numeric:
    return Numeric.model_validate(
        {
            "id": "n",
            "type": "numeric",
            "stem": "How much?",
            "answer": 7.7,
            "tolerance": 1,
            "minimum": 0,
            "maximum": 100,
            "feedback": {"correct": "Yes.", "low": "Too low.", "high": "Too high."},
        }
    )


def test_single_choice_right_and_wrong() -> None:
    assert grading.grade(single(), "a").correct
    wrong = grading.grade(single(), "b")
    assert not wrong.correct and wrong.score == 0
    assert [item.chosen for item in wrong.options] == [False, True, False]


def test_multiple_select_gives_partial_credit_with_an_explanation() -> None:
    result = grading.grade(multiple(), frozenset({"a", "c"}))
    assert not result.correct
    assert result.score == pytest.approx(0.5)  # a right, b missed, c wrongly ticked, d right
    assert "2 of 4" in result.summary
    assert grading.grade(multiple(), frozenset({"a", "b"})).correct


def test_numeric_tolerance_and_direction() -> None:
    assert grading.grade(numeric(), 8.5).correct
    low = grading.grade(numeric(), 3)
    assert not low.correct and low.detail == "Too low."
    assert grading.grade(numeric(), 28).detail == "Too high."


def test_numeric_out_of_range_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="from 0 to 100"):
        grading.grade(numeric(), 150)


def test_answer_of_the_wrong_kind_is_rejected() -> None:
    with pytest.raises(ValueError, match="choose one of the options"):
        grading.grade(single(), "z")
    with pytest.raises(ValueError, match="tick at least one"):
        grading.grade(multiple(), frozenset())


def test_shuffle_is_stable_per_student_and_differs_between_students() -> None:
    options = multiple().options
    first = grading.option_order(options, learner="ana", key="b/m", shuffle=True)
    again = grading.option_order(options, learner="ana", key="b/m", shuffle=True)
    assert [o.id for o in first] == [o.id for o in again]
    orders = {
        tuple(o.id for o in grading.option_order(options, learner=f"s{i}", key="b/m", shuffle=True))
        for i in range(20)
    }
    assert len(orders) > 1
    assert [o.id for o in grading.option_order(options, learner="x", key="k", shuffle=False)] == [
        "a",
        "b",
        "c",
        "d",
    ]


def test_answers_survive_a_json_round_trip() -> None:
    for question, answer in (
        (single(), "a"),
        (multiple(), frozenset({"a", "b"})),
        (numeric(), 7.5),
    ):
        data = grading.answer_to_json(answer)
        assert grading.answer_from_json(question, data) == answer
