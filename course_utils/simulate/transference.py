"""Module 05: countertransference management as a three-variable model, and transference as an
interpersonal template that the therapist can confirm or gently disconfirm."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .checks import check_range
from .draws import Draws
from .params import Param, declare

EVIDENCE_IDS: tuple[str, ...] = (
    "ct-management-reactions",
    "ct-reactions-outcome",
    "ct-management-outcome",
    "complementarity-rule",
    "complementarity-affiliation-stronger",
    "sadler-phase",
    "kiesler-circle",
)
ILLUSTRATIVE: dict[str, str] = {
    "combined_model": (
        "the three correlations come from different sets of studies; putting them in one model "
        "is a teaching approximation (derived)"
    ),
    "learning_rate": "how far the client's expectation moves toward what happens each session",
    "pull": "how strongly the therapist is pulled into the complementary response",
    "dominance_pull": (
        "the pull on dominance is half that on warmth; the direction follows Bluhm et al. "
        "(warmth correspondence is more consistent), the size does not"
    ),
    "templates": "the starting expectations and the therapist's own stance on the circle",
}

# --- Countertransference: management (M), reactions (R), outcome (Y) ---------------------------

CT_VARIABLES: tuple[str, ...] = ("Management", "Reactions", "Outcome")


PARAMS = declare(
    Param("r_my", "CT management ↔ outcome (r)", -0.9, 0.9, 0.01, finding="ct-management-outcome"),
    Param("r_mr", "CT management ↔ CT reactions (r)", -0.9, 0.9, 0.01,
          finding="ct-management-reactions"),
    Param("r_ry", "CT reactions ↔ outcome (r)", -0.9, 0.9, 0.01, finding="ct-reactions-outcome"),
    Param("n", "Therapist–client pairs (N)", 30, 100_000, 100, default=1500, integer=True,
          sample=True, note="the number of simulated therapist–client pairs"),
    Param("learning_rate", "Client's learning rate (per session)", 0.02, 0.5, 0.01,
          default=0.15, display="learning rate",
          note="how far the client's expectation moves toward what happens each session"),
    Param("pull", "Pull into complementarity (0–1)", 0, 1, 0.05, default=0.7,
          display="pull into complementarity",
          note="how strongly the therapist is pulled into the complementary response"),
)  # fmt: skip


def correlation_matrix(r_mr: float, r_ry: float, r_my: float) -> np.ndarray:
    """The 3 × 3 correlation matrix of management, reactions and outcome."""
    for name, value in (("r_mr", r_mr), ("r_ry", r_ry), ("r_my", r_my)):
        PARAMS[name].check(value)
    return np.array([[1.0, r_mr, r_my], [r_mr, 1.0, r_ry], [r_my, r_ry, 1.0]])


def smallest_eigenvalue(matrix: np.ndarray) -> float:
    """Positive for a valid correlation matrix (positive definite); ≤ 0 if the three
    correlations cannot hold together in any population."""
    return float(np.linalg.eigvalsh(matrix)[0])


def allowed_range(r_a: float, r_b: float) -> tuple[float, float]:
    """The values a third correlation can take, given the two others it shares a variable with:
    r_a·r_b ± sqrt((1 − r_a²)(1 − r_b²))."""
    spread = float(np.sqrt((1 - r_a**2) * (1 - r_b**2)))
    return r_a * r_b - spread, r_a * r_b + spread


@dataclass(frozen=True)
class Paths:
    """Standardised path coefficients of M → R → Y with a direct M → Y path (derived)."""

    management_reactions: float  # a: M → R (= r_mr)
    reactions_outcome: float  # b: R → Y, holding management constant
    management_outcome: float  # c′: M → Y, holding reactions constant

    @property
    def indirect(self) -> float:
        """The part of management's link with outcome that runs through fewer reactions."""
        return self.management_reactions * self.reactions_outcome


def path_coefficients(r_mr: float, r_ry: float, r_my: float) -> Paths:
    """Regress outcome on management and reactions: β = R_xx⁻¹ · r_xy."""
    matrix = correlation_matrix(r_mr, r_ry, r_my)
    b_m, b_r = np.linalg.solve(matrix[:2, :2], matrix[:2, 2])
    return Paths(r_mr, float(b_r), float(b_m))


