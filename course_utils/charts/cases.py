"""The case dialogue chart: the simulated alliance (and the other measures) over the turns."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .base import OKABE_ITO, Chart

#: Each measure's label, colour, marker and line style: meaning never rests on colour alone.
SERIES = {
    "alliance": ("Alliance", OKABE_ITO["blue"], "o", "-", 2.6),
    "safety": ("Safety", OKABE_ITO["vermillion"], "s", "--", 1.6),
    "engagement": ("Engagement", OKABE_ITO["green"], "^", ":", 1.6),
    "outcome": ("Outcome", OKABE_ITO["purple"], "D", "-.", 1.6),
}
TITLE = "Simulated alliance, turn by turn (illustrative values)"


class CaseChart(Chart):
    """Lines from the start through every turn; the alliance line is drawn strongest."""

    size = (8.0, 3.4)
    dpi = 100

    def build(self) -> None:
        self.axes = self.figure.subplots()
        self.figure.subplots_adjust(left=0.09, right=0.8, bottom=0.16, top=0.86)
        self.axes.set_title(TITLE, fontweight="bold")
        self.axes.set(ylim=(0, 100), xlabel="Turn", ylabel="Simulated value (0–100)")
        self.lines = {}
        for measure, (label, colour, marker, style, width) in SERIES.items():
            (line,) = self.axes.plot(
                [],
                [],
                label=label,
                color=colour,
                marker=marker,
                linestyle=style,
                linewidth=width,
                markersize=6,
            )
            self.lines[measure] = line
        self.axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
        self.end_label = self.axes.annotate(
            "",
            (0, 0),
            xytext=(8, 0),
            textcoords="offset points",
            va="center",
            color=SERIES["alliance"][1],
            fontweight="bold",
        )
        self.dynamic(*self.lines.values(), self.end_label)

    def update(self, timeline: Sequence[Mapping[str, int]]) -> None:
        """Show the values at the start and after every turn."""
        turns = list(range(len(timeline)))
        for measure, line in self.lines.items():
            values = [point[measure] for point in timeline if measure in point]
            shown = len(values) == len(turns)
            line.set_data(turns if shown else [], values if shown else [])
            if measure == "alliance" and shown:
                self.end_label.set_text(f"Alliance {values[-1]}")
                self.end_label.xy = (turns[-1], values[-1])
        self.axes.set_xlim(-0.3, max(1, turns[-1]) + 0.9)
        self.axes.set_xticks(turns, ["Start", *(str(turn) for turn in turns[1:])])
        self.invalidate()


def description(timeline: Sequence[Mapping[str, int]]) -> str:
    """The chart in one or two sentences (its alt text and caption)."""
    turns = len(timeline) - 1
    parts = []
    for measure, (label, *_rest) in SERIES.items():
        values = [point[measure] for point in timeline if measure in point]
        if len(values) != len(timeline):
            continue
        first, last, low = values[0], values[-1], min(values)
        trend = "rose" if last > first else "fell" if last < first else "ended where it began"
        text = f"{label.lower()} {trend} from {first} to {last}"
        if first == last:
            text = f"{label.lower()} ended where it began, at {last}"
        if low < min(first, last):
            text += f" (lowest {low}, after turn {values.index(low)})"
        parts.append(text)
    listed = "; ".join(parts)
    return (
        f"Simulated values over {turns} turns: {listed}. The values are illustrative, not measured."
    )
