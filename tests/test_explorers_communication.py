"""Module 02 explorers: one redraw per change, descriptions that follow the controls."""

from __future__ import annotations

import re

import pytest

from course_utils import explore


def alt_text(explorer) -> str:
    match = re.search(r'alt="([^"]*)"', explorer.image.value)
    assert match, "the chart image has no alt attribute"
    return match.group(1)


@pytest.fixture(params=["whose_view_counts", "message_received"])
def explorer(request):
    return getattr(explore, request.param)()


def test_it_is_simulated_and_sourced(explorer) -> None:
    assert "Simulated" in explorer.chart.title.get_text()
    assert "Simulated data" in explorer.description.value
    sources = explorer.children[-1].value
    assert "Where do these numbers come from?" in sources
    assert "Elliott" in sources and "Illustrative" in sources


def test_moving_the_first_slider_redraws_once_and_changes_the_description(explorer) -> None:
    control = next(iter(explorer.controls.values()))
    before, text, figure = explorer.redraws, alt_text(explorer), explorer.chart.figure
    control.value = control.max
    assert explorer.redraws == before + 1
    assert alt_text(explorer) != text
    assert explorer.chart.figure is figure


def test_every_control_is_labelled(explorer) -> None:
    for control in explorer.controls.values():
        assert control.description


def test_the_therapists_own_rating_predicts_least_at_defaults() -> None:
    explorer = explore.whose_view_counts()
    assert "the client's rating predicts best" in explorer.description.value.replace("&#x27;", "'")
    assert "r = .38" in explorer.description.value and "r = .06" in explorer.description.value
    explorer.controls["therapist"].value = 1.0
    explorer.controls["client"].value = 0.1
    assert "the therapist's rating predicts best" in alt_text(explorer).replace("&#x27;", "'")


def test_a_clear_channel_passes_warmth_as_sent() -> None:
    explorer = explore.message_received()
    assert "r = .28" in explorer.description.value
    explorer.controls["body"].value = 0.0
    explorer.controls["culture"].value = 0.0
    assert "tracks what was intended at r = 1.00" in explorer.description.value


def test_out_of_range_sizes_are_clear_errors() -> None:
    with pytest.raises(ValueError, match="n must be between"):
        explore.whose_view_counts(n=10)
