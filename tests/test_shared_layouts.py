"""Widgets laid out alike share one layout; a widget that is shown and hidden has its own."""

from __future__ import annotations

from course_utils import case, quiz
from course_utils.view import shared_layout


def test_hiding_the_case_controls_leaves_the_shared_layouts_alone() -> None:
    shown = quiz("01-relationship")
    dialogue = case("01-first-session")
    while not dialogue.state.is_over:
        dialogue.controls["reply"].value = dialogue.controls["reply"].options[0][1]
        dialogue.controls["reason"].value = "Because."
        dialogue.choose()
    assert dialogue.asking.layout.display == "none"
    for layout in (shared_layout(), shared_layout(width="100%"), shared_layout(width="auto")):
        assert layout.display is None
    assert shown.layout.display is None


def test_widgets_laid_out_alike_share_one_layout() -> None:
    shown = quiz("01-relationship")
    feedback = [w.feedback for w in shown.questions.values() if hasattr(w, "feedback")]
    assert len(feedback) > 1
    assert len({id(html.layout) for html in feedback}) == 1
    assert len({id(html.style) for html in feedback}) == 1
