"""Module 04: emotional containment as co-regulation that keeps arousal in a workable window.

E[t+1] = E[t] + stimulus[t] − c·(E[t] − E*) + noise. The damping c stands for the therapist's
containment and echoes the "c" trait (mentalization and emotion regulation) of Schiepek's
nonlinear model of psychotherapy. Productive processing accrues only while E is inside a
window: too much damping leaves no expression, too little floods the client. A teaching
model, not a fitted one: every value here is illustrative.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .params import Param, declare, notes

EVIDENCE_IDS: tuple[str, ...] = ("client-expression-outcome", "schiepek-model")
PARAMS = declare(
    Param("containment", "Therapist containment c (per minute)", 0.01, 1, 0.01, default=0.2,
          display="containment c",
          note="the damping c; Schiepek's model has a c trait but gives no value for therapy"),
    Param("stimulus", "Pull of the material (arousal per minute)", 0, 2, 0.05, default=0.7,
          display="pull of the material",
          note="arousal the material adds per minute; no source gives a size"),
    Param("noise", "Minute-to-minute fluctuation (SD)", 0, 1.5, 0.05, default=0.4,
          display="fluctuation",
          note="minute-to-minute fluctuation of arousal; no source gives a size"),
)  # fmt: skip
ILLUSTRATIVE: dict[str, str] = {
    **notes(PARAMS.values()),
    "window": "the arousal range in which processing happens (4–7 of 10); chosen for the picture",
    "baseline": "resting arousal E* = 2 of 10; chosen for the picture",
    "session": "a 50-minute session with check-in and closing phases; chosen for the picture",
}

MINUTES = 50
BASELINE = 2.0
WINDOW = (4.0, 7.0)
AROUSAL_RANGE = (0.0, 10.0)
WORK_PHASE = (5, 42)  # the material is worked on between these minutes
TRIGGER_CHANCE = 0.06  # chance per minute of an extra-evocative moment
TRIGGER_SIZE = 2.0  # an evocative moment adds this many stimuli's worth of arousal


@dataclass(frozen=True)
class Session:
    minutes: np.ndarray  # 0..MINUTES
    arousal: np.ndarray  # runs × (MINUTES + 1): one row per containment level
    containment: np.ndarray  # the c of each row

    @property
    def in_window(self) -> np.ndarray:
        return (self.arousal > WINDOW[0]) & (self.arousal < WINDOW[1])

    @property
    def processing(self) -> np.ndarray:
        """Cumulative minutes of productive processing (arousal inside the window)."""
        return np.cumsum(self.in_window[:, 1:], axis=1)

    @property
    def flooded(self) -> np.ndarray:
        """Minutes above the window, per run."""
        return (self.arousal[:, 1:] >= WINDOW[1]).sum(axis=1)

    @property
    def under(self) -> np.ndarray:
        """Minutes below the window (no emotional engagement), per run."""
        return (self.arousal[:, 1:] <= WINDOW[0]).sum(axis=1)


def stimulus_profile(stimulus: float, seed: int) -> np.ndarray:
    """Arousal the material adds each minute: a steady pull while working, plus triggers."""
    rng = np.random.default_rng(seed)
    minutes = np.arange(MINUTES)
    working = (minutes >= WORK_PHASE[0]) & (minutes < WORK_PHASE[1])
    triggers = rng.random(MINUTES) < TRIGGER_CHANCE
    return stimulus * working * (1 + TRIGGER_SIZE * triggers)


def equilibrium(containment: float, stimulus: float) -> float:
    """Where arousal settles under a steady stimulus without noise: E* + stimulus / c."""
    return BASELINE + stimulus / containment


def session(containment: float | np.ndarray, stimulus: float, noise: float, seed: int) -> Session:
    """Minute-by-minute arousal through one session, for one or more containment levels.

    All levels see the same material and the same noise, so they differ only in c.
    """
    levels = np.atleast_1d(np.asarray(containment, dtype=float))
    for level in levels:
        PARAMS["containment"].check(float(level))
    PARAMS["stimulus"].check(stimulus)
    PARAMS["noise"].check(noise)
    drive = stimulus_profile(stimulus, seed)
    shocks = noise * np.random.default_rng(seed + 1).standard_normal(MINUTES)
    return Session(np.arange(MINUTES + 1), arousal_path(drive, shocks, levels), levels)


def arousal_path(drive: np.ndarray, shocks: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """E[t+1] = E[t] + drive[t] − c·(E[t] − E*) + shock[t], kept on the 0–10 scale.

    One row per containment level c in `levels`, all starting at rest (E*).
    """
    arousal = np.empty((len(levels), len(drive) + 1))
    arousal[:, 0] = BASELINE
    for t in range(len(drive)):
        step = arousal[:, t] + drive[t] - levels * (arousal[:, t] - BASELINE) + shocks[t]
        arousal[:, t + 1] = np.clip(step, *AROUSAL_RANGE)
    return arousal
