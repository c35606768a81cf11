"""Every course module in JupyterLab: run all, no errors, every widget rendered, axe clean."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from . import jlab
from .a11y import run_axe
from .servers import LabServer

pytestmark = pytest.mark.browser

# Listed when the tests are collected: modules written later are picked up by the next run.
MODULES = jlab.course_notebooks()
RUN_TIMEOUT_MS = 240_000
NOTEBOOK_AREA = ".jp-NotebookPanel"
# Not grown to the whole notebook: JupyterLab keeps a viewport of empty space below the last cell
# (so the notebook never fits) and a tall layout makes axe ~4x slower. Colour rules, which see
# only the viewport (axe-core#5183), are checked on the whole page in test_voila.
AXE_WHOLE_PAGE = False


@pytest.mark.parametrize("module", MODULES, ids=[path.stem for path in MODULES])
def test_module_runs_clean_in_lab(
    module: Path, lab_page: Page, lab: LabServer, console_errors: list[str]
) -> None:
    name = module.name
    expected = jlab.expected_course_widgets(lab.notebook_dir / name)
    with jlab.opened_notebook(lab_page, lab, name):
        check_module(lab_page, module, expected)
    assert console_errors == [], f"{name}: JavaScript errors in the console:\n" + "\n".join(
        console_errors
    )


def check_module(page: Page, module: Path, expected: dict[str, int]) -> None:
    """Run all cells of the open module and check errors, widgets, alt texts and axe."""
    name = module.name
    jlab.run_all_cells(page, timeout_ms=RUN_TIMEOUT_MS)

    errors = jlab.cell_errors(page)
    assert errors == [], f"{name}: {len(errors)} cell(s) show an error:\n" + "\n---\n".join(errors)
    jlab.expect_course_widgets(page, expected, name)
    jlab.expect_charts_with_alt(page, expected[".cu-explorer"], name)
    jlab.scroll_to_first_widget(page)
    jlab.screenshot(page, f"lab-{module.stem}")

    failures = jlab.widget_failures(page)
    assert failures == [], f"{name}: widget(s) not rendered (placeholder or text repr):\n" + (
        "\n---\n".join(failures)
    )

    report = run_axe(page, NOTEBOOK_AREA, whole_page=AXE_WHOLE_PAGE)
    report.save(f"lab-{module.stem}")
    report.warn()
    assert report.content == [], f"{name}: axe violations in course content:\n{report.summary()}"
