"""A student's interactions in JupyterLab: quiz feedback, explorer, case, reflection, keyboard.

Module 01 is opened and run once for the module; its tests use different questions so that no
test sees another's answers. Right answers come from the YAML banks, never from the page.
"""

from __future__ import annotations

import re
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from course_utils import case_machine
from course_utils.case_machine import load_case, node_by_id
from course_utils.progress import FILE_NAME, Store, learner_id
from course_utils.schema import CaseDialogue, Node, Reply, SingleChoice

from . import jlab
from .a11y import run_axe
from .conftest import LabApp
from .servers import shutdown_sessions

pytestmark = pytest.mark.browser

MODULE_01 = "01_therapeutic_relationship.ipynb"
RUN_TIMEOUT_MS = 240_000
REFLECTION_TEXT = "Trust grew because she came back every week and remembered what I had said."
REASON_TEXT = "It stays with what the client just said."
Step = tuple[Node, Reply]  # a turn of a case dialogue: where it stands, what is said
# Where module 01's case dialogue is, else the first module with one: (notebook, case id).
CASE = jlab.first_case(jlab.course_notebooks())


@dataclass
class OpenModule:
    """A module notebook open and run in JupyterLab, with its single-choice questions."""

    page: Page
    singles: list[tuple[int, SingleChoice]]  # (index among .cu-question, question)


@pytest.fixture(scope="module")
def module_01(lab_app: LabApp) -> Iterator[OpenModule]:
    """Module 01 opened and run once in the module's JupyterLab."""
    shutdown_sessions(lab_app.server)
    jlab.open_from_path(lab_app.page, MODULE_01)
    jlab.run_all_cells(lab_app.page, timeout_ms=RUN_TIMEOUT_MS)
    assert jlab.cell_errors(lab_app.page) == [], f"{MODULE_01} shows errors after Run All"
    singles = [
        (index, question)
        for index, question in enumerate(
            jlab.quiz_questions(lab_app.server.notebook_dir / MODULE_01)
        )
        if isinstance(question, SingleChoice)
    ]
    assert len(singles) >= 3, f"{MODULE_01}: these tests need three single-choice questions"
    yield OpenModule(lab_app.page, singles)
    shutdown_sessions(lab_app.server)


def no_console_errors(console_errors: list[str]) -> None:
    """Fail with the messages if the page logged JavaScript errors."""
    assert console_errors == [], "JavaScript errors in the console:\n" + "\n".join(console_errors)


def single_choice(module: OpenModule, which: int) -> tuple[Locator, SingleChoice]:
    """The `which`-th single-choice question of the module: its box and its bank entry."""
    index, question = module.singles[which]
    box = jlab.question(module.page, index)
    box.scroll_into_view_if_needed()
    return box, question


def test_case_dialogue_plays_to_its_end(
    request: pytest.FixtureRequest, lab_app: LabApp, lab_page: Page, console_errors: list[str]
) -> None:
    assert CASE is not None, "no module notebook calls case(...)"
    notebook, case_id = CASE
    if notebook == MODULE_01:
        play_case(request.getfixturevalue("module_01").page, case_id)
    else:
        # Runs before module 01 is opened in the same JupyterLab (this test comes first).
        expect(lab_page.locator(jlab.PANEL), "another notebook is open").to_have_count(0)
        with jlab.opened_notebook(lab_page, lab_app.server, notebook):
            jlab.run_all_cells(lab_page, timeout_ms=RUN_TIMEOUT_MS)
            assert jlab.cell_errors(lab_page) == [], f"{notebook} shows errors after Run All"
            play_case(lab_page, case_id)
    no_console_errors(console_errors)


def play_case(page: Page, case_id: str) -> None:
    """Play the case to its end in the open notebook and check the closing summary."""
    dialogue = load_case(case_id)
    box = page.locator(".cu-case").filter(has_text=dialogue.title).first
    box.scroll_into_view_if_needed()
    turns, last = play_route(box, dialogue)

    ending = box.locator(".cu-ending")
    expect(ending).to_contain_text("How the session ended")
    if last is not None and last.ending:
        expect(ending).to_contain_text(jlab.plain_text(last.ending))
    expect(box.locator(".cu-summary tbody tr")).to_have_count(turns)
    expect(box.get_by_role("button", name="Say this")).to_be_hidden()
    expect(box.get_by_role("button", name="Start again")).to_be_visible()
    alt = box.locator(jlab.CHART_IMG).get_attribute("alt") or ""
    assert alt.strip(), "the case's closing chart has an empty alt text"


