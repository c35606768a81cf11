"""Module 02: whose view of empathy counts, and how warmth is sent and received."""

from __future__ import annotations

from .. import evidence
from ..charts.communication import MessageChart, RaterChart
from ..evidence import format_stat
from ..simulate import communication as model
from ..simulate.checks import check_range
from .base import Caption, Explorer, int_slider, slider


def _r(value: float) -> str:
    return format_stat(round(float(value), 2) + 0.0, "r")  # + 0.0 turns -0.0 into 0.0


def whose_view_counts(n: int = 500, seed: int = 11) -> Explorer:
    """Client, observer and therapist ratings of the same empathy, and their r with outcome."""
    check_range("n", n, 100, 5000)
    v = model.DEFAULT_VALIDITY
    controls = {
        "therapist": slider("Therapist's own rating: validity (r)", v["Therapist"], 0, 1, 0.05),
        "observer": slider("Observer's rating: validity (r)", v["Observer"], 0, 1, 0.05),
        "client": slider("Client's rating: validity (r)", v["Client"], 0, 1, 0.05),
        "true_r": slider("True empathy → outcome link (r)", model.default_true_r(), 0, 0.6, 0.01),
        "n": int_slider("Clients simulated (N)", n, 100, 5000, 100),
    }  # fmt: skip

    def draw(chart: RaterChart, values: dict[str, object]) -> Caption:
        validity = (float(values["client"]), float(values["observer"]), float(values["therapist"]))
        rated = model.rated_empathy(
            validity,
            float(values["true_r"]),
            int(values["n"]),
            seed,
        )
        chart.update(rated)
        client, observer, therapist = rated.outcome_r
        readout = (
            f"r with outcome: client {_r(client)} · observer {_r(observer)} · "
            f"therapist {_r(therapist)} (true link {_r(rated.true_r)})"
        )
        best = model.RATERS[int(rated.outcome_r.argmax())].lower()
        description = (
            f"Simulated data: {rated.n} clients whose true empathy relates to outcome at "
            f"r = {_r(rated.true_r)}. Each rater sees that empathy with a different validity "
            f"(set to client {_r(validity[0])}, observer {_r(validity[1])}, therapist "
            f"{_r(validity[2])}; illustrative), so the same empathy predicts outcome at "
            f"r = {_r(client)} from the client's rating, {_r(observer)} from the observer's and "
            f"{_r(therapist)} from the therapist's own; here the {best}'s rating predicts best. "
            "A rating can only predict outcome as well as it tracks what the client experienced "
            "(expected r = validity × link). Published: empathy r = .28, and client, observer and "
            "therapist perception measures predicted outcome better than empathic-accuracy tests "
            "(Elliott et al., 2018); "
            "cultural competence rated by clients r = .38, by therapists themselves r = .06 "
            "(Soto et al., 2018). Client ratings may also share the client's outlook with a "
            "client-reported outcome, which this model leaves out. A correlation shows "
            "association, not that empathy causes the outcome."
        )
        return Caption(readout, description)

    return Explorer(
        chart=RaterChart(),
        controls=controls,
        draw=draw,
        sources=list(model.EVIDENCE_IDS),
        illustrative=("rater validities", "true empathy → outcome link"),
    )


def message_received(n: int = 1000, seed: int = 0) -> Explorer:
    """The therapist's intended warmth passes through two kinds of mismatch to the client."""
    check_range("n", n, 100, 5000)
    published = evidence.value("empathy-outcome")
    controls = {
        "body": slider("Words vs body language mismatch (SD)", 0.5, 0, 2, 0.05),
        "culture": slider("Cultural decoding mismatch (SD)", 0.5, 0, 2, 0.05),
        "r": slider("Perceived warmth → outcome (r)", published, 0, 0.8, 0.01),
        "n": int_slider("Therapist–client pairs (N)", n, 100, 5000, 100),
    }

    def draw(chart: MessageChart, values: dict[str, object]) -> Caption:
        message = model.message_received(
            float(values["body"]), float(values["culture"]), float(values["r"]),
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
            f"(SD {float(values['body']):.2f}) and a cultural decoding mismatch "
            f"(SD {float(values['culture']):.2f}); both sizes are illustrative. What the client "
            f"perceives tracks what was intended at r = {_r(fidelity)}. Outcome follows the "
            f"perceived warmth at r = {_r(message.perceived_r)} (the model is set to "
            f"r = {_r(message.r)}; published client-perceived empathy r = .28, Elliott et al., "
            f"2018), so the warmth the therapist meant relates to outcome at only "
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
        sources=list(model.EVIDENCE_IDS),
        illustrative=("words vs body language mismatch", "cultural decoding mismatch"),
    )


__all__ = ["message_received", "whose_view_counts"]
