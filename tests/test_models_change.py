"""Module 06 models reproduce their sources: sudden gains, complementarity, stages and dropout."""

from __future__ import annotations

import math

import numpy as np
import pytest

from course_utils import evidence
from course_utils.simulate import change as model
from course_utils.simulate.relationship import r_from_d


def published() -> dict[str, float]:
    return {
        "dropout_percent": evidence.value("dropout-rate"),
        "preference_or": evidence.value("preference-dropout-or"),
        "stages_d": evidence.value("stages-of-change"),
    }


SIZE = evidence.value("sudden-gain-size")

LARGE = 200_000


def test_every_evidence_id_is_a_checked_or_derived_finding() -> None:
    for finding_id in model.EVIDENCE_IDS:
        assert evidence.get(finding_id).status in {"V1", "V2", "D"}, finding_id
    assert all(reason.strip() for reason in model.ILLUSTRATIVE.values())


# --- Sudden gains ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gains() -> model.Trajectories:
    share = evidence.value("sudden-gains-group-cbt")
    return model.sudden_gains(
        model.gain_chance_for_share(share, 0.2), 0.2, LARGE, seed=13, gain_size=SIZE
    )


def test_the_default_gain_chance_reproduces_the_group_cbt_share(gains) -> None:
    published = evidence.value("sudden-gains-group-cbt") / 100
    standard_error = math.sqrt(published * (1 - published) / LARGE)
    assert abs(gains.share_with_gain / 100 - published) < 3 * standard_error


def test_gains_average_tang_and_derubeis_eleven_points(gains) -> None:
    sizes = gains.jump_sizes
    assert abs(sizes.mean() - evidence.value("sudden-gain-size")) < 3 * sizes.std() / math.sqrt(
        len(sizes)
    )


def test_a_gain_shows_as_a_drop_and_a_reversal_as_a_rebound() -> None:
    result = model.sudden_gains(0.05, 0.5, 20_000, seed=3, gain_size=SIZE)
    step = np.diff(result.scores, axis=1)
    kept = result.gains[:, 1:] & ~result.reversed[:, 1:]
    assert step[kept].mean() < -9
    after = np.roll(result.reversed, 1, axis=1)[:, 1:]
    assert step[after & ~result.jumps[:, 1:]].mean() > 5


def test_a_reversed_drop_is_not_a_sudden_gain() -> None:
    result = model.sudden_gains(0.05, 1.0, 5000, seed=3, gain_size=SIZE)
    assert not (result.gains & result.reversed).any()
    only_reversed = result.jumps.any(axis=1) & ~result.with_gain
    assert only_reversed.any()
    assert result.share_reversed == pytest.approx(100 * only_reversed.mean())
    # with every drop reversed, only a drop at the last session (nothing left to reverse it) counts
    assert result.with_gain.sum() == result.jumps[:, -1].sum()


@pytest.mark.parametrize("reversal", [0.0, 0.2, 0.5])
def test_the_calibrated_chance_gives_the_share_with_a_kept_gain(reversal: float) -> None:
    chance = model.gain_chance_for_share(40, reversal)
    result = model.sudden_gains(chance, reversal, LARGE, seed=5, gain_size=SIZE)
    assert abs(result.share_with_gain - 40) < 3 * 100 * math.sqrt(0.24 / LARGE)


def test_without_gains_no_client_has_one() -> None:
    result = model.sudden_gains(0.0, 0.5, 1000, seed=1, gain_size=SIZE)
    assert result.share_with_gain == 0 and result.share_reversed == 0


def test_gainers_end_lower_than_non_gainers(gains) -> None:
    final = gains.scores[:, -1]
    assert final[gains.with_gain].mean() < final[~gains.with_gain].mean() - 5


# --- Interpersonal circle ----------------------------------------------------------------------


def test_complementarity_keeps_warmth_and_reverses_dominance() -> None:
    warmth, dominance = model.complement(np.array([-0.6]), np.array([0.6]))
    assert warmth[0] == -0.6 and dominance[0] == -0.6


@pytest.fixture(scope="module")
def dances() -> dict[str, model.Dance]:
    return model.dances(tuple(model.STRATEGIES), 0.25, 0.5, 2000, seed=4)


def test_a_complementary_therapist_perpetuates_the_hostile_pattern(dances) -> None:
    dance = dances["complementary"]
    assert dance.therapist[0, 0, 0] < 0 and dance.therapist[0, 0, 1] < 0  # hostile-submissive
    final = dance.client[:, -1].mean(axis=0)
    assert final[0] < -0.4 and final[1] > 0.4
    assert dance.share_reached()[-1] < 5


def test_a_warm_firm_therapist_brings_the_client_to_the_warm_zone(dances) -> None:
    share, median = dances["warm-firm"].share_reached()[-1], np.median(dances["warm-firm"].reached)
    assert share > 95 and 2 <= median <= 15


def test_reaching_the_zone_needs_three_sessions_in_a_row() -> None:
    inside = np.array(
        [
            [0, 1, 0, 1, 1, 0, 0],  # two visits, never three in a row
            [0, 1, 1, 1, 0, 0, 0],  # three in a row ending at session 3
            [1, 1, 0, 1, 1, 1, 1],  # the run that counts starts at session 3
        ],
        dtype=bool,
    )
    assert model.settled(inside).tolist() == [-1, 3, 5]


def test_without_a_pull_back_a_slow_client_settles_later_not_never() -> None:
    slow, slower = (model.settling_session("warm-firm", c, 0.5) for c in (0.05, 0.02))
    fast = model.settling_session("warm-firm", 0.25, 0.5)
    assert 0 < fast < slow < slower


