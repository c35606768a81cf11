"""A class on a real JupyterHub: N students arrive at once, each runs a module and answers it.

On the loopback hub of the hub tests (LocalProcessSpawner, real system users, nbgitpuller from
a bare clone of the committed course) every student, at the same time: starts a server, pulls
the course, then for each module runs every code cell in a new kernel of their own server,
answers every question the module shows (choosing options and clicking "Check answer", as a
student does), and shuts the kernel down, as a student closing the notebook. At the end each
student's store must hold every answer.

Reports failures (must be 0), time to spawn, and peak memory: of each student's server and of
each kernel (their high-water marks, VmHWM, read from /proc) and of all the student's processes
together (sampled every 0.2 s). deploy/sizing.md records the figures and derives the
JupyterHub memory settings from them.

Usage (as root, after `make test-deps`; creates system users cu-load-01…):
    .venv/bin/python benchmarks/hub_load.py [--students 10] [--module 01|00,03|all] [--json FILE]
COURSE_HUB_SOURCE=/path/to/checkout serves another checkout's committed HEAD (see tests/hub).
Exit status: 0 if every student finished with every answer stored, 1 otherwise.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import platform
import pwd
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "hub"))

from hub_harness import (  # noqa: E402
    COURSE_BRANCH,
    COURSE_TARGET,
    HubClient,
    HubSession,
    Student,
    missing_prerequisites,
    open_hub,
)

MiB = 1024 * 1024
SAMPLE_EVERY = 0.2  # seconds
CONNECT_TIMEOUT = 240  # seconds to start a kernel and get its first answer; JupyterLab waits too
NOTEBOOKS = f"{COURSE_TARGET}/notebooks"

# Runs after a module's cells, in the same kernel: `quiz` is the name its setup cell imported.
ANSWER_ALL = """
import json
from course_utils import progress
answered = 0
for call in CALLS:
    for qid, widget in quiz(*call).questions.items():
        q, kind = widget.question, type(widget.question).__name__
        if kind == "SingleChoice":
            widget.controls["answer"].value = sorted(q.correct_ids)[0]
        elif kind == "MultipleChoice":
            for oid in q.correct_ids:
                widget.controls["option:" + oid].value = True
        elif kind == "Numeric":
            widget.controls["answer"].value = q.answer
        elif kind == "Ordering":
            rows = widget.controls["answer"]
            for place, step in enumerate(q.steps):
                row = rows.order.index(step.id)
                while row > place:
                    widget.controls[f"up:{row + 1}"].click()
                    row -= 1
        else:
            continue  # free text: saved as a reflection, not graded
        widget.controls["check"].click()
        answered += 1
print(json.dumps({"answered": answered, "stored": len(progress.store().attempts())}))
"""

HIGH_WATER = (
    "print(next(int(line.split()[1]) for line in open('/proc/self/status')"
    " if line.startswith('VmHWM:')))"
)


@dataclass
class StudentRun:
    """What happened to one student, and when."""

    name: str
    step: str = "spawn"  # what the student is doing now; named in an error
    spawn_s: float = 0.0
    pull_s: float = 0.0
    modules_s: float = 0.0  # running the modules' cells
    answers_s: float = 0.0  # answering their questions
    answered: int = 0
    stored: int = 0
    error: str = ""
    server_peak_mib: float = 0.0
    kernel_peak_mib: dict[str, float] = field(default_factory=dict)  # per notebook
    total_peak_mib: float = 0.0
    cpu_s: float = 0.0  # CPU time of all their processes (at least; short ones may be missed)


@dataclass
class Sampler:
    """Samples the RSS and CPU time of all processes of each student, and of the hub."""

    uids: dict[int, str]
    hub_pids: tuple[int, ...] = ()  # the hub and its proxy
    hub: float = 0.0  # their peak RSS together, bytes
    total: dict[str, float] = field(default_factory=dict)  # peak RSS of a student's processes
    cpu: dict[int, tuple[str, float]] = field(default_factory=dict)  # pid -> (name, CPU s)
    samples: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(SAMPLE_EVERY):
            self.sample()

    def sample(self) -> None:
        totals: dict[str, float] = {}
        for proc in psutil.process_iter(["uids", "memory_info", "cpu_times"]):
            uids, info, times = proc.info["uids"], proc.info["memory_info"], proc.info["cpu_times"]
            name = self.uids.get(uids.real) if uids else None
            if name is None or info is None:
                continue
            totals[name] = totals.get(name, 0.0) + info.rss
            if times is not None:
                self.cpu[proc.pid] = (name, times.user + times.system)
        for name, rss in totals.items():
            self.total[name] = max(self.total.get(name, 0.0), rss)
        hub = 0.0
        for pid in self.hub_pids:
            try:
                hub += psutil.Process(pid).memory_info().rss
            except psutil.Error:
                continue
        self.hub = max(self.hub, hub)
        self.samples += 1

    def cpu_of(self, name: str) -> float:
        return sum(cpu for owner, cpu in self.cpu.values() if owner == name)


def quiz_calls(code_cells: Sequence[str]) -> list[list[str]]:
    """The string arguments of every `quiz(...)` call in a module's code cells."""
    calls = []
    for code in code_cells:
        try:
            tree = ast.parse(code)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "quiz":
                calls.append([a.value for a in node.args if isinstance(a, ast.Constant)])
    return calls


