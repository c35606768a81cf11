"""Module 04: emotional containment as co-regulation that keeps arousal in the window of
tolerance while the client works on the material.

E[t+1] = E[t] + stimulus[t] − a·(E[t] − E*) − damping(E[t]) + noise. E* is calm rest, inside
the window of tolerance; the client's own regulation a pulls gently back to it. Containment is
state-dependent: it damps only the part of arousal above a set point near the top of the
window, c·max(E − S, 0), so feeling can rise into the processing zone and is brought down
before it floods. Suppression, for contrast, damps at every level, c·(E − E*), so it also
holds back the feeling the client could bear. The c of the containment is loosely inspired
by the emotion-regulation parameter of Schiepek's nonlinear model (there a client trait). A
teaching model, not a fitted one: every value here is illustrative.

Zones (0–10): below the window of tolerance is hypoarousal (shutdown, numbness); above it,
hyperarousal (flooding). Inside the window, calm lies below the processing zone, where the
client is engaged with the material and can still think about it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .draws import Draws
from .params import Param, declare, notes

EVIDENCE_IDS: tuple[str, ...] = ("client-expression-outcome", "schiepek-model")
PARAMS = declare(
    Param("containment", "Therapist containment c (per minute)", 0, 1, 0.01, default=0.4,
          display="containment c",
          note="the damping c above the set point; no source gives a value for therapy"),
    Param("stimulus", "Pull of the material (arousal per minute)", 0, 2, 0.05, default=0.7,
          display="pull of the material",
          note="arousal the material adds per minute; no source gives a size"),
    Param("noise", "Minute-to-minute fluctuation (SD)", 0, 1.5, 0.05, default=0.4,
          display="fluctuation",
          note="minute-to-minute fluctuation of arousal; no source gives a size"),
)  # fmt: skip
ILLUSTRATIVE: dict[str, str] = {
    **notes(PARAMS.values()),
    "window": "the window of tolerance (1.5–8 of 10) and the processing zone (4–8); chosen",
    "baseline": "calm resting arousal E* = 3 of 10, inside the window; chosen for the picture",
    "set_point": "containment starts to damp above 6 of 10; chosen for the picture",
    "self_regulation": (
        "the client's own pull back to rest, 0.05 per minute from above and 0.3 from below "
        "(so calm rest stays calm); chosen"
    ),
    "session": "a 50-minute session with check-in and closing phases; chosen for the picture",
}

MINUTES = 50
BASELINE = 3.0  # calm rest: inside the window of tolerance
WINDOW = (1.5, 8.0)  # window of tolerance: below is hypoarousal, above is hyperarousal
PROCESSING = (4.0, 8.0)  # the processing zone: the upper part of the window
SET_POINT = 6.0  # containment damps only the arousal above this level
SELF_REGULATION = 0.05  # the client's own pull back down to rest, per minute
REST_RECOVERY = 0.3  # the pull back up to rest from below it, per minute (calm rest is stable)
AROUSAL_RANGE = (0.0, 10.0)
WORK_PHASE = (5, 42)  # the material is worked on between these minutes
TRIGGER_CHANCE = 0.06  # chance per minute of an extra-evocative moment
TRIGGER_SIZE = 2.0  # an evocative moment adds this many stimuli's worth of arousal

#: The three responses compared: containment (state-dependent), suppression (the same c at
#: every level) and none.
RESPONSES: tuple[str, ...] = ("containment", "suppression", "none")


@dataclass(frozen=True)
class Session:
    minutes: np.ndarray  # 0..MINUTES
    arousal: np.ndarray  # runs × (MINUTES + 1): one row per response
    containment: float  # the c shared by the containment and suppression rows

    def _share(self, low: float, high: float) -> np.ndarray:
        return (self.arousal[:, 1:] > low) & (self.arousal[:, 1:] < high)

    @property
    def in_zone(self) -> np.ndarray:
        return self._share(*PROCESSING)

    @property
    def processing(self) -> np.ndarray:
        """Cumulative minutes of processing (arousal in the processing zone), per run."""
        return np.cumsum(self.in_zone, axis=1)

    @property
    def flooded(self) -> np.ndarray:
        """Minutes above the window of tolerance (hyperarousal), per run."""
        return (self.arousal[:, 1:] >= WINDOW[1]).sum(axis=1)

    @property
    def calm(self) -> np.ndarray:
        """Minutes inside the window but below the processing zone (calm, not working)."""
        return ((self.arousal[:, 1:] > WINDOW[0]) & (self.arousal[:, 1:] <= PROCESSING[0])).sum(1)

    @property
    def hypo(self) -> np.ndarray:
        """Minutes below the window of tolerance (hypoarousal), per run."""
        return (self.arousal[:, 1:] <= WINDOW[0]).sum(axis=1)


def stimulus_profile(stimulus: float, seed: int) -> np.ndarray:
    """Arousal the material adds each minute: a steady pull while working, plus triggers."""
    rng = Draws(seed)
    minutes = np.arange(MINUTES)
    working = (minutes >= WORK_PHASE[0]) & (minutes < WORK_PHASE[1])
    triggers = rng.random(MINUTES) < TRIGGER_CHANCE
    return stimulus * working * (1 + TRIGGER_SIZE * triggers)


def equilibrium(containment: float, stimulus: float, response: str = "containment") -> float:
    """Where arousal settles under a steady stimulus without noise (before the 0–10 clip)."""
    a, c = SELF_REGULATION, containment
    if response == "suppression":
        return BASELINE + stimulus / (a + c)
    free = BASELINE + stimulus / a
    if response == "none" or free <= SET_POINT:
        return free
    return (stimulus + a * BASELINE + c * SET_POINT) / (a + c)


def session(containment: float, stimulus: float, noise: float, seed: int) -> Session:
    """Minute-by-minute arousal through one session under containment, suppression at the
    same c, and no response. All three see the same material and noise."""
    PARAMS["containment"].check(containment)
    PARAMS["stimulus"].check(stimulus)
    PARAMS["noise"].check(noise)
    drive = stimulus_profile(stimulus, seed)
    shocks = noise * Draws(seed + 1).standard_normal(MINUTES)
    rows = [arousal_path(drive, shocks, containment, response) for response in RESPONSES]
    return Session(np.arange(MINUTES + 1), np.vstack(rows), containment)


def damping(arousal: np.ndarray, containment: float, response: str) -> np.ndarray:
    """How much the response takes off arousal this minute."""
    if response == "containment":
        return containment * np.maximum(arousal - SET_POINT, 0)
    if response == "suppression":
        return containment * (arousal - BASELINE)
    return np.zeros_like(arousal)


def arousal_path(
    drive: np.ndarray, shocks: np.ndarray, containment: float, response: str
) -> np.ndarray:
    """E[t+1] = E[t] + drive[t] − a·(E[t] − E*) − damping(E[t]) + shock[t], on the 0–10 scale,
    starting at calm rest; a is SELF_REGULATION above rest and REST_RECOVERY below it."""
    if response not in RESPONSES:
        raise ValueError(f"response must be one of {', '.join(RESPONSES)} (got {response!r})")
    arousal = np.empty(len(drive) + 1)
    arousal[0] = BASELINE
    for t in range(len(drive)):
        now = arousal[t]
        step = (
            now + drive[t]
            - (SELF_REGULATION if now >= BASELINE else REST_RECOVERY) * (now - BASELINE)
            - damping(np.asarray(now), containment, response) + shocks[t]
        )  # fmt: skip
        arousal[t + 1] = np.clip(step, *AROUSAL_RANGE)
    return arousal
