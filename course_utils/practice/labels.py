"""The reply kinds the classifier names, and the coding family each belongs to (defined once)."""

from __future__ import annotations

from typing import Final

QUESTION: Final = "question"
REFLECTION: Final = "reflection"
INFORMATION: Final = "information"
OTHER: Final = "other"

FAMILIES: Final[tuple[str, ...]] = (QUESTION, REFLECTION, INFORMATION, OTHER)

FAMILY_OF: Final[dict[str, str]] = {
    "open_question": QUESTION,
    "closed_question": QUESTION,
    "simple_reflection": REFLECTION,
    "complex_reflection": REFLECTION,
    "information_advice": INFORMATION,
    "reassurance_affirmation": OTHER,
    "self_disclosure": OTHER,
    "interpretation_challenge": OTHER,
    "other": OTHER,
}

SKILLS: Final[tuple[str, ...]] = tuple(FAMILY_OF)
#: The kinds most of a therapist's talk is made of (questions, reflections, information): the
#: example sets hold more of these.
COMMON_SKILLS: Final[tuple[str, ...]] = tuple(s for s, f in FAMILY_OF.items() if f != OTHER)

SKILL_NAMES: Final[dict[str, str]] = {
    "open_question": "an open question",
    "closed_question": "a closed question",
    "simple_reflection": "a simple reflection",
    "complex_reflection": "a complex reflection",
    "information_advice": "information or advice",
    "reassurance_affirmation": "reassurance or an affirmation",
    "self_disclosure": "a self-disclosure",
    "interpretation_challenge": "an interpretation or a challenge",
    "other": "another kind of reply (a greeting, a filler, structuring)",
}


def family_of(skill: str) -> str:
    """The coding family (question, reflection, information, other) of a skill label."""
    try:
        return FAMILY_OF[skill]
    except KeyError:
        raise ValueError(f"unknown skill {skill!r} — use one of: {', '.join(SKILLS)}") from None
