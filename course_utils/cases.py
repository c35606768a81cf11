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
from .case_machine import CaseState, load_case, replay, shown, start, summary
from .schema import CaseDialogue, Node
from .text import escape, inline_markdown, markdown
from .view import CourseBox, Notice, html, live_html, shared_layout, shared_style

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


class CaseWidget(CourseBox):
    """A case dialogue. `controls`: "reply" (the replies), "reason" (a one-line reason, shown
    when the node asks why), "choose" (the button) and "restart"."""

    def __init__(self, dialogue: CaseDialogue, store: progress.Store) -> None:
        self.dialogue = dialogue
        self.store = store
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
        choose = widgets.Button(
            style=shared_style(widgets.ButtonStyle),
            description="Say this",
            button_style="primary",
            tooltip="Choose this reply and see what it does",
            layout=shared_layout(width="auto"),
        )
        choose.on_click(lambda _: self.choose())
        restart = widgets.Button(
            style=shared_style(widgets.ButtonStyle),
            description="Start again",
            tooltip="Start the dialogue again; your earlier path stays saved",
            layout=shared_layout(width="auto"),
        )
        restart.on_click(lambda _: self.restart())
        self.controls = {"reply": reply, "reason": reason, "choose": choose, "restart": restart}
        self.status = html()
        self.transcript = html(layout=shared_layout(width="100%"))
        self.prompt = live_html(layout=shared_layout(width="100%"))
        self.meters = html()
        self.asking = widgets.VBox(
            [reply, reason, widgets.HBox([choose, self.status], layout=shared_layout())],
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
        turn = self.state.turn
        self.state = self.state.choose(reply_id, reason)
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
        state = replay(self.dialogue, [(choice.reply, choice.reason) for choice in saved])
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
                f'<div class="cu-turn">{self._client_html(node)}'
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
            f'<tr><th scope="row">{row.turn}</th><td>{escape(row.reply)}'
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


def _module_note(module: str | None) -> str:
    return f'<p class="cu-changes">Module {escape(module)} teaches this.</p>' if module else ""


def case(case_id: str) -> CaseWidget:
    """Show a case dialogue from content/cases/<case_id>.yaml."""
    return CaseWidget(load_case(case_id), progress.store())


__all__ = ["CaseWidget", "case", "changes_text"]
