"""Reflection prompts: a text area saved as the student types and when they press Save."""

from __future__ import annotations

import re
import threading
from datetime import datetime

import ipywidgets as widgets

from . import progress
from .text import escape, markdown
from .view import CourseBox, notice_banner

REFLECTION_ID = re.compile(r"^(\d\d)-[a-z0-9][a-z0-9-]*$")
SAVE_DELAY_SECONDS = 1.0


class ReflectionWidget(CourseBox):
    """`controls`: "text" (the text area) and "save" (the button)."""

    def __init__(self, reflection_id: str, prompt: str, store: progress.Store) -> None:
        match = REFLECTION_ID.match(reflection_id)
        if not match:
            raise ValueError(
                f'reflection id "{reflection_id}" must start with the module number, '
                'e.g. "01-heard"'
            )
        self.reflection_id = reflection_id
        self.module = match.group(1)
        self.store = store
        self._timer: threading.Timer | None = None
        self._save_lock = threading.Lock()
        saved = store.reflection(reflection_id)
        text = widgets.Textarea(
            value=saved.text if saved else "",
            placeholder="Write a few sentences. Your text is saved as you type.",
            description="Your reflection",
            layout=widgets.Layout(width="100%", height="8em"),
            style={"description_width": "initial"},
        )
        save = widgets.Button(description="Save", tooltip="Save your reflection now")
        save.on_click(lambda _: self.save())
        text.observe(self._on_type, names="value")
        self.controls = {"text": text, "save": save}
        self.status = widgets.HTML(self._status_text(saved.updated if saved else None))
        prompt_html = widgets.HTML(
            f'<div class="cu-prompt"><strong>Reflect.</strong> {markdown(prompt)}</div>'
        )
        super().__init__(
            [*notice_banner(store.notice), prompt_html, text, widgets.HBox([save, self.status])],
            css_class="cu-reflection",
        )

    def _on_type(self, _change: dict) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = threading.Timer(SAVE_DELAY_SECONDS, self.save)
        self._timer.daemon = True
        self._timer.start()

    def save(self) -> None:
        """Write the current text to the store now."""
        with self._save_lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            self.store.save_reflection(
                module=self.module, reflection=self.reflection_id, text=self.controls["text"].value
            )
            self.status.value = self._status_text(datetime.now().isoformat())

    def _status_text(self, when: str | None) -> str:
        if when is None:
            return ""
        clock = datetime.fromisoformat(when).astimezone().strftime("%H:%M:%S")
        return f'<span class="cu-saved">Saved at {escape(clock)}</span>'


def reflect(reflection_id: str, prompt: str) -> ReflectionWidget:
    return ReflectionWidget(reflection_id, prompt, progress.store())
