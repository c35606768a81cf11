"""A student's own results (the hand-in): gathered from the store, written as JSON or CSV, read
back, and summed up per module. Pure: no widgets, no plotting.

One typed model, `Results` (pydantic, strict), defines the format: `collect` builds it, `read`
validates every hand-in against it, and `python -m course_utils schema` publishes its JSON
Schema (`results.schema.json`). A file that does not fit is an `ExportError` naming the file
and the first problem, never a half-read hand-in.

Reflection texts can be personal, so an export carries only their length unless the student
asks for the text too.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, ValidationError

from .catalogue import ModuleItems
from .progress import Store

FORMAT = "course-utils-results"
VERSION = 3  # 2: attempts say where they were made (`context`); 3: practice replies
CSV_COLUMNS = (
    "kind",
    "learner",
    "module",
    "bank",
    "question",
    "answer",
    "score",
    "correct",
    "case",
    "run",
    "turn",
    "node",
    "reply",
    "reason",
    "values",
    "finished",
    "reflection",
    "words",
    "text",
    "created",
    "context",
    "practice_set",
    "statement",
    "level",
    "skill",
    "family",
    "confidence",
    "unsure",
    "fit",
    "checklist",
    "rating",
    "reading",
    "typed",
)

Text = Annotated[str, Field(min_length=1)]
Share = Annotated[float, Field(ge=0.0, le=1.0)]


class _Record(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class AttemptRecord(_Record):
    """One check of an answer."""

    module: Text
    bank: Text
    question: Text
    answer: JsonValue
    score: Share
    correct: bool
    created: Text
    context: Literal["notebook", "review"] = "notebook"


class CaseRecord(_Record):
    """One reply chosen in a case dialogue."""

    module: Text
    case: Text
    run: Text
    turn: Annotated[int, Field(ge=1)]
    node: Text
    reply: Text
    reason: str
    values: dict[str, int]
    finished: bool
    created: Text
    reading: str = ""  # for a typed reply: what the classifier read (a skill, or "unsure")
    typed: str | None = None  # the typed words, only if the student chose to include text


class ReflectionRecord(_Record):
    """One reflection: its length, and its text only if the student chose to include it."""

    module: Text
    reflection: Text
    words: Annotated[int, Field(ge=0)]
    created: Text
    text: str | None = None


class PracticeRecord(_Record):
    """One reply typed in the practice studio: what the classifier read, the criteria ticked,
    the rating; its text only if the student chose to include it (as for reflections)."""

    module: Text
    practice_set: Text
    statement: Text
    level: Literal["beginner", "intermediate", "advanced"]
    skill: Text
    family: Text
    confidence: Share
    unsure: bool
    fit: Literal["fits", "near", "differs", "unsure"]
    checklist: list[Annotated[int, Field(ge=0)]]
    rating: Literal["too_easy", "good", "too_hard"] | None = None
    words: Annotated[int, Field(ge=0)]
    created: Text
    text: str | None = None


class Results(_Record):
    """Everything one student hands in."""

    format: Literal["course-utils-results"]
    version: Literal[1, 2, 3]
    learner: Text
    exported: Text
    attempts: list[AttemptRecord]
    cases: list[CaseRecord]
    reflections: list[ReflectionRecord]
    practice: list[PracticeRecord] = []

    def as_dict(self) -> dict:
        """Plain JSON-ready data (reflection and practice texts only where they were included)."""
        data = self.model_dump(mode="json")
        for item in [*data["reflections"], *data["practice"]]:
            if item.get("text") is None:
                item.pop("text", None)
        for item in data["cases"]:
            if item.get("typed") is None:
                item.pop("typed", None)
        return data


def collect(store: Store, *, include_text: bool = False) -> dict:
    """Everything this student did, as JSON-ready data (validated by `Results`)."""
    return gather(store, include_text=include_text).as_dict()


def gather(store: Store, *, include_text: bool = False) -> Results:
    """Everything this student did, as the typed `Results`."""
    return Results(
        format=FORMAT,
        version=VERSION,
        learner=store.learner,
        exported=datetime.now(UTC).isoformat(timespec="seconds"),
        attempts=[
            AttemptRecord(
                module=a.module,
                bank=a.bank,
                question=a.question,
                answer=a.answer,
                score=float(a.score),
                correct=a.correct,
                created=a.created,
                context=a.context,
            )
            for a in store.attempts()
        ],
        cases=[
            CaseRecord(
                module=c.module,
                case=c.case,
                run=c.run,
                turn=c.turn,
                node=c.node,
                reply=c.reply,
                reason=c.reason,
                values=c.values,
                finished=c.finished,
                created=c.created,
                reading=c.reading,
                typed=c.typed if include_text and c.typed else None,
            )
            for c in store.case_choices()
        ],
        reflections=[
            ReflectionRecord(
                module=r.module,
                reflection=r.reflection,
                words=len(r.text.split()),
                created=r.updated,
                text=r.text if include_text else None,
            )
            for r in store.reflections()
        ],
        practice=[
            PracticeRecord(
                module=p.module,
                practice_set=p.practice_set,
                statement=p.statement,
                level=p.level,
                skill=p.skill,
                family=p.family,
                confidence=float(p.confidence),
                unsure=p.unsure,
                fit=p.fit,
                checklist=p.checklist,
                rating=p.rating,
                words=len(p.text.split()),
                created=p.created,
                text=p.text if include_text else None,
            )
            for p in store.practice_replies()
        ],
    )


def to_json(results: dict) -> str:
    return json.dumps(results, indent=2, ensure_ascii=False) + "\n"


def to_csv(results: dict) -> str:
    """One row per attempt, case choice and reflection, with a "kind" column (answers as JSON);
    a first "export" row names the learner and the time of export."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    learner = results["learner"]
    writer.writerow({"kind": "export", "learner": learner, "created": results["exported"]})
    for kind, rows in (
        ("attempt", results["attempts"]),
        ("case", results["cases"]),
        ("reflection", results["reflections"]),
        ("practice", results.get("practice", [])),
    ):
        for row in rows:
            flat = {key: _cell(value) for key, value in row.items()}
            if "answer" in row:
                flat["answer"] = json.dumps(row["answer"], ensure_ascii=False)
            writer.writerow({"kind": kind, "learner": learner, **flat})
    return buffer.getvalue()


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


