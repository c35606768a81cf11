"""Module 06: how change happens — sudden gains, the interpersonal circle, stages and dropout."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

import numpy as np

from .checks import check_range
from .draws import Draws
from .params import Param, declare, notes
from .relationship import r_from_d

EVIDENCE_IDS: tuple[str, ...] = (
    "sudden-gain-size",
    "sudden-gains-group-cbt",
    "sudden-gains-prevalence-ct",
    "sudden-gains-placebo",
    "complementarity-rule",
    "complementarity-affiliation-stronger",
    "stages-of-change",
    "preference-dropout-or",
    "dropout-rate",
)

REVERSAL_DEFAULT = 20  # % (illustrative; declared below)


def _gain_percent_for(share: float) -> float:
    """The per-session drop chance (%) that gives `share`% of clients a kept gain at the
    default reversal chance (derived, D)."""
    return round(100 * gain_chance_for_share(share, REVERSAL_DEFAULT / 100), 2)


PARAMS = declare(
    Param("gain_percent", "Chance of a sudden drop (% per session)", 0, 10, 0.01,
          finding="sudden-gains-group-cbt", derive=lambda share: _gain_percent_for(share),
          note="the per-session chance that gives the published share of clients a kept gain "
          "at the default reversal chance (derived, D)"),
    Param("reversal_percent", "Chance a drop is reversed (%, illustrative)", 0, 100, 5,
          default=REVERSAL_DEFAULT, display="chance and size of reversals",
          note="how often a drop is largely lost at the next session"),
    Param("gain_size", "Average drop (BDI points)", 5, 20, 0.5, finding="sudden-gain-size"),
    Param("clients", "Simulated clients (N)", 10, 1_000_000, 100, default=300, integer=True,
          sample=True, note="the number of simulated clients"),
    Param("warmth_coupling", "Client's warmth coupling (per session, illustrative)", 0, 0.6,
          0.01, default=0.25, display="coupling rates",
          note="how far a client moves toward the complement of the therapist each session; "
          "the source says only that warmth coupling is the stronger"),
    Param("dominance_ratio", "Dominance coupling ÷ warmth coupling (illustrative)", 0, 1, 0.05,
          default=0.5, display="coupling rates",
          note="dominance coupling as a share of warmth coupling"),
    Param("habit", "Pull back to the old style (per session, illustrative)", 0, 0.2, 0.01,
          default=0.0, display="pull back to the client's old style",
          note="the pull back toward the client's habitual hostile-dominant style (none by "
          "default)"),
    Param("noise", "Session-to-session variation (illustrative)", 0, 0.2, 0.01, default=0.05,
          display="session-to-session variation",
          note="session-to-session variation in interpersonal behaviour"),
    Param("forward_percent", "Move a stage forward (% per session, illustrative)", 0, 40, 1,
          default=12, display="chances of moving forward or back a stage",
          note="chance of moving forward one stage per session"),
    Param("backward_percent", "Slip a stage back (% per session, illustrative)", 0, 20, 1,
          default=3, display="chances of moving forward or back a stage",
          note="chance of slipping back one stage per session"),
)  # fmt: skip

ILLUSTRATIVE: dict[str, str] = {
    **notes(PARAMS.values()),
    "intake": "starting depression scores (BDI mean 28, SD 6)",
    "steady_slope": "the slow session-to-session improvement between gains",
    "session_noise": "session-to-session wobble of a BDI score",
    "gain_spread": "the spread of gain sizes around the published average",
    "reversal_share": "the part of a gain lost in a reversal",
    "stage_start": "the mix of stages at intake",
    "stage_dropout_weights": "how much more often clients in earlier stages drop out",
}

# --- Sudden gains ------------------------------------------------------------------------------

GAIN_SESSIONS = 16
INTAKE_MEAN, INTAKE_SD = 28.0, 6.0  # BDI at intake (illustrative)
STEADY_SLOPE = -0.5  # BDI points per session between gains (illustrative)
SESSION_NOISE = 2.0  # SD of a session's score around its course (illustrative)
GAIN_SPREAD = 2.0  # SD of gain sizes around the average (illustrative)
REVERSAL_SHARE = 0.6  # part of a gain lost in a reversal (illustrative)


@dataclass(frozen=True)
class Trajectories:
    scores: np.ndarray  # (clients, sessions) BDI scores
    jumps: np.ndarray  # (clients, sessions) bool: a sudden drop arrived at this session
    reversed: np.ndarray  # (clients, sessions) bool: that drop was largely lost next session
    jump_sizes: np.ndarray  # the drawn size of every drop, in BDI points

    @cached_property
    def gains(self) -> np.ndarray:
        """(clients, sessions) bool: sudden gains, the drops that were not reversed (a reversed
        drop is not a gain, by Tang and DeRubeis's definition)."""
        return self.jumps & ~self.reversed

    @cached_property
    def with_gain(self) -> np.ndarray:
        return self.gains.any(axis=1)

    @cached_property
    def share_with_gain(self) -> float:
        """% of clients with at least one sudden gain (a drop that was kept)."""
        return 100 * float(self.with_gain.mean())

    @cached_property
    def share_reversed(self) -> float:
        """% of clients whose every sudden drop was reversed: they had no gain."""
        return 100 * float((self.jumps.any(axis=1) & ~self.with_gain).mean())


def gain_chance_for_share(
    share_percent: float, reversal_chance: float, sessions: int = GAIN_SESSIONS
) -> float:
    """The per-session chance of a sudden drop that gives `share_percent` of clients at least
    one kept gain: drops at steps 1 … sessions−2 are reversed with `reversal_chance`, one at
    the last session cannot be (derived, D)."""
    check_range("share_percent", share_percent, 0, 99)
    check_range("reversal_chance", reversal_chance, 0, 0.99)
    none = 1 - share_percent / 100

    def no_gain(chance: float) -> float:
        return (1 - chance * (1 - reversal_chance)) ** (sessions - 2) * (1 - chance)

    low, high = 0.0, 1.0
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if no_gain(middle) > none else (low, middle)
    return (low + high) / 2


def sudden_gains(
    gain_chance: float,
    reversal_chance: float,
    clients: int,
    seed: int,
    gain_size: float,
    sessions: int = GAIN_SESSIONS,
) -> Trajectories:
    """BDI trajectories: a slow steady decline plus, at each step, a chance of a sudden drop of
    about `gain_size` points (Tang & DeRubeis: 11 on average), sometimes reversed next session;
    only the drops that are kept count as sudden gains."""
    PARAMS["gain_percent"].check(round(100 * gain_chance, 9))
    PARAMS["reversal_percent"].check(round(100 * reversal_chance, 9))
    PARAMS["clients"].check(clients)
    PARAMS["gain_size"].check(gain_size)
    check_range("sessions", sessions, 4, 60)
    intake_z, draws, size_z, noise_z = _gain_draws(int(clients), seed, sessions)
    intake = INTAKE_MEAN + INTAKE_SD * intake_z
    steady = STEADY_SLOPE * np.arange(sessions)
    gains = draws[0] < gain_chance
    gains[:, 0] = False
    sizes = gain_size + GAIN_SPREAD * size_z
    reversed_ = gains & (draws[1] < reversal_chance)
    reversed_[:, -1] = False  # a gain at the last session has no next session to reverse in
    drop = np.where(gains, sizes, 0.0)
    back = np.roll(np.where(reversed_, REVERSAL_SHARE * sizes, 0.0), 1, axis=1)
    change = np.cumsum(back - drop, axis=1)
    noise = SESSION_NOISE * noise_z
    scores = np.clip(intake + steady + change + noise, 0, 63)
    return Trajectories(scores, gains, reversed_, sizes[gains])


@lru_cache(maxsize=2)
def _gain_draws(clients: int, seed: int, sessions: int) -> tuple[np.ndarray, ...]:
    """Standard normal intake, uniform draws for gains and reversals, standard normal gain
    sizes and session noise; they do not depend on the sliders, so a move reuses them
    (read-only)."""
    rng = Draws(seed)
    shape = (clients, sessions)
    draws = (
        rng.standard_normal((clients, 1)),
        rng.random((2, *shape)),
        rng.standard_normal(shape),
        rng.standard_normal(shape),
    )
    for array in draws:
        array.flags.writeable = False
    return draws


# --- Interpersonal circle ----------------------------------------------------------------------

STRATEGIES = {
    "complementary": "Complementary (hostile-submissive)",
    "warm-firm": "Anti-complementary (warm, firm structure)",
    "mirror": "Mirror the client",
}
CLIENT_START = (-0.6, 0.6)  # (warmth, dominance): hostile-dominant
WARM_FIRM = (0.7, 0.3)
CIRCLE_SESSIONS = 30
SETTLE = 3  # sessions in a row in the warm zone that count as having reached it


def complement(warmth: np.ndarray, dominance: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The response a behaviour invites: the same warmth, the opposite dominance (V1 rule)."""
    return warmth, -dominance


def in_warm_zone(warmth: np.ndarray, dominance: np.ndarray) -> np.ndarray:
    """The warm–collaborative region: clearly warm, and not more dominant or submissive than
    warm (within 45° of the warm pole; boundary illustrative)."""
    return (warmth >= 0.3) & (np.abs(dominance) <= warmth)


def settled(inside: np.ndarray, run: int = SETTLE) -> np.ndarray:
    """Per row of `inside` (runs, sessions), the first session that completes `run` sessions in
    a row that are True, or −1 if there is none."""
    streak = np.zeros(inside.shape[0], dtype=int)
    first = np.full(inside.shape[0], -1)
    for session in range(inside.shape[1]):
        streak = np.where(inside[:, session], streak + 1, 0)
        first = np.where((first < 0) & (streak >= run), session, first)
    return first


@dataclass(frozen=True)
class Dance:
    client: np.ndarray  # (runs, sessions + 1, 2) warmth, dominance
    strategy: str  # the therapist's, a key of STRATEGIES

    @cached_property
    def therapist(self) -> np.ndarray:
        """(runs, sessions + 1, 2): the therapist's stance after each of the client's moves."""
        return therapist_stance(self.strategy, self.client)

    @cached_property
    def reached(self) -> np.ndarray:
        """Per run, the session that completes the first SETTLE sessions in a row in the
        warm–collaborative zone, or −1 if never: one visit by chance does not count."""
        return settled(in_warm_zone(self.client[..., 0], self.client[..., 1]))

    def share_reached(self) -> np.ndarray:
        """% of runs that have reached the zone by each session."""
        reached = self.reached
        sessions = np.arange(self.client.shape[1])
        hit = (reached[:, None] >= 0) & (reached[:, None] <= sessions)
        return 100 * hit.mean(axis=0)


#: The therapist's stance is linear in the client's last behaviour: gain ⊙ client + offset.
_STANCES = {
    "complementary": ((1.0, -1.0), (0.0, 0.0)),
    "mirror": ((1.0, 1.0), (0.0, 0.0)),
    "warm-firm": ((0.0, 0.0), WARM_FIRM),
}


def therapist_stance(strategy: str, client: np.ndarray) -> np.ndarray:
    """The therapist's (warmth, dominance) this session, given the client's last behaviour."""
    if strategy not in _STANCES:
        raise ValueError(f'strategy must be one of {", ".join(STRATEGIES)} (got "{strategy}")')
    gain, offset = _STANCES[strategy]
    return np.asarray(gain) * client + np.asarray(offset)


def circumplex_dance(
    strategy: str,
    warmth_coupling: float,
    dominance_ratio: float,
    runs: int,
    seed: int,
    noise: float = 0.05,
    habit: float = 0.0,
    sessions: int = CIRCLE_SESSIONS,
) -> Dance:
    """Each session the client moves part of the way toward the complement of the therapist's
    stance (warmth faster than dominance), is pulled back toward their old style by `habit`
    (none by default), and wobbles."""
    return dances(
        (strategy,), warmth_coupling, dominance_ratio, runs, seed, noise, habit, sessions
    )[strategy]


def dances(
    strategies: tuple[str, ...],
    warmth_coupling: float,
    dominance_ratio: float,
    runs: int,
    seed: int,
    noise: float = 0.05,
    habit: float = 0.0,
    sessions: int = CIRCLE_SESSIONS,
) -> dict[str, Dance]:
    """The same clients (same random wobbles) met by each strategy, simulated in one pass."""
    for strategy in strategies:
        therapist_stance(strategy, np.zeros(2))
    PARAMS["warmth_coupling"].check(warmth_coupling)
    PARAMS["dominance_ratio"].check(dominance_ratio)
    check_range("runs", runs, 1, 100_000)
    PARAMS["noise"].check(noise)
    PARAMS["habit"].check(habit)
    check_range("sessions", sessions, 1, 200)
    n, count = int(runs), len(strategies)
    shocks = noise * _circle_draws(n, seed, sessions)  # (sessions, 2, runs)
    gain = np.repeat([_STANCES[s][0] for s in strategies], n, axis=0)
    offset = np.repeat([_STANCES[s][1] for s in strategies], n, axis=0)
    coupling = np.array([warmth_coupling, warmth_coupling * dominance_ratio])
    flip = np.array([1.0, -1.0])  # complement: same warmth, opposite dominance
    home = np.array(CLIENT_START)
    # client' = client + coupling·(flip·stance − client) + habit·(home − client) + shock,
    # an affine map once the stance is written as gain ⊙ client + offset. Warmth and
    # dominance are rows of (2, clients) arrays here: numpy is fastest along long rows.
    keep = (1 - coupling - habit + coupling * flip * gain).T
    base = (coupling * flip * offset + habit * home).T.reshape(2, count, n)
    push = (base + shocks[:, :, None, :]).reshape(sessions, 2, count * n)
    path = np.empty((2, sessions + 1, count * n))
    path[:, 0] = home[:, None]
    for step in range(sessions):
        client = keep * path[:, step] + push[step]
        warmth, dominance = client
        path[:, step + 1] = client / np.maximum(1, np.sqrt(warmth * warmth + dominance * dominance))
    path = np.ascontiguousarray(path.transpose(2, 1, 0))  # (clients, sessions + 1, 2)
    return {s: Dance(path[i * n : (i + 1) * n], s) for i, s in enumerate(strategies)}


def settling_session(
    strategy: str,
    warmth_coupling: float,
    dominance_ratio: float,
    habit: float = 0.0,
    horizon: int = 200,
) -> int:
    """Without session-to-session variation, the session by which the client has been in the
    warm zone SETTLE sessions in a row, or −1 if not within `horizon` sessions."""
    path = circumplex_dance(
        strategy, warmth_coupling, dominance_ratio, 1, 0, noise=0, habit=habit, sessions=horizon
    )
    return int(path.reached[0])


@lru_cache(maxsize=2)
def _circle_draws(runs: int, seed: int, sessions: int) -> np.ndarray:
    """Standard normal wobbles, (sessions, 2, runs); they do not depend on the couplings, so a
    slider move reuses them (read-only)."""
    draws = Draws(seed).standard_normal((sessions, runs, 2))
    draws = np.ascontiguousarray(draws.transpose(0, 2, 1))
    draws.flags.writeable = False
    return draws


# --- Stages of change and dropout --------------------------------------------------------------

STAGES = ("Precontemplation", "Contemplation", "Preparation", "Action", "Maintenance")
STAGE_START = np.array([0.25, 0.35, 0.25, 0.15, 0.0])  # illustrative
STAGE_DROPOUT_WEIGHTS = np.array([3.0, 2.0, 1.5, 1.0, 0.5])  # illustrative
STAGE_SESSIONS = 20
FORWARD = PARAMS["forward_percent"].default / 100
BACKWARD = PARAMS["backward_percent"].default / 100


def transition_matrix(forward: float, backward: float) -> np.ndarray:
    """One session's stage moves among the five stages (dropout handled separately)."""
    PARAMS["forward_percent"].check(round(100 * forward, 9))
    PARAMS["backward_percent"].check(round(100 * backward, 9))
    moves = np.zeros((5, 5))
    for stage in range(5):
        up = forward if stage < 4 else 0.0
        down = backward if stage > 0 else 0.0
        moves[stage, stage] = 1 - up - down
        if up:
            moves[stage, stage + 1] = up
        if down:
            moves[stage, stage - 1] = down
    return moves


def expected_paths(
    hazard: np.ndarray, moves: np.ndarray, start: np.ndarray, sessions: int
) -> tuple[np.ndarray, np.ndarray]:
    """Exact stage distribution after each session with dropout (clients may leave after each
    session but the last): returns (in-stage shares (sessions+1, …, 5), dropped (sessions+1, …))."""
    occupancy, dropped = [start], [np.zeros(start.shape[:-1])]
    for session in range(sessions):
        leave = hazard if session < sessions - 1 else np.zeros_like(hazard)
        staying = occupancy[-1] * (1 - leave)
        dropped.append(dropped[-1] + (occupancy[-1] * leave).sum(axis=-1))
        occupancy.append(staying @ moves)
    return np.stack(occupancy), np.stack(dropped)


def dropout_share(scale: float, moves: np.ndarray, sessions: int = STAGE_SESSIONS) -> float:
    hazard = np.minimum(1, scale * STAGE_DROPOUT_WEIGHTS)
    return float(expected_paths(hazard, moves, STAGE_START, sessions)[1][-1])


def _solve_scale(target: float, moves: np.ndarray) -> float:
    """Bisect for the hazard scale that gives `target` dropout over the course."""
    low, high = 0.0, 1.0
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if dropout_share(middle, moves) < target else (low, middle)
    return (low + high) / 2


@cache
def hazard_scales(dropout_percent: float, preference_or: float) -> tuple[float, float]:
    """Hazard scales without and with preference accommodation, calibrated at the default
    stage moves: 19.7% drop out (Swift & Greenberg), and accommodation divides the odds of
    dropping out by 1.79 (Swift et al., 2018)."""
    moves = transition_matrix(FORWARD, BACKWARD)
    base = dropout_percent / 100
    odds = base / (1 - base) / preference_or
    return _solve_scale(base, moves), _solve_scale(odds / (1 + odds), moves)


@cache
def outcome_per_stage(stages_d: float, dropout_percent: float, preference_or: float) -> float:
    """Improvement (SD units) per stage reached, set so that among finishers the starting
    stage correlates with outcome at r = .20, i.e. Krebs et al.'s d = .41 (converted, D)."""
    target = r_from_d(stages_d)
    moves = transition_matrix(FORWARD, BACKWARD)
    hazard = np.minimum(1, hazard_scales(dropout_percent, preference_or)[0] * STAGE_DROPOUT_WEIGHTS)
    occupancy, _ = expected_paths(hazard, moves, np.eye(5), STAGE_SESSIONS)
    joint = STAGE_START[:, None] * occupancy[-1]  # P(start, end, finished)
    joint /= joint.sum()
    stages = np.arange(5.0)
    start_p, end_p = joint.sum(axis=1), joint.sum(axis=0)
    mean_s, mean_e = stages @ start_p, stages @ end_p
    covariance = stages @ joint @ stages - mean_s * mean_e
    var_s, var_e = (stages - mean_s) ** 2 @ start_p, (stages - mean_e) ** 2 @ end_p
    c = covariance / math.sqrt(var_s)
    return target / math.sqrt(c * c - target * target * var_e)


@dataclass(frozen=True)
class StageCohort:
    stages: np.ndarray  # (clients, sessions + 1): stage 0–4, or 5 once dropped out
    outcome: np.ndarray  # (clients,) improvement in SD units; NaN for dropouts

    @property
    def start(self) -> np.ndarray:
        return self.stages[:, 0]

    @property
    def dropped(self) -> np.ndarray:
        return self.stages[:, -1] == 5

    @property
    def dropout_percent(self) -> float:
        return 100 * float(self.dropped.mean())

    def occupancy(self) -> np.ndarray:
        """(sessions + 1, 6): the share of clients in each stage, and dropped out, by session."""
        clients, columns = self.stages.shape
        cells = self.stages + 6 * np.arange(columns)  # (session, stage) as one index
        counts = np.bincount(cells.ravel(), minlength=6 * columns).reshape(columns, 6)
        return 100 * (counts / clients)

    def start_outcome_r(self) -> float:
        done = ~self.dropped
        return float(np.corrcoef(self.start[done], self.outcome[done])[0, 1])


def stage_cohort(
    forward: float,
    backward: float,
    accommodate: bool,
    clients: int,
    seed: int,
    sessions: int = STAGE_SESSIONS,
    *,
    dropout_percent: float,
    preference_or: float,
    stages_d: float,
) -> StageCohort:
    """Clients move between stages and may drop out (more often in early stages); those who
    finish improve by the stage they reached plus noise."""
    transition_matrix(forward, backward)  # checks both chances
    PARAMS["clients"].check(clients)
    check_range("sessions", sessions, 2, 60)
    stage, draws, noise = _stage_draws(int(clients), seed, sessions)
    scales = hazard_scales(dropout_percent, preference_or)
    hazard = np.minimum(1, scales[int(accommodate)] * STAGE_DROPOUT_WEIGHTS)
    leave_at = np.append(hazard, 0.0)  # indexed by stage; 5 = already gone
    up = np.array([forward] * 4 + [0.0, 0.0])
    down = np.array([0.0] + [backward] * 4 + [0.0])
    path = [stage]
    for session in range(sessions):
        leave = draws[session, 0] < leave_at[stage]
        if session == sessions - 1:
            leave[:] = False
        move = draws[session, 1]
        step = (move < up[stage]).astype(int) - (move > 1 - down[stage])
        stage = np.where(leave, 5, stage + step)
        path.append(stage)
    stages = np.stack(path, axis=1)
    per_stage = outcome_per_stage(stages_d, dropout_percent, preference_or)
    outcome = np.where(stage < 5, per_stage * stage + noise, np.nan)
    return StageCohort(stages, outcome)


@lru_cache(maxsize=2)
def _stage_draws(clients: int, seed: int, sessions: int) -> tuple[np.ndarray, ...]:
    """Starting stages and the random draws of a cohort; they do not depend on the stage moves
    or dropout, so a slider move reuses them (read-only)."""
    rng = Draws(seed)
    stage = rng.category(STAGE_START, clients)
    draws = rng.random((sessions, 2, clients))
    noise = rng.standard_normal(clients)
    for array in (stage, draws, noise):
        array.flags.writeable = False
    return stage, draws, noise
