"""The quiz widget: shows questions from a bank, grades with `grading`, saves with `progress`.

The answer key never leaves the kernel before the student answers: option feedback is only put
into the page after a check, and an ordering question never starts in the right order.
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path

import ipywidgets as widgets
import traitlets
from ipywidgets.widgets.widget_bool import CheckboxStyle
from ipywidgets.widgets.widget_description import DescriptionStyle

from . import grading, progress
from .catalogue import BANK_DIR
from .grading import Answer, Result
from .reflections import ReflectionPanel
from .schema import (
    AnyQuestion,
    FreeText,
    MultipleChoice,
    Numeric,
    Ordering,
    QuestionBank,
    SingleChoice,
    Step,
    load,
)
from .text import escape, inline_markdown, markdown
from .view import (
    CourseBox,
    Notice,
    button,
    html,
    live_html,
    shared_layout,
    shared_style,
)


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


def reflection_key(bank: QuestionBank, question: FreeText) -> str:
    """The id under which a free-text answer in a bank is stored with the reflections."""
    return f"{bank.bank}/{question.id}"


class OrderingControl(widgets.VBox):
    """Steps in rows, each with "Move up" and "Move down" buttons; operable by keyboard.

    The rows stay in place and the step texts move between them, so keyboard focus stays on
    the button just pressed; a live line announces each move. `controls`: "up:<n>" and
    "down:<n>" for row n (from 1).
    """

    def __init__(self, steps: list[Step]) -> None:
        self.order = [step.id for step in steps]
        self.texts = {step.id: step.text for step in steps}
        self.controls: dict[str, widgets.Button] = {}
        self.labels: list[widgets.HTML] = []
        self.announce = live_html()
        rows = [self._row(number) for number in range(1, len(steps) + 1)]
        super().__init__([*rows, self.announce], layout=shared_layout(width="100%"))
        self.add_class("cu-ordering")
        self._render()

    def _row(self, number: int) -> widgets.HBox:
        label = html(layout=shared_layout(flex="1 1 12em", width="auto", min_width="0"))
        label.add_class("cu-step")
        self.labels.append(label)
        buttons = []
        for direction, icon in (("up", "arrow-up"), ("down", "arrow-down")):
            move = button(
                f"Move {direction}",
                lambda d=direction, n=number: self.move(n, d),
                icon=icon,
                layout=shared_layout(width="auto", flex="none"),
                disabled=(direction == "up" and number == 1)
                or (direction == "down" and number == len(self.order)),
            )
            self.controls[f"{direction}:{number}"] = move
            buttons.append(move)
        row = widgets.HBox([label, *buttons], layout=shared_layout(width="100%"))
        row.add_class("cu-step-row")
        return row

    def move(self, number: int, direction: str) -> None:
        """Move the step in row `number` (from 1) one place up or down."""
        index = number - 1
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(self.order):
            return
        self.order[index], self.order[other] = self.order[other], self.order[index]
        self._render()
        moved = self.texts[self.order[other]]
        self.announce.value = (
            f'<p class="cu-hint-quiet">Moved “{escape(_short(moved))}” to '
            f"position {other + 1} of {len(self.order)}.</p>"
        )

    def set_order(self, order: tuple[str, ...]) -> None:
        if sorted(order) == sorted(self.order):
            self.order = list(order)
            self._render()

    def _render(self) -> None:
        for number, (label, step_id) in enumerate(zip(self.labels, self.order, strict=True), 1):
            text = self.texts[step_id]
            label.value = (
                f'<div class="cu-step-text"><span class="cu-step-number">{number}.</span> '
                f"{escape(text)}</div>"
            )
            for direction in ("up", "down"):
                self.controls[
                    f"{direction}:{number}"
                ].tooltip = f"Move step {number} ({_short(text)}) {direction}"


class NumberText(widgets.Text):
    """A box for a number that starts empty (FloatText would show a 0 the student never typed).

    Setting a number stores its text, so tests and restores can assign floats.
    """

    value = traitlets.CUnicode("", help="The text in the box.").tag(sync=True)


def parse_number(text: str) -> float | None:
    """The number typed, accepting a decimal comma and a trailing %; None if there is none."""
    cleaned = text.strip().removesuffix("%").strip().replace(",", ".")
    try:
        number = float(cleaned)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class QuestionWidget(CourseBox):
    """One question: the answer control, a check button, and feedback once checked.

    `controls` holds what a student touches: "answer" (the control) and "check" (the button);
    for multiple select also "option:<id>" for each tick box; for ordering "up:<n>" and
    "down:<n>"; for a free-text question "text" and "save" instead.
    """

    context = "notebook"  # where attempts are recorded as made ("review" in review mode)

    def __init__(
        self,
        bank: QuestionBank,
        question: AnyQuestion,
        store: progress.Store,
        notice: Notice | None = None,
    ) -> None:
        self.bank = bank
        self.question = question
        self.store = store
        self.notice = notice
        self.attempts = 0 if isinstance(question, FreeText) else len(self._saved())
        self.settled = False
        self.controls: dict[str, widgets.Widget] = {}
        self.feedback = live_html(layout=shared_layout(width="100%"))
        self.feedback.add_class("cu-feedback")
        self.status = html()
        parts: list[widgets.Widget] = []
        if question.scenario:
            parts.append(html(f'<div class="cu-scenario">{markdown(question.scenario)}</div>'))
        parts.append(html(f'<div class="cu-stem">{markdown(question.stem)}</div>'))
        if isinstance(question, FreeText):
            parts.append(self._build_free_text(question))
        else:
            check = button(
                "Check answer",
                self.check,
                tooltip="Grade your answer and show feedback",
                primary=True,
            )
            answer = self._build_answer_control()
            self.controls["check"] = check
            parts += [
                answer,
                widgets.HBox([check, self.status], layout=shared_layout()),
                self.feedback,
            ]
        super().__init__(parts, css_class="cu-question", nested=True)
        if not isinstance(question, FreeText):
            self._restore()

    # -- building ---------------------------------------------------------------------------

    def _key(self) -> str:
        return f"{self.bank.bank}/{self.question.id}"

    def _saved(self) -> list[progress.Attempt]:
        return self.store.attempts(self.bank.bank, self.question.id)

    def _ordered_options(self):
        return grading.option_order(
            self.question.options,
            learner=self.store.learner,
            key=self._key(),
            shuffle=self.question.shuffle,
        )

    def _build_free_text(self, question: FreeText) -> widgets.Widget:
        panel = ReflectionPanel(
            key=reflection_key(self.bank, question),
            module=self.bank.module,
            store=self.store,
            commentary=question.commentary,
            notice=self.notice,
        )
        self.controls.update(panel.controls)
        self.controls["answer"] = panel
        self.panel = panel
        return panel

    def _build_answer_control(self) -> widgets.Widget:
        question = self.question
        if isinstance(question, SingleChoice):
            control = widgets.RadioButtons(
                style=shared_style(DescriptionStyle),
                options=[(option.text, option.id) for option in self._ordered_options()],
                value=None,
                description="Your answer",
                tooltip="Choose one answer, then press Check answer",
                layout=shared_layout(width="100%"),
            )
            control.add_class("cu-options")
            self.controls["answer"] = control
            return control
        if isinstance(question, MultipleChoice):
            boxes = {
                option.id: widgets.Checkbox(
                    style=shared_style(CheckboxStyle),
                    value=False,
                    description=option.text,
                    indent=False,
                    layout=shared_layout(width="100%"),
                )
                for option in self._ordered_options()
            }
            self.controls.update({f"option:{key}": box for key, box in boxes.items()})
            rule = html(f'<p class="cu-hint-quiet">{escape(grading.MULTIPLE_RULE)}</p>')
            self.scoring = rule
            group = widgets.VBox([rule, *boxes.values()], layout=shared_layout(width="100%"))
            group.add_class("cu-options")
            self.controls["answer"] = group
            return group
        if isinstance(question, Ordering):
            steps = grading.step_order(question, learner=self.store.learner, key=self._key())
            control = OrderingControl(steps)
            self.controls.update(control.controls)
            self.controls["answer"] = control
            return control
        unit = f" ({question.unit})" if question.unit else ""
        control = NumberText(
            placeholder="a number, e.g. 12.5",
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
        if isinstance(question, Ordering):
            return tuple(self.controls["answer"].order)
        if isinstance(question, Numeric):
            return parse_number(self.controls["answer"].value)
        return self.controls["answer"].value

    def check(self) -> Result | None:
        """Grade the current answer, store the attempt at once, and show the feedback."""
        answer = self.current_answer()
        if answer is None:
            first = (
                "Enter a number first, such as 12.5."
                if isinstance(self.question, Numeric)
                else "Choose an answer first."
            )
            self.status.value = f'<span class="cu-hint">{first}</span>'
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
            context=self.context,
        )
        if self.notice is not None:
            self.notice.refresh()
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
        parts.append(self._option_feedback(result))
        parts.append(self._step_feedback(result))
        if self.settled and self.question.explanation:
            parts.append(f'<div class="cu-explanation">{markdown(self.question.explanation)}</div>')
        if not self.settled:
            parts.append(
                "<p><em>Change your answer and check again to see every option explained.</em></p>"
            )
        self.feedback.value = f"<div>{''.join(parts)}</div>"

    def _option_feedback(self, result: Result) -> str:
        shown = [item for item in result.options if self.settled or item.chosen]
        if not shown:
            return ""
        parts = ['<ul class="cu-feedback-list">']
        for item in shown:
            verdict = "right" if item.option.correct else "wrong"
            label = "✔ A right option" if item.option.correct else "✘ A wrong option"
            chosen = " — you chose it" if item.chosen else ""
            parts.append(
                f'<li><strong class="cu-{verdict}">{label}{chosen}:</strong> '
                f"<em>{escape(item.option.text)}</em><br>"
                f"{inline_markdown(item.option.feedback)}</li>"
            )
        parts.append("</ul>")
        return "".join(parts)

    def _step_feedback(self, result: Result) -> str:
        """Which steps are in place; once settled, the right order with each step explained."""
        if not result.steps:
            return ""
        if not self.settled:
            items = "".join(
                f'<li><strong class="cu-{"right" if s.in_place else "wrong"}">'
                f"{'✔ in its place' if s.in_place else '✘ not in its place'}:</strong> "
                f"<em>{escape(s.step.text)}</em></li>"
                for s in result.steps
            )
            return f'<p>Your order:</p><ol class="cu-feedback-list">{items}</ol>'
        given = {s.step.id: s for s in result.steps}
        items = []
        for step in self.question.steps:
            verdict = "right" if given[step.id].in_place else "wrong"
            where = (
                "you had it in a place that works"
                if verdict == "right"
                else f"you put it in position {given[step.id].given}"
            )
            why = f"<br>{inline_markdown(step.feedback)}" if step.feedback else ""
            items.append(
                f"<li><strong>{escape(step.text)}</strong> "
                f'<span class="cu-{verdict}">({"✔" if verdict == "right" else "✘"} {where})</span>'
                f"{why}</li>"
            )
        heading = (
            "One order that works (some steps may also change places; the feedback says which):"
            if self.question.partial
            else "The order that works:"
        )
        return f'<p>{heading}</p><ol class="cu-feedback-list">{"".join(items)}</ol>'

    def _restore(self) -> None:
        """Show the last saved answer and its feedback, so nothing seems lost after a restart."""
        saved = self._saved()
        if not saved:
            return
        answer = grading.answer_from_json(self.question, saved[-1].answer)
        try:
            result = grading.grade(self.question, answer)
        except ValueError:
            return  # the bank changed since; the old answer no longer fits
        if isinstance(self.question, MultipleChoice):
            for key in answer:
                box = self.controls.get(f"option:{key}")
                if box is not None:
                    box.value = True
        elif isinstance(self.question, Ordering):
            self.controls["answer"].set_order(answer)
        elif isinstance(self.question, Numeric):
            self.controls["answer"].value = f"{answer:g}"
        else:
            self.controls["answer"].value = answer
        self.settled = any(a.correct for a in saved) or len(saved) >= 2
        self._show(result)


class Quiz(CourseBox):
    """Several questions from one bank; `questions` maps question id to its widget."""

    def __init__(self, bank: QuestionBank, question_ids: tuple[str, ...]) -> None:
        store = progress.store()
        self.notice = Notice(store)
        chosen = [bank.question(i) for i in question_ids] if question_ids else list(bank.questions)
        self.questions = {q.id: QuestionWidget(bank, q, store, self.notice) for q in chosen}
        self.controls = {
            f"{qid}/{name}": control
            for qid, widget in self.questions.items()
            for name, control in widget.controls.items()
        }
        numbered = []
        for number, widget in enumerate(self.questions.values(), start=1):
            label = html(f'<p class="cu-number">Question {number} of {len(chosen)}</p>')
            numbered += [label, widget] if len(chosen) > 1 else [widget]
        super().__init__([self.notice, *numbered], css_class="cu-quiz")
        self.notice.refresh()  # a read while building may have moved the session to memory


def quiz(bank_id: str, *question_ids: str) -> Quiz:
    """Show a whole question bank, or the named questions from it."""
    return Quiz(load_bank(bank_id), question_ids)


__all__ = ["Numeric", "OrderingControl", "QuestionWidget", "Quiz", "quiz"]
