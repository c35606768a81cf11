"""Keys pressed inside a course widget go to the widget, not to the notebook around it."""

from __future__ import annotations

from pathlib import Path

import anywidget
import ipywidgets as widgets


class KeyboardScope(anywidget.AnyWidget):
    """An invisible part of every course widget (see keyboard.js).

    Without it, JupyterLab treats an arrow key pressed on a focused answer option as the
    notebook shortcut "select cell below", so a student cannot answer with the arrow keys.
    """

    _esm = Path(__file__).with_name("keyboard.js")

    def __init__(self) -> None:
        super().__init__(layout=widgets.Layout(display="none"))
