"""Durability of the progress store, with real processes and real signals.

- 4 processes × 500 writes at the same time lose nothing;
- a process killed with SIGKILL in the middle of its writes leaves an intact database that
  holds every answer it had committed;
- a disk that fills up (a real file-size limit, so the OS refuses the write) moves the session
  to memory with a warning, keeps every answer, and leaves the file intact.

Run `python -m tests.test_durability` for the measured figures (writes lost, kills survived,
median time per write).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PROCESSES, WRITES = 4, 500
KILL_RUNS = 20

# A writer: waits for "go" on stdin, writes WRITES attempts, each committed before the next,
# and prints one JSON line with the time each write took.
WRITER = """
import json, sys, time
from course_utils import progress
store = progress.store()
name, count = sys.argv[1], int(sys.argv[2])
print("ready", flush=True)
sys.stdin.readline()
took = []
for number in range(count):
    started = time.perf_counter()
    store.record_attempt(module="01", bank="load", question=f"{name}-{number}", answer=number,
                         score=1.0, correct=True)
    took.append(time.perf_counter() - started)
print(json.dumps({"took": took, "notice": store.notice}), flush=True)
"""

# A writer that prints the number of each write once it is committed, for ever (until killed).
KILLED_WRITER = """
import sys
from course_utils import progress
store = progress.store()
number = 0
while True:
    store.record_attempt(module="01", bank="kill", question=str(number), answer="x" * 200,
                         score=1.0, correct=True)
    print(number, flush=True)
    number += 1
"""

# A writer whose files may not grow past a few kilobytes more: the OS refuses the write (EFBIG),
# as a full disk refuses it (ENOSPC).
FULL_DISK_WRITER = """
import json, resource, signal
from course_utils import progress
store = progress.store()
for number in range(5):
    store.record_attempt(module="01", bank="full", question=f"before-{number}", answer=number,
                         score=1.0, correct=True)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = max(p.stat().st_size for p in store.path.parent.iterdir()) + 8192
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
for number in range(200):
    store.record_attempt(module="01", bank="full", question=f"after-{number}",
                         answer="x" * 500, score=1.0, correct=True)
print(json.dumps({"notice": store.notice, "in_memory": store.in_memory,
                  "kept": len(store.attempts("full"))}))
"""


# Opens the store (damaged on disk) when told to, writes one answer, prints its notice.
OPENER = """
import sys
from course_utils import progress
print("ready", flush=True)
sys.stdin.readline()
store = progress.store()
store.record_attempt(module="01", bank="after", question=sys.argv[1], answer=1, score=1.0,
                     correct=True)
