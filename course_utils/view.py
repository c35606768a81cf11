"""What every course widget shares: the course style, a helpful text fallback, notices."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Protocol

import ipywidgets as widgets

from .access import AccessHelper
from .text import escape

WIDGETS_MISSING = (
    "If you can read this line, the interactive part of this cell is not showing. "
    "Run the cell again; if that does not help, open 00_start_here and follow its widget check."
)


class HasNotice(Protocol):
    notice: str


@cache
def course_css() -> str:
    return (Path(__file__).parent / "course.css").read_text(encoding="utf-8")


class CourseBox(widgets.VBox):
    """A VBox that carries the course style and the access helper (keys stay in the widget,
    controls are named), and explains itself if widgets cannot render.

    A box shown inside another course widget passes `nested=True`: the outer one carries both.
    """

    def __init__(
        self, children: list[widgets.Widget], css_class: str, *, nested: bool = False
    ) -> None:
        style = widgets.HTML(
            f"<style>{course_css()}</style>", layout=widgets.Layout(display="none")
        )
        shared = [] if nested else [style, AccessHelper()]
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
