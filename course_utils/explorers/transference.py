"""Module 05: managing countertransference, and transference as an interpersonal template."""

from __future__ import annotations

import ipywidgets as widgets

from ..charts.transference import CountertransferenceChart, TemplateChart
from ..evidence import format_stat
from ..simulate import transference as model
from ..view import shared_layout
from .base import ROW, WIDE, Caption, Explorer, default, slider, sources_and_illustrative

P = model.PARAMS
PAIRS = P["n"].narrowed(100, 5000)


def _r(value: float) -> str:
    return format_stat(round(float(value), 2) + 0.0, "r").replace("-", "−")


def _number(value: float, signed: bool = False) -> str:
    text = f"{round(float(value), 2) + 0.0:{'+' if signed else ''}.2f}"
    return text.replace("-", "−")


def _impossible(eigenvalue: float, r: tuple[float, float, float]) -> Caption:
    low, high = model.allowed_range(r[0], r[1])
    return Caption(
        f"Impossible combination: smallest eigenvalue {_number(eigenvalue)} (must be above 0)",
        (
            f"No simulated data: management–reactions r = {_r(r[0])}, reactions–outcome "
            f"r = {_r(r[1])} and management–outcome r = {_r(r[2])} cannot all hold in one "
            "population. A correlation matrix must be positive definite (every eigenvalue above "
            f"0); this one's smallest eigenvalue is {_number(eigenvalue)}. The three correlations "
            f"constrain each other: given the first two, management–outcome r can only lie "
            f"between {_r(low)} and {_r(high)}. Move a slider back toward the published values."
        ),
    )


def _suppression_note(paths: model.Paths, r_ry: float) -> str:
    """Say so when holding management constant flips or creates the reactions → outcome path."""
    b = paths.reactions_outcome
    if abs(b) < 0.005 or (r_ry != 0 and (b > 0) == (r_ry > 0)):
        return ""
    return (
        f" Note the reactions → outcome path: the raw correlation is {_r(r_ry)}, yet holding "
        f"management constant the path is {_r(b)}. This is a suppression effect, not a benefit "
        "of reactions: therapists who manage well have fewer reactions and better outcomes, so "
        "among therapists with the same management, having more reactions is no longer a sign "
        "of poor management, and what is left can point the other way. A path coefficient "
        "describes the model's correlations; it does not say that reactions help."
    )


def _ct_caption(cohort: model.CtCohort, paths: model.Paths, eigenvalue: float, r) -> Caption:
    low, high = cohort.outcome_by_management()
    gap = float(high.mean() - low.mean())
    sample = cohort.sample_r
    readout = (
        f"High vs low management: outcome gap {_number(gap)} SD · paths: management → reactions "
        f"{_r(paths.management_reactions)}, reactions → outcome {_r(paths.reactions_outcome)}, "
        f"management → outcome {_r(paths.management_outcome)}"
    )
    description = (
        f"Simulated data: {len(cohort.scores)} therapist–client pairs whose countertransference "
        f"(CT) management, CT reactions and outcome correlate at r = {_r(r[0])} "
        f"(management–reactions; published {_r(default(P['r_mr']))}), r = {_r(r[1])} "
        f"(reactions–outcome; published {_r(default(P['r_ry']))}) and r = {_r(r[2])} "
        f"(management–outcome; published {_r(default(P['r_my']))}), all from Hayes et al., "
        f"2018 (in this sample {_r(sample[0, 1])}, {_r(sample[1, 2])} and {_r(sample[0, 2])}). "
        f"Together they form a valid correlation matrix (positive definite: smallest eigenvalue "
        f"{_number(eigenvalue)}, above 0). Clients of therapists in the top third of management "
        f"end {_number(gap)} SD better than those in the bottom third. The path from management "
        f"to reactions is {_r(paths.management_reactions)}, their correlation. Holding the other "
        f"constant, the path from management to outcome is {_r(paths.management_outcome)} and "
        f"from reactions to outcome {_r(paths.reactions_outcome)}; only {_r(paths.indirect)} of "
        "management's link runs through fewer reactions."
        f"{_suppression_note(paths, r[1])} The three correlations come from different sets of "
        "studies, and management is a therapist-level rating while outcome belongs to each "
        "client, so this combined model is a teaching approximation; correlations do not show "
        "that managing CT causes better outcomes."
    )
    return Caption(readout, description)