def shortest_route(
    dialogue: CaseDialogue, start: Node, goal: Callable[[Node | None], bool]
) -> list[Step] | None:
    """The fewest (node, reply) steps from `start` to a node meeting `goal` (None: the end)."""
    if goal(start):
        return []
    queue: deque[tuple[Node, list[Step]]] = deque([(start, [])])
    seen = {start.id}
    while queue:
        node, steps = queue.popleft()
        for reply in node.replies:
            after = node_by_id(dialogue, reply.next) if reply.next else None
            route = [*steps, (node, reply)]
            if goal(after):
                return route
            if after is not None and after.id not in seen:
                seen.add(after.id)
                queue.append((after, route))
    return None


def ended(node: Node | None) -> bool:
    """True where a dialogue is over: no next node, or a node with an ending."""
    return node is None or node.ending is not None


def asks_why(node: Node | None) -> bool:
    """True for a node that asks the student for a reason."""
    return node is not None and node.ask_why


def route_to_an_end(dialogue: CaseDialogue) -> list[Step]:
    """(node, reply) steps to an ending, through a node that asks why if there is one."""
    start = node_by_id(dialogue, dialogue.start)
    to_why = shortest_route(dialogue, start, asks_why)
    if to_why is not None:
        why_node = node_by_id(dialogue, to_why[-1][1].next) if to_why else start
        rest = shortest_route(dialogue, why_node, ended)
        if rest is not None:
            return to_why + rest
    route = shortest_route(dialogue, start, ended)
    assert route, f"{dialogue.case}: no route reaches an end"
    return route


def play_route(box: Locator, dialogue: CaseDialogue) -> tuple[int, Node | None]:
    """Play a route to an end (giving a reason when asked); return the turns and the last node."""
    route = route_to_an_end(dialogue)
    state = case_machine.start(dialogue)
    for turn, (_, reply) in enumerate(route, start=1):
        node = state.current  # as the student sees it: text may depend on the simulated values
        assert node is not None
        # The turn counter is drawn last, so the replies and reason box are up to date.
        expect(box.locator(".cu-meters")).to_contain_text(f"Turn {turn}.")
        expect(box.locator(".cu-client").last).to_contain_text(jlab.plain_text(node.client))
        box.get_by_role("radio", name=reply.text, exact=True).check()
        if node.ask_why:
            box.locator(".cu-reason input").fill(REASON_TEXT)
        box.get_by_role("button", name="Say this").click()
        expect(box.locator(".cu-turn")).to_have_count(turn)
        expect(box.locator(".cu-you").last).to_contain_text(reply.text)
        expect(box.locator(".cu-case-feedback").last).to_contain_text(
            jlab.plain_text(reply.feedback)
        )
        if node.ask_why:
            expect(box.locator(".cu-why").last).to_contain_text(REASON_TEXT)
        state = state.choose(reply.id, REASON_TEXT if node.ask_why else "")
    return len(route), state.current


def test_quiz_feedback_for_a_wrong_then_a_right_answer(
    lab_page: Page, module_01: OpenModule, console_errors: list[str]
) -> None:
    box, question = single_choice(module_01, 0)
    wrong = next(option for option in question.options if not option.correct)
    right = next(option for option in question.options if option.correct)
    feedback = jlab.feedback(box)
    expect(box, "the answer key is in the page before any check").not_to_contain_text(
        jlab.plain_text(right.feedback)
    )

    box.get_by_role("radio", name=wrong.text, exact=True).check()
    jlab.check_answer_button(box).click()
    expect(feedback).to_contain_text("✘ Not quite.")
    expect(feedback).to_contain_text(f"A wrong option — you chose it: {wrong.text}")
    expect(feedback).to_contain_text(jlab.plain_text(wrong.feedback))
    expect(feedback).to_contain_text("Change your answer and check again")
    expect(feedback, "the right option is revealed after one wrong try").not_to_contain_text(
        jlab.plain_text(right.feedback)
    )

    box.get_by_role("radio", name=right.text, exact=True).check()
    jlab.check_answer_button(box).click()
    expect(feedback).to_contain_text("✔ Correct.")
    expect(feedback).to_contain_text(f"A right option — you chose it: {right.text}")
    expect(feedback).to_contain_text(jlab.plain_text(right.feedback))
    if question.explanation:
        expect(feedback).to_contain_text(jlab.plain_text(question.explanation))
    expect(feedback).not_to_contain_text("Change your answer and check again")
    no_console_errors(console_errors)


def test_explorer_slider_redraws_chart_and_description(
    lab_page: Page, module_01: OpenModule, console_errors: list[str]
) -> None:
    explorer = lab_page.locator(".cu-explorer").first
    explorer.scroll_into_view_if_needed()
    handle = explorer.locator(".noUi-handle").first
    image = explorer.locator(jlab.CHART_IMG)
    description = explorer.locator(".cu-description")
    old_src = image.get_attribute("src")
    old_description = description.inner_text()
    old_value = handle.get_attribute("aria-valuetext")

    handle.focus()
    lab_page.keyboard.press("ArrowRight")
    expect(handle).not_to_have_attribute("aria-valuetext", old_value or "")
    expect(image, "the chart image did not change after the slider moved").not_to_have_attribute(
        "src", old_src or ""
    )
    jlab.settled_attribute(image, "src")
    expect(description).not_to_have_text(old_description)
    alt = image.get_attribute("alt") or ""
    assert alt.strip(), "the redrawn chart has an empty alt text"
    expect(description, "the description under the chart differs from its alt text").to_have_text(
        alt
    )
    no_console_errors(console_errors)


