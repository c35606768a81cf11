"""Module 08: how much therapy helps (dose), how much therapists differ, and how they improve."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from statistics import NormalDist

import numpy as np

from .checks import check_range
from .draws import Draws
from .params import Param, declare, notes

EVIDENCE_IDS: tuple[str, ...] = (
    "howard-50-by-8",
    "howard-75-by-26",
    "howard-probit-model",
    "howard-probit-fit",
    "howard-fit-1-session",
    "howard-fit-4-sessions",
    "howard-fit-13-sessions",
    "howard-fit-52-sessions",
    "hansen-sessions-50-recover",
    "therapist-effects-managed-care",
    "therapist-effects-review",
    "experience-outcome",
    "deliberate-practice-predicts",
    "deliberate-practice-trials",
    "routine-benchmark-depression",
)

PARAMS = declare(
    Param("sessions", "Sessions attended", 1, 52, 1, default=8, integer=True, sample=True,
          note="the session the dotted line marks: where the curves are read, not a model "
          "parameter"),
    Param("sessions_to_half", "Sessions for 50% recovered (Hansen's range)", 13, 18, 0.5,
          finding="hansen-sessions-50-recover"),
    Param("n", "Simulated clients (N)", 10, 1_000_000, 100, default=300, integer=True,
          sample=True, note="the number of simulated clients"),
    Param("icc_percent", "Outcome variance due to therapists (ICC, %)", 0.2, 29, 0.1,
          finding="therapist-effects-review"),
    Param("clients", "Clients per therapist", 2, 2000, 5, default=30, integer=True,
          sample=True, note="the number of simulated clients per therapist"),
    Param("practice_gain", "Practice gain (d per year, illustrative)", 0, 0.06, 0.005,
          default=0.02, display="practice gain per year",
          note="gain per year of deliberate practice; no study has measured one (Chow et al., "
          "2015, found a cross-sectional link in a subsample of therapists)"),
    Param("experience_drift", "Experience drift (d per year, illustrative)", -0.05, 0.03, 0.005,
          default=-0.01, display="experience drift per year",
          note="change in effectiveness per year of experience alone; Goldberg et al. (2016) "
          "give only the direction (a very slight decline)"),
)  # fmt: skip

ILLUSTRATIVE: dict[str, str] = {
    **notes(PARAMS.values()),
    "recovery_slope": "the clinically-significant-change curve is given Howard's slope; "
    "Hansen et al. report only the 50% point (13–18 sessions)",
    "therapist_spread": "the spread of therapists' starting effectiveness; no source gives it "
    "on the pre–post d scale",
    "yearly_noise": "how much a therapist's yearly pre–post d wobbles with the clients seen",
}

#: Illustrative defaults: a very slight decline with experience alone, a modest practice gain.
EXPERIENCE_DRIFT = PARAMS["experience_drift"].default  # d per year
PRACTICE_GAIN = PARAMS["practice_gain"].default  # d per year

_STANDARD = NormalDist()
_erf = np.frompyfunc(math.erf, 1, 1)


def normal_cdf(z: np.ndarray | float) -> np.ndarray:
    """The standard normal distribution function Φ, elementwise."""
    return 0.5 * (1.0 + np.asarray(_erf(np.asarray(z, dtype=float) / math.sqrt(2)), dtype=float))


def probit(percent: float) -> float:
    """Φ⁻¹ of a percentage: the z whose lower tail holds that share."""
    check_range("percent", percent, 0.01, 99.99)
    return _STANDARD.inv_cdf(percent / 100)


# --- Dose and response -------------------------------------------------------------------------


@dataclass(frozen=True)
class ProbitCurve:
    """P(criterion reached by session s) = Φ(intercept + slope · log10 s)."""

    intercept: float
    slope: float

    def percent(self, sessions: np.ndarray | float) -> np.ndarray:
        return 100 * normal_cdf(self.intercept + self.slope * np.log10(sessions))

    def sessions_for(self, percent: float) -> float:
        """The number of sessions by which `percent` of clients reach the criterion."""
        return 10 ** ((probit(percent) - self.intercept) / self.slope)


def probit_through(first: tuple[float, float], second: tuple[float, float]) -> ProbitCurve:
    """The probit-on-log-dose line through two (sessions, percent) points (derived, D)."""
    (s1, p1), (s2, p2) = first, second
    slope = (probit(p2) - probit(p1)) / (math.log10(s2) - math.log10(s1))
    return ProbitCurve(probit(p1) - slope * math.log10(s1), slope)


@cache
def howard_curve(percent_by_8: float, percent_by_26: float) -> ProbitCurve:
    """Howard et al.'s 50% by 8 sessions and 75% by 26 (passed in), joined by a probit fit (D)."""
    return probit_through((8, percent_by_8), (26, percent_by_26))


def recovery_curve(sessions_to_half: float, howard: ProbitCurve) -> ProbitCurve:
    """The stricter clinically-significant-change curve: 50% recovered by Hansen et al.'s
    13–18 sessions (the caller passes the midpoint), with the slope of `howard` (illustrative)."""
    PARAMS["sessions_to_half"].check(sessions_to_half)
    slope = howard.slope
    return ProbitCurve(-slope * math.log10(sessions_to_half), slope)


