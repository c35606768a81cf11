"""Module 06 explorers: labelled controls, one redraw per change, a description as alt text."""

from __future__ import annotations

import html
import re

import pytest

from course_utils import evidence, explore
from course_utils.simulate import change as simulate_change

NAMES = ("sudden_gains", "circumplex_dance", "stages_and_dose")


def description(explorer) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", explorer.description.value))


@pytest.fixture(params=NAMES)
def explorer(request):
    return getattr(explore, request.param)()


# --- sudden_gains ------------------------------------------------------------------------------


def test_sudden_gains_starts_calibrated_to_the_group_cbt_share() -> None:
    explorer = explore.sudden_gains()
    share = evidence.value("sudden-gains-group-cbt")
    expected = 100 * simulate_change.gain_chance_for_share(share, 0.2)
    assert explorer.controls["gain"].value == pytest.approx(round(expected, 2))
    assert explorer.controls["size"].value == pytest.approx(evidence.value("sudden-gain-size"))
    text = description(explorer)
    assert f"{share:g}% do, the share found in group CBT for anxiety disorders" in text
    assert "a different treatment and disorder" in text
    assert "seen only in a secondary source" in text
    assert "pill placebo" in text
    assert "more depressive symptoms at follow-up" in text
    assert "Tang &amp; DeRubeis" in explorer.children[-1].value


def test_a_higher_gain_chance_gives_more_clients_a_gain() -> None:
    explorer = explore.sudden_gains()

    def share() -> float:
        return float(re.search(r"([\d.]+)% of clients had", explorer.readout.value).group(1))

    start = share()
    explorer.controls["gain"].value = 5.0
    assert share() > start


def test_the_readout_carries_the_height_of_the_sample_bar() -> None:
    explorer = explore.sudden_gains()
    explorer.controls["gain"].value = 3.0
    chart = explorer.chart
    height = chart.kept_bar.get_height()
    assert f"{height:.1f}% of clients had a sudden gain" in explorer.readout.value
    assert f"{height:.1f}% of the simulated clients had at least one gain" in description(explorer)


# --- circumplex_dance --------------------------------------------------------------------------


def test_switching_strategy_redraws_once_and_retells_the_story() -> None:
    explorer = explore.circumplex_dance()
    assert "100% of the pairs did so within 30 sessions" in description(explorer)
    before = explorer.redraws
    explorer.controls["strategy"].value = "complementary"
    assert explorer.redraws == before + 1
    assert "perpetuates itself" in description(explorer)
    assert "0% of the pairs did so" in description(explorer)


def test_a_slow_client_gets_there_later_and_a_pull_back_can_stop_it() -> None:
    explorer = explore.circumplex_dance()
    explorer.controls["warmth"].value = 0.05
    assert "later, not never" in description(explorer)
    slow = int(re.search(r"settled by session (\d+)", explorer.readout.value).group(1))
    assert slow > 20
    explorer.controls["habit"].value = 0.05
    assert "never: the pull back holds the client short of the zone" in explorer.readout.value


def test_a_single_visit_does_not_count_as_reaching_the_zone() -> None:
    explorer = explore.circumplex_dance()
    assert "3 sessions in a row" in explorer.readout.value
    assert "a single visit by chance does not count" in description(explorer)


def test_circumplex_dance_says_its_rates_are_illustrative() -> None:
    explorer = explore.circumplex_dance()
    assert "illustrative" in explorer.controls["warmth"].description
    assert "teaching model" in description(explorer)
    assert "Bluhm et al., 1990" in explorer.children[-1].value


def test_an_unknown_strategy_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="strategy must be one of"):
        explore.circumplex_dance(strategy="charm")


# --- stages_and_dose ---------------------------------------------------------------------------


def test_stages_and_dose_starts_near_the_published_dropout() -> None:
    explorer = explore.stages_and_dose()
    published = evidence.value("dropout-rate")
    rate = published / 100
    odds = rate / (1 - rate) / evidence.value("preference-dropout-or")
    met = 100 * odds / (1 + odds)
    assert f"expected: usual {published:.1f}%, preferences met {met:.1f}%" in (
        explorer.readout.value
    )
    assert evidence.get("dropout-rate").short in description(explorer)
    assert "does not show that stage itself causes" in description(explorer)
    assert "our conversion, as if from two equal groups" in description(explorer)
    assert "not dose" in description(explorer)


def test_accommodating_preferences_redraws_once_and_cuts_dropout() -> None:
    explorer = explore.stages_and_dose(clients=5000)

    def dropout() -> float:
        return float(re.search(r"Dropout ([\d.]+)%", explorer.readout.value).group(1))

    before, usual = explorer.redraws, dropout()
    explorer.controls["accommodate"].value = True
    assert explorer.redraws == before + 1
    assert dropout() < usual - 4
    ratio = evidence.value("preference-dropout-or")
    assert f"divides the odds of dropping out by {ratio:g}" in description(explorer)
