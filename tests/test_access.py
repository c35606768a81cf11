"""Every course widget carries one access helper (keys stay in it, controls are named).

What it does in the browser is tested in tests/browser/test_interactions.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import ipywidgets as widgets
import pytest

from course_utils import case, check_setup, explore, quiz, reflect
from course_utils.dashboard import dashboard
from course_utils.view import AccessHelper


def descendants(widget: widgets.Widget) -> Iterator[widgets.Widget]:
    yield widget
    for child in getattr(widget, "children", ()):
        yield from descendants(child)


@pytest.mark.parametrize(
    "show",
    [
        lambda: quiz("01-relationship"),
        lambda: reflect("01-heard", "When did you last feel truly heard?"),
        lambda: case("01-first-session"),
        lambda: explore.alliance_outcome(),
        check_setup,
        dashboard,
    ],
    ids=["quiz", "reflection", "case", "explorer", "setup check", "dashboard"],
)
def test_one_hidden_helper_per_course_widget(data_dir: Path, show) -> None:
    widget = show()
    helpers = [w for w in descendants(widget) if isinstance(w, AccessHelper)]
    assert len(helpers) == 1, "one helper on the outer box; nested boxes share it"
    assert helpers[0] in widget.children
    assert helpers[0].layout.display == "none"
