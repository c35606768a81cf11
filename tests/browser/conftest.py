"""Fixtures for the end-to-end browser tests (JupyterLab and Voila in headless Chromium)."""

from __future__ import annotations

import os
import re
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Request,
    Route,
    expect,
    sync_playwright,
)

from . import jlab
from .a11y import AXE_PATH
from .jlab import SCREENSHOT_DIR
from .servers import (
    LabServer,
    VoilaServer,
    free_port,
    isolated_env,
    jupyter_lab_command,
    shutdown_sessions,
    start_process,
    stop_process,
    voila_running,
    wait_until_ready,
    write_lab_settings,
)

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
NOTEBOOKS_SRC = REPO_ROOT / "notebooks"
CHROMIUM_PATH = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}
DEFAULT_TIMEOUT_MS = 30_000  # Playwright actions (click, goto...)
EXPECT_TIMEOUT_MS = 15_000  # expect(...) assertions; Playwright's default of 5 s is tight on CI
# Requests to anything but the local test servers get an empty 200 answer (no network here,
# and Voila's template links a CDN stylesheet); they are recorded in `external_requests`.
LOCAL_URL = re.compile(r"^(https?|wss?)://(127\.0\.0\.1|localhost)[:/]")


@pytest.fixture(scope="session")
def browser_env() -> None:
    """Skip (or fail when CI=true) if Chromium or axe-core is not installed."""
    missing = [str(p) for p in (CHROMIUM_PATH, AXE_PATH) if not p.is_file()]
    if not missing:
        return
    reason = f"browser test dependencies missing ({', '.join(missing)}): run `make browser-deps`"
    if os.environ.get("CI") == "true":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser_tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Session temp dir holding the notebook copy shared by the JupyterLab and Voila servers."""
    root = tmp_path_factory.mktemp("browser")
    notebooks = root / "notebooks"
    if not NOTEBOOKS_SRC.is_dir():
        notebooks.mkdir()
        return root
    ignore = shutil.ignore_patterns(".*", "__pycache__")
    shutil.copytree(NOTEBOOKS_SRC, notebooks, symlinks=True, ignore=ignore)
    # Re-point symlinks (e.g. notebooks/course_utils -> ../course_utils) at the real targets.
    for link in [p for p in notebooks.rglob("*") if p.is_symlink()]:
        target = (NOTEBOOKS_SRC / link.relative_to(notebooks)).resolve()
        link.unlink()
        link.symlink_to(target)
    return root


@pytest.fixture(scope="session")
def notebook_dir(browser_tmp: Path) -> Path:
    """The temp copy of notebooks/ that both servers serve (tests may add notebooks here)."""
    return browser_tmp / "notebooks"


@pytest.fixture(scope="session")
def lab_server(browser_env: None, browser_tmp: Path, notebook_dir: Path) -> Iterator[LabServer]:
    """Run JupyterLab on a free port with isolated config/data dirs; yield url, token and dirs."""
    root = browser_tmp / "lab"
    data_dir = root / "course-data"
    env = isolated_env(root, data_dir)
    settings_dir = write_lab_settings(root / "lab-settings").parent
    token = secrets.token_hex(16)
    port = free_port()
    log = root / "jupyter-lab.log"
    cmd = jupyter_lab_command(port, token, notebook_dir, settings_dir)
    proc = start_process(cmd, env, notebook_dir, log)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_ready(f"{url}api/status", proc, log, {"Authorization": f"token {token}"})
        yield LabServer(url, token, notebook_dir, data_dir)
    finally:
        stop_process(proc, f"{url}api/shutdown", token)


@pytest.fixture
def lab(lab_server: LabServer) -> LabServer:
    """The session's JupyterLab for one test, with no kernel left running from earlier tests."""
    shutdown_sessions(lab_server)
    return lab_server


@pytest.fixture(scope="session")
def voila_server(browser_env: None, browser_tmp: Path, notebook_dir: Path) -> Iterator[VoilaServer]:
    """Run Voila on a free port over the notebook copy (started only when a test asks for it)."""
    with voila_running(browser_tmp / "voila", notebook_dir) as server:
        yield server


