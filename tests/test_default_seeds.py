"""Each explorer with a seed opens on a typical sample, so a student's first view is no fluke:
its headline figures (the numbers in its readout and description) lie nearer their averages over
other seeds than most seeds' do."""

from __future__ import annotations

import inspect
import re
import statistics

import numpy as np
import pytest

from course_utils import explore
from course_utils.explorers import TOPICS

SEEDS = range(20)
NUMBER = re.compile(r"[−-]?\d*\.?\d+")
WITH_SEED = [
    name for name in TOPICS if "seed" in inspect.signature(getattr(explore, name)).parameters
]


def numbers(html: str) -> list[float]:
    return [float(found.replace("−", "-")) for found in NUMBER.findall(re.sub("<[^>]+>", "", html))]


def figures(explorers: list) -> np.ndarray:
    """One row of figures per explorer: readout and description, or the readout alone where
    the description's wording (and so its count of numbers) changes with the sample."""
    rows = [numbers(e.readout.value) + numbers(e.description.value) for e in explorers]
    if len({len(row) for row in rows}) > 1:
        rows = [numbers(e.readout.value) for e in explorers]
    return np.array(rows)


def distance(rows: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Root-mean-square z of each row's figures against the reference rows' spread."""
    mean, sd = reference.mean(axis=0), reference.std(axis=0)
    varying = sd > 0
    return np.sqrt((((rows[:, varying] - mean[varying]) / sd[varying]) ** 2).mean(axis=1))


def test_every_seeded_explorer_is_checked() -> None:
    assert len(WITH_SEED) >= 15


@pytest.mark.parametrize("name", WITH_SEED)
def test_the_default_seed_gives_a_typical_sample(name: str) -> None:
    make = getattr(explore, name)
    rows = figures([make(seed=seed) for seed in SEEDS] + [make()])
    others, default = rows[:-1], rows[-1:]
    assert distance(default, others)[0] <= statistics.median(distance(others, others))
