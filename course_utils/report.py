"""The instructor's class view: an item analysis from many students' exports. Pure.

Per question: how many students answered, the share right at the first attempt and in the end,
and the wrong answer chosen most often at the first attempt, with the explanation the bank
gives for it. Per module: the share of students who completed every item.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .catalogue import ModuleItems
from .results import module_progress
from .schema import AnyQuestion, MultipleChoice, Numeric, Ordering, QuestionBank, SingleChoice

HARD, EASY = 0.4, 0.95  # first-attempt shares that make an item worth a second look


@dataclass(frozen=True)
class QuestionRow:
    module: str
    bank: str
    question: str
    students: int
    first_correct: float  # share right at the first attempt
    final_correct: float  # share right at their latest attempt
    wrong: str  # the most chosen wrong answer ("" if none)
    wrong_count: int
    wrong_of: int  # number of wrong first attempts
    explanation: str  # why that answer is wrong, from the bank

    @property
    def note(self) -> str:
        if self.students == 0:
            return ""
        if self.first_correct < HARD:
            return "hard: review the item and how the module teaches it"
        if self.first_correct >= EASY:
            return "very easy: it may not tell students apart"
        return ""


@dataclass(frozen=True)
class ModuleRow:
    module: str
    title: str
    students: int
    complete: int
    mean_done: float  # mean share of the module's items each student did

    @property
    def completion(self) -> float:
        return self.complete / self.students if self.students else 0.0


@dataclass(frozen=True)
class Report:
    students: int
    questions: list[QuestionRow]
    modules: list[ModuleRow]


def latest_per_learner(exports: Iterable[dict]) -> list[dict]:
    """One export per student: the most recent, if a student handed in more than one."""
    latest: dict[str, dict] = {}
    for export in exports:
        learner = export["learner"]
        if learner not in latest or export["exported"] > latest[learner]["exported"]:
            latest[learner] = export
    return [latest[learner] for learner in sorted(latest)]


def build(
    exports: Iterable[dict], banks: Mapping[str, QuestionBank], modules: Mapping[str, ModuleItems]
) -> Report:
    """The item analysis of the given exports against the course's banks and modules."""
    students = latest_per_learner(exports)
    rows = [
        _question_row(bank, question, students)
        for bank in banks.values()
        for question in bank.questions
        if isinstance(question, SingleChoice | MultipleChoice | Numeric | Ordering)
    ]
    return Report(len(students), rows, _module_rows(students, modules))


def _question_row(bank: QuestionBank, question: AnyQuestion, students: list[dict]) -> QuestionRow:
    firsts, lasts = [], []
    for student in students:
        attempts = [
            a
            for a in student["attempts"]
            if a["bank"] == bank.bank and a["question"] == question.id
        ]
        if attempts:
            firsts.append(attempts[0])
            lasts.append(attempts[-1])
    wrong_answers = Counter[str]()
    wrong_firsts = [a for a in firsts if not a["correct"]]
    for attempt in wrong_firsts:
        wrong_answers.update(_wrong_labels(question, attempt["answer"]))
    label, count = wrong_answers.most_common(1)[0] if wrong_answers else ("", 0)
    count_share = len(firsts) or 1
    return QuestionRow(
        module=bank.module,
        bank=bank.bank,
        question=question.id,
        students=len(firsts),
        first_correct=sum(a["correct"] for a in firsts) / count_share,
        final_correct=sum(a["correct"] for a in lasts) / count_share,
        wrong=_label_text(question, label),
        wrong_count=count,
        wrong_of=len(wrong_firsts),
        explanation=_explanation(question, label),
    )


def _wrong_labels(question: AnyQuestion, answer: object) -> list[str]:
    """The wrong parts of one wrong answer: distractors chosen, a direction, misplaced steps."""
    if isinstance(question, SingleChoice):
        return [str(answer)] if answer not in question.correct_ids else []
    if isinstance(question, MultipleChoice):
        chosen = set(answer) if isinstance(answer, list) else set()
        return sorted(chosen - question.correct_ids)
    if isinstance(question, Numeric):
        if not isinstance(answer, int | float):
            return []
        return ["low"] if answer < question.answer else ["high"]
    if isinstance(question, Ordering) and isinstance(answer, list):
        right = [step.id for step in question.steps]
        return [step for given, step in zip(answer, right, strict=False) if given != step]
    return []


