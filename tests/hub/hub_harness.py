"""Helpers for the real-JupyterHub tests: users, student env, hub process, REST and kernels."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.util
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import uuid
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psutil
import requests
import websocket

HUB_TESTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = HUB_TESTS_DIR.parents[1]
CHP_BIN = HUB_TESTS_DIR / "node_modules" / ".bin" / "configurable-http-proxy"
SYSTEM_PYTHON = Path("/usr/bin/python3")
STUDENT_NAMES = ("cu-student-a", "cu-student-b")
USER_COMMENT = "course-utils hub test user"
COURSE_TARGET = "course"
COURSE_BRANCH = "hub-test"
ENV_PREFIX = "/tmp/course-hub-env-"
ENV_FORMAT = "1"  # bump when the way the student env is built changes
HUB_DEPS_HINT = "run `make test-deps` as root"
SESSION_LOCK = "/tmp/course-hub-session.lock"  # one hub session at a time on this machine

# Everything measured during the session, printed by conftest's terminal summary.
TIMINGS: dict[str, float] = {}


def _run(cmd: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Run a command, capture its output and raise with that output on failure."""
    proc = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if proc.returncode != 0:
        raise RuntimeError(
            f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
        )
    return proc


def _deadline_poll(what: str, timeout: float, check: Callable[[], Any], every: float = 0.2) -> Any:
    """Call check() until it returns a truthy value, or raise TimeoutError after timeout s."""
    deadline = time.monotonic() + timeout
    last_exc: Exception | None = None
    while True:
        try:
            value = check()
        except (requests.ConnectionError, OSError) as exc:
            value, last_exc = None, exc
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not done after {timeout:.0f}s (last error: {last_exc})")
        time.sleep(every)


# --------------------------------------------------------------------------- prerequisites


def missing_prerequisites() -> str | None:
    """Return a one-line reason why the hub tests cannot run here, or None."""
    if importlib.util.find_spec("jupyterhub") is None:
        return (
            f"jupyterhub is not installed in {sys.executable}'s environment (requirements/test.txt)"
        )
    if os.geteuid() != 0:
        return "hub tests must run as root (they create system users and spawn as them)"
    for tool in ("useradd", "userdel", "git", "node"):
        if shutil.which(tool) is None:
            return f"`{tool}` not found; {HUB_DEPS_HINT}"
    if not CHP_BIN.exists():
        return f"{CHP_BIN.relative_to(REPO_ROOT)} missing; {HUB_DEPS_HINT}"
    probe = subprocess.run(
        [str(SYSTEM_PYTHON), "-c", "import ensurepip, venv"], capture_output=True, check=False
    )
    if probe.returncode != 0:
        return f"{SYSTEM_PYTHON} with venv/ensurepip missing (python3-venv); {HUB_DEPS_HINT}"
    return None


# --------------------------------------------------------------------------- student env


def pinned_version(package: str, lockfile: Path = REPO_ROOT / "requirements" / "test.txt") -> str:
    """Return the version pinned for package in a uv/pip-compile lock file."""
    pattern = re.compile(rf"^{re.escape(package)}==([^\s;]+)", re.IGNORECASE | re.MULTILINE)
    match = pattern.search(lockfile.read_text())
    if not match:
        raise LookupError(f"{package} is not pinned in {lockfile}")
    return match.group(1)


def student_env_path() -> Path:
    """Return the cache path of the student env, keyed by the lock files' contents."""
    digest = hashlib.sha256(ENV_FORMAT.encode())
    for name in ("lock.txt", "test.txt"):
        digest.update((REPO_ROOT / "requirements" / name).read_bytes())
    return Path(ENV_PREFIX + digest.hexdigest()[:16])


