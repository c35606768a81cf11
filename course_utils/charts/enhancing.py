"""Module 08 charts: dose–response curves, a caterpillar plot of therapists, careers over years."""

from __future__ import annotations

import numpy as np
from matplotlib.lines import Line2D

from .. import evidence
from .artists import GREY, points, segments, set_bars, value_bars
from .base import OKABE_ITO, Chart

SESSION_TICKS = (1, 2, 4, 8, 13, 18, 26, 52)


class DoseChart(Chart):
    """Two probit dose–response curves (Howard's improvement, Hansen's recovery) on log sessions,
    the simulated cohort's shares, and bars for the current number of sessions."""

    def build(self) -> None:
        curves, bars = self.figure.subplots(1, 2, width_ratios=(2.6, 1))
        self.figure.subplots_adjust(left=0.08, right=0.98, bottom=0.24, top=0.86, wspace=0.32)
        self.suptitle("Simulated clients: share reaching each criterion by session")
        curves.set_xscale("log")
        curves.set(
            xlim=(0.9, 60),
            ylim=(0, 100),
            xlabel="Sessions attended (log scale)",
            ylabel="Clients reaching criterion (%)",
        )
        curves.set_xticks(SESSION_TICKS, [str(s) for s in SESSION_TICKS])
        curves.minorticks_off()
        self.sessions = np.arange(1, 61)
        self.grid = np.geomspace(0.9, 60, 120)
        blue, orange = OKABE_ITO["blue"], OKABE_ITO["orange"]
        (self.improved,) = curves.plot([], [], color=blue, linestyle="-", label="Improved")
        (self.recovered,) = curves.plot([], [], color=orange, linestyle="--", label="Recovered")
        self.improved_dots = points(curves, "o", 3, color=blue, markeredgewidth=0)
        self.recovered_dots = points(curves, "s", 3, color=orange, markeredgewidth=0)
        howard = (evidence.value("howard-50-by-8"), evidence.value("howard-75-by-26"))
        curves.plot([8, 26], howard, "D", color="black", markersize=7, label="Howard et al. 1986")
        hansen = evidence.get("hansen-sessions-50-recover")
        low, high = hansen.interval
        curves.plot(
            [low, high], [50, 50], "|-", color="black", linewidth=2, markersize=9,
            label=f"Hansen {low:g}–{high:g}",
        )  # fmt: skip
        # The dotted line at the current session, with open circles where it meets the dots
        # (markevery): one artist instead of two.
        (self.now,) = curves.plot(
            [], [], color="black", linestyle=":", linewidth=1.2, marker="o", markersize=8,
            markerfacecolor="white", markeredgecolor="black", markevery=[1, 2],
        )  # fmt: skip
        curves.legend(loc="upper left", frameon=False, fontsize=8)
        self.name(self.improved_dots, "This cohort: improved")
        self.name(self.recovered_dots, "This cohort: recovered")
        self.name(self.now, None)  # marks the chosen session: the bars give its values
        self.bars = value_bars(bars, ("Improved", "Recovered"), (blue, orange), ("", "//"))
        bars.set(ylim=(0, 110), ylabel="% of simulated clients")
        bars.set_title("At the dotted line", fontsize=10)
        for bar in self.bars:
            self.name(bar, "Clients reaching each criterion by the chosen session")
        self.footnote(
            "Lines: probit fit through Howard's two points (derived); recovery line: Howard's "
            "slope through Hansen's 50% point\n(slope illustrative). Dots: the simulated cohort.",
        )
        self.dynamic(
            self.improved,
            self.recovered,
            self.improved_dots,
            self.recovered_dots,
            self.now,
            *self.bars,
        )

    def update(
        self,
        improved: np.ndarray,
        recovered: np.ndarray,
        improved_dots: np.ndarray,
        recovered_dots: np.ndarray,
        sessions: int,
        strict: bool,
    ) -> None:
        """Curves on `self.grid`, cohort shares on `self.sessions`, the current session count."""
        self.improved.set_data(self.grid, improved)
        self.recovered.set_data(self.grid, recovered)
        self.improved.set_linewidth(1.4 if strict else 2.8)
        self.recovered.set_linewidth(2.8 if strict else 1.4)
        self.improved_dots.set_data(self.sessions, improved_dots)
        self.recovered_dots.set_data(self.sessions, recovered_dots)
        now = (improved_dots[sessions - 1], recovered_dots[sessions - 1])
        self.now.set_data([sessions] * 4, [0, *now, 100])
        set_bars(self.bars, now)


