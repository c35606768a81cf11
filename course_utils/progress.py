"""The student's progress: one SQLite file per student, every answer written at once.

Durability rules: WAL mode and a busy timeout (two open notebooks write safely), one transaction
per write, synced to disk before it returns (`synchronous = FULL`: a killed kernel or a crashed
machine loses nothing committed; about 5 ms a write, nothing at the pace of a student), the file
readable by its owner only.
A store that is corrupt is moved aside, never deleted; a store that cannot be written or read
falls back to memory for the session. Either way `Store.notice` says what happened, in one line.

Upgrades: the store carries its layout's number in `PRAGMA user_version`, and `MIGRATIONS` is
the ordered list of steps from one layout to the next. Opening a store written by an older course
first copies it aside (`progress.sqlite3.v<N>-backup-<time>`), then applies the missing steps in
place within one transaction, so a student who pulls a new version of the course keeps every
answer, reflection and case choice. To change the layout, append a step; never edit one that has
shipped. A store written by a newer course than this one is left untouched.
"""

from __future__ import annotations

import getpass
import json
import os
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import platformdirs

APP_NAME = "interpersonal-process-course"
FILE_NAME = "progress.sqlite3"
LOCK_NAME = ".progress.lock"
# The layout of version 1 (the first shipped course, whose stores say user_version 0).
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


def _v1_baseline(db: sqlite3.Connection) -> None:
    """Version 1: the first shipped layout. Also repairs earlier development layouts: a table
    that is missing is created, and an `attempts` table without `correct` gains it (right when
    the score was full)."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(attempts)")}
    if columns and "correct" not in columns:
        db.execute("ALTER TABLE attempts ADD COLUMN correct INTEGER NOT NULL DEFAULT 0")
        db.execute("UPDATE attempts SET correct = (score >= 0.999999)")
    for statement in SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)


def _v2_review(db: sqlite3.Connection) -> None:
    """Version 2: review mode. An attempt says where it was made (`notebook` or `review`), and
    each question shown in review keeps its first-attempt rating for the spacing schedule."""
    db.execute("ALTER TABLE attempts ADD COLUMN context TEXT NOT NULL DEFAULT 'notebook'")
    db.execute(
        "CREATE TABLE reviews (id INTEGER PRIMARY KEY, learner TEXT NOT NULL,"
        " bank TEXT NOT NULL, question TEXT NOT NULL, correct INTEGER NOT NULL,"
        " reviewed TEXT NOT NULL)"
    )
    db.execute("CREATE INDEX reviews_by_question ON reviews (learner, bank, question)")


def _v3_practice(db: sqlite3.Connection) -> None:
    """Version 3: the practice studio. Each reply typed there, what the classifier read, the
    criteria the student ticked and the difficulty they rated; and each set's current level.
    A case choice may be a reply the student typed: its words and what was read in them."""
    db.execute("ALTER TABLE case_choices ADD COLUMN typed TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE case_choices ADD COLUMN reading TEXT NOT NULL DEFAULT ''")
    db.execute(
        "CREATE TABLE practice_replies (id INTEGER PRIMARY KEY, reply TEXT NOT NULL UNIQUE,"
        " learner TEXT NOT NULL, module TEXT NOT NULL, practice_set TEXT NOT NULL,"
        " statement TEXT NOT NULL, level TEXT NOT NULL, text TEXT NOT NULL,"
        " skill TEXT NOT NULL, family TEXT NOT NULL, confidence REAL NOT NULL,"
        " unsure INTEGER NOT NULL, fit TEXT NOT NULL, checklist TEXT NOT NULL DEFAULT '[]',"
        " rating TEXT, created TEXT NOT NULL, updated TEXT NOT NULL)"
    )
    db.execute("CREATE INDEX practice_replies_by_set ON practice_replies (learner, practice_set)")
    db.execute(
        "CREATE TABLE practice_levels (learner TEXT NOT NULL, practice_set TEXT NOT NULL,"
        " level TEXT NOT NULL, updated TEXT NOT NULL, PRIMARY KEY (learner, practice_set))"
    )


# The ordered steps from one layout to the next: step i brings a store to version i + 1.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _v1_baseline,
    _v2_review,
    _v3_practice,
)
SCHEMA_VERSION = len(MIGRATIONS)


class SchemaError(sqlite3.DatabaseError):
    """The store's layout is not one this course can use (e.g. written by a newer course)."""


