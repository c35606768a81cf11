"""A store written by an earlier course opens, migrates in place after a backup, keeps
everything; a store that turns unreadable while widgets are built never raises.

Fixture stores: `tests/fixtures/stores/v<N>.sqlite3`, each written by the course whose layout
was N (v0: the first shipped course, which did not set `user_version`). When a migration is
added, commit a fixture written by the layout it replaces.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from course_utils import progress

FIXTURES = Path(__file__).parent / "fixtures" / "stores"


def old_store(data_dir: Path, name: str = "v0") -> Path:
    data_dir.mkdir(parents=True, exist_ok=True)
    target = data_dir / progress.FILE_NAME
    shutil.copyfile(FIXTURES / f"{name}.sqlite3", target)
    return target


def test_the_v0_fixture_is_the_first_shipped_layout() -> None:
    db = sqlite3.connect(FIXTURES / "v0.sqlite3")
    assert progress.schema_version(db) == 0
    columns = {row[1] for row in db.execute("PRAGMA table_info(attempts)")}
    assert "context" not in columns and "correct" in columns
    db.close()


def test_a_v0_store_opens_migrates_and_keeps_everything(data_dir: Path) -> None:
    path = old_store(data_dir)
    store = progress.store()
    assert store.notice == "" and not store.in_memory
    attempts = store.attempts()
    assert [(a.question, a.answer, a.score, a.correct) for a in attempts] == [
        ("alliance-r", "b", 0.0, False),
        ("alliance-r", "c", 1.0, True),
        ("x", ["a", "c"], 0.5, False),
    ]
    assert {a.context for a in attempts} == {"notebook"}
    reflections = {r.reflection: r.text for r in store.reflections()}
    assert reflections == {
        "01-heard": "When my friend listened — café, naïve ✓",
        "02-x": "second",
    }
    choices = store.case_choices("01-first-session")
    assert [(c.turn, c.reply, c.reason, c.values, c.finished) for c in choices] == [
        (1, "r-a", "because", {"alliance": 3}, False),
        (2, "r-b", "", {"alliance": 4}, True),
    ]
    db = sqlite3.connect(path)
    assert progress.schema_version(db) == progress.SCHEMA_VERSION
    db.close()
    # and it takes new answers in the new layout
    store.record_attempt(
        module="01", bank="b", question="q", answer=1, score=1.0, correct=True, context="review"
    )
    store.record_review(bank="b", question="q", correct=True)
    assert store.attempts("b")[0].context == "review" and len(store.reviews()) == 1


def test_the_old_store_is_copied_aside_before_migrating(data_dir: Path) -> None:
    old_store(data_dir)
    progress.store()
    [backup] = data_dir.glob(f"{progress.FILE_NAME}.v0-backup-*")
    db = sqlite3.connect(backup)
    assert progress.schema_version(db) == 0
    assert db.execute("SELECT count(*) FROM attempts").fetchone()[0] == 3
    db.close()


def test_a_fresh_store_is_made_at_the_latest_layout_without_a_backup(data_dir: Path) -> None:
    progress.store().record_review(bank="b", question="q", correct=False)
    db = sqlite3.connect(data_dir / progress.FILE_NAME)
    assert progress.schema_version(db) == progress.SCHEMA_VERSION
    db.close()
    assert not list(data_dir.glob("*backup*"))


def test_a_failing_migration_leaves_the_store_as_it_was(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = old_store(data_dir)

    def broken(db: sqlite3.Connection) -> None:
        db.execute("ALTER TABLE attempts ADD COLUMN half_done TEXT")
        if db.execute("PRAGMA database_list").fetchone()[2]:  # on disk, not in memory
            raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(progress, "MIGRATIONS", (*progress.MIGRATIONS[:1], broken))
    store = progress.store()
    assert store.in_memory and store.notice
    db = sqlite3.connect(path)
    columns = {row[1] for row in db.execute("PRAGMA table_info(attempts)")}
    assert progress.schema_version(db) == 0 and "half_done" not in columns
    db.close()


def test_a_pre_release_attempts_table_without_correct_is_repaired(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    db = sqlite3.connect(data_dir / progress.FILE_NAME)
    db.execute(
        "CREATE TABLE attempts (id INTEGER PRIMARY KEY, learner TEXT NOT NULL, module TEXT NOT"
        " NULL, bank TEXT NOT NULL, question TEXT NOT NULL, answer TEXT NOT NULL, score REAL"
        " NOT NULL, created TEXT NOT NULL)"
    )
    db.execute(
        "INSERT INTO attempts (learner, module, bank, question, answer, score, created)"
        " VALUES ('student-a', '01', 'b', 'q', '\"a\"', 1.0, 't')"
    )
    db.commit()
    db.close()
    store = progress.store()
    assert store.notice == ""
    [attempt] = store.attempts()
    assert attempt.correct
    store.record_attempt(module="01", bank="b", question="q", answer="b", score=0, correct=False)
    assert len(store.attempts()) == 2


def test_a_store_from_a_newer_course_is_left_untouched(data_dir: Path) -> None:
    path = old_store(data_dir)
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {progress.SCHEMA_VERSION + 5}")
    db.commit()
    db.close()
    store = progress.store()
    assert store.in_memory and "newer version of the course" in store.notice
    assert "disk space" not in store.notice
    db = sqlite3.connect(path)
    columns = {row[1] for row in db.execute("PRAGMA table_info(attempts)")}
    assert progress.schema_version(db) == progress.SCHEMA_VERSION + 5 and "context" not in columns
    assert db.execute("SELECT count(*) FROM attempts").fetchone()[0] == 3
    db.close()
    assert not list(data_dir.glob("*backup*"))


def test_a_store_unreadable_mid_session_falls_back_for_reads(data_dir: Path) -> None:
    store = progress.store()
    store.save_reflection(module="01", reflection="r", text="kept")
    # Another process (an older course) replaces the layout under the open store.
    other = sqlite3.connect(data_dir / progress.FILE_NAME)
    other.execute("ALTER TABLE attempts RENAME COLUMN correct TO right_answer")
    other.commit()
    other.close()
    assert store.attempts() == []  # no OperationalError
    assert store.in_memory
    assert "could not be used" in store.notice and "disk space" not in store.notice
    assert store.reflection("r").text == "kept"  # what could be copied is kept


BREAK = {
    "quiz": "ALTER TABLE attempts RENAME COLUMN correct TO right_answer",
    "reflect": "ALTER TABLE reflections RENAME COLUMN text TO body",
    "case": "ALTER TABLE case_choices RENAME COLUMN reason TO why",
}


@pytest.mark.parametrize("kind", sorted(BREAK))
def test_widgets_build_over_an_unreadable_store_with_the_notice(data_dir: Path, kind: str) -> None:
    from course_utils.cases import case
    from course_utils.quizzes import quiz
    from course_utils.reflections import reflect

    store = progress.store()
    store.save_reflection(module="01", reflection="01-heard", text="x")
    other = sqlite3.connect(data_dir / progress.FILE_NAME)
    other.execute(BREAK[kind])
    other.commit()
    other.close()
    build = {
        "quiz": lambda: quiz("01-relationship"),
        "reflect": lambda: reflect("01-heard", "When did you last feel truly heard?"),
        "case": lambda: case("01-first-session"),
    }[kind]
    shown = build()
    assert "could not be used" in shown.notice.value
    assert store.in_memory


def test_a_v2_store_opens_as_it_is(data_dir: Path) -> None:
    old_store(data_dir, "v2")
    store = progress.store()
    assert store.notice == "" and not store.in_memory
    assert [a.context for a in store.attempts()] == ["notebook", "review"]
    assert [r.correct for r in store.reviews()] == [False]
    assert store.reflection("01-heard").text == "heard ✓"
    assert store.last_run("01-first-session")[0].finished
    if progress.SCHEMA_VERSION == 2:
        assert not list(data_dir.glob("*backup*"))  # nothing to migrate, nothing copied
