"""Module 03 charts: OQ-45 trajectories with a Jacobson–Truax plot, and feedback conditions."""

from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection

from ..simulate.feedback import CATEGORIES, CONDITIONS, SESSIONS, Cohort
from .artists import BarCollection
from .base import OKABE_ITO, Chart

CATEGORY_STYLE = (  # colour, marker: meaning never rests on colour alone
    (OKABE_ITO["green"], "o"),
    (OKABE_ITO["blue"], "^"),
    ("#888888", "s"),
    (OKABE_ITO["vermillion"], "X"),
)
SCORES = (0.0, 150.0)
CHANGE = (-90.0, 50.0)


class MonitoringChart(Chart):
    """Left: change from intake per session, with the expected-recovery band and flagged
    clients. Right: intake vs final score, classified with the RCI and the cutoff."""

    def build(self) -> None:
        course, plot = self.figure.subplots(1, 2, width_ratios=(1.5, 1))
        self.figure.subplots_adjust(left=0.09, right=0.83, bottom=0.2, top=0.76, wspace=0.3)
        self.title = self.suptitle("Simulated OQ-45 monitoring of a cohort")
        self.footnote(
            "Simulated data. Illustrative: intake scores, average change, weekly fluctuation, "
            "flag threshold."
        )
        self._build_course(course)
        self._build_plot(plot)

    def _build_course(self, axes) -> None:
        axes.set(
            xlim=(0, SESSIONS),
            ylim=CHANGE,
            xlabel="Session (lower scores are better)",
            ylabel="Change from intake (points)",
        )
        self.on_track = LineCollection(
            [], colors=OKABE_ITO["sky"], linewidths=0.6, alpha=0.45, label="On track"
        )
        self.flagged = LineCollection(
            [], colors=OKABE_ITO["vermillion"], linewidths=0.9, linestyles="--", alpha=0.8,
            label="Flagged: not on track",
        )  # fmt: skip
        self.band = axes.fill_between(
            [0, SESSIONS], 0, 0, facecolor="#bbbbbb", alpha=0.55, edgecolor="black",
            linestyle=":", linewidth=1.2, zorder=3, label="Expected-recovery band",
        )  # fmt: skip
        axes.add_collection(self.on_track)
        axes.add_collection(self.flagged)
        (self.expected,) = axes.plot(
            [], [], color="black", linewidth=2, zorder=4, label="Expected course"
        )
        axes.legend(
            loc="lower left", bbox_to_anchor=(0, 1.0), ncol=2, fontsize=7.5, frameon=False,
            borderaxespad=0.2, columnspacing=1.2,
        )  # fmt: skip
        self._cohort: Cohort | None = None

    def _build_plot(self, axes) -> None:
        axes.set(
            xlim=SCORES,
            ylim=SCORES,
            xlabel="Intake score",
            ylabel="Final score",
            title="Jacobson–Truax categories",
        )
        axes.set_aspect("equal", adjustable="box")
        (same,) = axes.plot(SCORES, SCORES, color="black", linewidth=0.8, label="Same score")
        (self.rci,) = axes.plot([], [], color="black", linestyle="--", linewidth=1, label="± RCI")
        (self.cutoff,) = axes.plot(
            [], [], color=OKABE_ITO["purple"], linewidth=1.6, linestyle="-.", label="Cutoff"
        )
        self.points = [
            axes.plot(
                [], [], linestyle="none", marker=marker, markersize=3.5, color=colour,
                markeredgewidth=0, label=name,
            )[0]
            for name, (colour, marker) in zip(CATEGORIES, CATEGORY_STYLE, strict=True)
        ]  # fmt: skip
        axes.legend(
            loc="center left", bbox_to_anchor=(1.02, 0.5), fontsize=7.5, frameon=False,
            handletextpad=0.3, borderaxespad=0,
        )  # fmt: skip
        # Reference lines (x = y, and the RCI and cutoff, whose values the readout gives): not
        # series of numbers.
        for line in (same, self.rci, self.cutoff):
            self.name(line, None)
        self.dynamic(self.rci, self.cutoff, *self.points)

    def update(self, cohort: Cohort, codes: np.ndarray, rci: float, cutoff: float) -> None:
        if cohort is not self._cohort:
            self._set_course(cohort)
        low, high = SCORES
        # Each pair of lines is one artist, broken by NaN: half the drawing calls.
        self.rci.set_data(
            [low, high, np.nan, low, high], [low + rci, high + rci, np.nan, low - rci, high - rci]
        )
        self.cutoff.set_data(
            [low, high, np.nan, cutoff, cutoff], [cutoff, cutoff, np.nan, low, high]
        )
        for code, points in enumerate(self.points):
            chosen = codes == code
            points.set_data(cohort.intake[chosen], cohort.final[chosen])

    def _set_course(self, cohort: Cohort) -> None:
        """The trajectories change only with the cohort: they stay in the cached background,
        which is redrawn when the cohort changes, not when the RCI or the cutoff moves."""
        self._cohort = cohort
        sessions = np.arange(SESSIONS + 1)
        segments = np.stack(np.broadcast_arrays(sessions, cohort.change), axis=-1)
        self.on_track.set_segments(segments[~cohort.not_on_track])
        self.flagged.set_segments(segments[cohort.not_on_track])
        self.expected.set_data(sessions, cohort.expected)
        outline = np.concatenate(
            (
                np.column_stack((sessions, cohort.upper)),
                np.column_stack((sessions, cohort.lower))[::-1],
            )
        )
        self.band.set_verts([outline])
        self.invalidate()


class FeedbackChart(Chart):
    """Recovery and deterioration rates by condition, for all clients and not-on-track ones."""

    def build(self) -> None:
        everyone, flagged = self.figure.subplots(1, 2, sharey=True)
        self.figure.subplots_adjust(left=0.08, right=0.98, bottom=0.22, top=0.78, wspace=0.1)
        self.title = self.suptitle("Simulated cohort: the same clients with and without feedback")
        self.footnote(
            "Simulated data. Effects from meta-analyses; intake scores and course illustrative."
        )
        x = np.arange(len(CONDITIONS))
        self.bars = []
        for axes, title in ((everyone, "All clients"), (flagged, "Not-on-track clients")):
            axes.set(ylim=(0, 60), xticks=x, title=title, xlabel="Feedback to the therapist")
            axes.set_xticklabels(["Off", "On", "On + tools"])
            axes.grid(axis="x", visible=False)
            recovered = axes.add_collection(
                BarCollection(
                    x - 0.2, 0.4, facecolors=OKABE_ITO["green"], edgecolors="black",
                    linewidths=0.7, label="Recovered",
                )
            )  # fmt: skip
            worse = axes.add_collection(
                BarCollection(
                    x + 0.2, 0.4, facecolors=OKABE_ITO["vermillion"], edgecolors="black",
                    linewidths=0.7, hatch="/", label="Deteriorated",
                )
            )  # fmt: skip
            self.bars.append((recovered, worse))
        everyone.set_ylabel("Clients (%)")
        flagged.legend(loc="upper left", fontsize=8, frameon=False)
        self.dynamic(*(bars for pair in self.bars for bars in pair))

    def update(self, everyone: np.ndarray, flagged: np.ndarray) -> None:
        """Rates (conditions × recovered, improved, deteriorated; 0–1) of all clients and of
        the not-on-track ones, as `FeedbackTrial.rates` gives them."""
        for (recovered, worse), rates in zip(self.bars, (everyone, flagged), strict=True):
            recovered.set_heights(100 * rates[:, 0])
            worse.set_heights(100 * rates[:, 2])
