"""Relationship elements and outcome: what a correlation of r = .28 looks like in a cohort."""

from __future__ import annotations

from dataclasses import dataclass
from math import asin, pi, sqrt

import numpy as np

from .checks import check_range
from .draws import Draws
from .params import Param, declare


@dataclass(frozen=True)
class Element:
    label: str
    finding: str  # evidence id
    from_g: bool = False  # the source reports g, converted to r here (derived)
    derived: str | None = None  # the D finding that records the conversion


#: The relationship elements of Psychotherapy Relationships That Work III with a pooled effect.
ELEMENTS: dict[str, Element] = {
    "alliance": Element("Alliance", "alliance-outcome"),
    "empathy": Element("Empathy", "empathy-outcome"),
    "positive-regard": Element(
        "Positive regard",
        "positive-regard-outcome",
        from_g=True,
        derived="positive-regard-outcome-r",
    ),
    "congruence": Element("Congruence (genuineness)", "congruence-outcome"),
    "goal-consensus": Element("Goal consensus", "goal-consensus-outcome"),
    "collaboration": Element("Collaboration", "collaboration-outcome"),
    "real-relationship": Element("Real relationship", "real-relationship-outcome"),
}


EVIDENCE_IDS: tuple[str, ...] = tuple(
    finding
    for element in ELEMENTS.values()
    for finding in (element.finding, element.derived)
    if finding
)


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
    def split(self) -> Shares:
        """The median split counted in this cohort."""
        return median_split(self.process, self.outcome)

    @property
    def fit(self) -> tuple[float, float]:
        """Least-squares slope and intercept of outcome on process."""
        slope, intercept = np.polyfit(self.process, self.outcome, 1)
        return float(slope), float(intercept)


def correlated_cohort(r: float, n: int, seed: int) -> Cohort:
    """N simulated clients whose process and outcome scores correlate at r in the population."""
    PARAMS["r"].check(r)
    PARAMS["n"].check(n)
    rng = Draws(seed)
    process, noise = rng.standard_normal((2, int(n)))
    outcome = r * process + sqrt(1 - r * r) * noise
    return Cohort(process, outcome, r)


@dataclass(frozen=True)
class Shares:
    """Two percentages: clients with a better-than-median outcome in the stronger and in the
    weaker group."""

    higher: float
    lower: float


#: Rosenthal & Rubin's binomial effect size display: a hypothetical 2 × 2 table whose rows and
#: columns each split 50/50 and whose phi coefficient is r.
Besd = Shares


def besd(r: float) -> Shares:
    """The BESD's success rates, 50% ± 50·r. A display of r, not a count of any clients: with
    continuous scores split at their medians the shares are closer to 50% (`median_split_rate`)."""
    check_range("r", r, -1, 1)
    return Shares(higher=50 + 50 * r, lower=50 - 50 * r)


def median_split_rate(r: float) -> Shares:
    """Expected shares when two normal scores correlated at r are both split at their medians:
    50% ± 100·arcsin(r)/π (Sheppard's quadrant probability)."""
    check_range("r", r, -1, 1)
    gap = 100 * asin(r) / pi
    return Shares(higher=50 + gap, lower=50 - gap)


def median_split(process: np.ndarray, outcome: np.ndarray) -> Shares:
    """Counted in a sample: the share with an above-median outcome among clients above the
    process median, and among the rest."""
    stronger = process > np.median(process)
    better = outcome > np.median(outcome)
    return Shares(
        higher=100 * float(better[stronger].mean()), lower=100 * float(better[~stronger].mean())
    )
