"""Module 03: routine outcome monitoring on the OQ-45, reliable change, and feedback.

A cohort's OQ-45 scores fall along a log-linear curve, plus session-to-session fluctuation in
how each client really is (an AR(1) process: good and bad weeks), plus measurement error.
Because a bad week can pass, a not-on-track flag raises the risk of a poor ending without
deciding it: some flagged clients still improve. Clients are
classified with Jacobson & Truax's reliable change index and a clinical cutoff, flagged as
not on track when they score worse than an expected-recovery band, and given feedback.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from math import log, sqrt
from statistics import NormalDist

import numpy as np

from .checks import check_range
from .draws import Draws
from .params import Param, declare, notes

EVIDENCE_IDS: tuple[str, ...] = (
    "jt-rci-formula",
    "oq45-rci",
    "oq45-dutch-cutoff",
    "oq45-dutch-rci",
    "oq45-structure",
    "deterioration-rate",
    "rom-feedback-overall",
    "rom-feedback-not",
    "rom-cst-not",
    "rom-success-rate-difference",
    "rom-srd-not-cst",
)
SESSIONS = 12
INTAKE_MEAN = 80.0
INTAKE_SD = 18.0
BAND_Z = 1.28  # the upper edge of a one-sided 90% expected-recovery band
SCORE_RANGE = (0.0, 180.0)  # OQ-45 total score (45 items scored 0–4)
Z_RELIABLE = 1.96

PARAMS = declare(
    Param("cutoff", "Clinical cutoff (OQ-45 points)", 30, 90, 1, finding="oq45-dutch-cutoff"),
    Param("rci", "Reliable change index (points)", 5, 30, 1, finding="oq45-dutch-rci"),
    Param("mean_change", "Average true change by session 12 (points)", -40, 10, 1,
          default=-20.0, display="average true change",
          note="average true change by the last session; no source for this cohort"),
    Param("d_all", "Feedback effect, all clients (d)", 0, 0.6, 0.01,
          finding="rom-feedback-overall"),
    Param("d_not", "Feedback effect, not on track (d)", 0, 0.8, 0.01, finding="rom-feedback-not"),
    Param("g_cst", "With support tools, not on track (g)", 0, 1, 0.005, finding="rom-cst-not"),
    Param("n", "Clients in the cohort (N)", 10, 100_000, 50, default=200, integer=True,
          sample=True, note="the number of simulated clients"),
)  # fmt: skip
DEFAULT_MEAN_CHANGE = PARAMS["mean_change"].default
ILLUSTRATIVE: dict[str, str] = {
    **notes(PARAMS.values()),
    "intake_mean": "average OQ-45 score at intake; no source for this cohort",
    "intake_sd": "spread of intake scores; no source for this cohort",
    "sessions": "a 12-session course; chosen for the picture",
    "band_z": "how far above the expected curve a score must be to flag a client (z = 1.28)",
    "fluctuation": "session-to-session fluctuation of the true score (SD 7 points, AR(1) 0.5)",
}
FLUCTUATION_SD = 7.0  # points; how far a client's week departs from their course (illustrative)
FLUCTUATION_AR = 0.5  # how much of last week's departure carries into this week (illustrative)

#: Jacobson–Truax categories, in display order.
CATEGORIES: tuple[str, ...] = ("Recovered", "Improved", "No change", "Deteriorated")


# --- Jacobson & Truax (1991) -------------------------------------------------------------------


def measurement_error(sd: float, reliability: float) -> float:
    """SE = SD · sqrt(1 − r_xx): the standard error of one measurement."""
    check_range("reliability", reliability, 0, 1)
    return sd * sqrt(1 - reliability)


def difference_error(se: float) -> float:
    """S_diff = sqrt(2 · SE²): the standard error of a difference between two measurements."""
    return sqrt(2 * se * se)


def reliable_change_index(sd: float, reliability: float) -> float:
    """The smallest change that is reliable at p < .05: 1.96 · S_diff."""
    return Z_RELIABLE * difference_error(measurement_error(sd, reliability))


def error_from_rci(rci: float) -> float:
    """The measurement SE a published RCI implies: SE = RCI / (1.96 · sqrt(2))."""
    return rci / (Z_RELIABLE * sqrt(2))


def classify(intake: np.ndarray, final: np.ndarray, rci: float, cutoff: float) -> np.ndarray:
    """Jacobson–Truax category codes (indices into CATEGORIES); lower OQ-45 scores are better.

    Reliable change is a change of at least `rci` points; recovered also means moving from at
    or above the cutoff (patient range) to below it (normal range).
    """
    PARAMS["rci"].check(rci)
    PARAMS["cutoff"].check(cutoff)
    change = final - intake
    improved = change <= -rci
    recovered = improved & (intake >= cutoff) & (final < cutoff)
    codes = np.full(change.shape, 2)
    codes[improved] = 1
    codes[recovered] = 0
    codes[change >= rci] = 3
    return codes


def shares(codes: np.ndarray) -> np.ndarray:
    """The share of clients (0–1) in each Jacobson–Truax category."""
    return np.bincount(codes, minlength=len(CATEGORIES)) / max(len(codes), 1)


# --- The cohort --------------------------------------------------------------------------------


def progress_curve(sessions: int = SESSIONS) -> np.ndarray:
    """The share of a client's total change reached by each session: log(1 + t) / log(1 + T)."""
    t = np.arange(sessions + 1)
    return np.log1p(t) / log(1 + sessions)