@pytest.fixture(scope="session")
def browser(browser_env: None) -> Iterator[Browser]:
    """One headless Debian Chromium for the whole session."""
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM_PATH), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def console_errors() -> list[str]:
    """Console errors and uncaught page errors seen by `page` or `lab_page` during the test."""
    return []


@pytest.fixture
def external_requests() -> list[str]:
    """URLs of non-local requests the page tried to make (answered with an empty 200)."""
    return []


@pytest.fixture(scope="session")
def browser_context(browser: Browser) -> Iterator[BrowserContext]:
    """One browser context for the session, so JupyterLab and Voila load from the HTTP cache.

    Every test gets its own page (with its own console and request records) in it.
    """
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    yield context
    context.close()


@dataclass
class PageLog:
    """Where a page records console errors and stubbed external requests (swapped per test)."""

    console_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)


def watch_page(page: Page, log: PageLog) -> None:
    """Stub non-local requests, record console errors in `log`, accept "Leave site?" prompts."""

    def stub_external(route: Route, req: Request) -> None:
        log.external_requests.append(req.url)
        route.fulfill(status=200, body="")

    page.route(lambda url: not LOCAL_URL.match(url) and not url.startswith("data:"), stub_external)
    page.on(
        "console",
        lambda msg: (
            log.console_errors.append(f"console: {msg.text}") if msg.type == "error" else None
        ),
    )
    page.on("pageerror", lambda exc: log.console_errors.append(f"pageerror: {exc}"))
    # JupyterLab asks "Leave site?" when a notebook is dirty; accept so reloads never hang.
    page.on("dialog", lambda d: d.accept() if d.type == "beforeunload" else d.dismiss())


def save_failure_screenshot(page: Page, request: pytest.FixtureRequest) -> None:
    """If the test's call phase failed, save screenshots/FAILED-<test>.png."""
    report = getattr(request.node, "rep_call", None)
    if report is None or not report.failed:
        return
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.name)
    try:
        page.screenshot(path=SCREENSHOT_DIR / f"FAILED-{name}.png")
    except Exception as exc:
        print(f"could not take failure screenshot: {exc}")


@pytest.fixture
def page(
    browser_context: BrowserContext,
    console_errors: list[str],
    external_requests: list[str],
    request: pytest.FixtureRequest,
) -> Iterator[Page]:
    """A new page in `browser_context`; on failure saves screenshots/FAILED-<test>.png."""
    new_page = browser_context.new_page()
    watch_page(new_page, PageLog(console_errors, external_requests))
    yield new_page
    save_failure_screenshot(new_page, request)
    # Run the page's unload handlers: Voila then shuts its kernel down (a beacon to the server).
    new_page.close(run_before_unload=True)


@dataclass
class LabApp:
    """A JupyterLab page kept open across the tests of a module, and where it logs."""

    page: Page
    server: LabServer
    log: PageLog


@pytest.fixture(scope="module")
def lab_app(lab_server: LabServer, browser_context: BrowserContext) -> Iterator[LabApp]:
    """JupyterLab loaded once for a test module; its tests open and close notebooks in it."""
    app_page = browser_context.new_page()
    log = PageLog()
    watch_page(app_page, log)
    jlab.open_lab(app_page, lab_server)
    yield LabApp(app_page, lab_server, log)
    app_page.close()


@pytest.fixture
def lab_page(
    lab_app: LabApp,
    console_errors: list[str],
    external_requests: list[str],
    request: pytest.FixtureRequest,
) -> Iterator[Page]:
    """The module's JupyterLab page for one test, logging into this test's lists.

    Errors logged since the previous test (e.g. while JupyterLab started) count for this one.
    """
    console_errors.extend(lab_app.log.console_errors)
    lab_app.log.console_errors = console_errors
    lab_app.log.external_requests = external_requests
    yield lab_app.page
    save_failure_screenshot(lab_app.page, request)
    lab_app.log.console_errors = []
    lab_app.log.external_requests = []


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """Keep each phase's report on the test item so `page` can screenshot failures."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
