"""Module 06: change in jumps, a relationship that models a new pattern, readiness and dose."""

from __future__ import annotations

import math

import numpy as np

from .. import evidence
from ..charts.change import CircleChart, GainsChart, StagesChart
from ..simulate import change as model
from ..simulate.relationship import r_from_d
from .base import (
    Caption,
    Explorer,
    choice,
    seed_box,
    slider,
    sources_and_illustrative,
    toggle,
)


def published_stage_numbers() -> dict[str, float]:
    """The published figures the stages-of-change model is calibrated to, by argument name."""
    return {
        "dropout_percent": evidence.value("dropout-rate"),
        "preference_or": evidence.value("preference-dropout-or"),
        "stages_d": evidence.value("stages-of-change"),
    }


def published_hazard_scales() -> tuple[float, float]:
    """Dropout hazard scales, usual care and accommodated, at the published figures."""
    return model.hazard_scales(
        evidence.value("dropout-rate"), evidence.value("preference-dropout-or")
    )


P = model.PARAMS
GAIN_CLIENTS = P["clients"].narrowed(100, 2000)
STAGE_CLIENTS = P["clients"].narrowed(200, 5000, default=1000)

# --- Sudden gains ------------------------------------------------------------------------------


def sudden_gains(
    gain_percent: float | None = None,
    reversal_percent: float = 20,
    clients: int = 300,
    seed: int = 16,
) -> Explorer:
    """Simulated BDI trajectories in which change sometimes arrives as one large drop."""
    params = [P["gain_percent"], P["reversal_percent"], P["gain_size"], GAIN_CLIENTS]
    controls = {
        "gain": slider(P["gain_percent"], value=gain_percent),
        "reversal": slider(P["reversal_percent"], value=reversal_percent),
        "size": slider(P["gain_size"]),
        "clients": slider(GAIN_CLIENTS, value=clients),
        "seed": seed_box(seed),
    }

    def draw(chart: GainsChart, values: dict[str, object]) -> Caption:
        result = model.sudden_gains(
            float(values["gain"]) / 100,
            float(values["reversal"]) / 100,
            int(values["clients"]),
            int(values["seed"]),
            gain_size=float(values["size"]),
        )
        chart.update(
            result.scores,
            result.jumps,
            result.reversed,
            result.share_with_gain,
            result.share_reversed,
        )
        return gains_caption(values, result)

    return Explorer(
        chart=GainsChart(),
        controls=controls,
        draw=draw,
        **sources_and_illustrative(
            params,
            sources=[
                "sudden-gains-prevalence-ct",
                "sudden-gains-placebo",
                "sudden-gains-followup-ct-responders",
            ],
            illustrative=[
                "intake scores",
                "steady slope (0.5 points a session)",
                "session-to-session noise",
                "spread of drop sizes",
            ],
        ),
    )


def narrative(short: str) -> str:
    """An in-text citation for running prose: "Tang & DeRubeis, 1999" → "Tang and DeRubeis
    (1999)"."""
    names, _, year = short.rpartition(", ")
    return f"{names.replace(' & ', ' and ')} ({year})"


