"""What every course widget shares: the course style, keyboard and screen-reader help, a helpful
text fallback, notices."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import anywidget
import ipywidgets as widgets

from .text import escape

WIDGETS_MISSING = (
    "If you can read this line, the interactive part of this cell is not showing. "
    "Run the cell again; if that does not help, open 00_start_here and follow its widget check."
)


class HasNotice(Protocol):
    notice: str


class AccessHelper(anywidget.AnyWidget):
    """An invisible part of every course widget (see view.js).

    It brings the course stylesheet (anywidget loads it into the page once, however many
    widgets there are), marks the widget so JupyterLab's shortcuts leave its keys alone, makes
    each set of radio buttons one named radio group (one Tab stop, arrow keys between options),
    names each slider's handle by its label, drops the `title="null"` ipywidgets gives labels
    without a tooltip, and makes text that changes a live region that screen readers announce.
    """

    _esm = Path(__file__).with_name("view.js")
    _css = Path(__file__).with_name("course.css")

    def __init__(self) -> None:
        super().__init__(layout=widgets.Layout(display="none"))


class CourseBox(widgets.VBox):
    """A VBox that carries the access helper (course style, keys, names), and explains itself
    if widgets cannot render.

    A box shown inside another course widget passes `nested=True`: the outer one carries it.
    """

    def __init__(
        self, children: list[widgets.Widget], css_class: str, *, nested: bool = False
    ) -> None:
        shared = [] if nested else [AccessHelper()]
        super().__init__([*shared, *children], layout=widgets.Layout(width="100%"))
        self.add_class("cu-box")
        self.add_class(css_class)

    def __repr__(self) -> str:
        return WIDGETS_MISSING


def live_html(**kwargs) -> widgets.HTML:
    """An HTML widget whose changes screen readers announce (politely, after what they are
    reading). The element that holds the text must persist for that: the access helper marks
    the widget's own element, which outlives every new value."""
    html = widgets.HTML(**kwargs)
    html.add_class("cu-live")
    return html


def notice_html(notice: str) -> str:
    return f'<p class="cu-notice" role="alert">⚠ {escape(notice)}</p>' if notice else ""


def notice_banner(notice: str) -> list[widgets.Widget]:
    """A one-line warning about saving, or nothing when all is well."""
    if not notice:
        return []
    return [widgets.HTML(notice_html(notice))]


class Notice(widgets.HTML):
    """The store's one-line warning; `refresh()` after a write shows a problem that just began."""

    def __init__(self, store: HasNotice) -> None:
        super().__init__()
        self.store = store
        self.refresh()

    def refresh(self) -> None:
        html = notice_html(self.store.notice)
        if self.value != html:
            self.value = html
