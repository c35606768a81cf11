"""Module 07: alliance ruptures and their repair, and cultural fit between therapy and client."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

import numpy as np

from .checks import check_range
from .draws import Draws
from .params import Param, declare, notes

EVIDENCE_IDS: tuple[str, ...] = (
    "rupture-definition",
    "rupture-types",
    "rupture-frequency",
    "rupture-pd",
    "rupture-repair-outcome",
    "dropout-rate",
    "cultural-adaptation",
    "cultural-adaptation-bias-corrected",
    "mc-client-rated-outcome",
    "mc-self-rated-outcome",
)

PARAMS = declare(
    Param("rupture_percent", "Sessions with a rupture (%)", 0, 60, 0.5,
          finding="rupture-frequency"),
    Param("detect_withdrawal", "Withdrawals noticed (%, illustrative)", 0, 100, 5, default=35,
          display="chances of noticing each type",
          note="how often a therapist notices a withdrawal rupture (set lower: withdrawal is "
          "quieter, but no source gives a rate)"),
    Param("detect_confrontation", "Confrontations noticed (%, illustrative)", 0, 100, 5,
          default=80, display="chances of noticing each type",
          note="how often a therapist notices a confrontation rupture"),
    Param("repair_chance", "Noticed ruptures repaired (%, illustrative)", 0, 100, 5, default=70,
          display="chance of repair", note="how often a noticed rupture is repaired"),
    Param("clients", "Simulated clients (N)", 10, 1_000_000, 100, default=300, integer=True,
          sample=True, note="the number of simulated clients"),
    Param("d", "Benefit of adaptation (d)", 0, 1, 0.01, finding="cultural-adaptation"),
    Param("r_client", "Client-rated competence ↔ outcome (r)", -0.2, 0.8, 0.01,
          finding="mc-client-rated-outcome"),
    Param("r_therapist", "Therapist-rated competence ↔ outcome (r)", -0.2, 0.8, 0.01,
          finding="mc-self-rated-outcome"),
    Param("per_group", "Clients per group", 5, 500_000, 50, default=300, integer=True,
          sample=True, note="the number of simulated clients in each group"),
)  # fmt: skip

ILLUSTRATIVE: dict[str, str] = {
    **notes(PARAMS.values()),
    "withdrawal_share": "the share of ruptures that are withdrawals; no pooled figure was found",
    "missed_hazard": "the extra chance of leaving after a session with an unrepaired rupture",
    "pd_factor": "how much more often ruptures happen with a personality disorder; the source "
    "gives only the direction",
    "rupture_cost_share": "that a repaired rupture costs nothing: repair is set to cancel the "
    "whole cost of a rupture",
}

SESSIONS = 20


# --- Ruptures and repair -----------------------------------------------------------------------


@dataclass(frozen=True)
class RuptureSettings:
    """One set of rupture parameters; the defaults are the module's starting point."""

    rupture_rate: float  # a share of sessions (0–1); the published default is passed in
    withdrawal_share: float = 0.5
    detect_confrontation: float = PARAMS["detect_confrontation"].default / 100
    detect_withdrawal: float = PARAMS["detect_withdrawal"].default / 100
    repair_chance: float = PARAMS["repair_chance"].default / 100
    missed_hazard: float = 0.04
    personality_disorder: bool = False
    pd_factor: float = 1.5
    sessions: int = SESSIONS

    def __post_init__(self) -> None:
        PARAMS["rupture_percent"].check(round(100 * self.rupture_rate, 9))
        check_range("withdrawal_share", self.withdrawal_share, 0, 1)
        for name in ("detect_confrontation", "detect_withdrawal", "repair_chance"):
            PARAMS[name].check(round(100 * getattr(self, name), 9))
        check_range("missed_hazard", self.missed_hazard, 0, 0.5)
        check_range("pd_factor", self.pd_factor, 1, 3)
        check_range("sessions", self.sessions, 2, 60)

    @property
    def rate(self) -> float:
        """The rupture probability per session, raised for a personality disorder."""
        return min(0.95, self.rupture_rate * (self.pd_factor if self.personality_disorder else 1))

    @property
    def repaired_share(self) -> float:
        """P(a rupture is noticed and repaired)."""
        noticed = (
            self.withdrawal_share * self.detect_withdrawal
            + (1 - self.withdrawal_share) * self.detect_confrontation
        )
        return noticed * self.repair_chance


