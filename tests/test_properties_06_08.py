"""What the module 06–08 models must do whatever their settings (property-based, Hypothesis).

The reproduction tests in test_models_* check that the starting settings hit their published
targets; these check the model's logic across its whole range: effects appear exactly where they
are imposed, and side effects have the plausible sign.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from course_utils import evidence
from course_utils.simulate import challenges, change, enhancing

CALIBRATION = challenges.default_calibration(
    evidence.value("rupture-frequency"),
    evidence.value("dropout-rate"),
    evidence.value("rupture-repair-outcome"),
    evidence.value("routine-benchmark-depression"),
)
STAGE_NUMBERS = {
    "dropout_percent": evidence.value("dropout-rate"),
    "preference_or": evidence.value("preference-dropout-or"),
    "stages_d": evidence.value("stages-of-change"),
}
SIZE = evidence.value("sudden-gain-size")
START = evidence.value("routine-benchmark-depression")
HOWARD = enhancing.howard_curve(evidence.value("howard-50-by-8"), evidence.value("howard-75-by-26"))

FEW = settings(max_examples=25, deadline=None)
seeds = st.integers(0, 9999)
unit = st.floats(0, 1)


# --- 07 · Ruptures and repair ------------------------------------------------------------------


@st.composite
def rupture_settings(draw) -> challenges.RuptureSettings:
    return challenges.RuptureSettings(
        rupture_rate=draw(st.floats(0, 0.6)),
        withdrawal_share=draw(unit),
        detect_confrontation=draw(unit),
        detect_withdrawal=draw(unit),
        repair_chance=draw(unit),
        missed_hazard=draw(st.floats(0, 0.5)),
        personality_disorder=draw(st.booleans()),
        pd_factor=draw(st.floats(1, 3)),
    )


def expected_unrepaired_among_finishers(settings_: challenges.RuptureSettings) -> float:
    joint = challenges.finisher_counts(settings_)
    return float(joint.sum(axis=0) @ np.arange(joint.shape[1]))


def worse_and_better(
    base: challenges.RuptureSettings, other_rate: float, other_repair: float
) -> list[tuple[challenges.RuptureSettings, challenges.RuptureSettings]]:
    """Pairs of settings, the first worse for clients than the second in one way: more
    ruptures, fewer repairs, or a personality disorder."""
    return [
        (replace(base, rupture_rate=max(base.rupture_rate, other_rate)),
         replace(base, rupture_rate=min(base.rupture_rate, other_rate))),
        (replace(base, repair_chance=min(base.repair_chance, other_repair)),
         replace(base, repair_chance=max(base.repair_chance, other_repair))),
        (replace(base, personality_disorder=True), replace(base, personality_disorder=False)),
    ]  # fmt: skip


@FEW
@given(rupture_settings(), st.floats(0, 0.6), st.floats(0, 1))
def test_finishers_never_improve_more_because_more_ruptures_go_unrepaired(
    base: challenges.RuptureSettings, other_rate: float, other_repair: float
) -> None:
    """Exactly, survivorship included: more ruptures, or fewer of them repaired, never lower
    the number of unrepaired ruptures a finisher carries, so never raise finishers' mean gain."""
    calibration = CALIBRATION
    assert calibration.rupture_cost >= 0
    for worse, better in worse_and_better(base, other_rate, other_repair):
        lost_worse = expected_unrepaired_among_finishers(worse)
        lost_better = expected_unrepaired_among_finishers(better)
        assert lost_worse >= lost_better - 1e-9


