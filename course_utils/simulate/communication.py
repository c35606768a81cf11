"""Module 02: whose view of empathy predicts outcome, and how a warm message gets lost.

Elliott et al. (2018) found that empathy as perceived (by the client, an observer or the
therapist) predicted outcome better than empathic-accuracy measures, and pooled r = .28 over
all measures. The rater model has three perception measures and an accuracy task; it gives no
order among the perception measures, because the source gives none.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from math import sqrt

import numpy as np

from .draws import Draws
from .params import Param, declare, notes

EVIDENCE_IDS: tuple[str, ...] = ("empathy-outcome", "empathy-perspective")
#: The four measures, in the order they are drawn: three perception measures, then accuracy.
RATERS: tuple[str, ...] = ("Client", "Observer", "Therapist", "Accuracy task")
PERCEPTION: tuple[str, ...] = RATERS[:3]
#: Keyword (and control) name of each measure's validity.
KEYS: dict[str, str] = {
    "Client": "client", "Observer": "observer", "Therapist": "therapist",
    "Accuracy task": "accuracy",
}  # fmt: skip
#: Illustrative validities (correlation of each measure with the empathy the client receives):
#: the three perception measures alike (the source gives no order among them), accuracy lower.
DEFAULT_VALIDITY: dict[str, float] = {
    "Client": 0.75, "Observer": 0.75, "Therapist": 0.75, "Accuracy task": 0.3,
}  # fmt: skip


def true_r_for(published: float) -> float:
    """The true-empathy link at which the perception measures, at their default validity,
    predict outcome at the `published` pooled r (derived: r ÷ validity)."""
    return round(published / DEFAULT_VALIDITY["Client"], 2)


def _validity(rater: str, label: str) -> Param:
    return Param(
        KEYS[rater], label, 0, 1, 0.05, default=DEFAULT_VALIDITY[rater],
        display="validities of the four measures",
        note=(
            "how closely each measure tracks the empathy the client receives; no source gives "
            "it. Only the direction is published: perception measures above accuracy"
        ),
    )  # fmt: skip


PARAMS = declare(
    _validity("Client", "Client-perceived empathy: validity (r)"),
    _validity("Observer", "Observer-rated empathy: validity (r)"),
    _validity("Therapist", "Therapist-rated empathy: validity (r)"),
    _validity("Accuracy task", "Empathic-accuracy task: validity (r)"),
    Param("true_r", "True empathy → outcome link (r)", 0, 0.6, 0.01, finding="empathy-outcome",
          derive=true_r_for,
          note="the pooled r ÷ the perception measures' default validity 0.75 (derived)"),
    Param("body_mismatch", "Words vs body language mismatch (SD)", 0, 2, 0.05, default=0.5,
          display="words vs body language mismatch",
          note="how much words and body language disagree; no source gives a size"),
    Param("culture_mismatch", "Cultural decoding mismatch (SD)", 0, 2, 0.05, default=0.5,
          display="cultural decoding mismatch",
          note="how differently the client decodes the therapist's style; no size given"),
    Param("r", "Perceived warmth → outcome (r)", 0, 0.8, 0.01, finding="empathy-outcome"),
    Param("n", "Clients simulated (N)", 30, 100_000, 100, default=500, integer=True,
          sample=True, note="the number of simulated clients"),
)  # fmt: skip
ILLUSTRATIVE: dict[str, str] = notes(PARAMS.values())


@dataclass(frozen=True)
class RatedEmpathy:
    validity: np.ndarray  # sample r of each measure with true empathy, in RATERS order
    outcome_r: np.ndarray  # sample correlation of each rating with outcome
    expected_r: np.ndarray  # population value: validity × true link
    true_r: float
    n: int


def rated_empathy(validity: tuple[float, ...], true_r: float, n: int, seed: int) -> RatedEmpathy:
    """Clients' true (received) empathy T, four measures of it of different validity, and
    outcome, in RATERS order.

    Each measure is validity·T + sqrt(1 − validity²)·noise, so its population correlation with
    outcome is validity × true_r: a measure can only predict outcome as well as it tracks T.
    """
    for rater, value in zip(RATERS, validity, strict=True):
        PARAMS[KEYS[rater]].check(value)
    PARAMS["true_r"].check(true_r)
    PARAMS["n"].check(n)
    rng = Draws(seed)
    true, outcome_noise, *rating_noise = rng.standard_normal((2 + len(RATERS), int(n)))
    outcome = true_r * true + sqrt(1 - true_r**2) * outcome_noise
    v = np.asarray(validity, dtype=float)[:, None]
    ratings = v * true + np.sqrt(1 - v**2) * np.asarray(rating_noise)
    table = np.corrcoef(np.vstack((ratings, true, outcome)))
    k = len(RATERS)
    return RatedEmpathy(
        validity=table[:k, k],
        outcome_r=table[:k, k + 1],
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

    Perceived warmth (re-standardised) relates to outcome at r (by default the pooled empathy r),
    so intended warmth relates to outcome only at r × fidelity.
    """
    PARAMS["body_mismatch"].check(body_mismatch)
    PARAMS["culture_mismatch"].check(culture_mismatch)
    PARAMS["r"].check(r)
    PARAMS["n"].check(n)
    intended, body, culture, outcome_noise = _message_draws(int(n), seed)
    raw = intended + body_mismatch * body + culture_mismatch * culture
    perceived = raw * expected_fidelity(body_mismatch, culture_mismatch)
    outcome = r * perceived + sqrt(1 - r * r) * outcome_noise
    return Message(intended, perceived, outcome, r)


@lru_cache(maxsize=2)
def _message_draws(n: int, seed: int) -> np.ndarray:
    """Intended warmth and the three noises; they do not depend on the sliders' mismatches or
    r, so a slider move reuses them (read-only)."""
    draws = Draws(seed).standard_normal((4, n))
    draws.flags.writeable = False
    return draws