def gains_caption(values: dict[str, object], result: model.Trajectories) -> Caption:
    share, lost = result.share_with_gain, result.share_reversed
    with_gain = result.with_gain
    final = result.scores[:, -1]
    gained = float(final[with_gain].mean()) if with_gain.any() else float("nan")
    steady = float(final[~with_gain].mean()) if (~with_gain).any() else float("nan")
    anxiety = evidence.get("sudden-gains-group-cbt")
    depression = evidence.get("sudden-gains-prevalence-ct")
    size = evidence.get("sudden-gain-size")
    placebo = evidence.get("sudden-gains-placebo")
    sessions = result.scores.shape[1]
    readout = (
        f"{share:.1f}% of clients had a sudden gain (group CBT for anxiety "
        f"{anxiety.value:g}%; CT for depression about {depression.value:g}%, cited) · "
        f"{lost:.1f}% had only reversed drops, not gains · final BDI {gained:.0f} with a gain, "
        f"{steady:.0f} without"
    )
    description = (
        f"Simulated data: {len(final)} clients' depression scores (BDI) over {sessions} "
        "sessions fall slowly, by half a point a session (illustrative). At each session "
        f"there is a {float(values['gain']):.2f}% chance of a sudden drop of about "
        f"{float(values['size']):g} points; {narrative(size.short)} found "
        f"{size.value:g} points on average. A drop counts as a sudden gain only if it is not "
        "reversed, as in their definition. "
        f"{share:.1f}% of the simulated clients had at least one gain. The starting chance is "
        f"set so that {anxiety.value:g}% do, the share found in group CBT for anxiety disorders "
        f"({anxiety.short}), a different treatment and disorder from the depression scores "
        f"shown here; about {depression.value:g}% is cited for cognitive therapy for depression, "
        f"a figure seen only in a secondary source. For {lost:.1f}% of clients every drop was "
        f"reversed at the next session (chance {float(values['reversal']):.0f}%, illustrative), "
        f"so they had no gain. Clients with a gain ended at a mean BDI of {gained:.0f}, those "
        f"without at {steady:.0f}. Sudden gains occur about as often under pill placebo as in "
        f"cognitive therapy ({placebo.short}), so a sudden drop in scores does not by itself "
        "show that an insight caused it; and among responders to cognitive therapy, those with "
        "sudden gains had more depressive symptoms at follow-up in the same study, so a kept "
        "gain is no promise of lasting recovery."
    )
    return Caption(readout, description)


# --- The interpersonal circle ------------------------------------------------------------------

STRATEGY_STORY = {
    "complementary": "The therapist answers in kind, hostile to hostility and submissive to "
    "dominance, which invites exactly the client's habitual behaviour, so the pattern "
    "perpetuates itself.",
    "warm-firm": "The therapist stays warm while keeping a firm structure and declines the "
    "hostile invitation: warmth invites warmth and firmness invites some deference, so the "
    "client drifts toward the warm side of the circle.",
    "mirror": "The therapist copies the client, hostile and dominant: hostility is returned "
    "in kind, so the client stays cold, while dominance met with dominance invites each to "
    "give way, so the contest for control settles toward the middle.",
}


def circumplex_dance(
    strategy: str = "warm-firm",
    warmth_coupling: float | None = None,
    dominance_ratio: float | None = None,
    habit: float | None = None,
    seed: int = 3,
) -> Explorer:
    """A client who starts hostile-dominant meets one of three therapist strategies."""
    if strategy not in model.STRATEGIES:
        raise ValueError(
            f'strategy must be one of {", ".join(model.STRATEGIES)} (got "{strategy}")'
        )
    params = [P["warmth_coupling"], P["dominance_ratio"], P["habit"], P["noise"]]
    runs = 200
    controls = {
        "strategy": choice(
            "Therapist", [(label, key) for key, label in model.STRATEGIES.items()], strategy
        ),
        "warmth": slider(P["warmth_coupling"], value=warmth_coupling),
        "ratio": slider(P["dominance_ratio"], value=dominance_ratio),
        "habit": slider(P["habit"], value=habit),
        "noise": slider(P["noise"]),
        "seed": seed_box(seed),
    }

    def draw(chart: CircleChart, values: dict[str, object]) -> Caption:
        chosen = str(values["strategy"])
        results = model.dances(
            tuple(model.STRATEGIES),
            float(values["warmth"]),
            float(values["ratio"]),
            runs,
            int(values["seed"]),
            noise=float(values["noise"]),
            habit=float(values["habit"]),
        )
        reach = {key: dance.share_reached() for key, dance in results.items()}
        chart.update(results[chosen].client, results[chosen].therapist[0], reach, chosen)
        return circle_caption(values, results, runs)

    return Explorer(
        chart=CircleChart(),
        controls=controls,
        draw=draw,
        **sources_and_illustrative(
            params,
            sources=["complementarity-rule", "complementarity-affiliation-stronger"],
            illustrative=[
                "the therapist's warm, firm stance",
                "the warm–collaborative zone",
                f"{model.SETTLE} sessions in a row counting as reaching it",
            ],
        ),
    )


def reach_summary(dance: model.Dance) -> tuple[float, float]:
    """(% of runs that settle in the zone, median session by which they have, or NaN)."""
    reached = dance.reached
    arrived = reached[reached >= 0]
    median = float(np.median(arrived)) if arrived.size else float("nan")
    return 100 * float(np.mean(reached >= 0)), median


