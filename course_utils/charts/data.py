"""A chart's plotted numbers, read from its artists: the series a table lists and the keyboard
walks through.

The numbers are taken from what is drawn, so the table can never disagree with the picture.
Each line, collection, bar and stacked band of each panel becomes one series named by its
legend label (or its panel's axis label), with its panel's axis labels as units. A bundle of
many simulated clients' lines becomes their mean at each x; a cloud of points becomes a few
bins of x with the mean y in each; intervals drawn as vertical bars become their lower and
upper ends; bars keep their category names; a histogram's outline gives one value per bin, and
a stacked band its thickness.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from itertools import pairwise

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon, Rectangle, StepPatch
from matplotlib.ticker import FixedLocator

from .artists import BarCollection

#: A cloud with more points than this is shown as bins of x.
MAX_POINTS = 40
BINS = 10


@dataclass(frozen=True)
class Series:
    """One named row of numbers: (x as text, y) pairs, with the axis names as units."""

    panel: str
    name: str
    x_label: str
    y_label: str
    points: tuple[tuple[str, float], ...]

    def as_dict(self) -> dict:
        return {
            "panel": self.panel,
            "name": self.name,
            "x": self.x_label,
            "y": self.y_label,
            "points": [[x, round(y, 3)] for x, y in self.points],
        }


Units = tuple[str, str]


def figure_series(
    figure: Figure,
    names: Mapping[Artist, str | None] | None = None,
    units: Mapping[Artist, Units] | None = None,
) -> list[Series]:
    """Every series plotted on the figure's panels, in drawing order. `names` renames artists
    whose legend label does not say what they are, or leaves them out (None); `units` gives the
    (x, y) meaning of an artist on a panel whose axes are not labelled."""
    names = names or {}
    artists = [
        a
        for axes in figure.axes
        for a in (*axes.lines, *axes.collections, *axes.patches)
        if names.get(a, "") is not None
    ]
    return chart_series(artists, names, units)


def chart_series(
    artists: list[Artist],
    names: Mapping[Artist, str | None] | None = None,
    units: Mapping[Artist, Units] | None = None,
) -> list[Series]:
    """The series behind the given artists, empty ones left out.

    Bars of one panel drawn as separate rectangles are read as one series (one per name, where
    `names` gives them different names).
    """
    names, units = names or {}, units or {}
    found: list[Series] = []
    rectangles: dict[tuple[Axes, str], list[Rectangle]] = {}
    for artist in artists:
        if not artist.get_visible() or artist.axes is None:
            continue
        if isinstance(artist, Rectangle):
            rectangles.setdefault((artist.axes, names.get(artist) or ""), []).append(artist)
            continue
        read = _read(artist, names.get(artist) or _name(artist, artist.axes))
        for series in read if isinstance(read, list) else [read]:
            if series is not None and series.points:
                if artist in units:
                    series = replace(series, x_label=units[artist][0], y_label=units[artist][1])
                found.append(series)
    for (axes, name), bars in rectangles.items():
        xs = np.array([bar.get_x() + bar.get_width() / 2 for bar in bars])
        heights = np.array([bar.get_height() for bar in bars])
        found.append(_series(axes, name or _name(bars[0], axes), _categories(axes, xs), heights))
    return found


def _read(artist: Artist, name: str) -> Series | list[Series] | None:
    axes = artist.axes
    if isinstance(artist, BarCollection):
        heights = np.array([path.vertices[1, 1] for path in artist.get_paths()])
        return _series(axes, name, _categories(axes, artist.xs), heights)
    if isinstance(artist, LineCollection):
        segments = artist.get_segments()
        if not segments:
            return None
        return _bundle(axes, name, [s[:, 0] for s in segments], [s[:, 1] for s in segments])
    if isinstance(artist, PolyCollection):
        return None  # shaded bands: their edges are described in words
    if isinstance(artist, StepPatch):  # a histogram's outline: one value per bin
        values, edges, _ = artist.get_data()
        bins = [f"{_number(a)} to {_number(b)}" for a, b in pairwise(edges)]
        return _series(axes, name, bins, values)
    if isinstance(artist, Polygon):
        return _band(axes, name, np.asarray(artist.get_xy(), dtype=float))
    if isinstance(artist, Line2D):
        xs = np.asarray(artist.get_xdata(), dtype=float)
        ys = np.asarray(artist.get_ydata(), dtype=float)
        if xs.size == 0:
            return None
        breaks = np.isnan(ys) | np.isnan(xs)
        if breaks.any():
            pieces = np.split(np.arange(xs.size), np.flatnonzero(breaks))
            pieces = [p[~breaks[p]] for p in pieces if (~breaks[p]).any()]
            if not pieces:
                return None
            if all(p.size == 2 and xs[p[0]] == xs[p[1]] for p in pieces):
                return _intervals(axes, name, xs[[p[0] for p in pieces]], [ys[p] for p in pieces])
            return _bundle(axes, name, [xs[p] for p in pieces], [ys[p] for p in pieces])
        across = artist.get_transform() != axes.transData  # axhline, axvline
        if across and xs.size == 2 and xs[0] == 0 and xs[1] == 1 and ys[0] == ys[1]:
            return None if ys[0] == 0 and name == _name(axes, axes) else _level(axes, name, ys[0])
        if xs.size == 2 and xs[0] == xs[1] and ys[0] != ys[1]:
            return _marker(axes, name, xs[0])
        return _line(axes, name, xs, ys)
    return None


def _line(axes: Axes, name: str, xs: np.ndarray, ys: np.ndarray) -> Series:
    """Points along x: each one, or bins of x where there are more than MAX_POINTS."""
    if xs.size > MAX_POINTS:
        return _cloud(axes, name, xs, ys)
    return _series(axes, name, _at_ticks(axes, xs), ys)


def _intervals(axes: Axes, name: str, xs: np.ndarray, ends: list[np.ndarray]) -> list[Series]:
    """Vertical segments, one at each x (intervals drawn as bars): their lower ends and their
    upper ends, each read as a line."""
    order = np.argsort(xs)
    low, high = np.sort(np.array(ends), axis=1)[order].T
    return [
        _line(axes, f"{name}: lower end", xs[order], low),
        _line(axes, f"{name}: upper end", xs[order], high),
    ]


def _at_ticks(axes: Axes, xs: np.ndarray) -> list[str]:
    """Markers beside named categories (ticks labelled with words, not their numbers) take
    those names."""
    ticks, labels = _x_ticks(axes)
    named = any(label and label != _number(t) for t, label in zip(ticks, labels, strict=False))
    fixed = isinstance(axes.xaxis.get_major_locator(), FixedLocator)
    if named and fixed and np.all(np.min(np.abs(xs[:, None] - ticks[None, :]), axis=1) <= 0.45):
        return _categories(axes, xs)
    return [_number(x) for x in xs]


def _band(axes: Axes, name: str, corners: np.ndarray) -> Series | None:
    """A band of a stack, drawn forward along its top and back along its bottom: its thickness
    at each x. Any other shape is not a series."""
    if len(corners) % 2 and np.array_equal(corners[0], corners[-1]):
        corners = corners[:-1]  # closed: the first corner repeated
    half = len(corners) // 2
    top, bottom = corners[:half], corners[half:][::-1]
    if len(corners) % 2 or half < 2 or not np.array_equal(top[:, 0], bottom[:, 0]):
        return None
    return _series(axes, name, [_number(x) for x in top[:, 0]], top[:, 1] - bottom[:, 1])


def _bundle(axes: Axes, name: str, xs: list[np.ndarray], ys: list[np.ndarray]) -> Series:
    """Many lines: one line is itself; more become their mean at each x they share."""
    if len(xs) == 1:
        return _series(axes, name, [_number(x) for x in xs[0]], ys[0])
    grid = np.unique(np.round(np.concatenate(xs), 6))
    if grid.size > MAX_POINTS:
        return _cloud(axes, f"{name} ({len(xs)} lines)", np.concatenate(xs), np.concatenate(ys))
    sums, counts = np.zeros(grid.size), np.zeros(grid.size)
    for x, y in zip(xs, ys, strict=True):
        where = np.searchsorted(grid, np.round(x, 6))
        np.add.at(sums, where, y)
        np.add.at(counts, where, 1)
    means = np.divide(sums, counts, out=np.full(grid.size, np.nan), where=counts > 0)
    return _series(axes, f"{name}: mean of {len(xs)} lines", [_number(x) for x in grid], means)


def _cloud(axes: Axes, name: str, xs: np.ndarray, ys: np.ndarray) -> Series:
    """A cloud of points: the mean y in each of BINS equal-width bins of x (empty bins left out)."""
    keep = ~(np.isnan(xs) | np.isnan(ys))
    xs, ys = xs[keep], ys[keep]
    if xs.size == 0:
        return _series(axes, name, [], np.array([]))
    edges = np.linspace(xs.min(), xs.max(), BINS + 1)
    which = np.clip(np.searchsorted(edges, xs, side="right") - 1, 0, BINS - 1)
    labels, means = [], []
    for b in range(BINS):
        inside = which == b
        if inside.any():
            labels.append(f"{_number(edges[b])} to {_number(edges[b + 1])} ({inside.sum()})")
            means.append(ys[inside].mean())
    return _series(axes, f"{name}: mean in bins of x (points in bin)", labels, np.array(means))


def _marker(axes: Axes, name: str, x: float) -> Series:
    """A vertical line marks a value of x (a mean, a cutoff): one point, that value."""
    return Series(
        panel=axes.get_title(),
        name=name,
        x_label="",
        y_label=axes.get_xlabel(),
        points=(("marked at", float(x)),),
    )


def _level(axes: Axes, name: str, y: float) -> Series:
    """A horizontal line across a panel marks a level of y (a benchmark, a base rate)."""
    return Series(
        panel=axes.get_title(),
        name=name,
        x_label="",
        y_label=axes.get_ylabel() or _shared_ylabel(axes),
        points=(("level", float(y)),),
    )


def _series(axes: Axes, name: str, xs: list[str], ys: np.ndarray) -> Series:
    points = tuple(
        (x, float(y))
        for x, y in zip(xs, np.asarray(ys, dtype=float), strict=True)
        if np.isfinite(y)
    )
    return Series(
        panel=axes.get_title(),
        name=name,
        x_label=axes.get_xlabel(),
        y_label=axes.get_ylabel() or _shared_ylabel(axes),
        points=points,
    )


def _name(artist: Artist, axes: Axes) -> str:
    label = "" if artist is axes else str(artist.get_label() or "")
    if label and not label.startswith("_"):
        return label
    return "Simulated points" if _is_cloud(artist) else axes.get_ylabel() or "Values"


def _is_cloud(artist: Artist) -> bool:
    return isinstance(artist, Line2D) and artist.get_linestyle() in ("None", "", " ")


def _shared_ylabel(axes: Axes) -> str:
    """A panel that shares its y axis with a labelled neighbour takes that label."""
    for other in axes.get_shared_y_axes().get_siblings(axes):
        if other.get_ylabel():
            return other.get_ylabel()
    return ""


def _categories(axes: Axes, xs: np.ndarray) -> list[str]:
    """Category names for bars at `xs`: the nearest tick's label, else the number."""
    ticks, labels = _x_ticks(axes)
    names = []
    for x in np.asarray(xs, dtype=float):
        if ticks.size and labels and any(labels):
            nearest = int(np.argmin(np.abs(ticks - x)))
            if abs(ticks[nearest] - x) <= 0.45 and labels[nearest]:
                names.append(labels[nearest])
                continue
        names.append(_number(x))
    return names


def _x_ticks(axes: Axes) -> tuple[np.ndarray, list[str]]:
    """The x axis's tick positions and their labels, read from its locator and formatter:
    `get_xticklabels()` would make the tick artists that `Chart.png` lets go."""
    axis = axes.xaxis
    ticks = np.asarray(axis.get_majorticklocs(), dtype=float)
    if not axis.get_tick_params().get("labelbottom", True):
        return ticks, []
    return ticks, list(axis.get_major_formatter().format_ticks(ticks))


def _number(value: float) -> str:
    """A number as a reader would say it: up to three significant figures, no trailing zeros."""
    value = float(value)
    if value == int(value) and abs(value) < 1e6:
        return str(int(value))
    return f"{value:.3g}"