def _label_text(question: AnyQuestion, label: str) -> str:
    if not label:
        return ""
    if isinstance(question, SingleChoice | MultipleChoice):
        option = next((o for o in question.options if o.id == label), None)
        return f"{label}: {option.text}" if option else label
    if isinstance(question, Numeric):
        limit = question.answer - question.tolerance
        if label == "high":
            limit = question.answer + question.tolerance
        side = "below" if label == "low" else "above"
        return f"too {label} ({side} {limit:g}{question.unit})"
    if isinstance(question, Ordering):
        step = next((s for s in question.steps if s.id == label), None)
        return f"step out of place: {step.text}" if step else label
    return label


def _explanation(question: AnyQuestion, label: str) -> str:
    if not label:
        return ""
    text = ""
    if isinstance(question, SingleChoice | MultipleChoice):
        text = next((o.feedback for o in question.options if o.id == label), "")
    elif isinstance(question, Numeric):
        text = question.feedback.low if label == "low" else question.feedback.high
    elif isinstance(question, Ordering):
        step = next((s for s in question.steps if s.id == label), None)
        text = (step.feedback if step else None) or question.feedback.incorrect
    return plain(text)


def plain(markdown: str) -> str:
    """Markdown as one plain line for a terminal or a spreadsheet."""
    return " ".join(re.sub(r"[*_`]", "", markdown).split())


def _module_rows(students: list[dict], modules: Mapping[str, ModuleItems]) -> list[ModuleRow]:
    per_student = [module_progress(student, modules) for student in students]
    rows = []
    for index, (number, items) in enumerate(modules.items()):
        progress = [student[index] for student in per_student]
        total = items.total or 1
        rows.append(
            ModuleRow(
                module=number,
                title=items.title,
                students=len(progress),
                complete=sum(p.complete for p in progress),
                mean_done=(sum(min(p.done, total) / total for p in progress) / len(progress))
                if progress
                else 0.0,
            )
        )
    return rows


# --- output -----------------------------------------------------------------------------------


def as_text(report: Report) -> str:
    """The report for a terminal: one block per question, one line per module."""
    lines = [
        f"Item analysis of {report.students} student(s).",
        "",
        "QUESTIONS: share right at the first attempt (and at the latest); the wrong answer "
        "chosen most often at the first attempt.",
    ]
    for row in report.questions:
        if row.students == 0:
            lines.append(f"{row.bank} / {row.question}: no answers yet")
            continue
        lines.append(
            f"{row.bank} / {row.question}: {row.students} answered, "
            f"{row.first_correct:.0%} right first time ({row.final_correct:.0%} at the latest)"
            + (f" — {row.note}" if row.note else "")
        )
        if row.wrong:
            lines.append(
                f"    most chosen wrong: {row.wrong} ({row.wrong_count} of {row.wrong_of} wrong "
                f"first attempts). Why it is wrong: {row.explanation}"
            )
    lines += [
        "",
        "MODULES: students who completed every question, case and reflection.",
    ]
    for module in report.modules:
        lines.append(
            f"{module.module} {module.title}: {module.complete} of {module.students} complete "
            f"({module.completion:.0%}); on average {module.mean_done:.0%} of the items done"
        )
    return "\n".join(lines) + "\n"


def as_csv(report: Report) -> str:
    """The same figures as CSV: one row per question, then one per module."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "kind",
            "module",
            "title",
            "bank",
            "question",
            "students",
            "first_correct",
            "final_correct",
            "most_chosen_wrong",
            "wrong_count",
            "wrong_first_attempts",
            "why_wrong",
            "note",
            "complete",
            "completion_rate",
            "mean_share_done",
        ]
    )
    for q in report.questions:
        writer.writerow(
            [
                "question",
                q.module,
                "",
                q.bank,
                q.question,
                q.students,
                f"{q.first_correct:.3f}",
                f"{q.final_correct:.3f}",
                q.wrong,
                q.wrong_count,
                q.wrong_of,
                q.explanation,
                q.note,
                "",
                "",
                "",
            ]
        )
    for m in report.modules:
        writer.writerow(
            [
                "module",
                m.module,
                m.title,
                "",
                "",
                m.students,
                *[""] * 7,
                m.complete,
                f"{m.completion:.3f}",
                f"{m.mean_done:.3f}",
            ]
        )
    return buffer.getvalue()