@FEW
@given(rupture_settings(), st.floats(0, 0.6), st.floats(0, 1), seeds)
def test_each_client_fares_no_better_with_more_ruptures_or_fewer_repairs(
    base: challenges.RuptureSettings, other_rate: float, other_repair: float, seed: int
) -> None:
    """The same clients (same draws) with more ruptures, fewer repairs or a personality
    disorder: nobody who left now stays, and nobody who finishes both ways improves more."""
    for worse, better in worse_and_better(base, other_rate, other_repair):
        a = challenges.rupture_course(better, 400, seed, CALIBRATION)
        b = challenges.rupture_course(worse, 400, seed, CALIBRATION)
        assert not (b.completed & ~a.completed).any()
        both = a.completed & b.completed
        assert np.all(b.outcome[both] <= a.outcome[both] + 1e-12)


@FEW
@given(rupture_settings(), seeds)
def test_rupture_effects_land_exactly_where_they_are_imposed(
    settings_: challenges.RuptureSettings, seed: int
) -> None:
    """Outcome is the base gain less the cost of each unrepaired rupture plus the client's own
    noise; repaired ruptures cost nothing; dropouts have no outcome and no later sessions."""
    calibration = CALIBRATION
    course = challenges.rupture_course(settings_, 300, seed, CALIBRATION)
    _, noise = challenges._rupture_draws(300, seed, settings_.sessions)
    done = course.completed
    expected = calibration.base_gain - calibration.rupture_cost * course.unrepaired + noise
    assert np.allclose(course.outcome[done], expected[done])
    assert np.isnan(course.outcome[~done]).all()
    assert not (course.repaired & ~course.rupture).any()
    after = np.arange(settings_.sessions) >= course.attended[:, None]
    assert not course.rupture[after].any()


# --- 06 · Sudden gains -------------------------------------------------------------------------


@FEW
@given(st.floats(0, 0.1), st.floats(0, 0.1), st.floats(0, 1), seeds)
def test_a_higher_drop_chance_never_removes_a_gain_and_reversals_are_never_gains(
    chance: float, other: float, reversal: float, seed: int
) -> None:
    low = change.sudden_gains(min(chance, other), reversal, 300, seed, gain_size=SIZE)
    high = change.sudden_gains(max(chance, other), reversal, 300, seed, gain_size=SIZE)
    assert not (low.with_gain & ~high.with_gain).any()
    for result in (low, high):
        assert not (result.gains & result.reversed).any()
        assert result.share_with_gain + result.share_reversed <= 100 + 1e-9


@FEW
@given(st.floats(0.001, 0.1), st.floats(0, 1), st.floats(5, 20), seeds)
def test_a_kept_drop_lowers_every_later_score_by_its_size(
    chance: float, reversal: float, size: float, seed: int
) -> None:
    """Against the same clients without drops, each score differs by exactly the drops kept so
    far and the rebounds of reversed ones (where neither score is clipped at 0 or 63)."""
    with_drops = change.sudden_gains(chance, reversal, 200, seed, gain_size=size)
    without = change.sudden_gains(0.0, reversal, 200, seed, gain_size=size)
    sizes = np.zeros(with_drops.jumps.shape)
    sizes[with_drops.jumps] = with_drops.jump_sizes
    rebound = np.roll(np.where(with_drops.reversed, change.REVERSAL_SHARE * sizes, 0), 1, axis=1)
    shift = np.cumsum(rebound - sizes, axis=1)
    free = (with_drops.scores > 0) & (with_drops.scores < 63) & (without.scores > 0)
    free &= without.scores < 63
    assert np.allclose((with_drops.scores - without.scores)[free], shift[free])


# --- 06 · The interpersonal circle -------------------------------------------------------------


@FEW
@given(st.lists(st.lists(st.booleans(), min_size=1, max_size=40), min_size=1, max_size=20))
def test_reaching_needs_sustained_presence(rows: list[list[bool]]) -> None:
    """`settled` returns the end of the first run of SETTLE sessions in the zone, or −1."""
    width = max(len(row) for row in rows)
    inside = np.array([row + [False] * (width - len(row)) for row in rows], dtype=bool)
    first = change.settled(inside)
    run = change.SETTLE
    for row, found in zip(inside, first, strict=True):
        runs = [s for s in range(run - 1, width) if row[s - run + 1 : s + 1].all()]
        assert found == (runs[0] if runs else -1)