print(store.notice)
"""


def python(code: str, data_dir: Path, *args: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "COURSE_UTILS_DATA_DIR": str(data_dir), "JUPYTERHUB_USER": "student-a"}
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=REPO,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def database(data_dir: Path) -> sqlite3.Connection:
    return sqlite3.connect(data_dir / "progress.sqlite3")


def concurrent_writes(data_dir: Path) -> dict:
    """Start PROCESSES writers, release them together, and count what reached the file."""
    writers = [python(WRITER, data_dir, f"p{i}", str(WRITES)) for i in range(PROCESSES)]
    for writer in writers:
        assert writer.stdout.readline().strip() == "ready"
    for writer in writers:
        writer.stdin.write("go\n")
        writer.stdin.flush()
    reports = []
    for writer in writers:
        out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
        reports.append(json.loads(out.strip().splitlines()[-1]))
    with database(data_dir) as db:
        stored = {row[0] for row in db.execute("SELECT question FROM attempts WHERE bank='load'")}
    expected = {f"p{i}-{n}" for i in range(PROCESSES) for n in range(WRITES)}
    took = [t for report in reports for t in report["took"]]
    return {
        "lost": len(expected - stored),
        "extra": len(stored - expected),
        "notices": [r["notice"] for r in reports if r["notice"]],
        "median_ms": 1000 * statistics.median(took),
        "p95_ms": 1000 * statistics.quantiles(took, n=20)[-1],
    }


def kill_mid_writes(data_dir: Path, after: int) -> dict:
    """Let a writer commit at least `after` answers, SIGKILL it, and inspect the file."""
    writer = python(KILLED_WRITER, data_dir)
    committed = -1
    for line in writer.stdout:
        committed = int(line)
        if committed >= after:
            break
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(timeout=30)
    writer.stdout.close()
    writer.stderr.close()
    writer.stdin.close()
    with database(data_dir) as db:
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        stored = {int(row[0]) for row in db.execute("SELECT question FROM attempts")}
    return {
        "signal": -writer.returncode,
        "integrity": integrity,
        "missing": sorted(set(range(committed + 1)) - stored),
        "committed": committed + 1,
    }


def test_four_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    result = concurrent_writes(tmp_path / "data")
    assert result["lost"] == 0 and result["extra"] == 0
    assert result["notices"] == []  # nobody fell back to memory


@pytest.mark.parametrize("run", range(KILL_RUNS))
def test_sigkill_mid_writes_leaves_every_committed_answer(tmp_path: Path, run: int) -> None:
    data_dir = tmp_path / "data"
    # Earlier kills leave a WAL behind: kill the same store repeatedly, at different points.
    for kill in range(3):
        result = kill_mid_writes(data_dir, after=2 * run + 5 * kill)
        assert result["signal"] == signal.SIGKILL
        assert result["integrity"] == "ok"
        assert result["missing"] == []


def test_after_a_kill_the_next_kernel_opens_the_store_without_a_warning(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    result = kill_mid_writes(data_dir, after=50)
    reader = python(
        "from course_utils import progress; s = progress.store();"
        "print(len(s.attempts('kill')), repr(s.notice))",
        data_dir,
    )
    out, err = reader.communicate(timeout=60)
    count, notice = out.split(maxsplit=1)
    assert int(count) >= result["committed"] and notice.strip() == "''", err


def test_a_full_disk_keeps_answers_in_memory_with_a_warning(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    writer = python(FULL_DISK_WRITER, data_dir)
    out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0 and "Traceback" not in err, err
    report = json.loads(out)
    assert report["in_memory"] and report["kept"] == 205  # nothing lost in the session
    assert str(data_dir / "progress.sqlite3") in report["notice"]
    assert "Free some disk space" in report["notice"]
    with database(data_dir) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        saved = {row[0] for row in db.execute("SELECT question FROM attempts")}
    assert {f"before-{n}" for n in range(5)} <= saved


def test_kernels_that_open_a_damaged_store_together_move_it_aside_once(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    garbage = b"not a database, " * 500
    (data_dir / "progress.sqlite3").write_bytes(garbage)
    openers = [python(OPENER, data_dir, f"k{i}") for i in range(PROCESSES)]
    for opener in openers:
        assert opener.stdout.readline().strip() == "ready"
    for opener in openers:
        opener.stdin.write("go\n")
        opener.stdin.flush()
    notices = []
    for opener in openers:
        out, err = opener.communicate(timeout=60)
        assert opener.returncode == 0, err
        notices.append(out.strip())
    kept = sorted(data_dir.glob("progress.sqlite3.corrupt-*"))
    assert [p.read_bytes() for p in kept] == [garbage]
    moved = [n for n in notices if "moved to" in n]
    assert len(moved) == 1 and str(kept[0]) in moved[0]
    with database(data_dir) as db:
        written = {row[0] for row in db.execute("SELECT question FROM attempts")}
    assert written == {f"k{i}" for i in range(PROCESSES)}


def measure() -> None:
    """Print the figures the issue asks for."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        result = concurrent_writes(Path(folder) / "concurrent")
        print(
            f"concurrent: {PROCESSES} processes x {WRITES} writes: {result['lost']} of "
            f"{PROCESSES * WRITES} lost; median {result['median_ms']:.2f} ms per write under "
            f"contention (95th percentile {result['p95_ms']:.2f} ms)"
        )
        single = Path(folder) / "single"
        writer = python(WRITER, single, "solo", "500")
        writer.stdout.readline()
        out, _ = writer.communicate("go\n", timeout=120)
        took = json.loads(out.strip().splitlines()[-1])["took"]
        print(f"single process: median {1000 * statistics.median(took):.2f} ms per write")
        survived = 0
        for run in range(KILL_RUNS):
            data_dir = Path(folder) / f"kill-{run}"
            results = [kill_mid_writes(data_dir, after=2 * run + 5 * k) for k in range(3)]
            survived += sum(r["integrity"] == "ok" and not r["missing"] for r in results)
        print(f"kill -9: {survived} of {3 * KILL_RUNS} kills left an intact store, none lost")


if __name__ == "__main__":
    measure()
