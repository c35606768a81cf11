"""Module 08 models reproduce their sources: dose–response, therapist effects, careers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from course_utils import evidence
from course_utils.simulate import enhancing as model


def published_howard() -> model.ProbitCurve:
    return model.howard_curve(evidence.value("howard-50-by-8"), evidence.value("howard-75-by-26"))


START = evidence.value("routine-benchmark-depression")


def test_every_evidence_id_is_a_checked_or_derived_finding() -> None:
    for finding_id in model.EVIDENCE_IDS:
        assert evidence.get(finding_id).status in {"V1", "V2", "D"}, finding_id
    assert all(reason.strip() for reason in model.ILLUSTRATIVE.values())


# --- Dose and response -------------------------------------------------------------------------


def test_the_howard_fit_passes_through_both_published_points() -> None:
    curve = published_howard()
    assert curve.percent(8) == pytest.approx(50, abs=0.05)
    assert curve.percent(26) == pytest.approx(75, abs=0.05)


def test_the_howard_fit_has_the_derived_coefficients() -> None:
    curve = published_howard()
    assert curve.intercept == pytest.approx(-1.190, abs=0.0005)
    assert curve.slope == pytest.approx(1.318, abs=0.0005)


@pytest.mark.parametrize(
    ("sessions", "finding"),
    [
        (1, "howard-fit-1-session"),
        (4, "howard-fit-4-sessions"),
        (13, "howard-fit-13-sessions"),
        (52, "howard-fit-52-sessions"),
    ],
)
def test_the_howard_fit_gives_the_derived_values(sessions: int, finding: str) -> None:
    assert published_howard().percent(sessions) == pytest.approx(evidence.value(finding), abs=0.05)


def test_the_recovery_curve_puts_half_recovered_within_hansens_range() -> None:
    low, high = evidence.get("hansen-sessions-50-recover").interval
    curve = model.recovery_curve(evidence.value("hansen-sessions-50-recover"), published_howard())
    assert low <= curve.sessions_for(50) <= high
    assert curve.percent(evidence.value("hansen-sessions-50-recover")) == pytest.approx(50)
    sessions = np.geomspace(1, 60, 50)
    assert np.all(curve.percent(sessions) < published_howard().percent(sessions))


def test_a_large_simulated_cohort_reproduces_howards_points() -> None:
    n = 200_000
    thresholds = model.client_thresholds(n, seed=11)
    shares = model.simulated_percent(published_howard(), thresholds, np.array([8, 26]))
    for share, published in zip(shares, (50, 75), strict=True):
        standard_error = 100 * math.sqrt(published / 100 * (1 - published / 100) / n)
        assert abs(share - published) < 3 * standard_error


def test_recovery_never_comes_before_improvement_for_a_simulated_client() -> None:
    thresholds = model.client_thresholds(5000, seed=2)
    sessions = np.arange(1, 61)
    improved = model.simulated_percent(published_howard(), thresholds, sessions)
    recovered = model.simulated_percent(
        model.recovery_curve(13, published_howard()), thresholds, sessions
    )
    assert np.all(recovered <= improved)


# --- Therapist effects -------------------------------------------------------------------------


def test_a_large_simulation_recovers_the_published_icc() -> None:
    icc = evidence.value("therapist-effects-review") / 100
    therapists, clients = 500, 100
    sample = model.therapist_sample(icc, clients, therapists, seed=5)
    # Large-sample standard error of the one-way ANOVA ICC estimator.
    standard_error = math.sqrt(
        2
        * (1 - icc) ** 2
        * (1 + (clients - 1) * icc) ** 2
        / (clients * (clients - 1) * (therapists - 1))
    )
    assert abs(sample.estimated_icc - icc) < 3 * standard_error


@pytest.mark.parametrize("icc", [0.002, 0.05, 0.29])
def test_the_estimated_icc_tracks_the_input_across_the_published_range(icc: float) -> None:
    sample = model.therapist_sample(icc, 200, 1000, seed=8)
    assert sample.estimated_icc == pytest.approx(icc, abs=0.01)


def test_the_ranking_formula_matches_a_direct_simulation() -> None:
    icc, clients, pairs = 0.05, 30, 40_000
    rng = np.random.default_rng(4)
    gap = math.sqrt(icc)  # one SD of therapist effects
    noise = math.sqrt(1 - icc) * rng.standard_normal((2, pairs, clients)).mean(axis=2)
    observed = float(np.mean(gap + noise[0] > noise[1]))
    expected = float(model.chance_better_ranked_higher(icc, clients))
    assert abs(observed - expected) < 3 * math.sqrt(expected * (1 - expected) / pairs)


def test_clients_to_rank_inverts_the_ranking_formula() -> None:
    needed = model.clients_to_rank(0.05, 0.95)
    assert float(model.chance_better_ranked_higher(0.05, needed)) == pytest.approx(0.95)
    assert needed == pytest.approx(102.8, abs=0.1)


def test_adding_clients_keeps_the_earlier_clients() -> None:
    few = model.therapist_sample(0.05, 20, 30, seed=3)
    many = model.therapist_sample(0.05, 80, 30, seed=3)
    assert np.array_equal(few.outcomes, many.outcomes[:, :20])
    assert np.array_equal(few.true_effect, many.true_effect)


def test_intervals_are_wider_with_fewer_clients() -> None:
    assert np.median(model.therapist_sample(0.05, 5, 50, 1).half_width) > np.median(
        model.therapist_sample(0.05, 200, 50, 1).half_width
    )


# --- Experience versus deliberate practice -----------------------------------------------------


def test_the_default_directions_follow_the_sources() -> None:
    assert model.EXPERIENCE_DRIFT <= 0  # Goldberg et al. 2016: no gain, a very slight decline
    assert model.PRACTICE_GAIN > 0  # Chow et al. 2015: practice time predicted outcomes


def test_large_cohorts_show_the_chosen_yearly_changes() -> None:
    result = model.careers(
        model.EXPERIENCE_DRIFT, model.PRACTICE_GAIN, 20_000, seed=9, start_d=START
    )
    assert result.slope(result.experience) == pytest.approx(model.EXPERIENCE_DRIFT, abs=0.002)
    assert result.slope(result.practice) == pytest.approx(
        model.EXPERIENCE_DRIFT + model.PRACTICE_GAIN, abs=0.002
    )
    start = evidence.value("routine-benchmark-depression")
    assert result.experience[:, 0].mean() == pytest.approx(start, abs=0.01)


def test_without_practice_gain_the_groups_change_alike() -> None:
    result = model.careers(-0.01, 0.0, 20_000, seed=2, start_d=START)
    assert result.slope(result.practice) == pytest.approx(
        result.slope(result.experience), abs=0.002
    )


# --- Parameter checks and seeds ----------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: model.recovery_curve(5, published_howard()),
        lambda: model.client_thresholds(3, 1),
        lambda: model.therapist_sample(0.6, 30, 50, 1),
        lambda: model.therapist_sample(0.05, 1, 50, 1),
        lambda: model.chance_better_ranked_higher(0.0, 10),
        lambda: model.careers(0.5, 0.02, 40, 1, start_d=START),
        lambda: model.careers(-0.01, -0.1, 40, 1, start_d=START),
    ],
)
def test_out_of_range_parameters_name_the_allowed_range(call) -> None:
    with pytest.raises(ValueError, match="must be between"):
        call()


def test_the_same_seed_gives_the_same_simulation() -> None:
    assert np.array_equal(
        model.therapist_sample(0.05, 30, 50, 7).outcomes,
        model.therapist_sample(0.05, 30, 50, 7).outcomes,
    )
    assert not np.array_equal(
        model.careers(-0.01, 0.02, 10, 1, start_d=START).practice,
        model.careers(-0.01, 0.02, 10, 2, start_d=START).practice,
    )