@FEW
@given(
    st.sampled_from(tuple(change.STRATEGIES)),
    st.floats(0, change.PARAMS["warmth_coupling"].high),
    st.floats(0, 1),
    st.floats(0, 0.2),
    st.floats(0, change.PARAMS["habit"].high),
    seeds,
)
def test_a_dyad_counts_as_reached_only_after_settled_sessions_in_the_zone(
    strategy: str, warmth: float, ratio: float, noise: float, habit: float, seed: int
) -> None:
    dance = change.circumplex_dance(strategy, warmth, ratio, 50, seed, noise=noise, habit=habit)
    inside = change.in_warm_zone(dance.client[..., 0], dance.client[..., 1])
    for row, reached in zip(inside, dance.reached, strict=True):
        if reached >= 0:
            assert row[reached - change.SETTLE + 1 : reached + 1].all()
    shares = dance.share_reached()
    assert np.all(np.diff(shares) >= 0)


@FEW
@given(st.floats(0.01, change.PARAMS["warmth_coupling"].high), st.floats(0, 1), st.floats(0, 0.1))
def test_a_stronger_pull_back_never_brings_the_client_to_the_zone_sooner(
    warmth: float, ratio: float, habit: float
) -> None:
    def when(pull: float) -> float:
        session = change.settling_session("warm-firm", warmth, ratio, pull)
        return math.inf if session < 0 else session

    assert when(habit) <= when(habit + 0.05)


# --- 06 · Stages and dropout -------------------------------------------------------------------


@FEW
@given(st.floats(0, 0.4), st.floats(0, 0.2), seeds)
def test_accommodating_preferences_never_adds_a_dropout(
    forward: float, backward: float, seed: int
) -> None:
    usual = change.stage_cohort(forward, backward, False, 300, seed, **STAGE_NUMBERS)
    met = change.stage_cohort(forward, backward, True, 300, seed, **STAGE_NUMBERS)
    assert not (met.dropped & ~usual.dropped).any()


# --- 08 · Experience and deliberate practice ---------------------------------------------------


@FEW
@given(st.floats(-0.05, 0.03), st.floats(0, 0.06), st.floats(0, 0.06), st.integers(1, 40), seeds)
def test_more_practice_never_lowers_skill_and_touches_only_the_practice_group(
    drift: float, gain: float, other: float, years: int, seed: int
) -> None:
    less = enhancing.careers(drift, min(gain, other), 30, seed, years=years, start_d=START)
    more = enhancing.careers(drift, max(gain, other), 30, seed, years=years, start_d=START)
    assert np.array_equal(less.experience, more.experience)
    extra = (max(gain, other) - min(gain, other)) * less.years
    assert np.allclose(more.practice - less.practice, extra)
    assert np.all(more.practice >= less.practice - 1e-12)


# --- 08 · Dose and therapist effects -----------------------------------------------------------


@FEW
@given(st.floats(13, 18))
def test_the_stricter_criterion_is_never_reached_by_more_clients(sessions_to_half: float) -> None:
    grid = np.geomspace(1, 104, 60)
    strict = enhancing.recovery_curve(sessions_to_half, HOWARD).percent(grid)
    loose = HOWARD.percent(grid)
    assert np.all(np.diff(strict) >= 0) and np.all(strict <= loose + 1e-9)


@settings(max_examples=10, deadline=None)
@given(st.floats(0.002, 0.29), seeds)
def test_therapist_share_of_variance_is_recovered_at_unit_variance(icc: float, seed: int) -> None:
    sample = enhancing.therapist_sample(icc, 100, 2000, seed)
    assert abs(sample.outcomes.var() - 1) < 0.08
    between = sample.true_effect.var()
    assert abs(between - icc) < 5 * icc * math.sqrt(2 / 2000)
    assert abs(sample.estimated_icc - icc) < 0.05
