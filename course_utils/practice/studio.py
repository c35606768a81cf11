"""The practice studio's logic, without widgets: the level ladder, whether a reading fits an
exercise, and the feedback text.

The feedback names the *form* of a reply (what the classifier measures) and never its quality;
it says so once, in plain words (`FORM_NOTE`). When the classifier cannot tell, it says so and
makes no claim about fit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, TypeVar

from .labels import FAMILY_OF, SKILL_NAMES

Level = Literal["beginner", "intermediate", "advanced"]
LEVELS: tuple[Level, ...] = ("beginner", "intermediate", "advanced")
LEVEL_NAMES: dict[str, str] = {
    "beginner": "Beginner",
    "intermediate": "Intermediate",
    "advanced": "Advanced",
}

Rating = Literal["too_easy", "good", "too_hard"]
#: The difficulty ratings, in the order they are offered, with the words the student sees.
RATINGS: dict[str, str] = {
    "too_easy": "Too easy",
    "good": "Good challenge",
    "too_hard": "Too hard",
}

Fit = Literal["fits", "near", "differs", "unsure"]

FORM_NOTE = (
    "This reads the form of your reply, not how good it is: a reply of the fitting kind can "
    "still miss the client, and one of another kind can still help. The checklist is where you "
    "judge the rest."
)
EMPTY_REPLY = "Write a reply first: there is nothing to read yet."
CANT_TELL = "I can't tell"


class ReadingLike(Protocol):
    skill: str
    family: str
    confidence: float
    unsure: bool
    reason: str


class StatementLike(Protocol):
    id: str
    level: str


S = TypeVar("S", bound=StatementLike)


# --- the ladder -----------------------------------------------------------------------------


def next_level(level: str, rating: str) -> Level:
    """Too easy moves one level up, too hard one level down, a good challenge stays; the ladder
    stops at its ends."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r} — use one of: {', '.join(LEVELS)}")
    if rating not in RATINGS:
        raise ValueError(f"unknown rating {rating!r} — use one of: {', '.join(RATINGS)}")
    step = {"too_easy": 1, "good": 0, "too_hard": -1}[rating]
    index = min(max(LEVELS.index(level) + step, 0), len(LEVELS) - 1)
    return LEVELS[index]


def next_statement(statements: Sequence[S], level: str, seen: Sequence[str]) -> S | None:
    """The next statement at `level`: the first (in the set's order) not yet seen; once all at
    that level have been seen, the one seen longest ago. `seen` lists statement ids oldest
    first (repeats allowed). None only if the set has nothing at that level."""
    at_level = [statement for statement in statements if statement.level == level]
    if not at_level:
        return None
    seen_ids = set(seen)
    for statement in at_level:
        if statement.id not in seen_ids:
            return statement
    last_seen = {statement_id: position for position, statement_id in enumerate(seen)}
    return min(at_level, key=lambda statement: last_seen[statement.id])


def highest_level(levels: Sequence[str]) -> str | None:
    """The highest of the levels given (None for none)."""
    known = [LEVELS.index(level) for level in levels if level in LEVELS]
    return LEVELS[max(known)] if known else None


# --- fit and feedback -----------------------------------------------------------------------


def fit(reading: ReadingLike, targets: Sequence[str]) -> Fit:
    """How the reading stands to the exercise: one of its target kinds ("fits"), the same
    family as one ("near": a closed question where an open one is practised), another kind
    ("differs"), or the classifier could not tell ("unsure")."""
    if reading.unsure:
        return "unsure"
    if reading.skill in targets:
        return "fits"
    if reading.family in {FAMILY_OF[target] for target in targets} and reading.family != "other":
        return "near"
    return "differs"


def kinds_in_words(skills: Sequence[str]) -> str:
    """ "an open question", "a simple reflection or a complex reflection", "a, b or c"."""
    names = [SKILL_NAMES[skill].split(" (")[0] for skill in skills]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " or " + names[-1]


@dataclass(frozen=True)
class Feedback:
    """The feedback on one reply, as plain text lines (the widget escapes them)."""

    fit: Fit
    read: str  # what kind of reply it read, or that it can't tell
    match: str  # whether that fits the exercise
    note: str = FORM_NOTE  # said once: form, not quality

    def lines(self) -> list[str]:
        return [self.read, self.match, self.note]


def feedback(reading: ReadingLike, targets: Sequence[str]) -> Feedback:
    """The words the student sees about one reply. Names the form, never the quality."""
    practised = kinds_in_words(targets)
    verdict = fit(reading, targets)
    if verdict == "unsure":
        reason = reading.reason or "it could be more than one kind of reply"
        read = f"{CANT_TELL} what kind of reply this is: {reason}."
        if "English" in reason:
            match = (
                "The reading only works for replies in English, so it says nothing about this "
                f"one. This exercise asks for {practised}: compare your reply with the "
                "checklist and the model replies yourself."
            )
        else:
            match = (
                f"So it cannot say whether it fits. This exercise asks for {practised}: "
                "compare your reply with the checklist and the model replies yourself."
            )
        return Feedback(verdict, read, match)
    read = f"It reads as {SKILL_NAMES[reading.skill]}."
    if verdict == "fits":
        match = f"That is a kind this exercise asks for ({practised})."
    elif verdict == "near":
        match = (
            f"That is a {reading.family}, the same family as the kind this exercise asks for "
            f"({practised}), but not that kind. Try a version of that kind and compare."
        )
    else:
        match = (
            f"This exercise asks for {practised}, a different kind. Try a version of that "
            "kind and compare."
        )
    return Feedback(verdict, read, match)


def match_share(fits: Sequence[str]) -> float | None:
    """The share of replies whose reading fitted the target kind (None when there are none)."""
    return sum(value == "fits" for value in fits) / len(fits) if fits else None