def settling_text(values: dict[str, object]) -> str:
    """When the client would settle in the zone without session-to-session variation."""
    chosen, habit = str(values["strategy"]), float(values["habit"])
    session = model.settling_session(chosen, float(values["warmth"]), float(values["ratio"]), habit)
    if session >= 0:
        return f"without variation, settled by session {session}"
    if habit > 0 and chosen == "warm-firm":
        return "without variation, never: the pull back holds the client short of the zone"
    return "without variation, never"


def circle_caption(
    values: dict[str, object], results: dict[str, model.Dance], runs: int
) -> Caption:
    chosen = str(values["strategy"])
    summary = {key: reach_summary(dance) for key, dance in results.items()}
    share, median = summary[chosen]
    when = f", by a median of session {median:.0f}" if share else ""
    others = ", ".join(
        f"{model.STRATEGIES[key].split(' (')[0].lower()} {summary[key][0]:.0f}%"
        for key in results
        if key != chosen
    )
    final = results[chosen].client[:, -1].mean(axis=0)
    warmth, ratio, habit = float(values["warmth"]), float(values["ratio"]), float(values["habit"])
    sessions = model.CIRCLE_SESSIONS
    settle = settling_text(values)
    pull = (
        f"Each session the client is also pulled {100 * habit:.0f}% of the way back toward "
        "their old hostile, dominant style, like a pattern that keeps reasserting itself; "
        "with a pull like this, a client who responds slowly may never settle in the zone."
        if habit
        else "Nothing pulls the client back toward the old style, so a client who responds "
        "slowly gets there later, not never."
    )
    rules = rule_sources()
    readout = (
        f"{model.STRATEGIES[chosen]}: {share:.0f}% of dyads settle in the warm zone "
        f"({model.SETTLE} sessions in a row){when} · {settle} · others: {others}"
    )
    description = (
        f"Simulated data: {runs} client–therapist pairs over {sessions} sessions on the "
        "interpersonal circle, warmth across and dominance up and down. The client starts "
        "hostile and dominant. Each session the client moves part of the way toward the "
        "response the therapist's behaviour invites, the same warmth and the opposite "
        f"dominance (the complementarity rule, {rules[0]}): {100 * warmth:.0f}% of the way on "
        f"warmth and {100 * warmth * ratio:.0f}% on dominance, since correspondence on warmth "
        f"is the more consistent finding ({rules[1]}). {pull} {STRATEGY_STORY[chosen]} A pair "
        f"counts as having reached the warm–collaborative zone once the client has been in it "
        f"for {model.SETTLE} sessions in a row, so a single visit by chance does not count. "
        f"{share:.0f}% of the pairs did so within {sessions} sessions{when}; {settle}. The "
        f"client ended at warmth {final[0]:+.2f} and dominance {final[1]:+.2f} on average "
        f"(other strategies: {others}). All rates are illustrative: this is a teaching model "
        "of an idea, not a fitted one."
    )
    return Caption(readout, description)


def rule_sources() -> tuple[str, str]:
    """Short citations for the complementarity rule and for warmth being the stronger half."""
    return (
        evidence.get("complementarity-rule").short,
        evidence.get("complementarity-affiliation-stronger").short,
    )


# --- Stages of change and dropout --------------------------------------------------------------


def stages_and_dose(
    forward_percent: float | None = None,
    backward_percent: float | None = None,
    accommodate: bool = False,
    clients: int | None = None,
    seed: int = 35,
) -> Explorer:
    """A cohort moving through the stages of change, with dropout calibrated to the literature."""
    params = [P["forward_percent"], P["backward_percent"], STAGE_CLIENTS]
    ratio = evidence.value("preference-dropout-or")
    controls = {
        "forward": slider(P["forward_percent"], value=forward_percent),
        "backward": slider(P["backward_percent"], value=backward_percent),
        "accommodate": toggle(f"Preferences accommodated (dropout odds ÷ {ratio:g})", accommodate),
        "clients": slider(STAGE_CLIENTS, value=clients),
        "seed": seed_box(seed),
    }

    def draw(chart: StagesChart, values: dict[str, object]) -> Caption:
        forward, backward = float(values["forward"]) / 100, float(values["backward"]) / 100
        accommodated = bool(values["accommodate"])
        cohort = model.stage_cohort(
            forward,
            backward,
            accommodated,
            int(values["clients"]),
            int(values["seed"]),
            **published_stage_numbers(),
        )
        expected = expected_dropout(forward, backward)
        occupancy = cohort.occupancy()
        chart.update(occupancy, *expected, occupancy[:, 5], outcome_by_start(cohort))
        return stages_caption(values, cohort, expected, occupancy)

    return Explorer(
        chart=StagesChart(),
        controls=controls,
        draw=draw,
        **sources_and_illustrative(
            params,
            sources=["dropout-rate", "preference-dropout-or", "stages-of-change"],
            illustrative=["the mix of stages at intake", "higher dropout in earlier stages"],
        ),
    )