@dataclass(frozen=True)
class CtCohort:
    scores: np.ndarray  # clients × 3: management, reactions, outcome (z-scores)

    @property
    def sample_r(self) -> np.ndarray:
        return np.corrcoef(self.scores.T)

    def outcome_by_management(self) -> tuple[np.ndarray, np.ndarray]:
        """Outcomes of therapists in the bottom and top thirds of management."""
        management, outcome = self.scores[:, 0], self.scores[:, 2]
        low, high = np.quantile(management, [1 / 3, 2 / 3])
        return outcome[management <= low], outcome[management >= high]


def ct_cohort(r_mr: float, r_ry: float, r_my: float, n: int, seed: int) -> CtCohort:
    """N therapist–client pairs drawn from a normal distribution with these correlations."""
    matrix = correlation_matrix(r_mr, r_ry, r_my)
    PARAMS["n"].check(n)
    eigenvalue = smallest_eigenvalue(matrix)
    if eigenvalue <= 0:
        raise ValueError(
            "these three correlations cannot hold together: the correlation matrix is not "
            f"positive definite (smallest eigenvalue {eigenvalue:.3f}); make them less extreme"
        )
    return CtCohort(_standard_draws(int(n), seed) @ np.linalg.cholesky(matrix).T)


@lru_cache(maxsize=8)
def _standard_draws(n: int, seed: int) -> np.ndarray:
    """Independent standard normal draws; they do not depend on the correlations, so a slider
    move reuses them (read-only)."""
    draws = Draws(seed).standard_normal((n, 3))
    draws.flags.writeable = False
    return draws


# --- Transference as a template on the interpersonal circle ------------------------------------

#: Points are (warmth, dominance): warmth −1 hostile … +1 friendly; dominance −1 submissive … +1.
TEMPLATES: dict[str, tuple[float, float]] = {
    "hostile-dominant": (-0.7, 0.7),  # expects a critical, controlling other
    "hostile-submissive": (-0.7, -0.7),  # expects a cold, withdrawing other
}
THERAPIST_STANCE = (0.75, 0.2)  # warm, with a little structure
DOMINANCE_PULL = 0.5
SESSIONS = 20


def complement(point: np.ndarray) -> np.ndarray:
    """The complementary response: the same warmth (correspondence), the opposite dominance
    (reciprocity)."""
    return np.asarray(point, dtype=float) * np.array([1.0, -1.0])


@dataclass(frozen=True)
class TemplateRun:
    expectation: np.ndarray  # (sessions + 1) × 2: what the client expects of the therapist
    therapist: np.ndarray  # sessions × 2: how the therapist actually responds
    client: np.ndarray  # sessions × 2: how the client behaves

    @property
    def warmth(self) -> np.ndarray:
        return self.expectation[:, 0]

    def distance_to(self, point: tuple[float, float]) -> np.ndarray:
        return np.hypot(*(self.expectation - np.asarray(point)).T)


def template_run(
    template: tuple[float, float], learning_rate: float, pull: float, sessions: int = SESSIONS
) -> TemplateRun:
    """The client's expectation, session by session.

    The client acts on the expectation with its complement; a therapist pulled into
    complementarity answers with the complement of that, which is the expected behaviour
    itself; the client then moves toward what the therapist actually did.
    """
    PARAMS["learning_rate"].check(learning_rate)
    PARAMS["pull"].check(pull)
    check_range("sessions", sessions, 1, 200)
    stance = np.asarray(THERAPIST_STANCE)
    pulled = pull * np.array([1.0, DOMINANCE_PULL])
    expectation = np.empty((sessions + 1, 2))
    expectation[0] = template
    client = np.empty((sessions, 2))
    therapist = np.empty((sessions, 2))
    for t in range(sessions):
        client[t] = complement(expectation[t])
        therapist[t] = stance + pulled * (complement(client[t]) - stance)
        expectation[t + 1] = expectation[t] + learning_rate * (therapist[t] - expectation[t])
    return TemplateRun(expectation, therapist, client)
