"""Interpersonal Process in Therapy: the few names a course notebook calls.

    from course_utils import quiz, explore, case, reflect
    quiz("01-relationship")            # a question bank, or quiz("01-relationship", "alliance-r")
    explore.alliance_outcome()         # an explorer: sliders, chart, text description
    case("01-first-session")           # a case dialogue
    reflect("01-heard", "When did you last feel truly heard?")
    review()                           # the questions due for review (missed ones come back)
    practice("open-questions")         # type your own reply to a client, see what kind it is

Importing this package is cheap: widgets and matplotlib load on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .cases import CaseWidget
    from .practice.widget import PracticeWidget
    from .quizzes import Quiz
    from .reflections import ReflectionWidget

__all__ = ["case", "check_setup", "explore", "practice", "quiz", "reflect", "review"]


def quiz(bank_id: str, *question_ids: str) -> Quiz:
    """Show a question bank, or the named questions from it."""
    from .quizzes import quiz as show

    return show(bank_id, *question_ids)


def reflect(reflection_id: str, prompt: str | None = None) -> ReflectionWidget:
    """A saved reflection prompt: the text is kept as the student types (the prompt, if not
    given, comes from the content YAML)."""
    from .reflections import reflect as show

    return show(reflection_id, prompt)


def practice(set_id: str) -> PracticeWidget:
    """The practice studio for one skill: a client statement, your own reply, feedback on its
    form, a checklist, two model replies, and a ladder of levels."""
    from .practice.widget import practice as show

    return show(set_id)


def case(case_id: str) -> CaseWidget:
    """A case dialogue: the client speaks, the student chooses the therapist's reply."""
    from .cases import case as show

    return show(case_id)


def review(limit: int = 10) -> Any:
    """Review mode: the questions due again (missed ones first come back within minutes)."""
    from .review_mode import review as show

    return show(limit)


def check_setup() -> Any:
    """The widget and saving check of module 00."""
    from .setup_check import check_setup as show

    return show()


def __getattr__(name: str) -> Any:
    if name == "explore":
        return import_module(".explorers", __name__)
    raise AttributeError(f"module 'course_utils' has no attribute {name!r}")
