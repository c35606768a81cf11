"""Module 07 models reproduce their sources: rupture repair and dropout, cultural fit."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from course_utils import evidence
from course_utils.simulate import challenges as model


def published_start() -> model.RuptureSettings:
    return model.default_ruptures(evidence.value("rupture-frequency"))


def published_calibration() -> model.RuptureCalibration:
    return model.default_calibration(
        evidence.value("rupture-frequency"),
        evidence.value("dropout-rate"),
        evidence.value("rupture-repair-outcome"),
        evidence.value("routine-benchmark-depression"),
    )


def course_at(settings: model.RuptureSettings, clients: int, seed: int) -> model.RuptureCourse:
    return model.rupture_course(settings, clients, seed, published_calibration())


LARGE = 200_000


@pytest.fixture(scope="module")
def large_course() -> model.RuptureCourse:
    return course_at(published_start(), LARGE, seed=21)


def test_every_evidence_id_is_a_checked_or_derived_finding() -> None:
    for finding_id in model.EVIDENCE_IDS:
        assert evidence.get(finding_id).status in {"V1", "V2", "D"}, finding_id
    assert all(reason.strip() for reason in model.ILLUSTRATIVE.values())


# --- Ruptures and repair -----------------------------------------------------------------------


def test_the_default_rupture_rate_is_the_middle_of_the_cited_range() -> None:
    low, high = evidence.get("rupture-frequency").interval
    assert published_start().rupture_rate == pytest.approx((low + high) / 200)


def test_ruptures_happen_at_the_set_rate_in_sessions_attended(large_course) -> None:
    attended = large_course.attended.sum()
    share = large_course.rupture.sum() / attended
    rate = published_start().rupture_rate
    assert abs(share - rate) < 3 * math.sqrt(rate * (1 - rate) / attended)


def test_default_dropout_reproduces_swift_and_greenberg(large_course) -> None:
    published = evidence.value("dropout-rate") / 100
    standard_error = math.sqrt(published * (1 - published) / LARGE)
    assert abs(large_course.dropout_percent / 100 - published) < 3 * standard_error


def test_repair_and_outcome_correlate_as_eubanks_et_al_found(large_course) -> None:
    published = evidence.value("rupture-repair-outcome")
    finishers = int(large_course.completed.sum())
    standard_error = (1 - published**2) / math.sqrt(finishers)
    assert abs(large_course.repair_outcome_r() - published) < 3 * standard_error


def test_finishers_improve_as_much_as_the_routine_benchmark(large_course) -> None:
    finished = large_course.outcome[large_course.completed]
    benchmark = evidence.value("routine-benchmark-depression")
    assert abs(finished.mean() - benchmark) < 3 * finished.std() / math.sqrt(finished.size)


@pytest.mark.parametrize("rate", [0.05, 0.305, 0.55])
def test_more_ruptures_never_help_finishers(rate: float) -> None:
    settings = published_start()
    fewer = course_at(replace(settings, rupture_rate=rate), 50_000, seed=3)
    more = course_at(replace(settings, rupture_rate=rate + 0.04), 50_000, seed=3)
    assert np.nanmean(more.outcome) < np.nanmean(fewer.outcome)


def test_a_personality_disorder_lowers_finishers_improvement(large_course) -> None:
    settings = replace(published_start(), personality_disorder=True)
    with_pd = course_at(settings, LARGE, seed=21)
    assert np.nanmean(with_pd.outcome) < np.nanmean(large_course.outcome) - 0.2


def test_a_repaired_rupture_costs_nothing_and_an_unrepaired_one_costs_the_calibrated_amount() -> (
    None
):
    calibration = published_calibration()
    course = course_at(published_start(), 5000, seed=2)
    _, noise = model._rupture_draws(5000, 2, model.SESSIONS)
    done = course.completed
    expected = calibration.base_gain - calibration.rupture_cost * course.unrepaired + noise
    assert np.allclose(course.outcome[done], expected[done])


def test_the_exact_finisher_distribution_matches_simulation(large_course) -> None:
    joint = model.finisher_counts(published_start())
    done = large_course.completed
    lost = large_course.unrepaired[done]
    expected = (joint.sum(axis=0) * np.arange(joint.shape[1])).sum()
    assert abs(lost.mean() - expected) < 3 * lost.std() / math.sqrt(lost.size)


def test_withdrawal_ruptures_are_repaired_less_often(large_course) -> None:
    withdrawal = large_course.rupture & large_course.withdrawal
    confrontation = large_course.rupture & ~large_course.withdrawal
    share_w = large_course.repaired[withdrawal].mean()
    share_c = large_course.repaired[confrontation].mean()
    assert share_w < share_c


def test_a_personality_disorder_raises_ruptures_and_dropout(large_course) -> None:
    settings = replace(published_start(), personality_disorder=True)
    with_pd = course_at(settings, LARGE, seed=21)
    assert with_pd.rupture.sum() / with_pd.attended.sum() > 0.4
    assert with_pd.dropout_percent > large_course.dropout_percent


def test_noticing_withdrawal_more_often_lowers_dropout(large_course) -> None:
    settings = replace(published_start(), detect_withdrawal=0.9)
    better = course_at(settings, LARGE, seed=21)
    assert better.dropout_percent < large_course.dropout_percent - 1


def test_without_ruptures_nothing_is_repaired_and_r_is_undefined() -> None:
    course = course_at(replace(published_start(), rupture_rate=0), 5000, 1)
    assert course.rupture.sum() == 0 and course.repairs.sum() == 0
    assert math.isnan(course.repair_outcome_r())
    assert course.dropout_percent < 19.7


def test_dropouts_have_no_outcome_and_no_events_after_leaving() -> None:
    course = course_at(published_start(), 2000, seed=4)
    gone = ~course.completed
    assert np.isnan(course.outcome[gone]).all() and not np.isnan(course.outcome[~gone]).any()
    after = np.arange(course.rupture.shape[1]) >= course.attended[:, None]
    assert not course.rupture[after].any()
    assert course.cumulative_dropout()[-1] == pytest.approx(course.dropout_percent)


# --- Cultural fit ------------------------------------------------------------------------------


@pytest.mark.parametrize("finding", ["cultural-adaptation", "cultural-adaptation-bias-corrected"])
def test_a_large_cohort_reproduces_the_adaptation_effect(finding: str) -> None:
    d = evidence.value(finding)
    cohort = model.cultural_cohort(d, 0.38, 0.06, LARGE, seed=3)
    standard_error = math.sqrt(2 / LARGE + d * d / (4 * LARGE))
    assert abs(cohort.d - d) < 3 * standard_error


def test_a_large_cohort_reproduces_both_rater_correlations() -> None:
    client = evidence.value("mc-client-rated-outcome")
    therapist = evidence.value("mc-self-rated-outcome")
    cohort = model.cultural_cohort(0.5, client, therapist, LARGE, seed=5)
    n = 2 * LARGE
    assert abs(cohort.r_client - client) < 3 * (1 - client**2) / math.sqrt(n)
    assert abs(cohort.r_therapist - therapist) < 3 * (1 - therapist**2) / math.sqrt(n)


# --- Parameter checks and seeds ----------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: replace(published_start(), rupture_rate=0.9),
        lambda: replace(published_start(), detect_withdrawal=1.5),
        lambda: replace(published_start(), pd_factor=0.5),
        lambda: course_at(published_start(), 5, 1),
        lambda: model.cultural_cohort(2.0, 0.38, 0.06, 100, 1),
        lambda: model.cultural_cohort(0.5, 1.0, 0.06, 100, 1),
    ],
)
def test_out_of_range_parameters_name_the_allowed_range(call) -> None:
    with pytest.raises(ValueError, match="must be between"):
        call()


def test_the_same_seed_gives_the_same_simulation() -> None:
    settings = published_start()
    a, b = course_at(settings, 300, 9), course_at(settings, 300, 9)
    assert np.array_equal(a.repaired, b.repaired) and np.array_equal(a.attended, b.attended)
    assert not np.array_equal(
        model.cultural_cohort(0.5, 0.38, 0.06, 50, 1).outcome,
        model.cultural_cohort(0.5, 0.38, 0.06, 50, 2).outcome,
    )
