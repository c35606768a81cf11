"""The practice studio: the level ladder, feedback that names the form and never the quality,
the widget's handling of bad input, the store (round trip, reopening, upgrade from layout 2),
the export flag and the dashboard table."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

from course_utils import progress, results
from course_utils.dashboard import practice_html
from course_utils.practice import studio
from course_utils.practice.content import find_set
from course_utils.practice.widget import PracticeWidget, practice_sets
from course_utils.text import escape

FIXTURES = Path(__file__).parent / "fixtures" / "stores"


@dataclass(frozen=True)
class FakeReading:
    skill: str
    family: str
    confidence: float = 0.9
    unsure: bool = False
    reason: str = ""


@dataclass(frozen=True)
class FakeStatement:
    id: str
    level: str


OPEN = FakeReading("open_question", "question")
CLOSED = FakeReading("closed_question", "question")
ADVICE = FakeReading("information_advice", "information")
UNSURE = FakeReading("other", "other", 0.3, True, "it could be more than one kind of reply")
NOT_ENGLISH = FakeReading("other", "other", 0.3, True, "it does not read as English")


# --- the ladder -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "rating", "expected"),
    [
        ("beginner", "too_easy", "intermediate"),
        ("intermediate", "too_easy", "advanced"),
        ("advanced", "too_easy", "advanced"),
        ("advanced", "too_hard", "intermediate"),
        ("intermediate", "too_hard", "beginner"),
        ("beginner", "too_hard", "beginner"),
        ("intermediate", "good", "intermediate"),
    ],
)
def test_the_ladder_moves_up_on_too_easy_down_on_too_hard(
    level: str, rating: str, expected: str
) -> None:
    assert studio.next_level(level, rating) == expected


def test_the_ladder_rejects_unknown_levels_and_ratings() -> None:
    with pytest.raises(ValueError, match="unknown level"):
        studio.next_level("expert", "good")
    with pytest.raises(ValueError, match="unknown rating"):
        studio.next_level("beginner", "meh")


def test_the_next_statement_is_one_not_yet_seen_at_that_level() -> None:
    statements = [FakeStatement(f"b{n}", "beginner") for n in range(3)] + [
        FakeStatement("i0", "intermediate")
    ]
    assert studio.next_statement(statements, "beginner", []).id == "b0"
    assert studio.next_statement(statements, "beginner", ["b0", "i0"]).id == "b1"
    assert studio.next_statement(statements, "beginner", ["b1", "b0"]).id == "b2"
    # all seen: the one seen longest ago comes back
    assert studio.next_statement(statements, "beginner", ["b1", "b2", "b0", "b2"]).id == "b1"
    assert studio.next_statement(statements, "advanced", []) is None


def test_every_set_can_climb_the_whole_ladder_without_repeats() -> None:
    for practice in practice_sets().values():
        for level in studio.LEVELS:
            seen: list[str] = []
            for _ in practice.at_level(level):
                statement = studio.next_statement(practice.statements, level, seen)
                assert statement is not None and statement.level == level
                assert statement.id not in seen
                seen.append(statement.id)


# --- fit and feedback -------------------------------------------------------------------------

QUALITY_WORDS = re.compile(
    r"\b(good|great|well done|excellent|better|worse|poor|bad|correct|wrong|right|skilled|"
    r"weak|strong|nice|perfect)\b",
    re.IGNORECASE,
)


def test_fit_names_the_target_kind_its_family_another_kind_or_unsure() -> None:
    assert studio.fit(OPEN, ["open_question"]) == "fits"
    assert studio.fit(CLOSED, ["open_question"]) == "near"
    assert studio.fit(ADVICE, ["open_question"]) == "differs"
    assert studio.fit(UNSURE, ["open_question"]) == "unsure"
    assert studio.fit(ADVICE, ["complex_reflection", "information_advice"]) == "fits"


@pytest.mark.parametrize("reading", [OPEN, CLOSED, ADVICE, UNSURE, NOT_ENGLISH])
def test_feedback_names_the_form_never_the_quality_and_says_so_once(reading) -> None:
    result = studio.feedback(reading, ["open_question"])
    said = " ".join(result.lines())
    assert said.count("not how good it is") == 1
    judged = QUALITY_WORDS.findall(said.replace(studio.FORM_NOTE, ""))
    assert judged == [], f"feedback judges quality: {judged}"


def test_feedback_says_what_it_read_and_whether_that_fits() -> None:
    assert studio.feedback(OPEN, ["open_question"]).read == "It reads as an open question."
    assert "asks for" in studio.feedback(OPEN, ["open_question"]).match
    near = studio.feedback(CLOSED, ["open_question"])
    assert near.read == "It reads as a closed question." and "same family" in near.match
    assert "different kind" in studio.feedback(ADVICE, ["open_question"]).match


def test_i_cant_tell_is_said_plainly_and_claims_no_fit() -> None:
    unsure = studio.feedback(UNSURE, ["open_question"])
    assert unsure.read.startswith("I can't tell what kind of reply this is")
    assert "cannot say whether it fits" in unsure.match
    foreign = studio.feedback(NOT_ENGLISH, ["open_question"])
    assert "does not read as English" in foreign.read and "only works" in foreign.match
    assert "It reads as" not in " ".join(foreign.lines())


def test_targets_are_named_in_words() -> None:
    assert studio.kinds_in_words(["open_question"]) == "an open question"
    assert (
        studio.kinds_in_words(["simple_reflection", "complex_reflection"])
        == "a simple reflection or a complex reflection"
    )


# --- the widget -------------------------------------------------------------------------------


def widget(store: progress.Store, reading: FakeReading = OPEN, set_id: str = "open-questions"):
    return PracticeWidget(practice_sets()[set_id], store, read=lambda _text: reading)


def test_an_empty_reply_gets_one_clear_line_and_nothing_is_saved(data_dir: Path) -> None:
    store = progress.store()
    studio_widget = widget(store)
    studio_widget.controls["text"].value = "   \n "
    assert studio_widget.submit() is None
    assert studio.EMPTY_REPLY in studio_widget.status.value
    assert store.practice_replies() == []
    assert studio_widget.after.layout.display == "none"


def test_a_full_round_submit_tick_rate_next(data_dir: Path) -> None:
    store = progress.store()
    studio_widget = widget(store)
    first = studio_widget.statement
    assert first.level == "beginner" and "Level: Beginner" in studio_widget.prompt.value
    studio_widget.controls["text"].value = "What did your tutor notice?"
    result = studio_widget.submit()
    assert result is not None and result.fit == "fits"
    assert "It reads as an open question." in studio_widget.feedback.value
    assert all(escape(model.why) in studio_widget.models.value for model in first.models)
    studio_widget.controls["checklist:0"].value = True
    studio_widget.controls["checklist:2"].value = True
    assert studio_widget.next() is None  # no rating yet: one clear line
    assert "how hard" in studio_widget.next_status.value
    studio_widget.controls["rating"].value = "too_easy"
    following = studio_widget.next()
    assert following is not None and following.level == "intermediate"
    assert "Moving up" in studio_widget.prompt.value
    assert (
        studio_widget.controls["text"].value == "" and not studio_widget.controls["text"].disabled
    )
    (saved,) = store.practice_replies("open-questions")
    assert (saved.statement, saved.text, saved.skill, saved.fit) == (
        first.id,
        "What did your tutor notice?",
        "open_question",
        "fits",
    )
    assert (saved.checklist, saved.rating) == ([0, 2], "too_easy")
    assert store.practice_levels() == {"open-questions": "intermediate"}


def test_pasted_html_and_markdown_are_shown_inert(data_dir: Path) -> None:
    studio_widget = widget(progress.store())
    studio_widget.controls[
        "text"
    ].value = '<img src=x onerror="alert(1)"> **bold** <script>x</script>'
    studio_widget.submit()
    shown = studio_widget.feedback.value
    assert "<img" not in shown and "<script" not in shown and "&lt;img" in shown
    assert "**bold**" in shown and "<strong>bold" not in shown


def test_a_reply_of_5000_characters_is_read_and_saved(data_dir: Path) -> None:
    from course_utils.practice.classifier import classify

    store = progress.store()
    studio_widget = PracticeWidget(practice_sets()["reflections"], store, read=classify)
    long_reply = ("It sounds like you have been carrying this on your own for a long time. " * 80)[
        :5000
    ]
    studio_widget.controls["text"].value = long_reply
    assert studio_widget.submit() is not None
    assert len(store.practice_replies()[0].text) == 5000


def test_a_non_english_reply_gets_i_cant_tell(data_dir: Path) -> None:
    from course_utils.practice.classifier import classify

    store = progress.store()
    studio_widget = PracticeWidget(practice_sets()["open-questions"], store, read=classify)
    studio_widget.controls["text"].value = "¿Qué te trajo aquí hoy y cómo te sientes ahora mismo?"
    result = studio_widget.submit()
    assert result is not None and result.fit == "unsure"
    assert "I can&#x27;t tell" in studio_widget.feedback.value
    assert store.practice_replies()[0].unsure


# --- the store --------------------------------------------------------------------------------


def test_practice_survives_a_restart(data_dir: Path) -> None:
    store = progress.store()
    studio_widget = widget(store)
    studio_widget.controls["text"].value = "How do you mean?"
    studio_widget.submit()
    studio_widget.controls["checklist:1"].value = True
    studio_widget.controls["rating"].value = "too_hard"
    studio_widget.next()
    store.close()
    progress._store_for.cache_clear()  # a new kernel
    reopened = progress.store()
    assert reopened is not store
    (saved,) = reopened.practice_replies()
    assert (saved.text, saved.checklist, saved.rating) == ("How do you mean?", [1], "too_hard")
    assert reopened.practice_levels() == {"open-questions": "beginner"}
    again = widget(reopened)
    assert again.statement.id != saved.statement  # the one answered is not asked first again


def test_a_layout_2_store_upgrades_in_place_and_gains_practice(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    path = data_dir / progress.FILE_NAME
    shutil.copyfile(FIXTURES / "v2.sqlite3", path)
    store = progress.store()
    assert store.notice == "" and not store.in_memory
    assert store.reflection("01-heard").text == "heard ✓"  # kept
    assert store.practice_replies() == []
    store.record_practice_reply(
        module="02",
        practice_set="open-questions",
        statement="oq-b1",
        level="beginner",
        text="What brings you here?",
        skill="open_question",
        family="question",
        confidence=0.9,
        unsure=False,
        fit="fits",
    )
    db = sqlite3.connect(path)
    assert progress.schema_version(db) == progress.SCHEMA_VERSION == 3
    assert db.execute("SELECT count(*) FROM practice_replies").fetchone()[0] == 1
    db.close()
    assert list(data_dir.glob("*.v2-backup-*"))


# --- export and dashboard ---------------------------------------------------------------------


def _one_reply(store: progress.Store) -> None:
    studio_widget = widget(store, CLOSED)
    studio_widget.controls["text"].value = "Did you sleep, my private words?"
    studio_widget.submit()
    studio_widget.controls["checklist:0"].value = True
    studio_widget.controls["rating"].value = "good"
    studio_widget.next()


def test_export_carries_practice_text_only_with_the_flag(data_dir: Path, tmp_path: Path) -> None:
    store = progress.store()
    _one_reply(store)
    without = results.collect(store)
    (record,) = without["practice"]
    assert "text" not in record and "private words" not in json.dumps(without)
    assert (record["skill"], record["fit"], record["checklist"], record["rating"]) == (
        "closed_question",
        "near",
        [0],
        "good",
    )
    with_text = results.collect(store, include_text=True)
    assert with_text["practice"][0]["text"] == "Did you sleep, my private words?"
    for name, write in (("r.json", results.to_json), ("r.csv", results.to_csv)):
        path = tmp_path / name
        path.write_text(write(with_text), encoding="utf-8")
        back = results.read(path)
        assert back["practice"][0]["skill"] == "closed_question"
        assert back["practice"][0]["checklist"] == [0]
    plain = tmp_path / "plain.csv"
    plain.write_text(results.to_csv(without), encoding="utf-8")
    assert "private words" not in plain.read_text("utf-8")


def test_dashboard_shows_replies_matched_share_and_level_per_skill(data_dir: Path) -> None:
    store = progress.store()
    assert "No replies typed yet" in practice_html(store)
    _one_reply(store)
    fits = widget(store, OPEN)
    fits.controls["text"].value = "What was that like?"
    fits.submit()
    fits.controls["rating"].value = "too_easy"
    fits.next()
    html = practice_html(store, {"open-questions": "Open questions"})
    row = re.search(r"<tr><th scope='row'>Open questions</th>(.*?)</tr>", html).group(1)
    assert row == "<td>02</td><td>2</td><td>50%</td><td>Intermediate</td>"


def test_practice_stays_callable_after_its_package_is_imported(data_dir: Path) -> None:
    """A second practice cell imports `practice` after the first loaded the package, whose
    name Python then binds in `course_utils`: both must be the call."""
    import course_utils
    import course_utils.practice.widget
    from course_utils import practice

    assert practice is course_utils.practice
    assert practice("reflections").practice.id == "reflections"


def test_check_names_a_practice_call_with_an_unknown_set(tmp_path: Path) -> None:
    from course_utils.content_check import Known, check_notebook

    notebook = tmp_path / "02_x.ipynb"
    cell = {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None}
    notebook.write_text(
        json.dumps(
            {
                "cells": [
                    {**cell, "source": 'practice("open-questions")'},
                    {**cell, "source": 'practice("open-question")'},
                ],
                "metadata": {},
                "nbformat": 4,
                "nbformat_minor": 5,
            }
        ),
        encoding="utf-8",
    )
    problems = check_notebook(notebook, Known())
    assert len(problems) == 1
    assert 'cell 2: practice("open-question") names no practice set' in problems[0]


@pytest.mark.parametrize("set_id", ["open-questions", "eliciting-feedback"])
def test_one_set_is_read_from_its_own_file_alike(set_id: str) -> None:
    assert find_set(set_id) == practice_sets()[set_id]


def test_an_unknown_set_names_the_sets_there_are() -> None:
    with pytest.raises(
        ValueError, match=r'no practice set "open-question" — use one of: .*open-questions'
    ):
        find_set("open-question")
