"""Module 08: how much therapy, which therapist, and how therapists get better."""

from __future__ import annotations

import numpy as np

from .. import evidence
from ..charts.enhancing import CareerChart, DoseChart, TherapistChart
from ..simulate import enhancing as model
from ..simulate.checks import check_range
from .base import Caption, Explorer, choice, seed_box, slider, sources_and_illustrative


def published_howard_curve() -> model.ProbitCurve:
    """Howard et al.'s dose–response line through the published 8- and 26-session figures."""
    return model.howard_curve(evidence.value("howard-50-by-8"), evidence.value("howard-75-by-26"))


P = model.PARAMS
DOSE_N = P["n"].narrowed(100, 3000)
CASELOAD = P["clients"].narrowed(5, 200)

CRITERIA = {
    "improved": "Measurably improved (Howard)",
    "recovered": "Clinically significant change (Hansen)",
}


def plural(count: float, noun: str) -> str:
    return f"{count:g} {noun}{'' if count == 1 else 's'}"


# --- Dose and response -------------------------------------------------------------------------


def dose_response(sessions: int | None = None, n: int | None = None, seed: int = 2) -> Explorer:
    """Two dose–response curves, one per criterion of success, and a simulated cohort on them."""
    howard = published_howard_curve()
    params = [P["sessions"], P["sessions_to_half"], DOSE_N]
    controls = {
        "sessions": slider(P["sessions"], value=sessions),
        "criterion": choice(
            "Success means", [(label, key) for key, label in CRITERIA.items()], "improved"
        ),
        "half": slider(P["sessions_to_half"]),
        "n": slider(DOSE_N, value=n),
        "seed": seed_box(seed),
    }

    def draw(chart: DoseChart, values: dict[str, object]) -> Caption:
        count, half = int(values["sessions"]), float(values["half"])
        strict = values["criterion"] == "recovered"
        recovery = model.recovery_curve(half, howard)
        thresholds = model.client_thresholds(int(values["n"]), int(values["seed"]))
        dots = [model.simulated_percent(c, thresholds, chart.sessions) for c in (howard, recovery)]
        chart.update(howard.percent(chart.grid), recovery.percent(chart.grid), *dots, count, strict)
        fitted = (float(howard.percent(count)), float(recovery.percent(count)))
        simulated = (dots[0][count - 1], dots[1][count - 1])
        return Caption(
            dose_readout(count, fitted, simulated, strict),
            dose_description(count, half, len(thresholds), fitted, simulated, strict),
        )

    return Explorer(
        chart=DoseChart(),
        controls=controls,
        draw=draw,
        **sources_and_illustrative(
            params,
            sources=["howard-50-by-8", "howard-75-by-26", "howard-probit-fit"],
            illustrative=["slope of the recovery curve (Howard's slope is borrowed)"],
        ),
    )


def dose_readout(
    count: int, fitted: tuple[float, float], simulated: tuple[float, float], strict: bool
) -> str:
    parts = [
        f"{fitted[0]:.0f}% improved (simulated {simulated[0]:.0f}%)",
        f"{fitted[1]:.0f}% recovered (simulated {simulated[1]:.0f}%)",
    ]
    if strict:
        parts.reverse()
    return f"After {plural(count, 'session')}: " + " · ".join(parts)


def dose_description(
    count: int,
    half: float,
    n: int,
    fitted: tuple[float, float],
    simulated: tuple[float, float],
    strict: bool,
) -> str:
    gap = fitted[0] - fitted[1]
    first, second = evidence.value("howard-50-by-8"), evidence.value("howard-75-by-26")
    low, high = evidence.get("hansen-sessions-50-recover").interval
    focus = (
        "You are looking at the stricter criterion, clinically significant change."
        if strict
        else "You are looking at the looser criterion, being measurably improved."
    )
    return (
        f"Simulated data: {n} clients followed for up to 52 sessions. {focus} After "
        f"{plural(count, 'session')}, the probit curve through Howard et al.'s (1986) published "
        f"points ({first:g}% improved by 8 sessions, {second:g}% by 26) predicts "
        f"{fitted[0]:.0f}% measurably "
        f"improved; {simulated[0]:.0f}% of the simulated clients were. This curve is our own "
        "two-point fit, not a published one. The stricter curve puts 50% recovered at "
        f"{half:g} sessions (Hansen et al., 2002, report {low:g} to {high:g}) and predicts "
        f"{fitted[1]:.0f}% recovered ({simulated[1]:.0f}% simulated); its slope is borrowed "
        f"from Howard's curve and is illustrative. The same clients look {gap:.0f} percentage "
        "points better off under the looser criterion: how much therapy seems to help depends "
        "on what counts as success."
    )


# --- Therapist effects -------------------------------------------------------------------------