def prune_student_envs(keep: Path) -> None:
    """Delete cached student envs built from older lock files (unless one is in use)."""
    for lock_path in Path(ENV_PREFIX).parent.glob(Path(ENV_PREFIX).name + "*.lock"):
        env = lock_path.with_suffix("")
        if env == keep:
            continue
        with open(lock_path, "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue
            shutil.rmtree(env, ignore_errors=True)
            lock_path.unlink()


def ensure_student_env() -> Path:
    """Build (or reuse) the world-readable venv the students' servers and kernels run in."""
    env = student_env_path()
    marker = env / ".course-hub-env-complete"
    started = time.monotonic()
    with open(f"{env}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if marker.exists():
            TIMINGS["student env (cached)"] = time.monotonic() - started
            return env
        shutil.rmtree(env, ignore_errors=True)
        prune_student_envs(keep=env)
        old_umask = os.umask(0o022)
        try:
            _run([str(SYSTEM_PYTHON), "-m", "venv", str(env)])
            requirements = REPO_ROOT / "requirements"
            _run(
                [
                    str(env / "bin" / "pip"),
                    "install",
                    "--quiet",
                    "-r",
                    str(requirements / "lock.txt"),
                    "-c",
                    str(requirements / "test.txt"),
                    f"jupyterhub=={pinned_version('jupyterhub')}",
                    f"nbgitpuller=={pinned_version('nbgitpuller')}",
                ]
            )
        finally:
            os.umask(old_umask)
        marker.write_text(f"built {datetime.now(UTC).isoformat()}\n")
    TIMINGS["student env (built)"] = time.monotonic() - started
    return env


# --------------------------------------------------------------------------- system users


def ensure_system_user(name: str) -> pwd.struct_passwd:
    """Create a fresh test system user with a home dir (replacing a stale one of ours)."""
    with contextlib.suppress(KeyError):
        existing = pwd.getpwnam(name)
        if existing.pw_gecos != USER_COMMENT:
            raise RuntimeError(f"user {name} exists and is not a hub test user; not touching it")
        remove_system_user(name)
    _run(["useradd", "--create-home", "--shell", "/bin/bash", "--comment", USER_COMMENT, name])
    return pwd.getpwnam(name)


def kill_user_processes(name: str) -> list[int]:
    """SIGKILL every process still running as a test user; return their pids."""
    try:
        uid = pwd.getpwnam(name).pw_uid
    except KeyError:
        return []
    killed = []
    for proc in psutil.process_iter(["uids"]):
        if proc.info["uids"] and proc.info["uids"].real == uid:
            with contextlib.suppress(psutil.NoSuchProcess):
                proc.kill()
                killed.append(proc.pid)
    psutil.wait_procs([psutil.Process(p) for p in killed if psutil.pid_exists(p)], timeout=10)
    return killed


def remove_system_user(name: str) -> None:
    """Remove a test system user and its home dir, if it exists and is ours."""
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        return
    if entry.pw_gecos != USER_COMMENT:
        raise RuntimeError(f"user {name} is not a hub test user; not removing it")
    killed = kill_user_processes(name)
    if killed:
        warnings.warn(f"killed leftover processes of {name}: {killed}", stacklevel=2)
    subprocess.run(["userdel", "--remove", name], capture_output=True, check=False)
    with contextlib.suppress(KeyError):
        pwd.getpwnam(name)
        raise RuntimeError(f"userdel could not remove {name}")
    shutil.rmtree(entry.pw_dir, ignore_errors=True)


def trust_repo_for(user: pwd.struct_passwd, repo: Path) -> None:
    """Write the user's ~/.gitconfig so git accepts the root-owned bare repo."""
    gitconfig = Path(user.pw_dir) / ".gitconfig"
    gitconfig.write_text(f"[safe]\n\tdirectory = {repo}\n")
    os.chown(gitconfig, user.pw_uid, user.pw_gid)


# --------------------------------------------------------------------------- course repo


class NoCommitError(LookupError):
    """The source checkout has no commit to serve."""


def source_repo() -> Path:
    """Return the git checkout to serve to students (COURSE_HUB_SOURCE overrides, for dev)."""
    return Path(os.environ.get("COURSE_HUB_SOURCE", REPO_ROOT)).resolve()


def make_bare_repo(source: Path, dest: Path) -> str:
    """Publish the committed HEAD of source as branch COURSE_BRANCH of a new bare repo."""
    head = subprocess.run(
        ["git", "-C", str(source), "rev-parse", "--verify", "HEAD^{commit}"],
        capture_output=True,
        text=True,
        check=False,
    )
    if head.returncode != 0:
        raise NoCommitError(f"{source} has no commit yet: commit first (or set COURSE_HUB_SOURCE)")
    _run(["git", "init", "--quiet", "--bare", str(dest)])
    _run(["git", "-C", str(dest), "config", "receive.shallowUpdate", "true"])  # shallow CI clones
    _run(
        ["git", "-C", str(source), "push", "--quiet", str(dest), f"HEAD:refs/heads/{COURSE_BRANCH}"]
    )
    _run(["git", "-C", str(dest), "symbolic-ref", "HEAD", f"refs/heads/{COURSE_BRANCH}"])
    return head.stdout.strip()


# --------------------------------------------------------------------------- hub process

RUN_PREFIX = "course-hub-run-"


def reap_stale_runs(tmp: Path = Path("/tmp")) -> list[int]:
    """Kill hubs/proxies of earlier runs that died without teardown; delete their dirs.

    Only call this while holding the session lock, so no other run is live.
    """
    killed = []
    for workdir in tmp.glob(RUN_PREFIX + "*"):
        for pid_file, marker in (("jupyterhub.pid", "jupyterhub"), ("proxy.pid", "http-proxy")):
            pid = HubProcess.read_pid(workdir / "hub" / pid_file)
            with contextlib.suppress(psutil.Error):
                if pid and marker in " ".join(psutil.Process(pid).cmdline()):
                    psutil.Process(pid).kill()
                    killed.append(pid)
        shutil.rmtree(workdir, ignore_errors=True)
    return killed


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


HUB_CONFIG = """\
# Written by tests/hub/hub_harness.py for one test session.
c = get_config()  # noqa: F821
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.JupyterHub.db_url = "sqlite:///{state}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{state}/jupyterhub_cookie_secret"
c.JupyterHub.pid_file = "{state}/jupyterhub.pid"
c.JupyterHub.cleanup_servers = True
c.JupyterHub.log_level = "DEBUG"

c.JupyterHub.proxy_class = "configurable-http-proxy"
c.ConfigurableHTTPProxy.command = ["{chp}"]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.pid_file = "{state}/proxy.pid"

c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.allow_all = True

c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = ["{env}/bin/jupyterhub-singleuser"]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.env_keep = ["LANG", "LC_ALL"]
c.Spawner.environment = {{"PATH": "{env}/bin:/usr/local/bin:/usr/bin:/bin"}}
c.Spawner.start_timeout = 90
c.Spawner.http_timeout = 90
c.LocalProcessSpawner.term_timeout = 10

c.JupyterHub.services = [{{"name": "course-hub-test", "api_token": "{admin_token}"}}]
c.JupyterHub.load_roles = [
    {{
        "name": "course-hub-test-admin",
        "scopes": ["admin:users", "admin:servers", "tokens", "read:hub"],
        "services": ["course-hub-test"],
    }}
]
"""


@dataclass
class HubProcess:
    """A jupyterhub process started from a generated config in its own state dir."""

    state: Path
    env: Path
    port: int = field(default_factory=free_port)
    admin_token: str = field(default_factory=lambda: secrets.token_hex(32))
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """Public URL of the hub (through the proxy)."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        """File that receives the hub's (and its proxy's) output."""
        return self.state / "jupyterhub.log"

    def log_tail(self, lines: int = 40) -> str:
        """Last lines of the hub log, for failure messages."""
        if not self.log_path.exists():
            return "(no hub log)"
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def write_config(self) -> Path:
        """Write jupyterhub_config.py into the state dir and return its path."""
        config = self.state / "jupyterhub_config.py"
        config.write_text(
            HUB_CONFIG.format(
                port=self.port,
                hub_port=free_port(),
                proxy_api_port=free_port(),
                state=self.state,
                chp=CHP_BIN,
                env=self.env,
                admin_token=self.admin_token,
            )
        )
        config.chmod(0o600)
        return config

    def start(self, timeout: float = 60) -> None:
        """Start jupyterhub with the project venv's python and wait until /hub/api answers."""
        config = self.write_config()
        started = time.monotonic()
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "jupyterhub", "-f", str(config)],
                cwd=self.state,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )

        def answered() -> bool:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"jupyterhub exited {self.proc.returncode}:\n{self.log_tail()}")
            return requests.get(f"{self.url}/hub/api", timeout=2).status_code == 200

        try:
            _deadline_poll("jupyterhub /hub/api", timeout, answered)
        except TimeoutError as exc:
            raise TimeoutError(f"{exc}\n{self.log_tail()}") from None
        TIMINGS["hub start"] = time.monotonic() - started

    def stop(self, timeout: float = 30) -> None:
        """Stop the hub (which stops servers and proxy); kill whatever is left."""
        proxy_pid = self.read_pid(self.state / "proxy.pid")
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        if proxy_pid and psutil.pid_exists(proxy_pid):
            with contextlib.suppress(psutil.NoSuchProcess):
                proxy = psutil.Process(proxy_pid)
                if "configurable-http-proxy" in " ".join(proxy.cmdline()):
                    proxy.kill()

    @staticmethod
    def read_pid(path: Path) -> int | None:
        """Read a pid file, or None."""
        try:
            return int(path.read_text().strip())
        except (OSError, ValueError):
            return None


