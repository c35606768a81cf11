"""Every course module as a Voila app: no code, widgets rendered, axe clean.

In module 01 a question is also answered (keyboard only) and a slider moved, before axe runs,
so axe sees the feedback and the redrawn chart too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from course_utils.schema import SingleChoice

from . import jlab, voila
from .a11y import run_axe
from .servers import VoilaServer

pytestmark = pytest.mark.browser

MODULES = jlab.course_notebooks()
MODULE_01 = "01_therapeutic_relationship.ipynb"


@pytest.mark.parametrize("module", MODULES, ids=[path.stem for path in MODULES])
def test_module_as_app(
    module: Path, page: Page, voila_server: VoilaServer, console_errors: list[str]
) -> None:
    name = module.name
    notebook = voila_server.notebook_dir / name
    expected = jlab.expected_course_widgets(notebook)
    cells = voila.open_dashboard(page, voila_server, name)

    errors = jlab.cell_errors(page)
    assert errors == [], f"{name}: {len(errors)} cell(s) show an error:\n" + "\n---\n".join(errors)
    jlab.expect_course_widgets(page, expected, name)
    jlab.expect_charts_with_alt(page, expected[".cu-explorer"], name)
    jlab.screenshot(page, f"voila-{module.stem}")
    jlab.scroll_to_first_widget(page)
    jlab.screenshot(page, f"voila-{module.stem}-widget")

    expect(
        page.locator(".jp-CodeCell .jp-InputArea"), f"{name}: code cells show their input"
    ).to_have_count(0)
    text = " ".join(cells.inner_text().split())
    shown = [src for src in jlab.code_sources(notebook) if " ".join(src.split()) in text]
    assert shown == [], f"{name}: the app shows notebook code:\n" + "\n".join(shown)
    failures = jlab.widget_failures(page)
    assert failures == [], f"{name}: widget(s) not rendered (placeholder or text repr):\n" + (
        "\n---\n".join(failures)
    )
    if name == MODULE_01:
        answer_by_keyboard(page, notebook)
        move_a_slider(page)
        jlab.screenshot(page, f"voila-{module.stem}-used")

    assert console_errors == [], f"{name}: JavaScript errors in the console:\n" + "\n".join(
        console_errors
    )

    report = run_axe(page)
    report.save(f"voila-{module.stem}")
    report.warn()
    assert report.content == [], f"{name}: axe violations in course content:\n{report.summary()}"


def answer_by_keyboard(page: Page, notebook: Path) -> None:
    """Tab from a question to its first option, arrow to the next, check it with Enter."""
    questions = jlab.quiz_questions(notebook)
    index = next(i for i, q in enumerate(questions) if isinstance(q, SingleChoice))
    box = jlab.question(page, index)
    radios = box.get_by_role("radio")
    box.locator(".cu-stem").click()
    jlab.tab_until(page, radios.first)
    page.keyboard.press("ArrowDown")
    expect(radios.nth(1)).to_be_focused()
    expect(radios.nth(1)).to_be_checked()
    jlab.tab_until(page, jlab.check_answer_button(box))
    page.keyboard.press("Enter")
    expect(jlab.feedback(box)).to_contain_text(f"you chose it: {jlab.label_of(radios.nth(1))}")


def move_a_slider(page: Page) -> None:
    """Move the first explorer's first slider one step; the chart and its description change."""
    explorer = page.locator(".cu-explorer").first
    explorer.scroll_into_view_if_needed()
    image = explorer.locator(jlab.CHART_IMG)
    description = explorer.locator(".cu-description")
    old_src = image.get_attribute("src") or ""
    old_description = description.inner_text()
    explorer.locator(".noUi-handle").first.focus()
    page.keyboard.press("ArrowRight")
    expect(image, "the chart image did not change after the slider moved").not_to_have_attribute(
        "src", old_src
    )
    jlab.settled_attribute(image, "src")
    expect(description).not_to_have_text(old_description)
