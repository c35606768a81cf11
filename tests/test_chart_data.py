"""The numbers a chart offers as a table and a keyboard walk are the numbers it draws."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Polygon

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


def test_vertical_segments_are_read_as_the_lower_and_upper_ends_of_intervals() -> None:
    figure, axes = panel()
    xs = np.array([2, 2, np.nan, 1, 1, np.nan, 3, 3])
    ys = np.array([0.5, -0.5, np.nan, -1.0, 0.2, np.nan, 1.5, 0.1])  # drawn either way up
    axes.plot(xs, ys, label="95% interval")
    low, high = figure_series(figure)
    assert (low.name, high.name) == ("95% interval: lower end", "95% interval: upper end")
    assert low.points == (("1", -1.0), ("2", -0.5), ("3", 0.1))
    assert high.points == (("1", 0.2), ("2", 0.5), ("3", 1.5))


def test_the_therapists_intervals_are_in_the_table() -> None:
    chart = explore.therapist_effects().chart
    names = [series.name for series in chart.series()]
    assert any(name.startswith("95% interval of the therapist's mean: lower end") for name in names)
    assert any(name.startswith("95% interval of the therapist's mean: upper end") for name in names)


def test_the_rupture_timeline_is_tabled_client_by_client() -> None:
    from course_utils.explorers.challenges import published_calibration, published_ruptures
    from course_utils.simulate import challenges as model

    explorer = explore.rupture_repair()
    table = {s.name: dict(s.points) for s in explorer.chart.series() if s.x_label == "Client"}
    clients, seed = explorer.controls["clients"].value, explorer.controls["seed"].value
    course = model.rupture_course(published_ruptures(), clients, seed, published_calibration())
    first = slice(0, 12)
    assert [table["Sessions attended"][str(c)] for c in range(1, 13)] == list(
        course.attended[first]
    )
    for kind, withdrawal in (("Confrontations", False), ("Withdrawals", True)):
        of_kind = course.rupture & (course.withdrawal == withdrawal)
        for state, repaired in (("repaired", True), ("not repaired", False)):
            counts = (of_kind & (course.repaired == repaired))[first].sum(axis=1)
            assert [table[f"{kind} {state}"][str(c)] for c in range(1, 13)] == list(counts)


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


def test_a_histogram_outline_is_read_bin_by_bin() -> None:
    figure, axes = panel()
    axes.stairs([0.1, 0.5, 0.0], [-1.0, 0.0, 1.0, 2.0], label="Adapted")
    (series,) = figure_series(figure)
    assert series.name == "Adapted"
    assert series.points == (("-1 to 0", 0.1), ("0 to 1", 0.5), ("1 to 2", 0.0))


def test_named_rectangles_of_one_panel_are_separate_series() -> None:
    figure, axes = panel()
    published = axes.bar([1, 2], [17.3, 40.0])
    (sample,) = axes.bar([0], [17.0])
    axes.set_xticks([0, 1, 2], ["Sample", "Anxiety", "Depression"])
    names = {bar: "Published" for bar in published} | {sample: "This sample"}
    first, second = figure_series(figure, names)
    assert (first.name, first.points) == ("Published", (("Anxiety", 17.3), ("Depression", 40.0)))
    assert (second.name, second.points) == ("This sample", (("Sample", 17.0),))


def test_markers_beside_named_categories_take_their_names_and_numbers_stay_numbers() -> None:
    figure, axes = panel()
    axes.set_xticks([0, 1], ["Client-\nrated", "Therapist-\nrated"])
    axes.plot([0.45, 1.45], [0.38, 0.06], "<", label="Published r")
    axes.plot([0.5, 1.5], [1.0, 2.0], label="Between")
    named, between = figure_series(figure)
    assert [x for x, _ in named.points] == ["Client-\nrated", "Therapist-\nrated"]
    assert [x for x, _ in between.points] == ["0.5", "1.5"]
    figure, axes = panel()
    axes.set_xticks([1, 8], ["1", "8"])
    axes.plot([1.3, 8], [0.0, 1.0], "o", label="Sessions")
    (sessions,) = figure_series(figure)
    assert [x for x, _ in sessions.points] == ["1.3", "8"]


def test_units_name_what_x_and_y_are_on_an_unlabelled_panel() -> None:
    figure = Figure()
    axes = figure.add_subplot()
    (path,) = axes.plot([-0.6, 0.1], [0.6, 0.2], label="Client")
    (series,) = figure_series(figure, units={path: ("Warmth", "Dominance")})
    assert (series.x_label, series.y_label) == ("Warmth", "Dominance")
    assert series.points == (("-0.6", 0.6), ("0.1", 0.2))


#: Names the reader learns nothing from: the fallbacks for an artist with no name of its own.
PLACEHOLDERS = ("Values", "Simulated points")


def test_every_series_says_what_it_is(explorer) -> None:
    """No placeholder name, and no name that only repeats the panel's y axis (a legend-less
    artist read under its axis label): the y label is the unit, not what the series is."""
    for row in explorer.image.series:
        name = row["name"]
        stem = re.sub(r"( \(\d+ lines\))?: mean (of \d+ lines|in bins of x.*)$", "", name)
        assert not stem.startswith(PLACEHOLDERS), name
        assert stem != row["y"], f"{name!r} only repeats its y axis"
        assert stem != row["x"] or not stem, f"{name!r} only repeats its x axis"


def test_a_stacked_band_is_read_as_its_thickness_and_other_shapes_are_not() -> None:
    figure, axes = panel()
    sessions = np.array([0.0, 1.0, 2.0])
    top, bottom = np.array([30.0, 40.0, 45.0]), np.array([0.0, 10.0, 20.0])
    corners = np.column_stack((np.r_[sessions, sessions[::-1]], np.r_[top, bottom[::-1]]))
    axes.add_patch(Polygon(corners, label="Contemplation"))
    starts_at_nothing = corners.copy()
    starts_at_nothing[:, 1] = np.r_[[0.0, 5.0, 9.0], [4.0, 2.0, 0.0]]  # first corner == last
    axes.add_patch(Polygon(starts_at_nothing, label="Maintenance"))
    axes.add_patch(Polygon([[0.3, -0.3], [1.0, 0.0], [0.3, 0.3]], label="Zone"))
    band, thin = figure_series(figure)
    assert band.name == "Contemplation"
    assert band.points == (("0", 30.0), ("1", 30.0), ("2", 25.0))
    assert thin.points == (("0", 0.0), ("1", 3.0), ("2", 5.0))
