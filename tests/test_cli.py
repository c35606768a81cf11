"""The command line: `python -m course_utils check` exits 1 with one line per problem."""

from __future__ import annotations

import subprocess
import sys


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "course_utils", *args], capture_output=True, text=True
    )


def test_check_passes_on_the_course() -> None:
    result = run("check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid" in result.stdout


def test_every_subcommand_has_help() -> None:
    assert run("--help").returncode == 0
    assert "Validate every question bank" in run("check", "--help").stdout
