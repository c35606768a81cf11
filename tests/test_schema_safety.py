"""Safety of content and code: Markdown without raw HTML in every field, no answer key in a
saved notebook, no network, no eval/exec, YAML only through safe_load."""

from __future__ import annotations

import ast
import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from course_utils.text import inline_markdown, markdown

PACKAGE = Path(__file__).resolve().parent.parent / "course_utils"
SOURCES = sorted(PACKAGE.rglob("*.py"))

ATTACKS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<a href='javascript:alert(1)'>x</a>",
    "[click](javascript:alert(1))",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_markdown_shows_raw_html_as_text(attack: str) -> None:
    for rendered in (markdown(attack), inline_markdown(attack)):
        assert "<script" not in rendered and "<img" not in rendered
        assert "<a href='javascript" not in rendered and 'href="javascript:' not in rendered


def calls_in(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name):
                names.append(func.id)
            elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                names.append(f"{func.value.id}.{func.attr}")
    return names


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_eval_exec_or_unsafe_yaml(path: Path) -> None:
    calls = calls_in(path)
    assert "eval" not in calls and "exec" not in calls and "compile" not in calls
    assert not {"yaml.load", "yaml.unsafe_load", "yaml.full_load"} & set(calls)
    assert "pickle.loads" not in calls


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_network_modules_are_imported(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            imported |= {f"{node.module}.{alias.name}" for alias in node.names}
    network = (
        "socket",
        "urllib.request",
        "http.client",
        "http.server",
        "requests",
        "httpx",
        "urllib3",
        "aiohttp",
        "ftplib",
        "smtplib",
        "webbrowser",
    )
    assert not [name for name in imported if name.startswith(network)]


def test_the_course_runs_with_the_network_blocked(tmp_path: Path) -> None:
    """Build every quiz, case and reflection of module 01 with socket creation forbidden."""
    code = """
import asyncio  # loaded in every kernel before a cell runs; it subclasses socket.socket
import socket
def refuse(*args, **kwargs):
    raise AssertionError("network access attempted")
socket.socket = refuse
socket.create_connection = refuse
from course_utils import case, quiz, reflect
quiz("01-relationship")
widget = case("01-first-session")
while not widget.state.is_over:
    node = widget.state.current
    widget.controls["reply"].value = node.replies[0].id
    widget.controls["reason"].value = "because"
    widget.controls["choose"].click()
reflect("01-heard", "Prompt").controls["text"].value = "written"
print("ok")
"""
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"COURSE_UTILS_DATA_DIR": str(tmp_path), "JUPYTERHUB_USER": "s", "PATH": ""},
        cwd=PACKAGE.parent,
    )
    assert result.stdout.strip() == "ok", result.stderr


def all_strings(data: object) -> list[str]:
    """Every string in a JSON document (outputs, widget state, metadata)."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [text for value in data.values() for text in all_strings(value)]
    if isinstance(data, list):
        return [text for value in data for text in all_strings(value)]
    return []


def visible(text: str) -> str:
    """Text as a reader sees it: no tags, entities decoded, Markdown marks and spacing gone."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return " ".join(re.sub(r"[*_`]", "", text).split())


def test_a_notebook_run_saves_no_answer_key_in_its_outputs() -> None:
    """Execute a notebook as nbconvert would, keeping widget state, and search what is saved."""
    import nbformat
    from nbclient import NotebookClient
    from nbformat.v4 import new_code_cell, new_notebook

    from course_utils.case_machine import load_case
    from course_utils.quizzes import load_bank

    notebook = new_notebook(
        cells=[
            new_code_cell("from course_utils import case, quiz"),
            new_code_cell('quiz("01-relationship")'),
            new_code_cell('case("01-first-session")'),
        ],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )
    client = NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        store_widget_state=True,
        resources={"metadata": {"path": str(PACKAGE.parent)}},
    )
    client.execute()
    saved = json.loads(nbformat.writes(notebook))
    assert "application/vnd.jupyter.widget-state+json" in saved["metadata"]["widgets"]
    page = visible(" ".join(all_strings(saved)))
    assert "Which response is most likely to help trust grow?" in page  # the quiz is there
    secrets = []
    for question in load_bank("01-relationship").questions:
        secrets += [option.feedback for option in getattr(question, "options", [])]
        secrets += [question.explanation or ""]
    for node in load_case("01-first-session").nodes:
        secrets += [reply.feedback for reply in node.replies]
    leaked = [visible(s)[:50] for s in secrets if s and visible(s)[:50] in page]
    assert leaked == []
    assert "✔" not in page and "A right option" not in page
