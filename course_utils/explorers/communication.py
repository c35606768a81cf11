"""Module 02: whose view of empathy counts, and how warmth is sent and received."""

from __future__ import annotations

from .. import evidence
from ..charts.communication import MessageChart, RaterChart
from ..evidence import format_stat
from ..simulate import communication as model
from .base import Caption, Explorer, slider, sources_and_illustrative

P = model.PARAMS
RATER_N = P["n"].narrowed(100, 5000)
PAIR_N = P["n"].narrowed(100, 5000, default=1000, label="Therapist–client pairs (N)")


def _r(value: float) -> str:
    return format_stat(round(float(value), 2) + 0.0, "r")  # + 0.0 turns -0.0 into 0.0


def whose_view_counts(n: int = 500, seed: int = 46) -> Explorer:
    """Three perception measures of the same empathy and an empathic-accuracy task, and each
    one's r with outcome."""
    RATER_N.check(n)
    params = [P[model.KEYS[rater]] for rater in model.RATERS] + [P["true_r"]]
    controls = {p.name: slider(p) for p in params}
    controls["n"] = slider(RATER_N, value=n)
    published = evidence.value("empathy-outcome")

    def draw(chart: RaterChart, values: dict[str, object]) -> Caption:
        validity = tuple(float(values[model.KEYS[rater]]) for rater in model.RATERS)
        rated = model.rated_empathy(validity, float(values["true_r"]), int(values["n"]), seed)
        chart.update(rated, published)
        client, observer, therapist, accuracy = rated.outcome_r
        readout = (
            f"r with outcome: client {_r(client)} · observer {_r(observer)} · "
            f"therapist {_r(therapist)} · accuracy task {_r(accuracy)} "
            f"(true link {_r(rated.true_r)})"
        )
        perception = rated.outcome_r[:3]
        beats = int((perception > accuracy).sum())
        description = (
            f"Simulated data: {rated.n} clients whose true empathy (as the client receives it) "
            f"relates to outcome at r = {_r(rated.true_r)}. Four measures see that empathy with "
            f"different validity (set to client-perceived {_r(validity[0])}, observer-rated "
            f"{_r(validity[1])}, therapist-rated {_r(validity[2])} and empathic-accuracy task "
            f"{_r(validity[3])}; illustrative), so the same empathy predicts outcome at "
            f"r = {_r(client)} from the client's rating, {_r(observer)} from the observer's, "
            f"{_r(therapist)} from the therapist's and {_r(accuracy)} from the accuracy task; "
            f"here {beats} of the 3 perception measures predict better than the accuracy task. "
            "A measure can only predict outcome as well as it tracks what the client received "
            "(expected r = validity × link). Published: client, observer and therapist "
            "perception measures all predicted outcome better than empathic-accuracy measures, "
            f"and empathy over all measures pooled correlated r = {_r(published)} with outcome "
            "(Elliott et al., 2018); the source gives no order among the three perception "
            "measures, so they start equal here. Client ratings may also share the client's "
            "outlook with a client-reported outcome, which this model leaves out. A correlation "
            "shows association, not that empathy causes the outcome."
        )
        return Caption(readout, description)

    return Explorer(
        chart=RaterChart(),
        controls=controls,
        draw=draw,
        **sources_and_illustrative(
            params, sources=model.EVIDENCE_IDS, illustrative=["true empathy → outcome link"]
        ),
    )


def message_received(n: int = 1000, seed: int = 6) -> Explorer:
    """The therapist's intended warmth passes through two kinds of mismatch to the client."""
    PAIR_N.check(n)
    published = evidence.value("empathy-outcome")
    params = [P["body_mismatch"], P["culture_mismatch"], P["r"]]
    controls = {p.name: slider(p) for p in params}
    controls["n"] = slider(PAIR_N, value=n)

    def draw(chart: MessageChart, values: dict[str, object]) -> Caption:
        message = model.message_received(
            float(values["body_mismatch"]), float(values["culture_mismatch"]), float(values["r"]),
            int(values["n"]), seed,
        )  # fmt: skip
        chart.update(message)
        fidelity = message.fidelity
        readout = (
            f"Intended → perceived r = {_r(fidelity)} · perceived → outcome r = "
            f"{_r(message.perceived_r)} · intended → outcome r = {_r(message.intended_r)} · "
            f"outcome gap {message.outcome_gap:.2f} SD"
        )
        description = (
            f"Simulated data: {len(message.intended)} therapist–client pairs. The warmth a "
            f"therapist intends reaches the client through a words-vs-body-language mismatch "
            f"(SD {float(values['body_mismatch']):.2f}) and a cultural decoding mismatch "
            f"(SD {float(values['culture_mismatch']):.2f}); both sizes are illustrative. What the "
            f"client perceives tracks what was intended at r = {_r(fidelity)}. Outcome follows the "
            f"perceived warmth at r = {_r(message.perceived_r)} (the model is set to "
            f"r = {_r(message.r)}; published empathy r = {_r(published)} over all rating "
            f"perspectives pooled, Elliott et al., 2018), so the warmth the therapist meant "
            "relates to outcome at only "
            f"r = {_r(message.intended_r)}. Clients of therapists who intended more warmth "
            f"(top half) end {message.outcome_gap:.2f} SD better on average than the rest; the "
            "more the message is lost, the closer their outcome curves. A correlation shows "
            "association, not cause."
        )
        return Caption(readout, description)

    return Explorer(
        chart=MessageChart(),
        controls=controls,
        draw=draw,
        **sources_and_illustrative(params, sources=model.EVIDENCE_IDS),
    )


__all__ = ["message_received", "whose_view_counts"]