class TherapistChart(Chart):
    """A caterpillar plot of therapists' observed means, and the chance of ranking two
    therapists correctly as clients accumulate."""

    def build(self) -> None:
        self.count = 50
        caterpillar, ranking = self.figure.subplots(1, 2, width_ratios=(1.9, 1))
        self.figure.subplots_adjust(left=0.08, right=0.98, bottom=0.24, top=0.86, wspace=0.34)
        self.suptitle("Simulated therapists: mean client outcome with 95% intervals")
        self.caterpillar = caterpillar
        caterpillar.set(
            xlim=(0, self.count + 1),
            ylim=(-2.4, 2.4),
            xlabel="Therapists, ranked by observed mean",
            ylabel="Mean outcome (SD units)",
        )
        self.name(caterpillar.axhline(0, color=GREY, linewidth=1), None)  # the average
        (self.intervals,) = caterpillar.plot(
            [], [], color=GREY, linewidth=1.2, solid_capstyle="butt"
        )
        self.apart = points(caterpillar, "s", 4.5, color=OKABE_ITO["vermillion"], zorder=3)
        self.near = points(caterpillar, "o", 4, color=OKABE_ITO["blue"], zorder=3)
        self.truth = points(caterpillar, "_", 7, color="black", zorder=4)
        caterpillar.legend(
            handles=[
                Line2D([], [], marker="s", linestyle="", color=OKABE_ITO["vermillion"]),
                Line2D([], [], marker="o", linestyle="", color=OKABE_ITO["blue"]),
                Line2D([], [], marker="_", linestyle="", color="black", markersize=10),
            ],
            labels=["Interval excludes average", "Interval includes average", "True effect"],
            loc="upper left",
            frameon=False,
            fontsize=8,
        )
        ranking.set_xscale("log")
        ranking.set_xticks((2, 10, 30, 100, 1000), ("2", "10", "30", "100", "1000"))
        ranking.minorticks_off()
        ranking.set(
            xlim=(2, 1000),
            ylim=(50, 100),
            xlabel="Clients per therapist (log)",
            ylabel="Better therapist ranked higher (%)",
            title="Telling two apart (derived)",
        )
        ranking.title.set_fontsize(10)
        self.name(
            ranking.axhline(95, color=GREY, linestyle=":", linewidth=1), "95% ranked correctly"
        )
        self.clients_grid = np.geomspace(2, 1000, 80)
        (self.curve,) = ranking.plot([], [], color=OKABE_ITO["green"], linewidth=2.2)
        self.here = points(ranking, "D", 7, color="black", zorder=4)
        self.name(self.intervals, "95% interval of the therapist's mean")
        self.name(self.apart, "Therapist's mean, interval excludes the average")
        self.name(self.near, "Therapist's mean, interval includes the average")
        self.name(self.truth, "Therapist's true effect")
        self.name(self.curve, "Chance the better of two therapists is ranked higher")
        self.name(self.here, "At the chosen number of clients")
        self.footnote(
            "Right: two therapists one SD of therapist effects apart; dotted line = 95%. "
            "Outcomes in SD units (simulated).",
        )
        self.dynamic(self.intervals, self.apart, self.near, self.truth, self.curve, self.here)

    def set_count(self, therapists: int) -> None:
        """Fix the x-axis to the number of therapists (a static change)."""
        if therapists != self.count:
            self.count = therapists
            self.caterpillar.set_xlim(0, therapists + 1)
            self.invalidate()

    def update(
        self,
        means: np.ndarray,
        half_width: np.ndarray,
        truth: np.ndarray,
        chance: np.ndarray,
        clients: int,
        chance_now: float,
    ) -> None:
        self.set_count(len(means))
        order = np.argsort(means)
        ranked, half, true = means[order], half_width[order], truth[order]
        xs = np.arange(1, len(means) + 1)
        low, high = ranked - half, ranked + half
        self.intervals.set_data(*segments(np.column_stack((xs, xs)), np.column_stack((low, high))))
        apart = (low > 0) | (high < 0)
        self.apart.set_data(xs[apart], ranked[apart])
        self.near.set_data(xs[~apart], ranked[~apart])
        self.truth.set_data(xs, true)
        self.curve.set_data(self.clients_grid, chance)
        self.here.set_data([clients], [chance_now])


