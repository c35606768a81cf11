"""Module 07 charts: a session timeline of ruptures, and outcomes with and without cultural fit."""

from __future__ import annotations

import numpy as np
from matplotlib.lines import Line2D

from .. import evidence
from .artists import GREY, BarCollection, points, segments, set_bars, value_bars
from .base import OKABE_ITO, Chart

SHOWN = 12  # clients drawn on the timeline
UNREPAIRED_BINS = ("0", "1", "2", "3", "4+")


class RuptureChart(Chart):
    """Left: ruptures per session for a few simulated clients (shape and colour by type, hollow
    if not repaired, × where the client left). Middle: cumulative dropout. Right: improvement
    of the clients who finished, by the number of their ruptures left unrepaired."""

    def build(self) -> None:
        timeline, dropout, outcome = self.figure.subplots(1, 3, width_ratios=(1.8, 1, 1))
        self.figure.subplots_adjust(left=0.06, right=0.98, bottom=0.24, top=0.76, wspace=0.42)
        self.suptitle("Simulated therapy: ruptures, dropout, and outcome of those who finish")
        self.sessions = 20
        timeline.set(
            xlim=(0.4, self.sessions + 0.9),
            ylim=(SHOWN + 0.6, 0.4),
            xlabel="Session",
            ylabel=f"{SHOWN} simulated clients",
        )
        timeline.set_yticks([])
        timeline.grid(axis="y", visible=False)
        (self.attendance,) = timeline.plot([], [], color="#BBBBBB", linewidth=1.5)
        vermillion, blue = OKABE_ITO["vermillion"], OKABE_ITO["blue"]
        self.marks = {}
        for kind, marker, colour in (("confrontation", "^", vermillion), ("withdrawal", "s", blue)):
            self.marks[kind, True] = points(timeline, marker, 6, color=colour)
            self.marks[kind, False] = points(
                timeline, marker, 6, color=colour, markerfacecolor="white", markeredgewidth=1.4
            )
        self.left = points(timeline, "X", 7, color="black", zorder=4)
        timeline.legend(
            handles=[
                Line2D([], [], marker="^", linestyle="", color=vermillion),
                Line2D([], [], marker="s", linestyle="", color=blue),
                Line2D([], [], marker="o", linestyle="", markerfacecolor="white", color="black"),
                Line2D([], [], marker="X", linestyle="", color="black"),
            ],
            labels=["Confrontation", "Withdrawal", "Hollow: not repaired", "Dropped out"],
            loc="lower left",
            bbox_to_anchor=(0, 1.01),
            ncols=2,
            frameon=False,
            fontsize=8,
            handletextpad=0.2,
            columnspacing=0.8,
        )
        dropout.set(
            xlim=(0, self.sessions),
            ylim=(0, 60),
            xlabel="Session",
            ylabel="Dropped out (%)",
        )
        dropout.set_title("Cumulative dropout", fontsize=10)
        published = evidence.get("dropout-rate")
        self.name(
            dropout.axhline(published.value, color=GREY, linestyle=":", linewidth=1.2),
            "Published dropout rate",
        )
        dropout.text(
            0.5,
            published.value + 1.8,
            f"{published.value:g}% ({published.short.replace(', ', ' ')})",
            fontsize=7.5,
            color="#333333",
        )
        (self.dropout,) = dropout.plot(
            [], [], color=OKABE_ITO["orange"], drawstyle="steps-post", linewidth=2.2
        )
        self.bars = outcome.add_collection(
            BarCollection(
                np.arange(len(UNREPAIRED_BINS)), facecolors=OKABE_ITO["green"], edgecolors="black"
            )
        )
        outcome.set_xticks(np.arange(len(UNREPAIRED_BINS)), UNREPAIRED_BINS)
        outcome.grid(axis="x", visible=False)
        outcome.axhline(0, color="black", linewidth=0.8)
        outcome.set(
            ylim=(-0.5, 2.6), xlabel="Ruptures left unrepaired", ylabel="Mean improvement (SD)"
        )
        outcome.set_title("Finishers only: outcome", fontsize=10)
        # The timeline's rows are clients, not a quantity: `series` counts its marks per client.
        for artist in (self.attendance, *self.marks.values(), self.left):
            self.name(artist, None)
        self.name(self.dropout, "This cohort's cumulative dropout")
        self.name(self.bars, "Finishers' mean improvement")
        low, high = evidence.get("rupture-frequency").interval
        repair_r = evidence.value("rupture-repair-outcome")
        self.footnote(
            f"Rupture rate: {low:g}–{high:g}% of sessions (cited in a secondary source). "
            "Detection, repair and dropout rates are illustrative;\nat the starting settings "
            f"dropout is calibrated to {published.value:g}% and the cost of an unrepaired rupture "
            f"to a repair–outcome r = {evidence.format_stat(repair_r, 'r')}.",
        )
        self.dynamic(self.attendance, *self.marks.values(), self.left, self.dropout, self.bars)

    def series(self) -> list:
        """The other panels' numbers, and the timeline's as one row per client, counted from
        what it draws: sessions attended, and ruptures of each kind, repaired or not."""
        from .data import Series

        clients = [str(row) for row in range(1, SHOWN + 1)]
        attended = self.attendance.get_xdata()[1::3] - 0.4  # each row: start, end, gap
        if len(attended) != SHOWN:  # not drawn yet
            return super().series()
        rows = [("Sessions attended", "Sessions", attended)]
        for (kind, fixed), artist in self.marks.items():
            counts = np.bincount(np.asarray(artist.get_ydata(), dtype=int), minlength=SHOWN + 1)
            name = f"{kind.capitalize()}s {'repaired' if fixed else 'not repaired'}"
            rows.append((name, "Ruptures", counts[1 : SHOWN + 1]))
        panel = f"Timeline of {SHOWN} simulated clients"
        timeline = [
            Series(
                panel, name, "Client", unit, tuple(zip(clients, map(float, values), strict=True))
            )
            for name, unit, values in rows
        ]
        return timeline + super().series()

    def update(
        self,
        rupture: np.ndarray,
        withdrawal: np.ndarray,
        repaired: np.ndarray,
        attended: np.ndarray,
        cumulative_dropout: np.ndarray,
        outcome_by_unrepaired: np.ndarray,
    ) -> None:
        """The first SHOWN clients' sessions, the cohort's dropout curve, and finishers' outcome
        by the number of ruptures left unrepaired."""
        rows = np.arange(1, SHOWN + 1)
        shown = attended[:SHOWN]
        self.attendance.set_data(
            *segments(np.column_stack((np.full(SHOWN, 0.6), shown + 0.4)), np.c_[rows, rows])
        )
        for (kind, fixed), artist in self.marks.items():
            mask = rupture & (withdrawal if kind == "withdrawal" else ~withdrawal)
            mask &= repaired if fixed else ~repaired
            client, session = np.nonzero(mask)
            artist.set_data(session + 1, client + 1)
        gone = shown < self.sessions
        self.left.set_data(shown[gone] + 0.5, rows[gone])
        self.dropout.set_data(np.arange(self.sessions + 1), np.r_[0, cumulative_dropout])
        self.bars.set_heights(outcome_by_unrepaired)


