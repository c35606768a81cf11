"""No text on a chart is cut off at the image's edge, and no two tick labels of an axis overlap,
at the defaults and with every slider at either end."""

from __future__ import annotations

import pytest
from matplotlib.text import Text

from course_utils import explore
from course_utils.charts import Chart

NAMES = [name for name in explore.__all__ if name != "Explorer"]


def text_problems(chart: Chart) -> list[str]:
    chart.invalidate()
    chart.png()  # draws the background, as a student sees it
    renderer = chart.canvas.get_renderer()
    figure = chart.figure.bbox
    problems = []
    for text in chart.figure.findobj(Text):
        if text.get_visible() and text.get_text().strip():
            box = text.get_window_extent(renderer)
            if box.x0 < figure.x0 - 1 or box.x1 > figure.x1 + 1 or box.y0 < figure.y0 - 1:
                problems.append(f"cut off: {text.get_text()[:40]!r}")
            if box.y1 > figure.y1 + 1:
                problems.append(f"cut off: {text.get_text()[:40]!r}")
    for axes in chart.figure.axes:
        labels = [label for label in axes.get_xticklabels() if label.get_text().strip()]
        boxes = [label.get_window_extent(renderer) for label in labels]
        for (left, a), (right, b) in zip(
            zip(labels, boxes, strict=True), list(zip(labels, boxes, strict=True))[1:], strict=False
        ):
            if a.x1 > b.x0 + 1 and a.overlaps(b):
                problems.append(f"overlap: {left.get_text()!r} and {right.get_text()!r}")
    return problems


@pytest.mark.parametrize("name", NAMES)
def test_chart_text_fits_and_tick_labels_do_not_overlap(name: str) -> None:
    explorer = getattr(explore, name)()
    problems = text_problems(explorer.chart)
    for control_name, control in explorer.controls.items():
        if hasattr(control, "max") and hasattr(control, "min"):
            for end in (control.max, control.min):
                control.value = end
                problems += [f"{control_name}={end}: {p}" for p in text_problems(explorer.chart)]
    assert not problems
