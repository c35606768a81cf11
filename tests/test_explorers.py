"""Explorers: one redraw per change, a description that follows the controls, alt text."""

from __future__ import annotations

import re

import pytest

from course_utils import explore


@pytest.fixture
def explorer():
    return explore.alliance_outcome()


def alt_text(explorer) -> str:
    match = re.search(r'alt="([^"]*)"', explorer.image.value)
    assert match, "the chart image has no alt attribute"
    return match.group(1)


def test_it_starts_at_the_published_alliance_correlation(explorer) -> None:
    assert explorer.controls["r"].value == pytest.approx(0.278)
    assert "r = .278" in explorer.description.value
    assert "Simulated" in explorer.chart.title.get_text()


def test_moving_a_slider_redraws_exactly_once(explorer) -> None:
    before, image = explorer.redraws, explorer.image.value
    explorer.controls["r"].value = 0.5
    assert explorer.redraws == before + 1
    assert explorer.image.value != image
    assert "r = .5" in explorer.description.value
    assert "75% of clients" in explorer.description.value


def test_switching_the_element_sets_its_published_r_with_one_redraw(explorer) -> None:
    before = explorer.redraws
    explorer.controls["element"].value = "real-relationship"
    assert explorer.redraws == before + 1
    assert explorer.controls["r"].value == pytest.approx(0.38)
    assert "real relationship" in explorer.description.value


def test_the_chart_has_alt_text_matching_the_description(explorer) -> None:
    explorer.controls["n"].value = 1000
    text = alt_text(explorer)
    assert "Simulated data: 1000 clients" in text
    assert "not that the element causes" in text


def test_the_figure_is_reused_not_recreated(explorer) -> None:
    figure = explorer.chart.figure
    for value in (0.1, 0.2, 0.3):
        explorer.controls["r"].value = value
    assert explorer.chart.figure is figure


def test_the_readout_carries_the_besd_bar_values(explorer) -> None:
    """The bars have no value labels (text is slow to redraw): the readout states them."""
    explorer.controls["r"].value = 0.5
    higher, lower, split_higher, split_lower = (bar.get_height() for bar in explorer.chart.bars)
    assert (higher, lower) == (75, 25)
    assert "BESD (hypothetical table) 75% vs 25%" in explorer.readout.value
    assert "75% of clients with a stronger alliance" in alt_text(explorer)
    assert f"median split {split_higher:.0f}% vs {split_lower:.0f}%" in explorer.readout.value


def test_the_median_split_is_counted_in_the_plotted_sample_not_the_besd(explorer) -> None:
    """At r = .278 the BESD says 64/36; the plotted clients split at their medians give ~59/41."""
    bars = [bar.get_height() for bar in explorer.chart.bars]
    assert bars[:2] == pytest.approx([63.9, 36.1])
    assert 54 < bars[2] < 64 and bars[2] + bars[3] == pytest.approx(100, abs=2)
    assert "this sample: r = .27" in explorer.readout.value  # seed chosen near the population r
    assert "Set r = .278: r² = 7.7%" in explorer.readout.value


def test_sources_are_listed(explorer) -> None:
    html = explorer.children[-1].value
    assert "Where do these numbers come from?" in html
    assert "Flückiger" in html and "10.1037/pst0000172" in html


def test_an_unknown_element_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="element must be one of"):
        explore.alliance_outcome(element="charm")
