"""Module 02: whose view of empathy predicts outcome, and how a warm message gets lost."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from math import sqrt

import numpy as np

from .. import evidence
from .checks import check_range

EVIDENCE_IDS: tuple[str, ...] = (
    "empathy-outcome",
    "empathy-perspective",
    "mc-client-rated-outcome",
    "mc-self-rated-outcome",
)
ILLUSTRATIVE: dict[str, str] = {
    "validity": (
        "how closely each rater's score tracks true empathy; no source gives it, the order "
        "client > observer > therapist follows the client- vs self-rated competence contrast"
    ),
    "true_r": (
        "the link of true empathy with outcome; set so the client-rated r equals the published "
        "r = .28 at the default client validity"
    ),
    "body_mismatch": "how much words and body language disagree; no source gives a size",
    "culture_mismatch": "how differently the client decodes the therapist's style; no size given",
}

#: The three raters, in the order they are drawn.
RATERS: tuple[str, ...] = ("Client", "Observer", "Therapist")
#: Illustrative validities (correlation of each rating with true empathy).
DEFAULT_VALIDITY: dict[str, float] = {"Client": 0.9, "Observer": 0.6, "Therapist": 0.3}


def default_true_r() -> float:
    """The true-empathy link that makes the client-rated r equal the published r = .28."""
    return round(evidence.value("empathy-outcome") / DEFAULT_VALIDITY["Client"], 2)


@dataclass(frozen=True)
class RatedEmpathy:
    validity: np.ndarray  # sample correlation of each rating with true empathy (client, obs, ther)
    outcome_r: np.ndarray  # sample correlation of each rating with outcome
    expected_r: np.ndarray  # population value: validity × true link
    true_r: float
    n: int


def rated_empathy(
    validity: tuple[float, float, float], true_r: float, n: int, seed: int
) -> RatedEmpathy:
    """Clients' true empathy, three ratings of it of different validity, and outcome.

    Each rating is validity·T + sqrt(1 − validity²)·noise, so its population correlation with
    outcome is validity × true_r: a rating can only predict outcome as well as it tracks T.
    """
    for rater, value in zip(RATERS, validity, strict=True):
        check_range(f"{rater.lower()} validity", value, 0, 1)
    check_range("true_r", true_r, 0, 0.95)
    check_range("n", n, 30, 100_000)
    rng = np.random.default_rng(seed)
    true, outcome_noise, *rating_noise = rng.standard_normal((5, int(n)))
    outcome = true_r * true + sqrt(1 - true_r**2) * outcome_noise
    v = np.asarray(validity, dtype=float)[:, None]
    ratings = v * true + np.sqrt(1 - v**2) * np.asarray(rating_noise)
    table = np.corrcoef(np.vstack((ratings, true, outcome)))
    return RatedEmpathy(
        validity=table[:3, 3],
        outcome_r=table[:3, 4],
        expected_r=np.asarray(validity) * true_r,
        true_r=true_r,
        n=int(n),
    )


@dataclass(frozen=True)
class Message:
    intended: np.ndarray  # the warmth the therapist means to convey (z-score)
    perceived: np.ndarray  # the warmth the client receives (z-score)
    outcome: np.ndarray  # outcome (z-score), driven by perceived warmth
    r: float  # the perceived-warmth → outcome link

    @cached_property
    def fidelity(self) -> float:
        """Sample correlation of intended with perceived warmth."""
        return float(np.corrcoef(self.intended, self.perceived)[0, 1])

    @cached_property
    def perceived_r(self) -> float:
        return float(np.corrcoef(self.perceived, self.outcome)[0, 1])

    @cached_property
    def intended_r(self) -> float:
        return float(np.corrcoef(self.intended, self.outcome)[0, 1])

    @cached_property
    def more_warmth(self) -> np.ndarray:
        """True for the pairs whose therapist intended more warmth than the median."""
        return self.intended >= np.median(self.intended)

    @cached_property
    def outcome_gap(self) -> float:
        """Mean outcome of the more-warmth half minus the less-warmth half (in SD units)."""
        more = self.more_warmth
        return float(self.outcome[more].mean() - self.outcome[~more].mean())


def expected_fidelity(body_mismatch: float, culture_mismatch: float) -> float:
    """Population correlation of intended with perceived warmth: 1 / sqrt(1 + σ_b² + σ_c²)."""
    return 1 / sqrt(1 + body_mismatch**2 + culture_mismatch**2)


def message_received(
    body_mismatch: float, culture_mismatch: float, r: float, n: int, seed: int
) -> Message:
    """Intended warmth, plus two independent noises, is what the client perceives.

    Perceived warmth (re-standardised) relates to outcome at r, as client-perceived empathy does,
    so intended warmth relates to outcome only at r × fidelity.
    """
    check_range("body_mismatch", body_mismatch, 0, 3)
    check_range("culture_mismatch", culture_mismatch, 0, 3)
    check_range("r", r, 0, 0.95)
    check_range("n", n, 30, 100_000)
    intended, body, culture, outcome_noise = _message_draws(int(n), seed)
    raw = intended + body_mismatch * body + culture_mismatch * culture
    perceived = raw * expected_fidelity(body_mismatch, culture_mismatch)
    outcome = r * perceived + sqrt(1 - r * r) * outcome_noise
    return Message(intended, perceived, outcome, r)


@lru_cache(maxsize=2)
def _message_draws(n: int, seed: int) -> np.ndarray:
    """Intended warmth and the three noises; they do not depend on the sliders' mismatches or
    r, so a slider move reuses them (read-only)."""
    draws = np.random.default_rng(seed).standard_normal((4, n))
    draws.flags.writeable = False
    return draws
