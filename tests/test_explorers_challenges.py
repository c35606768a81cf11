"""Module 07 explorers: labelled controls, one redraw per change, a description as alt text."""

from __future__ import annotations

import html
import re

import pytest

from course_utils import evidence, explore
from course_utils.simulate import challenges as model

NAMES = ("rupture_repair", "cultural_fit")


def description(explorer) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", explorer.description.value))


@pytest.fixture(params=NAMES)
def explorer(request):
    return getattr(explore, request.param)()


# --- rupture_repair ----------------------------------------------------------------------------


def test_rupture_repair_starts_at_the_cited_rate_and_says_it_is_secondary() -> None:
    explorer = explore.rupture_repair()
    assert explorer.controls["rate"].value == pytest.approx(evidence.value("rupture-frequency"))
    text = description(explorer)
    published = evidence.format_stat(evidence.value("rupture-repair-outcome"), "r")
    assert "cited in a secondary source" in text and f"published r = {published}" in text
    assert "only shown to go together" in text
    assert "Illustrative" in explorer.children[-1].value


def test_the_personality_disorder_toggle_redraws_once_and_raises_the_rate() -> None:
    explorer = explore.rupture_repair()
    before = explorer.redraws
    explorer.controls["pd"].value = True
    assert explorer.redraws == before + 1
    raised = (
        evidence.value("rupture-frequency")
        * model.default_ruptures(evidence.value("rupture-frequency")).pd_factor
    )
    assert f"raised to {raised:.0f}%" in description(explorer)
    assert "Schenk et al., 2020" in description(explorer)


def finisher_improvement(explorer) -> float:
    return float(
        re.search(r"finishers only: improve (-?[\d.]+) SD", explorer.readout.value).group(1)
    )


def test_the_personality_disorder_toggle_lowers_finishers_improvement() -> None:
    explorer = explore.rupture_repair(clients=2000)
    start = finisher_improvement(explorer)
    explorer.controls["pd"].value = True
    assert finisher_improvement(explorer) < start - 0.2


def test_fewer_repairs_lower_finishers_improvement_and_the_chart_says_finishers_only() -> None:
    explorer = explore.rupture_repair(clients=2000)
    start = finisher_improvement(explorer)
    explorer.controls["repair"].value = 0
    assert finisher_improvement(explorer) < start
    assert "right panel, which shows finishers only" in description(explorer)
    assert (
        "Finishers only"
        in " ".join(t.get_text() for t in explorer.chart.figure.axes[2].texts)
        + explorer.chart.figure.axes[2].get_title()
    )


def test_missing_every_withdrawal_raises_dropout() -> None:
    explorer = explore.rupture_repair(clients=2000)

    def dropout() -> float:
        return float(re.search(r"Dropout ([\d.]+)%", explorer.readout.value).group(1))

    start = dropout()
    explorer.controls["withdrawal"].value = 0
    assert dropout() > start


def test_rupture_repair_rejects_an_impossible_rate() -> None:
    with pytest.raises(ValueError, match="rupture_percent must be between 0 and 60"):
        explore.rupture_repair(rupture_percent=80)


# --- cultural_fit ------------------------------------------------------------------------------


def test_cultural_fit_starts_at_the_published_values() -> None:
    explorer = explore.cultural_fit()
    assert explorer.controls["d"].value == pytest.approx(0.5)
    assert explorer.controls["estimate"].value == "published"
    assert explorer.controls["r_client"].value == pytest.approx(0.38)
    assert explorer.controls["r_therapist"].value == pytest.approx(0.06)
    assert "Soto et al., 2018" in explorer.children[-1].value


def test_choosing_the_bias_corrected_estimate_sets_d_with_one_redraw() -> None:
    explorer = explore.cultural_fit()
    before = explorer.redraws
    explorer.controls["estimate"].value = "corrected"
    assert explorer.redraws == before + 1
    assert explorer.controls["d"].value == pytest.approx(0.35)
    assert "set to differ by d = 0.35" in description(explorer)


def test_moving_d_by_hand_marks_the_estimate_as_your_own() -> None:
    explorer = explore.cultural_fit()
    before = explorer.redraws
    explorer.controls["d"].value = 0.8
    assert explorer.controls["estimate"].value == "own"
    assert explorer.redraws == before + 1


def test_cultural_fit_never_calls_the_correlation_a_cause() -> None:
    assert "not proof that competence causes" in description(explore.cultural_fit())


def test_the_readout_carries_both_competence_correlations() -> None:
    explorer = explore.cultural_fit()
    explorer.controls["r_client"].value = 0.6
    client, therapist = (bar.get_height() for bar in explorer.chart.rater_bars)
    readout = explorer.readout.value
    assert f"client-rated r = {client:.2f}" in readout
    assert f"therapist-rated r = {therapist:.2f}" in readout
    assert f"rated by clients correlates r = {client:.2f}" in description(explorer)
