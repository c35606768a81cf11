"""Module 07 explorers: labelled controls, one redraw per change, a description as alt text."""

from __future__ import annotations

import html
import re

import ipywidgets as widgets
import pytest

from course_utils import explore

NAMES = ("rupture_repair", "cultural_fit")


def alt_text(explorer) -> str:
    match = re.search(r'alt="([^"]*)"', explorer.image.value)
    assert match, "the chart image has no alt attribute"
    return html.unescape(match.group(1))


def description(explorer) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", explorer.description.value))


def first_slider(explorer) -> widgets.ValueWidget:
    sliders = (widgets.FloatSlider, widgets.IntSlider)
    return next(c for c in explorer.controls.values() if isinstance(c, sliders))


@pytest.fixture(params=NAMES)
def explorer(request):
    return getattr(explore, request.param)()


def test_it_is_titled_simulated_and_says_so_in_words(explorer) -> None:
    assert "Simulated" in explorer.chart.figure.get_suptitle()
    assert description(explorer).startswith("Simulated data:")


def test_moving_the_main_slider_redraws_once_and_updates_the_text(explorer) -> None:
    slider = first_slider(explorer)
    before, image, text = explorer.redraws, explorer.image.value, explorer.description.value
    slider.value = slider.max
    assert explorer.redraws == before + 1
    assert explorer.image.value != image
    assert explorer.description.value != text
    assert alt_text(explorer) == description(explorer)


def test_the_figure_is_reused_not_recreated(explorer) -> None:
    figure, slider = explorer.chart.figure, first_slider(explorer)
    for value in (slider.min, slider.max, slider.value):
        slider.value = value
    assert explorer.chart.figure is figure


def test_every_control_is_labelled_and_never_updates_mid_drag(explorer) -> None:
    for control in explorer.controls.values():
        assert control.description
        if isinstance(control, widgets.FloatSlider | widgets.IntSlider):
            assert control.continuous_update is False


def test_sources_are_listed_with_their_citations(explorer) -> None:
    text = explorer.children[-1].value
    assert "Where do these numbers come from?" in text and "doi.org/10." in text


# --- rupture_repair ----------------------------------------------------------------------------


def test_rupture_repair_starts_at_the_cited_rate_and_says_it_is_secondary() -> None:
    explorer = explore.rupture_repair()
    assert explorer.controls["rate"].value == pytest.approx(30.5)
    text = description(explorer)
    assert "cited in a secondary source" in text and "published r = .29" in text
    assert "only shown to go together" in text
    assert "Illustrative" in explorer.children[-1].value


def test_the_personality_disorder_toggle_redraws_once_and_raises_the_rate() -> None:
    explorer = explore.rupture_repair()
    before = explorer.redraws
    explorer.controls["pd"].value = True
    assert explorer.redraws == before + 1
    assert "raised to 46%" in description(explorer)
    assert "Schenk et al., 2020" in description(explorer)


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
