"""The capstone review (bank 09) asks new questions and covers every module it revises."""

from __future__ import annotations

import re
from collections import Counter

from course_utils.catalogue import BANK_DIR
from course_utils.quizzes import load_bank

EARLIER = sorted(path.stem for path in BANK_DIR.glob("0[0-8]-*.yaml"))
MODULE_MENTION = re.compile(r"\bmodules? (\d\d(?:(?:, | and )\d\d)*)")


def normalise(text: str | None) -> str:
    return " ".join((text or "").lower().split())


def texts(question) -> list[str]:
    """The scenario, the stem and every option or step of a question."""
    parts = [question.scenario, question.stem]
    parts += [option.text for option in getattr(question, "options", [])]
    parts += [step.text for step in getattr(question, "steps", [])]
    return [normalise(part) for part in parts if part]


def modules_named(question) -> set[str]:
    """Modules a review question sends the student back to, from its feedback and explanation."""
    parts = [question.explanation or ""]
    parts += [option.feedback for option in getattr(question, "options", [])]
    parts += [step.feedback or "" for step in getattr(question, "steps", [])]
    feedback = getattr(question, "feedback", None)
    if feedback is not None:
        parts += [value for value in vars(feedback).values() if isinstance(value, str)]
    named: set[str] = set()
    for match in MODULE_MENTION.finditer(" ".join(parts)):
        named.update(re.findall(r"\d\d", match.group(1)))
    return named


def test_no_review_question_repeats_an_earlier_one() -> None:
    ids: dict[str, str] = {}
    openings: dict[str, str] = {}
    for bank_id in EARLIER:
        for question in load_bank(bank_id).questions:
            ids[question.id] = bank_id
            openings[texts(question)[0]] = bank_id
    for question in load_bank("09-review").questions:
        assert question.id not in ids, (
            f'09-review "{question.id}" reuses the id of a question in {ids[question.id]}'
        )
        opening = texts(question)[0]
        assert opening not in openings, (
            f'09-review "{question.id}" repeats the scenario of a question in {openings[opening]}'
        )


def test_the_review_covers_every_module_and_module_06_properly() -> None:
    counts = Counter(
        module
        for question in load_bank("09-review").questions
        for module in modules_named(question)
    )
    missing = [f"{n:02d}" for n in range(9) if counts[f"{n:02d}"] == 0]
    assert not missing, f"09-review names no question for modules {missing}"
    assert counts["06"] >= 6, f"module 06 has {counts['06']} review questions; give it at least 6"
