"""Module 01: what an alliance–outcome correlation of r = .28 looks like."""

from __future__ import annotations

import ipywidgets as widgets

from .. import evidence
from ..charts.relationship import CohortChart
from ..evidence import format_stat
from ..simulate.relationship import (
    ELEMENTS,
    EVIDENCE_IDS,
    PARAMS,
    besd,
    correlated_cohort,
    median_split_rate,
)
from ..simulate.relationship import element_r as model_element_r
from ..view import shared_layout
from .base import ROW, WIDE, Caption, Explorer, seed_box, slider, sources_and_illustrative

N = PARAMS["n"].narrowed(50, 2000)


def element_r(key: str) -> float:
    """The element's published correlation with outcome (derived from g where needed)."""
    return model_element_r(key, evidence.value(ELEMENTS[key].finding))


def _pct(value: float) -> str:
    return f"{value:.0f}%"


def _element_note(key: str, r: float) -> str:
    """Where the element's starting r comes from (a conversion is said to be derived)."""
    element = ELEMENTS[key]
    published = element_r(key)
    if element.from_g:
        g = evidence.value(element.finding)
        return (
            f"the starting r = {format_stat(round(published, 3), 'r')} is derived, not published: "
            f"{evidence.get(element.finding).short} report g = {format_stat(g, 'g')} "
            "(random effects), converted with r = g ÷ √(g² + 4)"
        )
    return f"published estimate r = {format_stat(round(published, 3), 'r')}"


def alliance_outcome(element: str = "alliance", n: int = 300, seed: int = 16) -> Explorer:
    """A simulated cohort whose element–outcome correlation starts at the published value.

    One stated r (the population r of the simulation) gives r², the BESD and the expected
    median split; the sample's own r and its counted median split are labelled as the sample's.
    """
    if element not in ELEMENTS:
        raise ValueError(f'element must be one of {", ".join(ELEMENTS)} (got "{element}")')
    N.check(n)
    choose = widgets.Dropdown(
        options=[(e.label, key) for key, e in ELEMENTS.items()],
        value=element,
        description="Relationship element",
        style=WIDE,
        layout=shared_layout(**ROW),
    )
    r = slider(PARAMS["r"], value=round(element_r(element), 3))
    size = slider(N, value=n)

    def draw(chart: CohortChart, values: dict[str, object]) -> Caption:
        key = str(values["element"])
        cohort = correlated_cohort(float(values["r"]), int(values["n"]), int(values["seed"]))
        display, split = besd(cohort.r), cohort.split
        expected = median_split_rate(cohort.r)
        label = ELEMENTS[key].label
        chart.update(cohort, display, split, label)
        stated = format_stat(cohort.r, "r")
        sample_r = format_stat(round(cohort.sample_r, 2) + 0.0, "r")
        readout = (
            f"Set r = {stated}: r² = {cohort.r**2:.1%} · BESD (hypothetical table) "
            f"{_pct(display.higher)} vs {_pct(display.lower)} · this sample: r = "
            f"{sample_r}, median split {_pct(split.higher)} vs {_pct(split.lower)}"
        )
        return Caption(
            readout,
            (
                f"Simulated data: {len(cohort.process)} clients, with {label.lower()} and outcome "
                f"correlated at r = {stated} in the simulated population "
                f"({_element_note(key, cohort.r)}). At r = {stated}, {label.lower()} goes along "
                f"with {cohort.r**2:.1%} of the variance in outcome (r²). The binomial effect "
                f"size display turns the same r into a hypothetical table of two equal groups "
                f"with a 50% overall success rate: {_pct(display.higher)} of clients with a "
                f"stronger {label.lower()} succeed, against {_pct(display.lower)} with a weaker "
                f"one (50% ± 50 × r). That table is a way of picturing r, not a count of these "
                f"clients. Counted in this sample, whose own r is {sample_r}, "
                f"{_pct(split.higher)} of the clients above the {label.lower()} median have a "
                f"better than median outcome, against {_pct(split.lower)} below it; splitting "
                f"continuous scores at their medians gives about {_pct(expected.higher)} vs "
                f"{_pct(expected.lower)} at r = {stated} (50% ± 100 × arcsin(r) ÷ π), closer to "
                "50% than the BESD. A correlation shows association, not that the element "
                "causes the outcome."
            ),
        )

    return Explorer(
        chart=CohortChart(),
        controls={"element": choose, "r": r, "n": size, "seed": seed_box(seed)},
        draw=draw,
        **sources_and_illustrative([PARAMS["r"], N], sources=EVIDENCE_IDS),
        linked={"element": lambda key: {"r": round(element_r(str(key)), 3)}},
    )


__all__ = ["alliance_outcome"]
