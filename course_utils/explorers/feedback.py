"""Module 03: is this client on track, and what does feedback change?"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .. import evidence
from ..charts.feedback import FeedbackChart, MonitoringChart
from ..simulate import feedback as model
from .base import Caption, Explorer, default, slider, sources_and_illustrative

P = model.PARAMS
MONITOR_N = P["n"].narrowed(50, 1000)
TRIAL_N = P["n"].narrowed(200, 5000, default=1000)


def norms() -> dict[str, float]:
    """One set of OQ-45 norms (Dutch: cutoff and RCI from the same study) and the published
    deterioration rate the cohort is calibrated to."""
    return {
        "rci": default(P["rci"]),
        "deterioration": evidence.value("deterioration-rate") / 100,
    }


def _percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def _measure_note(rci: float) -> str:
    """What the Jacobson–Truax formula says about the RCI in use, and which norms it belongs to."""
    norm_rci, us_rci = default(P["rci"]), evidence.value("oq45-rci")
    note = (
        f"By Jacobson and Truax's formula (RCI = 1.96 × √2 × SE), the Dutch norms' RCI of "
        f"{norm_rci:.0f} points implies a measurement error of "
        f"{model.error_from_rci(norm_rci):.1f} points, which the simulated scores carry."
    )
    if rci != norm_rci:
        note += (
            f" An RCI of {rci:.0f} would fit a measure with an error of "
            f"{model.error_from_rci(rci):.1f} points"
            + (
                " (it is the publisher's figure, which goes with US norms, not the Dutch cutoff)."
                if rci == us_rci
                else "."
            )
        )
    return note


def outcome_monitoring(n: int = 200, seed: int = 36) -> Explorer:
    """OQ-45 scores of a cohort, flags for clients off track, and Jacobson–Truax categories."""
    MONITOR_N.check(n)
    params = [P["cutoff"], P["rci"], P["mean_change"]]
    controls = {p.name: slider(p) for p in params}
    controls["n"] = slider(MONITOR_N, value=n)
    measure = norms()

    @lru_cache(maxsize=4)  # the RCI and cutoff sliders leave the cohort as is
    def cohort_for(change: float, size: int):
        return model.cohort(change, size, seed, **measure)

    def draw(chart: MonitoringChart, values: dict[str, object]) -> Caption:
        rci, cutoff = float(values["rci"]), float(values["cutoff"])
        cohort = cohort_for(float(values["mean_change"]), int(values["n"]))
        codes = model.classify(cohort.intake, cohort.final, rci, cutoff)
        chart.update(cohort, codes, rci, cutoff)
        share = model.shares(codes)
        flagged = cohort.not_on_track
        flagged_shares = model.shares(codes[flagged]) if flagged.any() else np.zeros(4)
        flagged_stuck, flagged_better = flagged_shares[2:].sum(), flagged_shares[:2].sum()
        readout = " · ".join(
            f"{name.lower()} {_percent(s)}" for name, s in zip(model.CATEGORIES, share, strict=True)
        )
        description = (
            f"Simulated data: {len(flagged)} clients measured with the OQ-45 at intake and after "
            f"each of {model.SESSIONS} sessions (lower scores are better). With a reliable change "
            f"index of {rci:.0f} points and a clinical cutoff of {cutoff:.0f}, "
            f"{_percent(share[0])} recovered, {_percent(share[1])} improved, {_percent(share[2])} "
            f"showed no reliable change and {_percent(share[3])} deteriorated. "
            f"{_measure_note(rci)} Each client's week also departs from their course (good and "
            "bad weeks; illustrative), so a single score can mislead. "
            f"{_percent(flagged.mean())} of clients scored above the expected-recovery band at "
            "some session and were flagged as not on track; "
            f"{_percent(flagged_stuck)} of them ended with no reliable change or worse, and "
            f"{_percent(flagged_better)} still improved reliably: a flag is a warning of raised "
            f"risk, not a prediction. The cutoff of {default(P['cutoff']):.0f} and the RCI of "
            f"{default(P['rci']):.0f} are one set of norms "
            "(Dutch, Timman et al., 2017): the categories are properties of the measure and its "
            "norms, not of the client."
        )
        return Caption(f"{readout} · flagged not on track {_percent(flagged.mean())}", description)

    return Explorer(
        chart=MonitoringChart(),
        controls=controls,
        draw=draw,
        **sources_and_illustrative(
            params,
            sources=["jt-rci-formula", "oq45-rci", "oq45-structure", "deterioration-rate"],
            illustrative=["intake scores", "weekly fluctuation", "the flag threshold (z = 1.28)"],
        ),
    )


def _feedback_text(
    trial: model.FeedbackTrial,
    values: dict[str, object],
    everyone: np.ndarray,
    flagged: np.ndarray,
) -> str:
    """The description; `everyone` and `flagged` are the trial's rates for all clients and
    for the not-on-track ones."""
    success_all = (everyone[1, 1] - everyone[0, 1]) * 100
    success_not = (flagged[2, 1] - flagged[0, 1]) * 100
    srd_all = trial.success_rate_difference(1) * 100
    srd_not = trial.success_rate_difference(2, trial.not_on_track) * 100
    g_range = evidence.get("rom-cst-not").interval or (0, 0)
    srd_range = evidence.get("rom-srd-not-cst").interval or (0, 0)
    return (
        f"Simulated data: the same {len(trial.intake)} clients, "
        f"{_percent(trial.not_on_track.mean())} of them flagged as not on track, with feedback "
        f"off, on, and on with clinical support tools. Feedback improves final scores by "
        f"d = {float(values['d_all']):.2f} on average (simulated d = {trial.effect_size(1):.2f}; "
        f"published d = {default(P['d_all']):.2f}, de Jong et al., 2021) and by "
        f"d = {float(values['d_not']):.2f} for not-on-track clients (published "
        f"{default(P['d_not']):.2f}); support tools raise that to "
        f"g = {float(values['g_cst']):.2f} (published g = {g_range[0]:.2f}–{g_range[1]:.2f}; "
        f"the default is the midpoint, derived). Feedback reaches on-track clients too: for the "
        f"average to hold they improve by d = {trial.on_track_d:.2f}, so in this model feedback "
        "helps little on average because its effect is small for everyone, not because it "
        "skips the on-track majority. Deterioration falls from "
        f"{_percent(everyone[0, 2])} to {_percent(everyone[1, 2])} with feedback and "
        f"{_percent(everyone[2, 2])} with tools (among not-on-track clients from "
        f"{_percent(flagged[0, 2])} to {_percent(flagged[2, 2])}); recovery rises from "
        f"{_percent(everyone[0, 0])} to {_percent(everyone[2, 0])}. The share reliably improved "
        f"rises by {success_all:.0f} percentage points overall with feedback and by "
        f"{success_not:.0f} points for not-on-track clients with tools. The published "
        f"success-rate differences (about {evidence.value('rom-success-rate-difference'):.0f}% "
        f"overall, {srd_range[0]:.0f}–{srd_range[1]:.0f}% for not-on-track clients with tools) "
        "are, by the usual definition of a success-rate difference, something else: the chance "
        "that a random client with feedback ends better than a random client without, minus "
        "the reverse. Computed that way from these simulated scores they are "
        f"{srd_all:.0f}% and {srd_not:.0f}%, in line with the published figures. A shift of "
        "the whole distribution moves only the clients near the reliable-change threshold "
        "across it, so the rise in the share reliably improved is smaller. Published, the "
        "average effect is small, about the same for not-on-track clients, and larger for "
        "them with support tools."
    )


def feedback_effect(n: int = 1000, seed: int = 47) -> Explorer:
    """The same cohort with feedback off, on, and on with clinical support tools."""
    TRIAL_N.check(n)
    params = [P["d_all"], P["d_not"], P["g_cst"]]
    controls = {p.name: slider(p) for p in params}
    controls["n"] = slider(TRIAL_N, value=n)
    measure = {**norms(), "cutoff": default(P["cutoff"])}

    def draw(chart: FeedbackChart, values: dict[str, object]) -> Caption:
        trial = model.feedback_trial(
            float(values["d_all"]), float(values["d_not"]), float(values["g_cst"]),
            int(values["n"]), seed, **measure,
        )  # fmt: skip
        everyone, flagged = trial.rates(), trial.rates(trial.not_on_track)
        chart.update(everyone, flagged)
        readout = (
            "Off → on → on + tools: recovered "
            + " → ".join(_percent(r) for r in everyone[:, 0])
            + " · deteriorated "
            + " → ".join(_percent(r) for r in everyone[:, 2])
        )
        return Caption(readout, _feedback_text(trial, values, everyone, flagged))

    return Explorer(
        chart=FeedbackChart(),
        controls=controls,
        draw=draw,
        **sources_and_illustrative(
            params,
            sources=["rom-success-rate-difference", "rom-srd-not-cst", "deterioration-rate",
                     "oq45-dutch-rci", "oq45-dutch-cutoff"],
            illustrative=["intake scores", "average true change", "weekly fluctuation",
                          "the flag threshold (z = 1.28)"],
        ),
    )  # fmt: skip


__all__ = ["feedback_effect", "outcome_monitoring"]
