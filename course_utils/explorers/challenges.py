"""Module 07: ruptures that go unnoticed, and therapy that fits (or misses) the client's culture."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .. import evidence
from ..charts.challenges import CulturalChart, RuptureChart
from ..simulate import challenges as model
from ..simulate.enhancing import normal_cdf
from .base import (
    Caption,
    Explorer,
    choice,
    seed_box,
    slider,
    sources_and_illustrative,
    toggle,
)


def published_ruptures() -> model.RuptureSettings:
    """The model's starting settings at the published rupture frequency."""
    return model.default_ruptures(evidence.value("rupture-frequency"))


def published_calibration() -> model.RuptureCalibration:
    """The starting settings calibrated to the published dropout rate, repair–outcome r and
    routine-practice benchmark for depression."""
    return model.default_calibration(
        evidence.value("rupture-frequency"),
        evidence.value("dropout-rate"),
        evidence.value("rupture-repair-outcome"),
        evidence.value("routine-benchmark-depression"),
    )


P = model.PARAMS
RUPTURE_CLIENTS = P["clients"].narrowed(100, 2000)
PER_GROUP = P["per_group"].narrowed(50, 2000)

# --- Ruptures and repair -----------------------------------------------------------------------


def rupture_repair(
    rupture_percent: float | None = None, clients: int = 300, seed: int = 14
) -> Explorer:
    """Twenty simulated sessions per client: ruptures by type, whether they are noticed and
    repaired, who drops out, and how much those who finish improve."""
    start = published_ruptures()
    params = [
        P["rupture_percent"],
        P["detect_withdrawal"],
        P["detect_confrontation"],
        P["repair_chance"],
        RUPTURE_CLIENTS,
    ]
    controls = {
        "rate": slider(P["rupture_percent"], value=rupture_percent),
        "withdrawal": slider(P["detect_withdrawal"]),
        "confrontation": slider(P["detect_confrontation"]),
        "repair": slider(P["repair_chance"]),
        "pd": toggle(f"Personality disorder (ruptures × {start.pd_factor:g}, illustrative)", False),
        "clients": slider(RUPTURE_CLIENTS, value=clients),
        "seed": seed_box(seed),
    }

    def draw(chart: RuptureChart, values: dict[str, object]) -> Caption:
        settings = replace(
            start,
            rupture_rate=float(values["rate"]) / 100,
            detect_withdrawal=float(values["withdrawal"]) / 100,
            detect_confrontation=float(values["confrontation"]) / 100,
            repair_chance=float(values["repair"]) / 100,
            personality_disorder=bool(values["pd"]),
        )
        course = model.rupture_course(
            settings, int(values["clients"]), int(values["seed"]), published_calibration()
        )
        chart.update(
            course.rupture,
            course.withdrawal,
            course.repaired,
            course.attended,
            course.cumulative_dropout(),
            outcome_by_unrepaired(course),
        )
        return rupture_caption(settings, course)

    return Explorer(
        chart=RuptureChart(),
        controls=controls,
        draw=draw,
        **sources_and_illustrative(
            params,
            sources=[
                "rupture-types",
                "rupture-pd",
                "rupture-repair-outcome",
                "dropout-rate",
                "routine-benchmark-depression",
            ],
            illustrative=[
                "share of withdrawal ruptures (half)",
                "extra dropout after an unrepaired rupture",
                "a repair cancelling the whole cost of a rupture",
                "rupture increase with a personality disorder",
            ],
        ),
    )


def outcome_by_unrepaired(course: model.RuptureCourse) -> np.ndarray:
    """Mean improvement of finishers with 0, 1, 2, 3 and 4 or more ruptures left unrepaired."""
    done = course.completed
    bins = np.minimum(course.unrepaired[done], 4)
    counts = np.bincount(bins, minlength=5)
    totals = np.bincount(bins, weights=course.outcome[done], minlength=5)
    with np.errstate(invalid="ignore", divide="ignore"):
        return totals / counts


def rupture_caption(settings: model.RuptureSettings, course: model.RuptureCourse) -> Caption:
    ruptures = int(course.rupture.sum())
    repaired = 100 * course.repaired.sum() / ruptures if ruptures else 0.0
    r = course.repair_outcome_r()
    r_text = "not defined (too little variation in repair)" if np.isnan(r) else f"{r:.2f}"
    finished = course.outcome[course.completed]
    improvement = float(finished.mean()) if finished.size else float("nan")
    calibration = published_calibration()
    benchmark = evidence.get("routine-benchmark-depression")
    published_r = evidence.get("rupture-repair-outcome")
    low, high = evidence.get("rupture-frequency").interval
    missed = settings.rate * (1 - settings.repaired_share) * settings.missed_hazard
    from_missed = 100 * missed / (missed + calibration.base_hazard) if missed else 0.0
    pd_text = (
        f" With a personality disorder the rate is raised to {100 * settings.rate:.0f}%: "
        "ruptures are more frequent in personality disorders "
        f"({evidence.get('rupture-pd').short}), though the size of the increase here is "
        "illustrative."
        if settings.personality_disorder
        else ""
    )
    readout = (
        f"Dropout {course.dropout_percent:.1f}% · {repaired:.0f}% of ruptures repaired · "
        f"repair–outcome r = {r_text} · finishers only: improve {improvement:.2f} SD"
    )
    description = (
        f"Simulated data: {len(course.attended)} clients over {settings.sessions} sessions. "
        f"A rupture happens in {100 * settings.rupture_rate:.1f}% of sessions (clients report "
        f"ruptures in {low:g}% to {high:g}% of sessions, a range cited in a secondary source)."
        f"{pd_text} Half are withdrawals, which the therapist notices "
        f"{100 * settings.detect_withdrawal:.0f}% of the time, against "
        f"{100 * settings.detect_confrontation:.0f}% for confrontations; a noticed rupture is "
        f"repaired {100 * settings.repair_chance:.0f}% of the time (all illustrative). In all, "
        f"{repaired:.0f}% of ruptures were repaired. A rupture left unrepaired raises the chance "
        f"that the client leaves and costs {calibration.rupture_cost:.2f} SD of improvement; a "
        "repair cancels both, so a repaired rupture leaves a client where they would have been "
        f"without it. At these settings {from_missed:.0f}% of the risk of leaving comes from "
        f"unrepaired ruptures, an assumption of the model; {course.dropout_percent:.1f}% of "
        f"clients dropped out (published average {evidence.value('dropout-rate'):g}%). Clients "
        f"who finished improved {improvement:.2f} SD on average (the model is set to "
        f"{benchmark.value:g} at the starting settings, the routine-practice benchmark for "
        f"depression, {benchmark.short}); those who left early are not in this figure or in "
        "the right panel, which shows finishers only, by how many of their ruptures went "
        "unrepaired. Among finishers who had a rupture, the share of ruptures repaired "
        f"correlates r = {r_text} with improvement (published r = "
        f"{evidence.format_stat(published_r.value, 'r')}, {published_r.short}). The "
        "simulation builds a cost of unrepaired ruptures in; in the studies, repair and "
        "outcome are only shown to go together."
    )
    return Caption(readout, description)