# --------------------------------------------------------------------------- REST clients


class HubClient:
    """The hub REST API with the admin service token, plus per-user helpers."""

    def __init__(self, url: str, admin_token: str) -> None:
        """Remember the hub URL and open a session authenticated with the admin token."""
        self.url = url
        self.api_url = f"{url}/hub/api"
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"token {admin_token}"

    def api(self, method: str, path: str, ok: tuple[int, ...] = (200,), **kwargs: Any) -> Any:
        """Call the hub API; raise with the body unless the status is one of ok; return JSON."""
        kwargs.setdefault("timeout", 30)
        resp = self.session.request(method, f"{self.api_url}{path}", **kwargs)
        if resp.status_code not in ok:
            raise RuntimeError(f"{method} {path} -> {resp.status_code}: {resp.text[:2000]}")
        return resp.json() if resp.content else None

    def create_user(self, name: str) -> dict[str, Any]:
        """Create a hub user (201) or return the existing one."""
        model = self.api("POST", f"/users/{name}", ok=(201, 409))
        return model if model and "name" in model else self.user(name)

    def user(self, name: str) -> dict[str, Any]:
        """Return the user model (with server state, thanks to admin:servers)."""
        return self.api("GET", f"/users/{name}")

    def server(self, name: str) -> dict[str, Any] | None:
        """Return the default server's model, or None if it is not running."""
        return self.user(name).get("servers", {}).get("")

    def request_spawn(self, name: str) -> None:
        """Ask the hub to start the user's default server (returns before it is ready)."""
        self.api("POST", f"/users/{name}/server", ok=(201, 202, 400))

    def wait_ready(self, name: str, timeout: float = 120) -> dict[str, Any]:
        """Wait until the user's default server is ready; return its model."""

        def ready() -> dict[str, Any] | None:
            server = self.server(name)
            if server is None:
                raise RuntimeError(f"server of {name} stopped before it was ready (spawn failed)")
            return server if server.get("ready") else None

        return _deadline_poll(f"server of {name}", timeout, ready, every=0.25)

    def start_server(self, name: str, timeout: float = 120) -> dict[str, Any]:
        """Start the user's default server and wait until it is ready."""
        self.request_spawn(name)
        return self.wait_ready(name, timeout)

    def stop_server(self, name: str, timeout: float = 60) -> None:
        """Stop the user's default server and wait until the hub has no record of it."""
        self.api("DELETE", f"/users/{name}/server", ok=(202, 204, 400, 404))
        _deadline_poll(f"stop server of {name}", timeout, lambda: self.server(name) is None)

    def server_pid(self, name: str) -> int:
        """Return the pid of the user's single-user server (LocalProcessSpawner state)."""
        server = self.server(name)
        if not server or "state" not in server or "pid" not in server["state"]:
            raise LookupError(f"no server pid for {name}: {server}")
        return int(server["state"]["pid"])

    def mint_token(self, name: str, note: str = "hub test", expires_in: int = 3600) -> str:
        """Create an API token owned by the user (same permissions as the user)."""
        model = self.api(
            "POST",
            f"/users/{name}/tokens",
            ok=(200, 201),
            json={"note": note, "expires_in": expires_in},
        )
        return str(model["token"])


