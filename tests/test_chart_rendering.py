"""Charts share one renderer per size, yet each redraw shows only its own chart."""

from __future__ import annotations

from course_utils import explore


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