class ExportError(ValueError):
    """An export file that cannot be read; the message names the file and the reason."""


def read(path: Path) -> dict:
    """Read one student's export (JSON or CSV), validated, as the structure `collect` makes."""
    return parse(path).as_dict()


def parse(path: Path) -> Results:
    """Read one student's export (JSON or CSV) as `Results`; any problem is an ExportError."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ExportError(f"{path}: cannot be read ({error.strerror}) — check the path") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ExportError(
            f"{path}: not UTF-8 text (byte {error.start + 1}) — hand in the file the course's "
            "export wrote, unedited"
        ) from None
    if path.suffix.lower() == ".csv":
        return _validate(path, _from_csv(path, text))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ExportError(f"{path}: not valid JSON ({error.msg}, line {error.lineno})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ExportError(f"{path}: not a course results file — export it with the course's CLI")
    return _validate(path, data)


def hand_in_files(paths: list[Path]) -> list[Path]:
    """The hand-ins named: files as given, and every .json and .csv file inside a folder."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(
                f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in {".json", ".csv"}
            )
        else:
            files.append(path)
    return files


def read_all(paths: list[Path]) -> tuple[list[Results], list[str]]:
    """Every hand-in that fits the format, and one line naming each file that does not."""
    good, broken = [], []
    for path in hand_in_files(paths):
        try:
            good.append(parse(path))
        except ExportError as error:
            broken.append(f"skipped {error}")
    return good, broken


def _validate(path: Path, data: dict) -> Results:
    try:
        return Results.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "file"
        more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
        raise ExportError(
            f"{path}: {where}: {first['msg'].lower()}{more} — re-export the file with the "
            "course's CLI"
        ) from None