@dataclass
class KernelError:
    """The error a cell raised (an `error` message on iopub)."""

    ename: str
    evalue: str
    traceback: list[str]


@dataclass
class ExecResult:
    """What one execute_request produced: stream text, the result and any error."""

    stdout: str = ""
    stderr: str = ""
    result: str | None = None
    error: KernelError | None = None
    status: str = ""

    @property
    def ok(self) -> bool:
        """True if the code ran without an exception."""
        return self.error is None and self.status == "ok"

    def check(self) -> ExecResult:
        """Return self, or raise AssertionError showing the kernel's traceback."""
        if not self.ok:
            tb = "\n".join(self.error.traceback) if self.error else ""
            ansi = re.compile(r"\x1b\[[0-9;]*m")
            raise AssertionError(
                f"kernel code failed ({self.status}): {ansi.sub('', tb)}\nstderr: {self.stderr}"
            )
        return self


class Kernel:
    """A kernel in a student's server, driven over its websocket with plain JSON messages.

    Without a websocket subprotocol jupyter_server speaks the legacy JSON protocol: each
    frame is one Jupyter message as JSON, `{"header": {"msg_id", "msg_type", "session",
    "username", "date", "version"}, "parent_header": {}, "metadata": {}, "content": {...},
    "channel": "shell"}`. Replies arrive the same way with `channel` "iopub" (stream,
    execute_result, error, status) or "shell" (execute_reply); all carry our msg_id in
    `parent_header`. The request is done once iopub reports status idle and shell replied.
    """

    def __init__(
        self, server_url: str, token: str, kernel_id: str, username: str, timeout: float = 90
    ) -> None:
        """Connect to the kernel's channels; wait up to `timeout` s until it answers."""
        self.server_url = server_url
        self.token = token
        self.kernel_id = kernel_id
        self.username = username
        self.session_id = uuid.uuid4().hex
        self.ws = self._connect(timeout)

    def _connect(self, timeout: float) -> websocket.WebSocket:
        """Open the channels websocket and wait for a kernel_info_reply, reconnecting as
        JupyterLab does when the server drops the connection of a kernel still starting up
        (jupyter_server closes it if the kernel does not answer within its kernel_info_timeout).
        """
        ws_url = self.server_url.replace("http://", "ws://", 1)
        url = f"{ws_url}api/kernels/{self.kernel_id}/channels?session_id={self.session_id}"
        deadline = time.monotonic() + timeout
        while True:
            ws = None
            try:
                ws = websocket.create_connection(
                    url,
                    header=[f"Authorization: token {self.token}"],
                    timeout=max(deadline - time.monotonic(), 1),
                )
                msg_id = self._send(ws, "kernel_info_request", {})
                while True:
                    msg = json.loads(ws.recv())
                    if (
                        msg.get("parent_header", {}).get("msg_id") == msg_id
                        and msg["header"]["msg_type"] == "kernel_info_reply"
                    ):
                        ws.settimeout(None)
                        return ws
            except (websocket.WebSocketException, OSError) as exc:
                if ws is not None:
                    ws.close()
                if time.monotonic() >= deadline:
                    raise TimeoutError(
                        f"kernel {self.kernel_id} of {self.username} did not answer within "
                        f"{timeout:.0f}s: {exc!r}"
                    ) from None
                time.sleep(1)

    def _send(self, ws: websocket.WebSocket, msg_type: str, content: dict[str, Any]) -> str:
        """Send one shell request; return its msg_id."""
        msg_id = uuid.uuid4().hex
        ws.send(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "msg_type": msg_type,
                        "session": self.session_id,
                        "username": self.username,
                        "date": datetime.now(UTC).isoformat(),
                        "version": "5.3",
                    },
                    "parent_header": {},
                    "metadata": {},
                    "content": content,
                    "channel": "shell",
                }
            )
        )
        return msg_id

    def execute(self, code: str, timeout: float = 60) -> ExecResult:
        """Run code in the kernel and collect its output."""
        msg_id = self._send(
            self.ws,
            "execute_request",
            {
                "code": code,
                "silent": False,
                "store_history": True,
                "user_expressions": {},
                "allow_stdin": False,
                "stop_on_error": True,
            },
        )
        result = ExecResult()
        idle = replied = False
        deadline = time.monotonic() + timeout
        while not (idle and replied):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"kernel did not finish within {timeout}s: {code[:200]!r}")
            self.ws.settimeout(remaining)
            frame = self.ws.recv()
            if isinstance(frame, bytes):
                continue  # a message with binary buffers: a widget's data (a chart image)
            msg = json.loads(frame)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["header"]["msg_type"], msg["content"]
            if kind == "stream":
                if content["name"] == "stdout":
                    result.stdout += content["text"]
                else:
                    result.stderr += content["text"]
            elif kind == "execute_result":
                result.result = content["data"].get("text/plain")
            elif kind == "error":
                result.error = KernelError(
                    content["ename"], content["evalue"], content["traceback"]
                )
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
            elif kind == "execute_reply":
                result.status, replied = content["status"], True
        return result

    def run(self, code: str, timeout: float = 60) -> ExecResult:
        """Run code and raise AssertionError (with the traceback) if it failed."""
        return self.execute(code, timeout).check()

    def shutdown(self) -> None:
        """Close the websocket and delete the kernel."""
        with contextlib.suppress(Exception):
            self.ws.close()
        requests.delete(
            f"{self.server_url}api/kernels/{self.kernel_id}",
            headers={"Authorization": f"token {self.token}"},
            timeout=30,
        )


