"""The models reproduce their sources and reject parameters out of range."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils import evidence
from course_utils.explorers.relationship import element_r
from course_utils.simulate import relationship as simulate
from course_utils.simulate.relationship import ELEMENTS


def test_alliance_cohort_reproduces_the_published_r_within_sampling_error() -> None:
    published = evidence.value("alliance-outcome")
    cohort = simulate.correlated_cohort(published, n=40_000, seed=7)
    standard_error = (1 - published**2) / np.sqrt(40_000)
    assert abs(cohort.sample_r - 0.278) < 3 * standard_error


def test_the_same_seed_gives_the_same_cohort() -> None:
    a = simulate.correlated_cohort(0.3, 200, seed=3)
    b = simulate.correlated_cohort(0.3, 200, seed=3)
    assert np.array_equal(a.outcome, b.outcome)
    assert not np.array_equal(a.outcome, simulate.correlated_cohort(0.3, 200, seed=4).outcome)


def test_besd_is_fifty_plus_minus_fifty_r() -> None:
    display = simulate.besd(0.28)
    assert display.higher == pytest.approx(64) and display.lower == pytest.approx(36)


def test_g_is_converted_to_r_for_positive_regard() -> None:
    assert simulate.r_from_d(0.579) == pytest.approx(0.278, abs=0.001)  # Flückiger's own d
    assert element_r("positive-regard") == pytest.approx(0.139, abs=0.001)


def test_every_element_default_comes_from_a_checked_finding() -> None:
    for element in ELEMENTS.values():
        assert evidence.get(element.finding).status in {"V1", "V2"}


@pytest.mark.parametrize(("r", "n"), [(1.2, 100), (-0.99, 100), (0.3, 5), (0.3, 10**7)])
def test_out_of_range_parameters_name_the_allowed_range(r: float, n: int) -> None:
    with pytest.raises(ValueError, match="must be between"):
        simulate.correlated_cohort(r, n, seed=1)
