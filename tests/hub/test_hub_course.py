"""The course on a real JupyterHub: the class link, a module run in each student's kernel, each
answer in that student's own store (mode 0600, unreadable by the other student), and a content
update that arrives with its code."""

from __future__ import annotations

import html
import json
import re
import subprocess
import tempfile
import uuid
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from hub_harness import COURSE_BRANCH, COURSE_TARGET, HubSession, Student

from course_utils.hublink import hub_link

pytestmark = pytest.mark.hub

MODULE = "01_therapeutic_relationship"
NOTEBOOKS = f"{COURSE_TARGET}/notebooks"
STORE = Path(".local/share/interpersonal-process-course/progress.sqlite3")  # relative to home
BANK, QUESTION = "01-relationship", "trust-testing"
CHOICES = {"cu-student-a": ("b", True), "cu-student-b": ("a", False)}  # option b is right

# Runs after the module's cells, in the same kernel: `quiz` is the name its setup cell imported.
ANSWER = """
import json, os, course_utils
from course_utils import progress
widget = quiz({bank!r}, {question!r}).questions[{question!r}]
widget.controls["answer"].value = {choice!r}
widget.controls["check"].click()
store = progress.store()
print(json.dumps({{"store": str(store.path), "learner": store.learner, "notice": store.notice,
                   "package": os.path.realpath(course_utils.__file__)}}))
"""

READ_STORE = """
import json, sqlite3
db = sqlite3.connect("file:{path}?mode=ro", uri=True)
rows = db.execute("SELECT learner, bank, question, answer, correct FROM attempts").fetchall()
print(json.dumps(rows))
"""


def _data_attribute(page: str, name: str) -> str:
    """A `data-<name>` attribute of nbgitpuller's status page, decoded as its script does."""
    match = re.search(rf'data-{name}="([^"]*)"', page)
    assert match, f"no data-{name} on the nbgitpuller page"
    return unquote(html.unescape(match.group(1)))


def _last_json_line(text: str) -> object:
    return json.loads(text.strip().splitlines()[-1])


def test_the_class_link_pulls_the_course_and_opens_the_module(
    students: tuple[Student, Student], hub_session: HubSession
) -> None:
    """What a student's browser does with the link `python -m course_utils hub-link` prints."""
    link = hub_link(
        hub_session.client.url, hub_session.repo_url, branch=COURSE_BRANCH, notebook=MODULE
    )
    for student in students:
        page = student.browser().get(link, timeout=60)
        page.raise_for_status()
        assert urlsplit(page.url).path == f"/user/{student.name}/git-pull"
        assert parse_qs(urlsplit(page.url).query) == parse_qs(urlsplit(link).query)
        repo, branch = _data_attribute(page.text, "repo"), _data_attribute(page.text, "branch")
        target, path = _data_attribute(page.text, "targetpath"), _data_attribute(page.text, "path")
        assert (repo, branch, target) == (hub_session.repo_url, COURSE_BRANCH, COURSE_TARGET)
        assert path == f"lab/tree/{NOTEBOOKS}/{MODULE}.ipynb"

        events = student.pull_course(repo, branch=branch, target=target)
        assert events[-1]["phase"] == "finished"
        opened = student.request("GET", path)
        assert opened.status_code == 200
        notebook = student.request("GET", f"api/contents/{NOTEBOOKS}/{MODULE}.ipynb")
        assert notebook.status_code == 200 and notebook.json()["type"] == "notebook"


@pytest.fixture(scope="module")
def answered(students: tuple[Student, Student]) -> dict[str, dict[str, str]]:
    """Each student runs the module in a kernel of their own server, then answers one question
    by choosing an option and clicking "Check answer"; returns what each kernel reported."""
    seen = {}
    for student in students:
        choice, _ = CHOICES[student.name]
        code_cells = student.notebook_code(f"{NOTEBOOKS}/{MODULE}.ipynb")
        assert code_cells
        with student.kernel(NOTEBOOKS) as kernel:
            for code in code_cells:
                kernel.run(code, timeout=120)
            answer = ANSWER.format(bank=BANK, question=QUESTION, choice=choice)
            seen[student.name] = _last_json_line(kernel.run(answer).stdout)
    return seen


