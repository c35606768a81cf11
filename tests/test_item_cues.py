"""Item-writing cues: a bank where "pick the longest" or "pick the hedged one" works fails."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from course_utils import item_cues
from course_utils.content_check import check_file, cue_report
from course_utils.schema import QuestionBank


def item(number: int, key: str, distractors: list[str]) -> dict:
    options = [{"id": "k", "text": key, "correct": True, "feedback": "Right."}]
    options += [
        {"id": f"d{i}", "text": text, "feedback": "Wrong."} for i, text in enumerate(distractors)
    ]
    return {"id": f"q{number}", "type": "single", "stem": "Which?", "options": options}


def bank(items: list[dict]) -> QuestionBank:
    return QuestionBank.model_validate(
        {"bank": "99-test", "module": "99", "title": "Test", "questions": items}
    )


SAME = ["a distractor of some length", "another one of equal size", "a third of the same size"]


def balanced(count: int = 10) -> list[dict]:
    """Keys as long as their distractors, one in four the longest (chance for four options)."""
    return [
        item(n, "the key, as long as the rest" if n % 4 == 0 else "key of similar length", SAME)
        for n in range(count)
    ]


def test_a_balanced_bank_passes_and_reports_its_figures() -> None:
    cues = item_cues.bank_cues(bank(balanced()))
    assert cues.items == 10 and cues.chance == pytest.approx(0.25)
    assert cues.longest == ("q0", "q4", "q8")
    assert 0.8 < cues.ratio < 1.0
    assert item_cues.cue_problems(Path("b.yaml"), bank(balanced())) == []
    assert "key longest in 3/10 single-choice items (30%; chance 25%, limit 40%)" in cues.summary()


def test_a_bank_where_the_longest_option_wins_fails_naming_the_items() -> None:
    items = balanced(6) + [
        item(n, "a key that is plainly longer than all the options around it", SAME)
        for n in range(6, 10)
    ]
    problems = item_cues.cue_problems(Path("b.yaml"), bank(items))
    [line] = [p for p in problems if "longest option" in p]
    assert line.startswith("b.yaml: the key is the longest option in 6 of 10")
    assert "limit 40%" in line and "q6, q7, q8, q9" in line
    assert line.endswith("shorten keys or lengthen distractors")


def test_a_key_only_counts_as_longest_when_strictly_longer() -> None:
    tied = item(0, "x" * 20, ["y" * 20, "y" * 5, "y" * 5])
    shorter = item(1, "x" * 19, ["y" * 20, "y" * 5, "y" * 5])
    longer = item(2, "x" * 21, ["y" * 20, "y" * 5, "y" * 5])
    assert item_cues.bank_cues(bank([tied, shorter, longer])).longest == ("q2",)


def test_exactly_at_the_limit_passes() -> None:
    # 4 of 10 longest = chance .25 + .15: on the limit, not past it
    items = [item(n, "x" * 30 if n < 4 else "short key", ["y" * 20] * 3) for n in range(10)]
    assert not [p for p in item_cues.cue_problems(Path("b"), bank(items)) if "longest" in p]


def test_a_long_median_key_fails_even_when_one_distractor_is_longer() -> None:
    # every key 1.5 times the mean distractor but never the longest option
    items = [item(n, "k" * 30, ["d" * 10, "d" * 10, "d" * 40]) for n in range(10)]
    cues = item_cues.bank_cues(bank(items))
    assert cues.longest == () and cues.ratio == pytest.approx(1.5)
    [line] = item_cues.cue_problems(Path("b.yaml"), bank(items))
    assert "median key is 1.50 times as long as its distractors (limit 1.25)" in line


def test_keys_that_alone_are_hedged_are_flagged() -> None:
    hedged = [
        item(n, "It usually helps here", ["It helps", "It hurts", "It is neutral"])
        for n in range(5)
    ]
    plain = [
        item(n, "It may help there", ["It may hurt", "It harms", "Neither"]) for n in range(5, 10)
    ]
    cues = item_cues.bank_cues(bank(hedged + plain))
    assert cues.hedged == ("q0", "q1", "q2", "q3", "q4")  # a hedged distractor clears q5–q9
    problems = item_cues.cue_problems(Path("b.yaml"), bank(hedged + plain))
    assert any("only hedged option in 5 of 10" in p for p in problems)
    assert item_cues.hedges("It can, and often does, help") == 2
    assert item_cues.hedges("A candid mayor, maybe") == 0  # whole words only
    assert item_cues.hedges("She can't manage") == 0  # a negation, not a hedge


def multiple(right: int, wrong: int) -> dict:
    options = [
        {"id": f"r{i}", "text": f"right {i}", "correct": True, "feedback": "Yes."}
        for i in range(right)
    ] + [{"id": f"w{i}", "text": f"wrong {i}", "feedback": "No."} for i in range(wrong)]
    return {"id": f"m{right}{wrong}", "type": "multiple", "stem": "Which?", "options": options}


def test_multiple_select_where_ticking_everything_pays_is_a_problem() -> None:
    problems = item_cues.cue_problems(
        Path("b.yaml"), bank([multiple(3, 2), multiple(2, 2), multiple(2, 3)])
    )
    assert problems == [
        'b.yaml, question "m32": ticking every box scores (3 − 2) / 3 > 0 — give at least as '
        "many wrong options as right ones (now 3 right, 2 wrong)"
    ]


def test_the_check_reports_every_bank_and_fails_a_cued_bank(tmp_path: Path) -> None:
    folder = tmp_path / "quizzes"
    folder.mkdir()
    path = folder / "99-test.yaml"
    cued = [item(n, "a key that is plainly longer than its distractors", SAME) for n in range(4)]
    path.write_text(yaml.safe_dump(bank(cued).model_dump(exclude_defaults=True)))
    assert any("longest option in 4 of 4" in p for p in check_file(path, set()))
    [line] = cue_report(folder)
    assert line.startswith("99-test: key longest in 4/4 single-choice items (100%")
