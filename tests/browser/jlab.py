"""Helpers that drive a notebook in JupyterLab through its real UI (menus, dialogs, DOM).

Notebooks are opened in a fresh, uniquely named workspace so that JupyterLab never restores
tabs from an earlier test. "Run all" goes through the menus: Edit > Clear Outputs of All Cells,
then Run > Run All Cells (commands `editmenu:clear-all`, `runmenu:run-all`). Clearing first
resets every prompt to "[ ]:", so waiting for numbered prompts can only see the new run.
"""

from __future__ import annotations

import html
import json
import re
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from course_utils.content_check import course_calls
from course_utils.quizzes import load_bank
from course_utils.schema import AnyQuestion
from course_utils.text import markdown

from .servers import LabServer, shutdown_sessions

KERNEL_TIMEOUT_MS = 60_000
SCREENSHOT_DIR = Path(__file__).resolve().parent / "screenshots"

PANEL = ".jp-NotebookPanel"
# The status bar's kernel item ("Python 3 (ipykernel) | Idle") shows the real state of the
# current notebook's kernel; the toolbar's execution indicator says "idle" before the kernel
# has even started, so it is not used for waiting.
KERNEL_STATUS = '#jp-main-statusbar .jp-StatusBar-TextItem[title^="Change kernel"]'
OUTPUT = ".jp-OutputArea-output"
STDERR_OUTPUT = f'{OUTPUT}[data-mime-type="application/vnd.jupyter.stderr"]'
TEXT_OUTPUT = f'{OUTPUT}[data-mime-type="text/plain"]'
WIDGET = ".jupyter-widgets"
# What a widget output shows when no widget view was made: the placeholder or error text of
# @jupyter-widgets/jupyterlab-manager, or the plain-text repr, e.g. "VBox(children=(...))".
WIDGET_FAILURE_TEXT = re.compile(r"Loading widget\.\.\.|Error displaying widget")
WIDGET_REPR = re.compile(r"^\s*[A-Z]\w*\((children|value|description|options|layout|style)=")

# Snapshot of a notebook run: kernel status, and per non-empty code cell its prompt text.
_KERNEL_STATUS_JS = f"""
() => (document.querySelector('{KERNEL_STATUS}')?.textContent ?? '')
  .split('|').pop().trim().toLowerCase()
"""
_RUN_STATE_JS = f"""
() => {{
  const panel = document.querySelector('.jp-NotebookPanel');
  const status = ({_KERNEL_STATUS_JS})();
  const prompts = [];
  for (const cell of panel?.querySelectorAll('.jp-CodeCell') ?? []) {{
    const source = cell.querySelector('.cm-content')?.textContent ?? '';
    if (source.trim() !== '') {{
      prompts.push((cell.querySelector('.jp-InputPrompt')?.textContent ?? '').trim());
    }}
  }}
  const failed = !!panel?.querySelector('{STDERR_OUTPUT}');
  return {{status, prompts, failed}};
}}
"""
# True once a run is over: kernel idle, nothing queued ("[*]"), and either every non-empty code
# cell has an execution count or an error stopped the run (stderr output present).
_RUN_FINISHED_JS = f"""
() => {{
  const {{status, prompts, failed}} = ({_RUN_STATE_JS})();
  if (status !== 'idle' || prompts.some(p => p.includes('*'))) return false;
  return failed || prompts.every(p => /\\[\\d+\\]/.test(p));
}}
"""

# Records every kernel status the status bar shows, so a restart cannot be missed.
_WATCH_STATUS_JS = f"""
() => {{
  const seen = window.__kernelStatuses = [];
  const record = () => {{
    const s = ({_KERNEL_STATUS_JS})();
    if (s && seen[seen.length - 1] !== s) seen.push(s);
  }};
  window.__kernelStatusObserver?.disconnect();
  window.__kernelStatusObserver = new MutationObserver(record);
  window.__kernelStatusObserver.observe(document.getElementById('jp-main-statusbar'),
    {{subtree: true, childList: true, characterData: true}});
  record();
}}
"""


def lab_url(server: LabServer, notebook: str, workspace: str | None = None) -> str:
    """URL opening `notebook` (path relative to the notebook dir) in a fresh named workspace."""
    workspace = workspace or f"test-{uuid.uuid4().hex[:12]}"
    return f"{server.url}lab/workspaces/{workspace}/tree/{notebook}?token={server.token}"


