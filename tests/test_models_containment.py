"""Module 04 model: a damped, driven arousal process with a processing window."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils import evidence
from course_utils.simulate import containment as model


def test_every_evidence_id_is_a_checked_finding() -> None:
    for finding in model.EVIDENCE_IDS:
        assert evidence.get(finding).status in {"V1", "V2", "D"}


def test_every_parameter_is_declared_illustrative() -> None:
    """No source gives a value for this teaching model, so each value says so."""
    assert {"containment", "stimulus", "noise", "window", "baseline"} <= set(model.ILLUSTRATIVE)


def test_without_noise_arousal_settles_at_the_baseline_plus_stimulus_over_c() -> None:
    """The model's form: E[t+1] = E[t] + s − c·(E[t] − E*) has its fixed point at E* + s/c."""
    c, s = np.array([0.3, 0.6]), 0.6
    path = model.arousal_path(np.full(100, s), np.zeros(100), c)
    assert path[:, -1] == pytest.approx([model.equilibrium(0.3, s), model.equilibrium(0.6, s)])
    assert model.equilibrium(0.3, s) == pytest.approx(model.BASELINE + 2)


def test_processing_is_highest_at_moderate_containment() -> None:
    """Too much damping: no expression. Too little: flooding. Both process less."""
    levels = np.array([0.03, 0.2, 0.9])
    run = model.session(levels, stimulus=0.7, noise=0.4, seed=2)
    low, middle, high = run.processing[:, -1]
    assert middle > 2 * max(low, high)
    assert run.flooded[0] > run.flooded[1]  # too little containment floods
    assert run.under[2] > run.under[1]  # too much leaves arousal below the window


def test_all_levels_share_the_same_material_and_noise() -> None:
    same = model.session(np.array([0.2, 0.2]), stimulus=0.7, noise=0.4, seed=3)
    assert np.array_equal(same.arousal[0], same.arousal[1])
    again = model.session(0.2, stimulus=0.7, noise=0.4, seed=3)
    assert np.array_equal(again.arousal[0], same.arousal[0])


def test_arousal_stays_on_its_scale() -> None:
    run = model.session(np.array([0.01, 1.0]), stimulus=2, noise=1.5, seed=4)
    assert run.arousal.min() >= 0 and run.arousal.max() <= 10


@pytest.mark.parametrize(
    "call",
    [
        lambda: model.session(0, 0.7, 0.4, seed=1),
        lambda: model.session(1.5, 0.7, 0.4, seed=1),
        lambda: model.session(0.2, -1, 0.4, seed=1),
        lambda: model.session(0.2, 0.7, 5, seed=1),
    ],
)
def test_out_of_range_parameters_name_the_allowed_range(call) -> None:
    with pytest.raises(ValueError, match="must be between"):
        call()
