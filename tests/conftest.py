"""Shared fixtures: every test (and every notebook kernel nbval starts) saves to a temp folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import ipywidgets as widgets
import pytest

from course_utils import progress

REPO = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    # Notebook kernels inherit this, so a test run never writes to the real user data folder.
    os.environ["COURSE_UTILS_DATA_DIR"] = tempfile.mkdtemp(prefix="course-test-data-")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty data folder for one test, with no store cached from earlier tests."""
    folder = tmp_path / "data"
    monkeypatch.setenv("COURSE_UTILS_DATA_DIR", str(folder))
    monkeypatch.setenv("JUPYTERHUB_USER", "student-a")
    progress._store_for.cache_clear()
    yield folder
    progress._store_for.cache_clear()


def restart_kernel() -> None:
    """What a kernel restart does to the package's state: forget every open store."""
    progress._store_for.cache_clear()


def html_containing(box: widgets.Box, css_class: str) -> str:
    """The HTML of the child widget whose markup carries `css_class`."""
    return next(
        child.value
        for child in box.children
        if isinstance(child, widgets.HTML) and f'class="{css_class}"' in child.value
    )