def open_notebook(page: Page, server: LabServer, notebook: str) -> Locator:
    """Open `notebook` in JupyterLab, wait until its kernel is idle, and return the panel."""
    page.goto(lab_url(server, notebook))
    return wait_for_notebook(page)


def open_lab(page: Page, server: LabServer) -> None:
    """Load JupyterLab in a fresh workspace (no document open) and wait until it is ready."""
    workspace = f"test-{uuid.uuid4().hex[:12]}"
    page.goto(f"{server.url}lab/workspaces/{workspace}?token={server.token}")
    expect(page.locator(".jp-Launcher")).to_be_visible(timeout=KERNEL_TIMEOUT_MS)


def open_from_path(page: Page, notebook: str) -> Locator:
    """Open `notebook` with File > Open from Path… in a loaded JupyterLab; wait for its kernel."""
    run_menu_command(page, "File", "filebrowser:open-path")
    dialog = page.locator(".jp-Dialog")
    dialog.get_by_label("Path").fill(notebook)
    dialog.locator("button.jp-mod-accept").click()
    expect(dialog).to_have_count(0)
    return wait_for_notebook(page)


def close_notebook(page: Page) -> None:
    """Close the notebook and shut its kernel down (File > Close and Shut Down Notebook…)."""
    run_menu_command(page, "File", "filemenu:close-and-cleanup")
    page.locator(".jp-Dialog button.jp-mod-accept").click()
    expect(page.locator(PANEL)).to_have_count(0)


@contextmanager
def opened_notebook(page: Page, server: LabServer, notebook: str) -> Iterator[Locator]:
    """Open `notebook` in the loaded JupyterLab for a `with` block, then close it.

    If the block fails, kernels are shut down and JupyterLab is reloaded in a new workspace,
    so the next test starts clean.
    """
    try:
        yield open_from_path(page, notebook)
    except BaseException:
        shutdown_sessions(server)
        open_lab(page, server)
        raise
    close_notebook(page)


def wait_for_notebook(page: Page) -> Locator:
    """Wait until the notebook panel is shown and its kernel is idle; return the panel."""
    panel = page.locator(PANEL)
    expect(panel).to_be_visible(timeout=KERNEL_TIMEOUT_MS)
    expect(page.locator(KERNEL_STATUS)).to_have_text(
        re.compile(r"\| Idle$"), timeout=KERNEL_TIMEOUT_MS
    )
    return panel


def run_menu_command(page: Page, menu: str, command: str) -> None:
    """Click top menu `menu` (e.g. "Run") then its item with data-command `command`."""
    page.locator(".lm-MenuBar-item", has_text=re.compile(f"^{re.escape(menu)}$")).click()
    page.locator(f'.lm-Menu-item[data-command="{command}"]').click()


def run_all_cells(page: Page, timeout_ms: int = KERNEL_TIMEOUT_MS) -> None:
    """Clear all outputs, run all cells via the Run menu, and wait until the run is over."""
    run_menu_command(page, "Edit", "editmenu:clear-all")
    expect(page.locator(f"{PANEL} {OUTPUT}")).to_have_count(0)
    run_menu_command(page, "Run", "runmenu:run-all")
    wait_for_run(page, timeout_ms)


def wait_for_run(page: Page, timeout_ms: int = KERNEL_TIMEOUT_MS) -> None:
    """Wait until the kernel is idle and every non-empty code cell ran (or one failed)."""
    try:
        page.wait_for_function(_RUN_FINISHED_JS, timeout=timeout_ms, polling=100)
    except PlaywrightTimeoutError:
        state = page.evaluate(_RUN_STATE_JS)
        raise AssertionError(f"notebook run not finished after {timeout_ms} ms: {state}") from None


def restart_kernel(page: Page, timeout_ms: int = KERNEL_TIMEOUT_MS) -> None:
    """Restart the kernel via Kernel > Restart Kernel…, confirm, wait until idle again."""
    page.evaluate(_WATCH_STATUS_JS)
    run_menu_command(page, "Kernel", "kernelmenu:restart")
    dialog = page.locator(".jp-Dialog")
    dialog.locator("button.jp-mod-accept").click()
    expect(dialog).to_have_count(0)
    page.wait_for_function(
        """() => {
          const seen = window.__kernelStatuses || [];
          const restarted = seen.some(s => s !== 'idle');
          return restarted && seen[seen.length - 1] === 'idle';
        }""",
        timeout=timeout_ms,
        polling=100,
    )