class CareerChart(Chart):
    """Therapists' yearly effectiveness: experience alone versus deliberate practice; group
    means bold, individual therapists faint."""

    def build(self) -> None:
        lines, bars = self.figure.subplots(1, 2, width_ratios=(2.6, 1))
        self.figure.subplots_adjust(left=0.08, right=0.98, bottom=0.24, top=0.86, wspace=0.34)
        self.suptitle("Simulated therapists: effectiveness over ten years")
        lines.set(
            xlim=(-0.3, 10.3),
            ylim=(0.2, 2.1),
            xlabel="Years of practice",
            ylabel="Clients' pre–post d",
        )
        benchmark = evidence.get("routine-benchmark-depression")
        self.name(
            lines.axhline(benchmark.value, color=GREY, linestyle=":", linewidth=1),
            "Routine-practice benchmark",
        )
        orange, blue = OKABE_ITO["orange"], OKABE_ITO["blue"]
        # Pale tints (35% of each colour on white) instead of transparency: faster to draw.
        (self.experience_lines,) = lines.plot([], [], color="#F6DDA6", linewidth=0.7)
        (self.practice_lines,) = lines.plot([], [], color="#A6CEE4", linewidth=0.7)
        (self.experience_mean,) = lines.plot(
            [], [], color=orange, linestyle="-", marker="o", linewidth=2.6, label="Experience only"
        )
        (self.practice_mean,) = lines.plot(
            [],
            [],
            color=blue,
            linestyle="--",
            marker="s",
            linewidth=2.6,
            label="Deliberate practice",
        )
        lines.plot([], [], color=GREY, linestyle=":", label=f"Benchmark {benchmark.value:g}")
        lines.legend(loc="upper left", frameon=False, fontsize=8, ncols=3)
        self.bars = value_bars(
            bars, ("Experience\nonly", "Deliberate\npractice"), (orange, blue), ("", "//")
        )
        bars.set(ylim=(-0.6, 1.0), ylabel="Change in d over 10 years")
        bars.axhline(0, color="black", linewidth=0.8)
        self.name(self.experience_lines, "The 12 therapists shown, experience only")
        self.name(self.practice_lines, "The 12 therapists shown, deliberate practice")
        for bar in self.bars:
            self.name(bar, "Group mean's change over 10 years")
        self.footnote(
            f"Start: routine-practice benchmark for depression ({benchmark.short}). Yearly drift "
            "and practice gain are illustrative:\nfor experience only the direction is published; "
            "for practice, a cross-sectional link. Faint lines: 12 therapists per group.",
        )
        self.dynamic(
            self.experience_lines,
            self.practice_lines,
            self.experience_mean,
            self.practice_mean,
            *self.bars,
        )

    def update(
        self,
        years: np.ndarray,
        experience: np.ndarray,
        practice: np.ndarray,
        change: tuple[float, float],
        shown: int,
    ) -> None:
        """Draw `shown` individual careers per group, both group means and their 10-year change."""
        self.experience_lines.set_data(*segments(years, experience[:shown]))
        self.practice_lines.set_data(*segments(years, practice[:shown]))
        experience_mean, practice_mean = experience.mean(axis=0), practice.mean(axis=0)
        self.experience_mean.set_data(years, experience_mean)
        self.practice_mean.set_data(years, practice_mean)
        set_bars(self.bars, change)