def countertransference(n: int = 1500, seed: int = 11) -> Explorer:
    """CT management, CT reactions and outcome as one linear Gaussian model."""
    PAIRS.check(n)
    params = [P["r_my"], P["r_mr"], P["r_ry"]]
    controls = {p.name: slider(p) for p in params}
    controls["n"] = slider(PAIRS, value=n)

    def draw(chart: CountertransferenceChart, values: dict[str, object]) -> Caption:
        r = (float(values["r_mr"]), float(values["r_ry"]), float(values["r_my"]))
        eigenvalue = model.smallest_eigenvalue(model.correlation_matrix(*r))
        if eigenvalue <= 0:
            chart.update(None, None)
            return _impossible(eigenvalue, r)
        cohort = model.ct_cohort(*r, int(values["n"]), seed)
        paths = model.path_coefficients(*r)
        chart.update(cohort, paths)
        return _ct_caption(cohort, paths, eigenvalue, r)

    return Explorer(
        chart=CountertransferenceChart(),
        controls=controls,
        draw=draw,
        **sources_and_illustrative(
            params,
            illustrative=[
                "combining the three correlations in one model (a teaching approximation)"
            ],
        ),
    )


def _template_caption(resisting, pulled, values: dict[str, object]) -> Caption:
    stance = model.THERAPIST_STANCE
    start, end_resist = _number(resisting.warmth[0], True), _number(resisting.warmth[-1], True)
    end_pulled = _number(pulled.warmth[-1], True)
    far_resist, far_pulled = resisting.distance_to(stance)[-1], pulled.distance_to(stance)[-1]
    template = str(values["template"]).replace("-", " and ")
    readout = (
        f"After {model.SESSIONS} sessions the client expects warmth {end_resist} if the "
        f"therapist resists, {end_pulled} if pulled in (therapist's own "
        f"{_number(stance[0], True)})"
    )
    description = (
        f"Simulated client who starts out expecting the therapist to be {template} (warmth "
        f"{start} on a scale from −1 hostile to +1 friendly). The client acts on"
        " that expectation with the complementary behaviour (same warmth, opposite dominance), "
        "which invites the expected response back. Each session the expectation moves "
        f"{float(values['learning_rate']):.0%} of the way toward what the therapist actually did. "
        f"If the therapist stays warm and resists the pull, expected warmth reaches "
        f"{end_resist} after {model.SESSIONS} sessions (distance to the "
        f"therapist's stance {far_resist:.2f}); if the therapist is pulled into complementarity "
        f"with strength {float(values['pull']):.2f}, it reaches only {end_pulled} "
        f"(distance {far_pulled:.2f}): the enacted response confirms the template. "
        "Complementarity means correspondence on warmth and reciprocity on dominance (Bluhm et "
        "al., 1990; Sadler et al., 2009); the pull on dominance is set weaker, as warmth "
        "correspondence is the more consistent finding. All rates are illustrative."
    )
    return Caption(readout, description)


def transference_template(template: str = "hostile-dominant") -> Explorer:
    """The client's interpersonal expectation, with the therapist resisting or pulled in."""
    if template not in model.TEMPLATES:
        raise ValueError(f'template must be one of {", ".join(model.TEMPLATES)} (got "{template}")')
    controls = {
        "learning_rate": slider(P["learning_rate"]),
        "pull": slider(P["pull"]),
        "template": widgets.Dropdown(
            options=[(key.replace("-", " "), key) for key in model.TEMPLATES],
            value=template,
            description="Client expects the therapist to be",
            style=WIDE,
            layout=shared_layout(**ROW),
        ),
    }

    def draw(chart: TemplateChart, values: dict[str, object]) -> Caption:
        start = model.TEMPLATES[str(values["template"])]
        rate = float(values["learning_rate"])
        resisting = model.template_run(start, rate, 0.0)
        pulled = model.template_run(start, rate, float(values["pull"]))
        chart.update(resisting, pulled)
        return _template_caption(resisting, pulled, values)

    return Explorer(
        chart=TemplateChart(),
        controls=controls,
        draw=draw,
        **sources_and_illustrative(
            [P["learning_rate"], P["pull"]],
            sources=["complementarity-rule", "complementarity-affiliation-stronger",
                     "sadler-phase", "kiesler-circle"],
            illustrative=["weaker pull on dominance", "starting templates and therapist stance"],
        ),
    )  # fmt: skip


__all__ = ["countertransference", "transference_template"]
