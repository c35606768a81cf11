"""Module 00's check: do widgets render, and where are the answers saved?"""

from __future__ import annotations

import ipywidgets as widgets

from . import progress
from .text import escape
from .view import CourseBox, live_html, notice_banner

NOT_RENDERING = (
    "Widgets are NOT working: you are reading the text stand-in for an interactive button. "
    "Fix: open the course with 'make lab' (on a laptop) or through your class link (on "
    "JupyterHub), then choose Kernel > Restart Kernel and Run All Cells. If this line is still "
    "here, tell your instructor that ipywidgets is not installed in the Jupyter server."
)


class SetupCheck(CourseBox):
    def __init__(self) -> None:
        store = progress.store()
        self.result = live_html()
        button = widgets.Button(description="Test the widgets", button_style="primary")
        button.on_click(lambda _: self._report(store))
        self.controls = {"test": button}
        intro = widgets.HTML("<p>Press the button. A message should appear below it.</p>")
        super().__init__([*notice_banner(store.notice), intro, button, self.result], "cu-setup")

    def _report(self, store: progress.Store) -> None:
        where = (
            "only in memory for now (see the warning above)"
            if str(store.path) == ":memory:"
            else f"in {store.path}"
        )
        self.result.value = (
            '<p class="cu-right"><strong>✔ Widgets work.</strong> '
            f"Your answers are saved {escape(where)}, under the name "
            f"<code>{escape(store.learner)}</code>.</p>"
        )

    def __repr__(self) -> str:
        return NOT_RENDERING


def check_setup() -> SetupCheck:
    return SetupCheck()