def test_chart_keyboard_walk_and_table_of_numbers(
    lab_page: Page, module_01: OpenModule, console_errors: list[str]
) -> None:
    """A student who cannot see the chart reaches it with Tab, steps through its numbers with
    the arrow keys (each point announced), and opens its table from the keyboard."""
    explorer = lab_page.locator(".cu-explorer").first
    explorer.scroll_into_view_if_needed()
    chart = explorer.locator(".cu-chart-canvas")
    status = explorer.locator(".cu-chart-status")
    expect(chart).to_have_attribute("role", "application")
    expect(chart).to_have_accessible_name(re.compile(r"simulated", re.IGNORECASE))
    explorer.locator(".noUi-handle").last.focus()
    jlab.tab_until(lab_page, chart, max_presses=8)

    lab_page.keyboard.press("ArrowRight")
    expect(status).to_contain_text("Point 2 of")
    lab_page.keyboard.press("End")
    announced = status.inner_text()
    count = re.search(r"Point (\d+) of (\d+)", announced)
    assert count and count.group(1) == count.group(2), f"End did not reach the end: {announced}"
    lab_page.keyboard.press("ArrowDown")
    expect(status).not_to_have_text(announced)
    expect(status).to_contain_text("Point 1 of")
    assert jlab.active_cell_index(lab_page) >= 0  # the notebook kept its place

    toggle = explorer.get_by_role("button", name="Show the numbers")
    jlab.tab_until(lab_page, toggle, max_presses=4)
    lab_page.keyboard.press("Enter")
    tables = explorer.locator("table.cu-numbers")
    expect(tables.first).to_be_visible()
    expect(tables.first.locator("caption")).to_contain_text("Simulated")
    before = tables.first.inner_text()
    handle = explorer.locator(".noUi-handle").first
    handle.focus()
    for _ in range(3):
        lab_page.keyboard.press("ArrowRight")
    expect(tables.first, "the table did not follow the slider").not_to_have_text(before)
    jlab.screenshot(lab_page, "chart-numbers-table")
    no_console_errors(console_errors)


def use_theme(page: Page, theme: str) -> None:
    """Choose a JupyterLab theme from the Settings menu and wait until it is applied."""
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Settings$")).click()
    page.locator('.lm-Menu-item[data-type="submenu"]', has_text="Theme").first.hover()
    page.locator(".lm-Menu-item", has_text=theme).first.click()
    expect(page.locator("body")).to_have_attribute("data-jp-theme-name", theme)


def test_course_widgets_stay_legible_in_the_dark_theme(
    lab_page: Page, module_01: OpenModule
) -> None:
    """In JupyterLab Dark, the chart card, feedback and case text keep AA contrast (axe)."""
    try:
        use_theme(lab_page, "JupyterLab Dark")
        explorer = lab_page.locator(".cu-explorer").first
        explorer.scroll_into_view_if_needed()
        jlab.screenshot(lab_page, "dark-theme-explorer")
        report = run_axe(lab_page, ".cu-box", whole_page=False)
        report.save("lab-dark-theme")
        assert report.content == [], f"axe in the dark theme:\n{report.summary()}"
    finally:
        use_theme(lab_page, "JupyterLab Light")


def test_keyboard_only_answer_with_tab_arrows_and_enter(
    lab_page: Page, module_01: OpenModule, console_errors: list[str]
) -> None:
    box, question = single_choice(module_01, 1)
    radios = box.get_by_role("radio")
    check = jlab.check_answer_button(box)
    feedback = jlab.feedback(box)
    expect(radios, "the page shows another question").to_have_count(len(question.options))

    box.locator(".cu-stem").click()
    jlab.tab_until(lab_page, radios.first)
    lab_page.keyboard.press("Tab")  # the options are one Tab stop: the next one is the button
    expect(check, "Tab stopped on another option of the same question").to_be_focused()
    lab_page.keyboard.press("Shift+Tab")
    expect(radios.first).to_be_focused()
    lab_page.keyboard.press("ArrowDown")
    expect(radios.nth(1)).to_be_checked()
    jlab.tab_until(lab_page, check)
    lab_page.keyboard.press("Enter")
    expect(feedback).to_contain_text(f"you chose it: {jlab.label_of(radios.nth(1))}")

    lab_page.keyboard.press("Shift+Tab")
    expect(radios.nth(1), "Shift+Tab returns to the chosen option").to_be_focused()
    lab_page.keyboard.press("ArrowUp")
    lab_page.keyboard.press("ArrowUp")  # from the first option the arrows wrap to the last
    expect(radios.last).to_be_checked()
    jlab.tab_until(lab_page, check)
    lab_page.keyboard.press("Space")
    expect(feedback).to_contain_text(f"you chose it: {jlab.label_of(radios.last)}")
    no_console_errors(console_errors)


