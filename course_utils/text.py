"""Markdown from content files to safe HTML: raw HTML is shown as text, never run."""

from __future__ import annotations

from functools import cache
from html import escape

from markdown_it import MarkdownIt


@cache
def _renderer() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def markdown(source: str) -> str:
    """Render Markdown to HTML with raw HTML disabled (a `<script>` stays visible text)."""
    return _renderer().render(source)


def inline_markdown(source: str) -> str:
    """Render a one-line Markdown string without the surrounding paragraph."""
    return _renderer().renderInline(source)


__all__ = ["escape", "inline_markdown", "markdown"]
