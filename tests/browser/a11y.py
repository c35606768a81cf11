"""Accessibility checks with axe-core (tests/browser/node_modules/axe-core/axe.min.js)."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE_PATH = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
REPORT_DIR = Path(__file__).resolve().parent / "screenshots"
BLOCKING_IMPACTS = ("serious", "critical")
# axe-core >= 4.11.3 checks colour, link and target-size rules only on nodes inside the viewport
# (dequelabs/axe-core#5183), so axe runs with the viewport grown to show the whole page.
MAX_VIEWPORT_HEIGHT = 100_000
# Course content: cell outputs (widgets, plots, HTML) and rendered Markdown cells.
CONTENT_SELECTOR = ".jp-OutputArea, .jp-MarkdownOutput"
# Runs axe over `context`, keeps serious/critical violations and tags each offending node
# with whether it lies inside course content (`contentSelector`).
_RUN_AXE_JS = """
async ([context, contentSelector, impacts]) => {
  const result = await axe.run(context ?? document,
    {elementRef: true, resultTypes: ['violations']});
  return result.violations
    .filter(v => impacts.includes(v.impact))
    .map(v => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map(n => ({
        target: JSON.stringify(n.target), html: n.html.slice(0, 300),
        summary: n.failureSummary ?? '',
        content: !!n.element?.closest?.(contentSelector),
      })),
    }));
}
"""


@dataclass
class AxeReport:
    """Serious/critical axe violations: in course content, and in JupyterLab's or Voila's chrome."""

    content: list[dict[str, Any]] = field(default_factory=list)
    chrome: list[dict[str, Any]] = field(default_factory=list)

    def summary(self, which: str = "content") -> str:
        """One line per violated rule: impact, rule id, help text and the first node targets."""
        lines = []
        for v in getattr(self, which):
            targets = ", ".join(n["target"] for n in v["nodes"][:3])
            lines.append(f"{v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])}x: {targets})")
        return "\n".join(lines)

    def save(self, name: str) -> Path:
        """Write the full report to screenshots/<name>.axe.json and return the path."""
        REPORT_DIR.mkdir(exist_ok=True)
        path = REPORT_DIR / f"{name}.axe.json"
        data = {"content": self.content, "chrome": self.chrome}
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")
        return path

    def warn(self) -> None:
        """Emit a pytest warning for violations in the chrome (reported, never failing)."""
        if self.chrome:
            warnings.warn(
                f"axe: JupyterLab/Voila violations:\n{self.summary('chrome')}", stacklevel=2
            )


# How much taller the viewport must be for nothing to scroll: the largest hidden overflow of the
# document or of any scrolling element (JupyterLab scrolls the notebook, not the document).
_HIDDEN_HEIGHT_JS = """
() => {
  let hidden = 0;
  for (const el of [document.scrollingElement, ...document.querySelectorAll('*')]) {
    if (!el || el.scrollHeight <= el.clientHeight + 1) continue;
    const overflow = getComputedStyle(el).overflowY;
    if (el === document.scrollingElement || overflow === 'auto' || overflow === 'scroll') {
      hidden = Math.max(hidden, el.scrollHeight - el.clientHeight);
    }
  }
  return Math.ceil(hidden);
}
"""

_NEXT_FRAMES_JS = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


@contextmanager
def whole_page_in_view(page: Page) -> Iterator[None]:
    """Grow the viewport until nothing scrolls (up to MAX_VIEWPORT_HEIGHT), then restore it."""
    original = page.viewport_size
    if original is None:
        yield
        return
    height = original["height"]
    try:
        for _ in range(3):
            hidden = page.evaluate(_HIDDEN_HEIGHT_JS)
            if hidden <= 1 or height >= MAX_VIEWPORT_HEIGHT:
                break
            height = min(height + hidden, MAX_VIEWPORT_HEIGHT)
            page.set_viewport_size({"width": original["width"], "height": height})
            page.wait_for_function("h => window.innerHeight === h", arg=height)
            # JupyterLab lays its panels out on the next animation frame after a resize.
            page.evaluate(_NEXT_FRAMES_JS)
        yield
    finally:
        page.set_viewport_size(original)


def inject_axe(page: Page) -> None:
    """Load axe-core into the page unless it is already there."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=AXE_PATH)


def run_axe(
    page: Page,
    context: str | dict[str, Any] | None = None,
    content_selector: str = CONTENT_SELECTOR,
    whole_page: bool = True,
) -> AxeReport:
    """Run axe over `context` (default: the page; `whole_page`: all in view); violations by area."""
    inject_axe(page)
    args = [context, content_selector, list(BLOCKING_IMPACTS)]
    report = AxeReport()
    with whole_page_in_view(page) if whole_page else nullcontext():
        violations = page.evaluate(_RUN_AXE_JS, args)
    for violation in violations:
        nodes = violation.pop("nodes")
        groups = {
            "content": [n for n in nodes if n["content"]],
            "chrome": [n for n in nodes if not n["content"]],
        }
        for which, group in groups.items():
            if group:
                getattr(report, which).append({**violation, "nodes": group})
    return report