# --- Cultural fit ------------------------------------------------------------------------------


def cultural_fit(d: float | None = None, per_group: int = 300, seed: int = 41) -> Explorer:
    """Outcomes with and without a culturally adapted treatment, and how well two ratings of
    the therapist's multicultural competence track outcome."""
    published = evidence.value("cultural-adaptation")
    corrected = evidence.value("cultural-adaptation-bias-corrected")
    params = [P["d"], P["r_client"], P["r_therapist"], PER_GROUP]
    d_slider = slider(P["d"], value=d)
    presets = {"published": published, "corrected": corrected}
    controls = {
        "d": d_slider,
        "estimate": choice(
            "Estimate",
            [
                (f"Published (d = {published:.2f})", "published"),
                (f"Bias-corrected (d = {corrected:.2f})", "corrected"),
                ("Your own", "own"),
            ],
            preset_of(d_slider.value, presets),
        ),
        "r_client": slider(P["r_client"]),
        "r_therapist": slider(P["r_therapist"]),
        "per_group": slider(PER_GROUP, value=per_group),
        "seed": seed_box(seed),
    }

    def draw(chart: CulturalChart, values: dict[str, object]) -> Caption:
        cohort = model.cultural_cohort(
            float(values["d"]),
            float(values["r_client"]),
            float(values["r_therapist"]),
            int(values["per_group"]),
            int(values["seed"]),
        )
        adapted, standard = cohort.outcome[cohort.adapted], cohort.outcome[~cohort.adapted]
        chart.update(adapted, standard, cohort.d, cohort.r_client, cohort.r_therapist)
        return cultural_caption(values, cohort)

    return Explorer(
        chart=CulturalChart(),
        controls=controls,
        draw=draw,
        **sources_and_illustrative(params, sources=["cultural-adaptation-bias-corrected"]),
        linked={
            "estimate": lambda key: {"d": presets[key]} if key in presets else {},
            "d": lambda value: {"estimate": preset_of(float(value), presets)},
        },
    )


def preset_of(d: float, presets: dict[str, float]) -> str:
    return next((key for key, value in presets.items() if abs(value - d) < 1e-9), "own")


def cultural_caption(values: dict[str, object], cohort: model.CulturalCohort) -> Caption:
    d = float(values["d"])
    n = int(values["per_group"])
    above = 100 * float(normal_cdf(cohort.d))
    adaptation = evidence.get("cultural-adaptation")
    corrected = evidence.get("cultural-adaptation-bias-corrected")
    client = evidence.get("mc-client-rated-outcome")
    therapist = evidence.get("mc-self-rated-outcome")
    r_client = evidence.format_stat(client.value, "r")
    r_therapist = evidence.format_stat(therapist.value, "r")
    readout = (
        f"Sample d = {cohort.d:.2f} · client-rated r = {cohort.r_client:.2f} · "
        f"therapist-rated r = {cohort.r_therapist:.2f}"
    )
    description = (
        f"Simulated data: {n} clients receive a culturally adapted treatment and {n} the "
        f"unadapted one, set to differ by d = {d:.2f}. {adaptation.short.split(',')[0]} found "
        f"d = {adaptation.value:.2f} across {adaptation.k} studies, shrinking to "
        f"{corrected.value:.2f} after adjusting for publication bias. In this sample "
        f"d = {cohort.d:.2f}: the average adapted client improved more than {above:.0f}% of "
        "unadapted clients (derived from d). The therapist's multicultural competence as "
        f"rated by clients correlates r = {cohort.r_client:.2f} with outcome here (published "
        f"r = {r_client}), and as rated by the therapist r = {cohort.r_therapist:.2f} "
        f"(published r = {r_therapist}): how responsive clients experience their therapist to "
        "be tracks outcome, the therapist's self-rating barely does. The simulation puts both "
        "findings into one cohort, but they come from two separate meta-analyses of different "
        f"studies, reported in one article ({adaptation.short}): trials comparing adapted with "
        "unadapted treatment, and correlational studies of rated competence. The "
        "correlations are not proof that competence causes better outcomes."
    )
    return Caption(readout, description)


__all__ = ["cultural_fit", "rupture_repair"]
