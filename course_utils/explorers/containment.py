"""Module 04: containment as co-regulation that keeps arousal inside a processing window."""

from __future__ import annotations

from ..charts.containment import ContainmentChart
from ..simulate import containment as model
from .base import Caption, Explorer, slider, sources_and_illustrative

P = model.PARAMS
C = P["containment"]


def _levels(containment: float) -> tuple[float, float, float]:
    """The student's c, a third of it, and three times it (at most 1)."""
    return containment, max(containment / 3, C.low), min(containment * 3, C.high)


def _verdict(processing: int, flooded: int, under: int) -> str:
    if flooded > processing and flooded >= under:
        return "too little containment: arousal overflows the window and the client floods"
    if under > processing:
        return "so much damping that little emotion is expressed or processed"
    return "containment that keeps arousal mostly inside the window, where processing happens"


def containment_window(containment: float = 0.2, seed: int = 6) -> Explorer:
    """Client arousal through a session under the therapist's containment (co-regulation)."""
    C.check(containment)
    params = [C, P["stimulus"], P["noise"]]
    controls = {p.name: slider(p) for p in params}
    controls["containment"] = slider(C, value=containment)

    def draw(chart: ContainmentChart, values: dict[str, object]) -> Caption:
        containment = float(values["containment"])
        session = model.session(
            _levels(containment), float(values["stimulus"]), float(values["noise"]), seed
        )
        chart.update(session)
        total = session.processing[:, -1]
        flooded, under = int(session.flooded[0]), int(session.under[0])
        readout = (
            f"Processing {total[0]} of {model.MINUTES} min · flooded {flooded} min · below the "
            f"window {under} min · with c ÷ 3: {total[1]} min · with c × 3: {total[2]} min"
        )
        description = (
            f"Simulated session: with containment c = {containment:.2f}, the client's arousal "
            f"stays inside the processing window ({model.WINDOW[0]:g}–{model.WINDOW[1]:g} of 10) "
            f"for {total[0]} of {model.MINUTES} minutes, is above it (flooded) for {flooded} and "
            f"below it for {under}: {_verdict(int(total[0]), flooded, under)}. With a third of "
            f"the containment the client processes for {total[1]} minutes, with three times as "
            f"much for {total[2]}. Under a steady pull arousal settles at E* + stimulus ÷ c = "
            f"{min(model.equilibrium(containment, float(values['stimulus'])), 10):.1f}. "
            "Containment is not suppression: the aim is expression the client can bear. In "
            "studies, more client emotional expression goes with better outcome (d = 0.85, "
            "Peluso & Freund, 2018), an association, not proof of cause. This is a teaching "
            "model echoing the emotion-regulation parameter c of Schiepek's model; every value in "
            "it is illustrative."
        )
        return Caption(readout, description)

    return Explorer(
        chart=ContainmentChart(),
        controls=controls,
        draw=draw,
        **sources_and_illustrative(
            params, sources=model.EVIDENCE_IDS,
            illustrative=["processing window", "resting arousal", "session phases"],
        ),
    )  # fmt: skip


__all__ = ["containment_window"]