def schema_version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: sqlite3.Connection, path: Path | None = None) -> int:
    """Bring `db` to `SCHEMA_VERSION` in one transaction, after a backup copy of `path` if it
    already held data. Returns the version the store had before. Call with the store locked."""
    version = schema_version(db)
    if version > SCHEMA_VERSION:
        raise SchemaError(
            f"it was written by a newer version of the course (layout {version}, this course "
            f"knows up to {SCHEMA_VERSION})"
        )
    if version == SCHEMA_VERSION:
        return version
    has_data = db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    if has_data and path is not None and path != MEMORY:
        _backup(db, path, version)
    db.execute("BEGIN IMMEDIATE")
    try:
        for step in MIGRATIONS[version:]:
            step(db)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    return version


def _backup(db: sqlite3.Connection, path: Path, version: int) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    copy = path.with_name(f"{path.name}.v{version}-backup-{stamp}-{os.getpid()}")
    os.close(os.open(copy, os.O_CREAT | os.O_RDWR, 0o600))
    target = sqlite3.connect(copy)
    try:
        db.backup(target)
    finally:
        target.close()
    return copy


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
    context: str = "notebook"  # "review" when made in review mode


@dataclass(frozen=True)
class Review:
    """One question shown in review mode, and whether its first attempt there was right."""

    bank: str
    question: str
    correct: bool
    reviewed: str


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
    typed: str = ""  # the student's own words, when they typed instead of choosing
    reading: str = ""  # what the classifier read in them (a skill, or "unsure")