@cache
def change_spread(rci: float, deterioration: float) -> float:
    """SD of true change, set so that `deterioration` (a share, 0–1) of clients deteriorate
    reliably at the default mean change (derived, not a published SD).

    Deterioration = observed change ≥ RCI; observed change ~ N(mean, sqrt(sd² + S_diff²)).
    """
    check_range("deterioration", deterioration, 0.001, 0.5)
    total = (rci - DEFAULT_MEAN_CHANGE) / NormalDist().inv_cdf(1 - deterioration)
    noise = difference_error(error_from_rci(rci)) ** 2 + fluctuation_variance(SESSIONS)
    return sqrt(total**2 - noise)


def fluctuation_variance(t: int | np.ndarray) -> np.ndarray | float:
    """Variance of the fluctuation's change from intake to session t: 2σ²(1 − φ^t)."""
    return 2 * FLUCTUATION_SD**2 * (1 - FLUCTUATION_AR ** np.asarray(t, dtype=float))


def fluctuation(n: int, sessions: int, rng: Draws) -> np.ndarray:
    """Stationary AR(1) departures from each client's course, clients × (sessions + 1)."""
    shocks = rng.standard_normal((n, sessions + 1)) * FLUCTUATION_SD
    path = np.empty_like(shocks)
    path[:, 0] = shocks[:, 0]
    keep = sqrt(1 - FLUCTUATION_AR**2)
    for t in range(1, sessions + 1):
        path[:, t] = FLUCTUATION_AR * path[:, t - 1] + keep * shocks[:, t]
    return path


@dataclass(frozen=True)
class Cohort:
    scores: np.ndarray  # observed OQ-45 totals, clients × (sessions + 1); session 0 is intake
    expected: np.ndarray  # expected change from intake, per session
    lower: np.ndarray  # lower edge of the expected-recovery band (change from intake)
    upper: np.ndarray  # upper edge: a client scoring above it is not on track
    not_on_track: np.ndarray  # True if a score rose above the band before the last session

    @property
    def intake(self) -> np.ndarray:
        return self.scores[:, 0]

    @property
    def final(self) -> np.ndarray:
        return self.scores[:, -1]

    @property
    def change(self) -> np.ndarray:
        return self.scores - self.scores[:, :1]


def cohort(mean_change: float, n: int, seed: int, *, rci: float, deterioration: float) -> Cohort:
    """N clients' weekly OQ-45 scores: a log-linear course, week-to-week fluctuation and
    measurement error.

    The measurement error is the SE that the norms' RCI implies (Jacobson–Truax), and the
    spread of true change makes `deterioration` of clients deteriorate at the default change.
    The expected-recovery band allows for all three sources of spread, so about 10% of
    clients lie above it at any one session (z = 1.28).
    """
    PARAMS["mean_change"].check(mean_change)
    PARAMS["n"].check(n)
    se = error_from_rci(rci)
    spread = change_spread(rci, deterioration)
    rng = Draws(seed)
    intake = rng.normal(INTAKE_MEAN, INTAKE_SD, int(n))
    total = rng.normal(mean_change, spread, int(n))
    curve = progress_curve()
    true = intake[:, None] + total[:, None] * curve + fluctuation(int(n), SESSIONS, rng)
    scores = np.clip(true + rng.normal(0, se, true.shape), *SCORE_RANGE)
    expected = mean_change * curve
    sessions = np.arange(SESSIONS + 1)
    half_width = BAND_Z * np.sqrt(
        (spread * curve) ** 2 + fluctuation_variance(sessions) + 2 * se * se
    )
    upper = expected + half_width
    change = scores - scores[:, :1]
    not_on_track = (change[:, 1:-1] > upper[1:-1]).any(axis=1)
    return Cohort(scores, expected, expected - half_width, upper, not_on_track)