@dataclass(frozen=True)
class RuptureCourse:
    rupture: np.ndarray  # (clients, sessions) bool, only sessions attended
    withdrawal: np.ndarray  # (clients, sessions) bool: the rupture was a withdrawal
    repaired: np.ndarray  # (clients, sessions) bool
    attended: np.ndarray  # (clients,) sessions attended; == sessions if the client finished
    outcome: np.ndarray  # (clients,) improvement in SD units; NaN for clients who dropped out

    @cached_property
    def completed(self) -> np.ndarray:
        return self.attended == self.rupture.shape[1]

    @cached_property
    def repairs(self) -> np.ndarray:
        return self.repaired.sum(axis=1)

    @cached_property
    def unrepaired(self) -> np.ndarray:
        """Ruptures per client that were not repaired (in sessions attended)."""
        return (self.rupture & ~self.repaired).sum(axis=1)

    @property
    def dropout_percent(self) -> float:
        return 100 * float(np.mean(~self.completed))

    def cumulative_dropout(self) -> np.ndarray:
        """% of clients who have left by the end of each session."""
        left = np.bincount(self.attended, minlength=self.rupture.shape[1] + 1)[1:]
        left[-1] = 0
        return 100 * np.cumsum(left) / len(self.attended)

    def repair_outcome_r(self) -> float:
        """Correlation, among finishers who had a rupture, of the share of their ruptures that
        were repaired with their improvement (how far ruptures were resolved)."""
        ruptures = self.rupture.sum(axis=1)
        chosen = self.completed & (ruptures > 0)
        if chosen.sum() < 3:
            return float("nan")
        share = self.repairs[chosen] / ruptures[chosen]
        if np.ptp(share) == 0:
            return float("nan")
        return float(np.corrcoef(share, self.outcome[chosen])[0, 1])


@dataclass(frozen=True)
class RuptureCalibration:
    """The three numbers the starting settings are calibrated with (see `calibrate`)."""

    base_hazard: float  # per-session chance of leaving after a session without a missed rupture
    rupture_cost: float  # improvement (SD) lost per rupture left unrepaired
    base_gain: float  # improvement (SD) of a finisher with no unrepaired rupture

    def __post_init__(self) -> None:
        check_range("base_hazard", self.base_hazard, 0, 0.5)
        check_range("rupture_cost", self.rupture_cost, 0, 5)
        check_range("base_gain", self.base_gain, 0, 5)


def finisher_counts(settings: RuptureSettings) -> np.ndarray:
    """Exact joint distribution of (repaired, unrepaired) ruptures among clients who finish:
    [i, j] = P(i repaired and j unrepaired | finished). Staying reweights each session that
    could be left (all but the last) by its chance of staying; the base hazard is the same in
    every session, so it cancels."""
    rate, share, n = settings.rate, settings.repaired_share, settings.sessions
    none, fixed, missed = 1 - rate, rate * share, rate * (1 - share)
    joint = np.zeros((n + 1, n + 1))
    joint[0, 0] = 1.0
    stay_missed = 1 - settings.missed_hazard
    for session in range(n):
        weights = (none, fixed, missed * (stay_missed if session < n - 1 else 1))
        total = sum(weights)
        step = weights[0] * joint
        step[1:, :] += weights[1] * joint[:-1, :]
        step[:, 1:] += weights[2] * joint[:, :-1]
        joint = step / total
    return joint


def calibrate(
    settings: RuptureSettings, dropout_percent: float, repair_r: float, finisher_gain: float
) -> RuptureCalibration:
    """Solve, exactly at `settings`, for the base dropout hazard that gives `dropout_percent`
    over the course, the cost of an unrepaired rupture that makes the share of ruptures
    repaired correlate `repair_r` with improvement among finishers who had one (outcome noise
    SD 1), and the base gain that makes finishers improve `finisher_gain` SD on average."""
    check_range("dropout_percent", dropout_percent, 0, 90)
    check_range("repair_r", repair_r, 0, 0.9)
    stay = 1 - dropout_percent / 100
    missed = settings.rate * (1 - settings.repaired_share)
    per_session = stay ** (1 / (settings.sessions - 1)) / (1 - missed * settings.missed_hazard)
    base_hazard = max(0.0, 1 - per_session)
    joint = finisher_counts(settings)
    fixed, lost = np.indices(joint.shape)
    mean_lost = float((joint * lost).sum())
    cost = 0.0
    any_rupture = (fixed + lost) > 0
    weights = np.where(any_rupture, joint, 0.0)
    if weights.sum() > 0 and repair_r > 0:
        weights = weights / weights.sum()
        share = np.where(any_rupture, fixed / np.maximum(fixed + lost, 1), 0.0)
        mean_s, mean_u = (weights * share).sum(), (weights * lost).sum()
        var_s = (weights * (share - mean_s) ** 2).sum()
        var_u = (weights * (lost - mean_u) ** 2).sum()
        cov = (weights * (share - mean_s) * (lost - mean_u)).sum()
        pull = -cov / math.sqrt(var_s) if var_s > 0 else 0.0  # r = pull·c / √(c²·var_u + 1)
        if pull * pull <= repair_r * repair_r * var_u:
            raise ValueError(
                f"repair_r {repair_r:g} cannot be reached at these settings "
                f"(at most {pull / math.sqrt(var_u):.2f})"
            )
        cost = repair_r / math.sqrt(pull * pull - repair_r * repair_r * var_u)
    return RuptureCalibration(base_hazard, cost, finisher_gain + cost * mean_lost)


