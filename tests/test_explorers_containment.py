"""Module 04 explorer: containment and the processing window, driven like a student."""

from __future__ import annotations

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


def test_too_little_and_too_much_containment_are_named(explorer) -> None:
    assert "mostly inside the window" in explorer.description.value
    explorer.controls["containment"].value = 0.03
    assert "floods" in explorer.description.value
    explorer.controls["containment"].value = 0.9
    assert "little emotion is expressed" in explorer.description.value


def test_the_smallest_containment_still_compares_with_a_third_of_it(explorer) -> None:
    control = explorer.controls["containment"]
    control.value = control.min
    assert "with c ÷ 3" in explorer.readout.value


def test_a_notebook_can_start_from_another_containment() -> None:
    explorer = explore.containment_window(containment=0.05)
    assert explorer.controls["containment"].value == pytest.approx(0.05)
    with pytest.raises(ValueError, match="containment must be between"):
        explore.containment_window(containment=2)
