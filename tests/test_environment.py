"""The pinned environments agree: a class gets the same versions on a laptop and a hub."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


def lock_pins(path: Path) -> dict[str, str]:
    """name -> version for the lines that apply to Python 3.11."""
    pins = {}
    for line in path.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)==([^ ;]+)(?:\s*;\s*(.*))?$", line)
        if match and (
            match.group(3) is None
            or "< '3.12'" in match.group(3)
            or ("sys_platform" in match.group(3) and "3.1" not in match.group(3))
        ):
            pins.setdefault(match.group(1).lower(), match.group(2))
    return pins


def runtime_names() -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    return {re.split(r"[<>=!~ \[]", d)[0].lower() for d in project["dependencies"]}


def test_environment_yml_pins_the_lock_file_versions() -> None:
    environment = yaml.safe_load((REPO / "environment.yml").read_text())
    conda = {}
    for entry in environment["dependencies"]:
        name, _, version = entry.partition("=")
        conda[name.lower()] = version
    lock = lock_pins(REPO / "requirements" / "lock.txt")
    assert conda.pop("python") == "3.11"
    assert set(conda) == runtime_names(), "environment.yml and pyproject list different packages"
    disagreeing = {
        name: (version, lock[name]) for name, version in conda.items() if lock[name] != version
    }
    assert not disagreeing, f"environment.yml vs lock.txt: {disagreeing}"


def test_the_test_lock_agrees_with_the_runtime_lock() -> None:
    runtime = lock_pins(REPO / "requirements" / "lock.txt")
    test = lock_pins(REPO / "requirements" / "test.txt")
    assert {n: v for n, v in runtime.items() if test.get(n) != v} == {}


def test_importing_the_package_is_cheap() -> None:
    code = (
        "import sys, course_utils; "
        "print(' '.join(m for m in ('matplotlib', 'ipywidgets', 'numpy') if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == ""
