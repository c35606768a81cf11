"""The progress store keeps every answer: across restarts, processes, corruption, no disk."""

from __future__ import annotations

import os
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