class CulturalChart(Chart):
    """Outcome distributions with and without cultural adaptation; the published and
    bias-corrected d beside the sample's; client- versus therapist-rated competence."""

    def build(self) -> None:
        spread, effect, raters = self.figure.subplots(1, 3, width_ratios=(1.9, 1, 1))
        self.figure.subplots_adjust(left=0.07, right=0.98, bottom=0.26, top=0.84, wspace=0.45)
        self.suptitle("Simulated clients: cultural adaptation and who rates competence")
        self.edges = np.arange(-3.5, 4.51, 0.25)
        centres = (self.edges[:-1] + self.edges[1:]) / 2
        self.centres = centres
        spread.set(
            xlim=(-3.5, 4.5),
            ylim=(0, 0.65),
            xlabel="Improvement (SD units)",
            ylabel="Share of clients (density)",
        )
        blue, orange = OKABE_ITO["blue"], OKABE_ITO["orange"]
        (self.adapted,) = spread.plot(
            [], [], color=blue, drawstyle="steps-mid", linewidth=1.8, label="Adapted"
        )
        (self.standard,) = spread.plot(
            [], [], color=orange, drawstyle="steps-mid", linestyle="--", label="Not adapted"
        )
        (self.adapted_mean,) = spread.plot([], [], color=blue, linewidth=2.4)
        (self.standard_mean,) = spread.plot([], [], color=orange, linestyle="--", linewidth=2.4)
        spread.legend(loc="upper left", frameon=False, fontsize=8)
        xs = np.arange(3)
        published = (
            evidence.value("cultural-adaptation"),
            evidence.value("cultural-adaptation-bias-corrected"),
        )
        for bar in effect.bar(
            xs[:2], published, width=0.6, color="#DDDDDD", edgecolor="black", hatch=".."
        ):
            self.name(bar, "Published d")
        for x, value in zip(xs[:2], published, strict=True):
            effect.text(x, value + 0.03, f"{value:.2f}", ha="center", fontsize=9)
        (self.sample_bar,) = effect.bar(
            [2], [0], width=0.6, color=blue, edgecolor="black", hatch="//"
        )
        self.name(self.sample_bar, "This sample's d")
        effect.set_xticks(xs, ["Pub.", "Adj.", "Sample"])
        effect.tick_params(axis="x", labelsize=9)
        effect.set(ylim=(-0.3, 1.2), ylabel="Adapted vs not (d)")
        effect.set_title("Effect of adaptation", fontsize=10)
        effect.axhline(0, color="black", linewidth=0.8)
        effect.grid(axis="x", visible=False)
        self.rater_bars = value_bars(
            raters,
            ("Client-\nrated", "Therapist-\nrated"),
            (OKABE_ITO["green"], OKABE_ITO["purple"]),
            ("", "xx"),
        )
        for bar in self.rater_bars:
            self.name(bar, "This sample's r")
        self.name(self.adapted_mean, "Mean improvement, adapted")
        self.name(self.standard_mean, "Mean improvement, not adapted")
        rated = (evidence.value("mc-client-rated-outcome"), evidence.value("mc-self-rated-outcome"))
        (published_r,) = raters.plot(
            [0.45, 1.45], rated, "<", color="black", markersize=7, label="Published"
        )
        self.name(published_r, "Published r")
        raters.set_xlim(-0.5, 1.7)
        raters.legend(loc="upper right", frameon=False, fontsize=8)
        raters.set(ylim=(-0.3, 1.2), ylabel="Correlation with outcome (r)")
        raters.set_title("Competence rating", fontsize=10)
        raters.axhline(0, color="black", linewidth=0.8)
        client, therapist = (evidence.format_stat(r, "r") for r in rated)
        self.footnote(
            f"Pub. = published d = {published[0]:.2f}; Adj. = {published[1]:.2f} after adjusting "
            f"for publication bias. Competence rated by clients r = {client},\nby therapists "
            f"r = {therapist} ({evidence.get('mc-client-rated-outcome').short}; two separate "
            "meta-analyses). Correlations, not proof that competence causes outcome.",
        )
        self.dynamic(
            self.adapted,
            self.standard,
            self.adapted_mean,
            self.standard_mean,
            self.sample_bar,
            *self.rater_bars,
        )

    def update(
        self,
        adapted: np.ndarray,
        standard: np.ndarray,
        d: float,
        r_client: float,
        r_therapist: float,
    ) -> None:
        for line, mean_line, group in (
            (self.adapted, self.adapted_mean, adapted),
            (self.standard, self.standard_mean, standard),
        ):
            density, _ = np.histogram(group, bins=self.edges, density=True)
            line.set_data(self.centres, density)
            mean = float(group.mean())
            mean_line.set_data([mean, mean], [0, 0.62])
        self.sample_bar.set_height(d)
        set_bars(self.rater_bars, (r_client, r_therapist))
