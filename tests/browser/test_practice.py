"""The practice studio in JupyterLab and in Voila, keyboard only: type a reply, submit, see what
kind of reply it read, tick a criterion, rate the statement and get the next one; axe finds
nothing serious, and screenshots are saved at each step."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from . import jlab, voila
from .a11y import run_axe
from .conftest import LabApp
from .servers import VoilaServer, shutdown_sessions

pytestmark = pytest.mark.browser

NOTEBOOK = "practice_keyboard.ipynb"
REPLY = "What did your tutor notice that made them suggest coming here?"
CALL = 'from course_utils import practice\n\npractice("open-questions")'


@pytest.fixture(scope="module")
def practice_notebook(notebook_dir: Path) -> str:
    jlab.write_notebook(notebook_dir / NOTEBOOK, CALL)
    return NOTEBOOK


def work_through_by_keyboard(page: Page, studio: Locator, name: str) -> None:
    """From the statement, Tab to the text area, type, submit with Enter, tick the first
    criterion with Space, choose "Too easy" with Space, press Next statement with Enter."""
    expect(studio.locator(".cu-practice-level")).to_contain_text("Level: Beginner")
    studio.locator(".cu-practice-statement").click()
    text = studio.get_by_role("textbox", name="Your reply")
    jlab.tab_until(page, text)
    page.keyboard.type(REPLY)
    jlab.tab_until(page, studio.get_by_role("button", name="Submit reply"))
    page.keyboard.press("Enter")
    feedback = studio.locator(".cu-practice-feedback")
    expect(feedback).to_contain_text("It reads as an open question.")
    expect(feedback).to_contain_text("not how good it is")
    expect(studio.locator(".cu-practice-models")).to_contain_text("Two model replies")
    jlab.screenshot(page, f"{name}-feedback")

    first = studio.get_by_role("checkbox").first
    expect(first, "focus moves to the checklist after submitting").to_be_focused()
    page.keyboard.press("Space")
    expect(first).to_be_checked()
    expect(studio.get_by_role("radiogroup", name="How hard was that statement?")).to_have_count(1)
    too_easy = studio.get_by_role("radio", name="Too easy")
    jlab.tab_until(page, too_easy)
    page.keyboard.press("Space")
    expect(too_easy).to_be_checked()
    jlab.tab_until(page, studio.get_by_role("button", name="Next statement"))
    page.keyboard.press("Enter")
    expect(studio.locator(".cu-practice-level")).to_contain_text("Level: Intermediate")
    expect(studio.locator(".cu-practice-feedback")).to_have_count(0)
    expect(text).to_have_value("")
    expect(text, "focus moves to the new reply's text area").to_be_focused()
    studio.scroll_into_view_if_needed()
    jlab.screenshot(page, f"{name}-next")


def expect_axe_clean(page: Page, name: str) -> None:
    report = run_axe(page)
    report.save(name)
    report.warn()
    assert report.content == [], f"{name}: axe violations in the studio:\n{report.summary()}"


def test_practice_by_keyboard_in_jupyterlab(
    lab_app: LabApp, lab_page: Page, practice_notebook: str, console_errors: list[str]
) -> None:
    shutdown_sessions(lab_app.server)
    jlab.open_from_path(lab_page, practice_notebook)
    jlab.run_all_cells(lab_page)
    assert jlab.cell_errors(lab_page) == []
    studio = jlab.wait_for_widgets(lab_page, ".cu-practice").first
    studio.scroll_into_view_if_needed()
    jlab.screenshot(lab_page, "practice-lab-start")
    work_through_by_keyboard(lab_page, studio, "practice-lab")
    # feedback shown again for axe: submit a second reply
    studio.get_by_role("textbox", name="Your reply").fill("<b>Did</b> you sleep?")
    studio.get_by_role("button", name="Submit reply").click()
    expect(studio.locator(".cu-practice-reply")).to_contain_text("<b>Did</b> you sleep?")
    expect_axe_clean(lab_page, "practice-lab")
    assert console_errors == []
    jlab.close_notebook(lab_page)


def test_practice_by_keyboard_in_voila(
    page: Page, voila_server: VoilaServer, practice_notebook: str, console_errors: list[str]
) -> None:
    voila.open_dashboard(page, voila_server, practice_notebook)
    studio = jlab.wait_for_widgets(page, ".cu-practice").first
    jlab.screenshot(page, "practice-voila-start")
    work_through_by_keyboard(page, studio, "practice-voila")
    studio.get_by_role("textbox", name="Your reply").fill("Ich weiß nicht, was ich sagen soll.")
    studio.get_by_role("button", name="Submit reply").click()
    expect(studio.locator(".cu-practice-feedback")).to_contain_text("I can't tell")
    jlab.screenshot(page, "practice-voila-cant-tell")
    expect_axe_clean(page, "practice-voila")
    assert console_errors == []


CAPSTONE = "capstone_typed.ipynb"


def test_capstone_typed_reply_in_voila(
    page: Page, voila_server: VoilaServer, notebook_dir: Path, console_errors: list[str]
) -> None:
    """Type a first reply to Maya instead of choosing: the dialogue goes on, and the transcript
    shows the words typed and what kind of reply was read in them."""
    jlab.write_notebook(
        notebook_dir / CAPSTONE, 'from course_utils import case\ncase("09-capstone")'
    )
    voila.open_dashboard(page, voila_server, CAPSTONE)
    dialogue = jlab.wait_for_widgets(page, ".cu-case").first
    typed = dialogue.get_by_role(
        "textbox", name="Say it in your own words: your first reply to Maya"
    )
    typed.click()
    page.keyboard.type("It sounds like part of you isn't sure you deserve to be here.")
    jlab.tab_until(page, dialogue.get_by_role("button", name="Say it"))
    page.keyboard.press("Enter")
    turn = dialogue.locator(".cu-turn").first
    expect(turn).to_contain_text("You typed: It sounds like part of you")
    expect(turn).to_contain_text("The form it read:")
    jlab.screenshot(page, "capstone-typed-voila", full_page=True)
    expect_axe_clean(page, "capstone-typed-voila")
    assert console_errors == []
