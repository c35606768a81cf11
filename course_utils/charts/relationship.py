"""The cohort chart: process–outcome scatter with fit line, and two pairs of bars: the BESD
(a hypothetical table derived from r) and the median split counted in the plotted sample (their
values are in the explorer's readout: text redrawn on every change is slow)."""

from __future__ import annotations

import numpy as np

from ..simulate.relationship import Cohort, Shares
from .artists import points
from .base import OKABE_ITO, Chart

LIMIT = 4.0


class CohortChart(Chart):
    def build(self) -> None:
        scatter_axes, bar_axes = self.figure.subplots(1, 2, width_ratios=(1.6, 1))
        self.figure.subplots_adjust(left=0.08, right=0.98, bottom=0.15, top=0.82, wspace=0.3)
        self.title = self.suptitle("Simulated cohort")
        scatter_axes.set(
            xlim=(-LIMIT, LIMIT),
            ylim=(-LIMIT, LIMIT),
            xlabel="Relationship element (z-score, simulated)",
            ylabel="Outcome (z-score, simulated)",
        )
        self.points = points(
            scatter_axes, "o", 3.5, color=OKABE_ITO["blue"], alpha=0.45, markeredgewidth=0
        )
        (self.fit_line,) = scatter_axes.plot(
            [], [], color=OKABE_ITO["vermillion"], linestyle="--", linewidth=2.2, label="Fit line"
        )
        scatter_axes.legend(loc="upper left", frameon=False)
        self.bars = bar_axes.bar(
            [0, 1, 2.5, 3.5],
            [0, 0, 0, 0],
            width=0.8,
            color=[OKABE_ITO["green"], OKABE_ITO["orange"]] * 2,
            hatch=["", "//"] * 2,
            edgecolor="black",
        )
        self.name(self.points, "Clients")
        for bar in self.bars:
            self.name(bar, "Clients better than the median outcome")
        self.name(
            bar_axes.axhline(50, color="grey", linewidth=1, linestyle=":"),
            "No link: half better than the median",
        )
        bar_axes.set(
            ylim=(0, 100),
            xticks=[0, 1, 2.5, 3.5],
            xticklabels=["BESD\nstronger", "BESD\nweaker", "Sample\nstronger", "Sample\nweaker"],
            ylabel="Better than median outcome (%)",
            title="BESD (hypothetical), median split",
        )
        bar_axes.tick_params(axis="x", labelsize=7.5)
        bar_axes.grid(axis="x", visible=False)
        self.dynamic(self.points, self.fit_line, *self.bars)

    def update(self, cohort: Cohort, besd: Shares, split: Shares, label: str) -> None:
        title = f"Simulated cohort: {label.lower()} and outcome (N = {len(cohort.process)})"
        self.set_static_text(self.title, title)
        self.points.set_data(cohort.process, cohort.outcome)
        slope, intercept = cohort.fit
        xs = np.array([-LIMIT, LIMIT])
        self.fit_line.set_data(xs, slope * xs + intercept)
        heights = (besd.higher, besd.lower, split.higher, split.lower)
        for bar, height in zip(self.bars, heights, strict=True):
            bar.set_height(height)
