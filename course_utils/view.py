"""What every course widget shares: the course style, keyboard and screen-reader help, a helpful
text fallback, notices."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import anywidget
import ipywidgets as widgets
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle

from .text import escape

WIDGETS_MISSING = (
    "If you can read this line, the interactive part of this cell is not showing. "
    "Run the cell again; if that does not help, open 00_start_here and follow its widget check."
)


_SHARED: dict[tuple, widgets.Widget] = {}


def _shared(kind: type, **traits: object) -> widgets.Widget:
    key = (kind, *sorted(traits.items()))
    found = _SHARED.get(key)
    if found is None or found.comm is None:  # never made, or closed since (Widget.close_all)
        found = _SHARED[key] = kind(**traits)
    return found


def shared_layout(**traits: object) -> widgets.Layout:
    """One layout for every widget laid out alike, in place of a layout model each (about
    6 KiB of kernel memory apiece; a module shows hundreds of widgets). Never change a shared
    layout: a widget that is shown and hidden gets its own `widgets.Layout`."""
    return _shared(widgets.Layout, **traits)  # type: ignore[return-value]


def shared_style(kind: type, **traits: object) -> widgets.Widget:
    """One style object for every widget of a kind styled alike (as `shared_layout`)."""
    return _shared(kind, **traits)


def html(value: str = "", **kwargs: object) -> widgets.HTML:
    """An HTML widget on the shared plain layout and style (unless given others)."""
    kwargs.setdefault("layout", shared_layout())
    kwargs.setdefault("style", _shared(HTMLStyle))
    return widgets.HTML(value, **kwargs)


def button(
    description: str,
    on_click: Callable[[], object],
    *,
    tooltip: str | None = None,
    primary: bool = False,
    **kwargs: object,
) -> widgets.Button:
    """A button in the course style that calls `on_click()` when pressed; `primary` marks the
    main action of its widget. It sits on the shared auto-width layout unless given another."""
    kwargs.setdefault("layout", shared_layout(width="auto"))
    made = widgets.Button(
        description=description,
        tooltip=tooltip,
        button_style="primary" if primary else "",
        style=shared_style(widgets.ButtonStyle),
        **kwargs,
    )
    made.on_click(lambda _: on_click())
    return made


def reply_box(description: str, height: str) -> widgets.Textarea:
    """Where a student types what they would say to the client (a case, the practice studio)."""
    return widgets.Textarea(
        placeholder="Type what you would say to the client.",
        description=description,
        layout=shared_layout(width="100%", height=height),
        style=shared_style(TextStyle, description_width="initial"),
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
        super().__init__(layout=shared_layout(display="none"))


class CourseBox(widgets.VBox):
    """A VBox that carries the access helper (course style, keys, names), and explains itself
    if widgets cannot render.

    A box shown inside another course widget passes `nested=True`: the outer one carries it.
    """

    def __init__(
        self, children: list[widgets.Widget], css_class: str, *, nested: bool = False
    ) -> None:
        shared = [] if nested else [AccessHelper()]
        super().__init__([*shared, *children], layout=shared_layout(width="100%"))
        self.add_class("cu-box")
        self.add_class(css_class)

    def __repr__(self) -> str:
        return WIDGETS_MISSING


def live_html(**kwargs) -> widgets.HTML:
    """An HTML widget whose changes screen readers announce (politely, after what they are
    reading). The element that holds the text must persist for that: the access helper marks
    the widget's own element, which outlives every new value."""
    live = html(**kwargs)
    live.add_class("cu-live")
    return live


def notice_html(notice: str) -> str:
    return f'<p class="cu-notice" role="alert">⚠ {escape(notice)}</p>' if notice else ""


def notice_banner(notice: str) -> list[widgets.Widget]:
    """A one-line warning about saving, or nothing when all is well."""
    if not notice:
        return []
    return [html(notice_html(notice))]


class Notice(widgets.HTML):
    """The store's one-line warning; `refresh()` after a write shows a problem that just began."""

    def __init__(self, store: HasNotice) -> None:
        super().__init__(layout=shared_layout(), style=_shared(HTMLStyle))
        self.store = store
        self.refresh()

    def refresh(self) -> None:
        html = notice_html(self.store.notice)
        if self.value != html:
            self.value = html
