"""Keyboard and screen-reader help for the ipywidgets inside a course widget (see access.js)."""

from __future__ import annotations

from pathlib import Path

import anywidget
import ipywidgets as widgets


class AccessHelper(anywidget.AnyWidget):
    """An invisible part of every course widget.

    It keeps keys pressed in the widget away from JupyterLab's notebook shortcuts (without it an
    arrow key on an answer option selects the next cell), names each slider's handle by its
    label, makes each set of radio buttons a named radio group, and makes text that changes
    (feedback, chart descriptions) a live region that screen readers announce.
    """

    _esm = Path(__file__).with_name("access.js")

    def __init__(self) -> None:
        super().__init__(layout=widgets.Layout(display="none"))
