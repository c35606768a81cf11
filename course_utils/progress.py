"""The student's progress: one SQLite file per student, every answer written at once.

Durability rules: WAL mode and a busy timeout (two open notebooks write safely), one transaction
per write, synced to disk before it returns (`synchronous = FULL`: a killed kernel or a crashed
machine loses nothing committed; about 5 ms a write, nothing at the pace of a student), the file
readable by its owner only.
A store that is corrupt is moved aside, never deleted; a store that cannot be written falls
back to memory for the session. Either way `Store.notice` says what happened, in one line.
"""

from __future__ import annotations

import getpass
import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import platformdirs

APP_NAME = "interpersonal-process-course"
FILE_NAME = "progress.sqlite3"
LOCK_NAME = ".progress.lock"
SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY,
    learner TEXT NOT NULL,
    module TEXT NOT NULL,
    bank TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    score REAL NOT NULL,
    correct INTEGER NOT NULL,
    created TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS attempts_by_question ON attempts (learner, bank, question);
CREATE TABLE IF NOT EXISTS reflections (
    learner TEXT NOT NULL,
    reflection TEXT NOT NULL,
    module TEXT NOT NULL,
    text TEXT NOT NULL,
    updated TEXT NOT NULL,
    PRIMARY KEY (learner, reflection)
);
CREATE TABLE IF NOT EXISTS case_choices (
    id INTEGER PRIMARY KEY,
    learner TEXT NOT NULL,
    module TEXT NOT NULL,
    case_id TEXT NOT NULL,
    run TEXT NOT NULL,
    turn INTEGER NOT NULL,
    node TEXT NOT NULL,
    reply TEXT NOT NULL,
    reason TEXT NOT NULL,
    measures TEXT NOT NULL,
    finished INTEGER NOT NULL,
    created TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS case_choices_by_case ON case_choices (learner, case_id, run);
"""
MEMORY = Path(":memory:")


def data_dir() -> Path:
    """Where this student's store lives: $COURSE_UTILS_DATA_DIR, else the user data folder."""
    override = os.environ.get("COURSE_UTILS_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME))


def learner_id() -> str:
    """The student's name: the JupyterHub user if there is one, else the OS user."""
    return os.environ.get("JUPYTERHUB_USER") or getpass.getuser()


@dataclass(frozen=True)
class Attempt:
    module: str
    bank: str
    question: str
    answer: object
    score: float
    correct: bool
    created: str


@dataclass(frozen=True)
class Reflection:
    module: str
    reflection: str
    text: str
    updated: str


@dataclass(frozen=True)
class CaseChoice:
    """One reply chosen in a case dialogue, the reason given, and the simulated values after."""

    module: str
    case: str
    run: str  # one play-through of the case, from start (or restart) to end
    turn: int  # 1-based
    node: str
    reply: str
    reason: str
    values: dict[str, int]
    finished: bool  # this choice ended the dialogue
    created: str


class Store:
    """A student's answers and reflections; safe for several processes at once."""

    def __init__(self, path: Path, learner: str) -> None:
        self.path = path
        self.learner = learner
        self.notice = ""  # one line for the student when something went wrong
        self._lock = threading.Lock()
        self._db = self._open()

    # -- opening ----------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        """Open under a lock, so two kernels that find the same damaged file move it once."""
        try:
            with _exclusive(self.path.parent):
                return self._open_locked()
        except OSError as error:
            return self._fall_back_to_memory(error)

    def _open_locked(self) -> sqlite3.Connection:
        try:
            return self._connect(self.path)
        except sqlite3.DatabaseError as error:
            if not _is_corruption(error):
                return self._fall_back_to_memory(error)
        except OSError as error:
            return self._fall_back_to_memory(error)
        kept = self._move_aside()
        try:
            db = self._connect(self.path)
        except (OSError, sqlite3.DatabaseError) as error:
            return self._fall_back_to_memory(error)
        self.notice = (
            f"Your progress file could not be read, so it was moved to {kept} (kept, not deleted) "
            "and a new one was started. Your instructor can help recover the old answers."
        )
        return db

    def _connect(self, path: Path) -> sqlite3.Connection:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))  # owner-only from the start
        db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        try:
            db.execute("PRAGMA busy_timeout = 30000")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = FULL")
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("database disk image is malformed")
            db.executescript(SCHEMA)
        except BaseException:
            db.close()
            raise
        return db

    def _move_aside(self) -> Path:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        kept = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{os.getpid()}")
        for suffix in ("", "-wal", "-shm"):
            source = Path(f"{self.path}{suffix}")
            if source.exists():
                source.rename(Path(f"{kept}{suffix}"))
        return kept

    def _fall_back_to_memory(
        self, error: Exception, keep: sqlite3.Connection | None = None
    ) -> sqlite3.Connection:
        """Go on in memory, copying what `keep` already holds, and say so in one line."""
        reason = getattr(error, "strerror", None) or str(error)
        self.notice = (
            f"Your answers cannot be saved to {self.path} ({reason}); they are kept only until "
            "the kernel stops. Free some disk space or ask your instructor to check that your "
            "home folder is writable, then restart the kernel."
        )
        db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        if keep is not None:
            try:
                keep.backup(db)
            except sqlite3.Error:
                db.close()
                db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            keep.close()
        db.executescript(SCHEMA)
        self.path = MEMORY
        return db

    @property
    def in_memory(self) -> bool:
        """True when answers are only kept until the kernel stops."""
        return self.path == MEMORY

    # -- writing ----------------------------------------------------------------------------

    def _write(self, sql: str, parameters: tuple) -> None:
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.execute(sql, parameters)
                self._db.execute("COMMIT")
            except sqlite3.DatabaseError as error:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                if self.in_memory:
                    raise
                self._db = self._fall_back_to_memory(error, keep=self._db)
                self._db.execute(sql, parameters)

    def record_attempt(
        self, *, module: str, bank: str, question: str, answer: object, score: float, correct: bool
    ) -> None:
        """Store one check of an answer, committed before this returns."""
        self._write(
            "INSERT INTO attempts (learner, module, bank, question, answer, score, correct,"
            " created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                self.learner,
                module,
                bank,
                question,
                json.dumps(answer),
                score,
                int(correct),
                _now(),
            ),
        )

    def save_reflection(self, *, module: str, reflection: str, text: str) -> None:
        """Store the latest text of a reflection, committed before this returns."""
        self._write(
            "INSERT INTO reflections (learner, reflection, module, text, updated)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (learner, reflection)"
            " DO UPDATE SET text = excluded.text, updated = excluded.updated",
            (self.learner, reflection, module, text, _now()),
        )

    def record_case_choice(
        self,
        *,
        module: str,
        case: str,
        run: str,
        turn: int,
        node: str,
        reply: str,
        reason: str,
        values: dict[str, int],
        finished: bool,
    ) -> None:
        """Store one reply chosen in a case dialogue, committed before this returns."""
        self._write(
            "INSERT INTO case_choices (learner, module, case_id, run, turn, node, reply, reason,"
            " measures, finished, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                self.learner,
                module,
                case,
                run,
                turn,
                node,
                reply,
                reason,
                json.dumps(values, sort_keys=True),
                int(finished),
                _now(),
            ),
        )

    # -- reading ----------------------------------------------------------------------------

    def case_choices(self, case: str | None = None) -> list[CaseChoice]:
        """This learner's case choices, oldest first, optionally for one case."""
        sql = (
            "SELECT module, case_id, run, turn, node, reply, reason, measures, finished, created"
            " FROM case_choices WHERE learner = ?"
        )
        parameters: list[str] = [self.learner]
        if case is not None:
            sql += " AND case_id = ?"
            parameters.append(case)
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY id", parameters).fetchall()
        return [
            CaseChoice(m, c, run, turn, node, reply, reason, json.loads(values), bool(done), t)
            for m, c, run, turn, node, reply, reason, values, done, t in rows
        ]

    def last_run(self, case: str) -> list[CaseChoice]:
        """The choices of the latest play-through of a case (empty if never started)."""
        choices = self.case_choices(case)
        if not choices:
            return []
        run = choices[-1].run
        return [choice for choice in choices if choice.run == run]

    def attempts(self, bank: str | None = None, question: str | None = None) -> list[Attempt]:
        """This learner's attempts, oldest first, optionally for one bank or question."""
        sql = "SELECT module, bank, question, answer, score, correct, created FROM attempts"
        sql += " WHERE learner = ?"
        parameters: list[str] = [self.learner]
        if bank is not None:
            sql += " AND bank = ?"
            parameters.append(bank)
        if question is not None:
            sql += " AND question = ?"
            parameters.append(question)
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY id", parameters).fetchall()
        return [
            Attempt(module, b, q, json.loads(answer), score, bool(correct), created)
            for module, b, q, answer, score, correct, created in rows
        ]

    def reflection(self, reflection: str) -> Reflection | None:
        with self._lock:
            row = self._db.execute(
                "SELECT module, reflection, text, updated FROM reflections"
                " WHERE learner = ? AND reflection = ?",
                (self.learner, reflection),
            ).fetchone()
        return Reflection(*row) if row else None

    def reflections(self) -> list[Reflection]:
        with self._lock:
            rows = self._db.execute(
                "SELECT module, reflection, text, updated FROM reflections WHERE learner = ?"
                " ORDER BY module, reflection",
                (self.learner,),
            ).fetchall()
        return [Reflection(*row) for row in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()


@contextmanager
def _exclusive(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on the data folder's lock file (where the OS offers flock)."""
    try:
        import fcntl
    except ImportError:  # Windows: no flock; opening is still safe, only less coordinated
        yield
        return
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle = os.open(folder / LOCK_NAME, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


def _is_corruption(error: sqlite3.DatabaseError) -> bool:
    text = str(error).lower()
    return "not a database" in text or "malformed" in text or "corrupt" in text


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@cache
def _store_for(path: Path, learner: str) -> Store:
    return Store(path, learner)


def store() -> Store:
    """The current student's store (one per process and data folder)."""
    return _store_for(data_dir() / FILE_NAME, learner_id())