def expected_dropout(forward: float, backward: float) -> tuple[np.ndarray, np.ndarray]:
    """Exact cumulative dropout (%) by session, usual care and with preferences accommodated."""
    moves = model.transition_matrix(forward, backward)
    hazards = np.minimum(1, np.outer(published_hazard_scales(), model.STAGE_DROPOUT_WEIGHTS))
    start = np.broadcast_to(model.STAGE_START, hazards.shape)
    _, dropped = model.expected_paths(hazards, moves, start, model.STAGE_SESSIONS)
    return 100 * dropped[:, 0], 100 * dropped[:, 1]


def outcome_by_start(cohort: model.StageCohort) -> np.ndarray:
    """Mean improvement of finishers by stage at intake (precontemplation to action)."""
    done = ~cohort.dropped
    start = cohort.start[done]
    counts = np.bincount(start, minlength=5)[:4]
    totals = np.bincount(start, weights=cohort.outcome[done], minlength=5)[:4]
    with np.errstate(invalid="ignore", divide="ignore"):
        return totals / counts


def stages_caption(
    values: dict[str, object],
    cohort: model.StageCohort,
    expected: tuple[np.ndarray, np.ndarray],
    occupancy: np.ndarray,
) -> Caption:
    accommodated = bool(values["accommodate"])
    r = cohort.start_outcome_r()
    d = 2 * r / math.sqrt(1 - r * r)
    active = float(occupancy[-1, 3:5].sum())
    odds = evidence.get("preference-dropout-or")
    dropout = evidence.get("dropout-rate")
    stages = evidence.get("stages-of-change")
    published_r = r_from_d(stages.value)
    condition = (
        f"Their preferences are accommodated, which divides the odds of dropping out by "
        f"{odds.value:g}, the published odds ratio ({odds.short}). "
        if accommodated
        else "Their preferences are not accommodated. "
    )
    readout = (
        f"Dropout {cohort.dropout_percent:.1f}% (expected: usual {expected[0][-1]:.1f}%, "
        f"preferences met {expected[1][-1]:.1f}%) · {active:.0f}% in action or maintenance "
        f"at session 20 · intake stage ~ outcome r = {r:.2f} (d = {d:.2f})"
    )
    description = (
        f"Simulated data: {len(cohort.start)} clients begin therapy in a mix of stages of "
        "change (illustrative) and each session move one stage forward with a chance of "
        f"{float(values['forward']):.0f}% or slip back with {float(values['backward']):.0f}% "
        "(illustrative). Clients in earlier stages are set to drop out more often, with the "
        f"overall rate calibrated so that at the starting settings {dropout.value:g}% drop out, "
        f"the published average ({dropout.short}). {condition}In this cohort "
        f"{cohort.dropout_percent:.1f}% dropped out and {active:.0f}% were in action or "
        "maintenance by session 20. Finishers improve more the further they have moved, so "
        f"stage at intake correlates r = {r:.2f} with outcome (d = {d:.2f}); "
        f"{narrative(stages.short)} found d = {stages.value:.2f} for stage before treatment, "
        "which the model sets as the correlation r = "
        f"{evidence.format_stat(round(published_r, 2), 'r')} (our conversion, as if from two "
        "equal groups). The number of sessions is the same for everyone here, so the chart "
        "shows readiness and dropout, not dose. A correlation like this does not show that "
        "stage itself causes the outcome."
    )
    return Caption(readout, description)


__all__ = ["circumplex_dance", "stages_and_dose", "sudden_gains"]
