"""The hub and Binder image serves the Voila view: an environment built from environment.yml,
as repo2docker builds it, opens a module in Voila with its widgets working.

repo2docker makes a conda environment with the Python that environment.yml names and runs its
pip section from the repository's root. Conda is not needed to check what that gives: the
Python here is the one named (3.11), so a fresh virtual environment with the same pip lines
installs the same packages. Nothing from the test environment leaks in.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import venv
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page, expect

from . import jlab, voila
from .servers import (
    VoilaServer,
    voila_running,
)

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
MODULE = "01_therapeutic_relationship.ipynb"


def environment() -> tuple[str, list[str]]:
    """The Python version and the pip lines environment.yml asks for."""
    spec = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    python = next(d.split("=", 1)[1] for d in spec["dependencies"] if str(d).startswith("python="))
    pip = [line for d in spec["dependencies"] if isinstance(d, dict) for line in d["pip"]]
    return python, pip


@pytest.fixture(scope="module")
def hub_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    python, pip_lines = environment()
    here = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert here == python, f"environment.yml names Python {python}; these tests run on {here}"
    root = tmp_path_factory.mktemp("hub-env")
    venv.create(root, with_pip=True, clear=True)
    executable = root / "bin" / "python"
    for line in pip_lines:
        subprocess.run(
            [executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
             *shlex.split(line)],
            cwd=REPO, check=True, timeout=900,
        )  # fmt: skip
    return executable


@pytest.fixture(scope="module")
def hub_voila(
    hub_python: Path, browser_env: None, browser_tmp: Path, notebook_dir: Path
) -> Iterator[VoilaServer]:
    with voila_running(browser_tmp / "hub-voila", notebook_dir, hub_python) as server:
        yield server


def test_the_hub_environment_serves_a_module_in_voila(
    hub_python: Path, hub_voila: VoilaServer, page: Page, console_errors: list[str]
) -> None:
    packages = subprocess.run(
        [hub_python, "-m", "pip", "list", "--format=freeze"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "voila==" in packages and "course-utils" not in packages

    cells = voila.open_dashboard(page, hub_voila, MODULE)
    explorer = cells.locator(".cu-explorer").first
    expect(explorer).to_be_visible()
    expect(explorer.locator(jlab.CHART_IMG)).to_have_attribute("alt", re.compile(r"\S"))
    expect(cells.locator(".cu-question").first).to_be_visible()
    assert jlab.widget_failures(page) == []
    explorer.scroll_into_view_if_needed()
    jlab.screenshot(page, "hub-environment-voila")
    assert console_errors == [], console_errors
