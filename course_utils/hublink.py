"""`python -m course_utils hub-link`: the nbgitpuller link that opens a module on a JupyterHub.

A student who follows the link logs in to the hub; nbgitpuller then clones the course (or
merges the latest commit into the student's copy, keeping the student's own edits) into
`~/course` and opens the module in JupyterLab. Standard library only, so importing it is cheap.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

TARGET = "course"  # the folder in each student's home; deploy/z2jh/config.yaml's defaultUrl uses it
START = "00_start_here"
DEFAULT_BRANCH = "main"
NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
_SCP_LIKE = re.compile(r"^(?:[\w.-]+@)?(?P<host>[\w.-]+):(?P<path>(?!/)[^:]+)$")


def notebook_url_path(notebook: str, target: str = TARGET, *, voila: bool = False) -> str:
    """The path of a course notebook on the student's server: in JupyterLab,
    `lab/tree/course/notebooks/<name>.ipynb`; as a Voila app (no code shown),
    `voila/render/course/notebooks/<name>.ipynb`."""
    name = notebook if notebook.endswith(".ipynb") else f"{notebook}.ipynb"
    view = "voila/render" if voila else "lab/tree"
    return f"{view}/{target}/notebooks/{name}"


def hub_link(
    hub: str,
    repo: str,
    *,
    branch: str = DEFAULT_BRANCH,
    notebook: str = START,
    target: str = TARGET,
    voila: bool = False,
) -> str:
    """The nbgitpuller link: `<hub>/hub/user-redirect/git-pull?repo=…&branch=…&…`.

    `hub` is the hub's address (a path prefix such as `/jupyter` is kept); `repo` is the git URL
    students pull from; `notebook` is the notebook's name in `notebooks/`, with or without
    `.ipynb`; `voila` opens it as a Voila app instead of in JupyterLab. Raises ValueError,
    with the fix, for an address that cannot work.
    """
    base = hub_base_url(hub)
    if not repo.strip():
        raise ValueError("the repository URL is empty: pass --repo https://…/your-course.git")
    if not branch.strip():
        raise ValueError("the branch is empty: pass --branch main (or your branch's name)")
    query = urlencode(
        {
            "repo": repo.strip(),
            "branch": branch.strip(),
            "targetpath": target,
            "urlpath": notebook_url_path(notebook, target, voila=voila),
        }
    )
    return f"{base}/hub/user-redirect/git-pull?{query}"


def hub_base_url(hub: str) -> str:
    """The hub's base address without a trailing slash, query or hub page.

    An address copied from the browser (`…/hub/login`, `…/user/alice/lab`) is cut back to the
    part before `/hub` or `/user`, so it still works.
    """
    parts = urlsplit(hub.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(
            f"{hub!r} is not a hub address: give the address students open, "
            "e.g. https://hub.example.edu"
        )
    segments = parts.path.rstrip("/").split("/")
    for marker in ("hub", "user"):
        if marker in segments:
            segments = segments[: segments.index(marker)]
    return urlunsplit((parts.scheme, parts.netloc, "/".join(segments).rstrip("/"), "", ""))


def module_notebook(module: str, folder: Path = NOTEBOOK_DIR) -> str:
    """The notebook name for a module number ("03", "3") or a notebook name ("progress")."""
    wanted = module.strip().removesuffix(".ipynb")
    names = sorted(path.stem for path in folder.glob("*.ipynb"))
    if wanted.isdigit():
        matches = [name for name in names if name.startswith(f"{int(wanted):02d}_")]
    else:
        matches = [name for name in names if name == wanted]
    if len(matches) != 1:
        raise ValueError(
            f"no notebook for module {module!r} in {folder}; use one of: "
            + ", ".join(name.split("_", 1)[0] if name[:2].isdigit() else name for name in names)
        )
    return matches[0]


def git_https_url(url: str) -> str:
    """An `https://` form of a git remote, since students' servers pull without SSH keys."""
    match = _SCP_LIKE.match(url)
    if match:
        return f"https://{match['host']}/{match['path']}"
    if url.startswith("ssh://"):
        parts = urlsplit(url)
        return urlunsplit(("https", parts.hostname or "", parts.path, "", ""))
    return url


def origin_url(checkout: Path = NOTEBOOK_DIR.parent) -> str:
    """The `origin` remote of this checkout, as an https URL; ValueError if there is none."""
    result = subprocess.run(
        ["git", "-C", str(checkout), "remote", "get-url", "origin"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not result.stdout.strip():
        raise ValueError(
            "this checkout has no `origin` remote: pass --repo with the course's git URL, "
            "e.g. --repo https://github.com/your-name/interpersonal-process-course"
        )
    return git_https_url(result.stdout.strip())


def add_hub_link_parser(subcommands: Any) -> argparse.ArgumentParser:
    """Add the `hub-link` subcommand to `parser.add_subparsers()`; return its parser.

    The parser's default `run` is `run_hub_link`, as with the other subcommands in cli.py.
    """
    parser = subcommands.add_parser(
        "hub-link",
        help="print the link that opens a module on your JupyterHub",
        description="Print an nbgitpuller link for your JupyterHub. A student who opens it "
        "gets the course copied (or updated) into ~/course and the module opened in "
        "JupyterLab. The link is printed alone on standard output.",
    )
    parser.add_argument(
        "--hub", required=True, help="the hub's address, e.g. https://hub.example.edu"
    )
    parser.add_argument(
        "--repo",
        help="the course's git URL that students pull from (default: this checkout's origin)",
    )
    parser.add_argument(
        "--branch", default=DEFAULT_BRANCH, help=f"the branch to pull (default: {DEFAULT_BRANCH})"
    )
    parser.add_argument(
        "--module",
        default=START,
        help='the module to open: a number such as 03, or "progress" (default: start here)',
    )
    parser.add_argument(
        "--voila",
        action="store_true",
        help="open the module as a Voila app (text and controls, no code) instead of JupyterLab",
    )
    parser.set_defaults(run=run_hub_link)
    return parser


def run_hub_link(args: argparse.Namespace) -> int:
    """Print the link for parsed `hub-link` arguments; 0 on success, 2 with a message if not."""
    try:
        repo = args.repo or origin_url()
        notebook = module_notebook(args.module)
        link = hub_link(args.hub, repo, branch=args.branch, notebook=notebook, voila=args.voila)
    except ValueError as error:
        print(f"hub-link: {error}", file=sys.stderr)
        return 2
    print(link)
    return 0
