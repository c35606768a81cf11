"""Session fixtures for the real-JupyterHub tests: system users, student env, hub, students."""

from __future__ import annotations

import os
import pwd
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import NoReturn

import pytest
from hub_harness import (
    HUB_TESTS_DIR,
    STUDENT_NAMES,
    TIMINGS,
    HubClient,
    HubSession,
    NoCommitError,
    Student,
    missing_prerequisites,
    open_hub,
)


def _unavailable(reason: str) -> NoReturn:
    """Fail in CI (CI=true), skip elsewhere, with a one-line reason."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"hub tests cannot run: {reason}", pytrace=False)
    pytest.skip(f"hub tests skipped: {reason}")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test under tests/hub with `hub`, so `-m "not hub"` always leaves them out."""
    for item in items:
        if HUB_TESTS_DIR in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.hub)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print what the hub session measured."""
    if TIMINGS:
        terminalreporter.section("hub timings")
        for what, seconds in TIMINGS.items():
            terminalreporter.write_line(f"{what:<32} {seconds:7.1f} s")


@pytest.fixture(scope="session")
def hub_session() -> Iterator[HubSession]:
    """Start a real JupyterHub for the session; tear everything down afterwards."""
    reason = missing_prerequisites()
    if reason:
        _unavailable(reason)
    started = time.monotonic()
    with ExitStack() as cleanup:
        try:
            session = open_hub(cleanup, STUDENT_NAMES)
        except NoCommitError as exc:
            _unavailable(str(exc))
        TIMINGS["hub session setup"] = time.monotonic() - started
        yield session
        teardown = time.monotonic()
        cleanup.close()
        TIMINGS["hub session teardown"] = time.monotonic() - teardown


@pytest.fixture(scope="session")
def hub(hub_session: HubSession) -> HubClient:
    """The hub REST client (admin service token)."""
    return hub_session.client


@pytest.fixture(scope="session")
def students(hub_session: HubSession) -> tuple[Student, Student]:
    """Both test students with running servers and the course pulled into ~/course."""
    client = hub_session.client
    requested = {}
    for name in STUDENT_NAMES:
        requested[name] = time.monotonic()
        client.request_spawn(name)
    result = []
    for name in STUDENT_NAMES:
        try:
            client.wait_ready(name)
            TIMINGS[f"spawn {name}"] = time.monotonic() - requested[name]
            student = Student(name, client, client.mint_token(name), pwd.getpwnam(name))
            pulled = time.monotonic()
            student.pull_course(hub_session.repo_url)
            TIMINGS[f"git-pull {name}"] = time.monotonic() - pulled
        except (RuntimeError, TimeoutError) as exc:
            log = hub_session.process.log_tail()
            raise RuntimeError(f"{exc}\n--- end of the hub log ---\n{log}") from None
        result.append(student)
    return result[0], result[1]