def test_each_question_is_a_radio_group_named_by_its_stem(
    lab_page: Page, module_01: OpenModule
) -> None:
    box, _ = single_choice(module_01, 0)
    stem = " ".join(box.locator(".cu-stem").inner_text().split())
    group = box.get_by_role("radiogroup")
    expect(group).to_have_count(1)
    expect(group).to_have_accessible_name(stem)
    names = group.get_by_role("radio").evaluate_all("inputs => inputs.map(i => i.name)")
    assert len(set(names)) == 1 and names[0], f"the options do not share one name: {names}"
    titled = lab_page.locator('.cu-box [title="null"]')
    expect(titled, 'a course widget carries title="null"').to_have_count(0)


def test_keyboard_arrow_keys_move_between_options(
    lab_page: Page, module_01: OpenModule, console_errors: list[str]
) -> None:
    box, _question = single_choice(module_01, 2)
    radios = box.get_by_role("radio")
    box.locator(".cu-stem").click()
    jlab.tab_until(lab_page, radios.first)
    active_cell = jlab.active_cell_index(lab_page)
    lab_page.keyboard.press("ArrowDown")
    focused = lab_page.evaluate("() => document.activeElement?.className ?? ''")
    assert radios.nth(1).is_checked(), f"ArrowDown chose nothing; the focus went to {focused!r}"
    assert jlab.is_focused(radios.nth(1)), f"ArrowDown moved the focus to {focused!r}"
    assert jlab.active_cell_index(lab_page) == active_cell, "ArrowDown also selected another cell"
    no_console_errors(console_errors)


def test_plain_keys_in_a_widget_leave_the_notebook_alone(
    lab_page: Page, module_01: OpenModule, console_errors: list[str]
) -> None:
    """In command mode "D D" deletes a cell and "M" makes it Markdown; not from inside a quiz."""
    box, _question = single_choice(module_01, 2)
    box.locator(".cu-stem").click()
    chosen = box.locator("input[type=radio]:checked")  # Tab enters a group at its chosen option
    jlab.tab_until(lab_page, chosen if chosen.count() else box.get_by_role("radio").first)
    cells = lab_page.locator(".jp-Notebook .jp-Cell")
    count, active_cell = cells.count(), jlab.active_cell_index(lab_page)
    for key in ("d", "d", "m", "b", "x"):
        lab_page.keyboard.press(key)
    assert cells.count() == count, "a key pressed in a quiz added or deleted a cell"
    assert jlab.active_cell_index(lab_page) == active_cell
    expect(cells.nth(active_cell)).to_have_class(re.compile(r"jp-CodeCell"))
    no_console_errors(console_errors)


def wait_for_saved_reflection(data_dir: Path, text: str, timeout_s: float = 15) -> None:
    """Wait until the student's store holds a reflection with exactly `text`."""
    store = Store(data_dir / FILE_NAME, learner_id())
    try:
        deadline = time.monotonic() + timeout_s
        while text not in {saved.text for saved in store.reflections()}:
            assert time.monotonic() < deadline, f"no reflection was saved as {text!r}"
            time.sleep(0.2)
    finally:
        store.close()


def test_reflection_survives_kernel_restart_and_reload(
    lab_app: LabApp, lab_page: Page, module_01: OpenModule, console_errors: list[str]
) -> None:
    reflection = lab_page.locator(".cu-reflection").first
    reflection.scroll_into_view_if_needed()
    expect(reflection.locator(".cu-saved"), "the reflection was saved before").to_have_count(0)
    reflection.locator("textarea").press_sequentially(REFLECTION_TEXT)
    # Saved as the student types (debounced): no Save button press.
    expect(reflection.locator(".cu-saved")).to_contain_text("Saved at")
    # A pause while typing saves part of the text first: wait for the save after the last key.
    wait_for_saved_reflection(lab_app.server.data_dir, REFLECTION_TEXT)

    jlab.restart_kernel(lab_page)
    jlab.reload(lab_page)
    jlab.run_all_cells(lab_page, timeout_ms=RUN_TIMEOUT_MS)

    reflection = lab_page.locator(".cu-reflection").first
    expect(reflection.locator("textarea")).to_have_value(REFLECTION_TEXT)
    expect(reflection.locator(".cu-saved")).to_contain_text("Saved at")
    no_console_errors(console_errors)
