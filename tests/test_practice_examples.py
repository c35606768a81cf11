"""Labelled training replies for the practice classifier: shape, labels, counts, duplicates."""

import re
from pathlib import Path

import pytest
import yaml

from course_utils.practice.labels import COMMON_SKILLS as COMMON
from course_utils.practice.labels import SKILLS

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "course_utils" / "content" / "practice" / "examples"

MIN_PER_SKILL = 150
MIN_COMMON = 250
MIN_TOTAL = 2000


def _load(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and set(data) == {"skill", "examples"}, path.name
    assert data["skill"] == path.stem, f"{path.name}: skill {data['skill']!r} is not the file name"
    examples = data["examples"]
    assert isinstance(examples, list), path.name
    for text in examples:
        assert isinstance(text, str) and text.strip(), f"{path.name}: bad example {text!r}"
    return examples


@pytest.fixture(scope="module")
def loaded():
    files = sorted(EXAMPLES.glob("*.yaml"))
    return {p.stem: _load(p) for p in files}


def test_one_file_per_known_skill(loaded):
    assert set(loaded) <= set(SKILLS), f"unknown skill files: {set(loaded) - set(SKILLS)}"
    assert set(loaded) == set(SKILLS), f"missing skill files: {set(SKILLS) - set(loaded)}"


def test_minimum_counts(loaded):
    for skill, examples in loaded.items():
        floor = MIN_COMMON if skill in COMMON else MIN_PER_SKILL
        assert len(examples) >= floor, f"{skill}: {len(examples)} < {floor}"
    assert sum(len(e) for e in loaded.values()) >= MIN_TOTAL


def test_no_exact_duplicates(loaded):
    seen = {}
    clashes = []
    for skill, examples in loaded.items():
        for text in examples:
            key = text.strip()
            if key in seen:
                clashes.append((key, seen[key], skill))
            else:
                seen[key] = skill
    assert not clashes, f"duplicate examples (text, first file, second file): {clashes[:10]}"


def _normalise(text):
    return re.sub(r"[^a-z0-9 ]", "", text.lower()).strip()


def test_no_reply_carries_two_labels(loaded):
    """The same words (ignoring case and punctuation) must not sit in two skill files."""
    labels = {}
    for skill, examples in loaded.items():
        for text in examples:
            labels.setdefault(_normalise(text), set()).add(skill)
    conflicts = {text: sorted(skills) for text, skills in labels.items() if len(skills) > 1}
    assert not conflicts, f"same reply under two skills: {list(conflicts.items())[:10]}"
