"""Binder and the hub image: repo2docker accepts the repository and builds from environment.yml.

`jupyter-repo2docker --no-build` renders the Dockerfile without a container engine, so this
runs anywhere the test extra is installed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent


def repo2docker() -> str:
    """The jupyter-repo2docker command of this environment (fail in CI, skip elsewhere)."""
    command = Path(sys.executable).parent / "jupyter-repo2docker"
    if command.exists():
        return str(command)
    found = shutil.which("jupyter-repo2docker")
    if found:
        return found
    reason = "jupyter-repo2docker is not installed (it is in the test extra)"
    if os.environ.get("CI") == "true":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def rendered() -> subprocess.CompletedProcess[str]:
    """The Dockerfile repo2docker would build (stdout) and its log (stderr)."""
    return subprocess.run(
        [
            repo2docker(),
            "--no-build",
            "--no-run",
            "--user-id",
            "1000",
            "--user-name",
            "jovyan",
            str(REPO),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_repo2docker_accepts_the_repository(rendered: subprocess.CompletedProcess[str]) -> None:
    assert rendered.returncode == 0, rendered.stderr
    assert rendered.stdout.lstrip().startswith("FROM ")


def test_the_image_is_built_from_environment_yml(
    rendered: subprocess.CompletedProcess[str],
) -> None:
    """The environment is made after the whole repository is copied in, so its pip line
    `-r requirements/lock.txt` finds the lock."""
    dockerfile = rendered.stdout
    update = re.search(r'env update .*--file\s+"?environment\.yml', dockerfile)
    assert update, dockerfile
    copy = dockerfile.find("COPY --chown=1000:1000 src/ ${REPO_DIR}/")
    assert 0 <= copy < update.start(), "environment.yml is installed before the lock is copied"
    python = next(
        entry.split("=", 1)[1]
        for entry in yaml.safe_load((REPO / "environment.yml").read_text())["dependencies"]
        if isinstance(entry, str) and entry.startswith("python=")
    )
    assert f"python={python}" in rendered.stderr


def test_the_image_does_not_install_course_utils(
    rendered: subprocess.CompletedProcess[str],
) -> None:
    """Notebooks import the course_utils pulled with them; an installed copy could go stale."""
    instructions = "\n".join(
        line for line in rendered.stdout.splitlines() if not line.lstrip().startswith("#")
    )
    assert "postBuild" not in instructions
    assert "pip install" not in instructions
    assert not (REPO / "postBuild").exists()
    assert not (REPO / "setup.py").exists()
