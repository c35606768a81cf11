"""Module 05 charts: countertransference paths and outcomes, and the transference template."""

from __future__ import annotations

import numpy as np
from matplotlib.patches import FancyArrowPatch
from matplotlib.transforms import Bbox

from ..simulate.transference import SESSIONS, THERAPIST_STANCE, CtCohort, Paths, TemplateRun
from .base import OKABE_ITO, Chart

LIMIT = 4.0
EDGES = np.linspace(-LIMIT, LIMIT, 17)
#: Fixed node positions of the path diagram (axes from 0 to 1).
NODES = {"Management": (0.14, 0.25), "Reactions": (0.5, 0.8), "Outcome": (0.86, 0.25)}
#: The arrows of the path diagram, in the order of `Paths` fields.
EDGES_OF_PATH = (("Management", "Reactions"), ("Reactions", "Outcome"), ("Management", "Outcome"))


QUADRANTS = (
    (-1.1, 1.1, "Hostile-\ndominant"),
    (1.1, 1.1, "Friendly-\ndominant"),
    (-1.1, -1.1, "Hostile-\nsubmissive"),
    (1.1, -1.1, "Friendly-\nsubmissive"),
)


class CountertransferenceChart(Chart):
    """Left: outcome for low vs high CT management. Right: the path diagram at fixed places,
    each arrow's shaft as wide as its coefficient and dashed if it is negative (the values are
    in the explorer's readout: text redrawn on every change is slow)."""

    def build(self) -> None:
        outcome_axes, path_axes = self.figure.subplots(1, 2, width_ratios=(1.2, 1))
        self.figure.subplots_adjust(left=0.08, right=0.98, bottom=0.2, top=0.8, wspace=0.15)
        self.title = self.suptitle("Simulated therapists: managing countertransference and outcome")
        self.footnote(
            "Simulated data. The three r come from different study sets: combining them is a "
            "teaching approximation."
        )
        self._build_outcomes(outcome_axes)
        self._build_paths(path_axes)

    def _build_outcomes(self, axes) -> None:
        axes.set(
            xlim=(-LIMIT, LIMIT),
            ylim=(0, 0.75),
            xlabel="Client outcome (z-score, higher is better)",
            ylabel="Share of clients (density)",
            title="Outcome by CT management",
        )
        zeros = np.zeros(len(EDGES) - 1)
        self.high = axes.stairs(
            zeros, EDGES, color=OKABE_ITO["blue"], linewidth=2, linestyle="-",
            label="High management (top third)",
        )  # fmt: skip
        self.low = axes.stairs(
            zeros, EDGES, color=OKABE_ITO["orange"], linewidth=2, linestyle="--",
            label="Low management (bottom third)",
        )  # fmt: skip
        self.high_mean = axes.axvline(0, ymax=0.8, color=OKABE_ITO["blue"], linewidth=1.2)
        self.low_mean = axes.axvline(
            0, ymax=0.8, color=OKABE_ITO["orange"], linewidth=1.2, linestyle="--"
        )
        axes.legend(loc="upper left", fontsize=7.5, frameon=False)
        self.name(self.high_mean, "Mean outcome, high management")
        self.name(self.low_mean, "Mean outcome, low management")
        self.warning = axes.text(
            0, 0.35, "These three r cannot hold together:\nthe correlation matrix is\n"
            "not positive definite", ha="center", va="center", fontsize=9, visible=False,
            bbox=dict(boxstyle="round", facecolor="white", edgecolor=OKABE_ITO["vermillion"]),
        )  # fmt: skip
        self.dynamic(self.high, self.low, self.high_mean, self.low_mean, self.warning)

    def _build_paths(self, axes) -> None:
        axes.set(xlim=(0, 1), ylim=(0, 1), title="Path model (derived from the three r)")
        axes.set_axis_off()
        boxes = {}
        for name, (x, y) in NODES.items():
            boxes[name] = axes.text(
                x, y, name.replace("Management", "CT\nmanagement").replace(
                    "Reactions", "CT\nreactions"
                ),
                ha="center", va="center", fontsize=9, fontweight="bold",
                bbox=dict(boxstyle="round,pad=0.4", facecolor="white", edgecolor="black"),
            )  # fmt: skip
        # The shafts change, so they are drawn over the cached background: they must stop
        # short of the boxes. The arrowheads are static.
        renderer = self.canvas.get_renderer()
        extents = {}
        for name, box in boxes.items():
            box.update_bbox_position_size(renderer)
            extents[name] = box.get_bbox_patch().get_window_extent(renderer)
        to_axes = axes.transAxes.inverted()
        self.shafts = []
        for start, end in EDGES_OF_PATH:
            ends = arrow_ends(extents[start], extents[end], self.figure.dpi / 72)
            begin, base, tip = to_axes.transform(ends)
            axes.add_patch(
                FancyArrowPatch(
                    base, tip, arrowstyle="-|>", mutation_scale=18, shrinkA=0, shrinkB=0,
                    color="black", linewidth=1, transform=axes.transAxes,
                )
            )  # fmt: skip
            (shaft,) = axes.plot(*zip(begin, base, strict=True), color="black")
            self.shafts.append(shaft)
            self.name(shaft, None)  # its width is the coefficient: the readout gives the value
        axes.text(
            0.5, -0.02, "Standardised β: wider = larger, dashed = negative",
            ha="center", va="top", fontsize=7.5, color="#444444",
        )  # fmt: skip
        self.dynamic(*self.shafts)

    def update(self, cohort: CtCohort | None, paths: Paths | None) -> None:
        """Draw the cohort and its paths, or empty panels if the correlations are impossible."""
        self.warning.set_visible(cohort is None)
        for stairs, line, group in zip(
            (self.low, self.high),
            (self.low_mean, self.high_mean),
            cohort.outcome_by_management() if cohort else (None, None),
            strict=True,
        ):
            counts = np.histogram(group, EDGES, density=True)[0] if group is not None else None
            stairs.set_data(counts if counts is not None else np.zeros(len(EDGES) - 1))
            mean = float(group.mean()) if group is not None else np.nan
            line.set_xdata([mean, mean])
        values = (
            (paths.management_reactions, paths.reactions_outcome, paths.management_outcome)
            if paths
            else (np.nan,) * 3
        )
        for shaft, value in zip(self.shafts, values, strict=True):
            if np.isfinite(value):
                shaft.set(linewidth=1 + 5 * abs(value), linestyle="--" if value < 0 else "-")
            else:  # no path model: a thin dotted line
                shaft.set(linewidth=1, linestyle=":")


