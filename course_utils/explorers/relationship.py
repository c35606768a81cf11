"""Module 01: what an alliance–outcome correlation of r = .28 looks like."""

from __future__ import annotations

import ipywidgets as widgets

from .. import evidence
from ..charts.relationship import CohortChart
from ..evidence import format_stat
from ..simulate.relationship import ELEMENTS, PARAMS, besd, correlated_cohort
from ..simulate.relationship import element_r as model_element_r
from .base import ROW, WIDE, Caption, Explorer, seed_box, slider, sources_and_illustrative

N = PARAMS["n"].narrowed(50, 2000)


def element_r(key: str) -> float:
    """The element's published correlation with outcome (derived from g where needed)."""
    return model_element_r(key, evidence.value(ELEMENTS[key].finding))


def alliance_outcome(element: str = "alliance", n: int = 300, seed: int = 1) -> Explorer:
    """A simulated cohort whose element–outcome correlation starts at the published value."""
    if element not in ELEMENTS:
        raise ValueError(f'element must be one of {", ".join(ELEMENTS)} (got "{element}")')
    N.check(n)
    choose = widgets.Dropdown(
        options=[(e.label, key) for key, e in ELEMENTS.items()],
        value=element,
        description="Relationship element",
        style=WIDE,
        layout=widgets.Layout(**ROW),
    )
    r = slider(PARAMS["r"], value=round(element_r(element), 3))
    size = slider(N, value=n)

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
        **sources_and_illustrative(
            [PARAMS["r"], N], sources=[e.finding for e in ELEMENTS.values()]
        ),
        linked={"element": lambda key: {"r": round(element_r(str(key)), 3)}},
    )


__all__ = ["alliance_outcome"]