def therapist_effects(
    icc_percent: float | None = None,
    clients: int | None = None,
    therapists: int = 50,
    seed: int = 29,
) -> Explorer:
    """Therapists × clients with a chosen share of outcome variance due to therapists."""
    check_range("therapists", therapists, 10, 100)
    params = [P["icc_percent"], CASELOAD]
    controls = {
        "icc": slider(P["icc_percent"], value=icc_percent),
        "clients": slider(CASELOAD, value=clients),
        "seed": seed_box(seed),
    }

    def draw(chart: TherapistChart, values: dict[str, object]) -> Caption:
        icc = float(values["icc"]) / 100
        count = int(values["clients"])
        sample = model.therapist_sample(icc, count, therapists, int(values["seed"]))
        chance = 100 * model.chance_better_ranked_higher(icc, chart.clients_grid)
        chance_now = 100 * float(model.chance_better_ranked_higher(icc, count))
        half = sample.half_width
        means = sample.means
        chart.update(means, half, sample.true_effect, chance, count, chance_now)
        apart = int(np.sum(np.abs(means) > half))
        needed = model.clients_to_rank(icc, 0.95)
        misplaced = misplaced_in_top(means, sample.true_effect, TOP)
        return Caption(
            f"Estimated ICC {100 * sample.estimated_icc:.1f}% · {apart} of {therapists} "
            f"intervals exclude the average · {misplaced} of the observed top {TOP} are not in "
            f"the true top {TOP} · better of two ranked higher {chance_now:.0f}% of the time · "
            f"95% needs {needed:,.0f} clients each",
            therapist_description(
                100 * icc, 100 * sample.estimated_icc, count, therapists, apart, chance_now, needed
            )
            + f" Of the {TOP} therapists with the best observed means, {misplaced} are not "
            f"among the {TOP} who are truly best: a league table would misplace them.",
        )

    return Explorer(
        chart=TherapistChart(),
        controls=controls,
        draw=draw,
        **sources_and_illustrative(params, sources=["therapist-effects-managed-care"]),
    )


TOP = 10  # the "top performers" of a league table


def misplaced_in_top(observed: np.ndarray, true: np.ndarray, top: int) -> int:
    """How many of the `top` therapists ranked best by observed mean are not truly among the
    `top` best."""
    return top - len(set(np.argsort(observed)[-top:]) & set(np.argsort(true)[-top:]))


def therapist_description(
    icc: float,
    estimate: float,
    clients: int,
    therapists: int,
    apart: int,
    chance: float,
    needed: float,
) -> str:
    review = evidence.get("therapist-effects-review")
    low, high = review.interval
    return (
        f"Simulated data: {therapists} therapists each see {clients} clients, and therapists "
        f"account for {icc:.1f}% of the variance in outcome (a review of {review.k} studies "
        f"found {review.value:g}% on average, ranging from {low:g}% to {high:g}%); this "
        f"sample's estimate is {estimate:.1f}%. The "
        f"95% intervals of {apart} of the {therapists} therapists exclude the average. Take two "
        "therapists whose true effectiveness differs by one standard deviation of therapist "
        f"effects: with {clients} clients each, the better one has the better observed mean "
        f"{chance:.0f}% of the time, and {needed:,.0f} clients each would be needed to get this "
        "right 95% of the time (our derivation from the normal model). Therapists differ, but "
        "a ranking built on a typical caseload is noisy."
    )


# --- Experience versus deliberate practice -----------------------------------------------------


def practice_vs_experience(
    practice_gain: float | None = None,
    experience_drift: float | None = None,
    seed: int = 8,
) -> Explorer:
    """Ten simulated years: experience alone, or experience plus deliberate practice."""
    therapists, shown = 40, 12
    params = [P["practice_gain"], P["experience_drift"]]
    controls = {
        "gain": slider(P["practice_gain"], value=practice_gain, readout_format=".3f"),
        "drift": slider(P["experience_drift"], value=experience_drift, readout_format=".3f"),
        "seed": seed_box(seed),
    }

    def draw(chart: CareerChart, values: dict[str, object]) -> Caption:
        gain, drift = float(values["gain"]), float(values["drift"])
        result = model.careers(
            drift,
            gain,
            therapists,
            int(values["seed"]),
            start_d=evidence.value("routine-benchmark-depression"),
        )
        span = result.years[-1]
        change = (span * result.slope(result.experience), span * result.slope(result.practice))
        chart.update(result.years, result.experience, result.practice, change, shown)
        return Caption(
            f"Change over 10 years: experience only {change[0]:+.2f} d · "
            f"deliberate practice {change[1]:+.2f} d",
            practice_description(gain, drift, therapists, change),
        )

    return Explorer(
        chart=CareerChart(),
        controls=controls,
        draw=draw,
        **sources_and_illustrative(
            params,
            sources=[
                "experience-outcome",
                "deliberate-practice-predicts",
                "deliberate-practice-trials",
                "routine-benchmark-depression",
            ],
            illustrative=["spread between therapists", "year-to-year variation"],
        ),
    )


def practice_description(
    gain: float, drift: float, therapists: int, change: tuple[float, float]
) -> str:
    direction = "declines" if drift < 0 else "rises" if drift > 0 else "stays flat"
    benchmark = evidence.get("routine-benchmark-depression")
    return (
        f"Simulated data: {therapists} therapists per group, each starting near the "
        f"routine-practice benchmark of d = {benchmark.value:g} for depression "
        f"({benchmark.short}). With "
        f"experience alone, effectiveness {direction} by {abs(drift):.3f} d a year, a change of "
        f"{change[0]:+.2f} over ten years in this sample; Goldberg et al. (2016) found that "
        "clients' outcomes tended to diminish very slightly as therapists gained experience. "
        f"Therapists who also practise deliberately gain a further {gain:.3f} d a year, "
        f"{change[1]:+.2f} over ten years; the model gives this gain to the practice itself, "
        "not to the outcome monitoring that may guide it. Both yearly rates are illustrative: "
        "no study has measured a yearly gain from deliberate practice. Chow et al. (2015) found "
        "that time spent on deliberate practice went with better outcomes, a cross-sectional "
        "correlation in a subsample of 17 therapists, and trials "
        "of deliberate-practice training measured skills rather than client outcomes, with risk "
        "of bias rated 'some concerns' or high."
    )


__all__ = ["dose_response", "practice_vs_experience", "therapist_effects"]
