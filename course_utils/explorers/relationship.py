"""Module 01: what an alliance–outcome correlation of r = .28 looks like."""

from __future__ import annotations

import ipywidgets as widgets

from ..charts.relationship import CohortChart
from ..evidence import format_stat
from ..simulate.checks import check_range
from ..simulate.relationship import ELEMENTS, besd, correlated_cohort, element_r
from .base import ROW, WIDE, Caption, Explorer, int_slider, seed_box, slider


def alliance_outcome(element: str = "alliance", n: int = 300, seed: int = 1) -> Explorer:
    """A simulated cohort whose element–outcome correlation starts at the published value."""
    if element not in ELEMENTS:
        raise ValueError(f'element must be one of {", ".join(ELEMENTS)} (got "{element}")')
    check_range("n", n, 50, 2000)
    choose = widgets.Dropdown(
        options=[(e.label, key) for key, e in ELEMENTS.items()],
        value=element,
        description="Relationship element",
        style=WIDE,
        layout=widgets.Layout(**ROW),
    )
    r = slider("Correlation with outcome (r)", round(element_r(element), 3), -0.6, 0.9, 0.01)
    size = int_slider("Clients in the cohort (N)", n, 50, 2000, 50)

    def draw(chart: CohortChart, values: dict[str, object]) -> Caption:
        key = str(values["element"])
        cohort = correlated_cohort(float(values["r"]), int(values["n"]), int(values["seed"]))
        display = besd(cohort.r)
        label = ELEMENTS[key].label
        chart.update(cohort, display, label)
        published = element_r(key)
        sample = cohort.sample_r
        readout = (
            f"Sample r = {sample:.2f} · variance explained r² = {sample * sample:.1%} · "
            f"BESD {display.higher:.0f}% vs {display.lower:.0f}%"
        )
        return Caption(
            readout,
            (
                f"Simulated data: {len(cohort.process)} clients, with {label.lower()} and outcome "
                f"correlated at r = {format_stat(cohort.r, 'r')} in the simulated population "
                f"(published estimate r = {format_stat(round(published, 3), 'r')}). "
                f"In this sample r = {sample:.2f}, so {label.lower()} accounts for "
                f"{sample * sample:.1%} of the variance in outcome. As a binomial effect size "
                f"display, {display.higher:.0f}% of clients with a stronger {label.lower()} have "
                f"a better than median outcome, against {display.lower:.0f}% with a weaker one. "
                "A correlation shows association, not that the element causes the outcome."
            ),
        )

    return Explorer(
        chart=CohortChart(),
        controls={"element": choose, "r": r, "n": size, "seed": seed_box(seed)},
        draw=draw,
        sources=[e.finding for e in ELEMENTS.values()],
        linked={"element": lambda key: {"r": round(element_r(str(key)), 3)}},
    )


__all__ = ["alliance_outcome"]
