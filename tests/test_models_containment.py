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
    assert {"containment", "stimulus", "noise", "window", "baseline", "set_point"} <= set(
        model.ILLUSTRATIVE
    )


def test_without_noise_arousal_settles_where_the_model_says() -> None:
    """Suppression: E* + s/(a + c). Containment: (s + a·E* + c·S)/(a + c) above the set point."""
    s = 0.6
    for response in ("containment", "suppression", "none"):
        path = model.arousal_path(np.full(400, s), np.zeros(400), 0.3, response)
        settled = min(model.equilibrium(0.3, s, response), model.AROUSAL_RANGE[1])
        assert path[-1] == pytest.approx(settled, abs=1e-6)


def test_containment_lets_feeling_rise_where_suppression_holds_it_down() -> None:
    """More containment never lowers processing; enough suppression leaves the client calm."""
    runs = [model.session(c, stimulus=0.7, noise=0.4, seed=2) for c in (0.1, 0.4, 1.0)]
    processing = [run.processing[0, -1] for run in runs]
    assert processing == sorted(processing)
    strong = runs[-1]
    assert strong.calm[1] > strong.processing[1, -1]  # suppression: calm, not working
    assert strong.flooded[2] > strong.flooded[0]  # no response floods


def test_calm_rest_is_inside_the_window_not_hypoarousal() -> None:
    assert model.WINDOW[0] < model.BASELINE < model.PROCESSING[0] <= model.WINDOW[1]
    quiet = model.session(0.4, stimulus=0, noise=0, seed=1)
    assert quiet.hypo.sum() == 0 and quiet.calm[0] == model.MINUTES


def test_all_responses_share_the_same_material_and_noise() -> None:
    a = model.session(0.0, stimulus=0.7, noise=0.4, seed=3)
    assert np.array_equal(a.arousal[0], a.arousal[2])  # c = 0: containment is no response
    assert np.array_equal(a.arousal[1], a.arousal[2])


def test_arousal_stays_on_its_scale() -> None:
    run = model.session(1.0, stimulus=2, noise=1.5, seed=4)
    assert run.arousal.min() >= 0 and run.arousal.max() <= 10


@pytest.mark.parametrize(
    "call",
    [
        lambda: model.session(-0.1, 0.7, 0.4, seed=1),
        lambda: model.session(1.5, 0.7, 0.4, seed=1),
        lambda: model.session(0.2, -1, 0.4, seed=1),
        lambda: model.session(0.2, 0.7, 5, seed=1),
    ],
)
def test_out_of_range_parameters_name_the_allowed_range(call) -> None:
    with pytest.raises(ValueError, match="must be between"):
        call()
