"""Smoke tests proving the browser harness: JupyterLab, Voila, widgets, axe, restart/reload."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from . import jlab, voila
from .a11y import run_axe
from .servers import LabServer, VoilaServer

pytestmark = pytest.mark.browser

SMOKE_NOTEBOOK = "browser-smoke.ipynb"
BROKEN_NOTEBOOK = "browser-broken.ipynb"
SLIDER = ".widget-slider"


@pytest.fixture(scope="session")
def smoke_notebook(notebook_dir: Path) -> str:
    """A one-cell notebook with an IntSlider in a course box, written into the notebook copy."""
    jlab.write_notebook(
        notebook_dir / SMOKE_NOTEBOOK,
        "import ipywidgets as w\nfrom course_utils.view import CourseBox\n"
        'CourseBox([w.IntSlider(description="x")], "cu-smoke")',
    )
    return SMOKE_NOTEBOOK


@pytest.fixture(scope="session")
def broken_notebook(notebook_dir: Path) -> str:
    """A notebook with an unrendered widget repr, a stderr line and an exception."""
    jlab.write_notebook(
        notebook_dir / BROKEN_NOTEBOOK,
        "from IPython.display import display\n"
        "display({'text/plain': 'VBox(children=(IntSlider(value=0),))'}, raw=True)",
        "import sys\nprint('a warning', file=sys.stderr)",
        "1 / 0",
        "print('never runs')",
    )
    return BROKEN_NOTEBOOK


def test_lab_run_all_renders_widget(
    page: Page, lab: LabServer, smoke_notebook: str, console_errors: list[str]
) -> None:
    jlab.open_notebook(page, lab, smoke_notebook)
    jlab.run_all_cells(page)

    assert jlab.cell_errors(page) == []
    slider = jlab.wait_for_widgets(page, SLIDER)
    expect(slider).to_have_count(1)
    expect(slider.locator(".widget-label")).to_have_text("x")
    assert jlab.widget_failures(page) == []

    report = run_axe(page)
    report.save("smoke-lab")
    report.warn()
    assert report.content == [], report.summary()

    jlab.screenshot(page, "smoke-lab")
    assert console_errors == []


def test_lab_restart_kernel_and_reload(
    page: Page, lab: LabServer, smoke_notebook: str, console_errors: list[str]
) -> None:
    jlab.open_notebook(page, lab, smoke_notebook)
    jlab.run_all_cells(page)
    jlab.wait_for_widgets(page, SLIDER)

    jlab.restart_kernel(page)
    jlab.reload(page)
    jlab.run_all_cells(page)

    assert jlab.cell_errors(page) == []
    expect(jlab.wait_for_widgets(page, SLIDER)).to_have_count(1)
    assert jlab.widget_failures(page) == []
    expect(page.locator(".jp-CodeCell .jp-InputPrompt").first).to_contain_text("[1]")
    assert console_errors == []


def test_voila_renders_widget_without_code(
    page: Page, voila_server: VoilaServer, smoke_notebook: str, console_errors: list[str]
) -> None:
    voila.open_dashboard(page, voila_server, smoke_notebook)

    expect(jlab.wait_for_widgets(page, SLIDER)).to_have_count(1)
    expect(page.locator(".jp-InputArea")).to_have_count(0)
    expect(page.get_by_text("import ipywidgets")).to_have_count(0)
    assert jlab.cell_errors(page) == []
    assert jlab.widget_failures(page) == []

    report = run_axe(page)
    report.save("smoke-voila")
    report.warn()
    assert report.content == [], report.summary()

    jlab.screenshot(page, "smoke-voila")
    assert console_errors == []


def test_lab_detects_errors_and_unrendered_widgets(
    page: Page, lab: LabServer, broken_notebook: str
) -> None:
    jlab.open_notebook(page, lab, broken_notebook)
    jlab.run_all_cells(page)

    errors = jlab.cell_errors(page)
    assert len(errors) == 2
    assert "a warning" in errors[0]
    assert "ZeroDivisionError" in errors[1]
    assert jlab.widget_failures(page) == ["VBox(children=(IntSlider(value=0),))"]
    expect(page.locator(jlab.OUTPUT, has_text="never runs")).to_have_count(0)
    expect(page.locator(".jp-CodeCell .jp-InputPrompt").last).to_have_text("[ ]:")