def reload(page: Page) -> Locator:
    """Reload the page (the workspace keeps the notebook open) and wait for the notebook."""
    page.reload()
    return wait_for_notebook(page)


def cell_errors(page: Page) -> list[str]:
    """Texts of all error tracebacks and stderr outputs in the notebook (or Voila page)."""
    return [text.strip() for text in page.locator(STDERR_OUTPUT).all_inner_texts()]


def widgets(page: Page, css: str = WIDGET) -> Locator:
    """Locator for rendered widget views in output areas (`.widget-slider`, `.widget-vbox`...)."""
    return page.locator(f"{OUTPUT} {css}")


def widget_failures(page: Page) -> list[str]:
    """Outputs where a widget did not render: loading/error placeholder or a plain-text repr."""
    failures = []
    for text in page.locator(OUTPUT).all_inner_texts():
        if WIDGET_FAILURE_TEXT.search(text):
            failures.append(text.strip())
    for text in page.locator(TEXT_OUTPUT).all_inner_texts():
        if WIDGET_REPR.search(text):
            failures.append(text.strip())
    return failures


def wait_for_widgets(page: Page, css: str = WIDGET, count: int = 1) -> Locator:
    """Wait until at least `count` widget views matching `css` are visible; return them."""
    found = widgets(page, css)
    expect(found.nth(count - 1)).to_be_visible()
    expect(page.locator(OUTPUT, has_text=WIDGET_FAILURE_TEXT)).to_have_count(0)
    return found


def screenshot(page: Page, name: str, full_page: bool = False) -> Path:
    """Save a screenshot to tests/browser/screenshots/<name>.png (full_page: Voila only)."""
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=path, full_page=full_page)
    return path


def write_notebook(path: Path, *sources: str) -> Path:
    """Write a minimal nbformat-4 notebook (python3 kernel) with one code cell per source."""
    cells: list[dict[str, Any]] = [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": f"cell-{i}",
            "metadata": {},
            "outputs": [],
            "source": source,
        }
        for i, source in enumerate(sources)
    ]
    notebook = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    return path


# -- Course widgets (the same DOM in JupyterLab and Voila) ------------------------------------

# A course call in a notebook cell and the CSS class of the widget it renders.
COURSE_WIDGETS: dict[str, str] = {
    "quiz": ".cu-quiz",
    "explore.": ".cu-explorer",
    "case": ".cu-case",
    "reflect": ".cu-reflection",
    "check_setup": ".cu-setup",
    "dashboard": ".cu-dashboard",
    "review": ".cu-review",
    "practice": ".cu-practice",
}
CHART_IMG = ".cu-chart img"
# What a module screenshot shows: its first explorer, else its first other course widget.
SCREENSHOT_TARGETS = (".cu-explorer", ".cu-case", ".cu-quiz", ".cu-dashboard", ".cu-setup")
REPO_NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
BLOCK_TAG = re.compile(r"</?(p|li|ul|ol|br|h\d|blockquote|pre|div)\b[^>]*>")
SETTLE_INTERVAL_MS = 400
SETTLE_TIMEOUT_MS = 30_000