@dataclass(frozen=True)
class PracticeReply:
    """One reply typed in the practice studio, what the classifier read, and what the student
    made of it (criteria ticked by their index, difficulty rating once given)."""

    reply: str  # this reply's own id
    module: str
    practice_set: str
    statement: str
    level: str
    text: str
    skill: str
    family: str
    confidence: float
    unsure: bool
    fit: str  # fits | near | differs | unsure
    checklist: list[int]
    rating: str | None
    created: str
    updated: str


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
            migrate(db, path)
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
        self.notice = _notice(self.path, error)
        db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        if keep is not None:
            try:
                keep.backup(db)
                migrate(db)
            except sqlite3.Error:
                db.close()
                db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            keep.close()
        migrate(db)
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

    def _learner_rows(self, select: str, **columns: str | None) -> list[tuple]:
        """The rows of `select` (a SELECT … FROM table) that belong to this learner, oldest
        first, kept to those whose named columns equal the given values (None: any value).
        The column names come from this module, never from input."""
        given = {column: value for column, value in columns.items() if value is not None}
        where = "".join(f" AND {column} = ?" for column in given)
        return self._read(
            f"{select} WHERE learner = ?{where} ORDER BY id", [self.learner, *given.values()]
        )

    def _read(self, sql: str, parameters: tuple | list) -> list[tuple]:
        """Rows for `sql`; a store that turns unreadable moves the session to memory (keeping
        what can be copied) with the one-line notice, and the read is answered from there."""
        with self._lock:
            try:
                return self._db.execute(sql, parameters).fetchall()
            except sqlite3.DatabaseError as error:
                if self.in_memory:
                    return []
                self._db = self._fall_back_to_memory(error, keep=self._db)
                try:
                    return self._db.execute(sql, parameters).fetchall()
                except sqlite3.DatabaseError:
                    return []

    def record_attempt(
        self,
        *,
        module: str,
        bank: str,
        question: str,
        answer: object,
        score: float,
        correct: bool,
        context: str = "notebook",
    ) -> None:
        """Store one check of an answer, committed before this returns."""
        self._write(
            "INSERT INTO attempts (learner, module, bank, question, answer, score, correct,"
            " created, context) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                self.learner,
                module,
                bank,
                question,
                json.dumps(answer),
                score,
                int(correct),
                _now(),
                context,
            ),
        )

    def record_review(self, *, bank: str, question: str, correct: bool) -> None:
        """Store the first-attempt result of one question shown in review mode."""
        self._write(
            "INSERT INTO reviews (learner, bank, question, correct, reviewed)"
            " VALUES (?, ?, ?, ?, ?)",
            (self.learner, bank, question, int(correct), _now()),
        )

    def reviews(self) -> list[Review]:
        """This learner's review-mode results, oldest first."""
        rows = self._read(
            "SELECT bank, question, correct, reviewed FROM reviews WHERE learner = ? ORDER BY id",
            (self.learner,),
        )
        return [Review(b, q, bool(c), t) for b, q, c, t in rows]

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
        typed: str = "",
        reading: str = "",
    ) -> None:
        """Store one reply chosen (or typed) in a case dialogue, committed before this returns."""
        self._write(
            "INSERT INTO case_choices (learner, module, case_id, run, turn, node, reply, reason,"
            " measures, finished, created, typed, reading)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                typed,
                reading,
            ),
        )

    def record_practice_reply(
        self,
        *,
        module: str,
        practice_set: str,
        statement: str,
        level: str,
        text: str,
        skill: str,
        family: str,
        confidence: float,
        unsure: bool,
        fit: str,
    ) -> str:
        """Store one practice reply and its reading, committed before this returns; returns the
        reply's id, used to add the checklist and the rating."""
        reply = uuid.uuid4().hex
        now = _now()
        self._write(
            "INSERT INTO practice_replies (reply, learner, module, practice_set, statement, level,"
            " text, skill, family, confidence, unsure, fit, created, updated)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                reply,
                self.learner,
                module,
                practice_set,
                statement,
                level,
                text,
                skill,
                family,
                float(confidence),
                int(unsure),
                fit,
                now,
                now,
            ),
        )
        return reply

    def save_practice_checklist(self, reply: str, ticked: list[int]) -> None:
        """Store which criteria the student ticked for their reply (by index)."""
        self._write(
            "UPDATE practice_replies SET checklist = ?, updated = ?"
            " WHERE reply = ? AND learner = ?",
            (json.dumps(sorted(set(ticked))), _now(), reply, self.learner),
        )

    def save_practice_rating(self, reply: str, rating: str) -> None:
        """Store how hard the student found the statement they replied to."""
        self._write(
            "UPDATE practice_replies SET rating = ?, updated = ? WHERE reply = ? AND learner = ?",
            (rating, _now(), reply, self.learner),
        )

    def save_practice_level(self, practice_set: str, level: str) -> None:
        """Store the level the student is now at in a practice set."""
        self._write(
            "INSERT INTO practice_levels (learner, practice_set, level, updated)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (learner, practice_set)"
            " DO UPDATE SET level = excluded.level, updated = excluded.updated",
            (self.learner, practice_set, level, _now()),
        )

    # -- reading ----------------------------------------------------------------------------

    def practice_replies(self, practice_set: str | None = None) -> list[PracticeReply]:
        """This learner's practice replies, oldest first, optionally for one set."""
        rows = self._learner_rows(
            "SELECT reply, module, practice_set, statement, level, text, skill, family,"
            " confidence, unsure, fit, checklist, rating, created, updated FROM practice_replies",
            practice_set=practice_set,
        )
        return [
            PracticeReply(*row[:9], bool(row[9]), row[10], json.loads(row[11]), *row[12:])
            for row in rows
        ]

    def practice_levels(self) -> dict[str, str]:
        """The level the learner is at in each practice set they have used."""
        rows = self._read(
            "SELECT practice_set, level FROM practice_levels WHERE learner = ?", (self.learner,)
        )
        return dict(rows)

    def case_choices(self, case: str | None = None) -> list[CaseChoice]:
        """This learner's case choices, oldest first, optionally for one case."""
        rows = self._learner_rows(
            "SELECT module, case_id, run, turn, node, reply, reason, measures, finished, created,"
            " typed, reading FROM case_choices",
            case_id=case,
        )
        return [
            CaseChoice(
                m, c, run, turn, node, reply, reason, json.loads(values), bool(done), t, w, r
            )
            for m, c, run, turn, node, reply, reason, values, done, t, w, r in rows
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
        rows = self._learner_rows(
            "SELECT module, bank, question, answer, score, correct, created, context FROM attempts",
            bank=bank,
            question=question,
        )
        return [
            Attempt(module, b, q, json.loads(answer), score, bool(correct), created, context)
            for module, b, q, answer, score, correct, created, context in rows
        ]

    def reflection(self, reflection: str) -> Reflection | None:
        rows = self._read(
            "SELECT module, reflection, text, updated FROM reflections"
            " WHERE learner = ? AND reflection = ?",
            (self.learner, reflection),
        )
        return Reflection(*rows[0]) if rows else None

    def reflections(self) -> list[Reflection]:
        rows = self._read(
            "SELECT module, reflection, text, updated FROM reflections WHERE learner = ?"
            " ORDER BY module, reflection",
            (self.learner,),
        )
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


def _notice(path: Path, error: Exception) -> str:
    """The one line for the student: a layout problem is not a full disk."""
    reason = getattr(error, "strerror", None) or str(error)
    text = reason.lower()
    if isinstance(error, SchemaError) or "no such column" in text or "no column named" in text:
        return (
            f"Your progress file {path} could not be used ({reason}); it was left untouched and "
            "your answers are kept only until the kernel stops. Ask your instructor to check "
            "that the course is up to date, then restart the kernel."
        )
    return (
        f"Your answers cannot be saved to {path} ({reason}); they are kept only until "
        "the kernel stops. Free some disk space or ask your instructor to check that your "
        "home folder is writable, then restart the kernel."
    )


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
