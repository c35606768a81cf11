"""Module 02 charts: who rates empathy, and intended vs perceived warmth."""

from __future__ import annotations

import numpy as np

from ..simulate.communication import RATERS, Message, RatedEmpathy
from .artists import set_bars
from .base import OKABE_ITO, Chart

RATER_COLOURS = (OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["purple"], OKABE_ITO["sky"])
RATER_HATCHES = ("", "//", "\\\\", "..")
TICKS = ("Client", "Observer", "Therapist", "Accuracy\ntask")


def _bars(axes, values, hatches=RATER_HATCHES):
    return axes.bar(
        range(len(RATERS)),
        values,
        width=0.6,
        color=RATER_COLOURS,
        hatch=hatches,
        edgecolor="black",
        linewidth=0.8,
    )


class RaterChart(Chart):
    """Left: how well each measure tracks true empathy. Right: each measure's r with outcome
    (the values are in the explorer's readout), and the pooled published r."""

    def build(self) -> None:
        validity_axes, outcome_axes = self.figure.subplots(1, 2)
        self.figure.subplots_adjust(left=0.08, right=0.98, bottom=0.2, top=0.8, wspace=0.28)
        self.title = self.suptitle("Simulated clients: which measure of empathy predicts outcome?")
        self.footnote("Simulated data. Illustrative: the validities and the true-empathy link.")
        for axes in (validity_axes, outcome_axes):
            axes.set(xticks=range(len(RATERS)), xticklabels=TICKS)
            axes.tick_params(axis="x", labelsize=8)
            axes.grid(axis="x", visible=False)
        validity_axes.set(ylim=(0, 1.08), ylabel="r with true empathy", title="Validity of measure")
        outcome_axes.set(ylim=(0, 1.08), ylabel="r with outcome", title="Measure predicts outcome")
        self.validity_bars = _bars(validity_axes, [0] * len(RATERS))
        self.outcome_bars = _bars(outcome_axes, [0] * len(RATERS))
        for bar in self.validity_bars:
            self.name(bar, "Each measure's r with true empathy")
        for bar in self.outcome_bars:
            self.name(bar, "Each measure's r with outcome (this sample)")
        (self.expected,) = outcome_axes.plot(
            [], [], linestyle="none", marker="_", markersize=26, markeredgewidth=2.5,
            color="black", label="Expected: validity × link",
        )  # fmt: skip
        self.published = outcome_axes.axhline(
            0, color=OKABE_ITO["green"], linestyle="--", linewidth=1.4,
            label="Published empathy r, all measures pooled",
        )  # fmt: skip
        outcome_axes.legend(loc="upper right", fontsize=7.5, frameon=True, framealpha=0.9)
        self.dynamic(
            *self.validity_bars,
            *self.outcome_bars,
            self.expected,
            self.published,
        )

    def update(self, rated: RatedEmpathy, published: float) -> None:
        self.published.set_ydata([published, published])
        set_bars(self.validity_bars, rated.validity)
        set_bars(self.outcome_bars, rated.outcome_r)
        self.expected.set_data(range(len(RATERS)), rated.expected_r)


LIMIT = 4.0
EDGES = np.linspace(-LIMIT, LIMIT, 17)


class MessageChart(Chart):
    """Left: intended vs perceived warmth. Right: outcome for more vs less intended warmth."""

    def build(self) -> None:
        scatter_axes, outcome_axes = self.figure.subplots(1, 2, width_ratios=(1, 1.25))
        self.figure.subplots_adjust(left=0.08, right=0.98, bottom=0.2, top=0.82, wspace=0.25)
        self.title = self.suptitle("Simulated therapist–client pairs: warmth sent and received")
        self.footnote("Simulated data. Illustrative: the size of both mismatches.")
        scatter_axes.set(
            xlim=(-LIMIT, LIMIT),
            ylim=(-LIMIT, LIMIT),
            xlabel="Warmth the therapist intends (z)",
            ylabel="Warmth the client perceives (z)",
        )
        (diagonal,) = scatter_axes.plot(
            [-LIMIT, LIMIT], [-LIMIT, LIMIT], color="black", linestyle=":", linewidth=1.2,
            label="Received as sent",
        )  # fmt: skip
        self.name(diagonal, None)  # marks x = y only
        (self.points,) = scatter_axes.plot(
            [], [], linestyle="none", marker="o", markersize=3, color=OKABE_ITO["blue"],
            alpha=0.4, markeredgewidth=0,
        )  # fmt: skip
        scatter_axes.legend(loc="upper left", fontsize=8, frameon=False)
        outcome_axes.set(
            xlim=(-LIMIT, LIMIT),
            ylim=(0, 0.7),
            xlabel="Outcome (z-score, higher is better)",
            ylabel="Share of clients (density)",
            title="Outcome by intended warmth",
        )
        zeros = np.zeros(len(EDGES) - 1)
        self.more = outcome_axes.stairs(
            zeros, EDGES, color=OKABE_ITO["vermillion"], linewidth=2, linestyle="-",
            label="More warmth intended",
        )  # fmt: skip
        self.less = outcome_axes.stairs(
            zeros, EDGES, color=OKABE_ITO["sky"], linewidth=2, linestyle="--",
            label="Less warmth intended",
        )  # fmt: skip
        self.more_mean = outcome_axes.axvline(
            0, ymax=0.8, color=OKABE_ITO["vermillion"], linewidth=1.4, linestyle="-"
        )
        self.less_mean = outcome_axes.axvline(
            0, ymax=0.8, color=OKABE_ITO["sky"], linewidth=1.4, linestyle="--"
        )
        outcome_axes.legend(loc="upper left", fontsize=7.5, frameon=False)
        self.name(self.points, "Therapist–client pairs")
        self.name(self.more_mean, "Mean outcome, more warmth intended")
        self.name(self.less_mean, "Mean outcome, less warmth intended")
        self.dynamic(self.points, self.more, self.less, self.more_mean, self.less_mean)

    def update(self, message: Message) -> None:
        self.points.set_data(message.intended, message.perceived)
        top = message.more_warmth
        for stairs, line, group in (
            (self.more, self.more_mean, top),
            (self.less, self.less_mean, ~top),
        ):
            outcome = message.outcome[group]
            counts, _ = np.histogram(outcome, EDGES, density=True)
            stairs.set_data(counts)
            mean = float(outcome.mean())
            line.set_xdata([mean, mean])
