"""Module 06 charts: sudden gains, the interpersonal circle, stages of change and dropout."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Patch, Polygon, Rectangle

from .. import evidence
from ..simulate.change import CLIENT_START, SETTLE
from .artists import GREY, BarCollection, points, segments
from .base import OKABE_ITO, Chart

SHOWN_CLIENTS = 25


class GainsChart(Chart):
    """Left: simulated BDI trajectories with sudden drops marked (kept ones are sudden gains).
    Right: the share of clients with a gain beside two published shares."""

    def build(self) -> None:
        paths, shares = self.figure.subplots(1, 2, width_ratios=(2.4, 1))
        self.figure.subplots_adjust(left=0.08, right=0.98, bottom=0.3, top=0.86, wspace=0.3)
        self.suptitle("Simulated depression scores: steady change and sudden gains")
        paths.set(
            xlim=(-0.3, 15.3),
            ylim=(0, 50),
            xlabel="Session",
            ylabel="BDI score (lower is better)",
        )
        (self.lines,) = paths.plot([], [], color="#9AD2F2", linewidth=0.9)  # sky, pale tint
        vermillion = OKABE_ITO["vermillion"]
        self.kept = points(paths, "v", 6.5, color=vermillion, zorder=3)
        self.lost = points(paths, "v", 6.5, color=vermillion, markerfacecolor="white", zorder=3)
        paths.legend(
            handles=[
                Line2D([], [], marker="v", linestyle="", color=vermillion),
                Line2D([], [], marker="v", linestyle="", markerfacecolor="white", color=vermillion),
            ],
            labels=["Sudden gain (drop kept)", "Drop reversed: not a gain"],
            loc="upper right",
            frameon=False,
            fontsize=8,
        )
        xs = np.arange(3)
        anxiety = evidence.get("sudden-gains-group-cbt")
        depression = evidence.get("sudden-gains-prevalence-ct")
        published = (anxiety.value, depression.value)
        for bar in shares.bar(
            xs[1:], published, width=0.6, color="#DDDDDD", edgecolor="black", hatch=["..", "xx"]
        ):
            self.name(bar, "Published: clients with a gain")
        for x, value, label in zip(
            xs[1:], published, (f"{anxiety.value:g}", f"~{depression.value:g}"), strict=True
        ):
            shares.text(x, value + 2, label, ha="center", fontsize=9)
        self.kept_bar, self.lost_bar = (
            shares.bar([0], [0], width=0.6, color=vermillion, edgecolor="black")[0],
            shares.bar([0], [0], width=0.6, color="white", edgecolor=vermillion, hatch="//")[0],
        )
        self.name(self.lines, f"Scores of the {SHOWN_CLIENTS} clients shown")
        self.name(self.kept, "Sudden gain (drop kept)")
        self.name(self.lost, "Drop reversed: not a gain")
        self.name(self.kept_bar, "This sample: clients with a gain")
        self.name(self.lost_bar, "This sample: clients whose every drop reversed")
        shares.set_xticks(xs, ["This\nsample", "Anxiety\ngroup\nCBT", "Depres-\nsion CT\n(cited)"])
        shares.tick_params(axis="x", labelsize=8)
        shares.set(ylim=(0, 100), ylabel="Clients with a gain (%)")
        shares.grid(axis="x", visible=False)
        size = evidence.get("sudden-gain-size")
        self.footnote(
            f"Gains average {size.value:g} BDI points ({size.short}); a reversed drop is not a "
            f"gain.\nGroup CBT for anxiety: {anxiety.value:g}% ({anxiety.short}). CT for "
            f"depression: ~{depression.value:g}%, cited in a secondary source.\nGains occur about "
            "as often under pill placebo. Slope, noise and reversals are illustrative.",
        )
        self.dynamic(self.lines, self.kept, self.lost, self.kept_bar, self.lost_bar)

    def update(
        self,
        scores: np.ndarray,
        jumps: np.ndarray,
        reversed_: np.ndarray,
        kept_share: float,
        reversed_share: float,
    ) -> None:
        """Draw the first SHOWN_CLIENTS trajectories; the bar shows clients with a gain, and
        above it, hollow, those whose every drop was reversed."""
        shown = scores[:SHOWN_CLIENTS]
        self.lines.set_data(*segments(np.arange(shown.shape[1]), shown))
        for artist, mask in (
            (self.kept, jumps & ~reversed_),
            (self.lost, reversed_),
        ):
            client, session = np.nonzero(mask[:SHOWN_CLIENTS])
            artist.set_data(session, shown[client, session])
        self.kept_bar.set_height(kept_share)
        self.lost_bar.set_y(kept_share)
        self.lost_bar.set_height(reversed_share)


STRATEGY_STYLES = {
    "complementary": (OKABE_ITO["vermillion"], "-", "o"),
    "warm-firm": (OKABE_ITO["blue"], "--", "s"),
    "mirror": (OKABE_ITO["purple"], ":", "^"),
}


OTHER_DYADS = 8  # faint paths behind the bold one: enough to show the spread, cheap to redraw


class CircleChart(Chart):
    """Left: client and therapist on the warmth × dominance circle. Right: the share of
    simulated dyads whose client has been in the warm–collaborative zone SETTLE sessions in a
    row, per therapist strategy."""

    def build(self) -> None:
        circle, reach = self.figure.subplots(1, 2, width_ratios=(1, 1.25))
        self.figure.subplots_adjust(left=0.04, right=0.98, bottom=0.24, top=0.86, wspace=0.22)
        self.suptitle("Simulated client and therapist on the interpersonal circle")
        for line in self.draw_circle(circle):
            self.name(line, None)  # the circle's axes: not data
        (self.paths,) = circle.plot([], [], color="#F6DDA6", linewidth=0.6)  # orange, pale tint
        (self.client,) = circle.plot(
            [], [], color=OKABE_ITO["orange"], marker="o", markersize=3, linewidth=1.8
        )
        (self.therapist,) = circle.plot(
            [], [], color=OKABE_ITO["blue"], marker="s", markersize=3, linestyle="--"
        )
        (start,) = circle.plot(
            *CLIENT_START, marker="*", color="black", markersize=11, linestyle=""
        )
        on_circle = ("Warmth (hostile − to warm +)", "Dominance (submissive − to dominant +)")
        self.name(self.paths, None)  # the faint spread behind the bold pair
        self.name(self.client, "Client, session by session", on_circle)
        self.name(self.therapist, "Therapist, session by session", on_circle)
        self.name(start, "Client's start", on_circle)
        circle.legend(
            handles=[
                Line2D([], [], color=OKABE_ITO["orange"], marker="o", markersize=4),
                Line2D([], [], color=OKABE_ITO["blue"], marker="s", markersize=4, linestyle="--"),
                Line2D([], [], color="black", marker="*", markersize=8, linestyle=""),
                Patch(facecolor="#CCEBDD", edgecolor=OKABE_ITO["green"], hatch=".."),
            ],
            labels=["Client", "Therapist", "Client start", "Warm zone"],
            loc="lower left",
            bbox_to_anchor=(-0.08, -0.08),
            frameon=False,
            fontsize=7.5,
            handlelength=1.8,
            handletextpad=0.3,
            labelspacing=0.25,
        )
        reach.set(
            xlim=(0, 30),
            ylim=(0, 100),
            xlabel="Session",
            ylabel="Dyads settled in the zone (%)",
        )
        reach.set_title(f"In the warm zone {SETTLE} sessions in a row", fontsize=10)
        self.reach = {}
        for offset, (key, (colour, style, marker)) in enumerate(STRATEGY_STYLES.items()):
            (self.reach[key],) = reach.plot(
                [],
                [],
                color=colour,
                linestyle=style,
                marker=marker,
                markevery=(2 * offset, 6),
                markersize=5,
                clip_on=False,
            )
        names = ["Complementary", "Warm, firm", "Mirror"]
        for line, name in zip(self.reach.values(), names, strict=True):
            self.name(line, name)
        reach.legend(
            handles=list(self.reach.values()),
            labels=names,
            loc="center right",
            frameon=False,
            fontsize=8,
        )
        self.footnote(
            "Rule: behaviour invites the same warmth and the opposite dominance (complementarity). "
            "Warmth coupling is set\nstronger than dominance coupling, as found; all rates, the "
            "pull back, the zone and the noise are illustrative.",
        )
        self.dynamic(self.paths, self.client, self.therapist, *self.reach.values())

    @staticmethod
    def draw_circle(axes: Axes) -> tuple[Line2D, Line2D]:
        """The circle, its warm zone and its labels; returns its two axis lines."""
        axes.set(xlim=(-1.5, 1.5), ylim=(-1.25, 1.25), xticks=[], yticks=[])
        axes.set_aspect("equal", adjustable="box")
        axes.grid(False)
        for side in ("left", "bottom"):
            axes.spines[side].set_visible(False)
        axes.add_patch(Circle((0, 0), 1, fill=False, edgecolor=GREY))
        lines = (
            axes.axhline(0, color=GREY, linewidth=0.6),
            axes.axvline(0, color=GREY, linewidth=0.6),
        )
        arc = np.linspace(-np.pi / 4, np.pi / 4, 30)
        zone = np.vstack(([0.3, -0.3], np.column_stack((np.cos(arc), np.sin(arc))), [0.3, 0.3]))
        axes.add_patch(
            Polygon(
                zone, closed=True, facecolor="#CCEBDD", edgecolor=OKABE_ITO["green"], hatch=".."
            )
        )
        style = {"fontsize": 8, "va": "center"}
        axes.text(1.04, 0.1, "Warm", ha="left", **style)
        axes.text(-1.04, 0.1, "Hostile", ha="right", **style)
        axes.text(0, 1.13, "Dominant", ha="center", **style)
        axes.text(0, -1.13, "Submissive", ha="center", **style)
        return lines

    def update(
        self, paths: np.ndarray, therapist: np.ndarray, reach: dict[str, np.ndarray], chosen: str
    ) -> None:
        """`paths` (runs, sessions + 1, 2) of clients; run 0 and its therapist are drawn bold."""
        others = paths[1 : 1 + OTHER_DYADS]
        self.paths.set_data(*segments(others[:, :, 0], others[:, :, 1]))
        self.client.set_data(paths[0, :, 0], paths[0, :, 1])
        self.therapist.set_data(therapist[:, 0], therapist[:, 1])
        sessions = np.arange(paths.shape[1])
        for key, line in self.reach.items():
            line.set_data(sessions, reach[key])
            line.set_linewidth(2.8 if key == chosen else 1.2)


STAGE_STYLES = (  # single-density hatches: each band readable without colour, cheap to draw
    ("Precontemplation", OKABE_ITO["vermillion"], "\\"),
    ("Contemplation", OKABE_ITO["orange"], "|"),
    ("Preparation", OKABE_ITO["yellow"], ""),
    ("Action", OKABE_ITO["sky"], "/"),
    ("Maintenance", OKABE_ITO["green"], "-"),
    ("Dropped out", "#BBBBBB", "x"),
)


class StagesChart(Chart):
    """Left: the cohort's stages (and dropout) stacked by session. Middle: cumulative dropout
    with and without preference accommodation. Right: outcome by starting stage."""

    def build(self) -> None:
        stack, dropout, outcome = self.figure.subplots(1, 3, width_ratios=(1.7, 1, 1))
        self.figure.subplots_adjust(left=0.07, right=0.98, bottom=0.24, top=0.74, wspace=0.42)
        self.suptitle("Simulated clients: stage of change, dropout and outcome")
        self.sessions = np.arange(21)
        stack.set(xlim=(0, 20), ylim=(0, 100), xlabel="Session", ylabel="Clients (%)")
        stack.grid(False)
        # One polygon per stage; the dropped-out band is the static background above them.
        self.bands = [
            stack.add_patch(
                Polygon(
                    np.zeros((2 * len(self.sessions), 2)), facecolor=colour, edgecolor="black",
                    hatch=hatch, linewidth=0.4, label=label,
                )
            )
            for label, colour, hatch in STAGE_STYLES[:-1]
        ]  # fmt: skip
        label, colour, hatch = STAGE_STYLES[-1]
        background = stack.add_patch(
            Rectangle(
                (0, 0), self.sessions[-1], 100, facecolor=colour, edgecolor="black", hatch=hatch,
                linewidth=0.4, label=label,
            )
        )  # fmt: skip
        self.name(background, None)  # the band above the stages: not a bar
        stack.legend(
            loc="lower left",
            bbox_to_anchor=(0, 1.01),
            ncols=3,
            frameon=False,
            fontsize=7.5,
            handlelength=1.6,
            columnspacing=0.8,
        )
        dropout.set(xlim=(0, 20), ylim=(0, 40), xlabel="Session", ylabel="Dropped out (%)")
        dropout_rate = evidence.get("dropout-rate")
        self.name(
            dropout.axhline(dropout_rate.value, color=GREY, linestyle=":", linewidth=1.2),
            "Published dropout rate",
        )
        (self.usual,) = dropout.plot([], [], color=OKABE_ITO["vermillion"], linewidth=1.6)
        (self.accommodated,) = dropout.plot(
            [], [], color=OKABE_ITO["blue"], linestyle="--", linewidth=1.6
        )
        self.cohort = points(dropout, "o", 3.5, color="black", zorder=4)
        labels = ["Usual (expected)", "Preferences met", "This cohort"]
        for line, label in zip((self.usual, self.accommodated, self.cohort), labels, strict=True):
            self.name(line, label)
        dropout.legend(
            handles=[self.usual, self.accommodated, self.cohort],
            labels=labels,
            loc="lower left",
            bbox_to_anchor=(-0.05, 1.01),
            frameon=False,
            fontsize=7.5,
        )
        self.bars = outcome.add_collection(
            BarCollection(
                np.arange(4), facecolors=[c for _, c, _ in STAGE_STYLES[:4]], edgecolors="black"
            )
        )
        outcome.set_xticks(np.arange(4), ["Pre", "Con", "Prep", "Act"])
        outcome.set(ylim=(0, 2.2), xlabel="Stage at intake", ylabel="Improvement (SD)")
        outcome.set_title("Outcome of finishers", fontsize=10)
        self.name(self.bars, "Finishers' mean improvement")
        outcome.grid(axis="x", visible=False)
        odds, stages = evidence.get("preference-dropout-or"), evidence.get("stages-of-change")
        self.footnote(
            f"Dropout calibrated to {dropout_rate.value:g}% ({dropout_rate.short}); preferences "
            f"met: odds ÷ {odds.value:g} ({odds.short}).\nIntake stage ~ outcome at "
            f"d = {stages.value:.2f} ({stages.short}). "
            "Stage moves, intake mix and higher early dropout are illustrative.",
        )
        self.dynamic(*self.bands, self.usual, self.accommodated, self.cohort, self.bars)

    def update(
        self,
        occupancy: np.ndarray,
        usual: np.ndarray,
        accommodated: np.ndarray,
        cohort_dropout: np.ndarray,
        outcome_by_start: np.ndarray,
    ) -> None:
        """`occupancy` (sessions + 1, 6) in %, dropout curves in %, outcome per intake stage."""
        tops = np.cumsum(occupancy[:, :5], axis=1)
        bottoms = tops - occupancy[:, :5]
        along = np.r_[self.sessions, self.sessions[::-1]]
        for band, bottom, top in zip(self.bands, bottoms.T, tops.T, strict=True):
            band.set_xy(np.column_stack((along, np.r_[top, bottom[::-1]])))
        self.usual.set_data(self.sessions, usual)
        self.accommodated.set_data(self.sessions, accommodated)
        self.cohort.set_data(self.sessions, cohort_dropout)
        self.bars.set_heights(outcome_by_start)