@cache
def default_ruptures(rupture_percent: float) -> RuptureSettings:
    """The starting point: ruptures in `rupture_percent` of sessions (published: 30.5%, the
    middle of 19–42%), the rest illustrative."""
    return RuptureSettings(rupture_rate=rupture_percent / 100)


@cache
def default_calibration(
    rupture_percent: float, dropout_percent: float, repair_r: float, benchmark_d: float
) -> RuptureCalibration:
    """The starting settings calibrated to the published dropout rate (Swift & Greenberg),
    repair–outcome r (Eubanks et al.) and the routine-practice benchmark for depression; the
    caller passes those numbers."""
    return calibrate(default_ruptures(rupture_percent), dropout_percent, repair_r, benchmark_d)


def rupture_course(
    settings: RuptureSettings,
    clients: int,
    seed: int,
    calibration: RuptureCalibration,
) -> RuptureCourse:
    """Simulate every session of every client at once; leaving is the first session whose
    dropout draw fires. A rupture left unrepaired raises the chance of leaving and costs
    improvement; repairing it cancels both. Calibrated at the starting settings by default."""
    PARAMS["clients"].check(clients)
    draws, noise = _rupture_draws(int(clients), seed, settings.sessions)
    rupture = draws[0] < settings.rate
    withdrawal = rupture & (draws[1] < settings.withdrawal_share)
    noticed = np.where(withdrawal, settings.detect_withdrawal, settings.detect_confrontation)
    repaired = rupture & (draws[2] < noticed) & (draws[3] < settings.repair_chance)
    base = calibration.base_hazard
    hazard = base + (rupture & ~repaired) * (settings.missed_hazard * (1 - base))
    leave = draws[4] < hazard
    leave[:, -1] = False
    attended = np.where(leave.any(axis=1), leave.argmax(axis=1) + 1, settings.sessions)
    present = np.arange(settings.sessions) < attended[:, None]
    rupture, withdrawal, repaired = rupture & present, withdrawal & present, repaired & present
    unrepaired = (rupture & ~repaired).sum(axis=1)
    outcome = calibration.base_gain - calibration.rupture_cost * unrepaired + noise
    outcome = np.where(attended == settings.sessions, outcome, np.nan)
    return RuptureCourse(rupture, withdrawal, repaired, attended, outcome)


@lru_cache(maxsize=2)
def _rupture_draws(clients: int, seed: int, sessions: int) -> tuple[np.ndarray, np.ndarray]:
    """Every session's uniform draws and each client's outcome noise; they do not depend on
    the settings, so a slider move reuses them (read-only)."""
    rng = Draws(seed)
    draws = rng.random((5, clients, sessions))
    noise = rng.standard_normal(clients)
    draws.flags.writeable = noise.flags.writeable = False
    return draws, noise


# --- Cultural fit ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CulturalCohort:
    adapted: np.ndarray  # (clients,) bool: received the culturally adapted treatment
    outcome: np.ndarray  # improvement, SD units (SD 1 within each group)
    client_rated: np.ndarray  # therapist multicultural competence as the client rates it
    therapist_rated: np.ndarray  # … as the therapist rates it

    @cached_property
    def d(self) -> float:
        """Standardised mean difference, adapted minus not adapted (pooled SD)."""
        a, b = self.outcome[self.adapted], self.outcome[~self.adapted]
        pooled = math.sqrt((a.var(ddof=1) + b.var(ddof=1)) / 2)
        return float((a.mean() - b.mean()) / pooled)

    @cached_property
    def r_client(self) -> float:
        return float(np.corrcoef(self.client_rated, self.outcome)[0, 1])

    @cached_property
    def r_therapist(self) -> float:
        return float(np.corrcoef(self.therapist_rated, self.outcome)[0, 1])


def cultural_cohort(
    d: float, r_client: float, r_therapist: float, per_group: int, seed: int
) -> CulturalCohort:
    """Two equal groups whose outcomes differ by d; each rating of the therapist's
    multicultural competence correlates with outcome at its own r in the population."""
    PARAMS["d"].check(d)
    PARAMS["r_client"].check(r_client)
    PARAMS["r_therapist"].check(r_therapist)
    PARAMS["per_group"].check(per_group)
    rng = Draws(seed)
    adapted = np.repeat([True, False], int(per_group))
    noise, first, second = rng.standard_normal((3, 2 * int(per_group)))
    outcome = d * adapted + noise
    standard = (outcome - d / 2) / math.sqrt(1 + d * d / 4)  # z of the mixed population
    client = r_client * standard + math.sqrt(1 - r_client**2) * first
    therapist = r_therapist * standard + math.sqrt(1 - r_therapist**2) * second
    return CulturalCohort(adapted, outcome, client, therapist)
