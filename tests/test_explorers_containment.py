"""Module 04 explorer: containment and the processing window, driven like a student."""

from __future__ import annotations

import re

import pytest

from course_utils import explore


def alt_text(explorer) -> str:
    assert explorer.image.alt, "the chart image has no alt text"
    return explorer.image.alt


@pytest.fixture
def explorer():
    return explore.containment_window()


def test_it_is_simulated_sourced_and_illustrative(explorer) -> None:
    assert "Simulated" in explorer.chart.title.get_text()
    assert "illustrative" in explorer.description.value
    sources = explorer.children[-1].value
    assert "Peluso" in sources and "Schiepek" in sources and "Illustrative" in sources


def test_moving_containment_redraws_once_and_changes_the_description(explorer) -> None:
    before, text, figure = explorer.redraws, alt_text(explorer), explorer.chart.figure
    explorer.controls["containment"].value = 0.05
    assert explorer.redraws == before + 1
    assert alt_text(explorer) != text
    assert explorer.chart.figure is figure


def test_too_little_containment_floods_and_suppression_is_named_apart(explorer) -> None:
    assert "mostly stays inside the window" in explorer.description.value
    explorer.controls["containment"].value = 0.03
    assert "floods" in explorer.description.value
    explorer.controls["containment"].value = 1.0
    assert "mostly stays inside the window" in explorer.description.value  # still processing
    found = re.search(
        r"Processing (\d+) of .* suppression at the same c: (\d+) min", explorer.readout.value
    )
    assert found and int(found.group(1)) > int(found.group(2))


def test_calm_rest_is_called_calm_not_hypoarousal(explorer) -> None:
    explorer.controls["stimulus"].value = 0.0
    explorer.controls["noise"].value = 0.0  # nothing moves the client from rest
    text = alt_text(explorer)
    calm = re.search(r"(\d+) calm inside the window.* (\d+) below the window \(hypoarousal", text)
    assert calm and int(calm.group(1)) == 50 and int(calm.group(2)) == 0
    assert "arousal stays mostly calm" in text and "it is not hypoarousal" in text


def test_a_notebook_can_start_from_another_containment() -> None:
    explorer = explore.containment_window(containment=0.05)
    assert explorer.controls["containment"].value == pytest.approx(0.05)
    with pytest.raises(ValueError, match="containment must be between"):
        explore.containment_window(containment=2)
