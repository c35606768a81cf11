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


def test_perception_measures_beat_the_accuracy_task_at_defaults() -> None:
    """Elliott et al. (2018): perception measures predicted outcome better than accuracy."""
    explorer = explore.whose_view_counts()
    assert "here 3 of the 3 perception measures predict better" in explorer.description.value
    assert "r = .28 with outcome" in explorer.description.value  # the pooled estimate
    assert "client-perceived" in explorer.description.value
    explorer.controls["accuracy"].value = 1.0
    assert "here 0 of the 3 perception" in alt_text(explorer)


def test_a_clear_channel_passes_warmth_as_sent() -> None:
    explorer = explore.message_received()
    assert "r = .28" in explorer.description.value
    explorer.controls["body_mismatch"].value = 0.0
    explorer.controls["culture_mismatch"].value = 0.0
    assert "tracks what was intended at r = 1.00" in explorer.description.value


def test_the_readout_carries_each_ratings_r_with_outcome() -> None:
    explorer = explore.whose_view_counts()
    explorer.controls["observer"].value = 0.9
    readout = re.search(
        r"client (−?\.\d\d) · observer (−?\.\d\d) · therapist (−?\.\d\d) · "
        r"accuracy task (−?\.\d\d)",
        explorer.readout.value,
    )
    heights = [bar.get_height() for bar in explorer.chart.outcome_bars]
    assert [float(value) for value in readout.groups()] == pytest.approx(heights, abs=0.005)
    for value in readout.groups():
        assert f"{value} from the" in alt_text(explorer)


def test_out_of_range_sizes_are_clear_errors() -> None:
    with pytest.raises(ValueError, match="n must be between"):
        explore.whose_view_counts(n=10)