@dataclass
class Student:
    """One test student: system account, running server and a token to act as them."""

    name: str
    hub: HubClient
    token: str
    passwd: pwd.struct_passwd

    @property
    def uid(self) -> int:
        """The student's system uid."""
        return self.passwd.pw_uid

    @property
    def home(self) -> Path:
        """The student's home dir (their server's root dir)."""
        return Path(self.passwd.pw_dir)

    @property
    def course_dir(self) -> Path:
        """Where nbgitpuller puts the course checkout."""
        return self.home / COURSE_TARGET

    @property
    def server_url(self) -> str:
        """Base URL of the student's single-user server, ending in a slash."""
        return f"{self.hub.url}/user/{self.name}/"

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """Call the student's server as the student (path relative to the server URL)."""
        kwargs.setdefault("timeout", 30)
        headers = {"Authorization": f"token {self.token}", **kwargs.pop("headers", {})}
        return requests.request(method, self.server_url + path, headers=headers, **kwargs)

    def server_pid(self) -> int:
        """Pid of the student's single-user server."""
        return self.hub.server_pid(self.name)

    def browser(self) -> requests.Session:
        """A session logged in to the hub as this student through the login form, with cookies,
        as a browser is: hub pages (such as /hub/user-redirect/) refuse API tokens."""
        session = requests.Session()
        login = f"{self.hub.url}/hub/login"
        session.get(login, timeout=30).raise_for_status()
        xsrf = session.cookies.get("_xsrf", path="/hub/")
        resp = session.post(
            login,
            data={"username": self.name, "password": "hub-test", "_xsrf": xsrf},
            timeout=30,
        )
        resp.raise_for_status()
        if urlsplit(resp.url).path == "/hub/login":
            raise RuntimeError(f"login as {self.name} failed: {resp.status_code} {resp.url}")
        return session

    def pull_course(
        self, repo: str, branch: str = COURSE_BRANCH, target: str = COURSE_TARGET
    ) -> list[dict[str, Any]]:
        """Clone/update the course with nbgitpuller's git-pull API; return its events."""
        events: list[dict[str, Any]] = []
        params = {"repo": repo, "branch": branch, "targetpath": target}
        with self.request(
            "GET", "git-pull/api", params=params, stream=True, timeout=(10, 120)
        ) as r:
            r.raise_for_status()
            for line in r.iter_lines(decode_unicode=True):
                if not line or not line.startswith("data:"):
                    continue
                event = json.loads(line.removeprefix("data:").strip())
                events.append(event)
                if event.get("phase") in ("finished", "error"):
                    break
        if not events or events[-1].get("phase") != "finished":
            raise RuntimeError(f"git-pull for {self.name} failed: {json.dumps(events)[-3000:]}")
        return events

    def start_kernel(self, cwd: str = "", timeout: float = 90) -> Kernel:
        """Start a python3 kernel whose cwd is cwd (relative to the home dir); `timeout` bounds
        each request to the server and the websocket connection."""
        resp = self.request(
            "POST", "api/kernels", json={"name": "python3", "path": cwd}, timeout=timeout
        )
        if resp.status_code != 201:
            raise RuntimeError(f"starting a kernel for {self.name}: {resp.status_code} {resp.text}")
        return Kernel(self.server_url, self.token, resp.json()["id"], self.name, timeout)

    @contextlib.contextmanager
    def kernel(self, cwd: str = "", timeout: float = 90) -> Iterator[Kernel]:
        """Context manager: a kernel in cwd, shut down afterwards."""
        kernel = self.start_kernel(cwd, timeout)
        try:
            yield kernel
        finally:
            kernel.shutdown()

    def execute(self, code: str, cwd: str = "", timeout: float = 60) -> ExecResult:
        """Run code in a fresh kernel in cwd and return the result (errors included)."""
        with self.kernel(cwd) as kernel:
            return kernel.execute(code, timeout)

    def run(self, code: str, cwd: str = "", timeout: float = 60) -> ExecResult:
        """Run code in a fresh kernel in cwd; raise AssertionError if it failed."""
        return self.execute(code, cwd, timeout).check()

    def notebook_code(self, path: str) -> list[str]:
        """The code cells of a notebook in the student's home, read through the contents API."""
        resp = self.request("GET", f"api/contents/{path}", params={"content": "1"})
        resp.raise_for_status()
        cells = resp.json()["content"]["cells"]
        return [
            "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            for cell in cells
            if cell["cell_type"] == "code"
        ]

    def run_notebook(self, path: str, timeout: float = 120) -> list[ExecResult]:
        """Run a notebook's code cells in order in one kernel, in the notebook's directory."""
        code_cells = self.notebook_code(path)
        with self.kernel(str(Path(path).parent)) as kernel:
            return [kernel.run(code, timeout) for code in code_cells]

    def owns(self, path: Path) -> bool:
        """True if path (absolute or relative to home) is owned by this student."""
        return (self.home / path).stat().st_uid == self.uid

    def mode(self, path: Path) -> int:
        """Permission bits of path (absolute or relative to home), e.g. 0o600."""
        return stat.S_IMODE((self.home / path).stat().st_mode)


