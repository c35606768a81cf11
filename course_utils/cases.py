"""The case dialogue widget: draws the pure machine in `case_machine` and saves every choice.

Before a reply is chosen the page holds only the client's words and the reply texts: feedback
and effects stay in the kernel. A play-through restores from the store after a restart.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping

import ipywidgets as widgets
from ipywidgets.widgets.widget_description import DescriptionStyle

from . import progress
from .case_machine import CaseState, load_case, replay, route, shown, start, summary
from .schema import CaseDialogue, Node
from .text import escape, inline_markdown, markdown
from .view import (
    CourseBox,
    Notice,
    button,
    html,
    live_html,
    reply_box,
    shared_layout,
    shared_style,
)

DEFAULT_WHY = "In one line: why did you choose this reply?"
MEASURE_NAMES = {
    "alliance": "Alliance",
    "safety": "Safety",
    "engagement": "Engagement",
    "outcome": "Outcome",
}


def changes_text(changes: Mapping[str, int]) -> str:
    """The simulated changes with their signs, e.g. "alliance +8, safety −3"."""
    parts = []
    for measure, change in changes.items():
        if change > 0:
            parts.append(f"{measure} +{change}")
        elif change < 0:
            parts.append(f"{measure} −{-change}")
        else:
            parts.append(f"{measure} unchanged")
    return ", ".join(parts) if parts else "no change"


def values_text(values: Mapping[str, int]) -> str:
    return " · ".join(f"{MEASURE_NAMES.get(m, m)} {v}" for m, v in values.items())


def read_in_words(read: str) -> str:
    """What the classifier read, for the student: "an open question", or that it can't tell."""
    from .practice.labels import SKILL_NAMES

    if read == "unsure":
        return "I can't tell what kind of reply it was"
    return f"it read as {SKILL_NAMES.get(read, read)}"


