"""A student's own results: gathered from the store, written as JSON or CSV, read back, and
summed up per module. Pure: no widgets, no plotting.

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

from .catalogue import ModuleItems
from .progress import Store

FORMAT = "course-utils-results"
VERSION = 1
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
)


def collect(store: Store, *, include_text: bool = False) -> dict:
    """Everything this student did, as JSON-ready data."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "learner": store.learner,
        "exported": datetime.now(UTC).isoformat(timespec="seconds"),
        "attempts": [
            {
                "module": a.module,
                "bank": a.bank,
                "question": a.question,
                "answer": a.answer,
                "score": a.score,
                "correct": a.correct,
                "created": a.created,
            }
            for a in store.attempts()
        ],
        "cases": [
            {
                "module": c.module,
                "case": c.case,
                "run": c.run,
                "turn": c.turn,
                "node": c.node,
                "reply": c.reply,
                "reason": c.reason,
                "values": c.values,
                "finished": c.finished,
                "created": c.created,
            }
            for c in store.case_choices()
        ],
        "reflections": [
            {
                "module": r.module,
                "reflection": r.reflection,
                "words": len(r.text.split()),
                "created": r.updated,
                **({"text": r.text} if include_text else {}),
            }
            for r in store.reflections()
        ],
    }


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
    """Read one student's export (JSON or CSV) back into the structure `collect` makes."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ExportError(f"{path}: cannot be read ({error}) — check the path") from None
    if path.suffix.lower() == ".csv":
        return _from_csv(path, text)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ExportError(f"{path}: not valid JSON ({error.msg}, line {error.lineno})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ExportError(f"{path}: not a course results file — export it with the course's CLI")
    return data


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
    except (KeyError, ValueError) as error:
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
    """Per module: questions answered and score, cases finished, reflections written."""
    best: dict[tuple[str, str], float] = {}
    for attempt in results["attempts"]:
        key = (attempt["bank"], attempt["question"])
        best[key] = max(best.get(key, 0.0), float(attempt["score"]))
    finished = {choice["case"] for choice in results["cases"] if choice["finished"]}
    written = {r["reflection"] for r in results["reflections"] if r.get("words", 0) > 0}
    rows = []
    for number, items in modules.items():
        scores = [best[key] for key in items.questions if key in best]
        rows.append(
            ModuleProgress(
                module=number,
                title=items.title,
                answered=len(scores),
                questions=len(items.questions),
                score=sum(scores) / len(scores) if scores else None,
                cases_finished=len(finished & set(items.cases)),
                cases=len(items.cases),
                reflections_written=len(written & set(items.reflections)),
                reflections=len(items.reflections),
            )
        )
    return rows
