"""A chart everyone can read: the picture, its description, a table of its numbers and a
keyboard walk through them (see chart_view.js)."""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets

from .charts import Chart


class ChartView(anywidget.AnyWidget):
    """The chart image (sent as binary PNG), its alt text, and the series it plots.

    `show` sets all three at once, so a redraw is one message to the browser.
    """

    _esm = Path(__file__).with_name("chart_view.js")
    png = traitlets.Bytes(b"").tag(sync=True)
    alt = traitlets.Unicode("").tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)
    series = traitlets.List().tag(sync=True)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.add_class("cu-chart")

    def show(self, chart: Chart, alt: str) -> None:
        """Draw `chart` as it is now, described by `alt`, with the numbers it plots."""
        with self.hold_sync():
            self.png = chart.png()
            self.alt = alt
            self.label = chart.figure.get_suptitle() or "Chart"
            self.series = [s.as_dict() for s in chart.series()]
