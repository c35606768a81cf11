"""The numbers a chart offers as a table and a keyboard walk are the numbers it draws."""

from __future__ import annotations

import math

import numpy as np
import pytest
from matplotlib.figure import Figure

from course_utils import explore
from course_utils.charts.artists import BarCollection
from course_utils.charts.data import BINS, MAX_POINTS, figure_series

NAMES = [name for name in explore.__all__ if name != "Explorer"]


def panel():
    figure = Figure()
    axes = figure.add_subplot()
    axes.set(xlabel="Session", ylabel="Score", title="Panel")
    return figure, axes


def test_a_labelled_line_is_read_point_by_point() -> None:
    figure, axes = panel()
    axes.plot([0, 1, 2], [5.0, 4.0, 2.5], label="Client A")
    (series,) = figure_series(figure)
    assert (series.name, series.x_label, series.y_label) == ("Client A", "Session", "Score")
    assert series.points == (("0", 5.0), ("1", 4.0), ("2", 2.5))


def test_a_bundle_of_lines_becomes_their_mean_at_each_x() -> None:
    figure, axes = panel()
    xs = np.array([0, 1, 2, np.nan, 0, 1, 2])
    ys = np.array([10, 8, 6, np.nan, 20, 12, 2])
    axes.plot(xs, ys, label="Clients")
    (series,) = figure_series(figure)
    assert series.name == "Clients: mean of 2 lines"
    assert series.points == (("0", 15.0), ("1", 10.0), ("2", 4.0))


def test_a_cloud_becomes_bins_whose_counts_add_up() -> None:
    figure, axes = panel()
    rng = np.random.default_rng(1)
    xs, ys = rng.normal(size=500), rng.normal(size=500)
    axes.plot(xs, ys, linestyle="", marker="o", label="Clients")
    (series,) = figure_series(figure)
    assert len(series.points) <= BINS < 500
    counts = [int(label.rsplit("(", 1)[1].rstrip(")")) for label, _ in series.points]
    assert sum(counts) == 500
    lowest = xs < np.quantile(xs, 0) + (xs.max() - xs.min()) / BINS
    assert series.points[0][1] == pytest.approx(ys[lowest].mean())


def test_bars_keep_their_category_names() -> None:
    figure, axes = panel()
    axes.set_xticks([0, 1], ["Off", "On"])
    axes.add_collection(BarCollection(np.array([0.0, 1.0]), label="Recovered"))
    bars = axes.collections[0]
    bars.set_heights(np.array([34.0, 40.5]))
    (series,) = figure_series(figure)
    assert series.points == (("Off", 34.0), ("On", 40.5))


@pytest.fixture(scope="module", params=NAMES)
def explorer(request):
    return getattr(explore, request.param)()


def test_every_explorer_offers_its_numbers(explorer) -> None:
    series = explorer.image.series
    assert series, "the chart offers no numbers"
    for row in series:
        assert row["name"] and row["points"], row
        assert len(row["points"]) <= max(MAX_POINTS, 50), row["name"]
        assert all(math.isfinite(y) for _, y in row["points"]), row["name"]
    assert "simulated" in explorer.image.label.lower()


def test_the_numbers_follow_the_sliders(explorer) -> None:
    before = explorer.image.series
    slider = next(
        c for c in explorer.controls.values() if hasattr(c, "max") and not isinstance(c.value, bool)
    )
    slider.value = slider.max if slider.value != slider.max else slider.min
    assert explorer.image.series != before
