"""Reflections: saved as the student types and on Save; commentary only after writing."""

from __future__ import annotations

import asyncio
import threading
import types
from pathlib import Path

import pytest

from course_utils import progress
from course_utils import reflections as reflect
from course_utils.quizzes import Quiz
from course_utils.reflections import ReflectionWidget, commentaries
from course_utils.schema import QuestionBank, load

from .conftest import html_containing, restart_kernel

HEARD = "When did you last feel truly heard?"


def test_typing_is_saved_after_a_pause_on_the_event_loop(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As in a kernel: widget messages arrive on the running event loop, and the save runs
    there too, on the same thread, never on a timer thread of its own."""
    monkeypatch.setattr(reflect, "SAVE_DELAY_SECONDS", 0.01)
    widget = reflect.reflect("01-heard", HEARD)
    threads = []
    save = widget.panel.save
    monkeypatch.setattr(
        widget.panel, "save", lambda *a: (threads.append(threading.get_ident()), save(*a))
    )

    async def type_and_wait() -> None:
        widget.controls["text"].value = "My sister, last spring."
        assert progress.store().reflection("01-heard") is None  # not on every key
        await asyncio.sleep(0.2)

    asyncio.run(type_and_wait())
    assert progress.store().reflection("01-heard").text == "My sister, last spring."
    assert "Saved at" in widget.status.value
    assert threads == [threading.get_ident()]


def test_each_key_restarts_the_pause(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reflect, "SAVE_DELAY_SECONDS", 60)
    widget = reflect.reflect("01-heard", HEARD)

    async def type_then_save() -> None:
        widget.controls["text"].value = "M"
        first = widget.panel._pending
        widget.controls["text"].value = "My"
        assert first.cancelled() and widget.panel._pending is not first
        widget.controls["save"].click()  # Save writes at once and cancels the pending save
        assert widget.panel._pending is None

    asyncio.run(type_then_save())
    assert progress.store().reflection("01-heard").text == "My"


def test_without_an_event_loop_typing_saves_at_once(data_dir: Path) -> None:
    widget = reflect.reflect("01-heard", HEARD)
    widget.controls["text"].value = "Saved straight away."
    assert progress.store().reflection("01-heard").text == "Saved straight away."


def test_commentary_is_not_in_the_page_before_the_student_writes(data_dir: Path) -> None:
    commentary = commentaries("01")["01-heard"]
    widget = reflect.reflect("01-heard", HEARD)
    assert commentary[:40] not in widget.commentary.value
    assert "press Save" in widget.commentary.value
    widget.controls["save"].click()  # saving an empty text does not reveal it
    assert commentary[:40] not in widget.commentary.value
    widget.controls["text"].value = "   "
    widget.controls["save"].click()
    assert "There is no right answer here" not in widget.commentary.value
    widget.controls["text"].value = "My grandmother listened without fixing anything."
    widget.controls["save"].click()
    assert "There is no right answer here" in widget.commentary.value


def test_after_a_restart_the_text_and_its_commentary_are_back(data_dir: Path) -> None:
    widget = reflect.reflect("01-trust", "Think of someone you came to trust.")
    widget.controls["text"].value = "A teacher who kept her word."
    widget.save()
    restart_kernel()
    again = reflect.reflect("01-trust", "Think of someone you came to trust.")
    assert again.controls["text"].value == "A teacher who kept her word."
    assert "Most people describe trust" in again.commentary.value


def test_a_reflection_without_commentary_shows_none(data_dir: Path) -> None:
    widget = reflect.reflect("01-nothing-written-for-this", "Prompt?")
    widget.controls["text"].value = "Some text"
    widget.save()
    assert widget.commentary.value == ""


def test_a_reflection_id_must_name_its_module(data_dir: Path) -> None:
    with pytest.raises(ValueError, match=r'must start with the module number, e\.g\. "01-heard"'):
        ReflectionWidget("heard", "Prompt?", progress.store())


def test_prompts_and_commentary_render_markdown_but_not_html(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "reflections"
    folder.mkdir()
    (folder / "42.yaml").write_text(
        'module: "42"\nreflections:\n  - id: 42-x\n'
        '    commentary: "**Bold** <script>alert(1)</script>"\n'
    )
    read = reflect.commentaries.__wrapped__
    monkeypatch.setattr(reflect, "commentaries", lambda module: read(module, folder))
    widget = reflect.reflect("42-x", "Why *now*? <img src=x onerror=alert(1)>")
    prompt = html_containing(widget, "cu-prompt")
    assert "<em>now</em>" in prompt and "<img" not in prompt and "&lt;img" in prompt
    widget.controls["text"].value = "written"
    widget.save()
    assert "<strong>Bold</strong>" in widget.commentary.value
    assert "<script>" not in widget.commentary.value


FREE_TEXT_BANK = """
bank: 99-free
module: "99"
title: Free text
questions:
  - id: why-alliance
    type: reflection
    scenario: A client says the sessions feel *pointless*.
    stem: In two or three sentences, what might be strained, and what would you ask?
    commentary: The **tasks** may be strained; ask what would make the work feel relevant.
"""


def test_a_free_text_question_in_a_bank_is_saved_and_revealed_after_writing(
    data_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "99-free.yaml"
    path.write_text(FREE_TEXT_BANK)
    bank = load(path, QuestionBank, noun="question")
    question = Quiz(bank, ()).questions["why-alliance"]
    assert "<em>pointless</em>" in html_containing(question, "cu-scenario")
    assert "tasks" not in question.panel.commentary_area.value
    question.controls["text"].value = "The tasks feel irrelevant to her."
    question.controls["save"].click()
    assert "<strong>tasks</strong> may be strained" in question.panel.commentary_area.value
    saved = progress.store().reflection("99-free/why-alliance")
    assert saved.text == "The tasks feel irrelevant to her." and saved.module == "99"
    assert progress.store().attempts() == []  # free text is not graded


def test_rerunning_a_setup_cell_still_gives_the_functions(data_dir: Path) -> None:
    """After a first use, `from course_utils import quiz, reflect` must still give callables."""
    from course_utils import quiz, reflect

    assert isinstance(quiz("00-start").questions, dict)
    assert isinstance(reflect("00-x", "Prompt?"), ReflectionWidget)
    from course_utils import case, quiz, reflect  # the setup cell, run a second time

    assert all(isinstance(f, types.FunctionType) for f in (quiz, reflect, case))
    assert isinstance(quiz("00-start").questions, dict)