class CaseWidget(CourseBox):
    """A case dialogue. `controls`: "reply" (the replies), "reason" (a one-line reason, shown
    when the node asks why), "choose" (the button) and "restart"; at a node that lets the
    student type their own reply, also "typed" (the text area) and "say" (its button)."""

    def __init__(self, dialogue: CaseDialogue, store: progress.Store, read=None) -> None:
        self.dialogue = dialogue
        self.store = store
        self.read = read  # the reply classifier, loaded when a typed reply is first said
        self.pending_typed: tuple[str, str] | None = None  # (words, reading) awaiting a choice
        self.notice = Notice(store)
        self.state = start(dialogue)
        self.run = uuid.uuid4().hex
        self.chart = None
        reply = widgets.RadioButtons(
            style=shared_style(DescriptionStyle),
            options=[],
            value=None,
            description="What do you say?",
            tooltip="Choose a reply, then press Say this",
            layout=shared_layout(width="100%"),
        )
        reply.add_class("cu-options")
        reason = widgets.Text(
            placeholder="One line, saved with your choice",
            description=DEFAULT_WHY,
            layout=widgets.Layout(width="100%"),
            style={"description_width": "initial"},
        )
        reason.add_class("cu-reason")
        choose = button(
            "Say this", self.choose, tooltip="Choose this reply and see what it does", primary=True
        )
        restart = button(
            "Start again",
            self.restart,
            tooltip="Start the dialogue again; your earlier path stays saved",
        )
        typed = reply_box("Say it in your own words", height="4em")
        say = button(
            "Say it",
            self.say,
            tooltip="Say your own reply; its form decides where the dialogue goes",
            primary=True,
        )
        self.controls = {
            "reply": reply,
            "reason": reason,
            "choose": choose,
            "restart": restart,
            "typed": typed,
            "say": say,
        }
        self.typed_status = live_html()
        self.typing = widgets.VBox(
            [
                html(
                    '<p class="cu-hint-quiet">Type your own reply here, or choose one of the '
                    "replies below. The course reads only the form of what you type (a "
                    "question, a reflection, advice…), not how good it is, and the dialogue "
                    "goes on as if you had said the listed reply of that kind.</p>"
                ),
                typed,
                widgets.HBox([say, self.typed_status], layout=shared_layout()),
            ],
            layout=widgets.Layout(width="100%", display="none"),
        )
        self.status = html()
        self.transcript = html(layout=shared_layout(width="100%"))
        self.prompt = live_html(layout=shared_layout(width="100%"))
        self.meters = html()
        self.asking = widgets.VBox(
            [
                self.typing,
                reply,
                reason,
                widgets.HBox([choose, self.status], layout=shared_layout()),
            ],
            layout=widgets.Layout(width="100%"),
        )
        self.end = live_html(layout=shared_layout(width="100%"))
        header = html(
            f'<h3 class="cu-case-title">{escape(dialogue.title)}</h3>'
            f'<div class="cu-scenario">{markdown(dialogue.setting)}</div>'
        )
        super().__init__(
            [
                self.notice,
                header,
                self.transcript,
                self.prompt,
                self.asking,
                self.meters,
                self.end,
                widgets.HBox([restart], layout=shared_layout()),
            ],
            css_class="cu-case",
        )
        self._restore()
        self._render()
        self.notice.refresh()  # a read while building may have moved the session to memory

    # -- behaviour ----------------------------------------------------------------------------

    def choose(self) -> CaseState | None:
        """Take the chosen reply (and reason), save it at once, and show where it leads."""
        reply_id = self.controls["reply"].value
        if reply_id is None:
            self.status.value = '<span class="cu-hint">Choose a reply first.</span>'
            return None
        node = self.state.current
        assert node is not None
        reason = self.controls["reason"].value if node.ask_why else ""
        if node.ask_why and not reason.strip():
            self.status.value = (
                '<span class="cu-hint">Say in one line why you chose this reply; it is saved '
                "with your choice, and then you see its feedback.</span>"
            )
            return None
        return self._take(reply_id, reason)

    def say(self) -> CaseState | None:
        """Read the typed reply: if its form picks a reply, take it; if not (or the reading
        can't tell), say so and let the student choose the reply closest to theirs."""
        node = self.state.current
        text = self.controls["typed"].value
        if node is None or node.typed is None:
            return None
        if not text.strip():
            self.typed_status.value = (
                '<span class="cu-hint">Write a reply first: there is nothing to read yet.</span>'
            )
            return None
        if node.ask_why and not self.controls["reason"].value.strip():
            self.typed_status.value = (
                '<span class="cu-hint">Say in one line why you would say this (below), '
                "then press Say it again.</span>"
            )
            return None
        if self.read is None:
            from .practice.classifier import classify

            self.read = classify
        reading = self.read(text)
        read = "unsure" if reading.unsure else reading.skill
        self.pending_typed = (text, read)
        reply_id = route(node, reading.skill, reading.family, reading.unsure)
        if reply_id is None:
            why = (
                f"I can't tell what kind of reply this is ({reading.reason})"
                if reading.unsure
                else read_in_words(read).capitalize() + ", and no reply here is of that kind"
            )
            self.typed_status.value = (
                f'<span class="cu-hint">{escape(why)}. Choose the reply below closest to '
                "yours, and press Say this.</span>"
            )
            return None
        return self._take(reply_id, self.controls["reason"].value if node.ask_why else "")

    def _take(self, reply_id: str, reason: str) -> CaseState:
        node = self.state.current
        assert node is not None
        typed, read = self.pending_typed or ("", "")
        self.pending_typed = None
        turn = self.state.turn
        self.state = self.state.choose(reply_id, reason, typed=typed, read=read)
        self.store.record_case_choice(
            module=self.dialogue.module,
            case=self.dialogue.case,
            run=self.run,
            turn=turn,
            node=node.id,
            reply=reply_id,
            reason=self.state.history[-1].reason,
            values=dict(self.state.values),
            finished=self.state.is_over,
            typed=typed,
            reading=read,
        )
        self.notice.refresh()
        self._render()
        return self.state

    def restart(self) -> None:
        """A new play-through from the start; the earlier one stays in the store."""
        self.state = start(self.dialogue)
        self.run = uuid.uuid4().hex
        self._render()

    def _restore(self) -> None:
        saved = self.store.last_run(self.dialogue.case)
        if not saved:
            return
        state = replay(
            self.dialogue,
            [(choice.reply, choice.reason, choice.typed, choice.reading) for choice in saved],
        )
        if state is not None:
            self.state = state
            self.run = saved[-1].run

    # -- drawing ------------------------------------------------------------------------------

    def _render(self) -> None:
        self.status.value = ""
        transcript = self._transcript_html()
        if self.state.is_over and transcript:
            transcript = (
                '<details class="cu-transcript"><summary>The whole conversation</summary>'
                f"{transcript}</details>"
            )
        self.transcript.value = transcript
        current = self.state.current
        reply, reason = self.controls["reply"], self.controls["reason"]
        if self.state.is_over:
            self.prompt.value = self._client_html(current) if current is not None else ""
            self.asking.layout.display = "none"
            reply.options = []
            self.meters.value = ""
            self.end.value = self._end_html()
            return
        assert current is not None
        self.prompt.value = self._client_html(current)
        reply.options = [(r.text, r.id) for r in current.replies]
        reply.value = None
        reason.value = ""
        reason.description = current.why_prompt or DEFAULT_WHY
        reason.layout.display = None if current.ask_why else "none"
        self.typing.layout.display = None if current.typed is not None else "none"
        if current.typed is not None:
            self.controls["typed"].description = current.typed.prompt
        self.controls["typed"].value = ""
        self.typed_status.value = ""
        self.pending_typed = None
        self.asking.layout.display = None
        self.meters.value = (
            f'<p class="cu-meters">Turn {self.state.turn}. Simulated values now: '
            f"{escape(values_text(self.state.values))} (illustrative, 0–100).</p>"
        )
        self.end.value = ""

    def _client_html(self, node: Node) -> str:
        narration = (
            f'<p class="cu-narration"><em>{inline_markdown(node.narration)}</em></p>'
            if node.narration
            else ""
        )
        said = markdown(node.client)
        if names_the_speaker(node.client, self.dialogue.client_name):
            return f'<div class="cu-client">{narration}{said}</div>'
        name = f"<strong>{escape(self.dialogue.client_name)}:</strong> "
        said = said.replace("<p>", f"<p>{name}", 1) if said.startswith("<p>") else name + said
        return f'<div class="cu-client">{narration}{said}</div>'

    def _transcript_html(self) -> str:
        turns = []
        history = self.state.history
        for row, turn, before in zip(
            summary(self.state), history, self.state.timeline(), strict=False
        ):
            node = shown(self.dialogue, self._node(turn.node), before)
            reason = (
                f'<p class="cu-why"><strong>Your reason:</strong> {escape(row.reason)}</p>'
                if row.reason
                else ""
            )
            turns.append(
                f'<div class="cu-turn">{self._client_html(node)}{_typed_html(row.typed, row.read)}'
                f'<p class="cu-you"><strong>You:</strong> {escape(row.reply)}</p>{reason}'
                '<div class="cu-case-feedback"><p class="cu-label"><strong>What this reply '
                f"does</strong></p>{markdown(row.feedback)}"
                f'<p class="cu-changes">Simulated change: {escape(changes_text(row.changes))}</p>'
                "</div></div>"
            )
        return "".join(turns)

    def _node(self, node_id: str) -> Node:
        return next(node for node in self.dialogue.nodes if node.id == node_id)

    def _end_html(self) -> str:
        from .charts import img_tag
        from .charts.cases import CaseChart, description

        timeline = self.state.timeline()
        if self.chart is None:
            self.chart = CaseChart()
        self.chart.update(timeline)
        about = description(timeline)
        ending = markdown(self.state.ending) if self.state.ending else ""
        rows = "".join(
            f'<tr><th scope="row">{row.turn}</th><td>{_typed_html(row.typed, row.read)}'
            f"{escape(row.reply)}"
            + (f'<p class="cu-why">Your reason: {escape(row.reason)}</p>' if row.reason else "")
            + f"</td><td>{markdown(row.feedback)}{_module_note(row.module)}</td>"
            f"<td>{escape(changes_text(row.changes))}</td></tr>"
            for row in summary(self.state)
        )
        return (
            f'<div class="cu-ending"><h4>How the session ended</h4>{ending}</div>'
            f'<div class="cu-chart">{img_tag(self.chart.png(), about)}</div>'
            f'<p class="cu-description">{escape(about)}</p>'
            '<table class="cu-summary"><caption>Your choices, turn by turn</caption>'
            '<thead><tr><th scope="col">Turn</th><th scope="col">Your reply</th>'
            '<th scope="col">What it did</th><th scope="col">Simulated change</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>"
            "<p>Press <em>Start again</em> to try other replies; this path stays saved.</p>"
        )


