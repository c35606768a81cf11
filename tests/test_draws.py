"""The simulations' random draws: repeatable, rightly distributed, and not from numpy.random."""

from __future__ import annotations

import math
import subprocess
import sys
from statistics import NormalDist

import numpy as np

from course_utils.simulate.draws import Draws

N = 200_000


def ks_distance(sample: np.ndarray, cdf) -> float:
    """Kolmogorov–Smirnov distance between a sample and a distribution function."""
    ordered = np.sort(sample)
    expected = np.array([cdf(x) for x in ordered[:: len(ordered) // 2000]])
    steps = np.arange(0, len(ordered), len(ordered) // 2000) / len(ordered)
    return float(np.abs(steps - expected).max())


def test_the_same_seed_gives_the_same_draws_and_another_seed_others() -> None:
    assert np.array_equal(Draws(3).standard_normal((4, 5)), Draws(3).standard_normal((4, 5)))
    assert not np.array_equal(Draws(3).random(20), Draws(4).random(20))


def test_drawing_more_keeps_the_first_draws() -> None:
    assert np.array_equal(Draws(5).standard_normal(7), Draws(5).standard_normal(10)[:7])
    assert np.array_equal(Draws(5).random(7), Draws(5).random(10)[:7])


def test_shapes_are_kept() -> None:
    draws = Draws(1)
    assert draws.random((2, 3, 4)).shape == (2, 3, 4)
    assert draws.standard_normal((3, 5)).shape == (3, 5)
    assert draws.normal(10, 2, 7).shape == (7,)


def test_uniforms_fill_zero_to_one_evenly() -> None:
    uniform = Draws(11).random(N)
    assert uniform.min() >= 0 and uniform.max() < 1
    assert ks_distance(uniform, lambda x: x) < 0.005
    assert abs(np.corrcoef(uniform[:-1], uniform[1:])[0, 1]) < 0.01


def test_normals_are_standard_normal_and_independent_in_pairs() -> None:
    normal = Draws(12).standard_normal(N)
    assert abs(normal.mean()) < 0.01 and abs(normal.std() - 1) < 0.01
    assert ks_distance(normal, NormalDist().cdf) < 0.005
    pairs = normal.reshape(-1, 2)
    assert abs(np.corrcoef(pairs[:, 0], pairs[:, 1])[0, 1]) < 0.01
    assert abs(np.corrcoef(pairs[:, 0] ** 2, pairs[:, 1] ** 2)[0, 1]) < 0.01


def test_normal_scales_and_shifts() -> None:
    values = Draws(13).normal(50, 10, N)
    assert abs(values.mean() - 50) < 0.1 and abs(values.std() - 10) < 0.1


def test_categories_come_with_their_probabilities() -> None:
    probabilities = np.array([0.25, 0.35, 0.25, 0.15, 0.0])
    counts = np.bincount(Draws(14).category(probabilities, N), minlength=5) / N
    assert counts[4] == 0
    assert np.abs(counts - probabilities).max() < 4 * math.sqrt(0.25 / N)  # 4 SD at most


def test_no_simulation_loads_numpy_random() -> None:
    code = (
        "import sys\n"
        "from course_utils.explorers import TOPICS\n"
        "from course_utils import explore\n"
        "for name in TOPICS:\n"
        "    getattr(explore, name)()\n"
        "print('numpy.random' in sys.modules)\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert found.strip() == "False"
