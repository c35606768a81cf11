"""`python -m course_utils hub-link`: the link nbgitpuller needs, encoded exactly."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from course_utils import hublink
from course_utils.hublink import add_hub_link_parser, hub_link, run_hub_link

REPO = Path(__file__).resolve().parent.parent
COURSE_GIT = "https://github.com/example-org/interpersonal-process.git"


def test_link_for_a_module_is_encoded_as_nbgitpuller_expects() -> None:
    link = hub_link("https://hub.example.edu", COURSE_GIT, branch="main", notebook="03_feedback")
    assert link == (
        "https://hub.example.edu/hub/user-redirect/git-pull"
        "?repo=https%3A%2F%2Fgithub.com%2Fexample-org%2Finterpersonal-process.git"
        "&branch=main&targetpath=course"
        "&urlpath=lab%2Ftree%2Fcourse%2Fnotebooks%2F03_feedback.ipynb"
    )


def test_a_voila_link_opens_the_module_as_an_app() -> None:
    """Voila's server extension on the student's server renders notebooks under voila/render/,
    the same path the browser tests open in Voila."""
    link = hub_link("https://hub.example.edu", COURSE_GIT, notebook="03", voila=True)
    query = parse_qs(urlsplit(link).query, strict_parsing=True)
    assert query["urlpath"] == ["voila/render/course/notebooks/03.ipynb"]
    parser = argparse.ArgumentParser()
    add_hub_link_parser(parser.add_subparsers())
    args = parser.parse_args(["hub-link", "--hub", "https://h.example.edu", "--voila"])
    assert args.voila is True


def test_link_decodes_back_to_the_values_given() -> None:
    repo = "https://git.example.edu/teach/course name.git?x=1&y=2"
    link = hub_link("https://hub.example.edu/", repo, branch="spring/2026", notebook="progress")
    query = parse_qs(urlsplit(link).query, strict_parsing=True)
    assert query == {
        "repo": [repo],
        "branch": ["spring/2026"],
        "targetpath": ["course"],
        "urlpath": ["lab/tree/course/notebooks/progress.ipynb"],
    }
    assert "&x=1" not in link and " " not in link


@pytest.mark.parametrize(
    ("given", "base"),
    [
        ("https://hub.example.edu", "https://hub.example.edu"),
        ("https://hub.example.edu/", "https://hub.example.edu"),
        ("https://hub.example.edu/hub/login?next=%2F", "https://hub.example.edu"),
        ("https://hub.example.edu/user/alice/lab/tree/x.ipynb", "https://hub.example.edu"),
        ("https://uni.example.edu/jupyter/hub/home", "https://uni.example.edu/jupyter"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
    ],
)
def test_an_address_copied_from_the_browser_still_works(given: str, base: str) -> None:
    link = hub_link(given, COURSE_GIT)
    assert link.startswith(f"{base}/hub/user-redirect/git-pull?")


@pytest.mark.parametrize("bad", ["hub.example.edu", "ftp://hub.example.edu", "https://", ""])
def test_an_address_that_cannot_work_is_refused_with_the_fix(bad: str) -> None:
    with pytest.raises(ValueError, match=re.escape("e.g. https://hub.example.edu")):
        hub_link(bad, COURSE_GIT)


def test_the_link_opens_the_same_place_as_the_hub_default_url() -> None:
    """deploy/z2jh/config.yaml pulls into, and opens 00_start_here in, the link's folder."""
    singleuser = yaml.safe_load((REPO / "deploy" / "z2jh" / "config.yaml").read_text())[
        "singleuser"
    ]
    query = parse_qs(urlsplit(hub_link("https://hub.example.edu", COURSE_GIT)).query)
    assert singleuser["defaultUrl"] == "/" + query["urlpath"][0]
    pull = singleuser["lifecycleHooks"]["postStart"]["exec"]["command"][-1].split()
    assert pull[0] == "gitpuller"
    assert pull[3] == f"{singleuser['storage']['homeMountPath']}/{query['targetpath'][0]}"


@pytest.mark.parametrize(
    ("remote", "https"),
    [
        ("git@github.com:example-org/course.git", "https://github.com/example-org/course.git"),
        (
            "ssh://git@gitlab.example.edu/teach/course.git",
            "https://gitlab.example.edu/teach/course.git",
        ),
        ("https://github.com/example-org/course", "https://github.com/example-org/course"),
    ],
)
def test_an_ssh_remote_becomes_an_https_url_students_can_pull(remote: str, https: str) -> None:
    assert hublink.git_https_url(remote) == https


def test_a_module_number_names_its_notebook(tmp_path: Path) -> None:
    for name in ("00_start_here", "03_feedback", "progress"):
        (tmp_path / f"{name}.ipynb").write_text("{}")
    assert hublink.module_notebook("03", tmp_path) == "03_feedback"
    assert hublink.module_notebook("3", tmp_path) == "03_feedback"
    assert hublink.module_notebook("progress", tmp_path) == "progress"
    with pytest.raises(ValueError, match="use one of: 00, 03, progress"):
        hublink.module_notebook("07", tmp_path)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="python -m course_utils")
    add_hub_link_parser(parser.add_subparsers(dest="command", required=True))
    code = run_hub_link(parser.parse_args(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_command_prints_only_the_link(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        ["hub-link", "--hub", "https://hub.example.edu", "--repo", COURSE_GIT, "--module", "01"],
        capsys,
    )
    assert (code, err) == (0, "")
    assert (
        out
        == hub_link("https://hub.example.edu", COURSE_GIT, notebook="01_therapeutic_relationship")
        + "\n"
    )


def test_the_command_explains_an_unknown_module(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        ["hub-link", "--hub", "https://hub.example.edu", "--repo", COURSE_GIT, "--module", "42"],
        capsys,
    )
    assert (code, out) == (2, "")
    assert "no notebook for module '42'" in err and "00" in err


def test_python_m_course_utils_hub_link() -> None:
    """The command the instructor's guide gives (needs the two lines in cli.py)."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "course_utils",
            "hub-link",
            "--hub",
            "https://hub.example.edu",
            "--repo",
            COURSE_GIT,
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == hub_link("https://hub.example.edu", COURSE_GIT) + "\n"


def test_the_command_needs_only_python(tmp_path: Path) -> None:
    """The guide tells instructors to run it with any Python 3.11: no installed packages."""
    result = subprocess.run(
        [
            sys.executable,
            "-S",
            "-m",
            "course_utils",
            "hub-link",
            "--hub",
            "https://hub.example.edu",
            "--repo",
            COURSE_GIT,
            "--module",
            "03",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout
        == hub_link("https://hub.example.edu", COURSE_GIT, notebook="03_feedback") + "\n"
    )