def last_line(text: str) -> str:
    return text.strip().splitlines()[-1]


def high_water_mib(pid: int) -> float:
    """A process's peak resident memory (VmHWM) in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise LookupError(f"no VmHWM for process {pid}")


def own_client(session: HubSession) -> HubClient:
    """A hub client for one thread (a requests.Session is not shared between threads)."""
    return HubClient(session.process.url, session.process.admin_token)


def spawn(session: HubSession, run: StudentRun) -> None:
    """Ask for the student's server and wait until it is ready, as the hub's spawn page does."""
    client = own_client(session)
    started = time.monotonic()
    client.request_spawn(run.name)  # returns when ready, or after the hub's 10 s slow-spawn wait
    client.wait_ready(run.name, timeout=600)
    run.spawn_s = time.monotonic() - started


def work(session: HubSession, run: StudentRun, notebooks: Sequence[str]) -> None:
    """Pull the course; run and answer each module in its own kernel; check the store."""
    run.step = "sign in"
    client = own_client(session)
    student = Student(run.name, client, client.mint_token(run.name), pwd.getpwnam(run.name))
    started = time.monotonic()
    run.step = "pull"
    student.pull_course(session.repo_url, COURSE_BRANCH, COURSE_TARGET)
    run.pull_s = time.monotonic() - started
    for notebook in notebooks:
        run.step = f"{notebook}: start a kernel"
        code_cells = student.notebook_code(f"{NOTEBOOKS}/{notebook}")
        calls = quiz_calls(code_cells)
        with student.kernel(NOTEBOOKS, timeout=CONNECT_TIMEOUT) as kernel:
            started = time.monotonic()
            run.step = f"{notebook}: run its cells"
            for code in code_cells:
                kernel.run(code, timeout=600)
            answered = time.monotonic()
            run.step = f"{notebook}: answer its questions"
            if calls:
                counts = json.loads(
                    last_line(kernel.run(f"CALLS = {calls!r}\n{ANSWER_ALL}", 600).stdout)
                )
                run.answered += counts["answered"]
                run.stored = counts["stored"]
            finished = time.monotonic()
            run.step = f"{notebook}: read the kernel's peak memory"
            run.kernel_peak_mib[notebook] = int(last_line(kernel.run(HIGH_WATER).stdout)) / 1024
        run.modules_s += answered - started
        run.answers_s += finished - answered
    run.step = "check the store"
    if run.stored != run.answered:
        raise RuntimeError(f"answered {run.answered} question(s) but {run.stored} are stored")


def server_peak(session: HubSession, run: StudentRun) -> None:
    """Record the peak memory of the student's server over the whole run."""
    run.step = "read the server's peak memory"
    run.server_peak_mib = high_water_mib(session.client.server_pid(run.name))


def guarded(action: Callable[[], None], run: StudentRun) -> None:
    """Run one student's step; record the first error instead of raising."""
    if run.error:
        return
    try:
        action()
    except Exception as error:
        message = str(error).splitlines()[0][:200] if str(error) else ""
        run.error = f"{run.step}: {type(error).__name__}: {message}"


