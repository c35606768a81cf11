"""Module 02 models: rater validity and a noisy warmth channel reproduce their sources."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils import evidence
from course_utils.simulate import communication as model

N = 40_000


def standard_error(r: float, n: int = N) -> float:
    return (1 - r * r) / np.sqrt(n)


def test_every_evidence_id_is_a_checked_finding() -> None:
    for finding in model.EVIDENCE_IDS:
        assert evidence.get(finding).status in {"V1", "V2", "D"}


def test_perception_measures_reproduce_the_pooled_r_at_defaults() -> None:
    validity = tuple(model.DEFAULT_VALIDITY[rater] for rater in model.RATERS)
    rated = model.rated_empathy(
        validity, model.true_r_for(evidence.value("empathy-outcome")), N, seed=5
    )
    published = evidence.value("empathy-outcome")  # r = .28, Elliott et al. 2018
    for r in rated.outcome_r[:3]:
        assert abs(r - published) < 3 * standard_error(published) + 0.005
    assert rated.outcome_r[3] < min(rated.outcome_r[:3])  # the accuracy task predicts least


def test_each_rating_predicts_outcome_at_validity_times_the_true_link() -> None:
    rated = model.rated_empathy((0.9, 0.6, 0.3, 0.1), 0.4, N, seed=6)
    assert np.allclose(rated.validity, [0.9, 0.6, 0.3, 0.1], atol=0.015)
    assert np.allclose(rated.outcome_r, [0.36, 0.24, 0.12, 0.04], atol=0.02)
    assert rated.outcome_r[0] > rated.outcome_r[1] > rated.outcome_r[2] > rated.outcome_r[3]


def test_perceived_warmth_keeps_the_published_link_while_intended_warmth_loses_it() -> None:
    published = evidence.value("empathy-outcome")
    message = model.message_received(1.0, 0.5, published, N, seed=7)
    fidelity = model.expected_fidelity(1.0, 0.5)
    assert fidelity == pytest.approx(1 / np.sqrt(2.25))
    assert abs(message.perceived_r - published) < 3 * standard_error(published)
    assert abs(message.fidelity - fidelity) < 3 * standard_error(fidelity)
    assert abs(message.intended_r - published * fidelity) < 0.02
    assert message.outcome_gap > 0


def test_a_clear_channel_passes_warmth_unchanged() -> None:
    message = model.message_received(0, 0, 0.28, 500, seed=1)
    assert np.allclose(message.intended, message.perceived)


def test_the_same_seed_gives_the_same_clients() -> None:
    a = model.message_received(0.5, 0.5, 0.28, 300, seed=3)
    b = model.message_received(0.5, 0.5, 0.28, 300, seed=3)
    assert np.array_equal(a.outcome, b.outcome)


@pytest.mark.parametrize(
    "call",
    [
        lambda: model.rated_empathy((1.2, 0.5, 0.3, 0.3), 0.3, 100, seed=1),
        lambda: model.rated_empathy((0.9, 0.5, 0.3, 0.3), 0.99, 100, seed=1),
        lambda: model.rated_empathy((0.9, 0.5, 0.3, 0.3), 0.3, 5, seed=1),
        lambda: model.message_received(-1, 0.5, 0.28, 100, seed=1),
        lambda: model.message_received(0.5, 9, 0.28, 100, seed=1),
    ],
)
def test_out_of_range_parameters_name_the_allowed_range(call) -> None:
    with pytest.raises(ValueError, match="must be between"):
        call()
