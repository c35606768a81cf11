"""A module as a Voila app, as a screen-reader user and a user of a small or zoomed screen meet
it: every control in the accessibility tree has a role and a name, and no label is cut off at
320 CSS px wide (WCAG 1.4.10 reflow) or at 200% zoom of a 1280 px window."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from . import jlab, voila
from .servers import VoilaServer

pytestmark = pytest.mark.browser

MODULE = "01_therapeutic_relationship.ipynb"
CASE_MODULE = "02_communication.ipynb"
CONTROL_ROLES = ("button", "radio", "checkbox", "slider", "textbox", "spinbutton", "combobox")
#: Widths in CSS px: a 320 px phone (or 1280 px at 400%), a 1280 px window at 200%, and at 100%.
WIDTHS = (320, 640, 1280)
#: Every module with an explorer.
REFLOW_MODULES = [path.name for path in sorted(jlab.REPO_NOTEBOOKS.glob("0[1-9]_*.ipynb"))]
#: Text-bearing parts of course widgets that must show their whole text (a button, sized to its
#: text, also inside whatever clips it).
TEXT_PARTS = (
    ".cu-box .widget-label, .cu-box label, .cu-box button, .cu-box .widget-html-content, "
    ".cu-box .cu-chart-status, .cu-box caption"
)
_CLIPPED_JS = """
(selector) => {
  const clipper = (e) => {
    for (let a = e.parentElement; a; a = a.parentElement) {
      if (['hidden', 'clip'].includes(getComputedStyle(a).overflowX)) return a;
    }
    return document.documentElement;
  };
  const right = (e) => e.getBoundingClientRect().right;
  return [...document.querySelectorAll(selector)]
    .filter(e => e.offsetParent !== null && e.clientWidth > 0)
    .filter(e => (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'auto')
      || (e.tagName === 'BUTTON' && right(e) > right(clipper(e)) + 1))
    .map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').trim().slice(0, 60));
}
"""


def open_with_widgets(page: Page, server: VoilaServer, module: str) -> None:
    """Open the module in Voila and wait until every course widget has rendered."""
    voila.open_dashboard(page, server, module)
    expected = jlab.expected_course_widgets(server.notebook_dir / module)
    jlab.expect_course_widgets(page, expected, module)


def named_controls(page: Page) -> dict[str, int]:
    """How many controls of each role the course widgets hold; fails on one without a name."""
    counts = {}
    for role in CONTROL_ROLES:
        controls = page.locator(".cu-box").get_by_role(role)
        counts[role] = controls.count()
        for index in range(counts[role]):
            expect(controls.nth(index), f"a {role} without a name").to_have_accessible_name(
                re.compile(r"\S")
            )
    return counts


@pytest.mark.parametrize("module", [MODULE, CASE_MODULE])
def test_every_control_has_a_role_and_a_name(
    module: str, page: Page, voila_server: VoilaServer
) -> None:
    open_with_widgets(page, voila_server, module)
    counts = named_controls(page)
    assert counts["radio"] > 0 and counts["button"] > 0 and counts["slider"] > 0, counts
    chart = page.locator(".cu-chart-canvas").first
    expect(chart).to_have_attribute("role", "application")
    expect(chart).to_have_accessible_name(re.compile(r"simulated", re.IGNORECASE))
    tree = page.locator(".cu-quiz").first.aria_snapshot()
    assert re.search(r"radiogroup \"[^\"]+\"", tree), tree


@pytest.mark.parametrize("module", REFLOW_MODULES)
@pytest.mark.parametrize("width", WIDTHS)
def test_no_label_is_cut_off_on_a_narrow_or_zoomed_screen(
    width: int, module: str, page: Page, voila_server: VoilaServer
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    open_with_widgets(page, voila_server, module)
    explorer = page.locator(".cu-explorer").last
    explorer.scroll_into_view_if_needed()
    jlab.screenshot(page, f"voila-{width}px-{module[:2]}-explorer")
    clipped = page.evaluate(_CLIPPED_JS, TEXT_PARTS)
    assert clipped == [], f"at {width} CSS px, text is cut off:\n" + "\n".join(clipped)
    wide = page.evaluate("() => document.documentElement.scrollWidth")
    assert wide <= width + 1, f"at {width} CSS px the page scrolls sideways ({wide} px wide)"


def test_a_chart_can_be_walked_and_tabulated_from_the_keyboard_in_voila(
    page: Page, voila_server: VoilaServer
) -> None:
    open_with_widgets(page, voila_server, MODULE)
    explorer = page.locator(".cu-explorer").first
    chart = explorer.locator(".cu-chart-canvas")
    status = explorer.locator(".cu-chart-status")
    explorer.locator(".noUi-handle").last.focus()
    jlab.tab_until(page, chart, max_presses=8)
    page.keyboard.press("Home")
    expect(status).to_contain_text("Point 1 of")
    page.keyboard.press("ArrowRight")
    expect(status).to_contain_text("Point 2 of")
    toggle = explorer.get_by_role("button", name="Show the numbers")
    jlab.tab_until(page, toggle, max_presses=4)
    page.keyboard.press("Enter")
    expect(explorer.locator("table.cu-numbers").first).to_be_visible()
    expect(explorer.locator("button[aria-controls]")).to_have_attribute("aria-expanded", "true")
