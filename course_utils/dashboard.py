"""The student's dashboard: per module what is done, the score, a chart, saved reflections,
and a button that exports the student's own results."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from pathlib import Path

import ipywidgets as widgets
import numpy as np

from . import progress, results
from .catalogue import ModuleItems, catalogue
from .charts import OKABE_ITO, Chart, img_tag
from .text import escape
from .view import CourseBox, Notice, live_html

SERIES = (
    ("Questions answered", OKABE_ITO["blue"], ""),
    ("Score", OKABE_ITO["orange"], "//"),
    ("Case dialogues finished", OKABE_ITO["green"], ".."),
    ("Reflections written", OKABE_ITO["purple"], "xx"),
)


def shares(row: results.ModuleProgress) -> tuple[float | None, ...]:
    """The four bars of a module in percent; None where the module has nothing of that kind
    (or, for the score, nothing answered yet)."""

    def share(done: int, total: int) -> float | None:
        return 100 * done / total if total else None

    return (
        share(row.answered, row.questions),
        100 * row.score if row.score is not None else None,
        share(row.cases_finished, row.cases),
        share(row.reflections_written, row.reflections),
    )


class ProgressChart(Chart):
    """Grouped horizontal bars per module; each series has its own colour and hatch."""

    size = (8.0, 3.6)

    def __init__(self, modules: int) -> None:
        self.count = max(modules, 1)
        self.size = (8.0, 1.2 + 0.75 * self.count)
        super().__init__()

    def build(self) -> None:
        self.axes = self.figure.subplots()
        height = self.size[1]
        self.figure.subplots_adjust(
            left=0.12, right=0.7, bottom=0.55 / height, top=1 - 0.4 / height
        )
        self.axes.set_title("Your progress by module", fontweight="bold")
        self.axes.set(xlim=(0, 100), xlabel="Percent")
        positions = np.arange(self.count)
        height = 0.8 / len(SERIES)
        self.bars = []
        for index, (label, colour, hatch) in enumerate(SERIES):
            bars = self.axes.barh(
                positions + (index - 1.5) * height,
                np.zeros(self.count),
                height=height,
                color=colour,
                hatch=hatch,
                edgecolor="black",
                linewidth=0.5,
                label=label,
            )
            self.bars.append(bars)
        self.axes.invert_yaxis()
        self.axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
        self.dynamic(*(bar for bars in self.bars for bar in bars))

    def update(self, rows: list[results.ModuleProgress]) -> None:
        self.axes.set_yticks(range(len(rows)), [f"Module {row.module}" for row in rows])
        for series_index, bars in enumerate(self.bars):
            for bar, row in zip(bars, rows, strict=False):
                bar.set_width(shares(row)[series_index] or 0.0)
        self.invalidate()


def chart_description(rows: list[results.ModuleProgress]) -> str:
    """The chart in words (its alt text): the modules with progress, then those without."""
    labels = (
        "of questions answered",
        "score",
        "of case dialogues finished",
        "of reflections written",
    )
    parts, untouched = [], []
    for row in rows:
        figures = [
            f"{value:.0f}% {label}"
            for value, label in zip(shares(row), labels, strict=True)
            if value is not None
        ]
        if row.done == 0:
            untouched.append(row.module)
        else:
            parts.append(f"module {row.module}: " + ", ".join(figures))
    if untouched:
        parts.append("nothing done yet in module(s) " + ", ".join(untouched))
    return "Your progress by module: " + "; ".join(parts) + "." if rows else "No modules yet."


def _of(done: int, total: int) -> str:
    return f"{done} of {total}" if total else "—"


def _answered(row: results.ModuleProgress) -> str:
    """Questions answered, with the cumulative-review questions that test the module and the
    attempts made in review mode, where there are any."""
    text = _of(row.answered, row.questions)
    if row.tested:
        text += f" (+ {row.tested_answered} of {row.tested} cumulative review)"
    if row.reviewed:
        text += f"; {row.reviewed} in review"
    return text


def table_html(rows: list[results.ModuleProgress]) -> str:
    body = []
    for row in rows:
        score = f"{row.score:.0%}" if row.score is not None else "—"
        first = f"{row.first_score:.0%}" if row.first_score is not None else "—"
        body.append(
            f'<tr><th scope="row">{escape(row.module)} {escape(row.title)}</th>'
            f"<td>{_answered(row)}</td><td>{first}</td><td>{score}</td>"
            f"<td>{_of(row.cases_finished, row.cases)}</td>"
            f"<td>{_of(row.reflections_written, row.reflections)}</td>"
            f"<td>{'✔ complete' if row.complete else ''}</td></tr>"
        )
    return (
        '<table class="cu-summary cu-progress"><caption>Your progress by module. First '
        "attempt: the average of your first try at each question you answered (the honest "
        "measure of what you knew). Best: the average of your best attempt, review included. "
        "Cumulative-review questions count towards the module they test.</caption>"
        '<thead><tr><th scope="col">Module</th><th scope="col">Questions answered</th>'
        '<th scope="col">First attempt</th><th scope="col">Best</th>'
        '<th scope="col">Case dialogues finished</th>'
        '<th scope="col">Reflections written</th><th scope="col">Status</th></tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def missed_html(attempts: list[progress.Attempt], links: Mapping[str, object]) -> str:
    """The questions missed at the first attempt, each linked to the section that teaches it."""
    first: dict[str, progress.Attempt] = {}
    for attempt in attempts:
        if attempt.context == "notebook":
            first.setdefault(f"{attempt.bank}/{attempt.question}", attempt)
    missed = [key for key, attempt in first.items() if not attempt.correct]
    if not missed:
        return (
            "<h3>Questions to revisit</h3><p>None: every question you answered was right "
            "first time.</p>"
        )
    items = []
    for key in missed:
        link = links.get(key)
        where = (
            f' — taught in <a href="{escape(link.section)}">{escape(link.title)}</a>'
            if link
            else ""
        )
        items.append(f"<li><code>{escape(key)}</code>{where}</li>")
    return (
        "<h3>Questions to revisit</h3><p>Missed at your first attempt (even if you put them "
        f"right afterwards): {len(missed)}.</p><ul>{''.join(items)}</ul>"
    )


def due_html(store: progress.Store) -> str:
    from .review_mode import queue, schedule

    due = queue(store)
    upcoming = sorted(
        (i for i in schedule(store.attempts(), store.reviews()) if i not in due),
        key=lambda i: i.due,
    )
    next_one = (
        f" The next one comes back on {upcoming[0].due:%d %B at %H:%M} (UTC)." if upcoming else ""
    )
    return (
        f"<h3>Review</h3><p>{len(due)} question(s) due for review now. Open "
        f'<a href="review.ipynb">review</a> to answer them.{next_one}</p>'
    )


def capstone_html(store: progress.Store, case_id: str = "09-capstone") -> str:
    """The path taken through the capstone case, each choice with what it taught."""
    from .case_machine import load_case
    from .schema import ContentError
    from .text import inline_markdown

    run = store.last_run(case_id)
    if not run:
        return "<h3>Your capstone path</h3><p>Not started yet (module 09).</p>"
    try:
        dialogue = load_case(case_id)
    except ContentError:  # a broken case file is reported by check; show the ids
        dialogue = None
    rows = []
    for choice in run:
        node = next((n for n in dialogue.nodes if n.id == choice.node), None) if dialogue else None
        reply = next((r for r in node.replies if r.id == choice.reply), None) if node else None
        text = escape(reply.text) if reply else escape(choice.reply)
        taught = inline_markdown(reply.feedback) if reply else ""
        module = f" (module {escape(reply.module)})" if reply and reply.module else ""
        rows.append(
            f"<li><p><strong>Turn {choice.turn}:</strong> “{text}”{module}</p><p>{taught}</p></li>"
        )
    state = "finished" if run[-1].finished else "not finished yet"
    return f"<h3>Your capstone path ({state})</h3><ol>{''.join(rows)}</ol>"


def prepost_html(store: progress.Store) -> str:
    """Module 00's pre-test beside the module 09 questions on the same ideas."""
    from .class_report import student_prepost
    from .review_mode import prepost_pairs

    hand_in = results.gather(store)
    scores = student_prepost(hand_in, prepost_pairs())
    if scores is None:
        return (
            "<h3>Then and now</h3><p>Answer the module 00 pre-test and the module 09 cumulative "
            "review to compare what you thought at the start with what you answer now.</p>"
        )
    pre, post = scores
    return (
        "<h3>Then and now</h3><p>On the ideas the module 00 pre-test asked about, you were "
        f"right first time on {pre:.0%} at the start and on {post:.0%} of the matching module "
        "09 questions. (Different questions on the same ideas; the first attempt counts.)</p>"
    )


