"""Module 04: containment as co-regulation that keeps arousal inside the window of tolerance,
compared with suppression and with no response."""

from __future__ import annotations

from .. import evidence
from ..charts.containment import ContainmentChart
from ..simulate import containment as model
from .base import Caption, Explorer, slider, sources_and_illustrative

P = model.PARAMS


def _verdict(processing: int, flooded: int, calm: int) -> str:
    if flooded > processing and flooded >= calm:
        return "too little containment: arousal leaves the window and the client floods"
    if calm > processing:
        return "arousal stays mostly calm, inside the window but below the processing zone"
    return "arousal rises into the processing zone and mostly stays inside the window"


def containment_window(containment: float = 0.4, seed: int = 27) -> Explorer:
    """Client arousal through a session under the therapist's containment (co-regulation),
    suppression at the same strength, and no response."""
    P["containment"].check(containment)
    params = list(P.values())
    controls = {p.name: slider(p) for p in params}
    controls["containment"] = slider(P["containment"], value=containment)

    def draw(chart: ContainmentChart, values: dict[str, object]) -> Caption:
        c = float(values["containment"])
        session = model.session(c, float(values["stimulus"]), float(values["noise"]), seed)
        chart.update(session)
        total = session.processing[:, -1]
        flooded, calm, hypo = (int(x) for x in (session.flooded[0], session.calm[0],
                                                  session.hypo[0]))  # fmt: skip
        readout = (
            f"Processing {total[0]} of {model.MINUTES} min · flooded {flooded} · calm {calm} · "
            f"hypoaroused {hypo} · suppression at the same c: {total[1]} min · no response: "
            f"{total[2]} min"
        )
        d = evidence.get("client-expression-outcome")
        description = (
            f"Simulated session: with containment c = {c:.2f}, which damps arousal only above "
            f"{model.SET_POINT:g} of 10, the client spends {total[0]} of {model.MINUTES} minutes "
            f"in the processing zone ({model.PROCESSING[0]:g}–{model.PROCESSING[1]:g}), "
            f"{flooded} above the window of tolerance (hyperarousal, "
            f"above {model.WINDOW[1]:g}), {calm} calm inside the window below the processing "
            f"zone, and {hypo} below the window (hypoarousal, under {model.WINDOW[0]:g}): "
            f"{_verdict(int(total[0]), flooded, calm)}. Calm rest ({model.BASELINE:g}) lies "
            "inside the window; it is not hypoarousal. Suppression damps the same c at every "
            f"level, holding back feeling the client could bear: {total[1]} minutes of "
            f"processing. With no response, {total[2]}. More containment never takes away "
            "processing here, because it only acts near the top; more suppression does. "
            "Containment is not suppression: the aim is expression the client can bear. In "
            f"studies, more client emotional expression goes with better outcome "
            f"(d = {d.value:.2f} over the {d.k} studies of client expression; {d.short}), an "
            "association, not proof of cause. This is a teaching model, loosely inspired by the "
            "emotion-regulation parameter of Schiepek's model; every value in it is "
            "illustrative."
        )
        return Caption(readout, description)

    return Explorer(
        chart=ContainmentChart(),
        controls=controls,
        draw=draw,
        **sources_and_illustrative(
            params, sources=model.EVIDENCE_IDS,
            illustrative=["window of tolerance and processing zone", "calm resting arousal",
                          "containment set point", "the client's own regulation",
                          "session phases"],
        ),
    )  # fmt: skip


__all__ = ["containment_window"]
