"""Seeded random draws for the simulations, from the standard library's generator.

The simulations need only uniform and normal draws that repeat for a seed. They take them from
`random.Random` (the Mersenne Twister) rather than `numpy.random`, whose import loads nine
compiled generator modules: about 2.2 MiB of every module's 120 MiB kernel budget (see
benchmarks/README.md). Uniforms carry 53 random bits, as `random.random` does; normals come from
them by the Box–Muller transform.
"""

from __future__ import annotations

import math
import random

import numpy as np

Shape = int | tuple[int, ...]


class Draws:
    """Uniform, normal and categorical draws, the same for a seed on every machine."""

    def __init__(self, seed: int) -> None:
        self._source = random.Random(seed)

    def random(self, shape: Shape) -> np.ndarray:
        """Uniform on [0, 1)."""
        count = math.prod(np.atleast_1d(shape))
        words = np.frombuffer(self._source.randbytes(8 * count), dtype="<u8")
        return ((words >> 11) * 2.0**-53).reshape(shape)

    def standard_normal(self, shape: Shape) -> np.ndarray:
        """Standard normal (mean 0, SD 1). Each pair of uniforms gives a pair of normals, in
        order, so drawing more values keeps the first ones."""
        count = math.prod(np.atleast_1d(shape))
        uniform = self.random((count + 1) // 2 * 2).reshape(-1, 2)
        radius = np.sqrt(-2.0 * np.log1p(-uniform[:, 0]))  # 1 − u lies in (0, 1]
        angle = 2.0 * math.pi * uniform[:, 1]
        pairs = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
        return pairs.ravel()[:count].reshape(shape)

    def normal(self, mean: float, sd: float, shape: Shape) -> np.ndarray:
        """Normal with the given mean and SD."""
        return mean + sd * self.standard_normal(shape)

    def category(self, probabilities: np.ndarray, shape: Shape) -> np.ndarray:
        """Category numbers 0, 1, … drawn with the given probabilities (which sum to 1)."""
        cumulative = np.cumsum(probabilities)
        return np.searchsorted(cumulative, self.random(shape) * cumulative[-1], side="right")
