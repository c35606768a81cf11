"""Charts share one renderer per size, yet each redraw shows only its own chart."""

from __future__ import annotations

import gc

import pytest
from matplotlib.axis import Tick

from course_utils import explore
from course_utils.charts import Chart


def test_interleaved_redraws_give_each_chart_its_own_image() -> None:
    first, second = explore.alliance_outcome(), explore.feedback_effect()
    alone = first.chart.png(), second.chart.png()
    assert first.chart.canvas.get_renderer() is second.chart.canvas.get_renderer()
    for _ in range(2):
        assert (first.chart.png(), second.chart.png()) == alone


def test_a_chart_redrawn_after_another_shows_none_of_its_pixels() -> None:
    first, second = explore.alliance_outcome(), explore.feedback_effect()
    slider = first.controls["r"]
    start = slider.value
    original = first.chart.png()
    slider.value = 0.6
    assert first.chart.png() != original
    second.chart.png()
    slider.value = start
    assert first.chart.png() == original


def test_a_chart_keeps_its_background_deflated() -> None:
    chart = explore.alliance_outcome().chart
    chart.png()
    # 640 × 288 RGBA pixels would be about 720 KB; a flat-colour chart deflates to under 100 KB
    assert isinstance(chart._background, bytes) and len(chart._background) < 100_000


def tick_artists(chart: Chart) -> int:
    gc.collect()
    return sum(isinstance(o, Tick) and o.axes in chart.figure.axes for o in gc.get_objects())


@pytest.mark.parametrize("name", ["therapist_effects", "circumplex_dance", "rupture_repair"])
def test_a_drawn_chart_lets_its_tick_artists_go(name: str) -> None:
    chart = getattr(explore, name)().chart
    kept = tick_artists(chart)
    chart.invalidate()
    chart.canvas.draw()  # what redrawing the background makes again
    assert kept <= tick_artists(chart) / 2


def slider_moves(explorer: explore.Explorer) -> list[tuple[str, object]]:
    """Each slider to its top, then to its bottom."""
    moves = []
    for name, control in explorer.controls.items():
        if hasattr(control, "max") and hasattr(control, "min"):
            moves += [(name, control.max), (name, control.min)]
    return moves


@pytest.mark.parametrize("name", [n for n in explore.__all__ if n != "Explorer"])
def test_charts_look_the_same_whether_or_not_they_keep_their_ticks(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ticks made again when the background is redrawn look like the ones let go."""
    lean = getattr(explore, name)()
    with monkeypatch.context() as patch:  # the explorer draws its chart as it is made
        patch.setattr(Chart, "_let_ticks_go", lambda self: None)
        keeping = getattr(explore, name)()
    keeping.chart._let_ticks_go = lambda: None
    assert tick_artists(lean.chart) < tick_artists(keeping.chart)
    assert lean.chart.png() == keeping.chart.png()
    for control, value in slider_moves(lean):
        lean.controls[control].value = value
        keeping.controls[control].value = value
        assert lean.image.png == keeping.image.png, (control, value)
        for chart in (lean.chart, keeping.chart):
            chart.invalidate()  # as a change of limits or labels does
        assert lean.chart.png() == keeping.chart.png(), (control, value)
