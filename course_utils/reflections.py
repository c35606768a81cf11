"""Reflection prompts: a text area saved as the student types and when they press Save.

A model answer or expert commentary, if the content gives one, stays in the kernel until the
student has written something and saved it: it is never in the page before.
"""

from __future__ import annotations

import asyncio
import re
from datetime import datetime
from functools import cache
from pathlib import Path

import ipywidgets as widgets

from . import progress
from .catalogue import REFLECTION_DIR
from .schema import ContentError, ReflectionFile, load
from .text import escape, markdown
from .view import CourseBox, Notice, button, html, live_html, shared_layout

REFLECTION_ID = re.compile(r"^(\d\d)-[a-z0-9][a-z0-9-]*$")
SAVE_DELAY_SECONDS = 1.0
COMMENTARY_HINT = "Write your reflection and press Save to compare it with a commentary."


@cache
def commentaries(module: str, folder: Path = REFLECTION_DIR) -> dict[str, str]:
    """The commentary of each reflection of a module, by id (none if the module has no file)."""
    path = folder / f"{module}.yaml"
    if not path.exists():
        return {}
    content = load(path, ReflectionFile, noun="reflection")
    if content.module != module:
        raise ContentError(f'{path}, field "module": is "{content.module}" — make it "{module}"')
    return {item.id: item.commentary for item in content.reflections if item.commentary}


@cache
def prompts(folder: Path = REFLECTION_DIR) -> dict[str, str]:
    """Every reflection prompt of the course, by id, from the content YAML."""
    found: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            content = load(path, ReflectionFile, noun="reflection")
        except ContentError:
            continue  # `check` reports it
        found |= {item.id: item.prompt for item in content.reflections if item.prompt}
    return found


def has_text(text: str) -> bool:
    """True once the student has written something (not only spaces)."""
    return bool(text.strip())


class ReflectionPanel(widgets.VBox):
    """The text area, the Save button and status, and the commentary once earned.

    `controls`: "text" (the text area) and "save" (the button). Used by `reflect()` and by
    free-text questions in a bank.
    """

    def __init__(
        self,
        *,
        key: str,
        module: str,
        store: progress.Store,
        commentary: str | None = None,
        notice: Notice | None = None,
    ) -> None:
        self.key = key
        self.module = module
        self.store = store
        self.commentary = commentary
        self.notice = notice
        self._pending: asyncio.TimerHandle | None = None
        saved = store.reflection(key)
        text = widgets.Textarea(
            value=saved.text if saved else "",
            placeholder="Write a few sentences. Your text is saved as you type.",
            description="Your reflection",
            layout=shared_layout(width="100%", height="8em"),
            style={"description_width": "initial"},
        )
        save = button("Save", self.save, tooltip="Save your reflection now")
        text.observe(self._on_type, names="value")
        self.controls = {"text": text, "save": save}
        self.status = html(self._status_text(saved.updated if saved else None))
        self.commentary_area = live_html(layout=shared_layout(width="100%"))
        super().__init__(
            [text, widgets.HBox([save, self.status], layout=shared_layout()), self.commentary_area],
            layout=shared_layout(width="100%"),
        )
        self._show_commentary(revealed=saved is not None and has_text(saved.text))

    def _on_type(self, _change: dict) -> None:
        """Save after a pause in typing, on the kernel's own event loop (the thread that owns
        the widgets); each key restarts the pause. Without a running loop (a script), save now.
        """
        self._cancel_pending()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.save(reveal=False)
            return
        self._pending = loop.call_later(SAVE_DELAY_SECONDS, self.save, False)

    def _cancel_pending(self) -> None:
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None

    def save(self, reveal: bool = True) -> None:
        """Write the current text to the store now; once there is text, show the commentary."""
        self._cancel_pending()
        text = self.controls["text"].value
        self.store.save_reflection(module=self.module, reflection=self.key, text=text)
        self.status.value = self._status_text(datetime.now().astimezone().isoformat())
        if self.notice is not None:
            self.notice.refresh()
        if reveal:
            self._show_commentary(revealed=has_text(text))

    def _show_commentary(self, revealed: bool) -> None:
        if not self.commentary:
            return
        if revealed:
            self.commentary_area.value = (
                '<div class="cu-commentary">'
                f"<p><strong>Commentary</strong></p>{markdown(self.commentary)}</div>"
            )
        elif not self.commentary_area.value:
            self.commentary_area.value = f'<p class="cu-hint-quiet">{COMMENTARY_HINT}</p>'

    def _status_text(self, when: str | None) -> str:
        if when is None:
            return ""
        stamp = datetime.fromisoformat(when).astimezone().strftime("%H:%M:%S")
        where = "in memory only (see the warning above)" if self.store.in_memory else ""
        saved = f"Saved {where} at {stamp}" if where else f"Saved at {stamp}"
        return f'<span class="cu-saved">{escape(saved)}</span>'


class ReflectionWidget(CourseBox):
    """A prompt and its saved answer. `controls`: "text" and "save"; `panel` does the work."""

    def __init__(self, reflection_id: str, prompt: str, store: progress.Store) -> None:
        match = REFLECTION_ID.match(reflection_id)
        if not match:
            raise ValueError(
                f'reflection id "{reflection_id}" must start with the module number, '
                'e.g. "01-heard"'
            )
        self.reflection_id = reflection_id
        module = match.group(1)
        self.notice = notice = Notice(store)
        self.panel = ReflectionPanel(
            key=reflection_id,
            module=module,
            store=store,
            commentary=commentaries(module).get(reflection_id),
            notice=notice,
        )
        self.controls = self.panel.controls
        prompt_html = html(
            f'<div class="cu-prompt"><strong>Reflect.</strong> {markdown(prompt)}</div>'
        )
        super().__init__([notice, prompt_html, self.panel], css_class="cu-reflection")
        notice.refresh()  # a read while building may have moved the session to memory

    @property
    def status(self) -> widgets.HTML:
        return self.panel.status

    @property
    def commentary(self) -> widgets.HTML:
        return self.panel.commentary_area

    def save(self) -> None:
        """Write the current text to the store now."""
        self.panel.save()


def reflect(reflection_id: str, prompt: str | None = None) -> ReflectionWidget:
    """A saved reflection prompt, with the module's commentary once the student has written.
    Without `prompt`, the prompt comes from the content YAML."""
    if prompt is None:
        prompt = prompts().get(reflection_id, "")
    return ReflectionWidget(reflection_id, prompt, progress.store())
