"""The practice studio widget: a client statement, the student's own reply, feedback on its form,
a checklist, two model replies, a difficulty rating and the next statement.

Everything the student does is saved at once in their store (private, like reflections): the
reply and its reading when submitted, each tick of the checklist, the rating, the level.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import ipywidgets as widgets
from ipywidgets.widgets.widget_bool import CheckboxStyle
from ipywidgets.widgets.widget_description import DescriptionStyle

from .. import progress
from ..text import escape
from ..view import (
    CourseBox,
    Notice,
    button,
    html,
    live_html,
    reply_box,
    shared_layout,
    shared_style,
)
from . import studio
from .content import PracticeSet, Statement, find_set, load_sets

#: Longest reply kept: far beyond any reply to a client, short enough to keep the store small.
MAX_REPLY_CHARS = 20_000
RATE_FIRST = "Choose how hard that statement was first, then press Next statement."


@cache
def practice_sets() -> dict[str, PracticeSet]:
    """Every practice set of the course, by id (read once per process)."""
    return load_sets()


def _reader() -> Callable[[str], studio.ReadingLike]:
    from .classifier import classify

    return classify


class PracticeWidget(CourseBox):
    """One practice set. `controls`: "text" (the reply), "submit", "checklist:<n>" (one per
    criterion), "rating" (a radio group) and "next"."""

    def __init__(
        self,
        practice: PracticeSet,
        store: progress.Store,
        read: Callable[[str], studio.ReadingLike] | None = None,
    ) -> None:
        self.practice = practice
        self.store = store
        self.read = read or _reader()
        self.notice = Notice(store)
        self.reply_id: str | None = None
        history = store.practice_replies(practice.id)
        self.seen = [reply.statement for reply in history]
        self.level: str = store.practice_levels().get(practice.id, studio.LEVELS[0])
        self.statement = self._pick()

        text = reply_box("Your reply", height="6em")
        submit = button(
            "Submit reply",
            self.submit,
            tooltip="See what kind of reply this reads as, then compare",
            primary=True,
        )
        checks = [
            widgets.Checkbox(
                style=shared_style(CheckboxStyle),
                value=False,
                description=criterion,
                indent=False,
                layout=shared_layout(width="100%"),
            )
            for criterion in practice.criteria
        ]
        for check in checks:
            check.observe(lambda _change: self._save_checklist(), names="value")
        rating = widgets.RadioButtons(
            style=shared_style(DescriptionStyle, description_width="initial"),
            options=[(words, key) for key, words in studio.RATINGS.items()],
            value=None,
            description="How hard was that statement?",
            layout=shared_layout(width="100%"),
        )
        rating.add_class("cu-options")
        next_button = button(
            "Next statement",
            self.next,
            tooltip="Save your rating and go on to the next statement",
        )
        self.controls: dict[str, widgets.Widget] = {"text": text, "submit": submit}
        self.controls.update({f"checklist:{n}": check for n, check in enumerate(checks)})
        self.controls.update({"rating": rating, "next": next_button})

        self.prompt = live_html(layout=shared_layout(width="100%"))
        self.status = live_html()
        self.feedback = live_html(layout=shared_layout(width="100%"))
        self.models = html(layout=shared_layout(width="100%"))
        self.next_status = live_html()
        checklist_intro = html(
            '<p class="cu-practice-step"><strong>Your own check.</strong> Tick each one your '
            "reply does (only you can judge this).</p>"
        )
        self.after = widgets.VBox(
            [
                self.feedback,
                checklist_intro,
                *checks,
                self.models,
                rating,
                widgets.HBox([next_button, self.next_status], layout=shared_layout()),
            ],
            layout=widgets.Layout(width="100%", display="none"),
        )
        header = html(
            f'<h3 class="cu-practice-title">Practise: {escape(practice.title)}</h3>'
            '<p class="cu-hint-quiet">Write what you would say to the client, then compare your '
            "reply with the criteria and two model replies.</p>"
        )
        super().__init__(
            [
                self.notice,
                header,
                self.prompt,
                text,
                widgets.HBox([submit, self.status], layout=shared_layout()),
                self.after,
            ],
            css_class="cu-practice",
        )
        self._show_statement()
        self.notice.refresh()

    # -- behaviour ----------------------------------------------------------------------------

    def _pick(self) -> Statement:
        statement = studio.next_statement(self.practice.statements, self.level, self.seen)
        assert statement is not None  # the content model keeps every level stocked
        return statement

    def submit(self) -> studio.Feedback | None:
        """Read the reply, save it with its reading at once, and show the feedback."""
        text = self.controls["text"].value
        if not text.strip():
            self.status.value = f'<span class="cu-hint">{escape(studio.EMPTY_REPLY)}</span>'
            return None
        if len(text) > MAX_REPLY_CHARS:
            self.status.value = (
                f'<span class="cu-hint">That is {len(text):,} characters; a reply to a client is '
                f"far shorter. Keep it under {MAX_REPLY_CHARS:,} and submit again.</span>"
            )
            return None
        reading = self.read(text)
        result = studio.feedback(reading, self.practice.targets)
        self.reply_id = self.store.record_practice_reply(
            module=self.practice.module,
            practice_set=self.practice.id,
            statement=self.statement.id,
            level=self.statement.level,
            text=text,
            skill=reading.skill,
            family=reading.family,
            confidence=reading.confidence,
            unsure=reading.unsure,
            fit=result.fit,
        )
        self.seen.append(self.statement.id)
        self.notice.refresh()
        self.status.value = '<span class="cu-saved">Saved. Feedback below.</span>'
        self.feedback.value = self._feedback_html(text, result)
        self.models.value = self._models_html()
        self.controls["text"].disabled = True
        self.controls["submit"].disabled = True
        self.after.layout.display = "flex"
        # The Submit button is now disabled: keep the keyboard focus in the widget, on the next
        # step (screen readers announce the feedback above it as a live region).
        self.controls["checklist:0"].focus()
        return result

    def _save_checklist(self) -> None:
        if self.reply_id is None:
            return
        ticked = [
            n for n in range(len(self.practice.criteria)) if self.controls[f"checklist:{n}"].value
        ]
        self.store.save_practice_checklist(self.reply_id, ticked)
        self.notice.refresh()

    def next(self) -> Statement | None:
        """Save the rating, move up or down the ladder, and show the next statement."""
        rating = self.controls["rating"].value
        if rating is None or self.reply_id is None:
            self.next_status.value = f'<span class="cu-hint">{escape(RATE_FIRST)}</span>'
            return None
        self.store.save_practice_rating(self.reply_id, rating)
        before = self.level
        self.level = studio.next_level(self.level, rating)
        self.store.save_practice_level(self.practice.id, self.level)
        self.notice.refresh()
        self.statement = self._pick()
        self.reply_id = None
        self.controls["text"].value = ""
        self.controls["text"].disabled = False
        self.controls["submit"].disabled = False
        self.controls["rating"].value = None
        for n in range(len(self.practice.criteria)):
            self.controls[f"checklist:{n}"].value = False
        self.status.value = ""
        self.next_status.value = ""
        self.feedback.value = ""
        self.models.value = ""
        self.after.layout.display = "none"
        self._show_statement(moved=_moved(before, self.level))
        self.controls["text"].focus()  # the Next button is now hidden: focus the new reply
        return self.statement

    # -- rendering ----------------------------------------------------------------------------

    def _show_statement(self, moved: str = "") -> None:
        statement = self.statement
        level = studio.LEVEL_NAMES[statement.level]
        moved_html = f'<p class="cu-hint-quiet">{escape(moved)}</p>' if moved else ""
        self.prompt.value = (
            f"{moved_html}"
            f'<p class="cu-practice-level"><strong>Level: {escape(level)}</strong></p>'
            f'<p class="cu-practice-client">{escape(statement.client)}</p>'
            f'<blockquote class="cu-practice-statement">“{escape(statement.text)}”</blockquote>'
        )

    def _feedback_html(self, text: str, result: studio.Feedback) -> str:
        shown = escape(text if len(text) <= 600 else text[:600] + " …")
        return (
            '<div class="cu-practice-feedback">'
            f'<p><strong>You wrote:</strong> <span class="cu-practice-reply">{shown}</span></p>'
            f'<p class="cu-practice-read"><strong>{escape(result.read)}</strong> '
            f"{escape(result.match)}</p>"
            f'<p class="cu-hint-quiet">{escape(result.note)}</p>'
            "</div>"
        )

    def _models_html(self) -> str:
        items = "".join(
            f"<li><p>“{escape(model.reply)}”</p><p class='cu-hint-quiet'>{escape(model.why)}</p>"
            "</li>"
            for model in self.statement.models
        )
        return (
            '<div class="cu-practice-models"><p><strong>Two model replies to compare</strong></p>'
            f"<ol>{items}</ol></div>"
        )


def _moved(before: str, after: str) -> str:
    if before == after:
        return f"Staying at {studio.LEVEL_NAMES[after].lower()} level."
    direction = "up" if studio.LEVELS.index(after) > studio.LEVELS.index(before) else "down"
    return f"Moving {direction} to {studio.LEVEL_NAMES[after].lower()} level."


def practice(set_id: str) -> PracticeWidget:
    """The practice studio for one skill: `practice("open-questions")`."""
    return PracticeWidget(find_set(set_id), progress.store())
