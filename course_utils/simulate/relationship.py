"""Relationship elements and outcome: what a correlation of r = .28 looks like in a cohort."""

from __future__ import annotations

from dataclasses import dataclass
from math import sqrt

import numpy as np

from .checks import check_range
from .params import Param, declare


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


def r_from_d(d: float) -> float:
    """Convert a standardised mean difference (d or g) to r: r = d / sqrt(d² + 4)."""
    return d / sqrt(d * d + 4)


def element_r(key: str, published: float) -> float:
    """An element's correlation with outcome from its published value (g converted to r)."""
    return r_from_d(published) if ELEMENTS[key].from_g else published


PARAMS = declare(
    Param("r", "Correlation with outcome (r)", -0.9, 0.9, 0.01, finding="alliance-outcome"),
    Param("n", "Clients in the cohort (N)", 10, 100_000, 50, default=300, integer=True, sample=True,
          note="the number of simulated clients; any size shows the same population r"),
)  # fmt: skip
ILLUSTRATIVE: dict[str, str] = {}


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
    PARAMS["r"].check(r)
    PARAMS["n"].check(n)
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