def course_notebooks() -> list[Path]:
    """The module notebooks (`NN_*.ipynb`) in the repository, then `progress.ipynb`,
    `review.ipynb` and `practice_studio.ipynb`."""
    modules = sorted(REPO_NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    others = ("progress.ipynb", "review.ipynb", "practice_studio.ipynb")
    return modules + [p for p in (REPO_NOTEBOOKS / n for n in others) if p.exists()]


def expected_course_widgets(notebook: Path) -> dict[str, int]:
    """Widget CSS class -> how many the notebook's course calls should render."""
    counts = dict.fromkeys(COURSE_WIDGETS.values(), 0)
    for name, _args, _cell in course_calls(notebook):
        call = "explore." if name.startswith("explore.") else name
        if call in COURSE_WIDGETS:
            counts[COURSE_WIDGETS[call]] += 1
    return counts


def expect_course_widgets(page: Page, expected: dict[str, int], notebook: str) -> None:
    """Wait until exactly the expected number of each course widget is rendered in outputs."""
    for css, count in expected.items():
        expect(
            widgets(page, css),
            f"{notebook}: expected {count} rendered {css} widget(s), one per course call",
        ).to_have_count(count)


def code_sources(notebook: Path) -> list[str]:
    """The source of every non-empty code cell of a notebook file."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    sources = ["".join(c["source"]).strip() for c in cells if c["cell_type"] == "code"]
    return [source for source in sources if source]


def chart_alts(page: Page) -> list[str]:
    """The alt text of every course chart image (`.cu-chart img`), in page order."""
    return page.locator(CHART_IMG).evaluate_all("els => els.map(e => e.getAttribute('alt') ?? '')")


def expect_charts_with_alt(page: Page, explorers: int, notebook: str) -> None:
    """Wait until each explorer shows its chart; fail if any course chart has an empty alt."""
    expect(
        page.locator(f".cu-explorer {CHART_IMG}"), f"{notebook}: an explorer shows no chart"
    ).to_have_count(explorers)
    blank = [i for i, alt in enumerate(chart_alts(page)) if not alt.strip()]
    assert blank == [], f"{notebook}: chart image(s) number {blank} (from 0) have an empty alt"


def scroll_to_first_widget(page: Page) -> None:
    """Scroll the cell of the module's most telling widget to the top of the view."""
    for css in SCREENSHOT_TARGETS:
        found = widgets(page, css)
        if found.count():
            found.first.evaluate(
                "e => (e.closest('.jp-Cell') ?? e).scrollIntoView({block: 'start'})"
            )
            return


def settled_attribute(
    locator: Locator, name: str, timeout_ms: int = SETTLE_TIMEOUT_MS
) -> str | None:
    """Poll attribute `name` until two successive reads agree (a redraw can come in steps)."""
    page = locator.page
    deadline = time.monotonic() + timeout_ms / 1000
    previous = locator.get_attribute(name)
    while time.monotonic() < deadline:
        page.wait_for_timeout(SETTLE_INTERVAL_MS)
        current = locator.get_attribute(name)
        if current == previous:
            return current
        previous = current
    raise AssertionError(f"{name} of {locator} still changing after {timeout_ms} ms")


def question(page: Page, index: int) -> Locator:
    """The quiz question at `index` (from 0, in page order over all quizzes)."""
    return page.locator(".cu-question").nth(index)


def feedback(question_box: Locator) -> Locator:
    """The feedback region of a question (a live region: screen readers announce it)."""
    return question_box.locator('.cu-feedback[aria-live="polite"]')


def check_answer_button(question_box: Locator) -> Locator:
    """The question's "Check answer" button."""
    return question_box.get_by_role("button", name="Check answer", exact=True)


def quiz_questions(notebook: Path) -> list[AnyQuestion]:
    """The questions the notebook's quiz calls show, in page order (one per `.cu-question`)."""
    questions: list[AnyQuestion] = []
    for name, args, _cell in course_calls(notebook):
        if name == "quiz" and args:
            bank = load_bank(args[0])
            ids = args[1:]
            questions += [bank.question(i) for i in ids] if ids else list(bank.questions)
    return questions


def first_case(notebooks: list[Path]) -> tuple[str, str] | None:
    """(notebook name, case id) of the first `case("...")` call in the notebooks, if any."""
    for notebook in notebooks:
        for name, args, _cell in course_calls(notebook):
            if name == "case" and args:
                return notebook.name, args[0]
    return None


def plain_text(source: str) -> str:
    """Course Markdown as text, the way the page reads: without tags, spaces collapsed."""
    rendered = BLOCK_TAG.sub(" ", markdown(source))
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", rendered)).split())


def active_cell_index(page: Page) -> int:
    """The index of the notebook's active cell (where command-mode shortcuts act)."""
    return page.evaluate(
        "() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')]"
        ".findIndex(cell => cell.classList.contains('jp-mod-active'))"
    )


def is_focused(locator: Locator) -> bool:
    """True if the element has the keyboard focus."""
    return bool(locator.evaluate("e => e === document.activeElement"))


def tab_until(page: Page, target: Locator, max_presses: int = 12) -> int:
    """Press Tab until `target` has the focus; return how many presses it took."""
    for presses in range(1, max_presses + 1):
        page.keyboard.press("Tab")
        if is_focused(target):
            return presses
    focused = page.evaluate("() => document.activeElement?.outerHTML.slice(0, 200)")
    raise AssertionError(f"{target} not reached after {max_presses} Tab presses; at {focused}")


def label_of(control: Locator) -> str:
    """The text of the <label> wrapping a radio button or check box."""
    return " ".join(control.evaluate("e => e.closest('label')?.textContent ?? ''").split())
