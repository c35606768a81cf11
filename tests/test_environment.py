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


def test_environment_yml_installs_the_lock_file() -> None:
    """Binder and hub images get the laptop's versions: environment.yml adds only Python and pip
    to what requirements/lock.txt pins, and the lock covers every runtime dependency."""
    environment = yaml.safe_load((REPO / "environment.yml").read_text())
    conda = [entry for entry in environment["dependencies"] if isinstance(entry, str)]
    pip = [entry["pip"] for entry in environment["dependencies"] if isinstance(entry, dict)]
    assert conda == ["python=3.11", "pip"]
    assert pip == [["-r requirements/lock.txt"]]
    requires = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["requires-python"]
    assert requires == ">=3.11"
    lock = lock_pins(REPO / "requirements" / "lock.txt")
    assert runtime_names() <= set(lock), runtime_names() - set(lock)
    assert {"voila", "jupyterlab", "nbgitpuller"} <= set(lock)


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
