"""Relationship elements and outcome: what a correlation of r = .28 looks like in a cohort."""

from __future__ import annotations

from dataclasses import dataclass
from math import sqrt

import numpy as np

from .. import evidence
from .checks import check_range


@dataclass(frozen=True)
class Element:
    label: str
    finding: str  # evidence id
    from_g: bool = False  # the source reports g, converted to r here (derived)


#: The relationship elements of Psychotherapy Relationships That Work III with a pooled effect.
ELEMENTS: dict[str, Element] = {
    "alliance": Element("Alliance", "alliance-outcome"),
    "empathy": Element("Empathy", "empathy-outcome"),
    "positive-regard": Element("Positive regard", "positive-regard-outcome", from_g=True),
    "congruence": Element("Congruence (genuineness)", "congruence-outcome"),
    "goal-consensus": Element("Goal consensus", "goal-consensus-outcome"),
    "collaboration": Element("Collaboration", "collaboration-outcome"),
    "real-relationship": Element("Real relationship", "real-relationship-outcome"),
}


EVIDENCE_IDS: tuple[str, ...] = tuple(element.finding for element in ELEMENTS.values())
ILLUSTRATIVE: dict[str, str] = {}


def r_from_d(d: float) -> float:
    """Convert a standardised mean difference (d or g) to r: r = d / sqrt(d² + 4)."""
    return d / sqrt(d * d + 4)


def element_r(key: str) -> float:
    """The published correlation of an element with outcome (g converted to r where needed)."""
    element = ELEMENTS[key]
    published = evidence.value(element.finding)
    return r_from_d(published) if element.from_g else published


@dataclass(frozen=True)
class Cohort:
    process: np.ndarray  # standardised process score (e.g. alliance), one per client
    outcome: np.ndarray  # standardised outcome, higher is better
    r: float  # the population correlation the cohort was drawn from

    @property
    def sample_r(self) -> float:
        return float(np.corrcoef(self.process, self.outcome)[0, 1])

    @property
    def fit(self) -> tuple[float, float]:
        """Least-squares slope and intercept of outcome on process."""
        slope, intercept = np.polyfit(self.process, self.outcome, 1)
        return float(slope), float(intercept)


def correlated_cohort(r: float, n: int, seed: int) -> Cohort:
    """N simulated clients whose process and outcome scores correlate at r in the population."""
    check_range("r", r, -0.95, 0.95)
    check_range("n", n, 10, 100_000)
    rng = np.random.default_rng(seed)
    process, noise = rng.standard_normal((2, int(n)))
    outcome = r * process + sqrt(1 - r * r) * noise
    return Cohort(process, outcome, r)


@dataclass(frozen=True)
class Besd:
    """Binomial effect size display (Rosenthal & Rubin): success rates of 50% ± 50·r."""

    higher: float  # % of clients above the median outcome among those above the process median
    lower: float


def besd(r: float) -> Besd:
    check_range("r", r, -1, 1)
    return Besd(higher=50 + 50 * r, lower=50 - 50 * r)
