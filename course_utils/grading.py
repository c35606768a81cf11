"""Grading: pure functions from a question and an answer to a result with feedback."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass

from .schema import ChoiceQuestion, MultipleChoice, Numeric, Option, Ordering, SingleChoice, Step

Answer = str | frozenset[str] | float | tuple[str, ...]
Gradable = SingleChoice | MultipleChoice | Numeric | Ordering


@dataclass(frozen=True)
class OptionFeedback:
    """What the student learns about one option."""

    option: Option
    chosen: bool
    judged_right: bool  # the student's choice about this option matches the key


@dataclass(frozen=True)
class StepFeedback:
    """Where the student put one step of an ordering question, and whether that place works."""

    step: Step
    given: int  # 1-based position the student chose
    right: int  # 1-based position in the listed key
    in_place: bool  # every step that must precede it does, and every one that must follow does


@dataclass(frozen=True)
class Result:
    correct: bool
    score: float  # 0 to 1; partial credit for multiple select and ordering
    summary: str
    options: tuple[OptionFeedback, ...] = ()
    detail: str = ""  # numeric and ordering feedback
    steps: tuple[StepFeedback, ...] = ()  # in the student's order


def grade(question: Gradable, answer: Answer) -> Result:
    """Grade one answer. Raises ValueError for an answer of the wrong kind."""
    if isinstance(question, SingleChoice):
        return _grade_single(question, _as_option_id(question, answer))
    if isinstance(question, MultipleChoice):
        return _grade_multiple(question, _as_option_ids(question, answer))
    if isinstance(question, Ordering):
        return _grade_ordering(question, _as_order(question, answer))
    return _grade_numeric(question, _as_number(question, answer))


def _as_option_id(question: ChoiceQuestion, answer: Answer) -> str:
    if not isinstance(answer, str) or answer not in {o.id for o in question.options}:
        raise ValueError(f'question "{question.id}": choose one of the options')
    return answer


def _as_option_ids(question: ChoiceQuestion, answer: Answer) -> frozenset[str]:
    known = {o.id for o in question.options}
    if not isinstance(answer, frozenset) or not answer or not answer <= known:
        raise ValueError(f'question "{question.id}": tick at least one option')
    return answer


def _as_order(question: Ordering, answer: Answer) -> tuple[str, ...]:
    known = [step.id for step in question.steps]
    if not isinstance(answer, tuple) or sorted(answer) != sorted(known):
        raise ValueError(f'question "{question.id}": put every step in a position')
    return answer


def _as_number(question: Numeric, answer: Answer) -> float:
    if isinstance(answer, str | frozenset | tuple | bool):
        raise ValueError(f'question "{question.id}": enter a number')
    number = float(answer)
    if number != number:  # NaN
        raise ValueError(f'question "{question.id}": enter a number')
    return number


def _grade_single(question: SingleChoice, chosen: str) -> Result:
    correct = chosen in question.correct_ids
    feedback = tuple(
        OptionFeedback(option, option.id == chosen, (option.id == chosen) == option.correct)
        for option in question.options
    )
    summary = "Correct." if correct else "Not quite."
    return Result(correct, float(correct), summary, feedback)


#: How multiple select is scored, in the words the widget shows under the options.
MULTIPLE_RULE = (
    "Scoring: each right tick earns a point and each wrong tick takes one away, out of the "
    "number of right options (never below zero), so ticking every box does not pay."
)


def multiple_score(right_ticks: int, wrong_ticks: int, keyed: int) -> float:
    """max(0, (right ticks − wrong ticks) / keyed options), so ticking all cannot pay."""
    return max(0.0, (right_ticks - wrong_ticks) / keyed)


def _grade_multiple(question: MultipleChoice, chosen: frozenset[str]) -> Result:
    feedback = tuple(
        OptionFeedback(option, option.id in chosen, (option.id in chosen) == option.correct)
        for option in question.options
    )
    keyed = len(question.correct_ids)
    right = len(chosen & question.correct_ids)
    wrong = len(chosen - question.correct_ids)
    score = multiple_score(right, wrong, keyed)
    correct = right == keyed and wrong == 0
    if correct:
        summary = "Correct: you ticked every right option and none of the others."
    else:
        opening = "Partly right" if score > 0 else "Not yet"
        ticks = (
            f"you ticked {right} of the {keyed} right options and {wrong} wrong "
            f"{'one' if wrong == 1 else 'ones'}"
        )
        sum_text = (
            f"({right} − {wrong}) / {keyed} = {score:.2f}"
            if right >= wrong
            else "0 (wrong ticks outweigh right ones)"
        )
        summary = f"{opening}: {ticks}, so this attempt scores {sum_text}."
    return Result(correct, score, summary, feedback)


def _grade_numeric(question: Numeric, number: float) -> Result:
    if (question.minimum is not None and number < question.minimum) or (
        question.maximum is not None and number > question.maximum
    ):
        raise ValueError(
            f'question "{question.id}": enter a number from {question.minimum:g} '
            f"to {question.maximum:g}"
        )
    error = number - question.answer
    if abs(error) <= question.tolerance:
        return Result(True, 1.0, "Correct.", detail=question.feedback.correct)
    detail = question.feedback.low if error < 0 else question.feedback.high
    direction = "low" if error < 0 else "high"
    return Result(False, 0.0, f"Not quite: your estimate is too {direction}.", detail=detail)


def _grade_ordering(question: Ordering, order: tuple[str, ...]) -> Result:
    """A step is in place when every pair the key fixes that involves it is kept.

    For a fully ordered question that means being in its listed position; for a partial order,
    any position between the steps that must precede it and those that must follow it.
    """
    right_position = {step.id: number for number, step in enumerate(question.steps, start=1)}
    given = {step_id: number for number, step_id in enumerate(order, start=1)}
    broken = {
        step_id
        for earlier, later in question.precedence
        if given[earlier] > given[later]
        for step_id in (earlier, later)
    }
    by_id = {step.id: step for step in question.steps}
    steps = tuple(
        StepFeedback(by_id[step_id], given[step_id], right_position[step_id], step_id not in broken)
        for step_id in order
    )
    placed = sum(item.in_place for item in steps)
    total = len(steps)
    if placed == total:
        return Result(
            True, 1.0, "Correct: every step is in its place.", (), question.feedback.correct, steps
        )
    opening = "Partly right" if placed else "Not yet"
    where = "in a position that works" if question.partial else "in their right position"
    summary = (
        f"{opening}: {placed} of {total} steps are {where}, "
        f"so this attempt scores {placed}/{total}."
    )
    return Result(False, placed / total, summary, (), question.feedback.incorrect, steps)


def step_order(question: Ordering, *, learner: str, key: str) -> list[Step]:
    """The steps as first shown: shuffled stably per student, and never already in an order
    that is right."""
    ordered = list(question.steps)
    random.Random(_seed(learner, key)).shuffle(ordered)
    if ordered == list(question.steps):
        ordered = ordered[1:] + ordered[:1]
    if is_right_order(question, [step.id for step in ordered]):
        ordered.reverse()  # reversing breaks every pair the key fixes
    return ordered


def is_right_order(question: Ordering, order: Sequence[str]) -> bool:
    """True when `order` keeps every (earlier, later) pair the question's key fixes."""
    position = {step_id: number for number, step_id in enumerate(order)}
    return all(position[earlier] < position[later] for earlier, later in question.precedence)


def _seed(learner: str, key: str) -> int:
    return int.from_bytes(hashlib.sha256(f"{learner}\0{key}".encode()).digest()[:8], "big")


def option_order(
    options: Sequence[Option], *, learner: str, key: str, shuffle: bool
) -> list[Option]:
    """The options in a stable per-student order: the same student always sees the same order."""
    ordered = list(options)
    if shuffle:
        random.Random(_seed(learner, key)).shuffle(ordered)
    return ordered


def answer_to_json(answer: Answer) -> str | list[str] | float:
    """A JSON-ready form of an answer, for the progress store."""
    if isinstance(answer, frozenset):
        return sorted(answer)
    if isinstance(answer, tuple):
        return list(answer)
    return answer


def answer_from_json(question: Gradable, data: object) -> Answer:
    """The inverse of answer_to_json, for restoring a saved answer."""
    if isinstance(question, MultipleChoice):
        return frozenset(data) if isinstance(data, list) else frozenset()
    if isinstance(question, Ordering):
        return tuple(str(item) for item in data) if isinstance(data, list) else ()
    if isinstance(question, Numeric):
        return float(data) if isinstance(data, int | float) else float("nan")
    return str(data)
