"""Smoke tests: two students spawn on a real JupyterHub, pull the course, run code as themselves."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from hub_harness import COURSE_TARGET, HubSession, Student

pytestmark = pytest.mark.hub

NOTEBOOKS = f"{COURSE_TARGET}/notebooks"


def _committed(hub_session: HubSession, path: str) -> bool:
    """True if path exists in the commit the students pulled."""
    listing = subprocess.run(
        ["git", "-C", str(hub_session.repo), "ls-tree", "--name-only", hub_session.commit, path],
        capture_output=True,
        text=True,
        check=True,
    )
    return bool(listing.stdout.strip())


def test_each_server_runs_as_its_own_user(students: tuple[Student, Student]) -> None:
    """Each single-user server process runs as its student's uid, not root."""
    pids = set()
    for student in students:
        pid = student.server_pid()
        pids.add(pid)
        ps_user = subprocess.run(
            ["ps", "-o", "user:32=", "-p", str(pid)], capture_output=True, text=True, check=True
        ).stdout.strip()
        assert ps_user == student.name
        uids = next(
            line.split()[1:]
            for line in Path(f"/proc/{pid}/status").read_text().splitlines()
            if line.startswith("Uid:")
        )
        assert set(uids) == {str(student.uid)}  # real, effective, saved and fs uid
    assert len(pids) == len(students)


def test_course_is_pulled_into_each_home(
    students: tuple[Student, Student], hub_session: HubSession
) -> None:
    """nbgitpuller cloned the committed course into ~/course, owned by the student."""
    for student in students:
        assert student.course_dir.is_dir()
        assert student.owns(student.course_dir)
        assert student.owns(student.course_dir / ".git")
        head = student.run(
            "import subprocess; print(subprocess.check_output(['git', 'rev-parse', 'HEAD'],"
            " text=True).strip())",
            cwd=COURSE_TARGET,
        )
        assert head.stdout.strip() == hub_session.commit


def test_course_notebooks_are_pulled(
    students: tuple[Student, Student], hub_session: HubSession
) -> None:
    """~/course/notebooks exists and belongs to the student."""
    if not _committed(hub_session, "notebooks"):
        pytest.skip("no notebooks/ committed yet, so nbgitpuller has none to pull")
    for student in students:
        notebooks = student.home / NOTEBOOKS
        assert notebooks.is_dir()
        assert student.owns(notebooks)
        assert all(student.owns(path) for path in notebooks.rglob("*"))


def test_kernel_runs_as_its_student(students: tuple[Student, Student]) -> None:
    """A kernel in each server runs as that student, in the requested directory."""
    code = (
        "import os, getpass, pwd\n"
        "print(getpass.getuser(), pwd.getpwuid(os.getuid()).pw_name, os.getcwd())"
    )
    for student in students:
        cwd = NOTEBOOKS if (student.home / NOTEBOOKS).is_dir() else COURSE_TARGET
        result = student.run(code, cwd=cwd)
        assert result.stdout.split() == [student.name, student.name, str(student.home / cwd)]


def test_course_utils_is_not_installed_in_student_env(students: tuple[Student, Student]) -> None:
    """The student env has the course's dependencies but not course_utils itself."""
    result = students[0].run(
        "import importlib.util, yaml, pydantic, ipywidgets\n"
        "print(importlib.util.find_spec('course_utils'))"
    )
    assert result.stdout.strip() == "None"


def test_notebooks_import_the_pulled_course_utils(
    students: tuple[Student, Student], hub_session: HubSession
) -> None:
    """From ~/course/notebooks with '..' on sys.path, course_utils is the pulled copy."""
    if not _committed(hub_session, "course_utils/__init__.py"):
        pytest.skip("course_utils/__init__.py is not committed yet; nothing to import")
    if not _committed(hub_session, "notebooks"):
        pytest.skip("no notebooks/ committed yet; cannot start a kernel there")
    for student in students:
        result = student.run(
            "import sys; sys.path.insert(0, '..')\n"
            "import os, course_utils; print(os.path.realpath(course_utils.__file__))",
            cwd=NOTEBOOKS,
        )
        expected = student.course_dir / "course_utils" / "__init__.py"
        assert result.stdout.strip() == str(expected)