def arrow_ends(start: Bbox, end: Bbox, pixels_per_point: float) -> np.ndarray:
    """Where an arrow from box `start` to box `end` begins, where its head begins and its tip
    (3 × 2, display coordinates), 4 points clear of each box; the head is 6 points long."""
    first, last = (start.p0 + start.p1) / 2, (end.p0 + end.p1) / 2
    along = (last - first) / np.hypot(*(last - first))
    gap = 4 * pixels_per_point
    begin = first + (_exit_distance(start, along) + gap) * along
    tip = last - (_exit_distance(end, along) + gap) * along
    return np.array([begin, tip - 6 * pixels_per_point * along, tip])


def _exit_distance(box: Bbox, along: np.ndarray) -> float:
    """How far from its centre a line in direction `along` leaves the box."""
    with np.errstate(divide="ignore"):
        return float(np.min(np.array([box.width, box.height]) / 2 / np.abs(along)))


class TemplateChart(Chart):
    """Left: the client's expectation on the interpersonal circle, session by session.
    Right: the warmth the client expects, with and without the therapist pulled in."""

    def build(self) -> None:
        circle, warmth = self.figure.subplots(1, 2, width_ratios=(1, 1.25))
        self.figure.subplots_adjust(left=0.06, right=0.98, bottom=0.2, top=0.76, wspace=0.25)
        self.title = self.suptitle(
            "Simulated client: a transference template, confirmed or revised"
        )
        self.footnote(
            "Simulated data. Illustrative: learning rate, pull, starting point, therapist stance."
        )
        self._build_circle(circle)
        self._build_warmth(warmth)

    def _build_circle(self, axes) -> None:
        axes.set(xlim=(-1.15, 1.15), ylim=(-1.15, 1.15), xticks=[], yticks=[])
        axes.set_aspect("equal")
        axes.set_xlabel("Hostile ← warmth → friendly", fontsize=9)
        axes.set_ylabel("Submissive ← dominance → dominant", fontsize=9)
        angle = np.linspace(0, 2 * np.pi, 200)
        for outline in (
            axes.plot(np.cos(angle), np.sin(angle), color="#999999", linewidth=1)[0],
            axes.axhline(0, color="#bbbbbb", linewidth=0.8),
            axes.axvline(0, color="#bbbbbb", linewidth=0.8),
        ):
            self.name(outline, None)  # the circle and its axes: not data
        for x, y, text in QUADRANTS:
            axes.text(
                x, y, text, fontsize=7, color="#555555", ha="left" if x < 0 else "right",
                va="top" if y > 0 else "bottom",
            )  # fmt: skip
        (stance,) = axes.plot(
            *THERAPIST_STANCE, marker="*", markersize=13, color=OKABE_ITO["green"],
            markeredgecolor="black", linestyle="none",
        )  # fmt: skip
        self.name(stance, "Therapist's own stance (warmth, dominance)")
        self.start = axes.plot([], [], marker="o", markersize=8, color="black", linestyle="none")[0]
        self.resist_path = axes.plot(
            [], [], color=OKABE_ITO["blue"], marker="o", markersize=3, linewidth=1.5
        )[0]
        self.pulled_path = axes.plot(
            [], [], color=OKABE_ITO["vermillion"], marker="s", markersize=3, linewidth=1.5,
            linestyle="--",
        )[0]  # fmt: skip
        self.circle_artists = (self.resist_path, self.pulled_path, self.start)
        self.name(self.start, "Starting template (warmth, dominance)")
        self.name(
            self.resist_path, "Client's expectation, session by session: therapist resists the pull"
        )
        self.name(self.pulled_path, "Client's expectation, session by session: therapist pulled in")

    def _build_warmth(self, axes) -> None:
        axes.set(
            xlim=(0, SESSIONS),
            ylim=(-1, 1),
            xticks=range(0, SESSIONS + 1, 5),
            xlabel="Session",
            ylabel="Warmth the client expects",
        )
        axes.plot(
            [], [], marker="o", markersize=7, color="black", linestyle="none",
            label="Starting template",
        )  # fmt: skip
        axes.axhline(
            THERAPIST_STANCE[0], color=OKABE_ITO["green"], linestyle=":", linewidth=1.5,
            marker="*", markersize=11, markeredgecolor="black", markevery=[0],
            label="Therapist's own stance",
        )  # fmt: skip
        self.resist_warmth = axes.plot(
            [], [], color=OKABE_ITO["blue"], marker="o", markersize=3, linewidth=2,
            label="Therapist resists the pull",
        )[0]  # fmt: skip
        self.pulled_warmth = axes.plot(
            [], [], color=OKABE_ITO["vermillion"], marker="s", markersize=3, linewidth=2,
            linestyle="--", label="Therapist pulled in",
        )[0]  # fmt: skip
        axes.legend(
            loc="lower left", bbox_to_anchor=(0, 1.02), ncol=2, fontsize=7.5, frameon=False,
            borderaxespad=0, columnspacing=1,
        )  # fmt: skip
        self.dynamic(*self.circle_artists, self.resist_warmth, self.pulled_warmth)

    def update(self, resisting: TemplateRun, pulled: TemplateRun) -> None:
        self.start.set_data([resisting.expectation[0, 0]], [resisting.expectation[0, 1]])
        self.resist_path.set_data(*resisting.expectation.T)
        self.pulled_path.set_data(*pulled.expectation.T)
        sessions = np.arange(len(resisting.warmth))
        self.resist_warmth.set_data(sessions, resisting.warmth)
        self.pulled_warmth.set_data(sessions, pulled.warmth)
