"""The held-out reply set is well formed: known skills, enough of each kind, no repeats."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from course_utils.practice.labels import COMMON_SKILLS as COMMON
from course_utils.practice.labels import SKILLS

HELDOUT = Path(__file__).resolve().parent.parent / "benchmarks" / "classifier" / "heldout.yaml"

# The common kinds in therapists' talk get more examples than the rest.
MIN_TOTAL = 450
MIN_PER_SKILL = 40
MIN_PER_COMMON_SKILL = 60


@pytest.fixture(scope="module")
def examples() -> list[dict]:
    data = yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and isinstance(data.get("examples"), list), (
        f"{HELDOUT.name}: expected a mapping with an 'examples' list"
    )
    return data["examples"]


def test_every_example_has_text_and_a_known_skill(examples: list[dict]) -> None:
    bad = [
        f"example {i}: {item!r}"
        for i, item in enumerate(examples, start=1)
        if not isinstance(item, dict)
        or set(item) != {"text", "skill"}
        or not isinstance(item["text"], str)
        or not item["text"].strip()
        or item["skill"] not in SKILLS
    ]
    assert not bad, (
        f"{HELDOUT.name}: give each example non-empty text and one of {sorted(SKILLS)}:\n"
        + "\n".join(bad)
    )


def test_enough_examples_of_every_skill(examples: list[dict]) -> None:
    counts = Counter(item["skill"] for item in examples)
    assert len(examples) >= MIN_TOTAL
    short = {
        skill: counts[skill]
        for skill in SKILLS
        if counts[skill] < (MIN_PER_COMMON_SKILL if skill in COMMON else MIN_PER_SKILL)
    }
    assert not short, f"{HELDOUT.name}: too few examples for {short}"


def _normalised(text: str) -> str:
    """Case, punctuation and spacing removed, so near-copies count as repeats."""
    return " ".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def test_no_reply_appears_twice(examples: list[dict]) -> None:
    seen = Counter(_normalised(item["text"]) for item in examples)
    repeats = sorted(text for text, n in seen.items() if n > 1)
    assert not repeats, f"{HELDOUT.name}: remove the repeated replies {repeats}"