def test_the_module_runs_on_the_pulled_course_utils(
    students: tuple[Student, Student], answered: dict[str, dict[str, str]]
) -> None:
    for student in students:
        seen = answered[student.name]
        assert seen["package"] == str(student.course_dir / "course_utils" / "__init__.py")
        assert (seen["learner"], seen["notice"]) == (student.name, "")


def test_each_answer_is_kept_in_its_own_students_private_store(
    students: tuple[Student, Student], answered: dict[str, dict[str, str]]
) -> None:
    for student in students:
        store = student.home / STORE
        assert answered[student.name]["store"] == str(store)
        assert student.owns(store)
        assert student.mode(store) == 0o600
        assert student.mode(store.parent) & 0o077 == 0
        for journal in (Path(f"{store}-wal"), Path(f"{store}-shm")):
            if journal.exists():
                assert student.mode(journal) & 0o077 == 0, f"{journal} is readable by others"
        # A second process (a fresh kernel) finds the answer committed to the file, and only it.
        rows = _last_json_line(student.run(READ_STORE.format(path=store)).stdout)
        choice, correct = CHOICES[student.name]
        assert rows == [[student.name, BANK, QUESTION, json.dumps(choice), int(correct)]]


TRY_TO_READ = """
import json, os, sqlite3
def error_of(action):
    try:
        action()
    except Exception as error:
        return type(error).__name__
    return "no error: it was readable"
print(json.dumps({{
    "open": error_of(lambda: open({store!r}, "rb").read(16)),
    "sqlite": error_of(lambda: sqlite3.connect("file:{store}?mode=ro", uri=True)
                       .execute("SELECT count(*) FROM attempts").fetchall()),
    "listdir": error_of(lambda: os.listdir({folder!r})),
}}))
"""


def test_a_student_cannot_read_another_students_store(
    students: tuple[Student, Student], answered: dict[str, dict[str, str]]
) -> None:
    for reader, owner in (students, students[::-1]):
        store = Path(answered[owner.name]["store"])
        code = TRY_TO_READ.format(store=str(store), folder=str(store.parent))
        errors = _last_json_line(reader.run(code).stdout)
        assert errors == {
            "open": "PermissionError",
            "sqlite": "OperationalError",
            "listdir": "PermissionError",
        }


def _git(*args: str, cwd: Path | None = None) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_a_content_update_arrives_with_its_own_code(
    students: tuple[Student, Student], hub_session: HubSession
) -> None:
    """After the instructor pushes a commit that changes course_utils, a student who follows
    the link again runs the new code: the package comes with the content, never from the image."""
    student, branch, target = students[0], "skew-probe", "skew-probe"
    _git("-C", str(hub_session.repo), "branch", "--force", branch, COURSE_BRANCH)
    probe = "import course_utils; print(getattr(course_utils, 'SKEW_PROBE', 'absent'))"
    student.pull_course(hub_session.repo_url, branch=branch, target=target)
    assert student.run(probe, cwd=f"{target}/notebooks").stdout.strip() == "absent"

    marker = uuid.uuid4().hex
    with tempfile.TemporaryDirectory() as scratch:
        clone = Path(scratch) / "clone"
        _git("clone", "--quiet", "--branch", branch, str(hub_session.repo), str(clone))
        init = clone / "course_utils" / "__init__.py"
        init.write_text(init.read_text() + f"\nSKEW_PROBE = {marker!r}\n")
        _git(
            "-c",
            "user.name=Instructor",
            "-c",
            "user.email=instructor@example.edu",
            "commit",
            "--quiet",
            "-am",
            "Update the course",
            cwd=clone,
        )
        _git("push", "--quiet", "origin", branch, cwd=clone)

    student.pull_course(hub_session.repo_url, branch=branch, target=target)
    assert student.run(probe, cwd=f"{target}/notebooks").stdout.strip() == marker
