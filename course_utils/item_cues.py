"""Item-writing cues a test-wise student could use without understanding the content.

Three cues are measured per bank, each against what guessing would earn:

- the key is the longest option of a single-choice item (chance: 1 / number of options);
- the key is longer than the distractors (median ratio of its length to their mean length);
- the key is the only hedged option ("usually", "may", "often" …), the classic give-away
  of a careful writer qualifying the right answer and not the wrong ones.

And one rule for multiple select: ticking every box must score nothing (see grading).

Limits. With about ten single-choice items a bank, one item moves a share by ten points; the
binomial spread of a length-blind bank round chance (p ≈ .3, n = 10) is about 14 points. We
fail a bank when the longest-option rule (or the hedged-key rule) beats chance by more than 15
points: a student using it then gains at most one or two items over guessing, less than the
spread of chance alone. Length ratios of well-written items scatter round 1; a median above
1.25 means the typical key is a quarter longer than its distractors, a difference a reader
notices.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from pathlib import Path

from .schema import MultipleChoice, QuestionBank, SingleChoice

#: Fail when a cue's share exceeds chance by more than this (15 percentage points).
MARGIN = 0.15
#: Fail when the median key/distractor length ratio exceeds this.
MAX_RATIO = 1.25

HEDGES = re.compile(
    r"\b(usually|often|may|might|tends? to|typically|generally|likely|probably|sometimes|"
    r"in part|partly|depends?|not always|on average|more often|mostly|can(?!['’]t))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class BankCues:
    """The cue figures of one bank's single-choice items."""

    bank: str
    items: int  # single-choice items
    chance: float  # mean of 1 / options: what picking at random earns
    longest: tuple[str, ...]  # ids of items whose key is longer than every distractor
    ratio: float  # median key length / mean distractor length (0 when there are no items)
    hedged: tuple[str, ...]  # ids of items whose key is the only hedged option

    @property
    def longest_share(self) -> float:
        return len(self.longest) / self.items if self.items else 0.0

    @property
    def hedged_share(self) -> float:
        return len(self.hedged) / self.items if self.items else 0.0

    def summary(self) -> str:
        """One line for the check's report."""
        if not self.items:
            return f"{self.bank}: no single-choice items"
        limit = self.chance + MARGIN
        return (
            f"{self.bank}: key longest in {len(self.longest)}/{self.items} single-choice items "
            f"({self.longest_share:.0%}; chance {self.chance:.0%}, limit {limit:.0%}); median "
            f"key/distractor length {self.ratio:.2f} (limit {MAX_RATIO:.2f}); only the key "
            f"hedged: {', '.join(self.hedged) or 'none'}"
        )


def hedges(text: str) -> int:
    """How many hedging words a text uses."""
    return len(HEDGES.findall(text))


def bank_cues(bank: QuestionBank) -> BankCues:
    """Measure the length and hedging cues in a bank's single-choice items."""
    single = [q for q in bank.questions if isinstance(q, SingleChoice)]
    longest, hedged, ratios = [], [], []
    for question in single:
        key = next(o.text for o in question.options if o.correct)
        others = [o.text for o in question.options if not o.correct]
        if len(key) > max(len(text) for text in others):
            longest.append(question.id)
        ratios.append(len(key) / statistics.mean(len(text) for text in others))
        if hedges(key) and not any(hedges(text) for text in others):
            hedged.append(question.id)
    chance = statistics.mean(1 / len(q.options) for q in single) if single else 0.0
    return BankCues(
        bank=bank.bank,
        items=len(single),
        chance=chance,
        longest=tuple(longest),
        ratio=statistics.median(ratios) if ratios else 0.0,
        hedged=tuple(hedged),
    )


def cue_problems(path: Path, bank: QuestionBank) -> list[str]:
    """One line per cue past its limit, and per multiple-select item where ticking all pays."""
    cues = bank_cues(bank)
    problems = []
    limit = cues.chance + MARGIN
    if cues.items and cues.longest_share > limit:
        problems.append(
            f"{path}: the key is the longest option in {len(cues.longest)} of {cues.items} "
            f"single-choice items ({cues.longest_share:.0%}, limit {limit:.0%}: "
            f"{', '.join(cues.longest)}) — shorten keys or lengthen distractors"
        )
    if cues.ratio > MAX_RATIO:
        problems.append(
            f"{path}: the median key is {cues.ratio:.2f} times as long as its distractors "
            f"(limit {MAX_RATIO:.2f}) — move qualifications from keys into feedback"
        )
    if cues.items and cues.hedged_share > limit:
        problems.append(
            f"{path}: the key is the only hedged option in {len(cues.hedged)} of {cues.items} "
            f"single-choice items (limit {limit:.0%}: {', '.join(cues.hedged)}) — hedge a "
            "distractor too, or state the key plainly"
        )
    for question in bank.questions:
        if isinstance(question, MultipleChoice):
            keyed = len(question.correct_ids)
            wrong = len(question.options) - keyed
            if wrong < keyed:
                problems.append(
                    f'{path}, question "{question.id}": ticking every box scores '
                    f"({keyed} − {wrong}) / {keyed} > 0 — give at least as many wrong options "
                    f"as right ones (now {keyed} right, {wrong} wrong)"
                )
    return problems
