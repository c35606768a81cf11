"""What the models of modules 01–05 must do whatever their settings (property tests).

Reproduction tests check that a model hits the number it was tuned to; these check the model's
form: a correlation is recovered as a correlation between scores of unit variance, an effect
appears exactly where it is imposed and nowhere else, and a warning is never a certainty.
"""

from __future__ import annotations

from math import sqrt

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course_utils.simulate import communication, containment, feedback, relationship
from course_utils.simulate import transference as ct

SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
seeds = st.integers(0, 9999)


def within(sample: float, target: float, n: int, k: float = 4.5) -> bool:
    """A sample correlation lies within k standard errors of its population value."""
    return abs(sample - target) <= k * (1 - target**2) / sqrt(n) + 1e-9


# --- 01: a correlation is a correlation at unit variance -------------------------------------

N_BIG = 20_000


@SETTINGS
@given(r=st.floats(-0.9, 0.9), seed=seeds)
def test_cohort_recovers_r_as_a_correlation_between_unit_variance_scores(r, seed) -> None:
    cohort = relationship.correlated_cohort(r, N_BIG, seed)
    assert within(cohort.sample_r, r, N_BIG)
    for scores in (cohort.process, cohort.outcome):
        assert abs(scores.std() - 1) < 0.04  # z-scores: the slope is the correlation
    slope, _ = cohort.fit
    assert abs(slope - r) < 0.04


@SETTINGS
@given(r=st.floats(-0.9, 0.9), seed=seeds)
def test_the_median_split_counted_in_a_cohort_follows_arcsin_not_the_besd(r, seed) -> None:
    cohort = relationship.correlated_cohort(r, N_BIG, seed)
    counted, expected = cohort.split, relationship.median_split_rate(r)
    assert abs(counted.higher - expected.higher) < 2.5  # percentage points
    besd = relationship.besd(r)
    assert abs(besd.higher - 50) >= abs(expected.higher - 50) - 1e-9  # the BESD is wider
    assert besd.higher + besd.lower == 100


# --- 02: each measure predicts outcome at validity × link --------------------------------------

validities = st.tuples(*(st.sampled_from(np.arange(0, 1.0001, 0.05).round(2)) for _ in range(4)))


@SETTINGS
@given(validity=validities, true_r=st.floats(0, 0.6), seed=seeds)
def test_each_measure_predicts_outcome_at_validity_times_link(validity, true_r, seed) -> None:
    rated = communication.rated_empathy(validity, true_r, N_BIG, seed)
    for v, got_v, got_r in zip(validity, rated.validity, rated.outcome_r, strict=True):
        assert within(got_v, v, N_BIG)
        assert within(got_r, v * true_r, N_BIG)


@SETTINGS
@given(
    body=st.floats(0, 2), culture=st.floats(0, 2), r=st.floats(0, 0.8), seed=seeds
)  # fmt: skip
def test_perceived_warmth_has_unit_variance_and_keeps_its_link(body, culture, r, seed) -> None:
    message = communication.message_received(body, culture, r, N_BIG, seed)
    assert abs(message.perceived.std() - 1) < 0.04
    assert abs(message.outcome.std() - 1) < 0.04
    assert within(message.perceived_r, r, N_BIG)
    fidelity = communication.expected_fidelity(body, culture)
    assert within(message.intended_r, r * fidelity, N_BIG)


# --- 03: a flag is a warning, and feedback acts where it is imposed ---------------------------

NORMS = {"rci": 18.0, "deterioration": 0.075}


@SETTINGS
@given(mean_change=st.integers(-40, 10), seed=seeds)
def test_a_flag_never_predicts_failure_with_certainty(mean_change, seed) -> None:
    """Whatever the cohort's average change, some flagged clients end better than the expected
    course (a flag can catch a bad week), yet flagged clients fare worse than the rest."""
    group = feedback.cohort(float(mean_change), 3000, seed, **NORMS)
    codes = feedback.classify(group.intake, group.final, NORMS["rci"], 56)
    flagged = group.not_on_track
    assert 50 <= flagged.sum() < len(flagged)
    beat_expected = group.final - group.intake < group.expected[-1]
    assert beat_expected[flagged].mean() >= 0.02, "the flag decided every flagged outcome"
    assert (codes[flagged] == 3).mean() < 0.95
    assert beat_expected[flagged].mean() < beat_expected[~flagged].mean()
    assert (codes[flagged] == 3).mean() > (codes[~flagged] == 3).mean()


