"""Module 04 chart: arousal through a session in the window of tolerance, with its processing
zone, under containment, suppression and no response; cumulative processing."""

from __future__ import annotations

from ..simulate.containment import (
    AROUSAL_RANGE,
    BASELINE,
    MINUTES,
    PROCESSING,
    SET_POINT,
    WINDOW,
    WORK_PHASE,
    Session,
)
from .base import OKABE_ITO, Chart

#: The three runs, in RESPONSES order. Colour + line style + marker.
RUNS = (
    (f"Containment c (damps above {SET_POINT:g})", OKABE_ITO["blue"], "-", "o"),
    ("Suppression (same c, every level)", OKABE_ITO["vermillion"], "--", "^"),
    ("No response", OKABE_ITO["green"], ":", "s"),
)


class ContainmentChart(Chart):
    """Left: the client's arousal minute by minute, with the window of tolerance shaded and
    its processing zone hatched. Right: minutes of processing so far, per response."""

    def build(self) -> None:
        trace, total = self.figure.subplots(1, 2, width_ratios=(1.45, 1))
        self.figure.subplots_adjust(left=0.07, right=0.98, bottom=0.2, top=0.76, wspace=0.25)
        self.title = self.suptitle(
            "Simulated session: containment keeps arousal in the window of tolerance"
        )
        self.footnote(
            "Simulated data. Teaching model: zones, stimulus, noise and containment are "
            "illustrative."
        )
        self._build_trace(trace)
        self._build_total(total)

    def _build_trace(self, axes) -> None:
        axes.set(
            xlim=(0, MINUTES),
            ylim=AROUSAL_RANGE,
            xlabel=f"Minute (material worked on in minutes {WORK_PHASE[0]}–{WORK_PHASE[1]})",
            ylabel="Client arousal (0–10)",
        )
        window = axes.axhspan(
            *WINDOW, facecolor=OKABE_ITO["sky"], alpha=0.15, linewidth=0,
            label="Window of tolerance",
        )  # fmt: skip
        zone = axes.axhspan(
            *PROCESSING, facecolor=OKABE_ITO["yellow"], alpha=0.35, hatch="..",
            edgecolor="#998800", linewidth=0, label="Processing zone",
        )  # fmt: skip
        self.name(window, None)  # shaded zones: their edges are in the description
        self.name(zone, None)
        axes.text(1, 9.6, "Hyperarousal (flooded)", fontsize=8, va="top", color="#444444")
        axes.text(1, 0.3, "Hypoarousal (shut down)", fontsize=8, va="bottom", color="#444444")
        self.name(
            axes.axhline(BASELINE, color="#666666", linestyle=":", linewidth=1),
            "Calm rest (arousal at baseline)",
        )
        axes.text(MINUTES - 1, BASELINE - 0.15, "calm rest", fontsize=7.5, ha="right", va="top",
                  color="#444444")  # fmt: skip
        self.trace_lines = []
        for label, colour, style, _marker in RUNS:
            (line,) = axes.plot(
                [], [], color=colour, linestyle=style, linewidth=2 if style == "-" else 1.2,
                alpha=1 if style == "-" else 0.7, label=label,
            )  # fmt: skip
            self.trace_lines.append(line)
        axes.legend(
            loc="lower left", bbox_to_anchor=(0.0, 1.02), ncol=2, fontsize=7.5, frameon=False,
            borderaxespad=0, columnspacing=1,
        )  # fmt: skip

    def _build_total(self, axes) -> None:
        axes.set(
            xlim=(0, MINUTES),
            ylim=(0, MINUTES * 0.8),
            xlabel="Minute of the session",
            ylabel="Minutes in the processing zone",
        )
        self.totals = []
        for label, colour, style, marker in RUNS:
            (line,) = axes.plot(
                [], [], color=colour, linestyle=style, linewidth=2, marker=marker, markevery=10,
                markersize=5, label=label,
            )  # fmt: skip
            self.totals.append(line)
            self.name(line, f"Processing so far, {label}")
        self.dynamic(*self.trace_lines, *self.totals)

    def update(self, session: Session) -> None:
        for line, arousal in zip(self.trace_lines, session.arousal, strict=True):
            line.set_data(session.minutes, arousal)
        for line, processing in zip(self.totals, session.processing, strict=True):
            line.set_data(session.minutes[1:], processing)