QUOTES = '"“‘'


def names_the_speaker(text: str, name: str) -> bool:
    """Whether a client line narrates the client by name before anything is said ("Maya comes
    back…", "(Dana cries quietly.)"): such a line is shown without the "Maya:" label."""
    before_speech = text
    for mark in QUOTES:
        before_speech = before_speech.split(mark, 1)[0]
    return re.search(rf"\b{re.escape(name)}\b", before_speech) is not None


def _typed_html(typed: str, read: str) -> str:
    """A typed reply in the transcript and debrief: the student's words (inert), what was read
    in them, and that the listed reply below is the one the dialogue went on with."""
    if not typed:
        return ""
    if read == "unsure":
        after = (
            "I can't tell what kind of reply it was, so you chose the listed reply below as "
            "closest to yours."
        )
    else:
        after = (
            f"The form it read: {read_in_words(read).removeprefix('it read as ')}. The "
            "dialogue went on with the listed reply below."
        )
    return (
        f'<p class="cu-you"><strong>You typed:</strong> {escape(typed)}</p>'
        f'<p class="cu-why">{escape(after)}</p>'
    )


def _module_note(module: str | None) -> str:
    return f'<p class="cu-changes">Module {escape(module)} teaches this.</p>' if module else ""


def case(case_id: str) -> CaseWidget:
    """Show a case dialogue from content/cases/<case_id>.yaml."""
    return CaseWidget(load_case(case_id), progress.store())


__all__ = ["CaseWidget", "case", "changes_text"]
