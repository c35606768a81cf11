"""Review mode: the questions a student missed come back on a spacing schedule (FSRS).

Which questions: every graded question the student has answered. Its first attempt in the
notebook is its first rating: wrong (even if right later) is "Again", so it comes back within a
minute; right first time is "Easy", so it is next due days later, never the same day. Each
time it is shown in review, the first attempt there rates it again ("Good" if right, "Again" if
wrong); later attempts are practice and do not move the schedule. The schedule is rebuilt from
the store each time (no scheduler state is saved), with FSRS as `py-fsrs` implements it and its
published default parameters, fuzzing off so the same history always gives the same dates.

Order: due first (most overdue first), then interleaved, so that two questions in a row come
from different sections, preferring another section of the same module (the concepts most
easily confused); options are shown in a new order each time a question comes back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

from .catalogue import CONTENT
from .schema import read_yaml

LINKS = CONTENT / "links.yaml"
LEARNING_STEPS = (timedelta(minutes=1),)
RELEARNING_STEPS = (timedelta(minutes=10),)


@dataclass(frozen=True)
class Link:
    """Where a question is taught: the notebook section, as a relative link with its anchor."""

    section: str  # e.g. "01_therapeutic_relationship.ipynb#Trust"
    title: str

    @property
    def notebook(self) -> str:
        return self.section.split("#", 1)[0]


@cache
def links(path: Path = LINKS) -> dict[str, Link]:
    """bank/question -> where it is taught (`check` validates the file)."""
    data = read_yaml(path) or {}
    items = data.get("items", {}) if isinstance(data, dict) else {}
    return {
        key: Link(str(value.get("section", "")), str(value.get("title", "")))
        for key, value in items.items()
        if isinstance(value, dict)
    }


@dataclass(frozen=True)
class DueItem:
    bank: str
    question: str
    module: str
    due: datetime
    reviews: int  # how many times it has been shown in review mode
    missed_first: bool  # wrong at its first attempt in the notebook

    @property
    def key(self) -> str:
        return f"{self.bank}/{self.question}"


def _scheduler():
    from fsrs import Scheduler

    return Scheduler(
        learning_steps=LEARNING_STEPS, relearning_steps=RELEARNING_STEPS, enable_fuzzing=False
    )


def _parse(stamp: str) -> datetime:
    moment = datetime.fromisoformat(stamp)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def schedule(attempts: Iterable, reviews: Iterable) -> list[DueItem]:
    """Every answered question with its next due time, from the store's attempts and reviews
    (objects with .bank, .question, .module, .correct, .created / .reviewed, .context)."""
    from fsrs import Card, Rating

    scheduler = _scheduler()
    first: dict[tuple[str, str], object] = {}
    for attempt in attempts:
        if attempt.context == "notebook":
            first.setdefault((attempt.bank, attempt.question), attempt)
    cards = {}
    for key, attempt in first.items():
        rating = Rating.Easy if attempt.correct else Rating.Again
        cards[key], _ = scheduler.review_card(Card(card_id=1), rating, _parse(attempt.created))
    counts: dict[tuple[str, str], int] = {}
    for review in reviews:
        key = (review.bank, review.question)
        if key not in cards:
            continue
        rating = Rating.Good if review.correct else Rating.Again
        cards[key], _ = scheduler.review_card(cards[key], rating, _parse(review.reviewed))
        counts[key] = counts.get(key, 0) + 1
    return [
        DueItem(
            bank=bank,
            question=question,
            module=first[(bank, question)].module,
            due=card.due,
            reviews=counts.get((bank, question), 0),
            missed_first=not first[(bank, question)].correct,
        )
        for (bank, question), card in cards.items()
    ]


def due(items: Iterable[DueItem], now: datetime | None = None) -> list[DueItem]:
    """The items due at `now`, most overdue first."""
    now = now or datetime.now(UTC)
    return sorted((i for i in items if i.due <= now), key=lambda i: (i.due, i.key))


def interleave(items: list[DueItem], sections: Mapping[str, Link] | None = None) -> list[DueItem]:
    """Reorder so that consecutive items come from different sections, preferring another
    section of the same module; otherwise keep the given (due) order."""
    sections = links() if sections is None else sections

    def section(item: DueItem) -> str:
        link = sections.get(item.key)
        return link.section if link else item.key

    left = list(items)
    ordered: list[DueItem] = []
    while left:
        if not ordered:
            ordered.append(left.pop(0))
            continue
        last = ordered[-1]
        others = [i for i in left if section(i) != section(last)]
        same_module = [i for i in others if i.module == last.module]
        pick = (same_module or others or left)[0]
        left.remove(pick)
        ordered.append(pick)
    return ordered


def queue(store, now: datetime | None = None) -> list[DueItem]:
    """What review mode shows now: the due items, interleaved."""
    return interleave(due(schedule(store.attempts(), store.reviews()), now))


def review(limit: int = 10):
    """The review widget: up to `limit` due questions (see the module's docstring)."""
    from . import progress

    return build_widget(progress.store(), limit=limit)


def build_widget(store, limit: int = 10, now: datetime | None = None):
    """A box of the due questions, each scored at its first attempt here."""
    from html import escape

    from .quizzes import QuestionWidget, load_bank
    from .schema import ContentError
    from .view import CourseBox, Notice, html

    class ReviewQuestion(QuestionWidget):
        """A question shown again: fresh (no earlier answer restored), options in a new order,
        and its first check here recorded as the review's rating."""

        context = "review"

        def __init__(self, bank, question, store, notice, shown: int) -> None:
            self.shown = shown
            super().__init__(bank, question, store, notice)

        def _key(self) -> str:
            return f"{self.bank.bank}/{self.question.id}/review-{self.shown}"

        def _saved(self) -> list:
            return []

        def check(self):
            result = super().check()
            if result is not None and self.attempts == 1:
                self.store.record_review(
                    bank=self.bank.bank, question=self.question.id, correct=result.correct
                )
            return result

    notice = Notice(store)
    items = queue(store, now)
    shown = items[:limit]
    questions = []
    parts: list = [notice]
    if not items:
        parts.append(
            html(
                '<p class="cu-review-empty">Nothing is due for review now. Questions you miss '
                "come back here; ones you got right first time return after a few days.</p>"
            )
        )
    else:
        parts.append(
            html(
                f'<p class="cu-review-count">{len(items)} question(s) due; showing '
                f"{len(shown)}. Each is scored at your first attempt here.</p>"
            )
        )
    for number, item in enumerate(shown, start=1):
        try:
            bank = load_bank(item.bank)
            question = bank.question(item.question)
        except ContentError:  # the bank changed since: skip the item, and say so
            parts.append(html(f"<p>{escape(item.key)} is no longer in the course; skipped.</p>"))
            continue
        link = links().get(item.key)
        where = (
            f' · taught in <a href="{escape(link.section)}">{escape(link.title)}</a>'
            if link
            else ""
        )
        parts.append(
            html(
                f'<p class="cu-number">Review {number} of {len(shown)} · module '
                f"{escape(item.module)}{where}</p>"
            )
        )
        widget = ReviewQuestion(bank, question, store, notice, shown=item.reviews + 1)
        questions.append(widget)
        parts.append(widget)
    box = CourseBox(parts, css_class="cu-review")
    box.questions = questions
    box.items = shown
    box.notice = notice
    notice.refresh()
    return box


# --- validation (run by `python -m course_utils check`) ---------------------------------------


def heading_anchor(heading: str) -> str:
    """The anchor Jupyter gives a Markdown heading: its text with spaces as hyphens."""
    return heading.strip().replace(" ", "-")


def check_links(path: Path, bank_dir: Path, notebook_dir: Path) -> list[str]:
    """One line per problem in links.yaml: an unknown question, a notebook or section that does
    not exist, a graded question with no entry (so a missed question would have no link), or a
    cumulative-review item whose `tests` (the module it tests) is missing or not a module."""
    import json
    import re

    from .schema import ContentError

    try:
        data = read_yaml(path)
    except ContentError as error:
        return list(error.problems)
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(items, dict):
        return [f'{path}: field "items" is missing — map each bank/question to its section']
    graded = set()
    modules: dict[str, str] = {}  # bank -> its module
    for bank_path in sorted(bank_dir.glob("*.yaml")):
        try:
            bank = read_yaml(bank_path)
        except ContentError:
            continue
        if isinstance(bank, dict) and bank.get("module") is not None:
            modules[bank_path.stem] = str(bank["module"])
        for question in (bank or {}).get("questions", []) if isinstance(bank, dict) else []:
            if isinstance(question, dict) and question.get("type") != "reflection":
                graded.add(f"{bank_path.stem}/{question.get('id')}")
    anchors: dict[str, set[str]] = {}
    for notebook in sorted(notebook_dir.glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
        anchors[notebook.name] = {
            heading_anchor(h)
            for cell in cells
            if cell.get("cell_type") == "markdown"
            for h in re.findall(r"^#{1,6} (.+)$", "".join(cell.get("source", "")), re.MULTILINE)
        }
    problems = []
    for key, value in items.items():
        section = value.get("section", "") if isinstance(value, dict) else ""
        notebook, _, anchor = str(section).partition("#")
        if key not in graded:
            problems.append(f'{path}, item "{key}": no such graded question — check the id')
        elif notebook not in anchors:
            problems.append(f'{path}, item "{key}", field "section": no notebook {notebook}')
        elif anchor not in anchors[notebook]:
            problems.append(
                f'{path}, item "{key}", field "section": {notebook} has no heading "{anchor}" '
                "— copy the heading's text with spaces as hyphens"
            )
    from .catalogue import CUMULATIVE_BANKS

    for key, value in items.items():
        tests = value.get("tests") if isinstance(value, dict) else None
        bank = str(key).partition("/")[0]
        cumulative = bank in CUMULATIVE_BANKS
        if tests is None:
            if cumulative:
                problems.append(
                    f'{path}, item "{key}": field "tests" is missing — add the module this '
                    'cumulative-review question tests, e.g. tests: "03"'
                )
        elif not isinstance(tests, str) or tests not in modules.values():
            problems.append(
                f'{path}, item "{key}", field "tests": no module {tests!r} — give a module '
                'number in quotes, e.g. tests: "03"'
            )
        elif tests == modules.get(bank):
            problems.append(
                f'{path}, item "{key}", field "tests": {tests} is the module of its own bank — '
                "name the earlier module the question tests"
            )
    pairs = data.get("prepost") or {}
    for pre, post in pairs.items() if isinstance(pairs, dict) else []:
        for key in (pre, post):
            if key not in graded:
                problems.append(f'{path}, prepost "{pre}": no such graded question "{key}"')
    for key in sorted(graded - set(items)):
        problems.append(f'{path}: question "{key}" has no entry — add the section that teaches it')
    return problems


@cache
def prepost_pairs(path: Path = LINKS) -> dict[str, str]:
    """Module 00 pre-test question -> the module 09 question on the same idea (links.yaml)."""
    data = read_yaml(path) or {}
    pairs = data.get("prepost", {}) if isinstance(data, dict) else {}
    return {str(k): str(v) for k, v in (pairs or {}).items()}
