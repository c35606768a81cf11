"""Module 05 models: the countertransference system and the transference template."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils import evidence
from course_utils.explorers.base import default
from course_utils.simulate import transference as model


def ct_defaults() -> tuple[float, float, float]:
    """Published r: management–reactions, reactions–outcome, management–outcome."""
    return tuple(default(model.PARAMS[name]) for name in ("r_mr", "r_ry", "r_my"))


N = 40_000


def test_every_evidence_id_is_a_checked_finding() -> None:
    for finding in model.EVIDENCE_IDS:
        assert evidence.get(finding).status in {"V1", "V2", "D"}


def test_the_published_correlations_form_a_valid_matrix() -> None:
    matrix = model.correlation_matrix(*ct_defaults())
    assert model.smallest_eigenvalue(matrix) > 0  # positive definite
    assert np.linalg.det(matrix) == pytest.approx(
        1 - 0.27**2 - 0.16**2 - 0.39**2 + 2 * (-0.27) * (-0.16) * 0.39
    )


def test_the_cohort_reproduces_hayes_et_al_within_sampling_error() -> None:
    r_mr, r_ry, r_my = ct_defaults()  # −.27, −.16, .39 (Hayes et al., 2018)
    sample = model.ct_cohort(r_mr, r_ry, r_my, N, seed=9).sample_r
    for found, published in ((sample[0, 1], r_mr), (sample[1, 2], r_ry), (sample[0, 2], r_my)):
        assert abs(found - published) < 3 * (1 - published**2) / np.sqrt(N)


def test_path_coefficients_match_a_least_squares_fit() -> None:
    defaults = ct_defaults()
    paths = model.path_coefficients(*defaults)
    scores = model.ct_cohort(*defaults, N, seed=10).scores
    fitted = np.linalg.lstsq(scores[:, :2], scores[:, 2], rcond=None)[0]
    assert fitted == pytest.approx([paths.management_outcome, paths.reactions_outcome], abs=0.02)
    assert paths.management_reactions == pytest.approx(-0.27)
    assert paths.indirect == pytest.approx(-0.27 * paths.reactions_outcome)


def test_high_management_goes_with_better_outcome() -> None:
    low, high = model.ct_cohort(*ct_defaults(), 3000, seed=11).outcome_by_management()
    assert high.mean() > low.mean() + 0.5


def test_impossible_correlations_are_refused_with_the_reason() -> None:
    assert model.smallest_eigenvalue(model.correlation_matrix(-0.9, 0.9, 0.39)) < 0
    with pytest.raises(ValueError, match="not positive definite"):
        model.ct_cohort(-0.9, 0.9, 0.39, 500, seed=1)
    low, high = model.allowed_range(-0.9, 0.9)
    assert low == pytest.approx(-1) and high == pytest.approx(-0.62)


def test_the_complementary_response_keeps_warmth_and_flips_dominance() -> None:
    assert model.complement(np.array([-0.7, 0.7])) == pytest.approx([-0.7, -0.7])


def test_a_therapist_who_resists_the_pull_revises_the_template() -> None:
    start = model.TEMPLATES["hostile-dominant"]
    run = model.template_run(start, learning_rate=0.2, pull=0.0, sessions=10)
    gap = run.distance_to(model.THERAPIST_STANCE)
    assert gap[-1] == pytest.approx(gap[0] * 0.8**10)  # closes by the learning rate each session


def test_a_therapist_fully_pulled_in_confirms_the_warmth_template() -> None:
    start = model.TEMPLATES["hostile-dominant"]
    run = model.template_run(start, learning_rate=0.3, pull=1.0)
    assert run.warmth == pytest.approx(start[0])  # warmth never changes
    assert run.therapist[0] == pytest.approx([start[0], 0.2 + 0.5 * (start[1] - 0.2)])


def test_the_pull_slows_the_revision() -> None:
    start = model.TEMPLATES["hostile-submissive"]
    warmth = [model.template_run(start, 0.15, pull).warmth[-1] for pull in (0.0, 0.4, 0.8)]
    assert warmth[0] > warmth[1] > warmth[2]


@pytest.mark.parametrize(
    "call",
    [
        lambda: model.correlation_matrix(0.99, 0.1, 0.1),
        lambda: model.ct_cohort(-0.27, -0.16, 0.39, 5, seed=1),
        lambda: model.template_run((-0.7, 0.7), learning_rate=1.5, pull=0.5),
        lambda: model.template_run((-0.7, 0.7), learning_rate=0.1, pull=-0.1),
    ],
)
def test_out_of_range_parameters_name_the_allowed_range(call) -> None:
    with pytest.raises(ValueError, match="must be between"):
        call()