def committed_notebooks(session: HubSession, module: str) -> list[str]:
    """The notebooks to run, from the commit the students pull: "01", "00,03" or "all"."""
    listing = subprocess.run(
        ["git", "-C", str(session.repo), "ls-tree", "--name-only", session.commit, "notebooks/"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    names = sorted(Path(path).name for path in listing if path.endswith(".ipynb"))
    if module == "all":
        return names
    chosen = []
    for number in module.split(","):
        matches = [name for name in names if name.startswith(f"{int(number):02d}_")]
        if len(matches) != 1:
            raise SystemExit(f"module {number} is not in the committed course: {names}")
        chosen += matches
    return chosen


def load_test(students: int, module: str) -> dict[str, object]:
    """Run the whole class once; return the figures."""
    names = [f"cu-load-{number:02d}" for number in range(1, students + 1)]
    runs = {name: StudentRun(name) for name in names}
    with ExitStack() as cleanup:
        session = open_hub(cleanup, names)
        notebooks = committed_notebooks(session, module)
        proxy = session.process.read_pid(session.process.state / "proxy.pid")
        hub = session.process.proc.pid if session.process.proc else None
        sampler = Sampler(
            {pwd.getpwnam(name).pw_uid: name for name in names},
            hub_pids=tuple(pid for pid in (hub, proxy) if pid),
        )
        sampler.start()
        cleanup.callback(sampler.stop)
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=students) as pool:
            list(pool.map(lambda r: guarded(lambda: spawn(session, r), r), runs.values()))
            list(pool.map(lambda r: guarded(lambda: work(session, r, notebooks), r), runs.values()))
        wall = time.monotonic() - started
        sampler.stop()
        for run in runs.values():
            guarded(lambda r=run: server_peak(session, r), run)
            run.total_peak_mib = sampler.total.get(run.name, 0.0) / MiB
            run.cpu_s = sampler.cpu_of(run.name)
        log = session.process.log_path.read_text(errors="replace")
        return {
            "hub_log": log if any(run.error for run in runs.values()) else "",
            "students": students,
            "notebooks": notebooks,
            "commit": session.commit,
            "wall_s": wall,
            "samples": sampler.samples,
            "hub_and_proxy_peak_mib": sampler.hub / MiB,
            "machine": machine(),
            "runs": [asdict(run) for run in runs.values()],
        }


def machine() -> dict[str, object]:
    return {
        "cpus": os.cpu_count(),
        "memory_mib": round(psutil.virtual_memory().total / MiB),
        "load_average_1min": round(os.getloadavg()[0], 1),
        "python": platform.python_version(),
        "jupyterhub": version("jupyterhub"),
    }


def median_max(values: Sequence[float]) -> str:
    values = list(values) or [0.0]
    return f"{statistics.median(values):.1f} | {max(values):.1f}"


def summary_table(figures: dict) -> str:
    """The per-student, per-module and summary tables, as Markdown."""
    runs, notebooks = figures["runs"], figures["notebooks"]
    ok = [run for run in runs if not run["error"]]
    lines = [
        "| student | spawn (s) | pull (s) | modules (s) | answers (s) | answered/stored "
        "| server peak (MiB) | largest kernel peak (MiB) | all processes peak (MiB) | error |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for run in runs:
        kernel = max(run["kernel_peak_mib"].values(), default=0.0)
        lines.append(
            f"| {run['name']} | {run['spawn_s']:.1f} | {run['pull_s']:.1f} "
            f"| {run['modules_s']:.1f} | {run['answers_s']:.1f} "
            f"| {run['answered']}/{run['stored']} | {run['server_peak_mib']:.0f} "
            f"| {kernel:.0f} | {run['total_peak_mib']:.0f} | {run['error'] or '—'} |"
        )
    lines += ["", "| module | kernel peak, median (MiB) | max (MiB) |", "|---|---:|---:|"]
    for notebook in notebooks:
        peaks = [
            run["kernel_peak_mib"][notebook] for run in ok if notebook in run["kernel_peak_mib"]
        ]
        lines.append(f"| {notebook} | {median_max(peaks)} |")
    lines += ["", "| measure | median | max |", "|---|---:|---:|"]
    for label, values in (
        ("time to spawn (s)", [run["spawn_s"] for run in ok]),
        ("server peak (MiB)", [run["server_peak_mib"] for run in ok]),
        (
            "kernel peak, any module (MiB)",
            [v for run in ok for v in run["kernel_peak_mib"].values()],
        ),
        ("all of a student's processes, peak (MiB)", [run["total_peak_mib"] for run in ok]),
        ("CPU time per student (s)", [run["cpu_s"] for run in ok]),
    ):
        lines.append(f"| {label} | {median_max(values)} |")
    failures = len(runs) - len(ok)
    lines += [
        "",
        f"Failures: {failures} of {figures['students']}. Wall time: {figures['wall_s']:.0f} s. "
        f"The hub and its proxy peaked at {figures['hub_and_proxy_peak_mib']:.0f} MiB. "
        f"Commit {figures['commit'][:12]}; {figures['samples']} samples.",
        "Machine: " + ", ".join(f"{key} {value}" for key, value in figures["machine"].items()),
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=10, help="how many (default: 10)")
    parser.add_argument(
        "--module", default="01", help='module numbers, e.g. 01 or 00,03, or "all" (default: 01)'
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    reason = missing_prerequisites()
    if reason:
        print(f"cannot run the load test: {reason}", file=sys.stderr)
        return 2
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
    figures = load_test(args.students, args.module)
    log = figures.pop("hub_log")
    print(summary_table(figures))
    if log:
        kept = (args.json or Path("hub_load.json")).with_suffix(".hub.log")
        kept.write_text(log, encoding="utf-8")
        print(f"\nSome students failed; the hub's log, with their servers' output, is in {kept}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 1 if any(run["error"] for run in figures["runs"]) else 0


if __name__ == "__main__":
    sys.exit(main())