# --- Feedback ----------------------------------------------------------------------------------


@lru_cache(maxsize=2)
def _default_cohort(n: int, seed: int, rci: float, deterioration: float) -> Cohort:
    """The cohort a feedback trial starts from; the feedback sliders leave it as is, so a
    slider move reuses it (read-only)."""
    group = cohort(DEFAULT_MEAN_CHANGE, n, seed, rci=rci, deterioration=deterioration)
    for array in (group.scores, group.not_on_track):
        array.flags.writeable = False
    return group


CONDITIONS: tuple[str, ...] = ("Feedback off", "Feedback on", "On + support tools")


@dataclass(frozen=True)
class FeedbackTrial:
    intake: np.ndarray
    finals: np.ndarray  # conditions × clients: final OQ-45 score under each condition
    not_on_track: np.ndarray
    on_track_d: float  # the effect on-track clients must get for the overall effect to hold
    rci: float
    cutoff: float

    @cached_property
    def categories(self) -> np.ndarray:
        """Jacobson–Truax codes, conditions × clients."""
        return np.stack([classify(self.intake, f, self.rci, self.cutoff) for f in self.finals])

    def rates(self, group: np.ndarray | None = None) -> np.ndarray:
        """Share recovered, reliably improved and deteriorated; conditions × 3."""
        codes = self.categories
        if group is not None:
            codes = codes[:, group]
        return np.stack([(codes == 0).mean(1), (codes <= 1).mean(1), (codes == 3).mean(1)], 1)

    def success_rate_difference(self, condition: int, group: np.ndarray | None = None) -> float:
        """P(a random client in `condition` ends better than a random client with feedback
        off) minus the reverse (2·AUC − 1, Kraemer & Kupfer's SRD), from the simulated scores."""
        off, on = self.finals[0], self.finals[condition]
        if group is not None:
            off, on = off[group], on[group]
        off = np.sort(off)
        # lower scores are better: an `on` client wins against every off client scoring higher
        wins = (len(off) - np.searchsorted(off, on, side="right")).sum()
        losses = np.searchsorted(off, on, side="left").sum()
        return float((wins - losses) / (len(on) * len(off)))

    def effect_size(self, condition: int, group: np.ndarray | None = None) -> float:
        """Standardised mean difference (pooled SD) of final scores: off minus `condition`."""
        off, on = self.finals[0], self.finals[condition]
        if group is not None:
            off, on = off[group], on[group]
        pooled = sqrt((off.var(ddof=1) + on.var(ddof=1)) / 2)
        return float((off.mean() - on.mean()) / pooled)


def feedback_trial(
    d_all: float, d_not: float, g_cst: float, n: int, seed: int, *,
    rci: float, cutoff: float, deterioration: float,
) -> FeedbackTrial:  # fmt: skip
    """The same cohort with feedback off, on, and on with clinical support tools (CSTs).

    Feedback lowers final scores by d_all SDs on average and by d_not SDs (of their own
    scores) for not-on-track clients, so on-track clients get what makes the average d_all.
    CSTs act only on not-on-track clients, raising their effect to g_cst.
    """
    for name, value in (("d_all", d_all), ("d_not", d_not), ("g_cst", g_cst)):
        PARAMS[name].check(value)
    PARAMS["n"].check(n)
    group = _default_cohort(int(n), seed, rci, deterioration)
    final, flagged = group.final, group.not_on_track
    share = flagged.mean()
    sd_all = final.std(ddof=1)
    sd_not, sd_ot = final[flagged].std(ddof=1), final[~flagged].std(ddof=1)
    on_track_d = (d_all * sd_all - share * d_not * sd_not) / ((1 - share) * sd_ot)
    on_track = final - on_track_d * sd_ot
    finals = np.stack(
        [final, *(np.where(flagged, final - d * sd_not, on_track) for d in (d_not, g_cst))]
    )
    return FeedbackTrial(
        intake=group.intake,
        finals=np.clip(finals, *SCORE_RANGE),
        not_on_track=flagged,
        on_track_d=float(on_track_d),
        rci=rci,
        cutoff=cutoff,
    )
