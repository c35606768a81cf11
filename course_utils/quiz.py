"""The quiz widget: shows questions from a bank, grades with `grading`, saves with `progress`.

The answer key never leaves the kernel before the student answers: option feedback is only put
into the page after a check.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import ipywidgets as widgets

from . import grading, progress
from .grading import Answer, Result
from .schema import MultipleChoice, Numeric, QuestionBank, SingleChoice, load
from .text import escape, inline_markdown, markdown
from .view import CourseBox, notice_banner

BANK_DIR = Path(__file__).parent / "content" / "quizzes"


@cache
def load_bank(bank_id: str, folder: Path = BANK_DIR) -> QuestionBank:
    """A validated question bank; errors name the file, the question and the fix."""
    path = folder / f"{bank_id}.yaml"
    if not path.exists():
        known = ", ".join(p.stem for p in sorted(folder.glob("*.yaml")))
        raise FileNotFoundError(f'no question bank "{bank_id}" in {folder} — use one of: {known}')
    bank = load(path, QuestionBank, noun="question")
    if bank.bank != bank_id:
        raise ValueError(f'{path}: "bank: {bank.bank}" must equal the file name "{bank_id}"')
    return bank


class QuestionWidget(CourseBox):
    """One question: the answer control, a check button, and feedback once checked.

    `controls` holds what a student touches: "answer" (the control) and "check" (the button);
    for multiple select also "option:<id>" for each tick box.
    """

    def __init__(self, bank: QuestionBank, question, store: progress.Store) -> None:
        self.bank = bank
        self.question = question
        self.store = store
        self.attempts = len(store.attempts(bank.bank, question.id))
        self.settled = False
        self.controls: dict[str, widgets.Widget] = {}
        self.feedback = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.status = widgets.HTML()
        answer = self._build_answer_control()
        check = widgets.Button(
            description="Check answer",
            button_style="primary",
            tooltip="Grade your answer and show feedback",
            layout=widgets.Layout(width="auto"),
        )
        check.on_click(lambda _: self.check())
        self.controls["check"] = check
        parts: list[widgets.Widget] = []
        if question.scenario:
            parts.append(
                widgets.HTML(f'<div class="cu-scenario">{markdown(question.scenario)}</div>')
            )
        parts.append(widgets.HTML(f'<div class="cu-stem">{markdown(question.stem)}</div>'))
        parts += [answer, widgets.HBox([check, self.status]), self.feedback]
        super().__init__(parts, css_class="cu-question")
        self._restore()

    # -- building ---------------------------------------------------------------------------

    def _ordered_options(self):
        return grading.option_order(
            self.question.options,
            learner=self.store.learner,
            key=f"{self.bank.bank}/{self.question.id}",
            shuffle=self.question.shuffle,
        )

    def _build_answer_control(self) -> widgets.Widget:
        question = self.question
        if isinstance(question, SingleChoice):
            control = widgets.RadioButtons(
                options=[(option.text, option.id) for option in self._ordered_options()],
                value=None,
                description="Your answer",
                layout=widgets.Layout(width="100%"),
                style={"description_width": "0px"},
            )
            self.controls["answer"] = control
            return control
        if isinstance(question, MultipleChoice):
            boxes = {
                option.id: widgets.Checkbox(
                    value=False,
                    description=option.text,
                    indent=False,
                    layout=widgets.Layout(width="100%"),
                )
                for option in self._ordered_options()
            }
            self.controls.update({f"option:{key}": box for key, box in boxes.items()})
            group = widgets.VBox(list(boxes.values()), layout=widgets.Layout(width="100%"))
            group.add_class("cu-options")
            self.controls["answer"] = group
            return group
        unit = f" ({question.unit})" if question.unit else ""
        control = widgets.FloatText(
            value=None,
            description=f"Your estimate{unit}",
            style={"description_width": "initial"},
        )
        self.controls["answer"] = control
        return control

    # -- behaviour ----------------------------------------------------------------------------

    def current_answer(self) -> Answer | None:
        question = self.question
        if isinstance(question, MultipleChoice):
            chosen = frozenset(
                key.removeprefix("option:")
                for key, box in self.controls.items()
                if key.startswith("option:") and box.value
            )
            return chosen or None
        value = self.controls["answer"].value
        return value if value is not None else None

    def check(self) -> Result | None:
        """Grade the current answer, store the attempt at once, and show the feedback."""
        answer = self.current_answer()
        if answer is None:
            self.status.value = '<span class="cu-hint">Choose an answer first.</span>'
            return None
        try:
            result = grading.grade(self.question, answer)
        except ValueError as error:
            self.status.value = (
                f'<span class="cu-hint">{escape(str(error).split(": ", 1)[-1])}.</span>'
            )
            return None
        self.attempts += 1
        self.store.record_attempt(
            module=self.bank.module,
            bank=self.bank.bank,
            question=self.question.id,
            answer=grading.answer_to_json(answer),
            score=result.score,
            correct=result.correct,
        )
        self.settled = self.settled or result.correct or self.attempts >= 2
        self._show(result)
        return result

    def _show(self, result: Result) -> None:
        self.status.value = ""
        mark = "cu-right" if result.correct else "cu-wrong"
        symbol = "✔" if result.correct else "✘"
        parts = [f'<p class="{mark}"><strong>{symbol} {escape(result.summary)}</strong></p>']
        if result.detail:
            parts.append(markdown(result.detail))
        shown = [item for item in result.options if self.settled or item.chosen]
        if shown:
            parts.append('<ul class="cu-feedback-list">')
            for item in shown:
                verdict = "right" if item.option.correct else "wrong"
                label = "✔ A right option" if item.option.correct else "✘ A wrong option"
                chosen = " — you chose it" if item.chosen else ""
                parts.append(
                    f'<li class="cu-{verdict}"><strong>{label}{chosen}:</strong> '
                    f"<em>{escape(item.option.text)}</em><br>{inline_markdown(item.option.feedback)}</li>"
                )
            parts.append("</ul>")
        if self.settled and self.question.explanation:
            parts.append(f'<div class="cu-explanation">{markdown(self.question.explanation)}</div>')
        if not self.settled:
            parts.append(
                "<p><em>Change your answer and check again to see every option explained.</em></p>"
            )
        self.feedback.value = f'<div role="status" aria-live="polite">{"".join(parts)}</div>'

    def _restore(self) -> None:
        """Show the last saved answer and its feedback, so nothing seems lost after a restart."""
        saved = self.store.attempts(self.bank.bank, self.question.id)
        if not saved:
            return
        last = saved[-1]
        answer = grading.answer_from_json(self.question, last.answer)
        try:
            result = grading.grade(self.question, answer)
        except ValueError:
            return  # the bank changed since; the old answer no longer fits
        if isinstance(self.question, MultipleChoice):
            for key in answer:
                box = self.controls.get(f"option:{key}")
                if box is not None:
                    box.value = True
        else:
            self.controls["answer"].value = answer
        self.settled = any(a.correct for a in saved) or len(saved) >= 2
        self._show(result)


class Quiz(CourseBox):
    """Several questions from one bank; `questions` maps question id to its widget."""

    def __init__(self, bank: QuestionBank, question_ids: tuple[str, ...]) -> None:
        store = progress.store()
        chosen = [bank.question(i) for i in question_ids] if question_ids else list(bank.questions)
        self.questions = {q.id: QuestionWidget(bank, q, store) for q in chosen}
        self.controls = {
            f"{qid}/{name}": control
            for qid, widget in self.questions.items()
            for name, control in widget.controls.items()
        }
        header = notice_banner(store.notice)
        numbered = []
        for number, widget in enumerate(self.questions.values(), start=1):
            label = widgets.HTML(f'<p class="cu-number">Question {number} of {len(chosen)}</p>')
            numbered += [label, widget] if len(chosen) > 1 else [widget]
        super().__init__([*header, *numbered], css_class="cu-quiz")


def quiz(bank_id: str, *question_ids: str) -> Quiz:
    """Show a whole question bank, or the named questions from it."""
    return Quiz(load_bank(bank_id), question_ids)


__all__ = ["Numeric", "QuestionWidget", "Quiz", "quiz"]