def practice_html(store: progress.Store, titles: Mapping[str, str] | None = None) -> str:
    """Per practice set: replies typed, the share whose form fitted the exercise, and the
    highest level reached (the level of any statement answered, or moved up to)."""
    from .practice import studio

    replies = store.practice_replies()
    if not replies:
        return (
            "<h3>Practice studio</h3><p>No replies typed yet. Each module's practice cell and "
            "<code>practice_studio.ipynb</code> let you write your own replies to clients.</p>"
        )
    titles = dict(titles or {})
    levels = store.practice_levels()
    by_set: dict[str, list[progress.PracticeReply]] = {}
    for reply in replies:
        by_set.setdefault(reply.practice_set, []).append(reply)
    rows = []
    for set_id, items in sorted(by_set.items(), key=lambda pair: (pair[1][0].module, pair[0])):
        share = studio.match_share([item.fit for item in items])
        reached = studio.highest_level([*(item.level for item in items), levels.get(set_id, "")])
        rows.append(
            f"<tr><th scope='row'>{escape(titles.get(set_id, set_id))}</th>"
            f"<td>{escape(items[0].module)}</td><td>{len(items)}</td>"
            f"<td>{'–' if share is None else f'{share:.0%}'}</td>"
            f"<td>{escape(studio.LEVEL_NAMES.get(reached or '', '–'))}</td></tr>"
        )
    return (
        "<h3>Practice studio</h3>"
        '<table class="cu-summary"><caption>Replies you typed, by skill. <em>Matched</em> is the '
        "share whose form (question, reflection…) was a kind the exercise asks for: it says "
        "nothing about how good a reply was.</caption>"
        "<thead><tr><th scope='col'>Skill</th><th scope='col'>Module</th>"
        "<th scope='col'>Replies</th><th scope='col'>Matched the target kind</th>"
        "<th scope='col'>Level reached</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def practice_titles() -> dict[str, str]:
    """The title of each practice set, by id (none if the sets cannot be read)."""
    from .practice.widget import practice_sets
    from .schema import ContentError

    try:
        return {set_id: practice.title for set_id, practice in practice_sets().items()}
    except ContentError:
        return {}


def reflection_prompts() -> dict[str, str]:
    """The prompt of each reflection, by id, from the content YAML (not the notebooks)."""
    from .reflections import prompts

    return prompts()


class Dashboard(CourseBox):
    """`controls`: "refresh", "format" (JSON or CSV), "with_text" (include reflection texts)
    and "export"."""

    def __init__(
        self,
        store: progress.Store,
        modules: Mapping[str, ModuleItems],
        *,
        export_dir: Path | None = None,
        prompts: Mapping[str, str] | None = None,
    ) -> None:
        self.store = store
        self.modules = dict(modules)
        self.export_dir = export_dir or Path.cwd()
        self.prompts = dict(prompts or {})
        self.notice = Notice(store)
        self.chart = ProgressChart(len(self.modules))
        self.where = widgets.HTML()
        self.table = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.image = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.image.add_class("cu-chart")
        self.reflections = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.record = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.exported = live_html()
        refresh = widgets.Button(description="Refresh", icon="refresh", tooltip="Read again")
        refresh.on_click(lambda _: self.refresh())
        fmt = widgets.Dropdown(
            options=[("JSON", "json"), ("CSV", "csv")], value="json", description="Format"
        )
        with_text = widgets.Checkbox(
            value=False,
            description="Include the text of my reflections and practice replies",
            indent=False,
        )
        export = widgets.Button(
            description="Export my results",
            button_style="primary",
            icon="download",
            tooltip="Write your results to a file in this folder, to hand in",
            layout=widgets.Layout(width="auto"),
        )
        export.on_click(lambda _: self.export())
        self.controls = {
            "refresh": refresh,
            "format": fmt,
            "with_text": with_text,
            "export": export,
        }
        export_box = widgets.VBox(
            [
                widgets.HTML("<h3>Export your results</h3>"),
                widgets.HBox([fmt, with_text]),
                widgets.HBox([export]),
                self.exported,
            ]
        )
        super().__init__(
            [
                self.notice,
                self.where,
                widgets.HBox([refresh]),
                self.table,
                self.image,
                self.record,
                self.reflections,
                export_box,
            ],
            css_class="cu-dashboard",
        )
        self.refresh()

    def rows(self) -> list[results.ModuleProgress]:
        return results.module_progress(results.collect(self.store), self.modules)

    def refresh(self) -> None:
        """Read the store again and redraw everything."""
        rows = self.rows()
        where = (
            "only in memory (see the warning above)"
            if self.store.in_memory
            else f"in {self.store.path}"
        )
        self.where.value = (
            f"<p>Progress of <code>{escape(self.store.learner)}</code>, saved {escape(where)}.</p>"
        )
        self.table.value = table_html(rows)
        self.chart.update(rows)
        about = chart_description(rows)
        self.image.value = img_tag(self.chart.png(), about) + (
            f'<p class="cu-description">{escape(about)}</p>'
        )
        self.record.value = self._record_html()
        self.reflections.value = self._reflections_html()
        self.notice.refresh()

    def _record_html(self) -> str:
        from .review_mode import links

        return "".join(
            (
                missed_html(self.store.attempts(), links()),
                due_html(self.store),
                prepost_html(self.store),
                capstone_html(self.store),
                practice_html(self.store, practice_titles()),
            )
        )

    def _reflections_html(self) -> str:
        saved = [r for r in self.store.reflections() if r.text.strip()]
        if not saved:
            return "<h3>Your reflections</h3><p>None saved yet.</p>"
        items = []
        for reflection in saved:
            prompt = self.prompts.get(reflection.reflection, "")
            items.append(
                f"<details><summary>{escape(reflection.reflection)}: "
                f"{len(reflection.text.split())} words</summary>"
                + (f'<p class="cu-prompt"><em>{escape(prompt)}</em></p>' if prompt else "")
                + f'<p class="cu-reflection-text">{escape(reflection.text)}</p></details>'
            )
        return "<h3>Your reflections</h3>" + "".join(items)

    def export(self) -> Path | None:
        """Write the student's results to a file in `export_dir`, and offer a download link."""
        fmt = self.controls["format"].value
        data = results.collect(self.store, include_text=self.controls["with_text"].value)
        text = results.to_csv(data) if fmt == "csv" else results.to_json(data)
        path = self.export_dir / f"course-results-{self.store.learner}.{fmt}"
        link = (
            f'<a download="{escape(path.name)}" href="data:text/{fmt};charset=utf-8;base64,'
            f'{base64.b64encode(text.encode()).decode()}">download it</a>'
        )
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as error:
            self.exported.value = (
                f'<p class="cu-notice" role="alert">⚠ Could not write {escape(str(path))} '
                f"({escape(error.strerror or str(error))}). You can still {link}.</p>"
            )
            return None
        self.exported.value = (
            f'<p class="cu-right">✔ Saved <code>{escape(path.name)}</code> in this '
            f"folder ({len(data['attempts'])} answers, {len(data['cases'])} case choices, "
            f"{len(data['reflections'])} reflections, {len(data['practice'])} practice "
            f"replies). Hand it in, or {link}.</p>"
        )
        return path


def dashboard() -> Dashboard:
    """The current student's dashboard."""
    return Dashboard(progress.store(), catalogue(), prompts=reflection_prompts())


__all__ = ["Dashboard", "ProgressChart", "dashboard"]