@dataclass
class HubSession:
    """A running hub with its test users, student env and bare course repo."""

    client: HubClient
    process: HubProcess
    env: Path
    repo: Path
    commit: str
    workdir: Path

    @property
    def repo_url(self) -> str:
        """The URL students pull the course from (nbgitpuller `repo=`)."""
        return f"file://{self.repo}"


# --------------------------------------------------------------------------- a whole session


def stop_server_quietly(client: HubClient, name: str) -> None:
    """Stop a user's server; on failure only warn (stopping the hub cleans up anyway)."""
    try:
        client.stop_server(name)
    except Exception as exc:
        warnings.warn(f"could not stop the server of {name} via the API: {exc}", stacklevel=1)


@contextlib.contextmanager
def session_lock() -> Iterator[None]:
    """Hold the machine-wide hub session lock (waits for another run to finish)."""
    with open(SESSION_LOCK, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def open_hub(cleanup: ExitStack, names: Sequence[str] = STUDENT_NAMES) -> HubSession:
    """Start a hub with hub users and system users `names`; `cleanup` tears it all down.

    Takes the machine-wide session lock first (the user names are shared with other runs), then
    publishes the committed course to a bare repo, builds or reuses the student env and starts
    the hub. Raises NoCommitError if the source checkout has no commit.
    """
    cleanup.enter_context(session_lock())
    stale = reap_stale_runs()
    if stale:
        warnings.warn(f"killed hub processes left by an aborted run: {stale}", stacklevel=2)
    workdir = Path(tempfile.mkdtemp(prefix=RUN_PREFIX, dir="/tmp"))
    cleanup.callback(shutil.rmtree, workdir, ignore_errors=True)
    workdir.chmod(0o755)  # students must reach the bare repo; the hub state stays 0700
    state = workdir / "hub"
    state.mkdir(mode=0o700)

    repo = workdir / "course.git"
    commit = make_bare_repo(source_repo(), repo)
    env = ensure_student_env()

    for name in names:
        cleanup.callback(remove_system_user, name)
        trust_repo_for(ensure_system_user(name), repo)

    process = HubProcess(state=state, env=env)
    cleanup.callback(process.stop)
    process.start()
    client = HubClient(process.url, process.admin_token)
    for name in names:
        client.create_user(name)
        cleanup.callback(stop_server_quietly, client, name)
    return HubSession(client, process, env, repo, commit, workdir)