def client_thresholds(n: int, seed: int) -> np.ndarray:
    """One latent z per simulated client: a client reaches a criterion at session s once
    z < intercept + slope · log10 s. The same z serves both criteria."""
    PARAMS["n"].check(n)
    return np.sort(Draws(seed).standard_normal(int(n)))


def simulated_percent(
    curve: ProbitCurve, thresholds: np.ndarray, sessions: np.ndarray
) -> np.ndarray:
    """% of the simulated clients (sorted thresholds) who reached the criterion by each session."""
    cut = curve.intercept + curve.slope * np.log10(sessions)
    return 100 * np.searchsorted(thresholds, cut) / len(thresholds)


# --- Therapist effects -------------------------------------------------------------------------


@dataclass(frozen=True)
class TherapistSample:
    true_effect: np.ndarray  # (therapists,) each therapist's true mean, in outcome SD units
    outcomes: np.ndarray  # (therapists, clients)
    icc: float  # the share of outcome variance due to therapists in the simulated population

    @property
    def means(self) -> np.ndarray:
        return self.outcomes.mean(axis=1)

    @property
    def half_width(self) -> np.ndarray:
        """Half-width of each therapist's 95% interval for the mean (within-therapist SD)."""
        clients = self.outcomes.shape[1]
        return 1.96 * self.outcomes.std(axis=1, ddof=1) / math.sqrt(clients)

    @property
    def estimated_icc(self) -> float:
        return estimated_icc(self.outcomes)


def therapist_sample(icc: float, clients: int, therapists: int, seed: int) -> TherapistSample:
    """Outcomes y = u_therapist + e_client with var(u) = icc and var(e) = 1 − icc.

    Client noise is drawn client by client across therapists, so adding clients keeps the
    earlier clients' outcomes.
    """
    PARAMS["icc_percent"].check(round(100 * icc, 9))
    PARAMS["clients"].check(clients)
    check_range("therapists", therapists, 2, 5000)
    rng = Draws(seed)
    true_effect = math.sqrt(icc) * rng.standard_normal(int(therapists))
    noise = rng.standard_normal((int(clients), int(therapists))).T
    return TherapistSample(true_effect, true_effect[:, None] + math.sqrt(1 - icc) * noise, icc)


def estimated_icc(outcomes: np.ndarray) -> float:
    """One-way ANOVA estimate of the intraclass correlation, floored at 0."""
    groups, size = outcomes.shape
    means = outcomes.mean(axis=1)
    between = size * means.var(ddof=1)
    within = ((outcomes - means[:, None]) ** 2).sum() / (groups * (size - 1))
    return max(0.0, float((between - within) / (between + (size - 1) * within)))


def chance_better_ranked_higher(icc: float, clients: np.ndarray | float) -> np.ndarray:
    """P(the truly better of two therapists, one SD of therapist effects apart, also has the
    better observed mean over `clients` clients each) = Φ(√(n·ICC / (2(1 − ICC)))) (D)."""
    PARAMS["icc_percent"].check(round(100 * icc, 9))
    return normal_cdf(np.sqrt(np.asarray(clients, float) * icc / (2 * (1 - icc))))


def clients_to_rank(icc: float, certainty: float) -> float:
    """Clients per therapist for the better therapist to show the better mean with `certainty`."""
    check_range("certainty", certainty, 0.5, 0.999)
    return 2 * (1 - icc) / icc * _STANDARD.inv_cdf(certainty) ** 2


# --- Experience versus deliberate practice -----------------------------------------------------


@dataclass(frozen=True)
class Careers:
    years: np.ndarray  # 0 … last year
    experience: np.ndarray  # (therapists, years): observed pre–post d, experience alone
    practice: np.ndarray  # (therapists, years): with deliberate practice and outcome monitoring

    def slope(self, group: np.ndarray) -> float:
        """Least-squares change per year of the group's mean effectiveness."""
        return float(np.polyfit(self.years, group.mean(axis=0), 1)[0])


def careers(
    experience_drift: float,
    practice_gain: float,
    therapists: int,
    seed: int,
    years: int = 10,
    therapist_spread: float = 0.15,
    yearly_noise: float = 0.1,
    *,
    start_d: float,
) -> Careers:
    """Each therapist's yearly pre–post d: a start near the routine-practice benchmark, a drift
    with experience, plus (second group) a yearly gain from deliberate practice."""
    PARAMS["experience_drift"].check(experience_drift)
    PARAMS["practice_gain"].check(practice_gain)
    check_range("therapists", therapists, 1, 100_000)
    check_range("years", years, 1, 40)
    check_range("therapist_spread", therapist_spread, 0, 1)
    check_range("yearly_noise", yearly_noise, 0, 1)
    rng = Draws(seed)
    time = np.arange(years + 1, dtype=float)
    start = start_d
    base = start + therapist_spread * rng.standard_normal((2, int(therapists), 1))
    wobble = yearly_noise * rng.standard_normal((2, int(therapists), years + 1))
    experience = base[0] + experience_drift * time + wobble[0]
    practice = base[1] + (experience_drift + practice_gain) * time + wobble[1]
    return Careers(time, experience, practice)