def _from_csv(path: Path, text: str) -> dict:
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows or "kind" not in rows[0] or "learner" not in rows[0]:
        raise ExportError(f"{path}: not a course results file — export it with the course's CLI")
    results: dict = {
        "format": FORMAT,
        "version": VERSION,
        "learner": rows[0]["learner"],
        "exported": rows[0]["created"],
        "attempts": [],
        "cases": [],
        "reflections": [],
        "practice": [],
    }
    try:
        for row in rows:
            if row["kind"] == "attempt":
                results["attempts"].append(
                    {
                        "module": row["module"],
                        "bank": row["bank"],
                        "question": row["question"],
                        "answer": json.loads(row["answer"]),
                        "score": float(row["score"]),
                        "correct": row["correct"] == "1",
                        "created": row["created"],
                        "context": row.get("context") or "notebook",
                    }
                )
            elif row["kind"] == "case":
                results["cases"].append(
                    {
                        "module": row["module"],
                        "case": row["case"],
                        "run": row["run"],
                        "turn": int(row["turn"]),
                        "node": row["node"],
                        "reply": row["reply"],
                        "reason": row["reason"],
                        "values": json.loads(row["values"]),
                        "finished": row["finished"] == "1",
                        "created": row["created"],
                        "reading": row.get("reading") or "",
                        **({"typed": row["typed"]} if row.get("typed") else {}),
                    }
                )
            elif row["kind"] == "reflection":
                results["reflections"].append(
                    {
                        "module": row["module"],
                        "reflection": row["reflection"],
                        "words": int(row["words"] or 0),
                        "created": row["created"],
                    }
                )
            elif row["kind"] == "practice":
                practice = {
                    "module": row["module"],
                    "practice_set": row["practice_set"],
                    "statement": row["statement"],
                    "level": row["level"],
                    "skill": row["skill"],
                    "family": row["family"],
                    "confidence": float(row["confidence"]),
                    "unsure": row["unsure"] == "1",
                    "fit": row["fit"],
                    "checklist": json.loads(row["checklist"]),
                    "rating": row["rating"] or None,
                    "words": int(row["words"] or 0),
                    "created": row["created"],
                }
                if row.get("text"):
                    practice["text"] = row["text"]
                results["practice"].append(practice)
    except (KeyError, ValueError, TypeError) as error:
        raise ExportError(f"{path}: a row cannot be read ({error}) — re-export the file") from None
    return results


# --- per-module progress ----------------------------------------------------------------------


@dataclass(frozen=True)
class ModuleProgress:
    """How far one student has got in one module."""

    module: str
    title: str
    answered: int
    questions: int
    score: float | None  # mean of the best score per answered question, 0–1
    cases_finished: int
    cases: int
    reflections_written: int
    reflections: int
    first_score: float | None = None  # mean score of the first attempt per answered question
    reviewed: int = 0  # attempts made in review mode on this module's questions
    tested_answered: int = 0  # cumulative-review questions testing this module, answered
    tested: int = 0  # cumulative-review questions (another module's bank) testing this module

    @property
    def done(self) -> int:
        return self.answered + self.cases_finished + self.reflections_written

    @property
    def total(self) -> int:
        return self.questions + self.cases + self.reflections

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done >= self.total


def module_progress(results: dict, modules: Mapping[str, ModuleItems]) -> list[ModuleProgress]:
    """Per module: questions answered and score, cases finished, reflections written.

    An attempt counts under the module of its question's bank; a review-mode attempt counts
    towards the best score and `reviewed`, never as the first attempt. A cumulative-review
    question (`ModuleItems.tested`) also counts in the scores of the module it tests, but not
    in that module's questions answered or completion."""
    best: dict[tuple[str, str], float] = {}
    first: dict[tuple[str, str], float] = {}
    reviews: dict[tuple[str, str], int] = {}
    for attempt in results["attempts"]:
        key = (attempt["bank"], attempt["question"])
        best[key] = max(best.get(key, 0.0), float(attempt["score"]))
        if attempt.get("context", "notebook") == "notebook":
            first.setdefault(key, float(attempt["score"]))
        else:
            reviews[key] = reviews.get(key, 0) + 1
    finished = {choice["case"] for choice in results["cases"] if choice["finished"]}
    written = {r["reflection"] for r in results["reflections"] if r.get("words", 0) > 0}
    rows = []
    for number, items in modules.items():
        own = [best[key] for key in items.questions if key in best]
        tested = [best[key] for key in items.tested if key in best]
        scores = own + tested
        firsts = [first[key] for key in [*items.questions, *items.tested] if key in first]
        rows.append(
            ModuleProgress(
                module=number,
                title=items.title,
                answered=len(own),
                questions=len(items.questions),
                score=sum(scores) / len(scores) if scores else None,
                cases_finished=len(finished & set(items.cases)),
                cases=len(items.cases),
                reflections_written=len(written & set(items.reflections)),
                reflections=len(items.reflections),
                first_score=sum(firsts) / len(firsts) if firsts else None,
                reviewed=sum(reviews.get(key, 0) for key in items.questions),
                tested_answered=len(tested),
                tested=len(items.tested),
            )
        )
    return rows
