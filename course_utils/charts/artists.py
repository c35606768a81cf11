"""Shared chart parts that are cheap to redraw: bars, thin-line bundles, points."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.lines import Line2D

GREY = "#666666"


def points(axes: Axes, marker: str, size: float, **style) -> Line2D:
    """Markers without a line: a Line2D draws many markers far faster than a scatter."""
    (line,) = axes.plot([], [], linestyle="", marker=marker, markersize=size, **style)
    return line


def value_bars(
    axes: Axes, labels: tuple[str, ...], colours: tuple[str, ...], hatches: tuple[str, ...]
) -> list:
    """Bars updated in place later. Their values go in the explorer's readout, not on the
    chart: a text redrawn on every change costs more than the bars themselves."""
    xs = np.arange(len(labels))
    bars = axes.bar(xs, np.zeros(len(labels)), width=0.6, color=colours, hatch=hatches)
    for bar in bars:
        bar.set_edgecolor("black")
    axes.set_xticks(xs, labels)
    axes.grid(axis="x", visible=False)
    return list(bars)


def set_bars(bars: list, heights: Iterable[float]) -> None:
    """Set the heights of bars drawn by `axes.bar`, in place."""
    for bar, height in zip(bars, heights, strict=True):
        bar.set_height(height)


class BarCollection(PolyCollection):
    """Bars of one style drawn as a single collection: one draw call, not one per bar."""

    def __init__(self, xs: np.ndarray, width: float = 0.6, **style) -> None:
        self.xs, self.width = np.asarray(xs, dtype=float), width
        super().__init__(self.outlines(np.zeros(len(self.xs))), **style)

    def set_heights(self, heights: np.ndarray) -> None:
        """Bar heights; NaN draws an empty bar."""
        heights = np.asarray(heights, dtype=float)
        self.set_verts(self.outlines(np.where(np.isnan(heights), 0.0, heights)))

    def outlines(self, heights: np.ndarray) -> np.ndarray:
        """(bars, 4, 2): the corners of each bar, standing on 0."""
        corners = np.zeros((len(self.xs), 4, 2))
        corners[:, :2, 0] = (self.xs - self.width / 2)[:, None]
        corners[:, 2:, 0] = (self.xs + self.width / 2)[:, None]
        corners[:, 1:3, 1] = heights[:, None]
        return corners


def segments(xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows of (xs, ys) as one line broken by NaN: drawn far faster than a LineCollection."""
    gap = np.full((ys.shape[0], 1), np.nan)
    xs = np.broadcast_to(xs, ys.shape)
    return np.hstack((xs, gap)).ravel(), np.hstack((ys, gap)).ravel()