def test_a_pull_back_to_the_old_style_can_keep_a_slow_client_out_of_the_zone() -> None:
    assert model.settling_session("warm-firm", 0.05, 0.5, habit=0.05) == -1
    assert model.settling_session("warm-firm", 0.25, 0.5, habit=0.05) > 0


def test_mirroring_settles_dominance_but_not_hostility(dances) -> None:
    final = dances["mirror"].client[:, -1].mean(axis=0)
    assert final[0] < -0.4 and abs(final[1]) < 0.25


def test_warmth_follows_faster_than_dominance_when_its_coupling_is_stronger() -> None:
    dance = model.circumplex_dance("warm-firm", 0.25, 0.5, 1, seed=1, noise=0, habit=0)
    start, end = dance.client[0, 0], dance.client[0, -1]
    early = dance.client[0, 3]
    assert (early[0] - start[0]) / (end[0] - start[0]) > (early[1] - start[1]) / (end[1] - start[1])


def test_clients_stay_on_the_circle() -> None:
    dance = model.circumplex_dance("mirror", 0.6, 1.0, 500, seed=2, noise=0.2)
    assert np.all(np.hypot(dance.client[..., 0], dance.client[..., 1]) <= 1 + 1e-9)


# --- Stages and dropout ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cohorts() -> tuple[model.StageCohort, model.StageCohort]:
    usual = model.stage_cohort(model.FORWARD, model.BACKWARD, False, LARGE, seed=6, **published())
    met = model.stage_cohort(model.FORWARD, model.BACKWARD, True, LARGE, seed=7, **published())
    return usual, met


def test_calibrated_dropout_reproduces_swift_and_greenberg(cohorts) -> None:
    published = evidence.value("dropout-rate") / 100
    standard_error = math.sqrt(published * (1 - published) / LARGE)
    assert abs(cohorts[0].dropout_percent / 100 - published) < 3 * standard_error


def test_accommodating_preferences_gives_the_published_odds_ratio(cohorts) -> None:
    usual, met = (int(c.dropped.sum()) for c in cohorts)
    odds_usual = usual / (LARGE - usual)
    odds_met = met / (LARGE - met)
    log_se = math.sqrt(1 / usual + 1 / (LARGE - usual) + 1 / met + 1 / (LARGE - met))
    published = evidence.value("preference-dropout-or")
    assert abs(math.log(odds_usual / odds_met) - math.log(published)) < 3 * log_se


def test_intake_stage_predicts_outcome_at_krebs_et_als_d(cohorts) -> None:
    usual = cohorts[0]
    target = r_from_d(evidence.value("stages-of-change"))
    finishers = int((~usual.dropped).sum())
    assert abs(usual.start_outcome_r() - target) < 3 * (1 - target**2) / math.sqrt(finishers)


def test_the_exact_expectation_matches_the_simulated_occupancy(cohorts) -> None:
    hazard = np.minimum(
        1,
        model.hazard_scales(published()["dropout_percent"], published()["preference_or"])[0]
        * model.STAGE_DROPOUT_WEIGHTS,
    )
    moves = model.transition_matrix(model.FORWARD, model.BACKWARD)
    occupancy, dropped = model.expected_paths(
        hazard, moves, model.STAGE_START, model.STAGE_SESSIONS
    )
    simulated = cohorts[0].occupancy() / 100
    assert np.allclose(simulated[:, :5], occupancy, atol=0.005)
    assert np.allclose(simulated[:, 5], dropped, atol=0.005)


def test_earlier_stages_drop_out_more(cohorts) -> None:
    usual = cohorts[0]
    rates = [usual.dropped[usual.start == k].mean() for k in range(4)]
    assert rates == sorted(rates, reverse=True)


def test_faster_progress_means_fewer_dropouts() -> None:
    slow = model.stage_cohort(0.05, 0.03, False, 50_000, seed=1, **published())
    fast = model.stage_cohort(0.3, 0.03, False, 50_000, seed=1, **published())
    assert fast.dropout_percent < slow.dropout_percent


def test_transition_rows_are_probabilities() -> None:
    moves = model.transition_matrix(0.4, 0.2)
    assert np.allclose(moves.sum(axis=1), 1) and (moves >= 0).all()


# --- Parameter checks and seeds ----------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: model.sudden_gains(0.7, 0.2, 100, 1, gain_size=SIZE),
        lambda: model.sudden_gains(0.01, 1.2, 100, 1, gain_size=SIZE),
        lambda: model.circumplex_dance("warm-firm", 0.9, 0.5, 10, 1),
        lambda: model.circumplex_dance("warm-firm", 0.2, 1.5, 10, 1),
        lambda: model.transition_matrix(0.6, 0.03),
        lambda: model.stage_cohort(0.1, 0.5, False, 100, 1, **published()),
        lambda: model.stage_cohort(0.1, 0.03, False, 5, 1, **published()),
    ],
)
def test_out_of_range_parameters_name_the_allowed_range(call) -> None:
    with pytest.raises(ValueError, match="must be between"):
        call()


def test_an_unknown_strategy_names_the_choices() -> None:
    with pytest.raises(ValueError, match="strategy must be one of complementary"):
        model.circumplex_dance("charm", 0.25, 0.5, 10, 1)


def test_the_same_seed_gives_the_same_simulation() -> None:
    a = model.stage_cohort(0.12, 0.03, False, 500, seed=9, **published())
    b = model.stage_cohort(0.12, 0.03, False, 500, seed=9, **published())
    assert np.array_equal(a.stages, b.stages)
    assert not np.array_equal(
        model.sudden_gains(0.05, 0.2, 100, 1, gain_size=SIZE).scores,
        model.sudden_gains(0.05, 0.2, 100, 2, gain_size=SIZE).scores,
    )