effects = st.floats(0, 0.6)


@SETTINGS
@given(d_all=effects, d_not=effects, g_cst=effects, seed=st.integers(0, 20))
def test_support_tools_act_only_on_flagged_clients(d_all, d_not, g_cst, seed) -> None:
    trial = feedback.feedback_trial(
        d_all, d_not, g_cst, 2000, seed, rci=18.0, cutoff=56.0, deterioration=0.075
    )
    on_track = ~trial.not_on_track
    assert np.array_equal(trial.finals[1, on_track], trial.finals[2, on_track])
    if d_not == g_cst:
        assert np.array_equal(trial.finals[1], trial.finals[2])


@SETTINGS
@given(seed=st.integers(0, 20))
def test_no_effect_means_no_difference_anywhere(seed) -> None:
    trial = feedback.feedback_trial(
        0.0, 0.0, 0.0, 2000, seed, rci=18.0, cutoff=56.0, deterioration=0.075
    )
    assert np.array_equal(trial.finals[0], trial.finals[1])
    assert np.array_equal(trial.finals[0], trial.finals[2])
    assert trial.success_rate_difference(1) == 0


# --- 04: containment acts only near the top of the window ------------------------------------

levels = st.floats(0, 1)


@SETTINGS
@given(low=levels, high=levels, stimulus=st.floats(0, 2), noise=st.floats(0, 1.5), seed=seeds)
def test_more_containment_never_takes_processing_away(low, high, stimulus, noise, seed) -> None:
    low, high = sorted((low, high))
    weak = containment.session(low, stimulus, noise, seed)
    strong = containment.session(high, stimulus, noise, seed)
    assert strong.processing[0, -1] >= weak.processing[0, -1] - 1  # one minute of clipping
    assert strong.flooded[0] <= weak.flooded[0] + 1


@SETTINGS
@given(c=levels, stimulus=st.floats(0, 2), noise=st.floats(0, 1.5), seed=seeds)
def test_containment_changes_nothing_until_arousal_passes_the_set_point(
    c, stimulus, noise, seed
) -> None:
    run = containment.session(c, stimulus, noise, seed)
    held, free = run.arousal[0], run.arousal[2]
    above = np.flatnonzero(free > containment.SET_POINT)
    first = above[0] if above.size else len(free) - 1
    assert np.array_equal(held[: first + 1], free[: first + 1])
    assert run.arousal.min() >= 0 and run.arousal.max() <= 10


# --- 05: three correlations, recovered, and the path decomposition ----------------------------

correlations = st.floats(-0.8, 0.8)


@SETTINGS
@given(r_mr=correlations, r_ry=correlations, r_my=correlations, seed=seeds)
def test_the_ct_cohort_recovers_all_three_correlations(r_mr, r_ry, r_my, seed) -> None:
    matrix = ct.correlation_matrix(r_mr, r_ry, r_my)
    if ct.smallest_eigenvalue(matrix) <= 0.01:
        return  # no population has these three correlations
    cohort = ct.ct_cohort(r_mr, r_ry, r_my, N_BIG, seed)
    assert np.allclose(cohort.scores.std(axis=0), 1, atol=0.04)
    sample = cohort.sample_r
    for (i, j), target in {(0, 1): r_mr, (1, 2): r_ry, (0, 2): r_my}.items():
        assert within(sample[i, j], target, N_BIG)
    paths = ct.path_coefficients(r_mr, r_ry, r_my)
    assert abs(paths.management_outcome + paths.indirect - r_my) < 1e-9  # c = c′ + a·b
