"""Grading: right and wrong answers, partial credit, numeric tolerance, stable shuffling."""

from __future__ import annotations

import pytest

from course_utils import grading
from course_utils.schema import MultipleChoice, Numeric, Ordering, SingleChoice


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
    result = grading.grade(multiple(), frozenset({"a"}))
    assert not result.correct
    assert result.score == pytest.approx(0.5)  # one of two right options, no wrong tick
    assert "1 of the 2 right options and 0 wrong ones" in result.summary
    assert "(1 − 0) / 2 = 0.50" in result.summary
    assert grading.grade(multiple(), frozenset({"a", "b"})).correct


def test_a_wrong_tick_cancels_a_right_one() -> None:
    result = grading.grade(multiple(), frozenset({"a", "c"}))
    assert result.score == 0 and not result.correct
    assert "Not yet" in result.summary
    assert grading.grade(multiple(), frozenset({"a", "b", "c"})).score == pytest.approx(0.5)


def test_ticking_everything_scores_no_better_than_ticking_only_wrong_options() -> None:
    everything = grading.grade(multiple(), frozenset({"a", "b", "c", "d"}))
    nothing_useful = grading.grade(multiple(), frozenset({"c"}))
    assert everything.score == 0 == nothing_useful.score
    assert "wrong ticks outweigh" not in everything.summary  # 2 − 2 is exactly zero
    assert (
        "wrong ticks outweigh right ones"
        in grading.grade(multiple(), frozenset({"c", "d"})).summary
    )


@pytest.mark.parametrize(
    ("right", "wrong", "keyed", "score"),
    [(2, 0, 2, 1.0), (1, 0, 2, 0.5), (2, 1, 3, 1 / 3), (1, 2, 2, 0.0), (0, 0, 3, 0.0)],
)
def test_multiple_score_formula(right: int, wrong: int, keyed: int, score: float) -> None:
    assert grading.multiple_score(right, wrong, keyed) == pytest.approx(score)


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


def ordering() -> Ordering:
    return Ordering.model_validate(
        {
            "id": "repair",
            "type": "ordering",
            "stem": "Put the steps of a rupture repair in order.",
            "steps": [
                {"id": "notice", "text": "Notice the strain", "feedback": "First you see it."},
                {"id": "name", "text": "Name it with the client"},
                {"id": "own", "text": "Own your part"},
                {"id": "explore", "text": "Explore what happened"},
            ],
            "feedback": {"correct": "Yes, that is the usual order.", "incorrect": "Look again."},
        }
    )


def test_ordering_right_order_is_full_marks() -> None:
    result = grading.grade(ordering(), ("notice", "name", "own", "explore"))
    assert result.correct and result.score == 1
    assert result.detail == "Yes, that is the usual order."
    assert all(step.in_place for step in result.steps)


def test_ordering_gives_credit_per_step_in_place_and_says_so() -> None:
    result = grading.grade(ordering(), ("notice", "own", "name", "explore"))
    assert not result.correct
    assert result.score == pytest.approx(0.5)
    assert "2 of 4 steps are in their right position" in result.summary
    assert "scores 2/4" in result.summary
    assert [(s.step.id, s.given, s.right, s.in_place) for s in result.steps] == [
        ("notice", 1, 1, True),
        ("own", 2, 3, False),
        ("name", 3, 2, False),
        ("explore", 4, 4, True),
    ]


def test_ordering_rejects_an_incomplete_order() -> None:
    with pytest.raises(ValueError, match="put every step in a position"):
        grading.grade(ordering(), ("notice", "name"))
    with pytest.raises(ValueError, match="put every step in a position"):
        grading.grade(ordering(), ("notice", "notice", "own", "explore"))


def test_steps_are_shown_stably_per_student_and_never_already_in_order() -> None:
    question = ordering()
    right = [s.id for s in question.steps]
    seen = set()
    for learner in (f"student-{i}" for i in range(200)):
        shown = [s.id for s in grading.step_order(question, learner=learner, key="b/repair")]
        again = [s.id for s in grading.step_order(question, learner=learner, key="b/repair")]
        assert shown == again
        assert shown != right
        assert sorted(shown) == sorted(right)
        seen.add(tuple(shown))
    assert len(seen) > 5


def test_ordering_answers_survive_a_json_round_trip() -> None:
    answer = ("own", "notice", "name", "explore")
    data = grading.answer_to_json(answer)
    assert data == ["own", "notice", "name", "explore"]
    assert grading.answer_from_json(ordering(), data) == answer


def partial() -> Ordering:
    """Notice first, explore last; naming it and owning your part may come in either order."""
    return Ordering.model_validate(
        {
            "id": "repair-partial",
            "type": "ordering",
            "stem": "Put the steps of a rupture repair in order.",
            "steps": [
                {"id": "notice", "text": "Notice the strain"},
                {"id": "name", "text": "Name it with the client", "after": ["notice"]},
                {"id": "own", "text": "Own your part", "after": ["notice"]},
                {"id": "explore", "text": "Explore what happened", "after": ["name", "own"]},
            ],
            "feedback": {"correct": "Either middle order works.", "incorrect": "Look again."},
        }
    )


def test_a_partial_order_accepts_every_order_that_keeps_its_constraints() -> None:
    for order in (("notice", "name", "own", "explore"), ("notice", "own", "name", "explore")):
        result = grading.grade(partial(), order)
        assert result.correct and result.score == 1, order
        assert result.detail == "Either middle order works."


def test_a_partial_order_credits_each_step_whose_constraints_hold() -> None:
    result = grading.grade(partial(), ("name", "notice", "own", "explore"))
    assert not result.correct
    assert [(s.step.id, s.in_place) for s in result.steps] == [
        ("name", False),
        ("notice", False),
        ("own", True),
        ("explore", True),
    ]
    assert result.score == pytest.approx(0.5)
    assert "2 of 4 steps are in a position that works" in result.summary


def test_constraints_carry_through_other_steps() -> None:
    # explore comes after name, which comes after notice: explore before notice breaks both
    result = grading.grade(partial(), ("explore", "notice", "name", "own"))
    assert not result.correct
    assert ("notice", "explore") in partial().precedence
    assert [s.in_place for s in result.steps] == [False, False, False, False]


def test_a_partial_order_never_starts_in_an_order_that_is_right() -> None:
    question = partial()
    for learner in (f"student-{i}" for i in range(200)):
        shown = [s.id for s in grading.step_order(question, learner=learner, key="b/p")]
        assert not grading.is_right_order(question, shown), shown
