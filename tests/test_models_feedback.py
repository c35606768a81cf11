"""Module 03 models: Jacobson–Truax reliable change, the OQ-45 cohort and feedback effects."""

from __future__ import annotations

from math import sqrt

import numpy as np
import pytest

from course_utils import evidence
from course_utils.simulate import feedback as model

N = 40_000
MEASURE = {"rci": 18.0, "deterioration": 0.075}  # Dutch norms; 5–10% deterioration, midpoint
TRIAL = {**MEASURE, "cutoff": 56.0}


def test_every_evidence_id_is_a_checked_finding() -> None:
    for finding in model.EVIDENCE_IDS:
        assert evidence.get(finding).status in {"V1", "V2", "D"}


def test_the_jacobson_truax_formula_is_computed_step_by_step() -> None:
    se = model.measurement_error(sd=10, reliability=0.84)
    assert se == pytest.approx(4.0)  # SE = SD·√(1 − r_xx) = 10·0.4
    assert model.difference_error(se) == pytest.approx(sqrt(2 * 16))  # S_diff = √(2·SE²)
    assert model.reliable_change_index(10, 0.84) == pytest.approx(1.96 * sqrt(32))
    # and back: the OQ-45's RCI of 14 implies the measurement error the cohort carries
    rci = evidence.value("oq45-rci")
    assert model.reliable_change_index(model.error_from_rci(rci), 0) == pytest.approx(rci)


def test_clients_who_do_not_change_cross_the_rci_five_percent_of_the_time() -> None:
    """The meaning of 1.96: with error alone, |x₂ − x₁| ≥ RCI in 5% of clients."""
    rci = evidence.value("oq45-rci")
    rng = np.random.default_rng(1)
    before, after = rng.normal(80, model.error_from_rci(rci), (2, N))
    crossed = np.mean(np.abs(after - before) >= rci)
    assert abs(crossed - 0.05) < 3 * sqrt(0.05 * 0.95 / N)


def test_the_cohort_deteriorates_at_the_published_rate_at_defaults() -> None:
    published = evidence.get("deterioration-rate")  # 5–10%, Shimokawa et al. 2010
    cohort = model.cohort(model.DEFAULT_MEAN_CHANGE, N, seed=2, **MEASURE)
    codes = model.classify(cohort.intake, cohort.final, MEASURE["rci"], 56)
    deteriorated = model.shares(codes)[3]
    assert abs(deteriorated - published.value / 100) < 3 * sqrt(0.075 * 0.925 / N)
    assert published.interval[0] / 100 <= deteriorated <= published.interval[1] / 100


def test_the_jacobson_truax_categories_follow_their_definitions() -> None:
    intake = np.array([80.0, 80, 50, 80, 80])
    final = np.array([40.0, 60, 30, 75, 95])
    codes = model.classify(intake, final, rci=14, cutoff=56)
    assert [model.CATEGORIES[c] for c in codes] == [
        "Recovered",  # reliable drop, from above the cutoff to below it
        "Improved",  # reliable drop, still above the cutoff
        "Improved",  # reliable drop, but started below the cutoff
        "No change",
        "Deteriorated",
    ]


def test_flagged_clients_end_worse_than_clients_on_track() -> None:
    cohort = model.cohort(model.DEFAULT_MEAN_CHANGE, 5000, seed=3, **MEASURE)
    change = cohort.final - cohort.intake
    assert 0.1 < cohort.not_on_track.mean() < 0.4
    assert change[cohort.not_on_track].mean() > change[~cohort.not_on_track].mean() + 20


def test_feedback_reproduces_de_jongs_effects_within_sampling_error() -> None:
    d_all = evidence.value("rom-feedback-overall")  # 0.15
    d_not = evidence.value("rom-feedback-not")  # 0.17
    trial = model.feedback_trial(d_all, d_not, evidence.value("rom-cst-not"), N, seed=4, **TRIAL)
    standard_error = sqrt(2 / N)  # of d between two arms of N clients
    assert abs(trial.effect_size(1) - d_all) < 3 * standard_error
    flagged = trial.not_on_track
    assert abs(trial.effect_size(1, flagged) - d_not) < 3 * sqrt(2 / flagged.sum())
    assert abs(trial.effect_size(2, flagged) - 0.445) < 3 * sqrt(2 / flagged.sum())


def test_feedback_and_support_tools_lower_deterioration() -> None:
    trial = model.feedback_trial(0.15, 0.17, 0.445, 5000, seed=5, **TRIAL)
    deteriorated = trial.rates()[:, 2]
    recovered = trial.rates()[:, 0]
    assert deteriorated[0] > deteriorated[1] > deteriorated[2]
    assert recovered[0] < recovered[1] <= recovered[2]


@pytest.mark.parametrize(
    "call",
    [
        lambda: model.cohort(-99, 100, seed=1, **MEASURE),
        lambda: model.cohort(-20, 1, seed=1, **MEASURE),
        lambda: model.classify(np.zeros(2), np.zeros(2), rci=0, cutoff=56),
        lambda: model.classify(np.zeros(2), np.zeros(2), rci=14, cutoff=500),
        lambda: model.feedback_trial(-0.1, 0.17, 0.4, 1000, seed=1, **TRIAL),
        lambda: model.measurement_error(10, 1.5),
    ],
)
def test_out_of_range_parameters_name_the_allowed_range(call) -> None:
    with pytest.raises(ValueError, match="must be between"):
        call()
