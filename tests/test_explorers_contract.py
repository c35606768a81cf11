"""What every explorer promises, checked on all of them: labelled controls, "Simulated" on the
chart and in words, one redraw per change on the same figure, the description as alt text,
and the sources behind the defaults."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import ipywidgets as widgets
import pytest

from course_utils import explore

REPO = Path(__file__).resolve().parent.parent
NAMES = [name for name in explore.__all__ if name != "Explorer"]
SLIDERS = (widgets.FloatSlider, widgets.IntSlider)


def alt_text(explorer) -> str:
    assert explorer.image.alt, "the chart image has no alt text"
    return explorer.image.alt


def description(explorer) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", explorer.description.value))


@pytest.fixture(params=NAMES)
def explorer(request):
    return getattr(explore, request.param)()


def test_there_is_an_explorer_for_every_module_with_simulations() -> None:
    assert len(NAMES) >= 16


def test_the_topic_map_lists_exactly_what_the_topic_modules_define() -> None:
    package = Path(explore.__file__).parent
    defined = {
        name: module.stem
        for module in package.glob("*.py")
        if module.stem not in {"__init__", "base"}
        for name in import_module(f"course_utils.explorers.{module.stem}").__all__
    }
    assert defined == explore.TOPICS


def test_a_notebook_imports_only_the_topics_it_shows() -> None:
    code = (
        "import sys; from course_utils import explore; explore.alliance_outcome; "
        "print(sorted(m for m in sys.modules if m.startswith('course_utils.explorers.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert result.stdout.split() == [
        "['course_utils.explorers.base',",
        "'course_utils.explorers.relationship']",
    ]


def test_an_unknown_explorer_names_itself() -> None:
    with pytest.raises(AttributeError, match="no explorer 'alliance'"):
        explore.alliance


def test_the_chart_and_the_words_say_simulated(explorer) -> None:
    texts = " ".join(
        t.get_text() for t in explorer.chart.figure.findobj(match=lambda a: hasattr(a, "get_text"))
    )
    assert "Simulated" in texts or "simulated" in texts
    assert "simulated" in description(explorer).lower()


def test_moving_the_main_slider_redraws_once_on_the_same_figure(explorer) -> None:
    slider = next(c for c in explorer.controls.values() if isinstance(c, SLIDERS))
    figure, before, text = explorer.chart.figure, explorer.redraws, alt_text(explorer)
    slider.value = slider.max if slider.value != slider.max else slider.min
    assert explorer.redraws == before + 1
    assert explorer.chart.figure is figure
    assert alt_text(explorer) != text
    assert alt_text(explorer) == description(explorer)


def test_every_control_is_labelled_and_sliders_wait_for_release(explorer) -> None:
    for name, control in explorer.controls.items():
        assert control.description, f"control {name!r} has no label"
        if isinstance(control, SLIDERS):
            assert control.continuous_update is False


def test_the_sources_are_listed(explorer) -> None:
    text = explorer.children[-1].value
    assert "Where do these numbers come from?" in text
    assert text.count("<li>") >= 1, "no finding is cited"
