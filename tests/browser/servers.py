"""Start and stop the JupyterLab and Voila servers used by the browser tests."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

SERVER_START_TIMEOUT = 90.0
SERVER_STOP_TIMEOUT = 15.0
# Jupyter refuses to run as root without this; CI and the dev machines run as root.
ROOT_FLAG = ["--allow-root"] if os.geteuid() == 0 else []

# JupyterLab settings overrides (schema ids from share/jupyter/lab/schemas).
LAB_SETTINGS_OVERRIDES: dict[str, dict[str, object]] = {
    # No "Would you like to receive official Jupyter news?" toast, no update check.
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/notebook-extension:tracker": {
        # Keep every cell in the DOM so long notebooks can be inspected whole.
        "windowingMode": "none",
        # Never show the "Select Kernel" dialog for notebooks without kernelspec.
        "autoStartDefaultKernel": True,
    },
}


class LabServer(NamedTuple):
    """A running JupyterLab server: base url (ends with /), token and its directories."""

    url: str
    token: str
    notebook_dir: Path
    data_dir: Path


class VoilaServer(NamedTuple):
    """A running Voila server: base url (ends with /) and its directories."""

    url: str
    notebook_dir: Path
    data_dir: Path


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def isolated_env(root: Path, data_dir: Path) -> dict[str, str]:
    """Return os.environ with Jupyter, IPython and course data dirs all under `root`."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("JUPYTER", "JPY_", "IPYTHON")) and k != "COURSE_UTILS_DATA_DIR"
    }
    dirs = {
        "JUPYTER_CONFIG_DIR": root / "config",
        "JUPYTER_DATA_DIR": root / "data",
        "JUPYTER_RUNTIME_DIR": root / "runtime",
        "IPYTHONDIR": root / "ipython",
        "MPLCONFIGDIR": root / "matplotlib",
        "COURSE_UTILS_DATA_DIR": data_dir,
    }
    for name, path in dirs.items():
        path.mkdir(parents=True, exist_ok=True)
        env[name] = str(path)
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env["PYTHONUNBUFFERED"] = "1"
    return env


def write_lab_settings(settings_dir: Path) -> Path:
    """Write JupyterLab's settings overrides.json into `settings_dir` and return its path."""
    settings_dir.mkdir(parents=True, exist_ok=True)
    path = settings_dir / "overrides.json"
    path.write_text(json.dumps(LAB_SETTINGS_OVERRIDES, indent=2), encoding="utf-8")
    return path


def start_process(cmd: list[str], env: dict[str, str], cwd: Path, log: Path) -> subprocess.Popen:
    """Start `cmd` in its own process group with stdout+stderr going to `log`."""
    with log.open("wb") as out:
        return subprocess.Popen(
            cmd,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def log_tail(log: Path, lines: int = 30) -> str:
    """Return the last `lines` lines of a server log (for error messages)."""
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "<no log>"
    return "\n".join(text.splitlines()[-lines:])


def wait_until_ready(
    url: str,
    proc: subprocess.Popen,
    log: Path,
    headers: dict[str, str] | None = None,
    timeout: float = SERVER_START_TIMEOUT,
) -> None:
    """Poll `url` until it answers 200; raise with the log tail if the server dies or times out."""
    deadline = time.monotonic() + timeout
    last_error = "no attempt"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(
                f"server exited with {proc.returncode} before {url} was ready:\n{log_tail(log)}"
            )
        request = urllib.request.Request(url, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200:
                    return
                last_error = f"HTTP {response.status}"
        except (urllib.error.URLError, OSError) as exc:
            last_error = str(exc)
        time.sleep(0.25)
    raise RuntimeError(f"{url} not ready after {timeout:.0f}s ({last_error}):\n{log_tail(log)}")


def stop_process(proc: subprocess.Popen, shutdown_url: str | None = None, token: str = "") -> None:
    """Stop a server: POST its shutdown API if given (stops kernels too), then SIGTERM/SIGKILL."""
    if proc.poll() is None and shutdown_url:
        request = urllib.request.Request(
            shutdown_url, data=b"", method="POST", headers={"Authorization": f"token {token}"}
        )
        try:
            urllib.request.urlopen(request, timeout=10).close()
            proc.wait(timeout=SERVER_STOP_TIMEOUT)
        except (urllib.error.URLError, OSError, subprocess.TimeoutExpired):
            pass
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if proc.poll() is not None:
            break
        try:
            os.killpg(proc.pid, sig)
            proc.wait(timeout=SERVER_STOP_TIMEOUT)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass


def api_request(server: LabServer, method: str, path: str) -> object:
    """Call the Jupyter server REST API (e.g. "GET", "api/sessions") and return the JSON reply."""
    request = urllib.request.Request(
        f"{server.url}{path}", method=method, headers={"Authorization": f"token {server.token}"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
    return json.loads(body) if body else None


def shutdown_sessions(server: LabServer) -> None:
    """Shut down every notebook session (and its kernel) on the JupyterLab server."""
    sessions = api_request(server, "GET", "api/sessions")
    assert isinstance(sessions, list)
    for session in sessions:
        api_request(server, "DELETE", f"api/sessions/{session['id']}")


def jupyter_lab_command(port: int, token: str, root_dir: Path, settings_dir: Path) -> list[str]:
    """Return the command line that starts JupyterLab for the tests."""
    return [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        *ROOT_FLAG,
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root_dir}",
        f"--IdentityProvider.token={token}",
        f"--LabApp.app_settings_dir={settings_dir}",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
    ]


def voila_command(port: int, root_dir: Path, python: Path | None = None) -> list[str]:
    """Return the command line that starts Voila (serving a directory tree) for the tests,
    with this environment's Python or another's."""
    return [
        str(python or sys.executable),
        "-m",
        "voila",
        str(root_dir),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--Voila.port_retries=0",
        "--show_tracebacks=True",
    ]


@contextmanager
def voila_running(
    root: Path, notebook_dir: Path, python: Path | None = None
) -> Iterator[VoilaServer]:
    """Voila serving `notebook_dir` with isolated dirs under `root`, from this environment's
    Python or another's (then with nothing of this environment on its paths)."""
    data_dir = root / "course-data"
    env = isolated_env(root, data_dir)
    if python is not None:
        env.pop("PYTHONPATH", None)
        env["PATH"] = f"{python.parent}:{env.get('PATH', '')}"
    port = free_port()
    log = root / "voila.log"
    proc = start_process(voila_command(port, notebook_dir, python), env, notebook_dir, log)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_ready(url, proc, log)
        yield VoilaServer(url, notebook_dir, data_dir)
    finally:
        stop_process(proc)
