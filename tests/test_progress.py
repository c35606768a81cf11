"""The progress store keeps every answer: across restarts, processes, corruption, no disk."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from course_utils import progress

from .conftest import restart_kernel


def record(store: progress.Store, question: str = "q1", correct: bool = True) -> None:
    store.record_attempt(
        module="01",
        bank="01-relationship",
        question=question,
        answer="a",
        score=1.0,
        correct=correct,
    )


def test_an_answer_survives_a_restart(data_dir: Path) -> None:
    record(progress.store())
    restart_kernel()
    [attempt] = progress.store().attempts("01-relationship", "q1")
    assert attempt.answer == "a" and attempt.correct


def test_the_store_is_per_student_under_the_data_dir(data_dir: Path) -> None:
    store = progress.store()
    assert store.path == data_dir / progress.FILE_NAME
    assert store.learner == "student-a"


def test_the_store_file_is_readable_by_its_owner_only(data_dir: Path) -> None:
    record(progress.store())
    mode = stat.S_IMODE(os.stat(data_dir / progress.FILE_NAME).st_mode)
    assert mode == 0o600
    assert stat.S_IMODE(os.stat(data_dir).st_mode) == 0o700


def test_a_second_process_sees_the_answer_at_once(data_dir: Path) -> None:
    record(progress.store(), "from-this-process")
    code = (
        "from course_utils import progress; s = progress.store(); "
        "s.record_attempt(module='01', bank='b', question='from-child', answer=1, score=1,"
        " correct=True); print(len(s.attempts('01-relationship')))"
    )
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert child.stdout.strip() == "1"
    assert [a.question for a in progress.store().attempts("b")] == ["from-child"]


def test_reflections_keep_the_latest_text(data_dir: Path) -> None:
    store = progress.store()
    store.save_reflection(module="01", reflection="01-heard", text="draft")
    store.save_reflection(module="01", reflection="01-heard", text="final")
    restart_kernel()
    assert progress.store().reflection("01-heard").text == "final"


def test_a_corrupt_store_is_moved_aside_and_a_new_one_started(data_dir: Path) -> None:
    data_dir.mkdir(mode=0o700)
    broken = data_dir / progress.FILE_NAME
    broken.write_bytes(b"this is not a database" * 100)
    store = progress.store()
    kept = list(data_dir.glob(f"{progress.FILE_NAME}.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"this is not a database")
    assert str(kept[0]) in store.notice and "moved" in store.notice
    record(store)
    assert len(store.attempts()) == 1


def test_a_path_that_cannot_be_created_keeps_answers_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("COURSE_UTILS_DATA_DIR", str(blocker / "data"))
    restart_kernel()
    store = progress.store()
    record(store)
    assert len(store.attempts()) == 1
    assert str(blocker / "data") in store.notice
    restart_kernel()


def test_case_choices_are_kept_with_reason_and_values(data_dir: Path) -> None:
    store = progress.store()
    for turn, (node, reply, finished) in enumerate(
        (("opening", "reflect", False), ("story", "holding", True)), start=1
    ):
        store.record_case_choice(
            module="01",
            case="01-first-session",
            run="run-1",
            turn=turn,
            node=node,
            reply=reply,
            reason="it names her doubt" if node == "story" else "",
            values={"alliance": 48 + turn, "safety": 43},
            finished=finished,
        )
    store.record_case_choice(
        module="01",
        case="01-first-session",
        run="run-2",
        turn=1,
        node="opening",
        reply="advise",
        reason="",
        values={"alliance": 34},
        finished=False,
    )
    restart_kernel()
    again = progress.store()
    choices = again.case_choices("01-first-session")
    assert [(c.run, c.reply) for c in choices] == [
        ("run-1", "reflect"),
        ("run-1", "holding"),
        ("run-2", "advise"),
    ]
    assert choices[1].reason == "it names her doubt" and choices[1].finished
    assert choices[1].values == {"alliance": 50, "safety": 43}
    assert [c.reply for c in again.last_run("01-first-session")] == ["advise"]
    assert again.last_run("never-played") == []


def test_wal_and_shared_memory_files_are_owner_only_too(data_dir: Path) -> None:
    record(progress.store())
    for name in (progress.FILE_NAME, f"{progress.FILE_NAME}-wal", f"{progress.FILE_NAME}-shm"):
        path = data_dir / name
        if path.exists():
            assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, name


def test_a_damaged_page_is_caught_and_the_file_kept_byte_for_byte(data_dir: Path) -> None:
    store = progress.store()
    for number in range(200):
        record(store, f"q{number}")
    store.close()
    restart_kernel()
    path = data_dir / progress.FILE_NAME
    with sqlite3.connect(path) as db:  # fold the WAL into the file, as a clean exit does
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    damaged = bytearray(path.read_bytes())
    damaged[4096 : 4096 + 600] = b"\xff" * 600  # overwrite the start of page 2
    path.write_bytes(bytes(damaged))
    store = progress.store()
    [kept] = [
        p
        for p in data_dir.glob(f"{progress.FILE_NAME}.corrupt-*")
        if not p.name.endswith(("-wal", "-shm"))
    ]
    assert kept.read_bytes() == bytes(damaged)
    assert store.notice.count("\n") == 0 and str(kept) in store.notice
    assert "kept, not deleted" in store.notice
    assert store.attempts() == [] and not store.in_memory
    record(store)
    assert len(store.attempts()) == 1


def test_a_store_path_that_is_a_folder_falls_back_to_memory(data_dir: Path) -> None:
    (data_dir / progress.FILE_NAME).mkdir(parents=True)
    store = progress.store()
    record(store)
    assert store.in_memory and len(store.attempts()) == 1
    assert "cannot be saved" in store.notice and "restart the kernel" in store.notice


def test_a_write_that_fails_moves_to_memory_keeping_earlier_answers(data_dir: Path) -> None:
    from .test_quiz_widget import fill_up

    store = progress.store()
    record(store, "before")
    fill_up(store)
    record(store, "after")  # no exception reaches the notebook
    store.save_reflection(module="01", reflection="01-heard", text="still here")
    assert store.in_memory and "Free some disk space" in store.notice
    assert [a.question for a in store.attempts()] == ["before", "after"]
    assert store.reflection("01-heard").text == "still here"
    with sqlite3.connect(data_dir / progress.FILE_NAME) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute(
            "SELECT question FROM attempts WHERE learner = 'student-a'"
        ).fetchall() == [("before",)]
