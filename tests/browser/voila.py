"""Helpers that open a notebook as a Voila dashboard and wait for it to finish rendering."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from .servers import VoilaServer

RENDER_TIMEOUT_MS = 90_000


def voila_url(server: VoilaServer, notebook: str) -> str:
    """URL of `notebook` (path relative to the notebook dir) rendered by Voila."""
    return f"{server.url}voila/render/{notebook}"


def open_dashboard(page: Page, server: VoilaServer, notebook: str) -> Locator:
    """Open `notebook` in Voila; wait until all cells ran and the page is shown; return it."""
    # Voila streams the page while the kernel runs each cell, so the load can take long.
    page.goto(voila_url(server, notebook), timeout=RENDER_TIMEOUT_MS)
    cells = page.locator("#rendered_cells")
    # voila_finish() removes the #loading spinner and shows #rendered_cells once all cells ran.
    expect(page.locator("#loading")).to_have_count(0, timeout=RENDER_TIMEOUT_MS)
    expect(cells).to_be_visible()
    return cells
