"""The instructor's class report: item analysis and pre/post from a folder of hand-ins.

Analyses (pure, on `results.Results`): per item the difficulty (share right at the first
attempt), the discrimination (point-biserial correlation of the item's first attempt with the
rest of the test: the share right on every other item the student answered), the share of first
attempts on each option, first attempt against latest; per module the completion; and the
class's pre/post gain on the matched items of modules 00 and 09, with a 95% confidence interval.
Charts: matplotlib PNGs, each with a text description used as its alt text, in one HTML page
(`python -m course_utils report --html OUT`, or `notebooks/instructor/class_report.ipynb`).
"""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from .catalogue import ModuleItems
from .results import Results, module_progress
from .schema import MultipleChoice, Numeric, Ordering, QuestionBank, SingleChoice

MIN_STUDENTS = 5  # fewer first attempts than this: no discrimination is computed
LOW_DISCRIMINATION = 0.2


@dataclass(frozen=True)
class Item:
    bank: str
    question: str
    module: str
    students: int
    difficulty: float | None  # share right at the first attempt
    latest: float | None  # share right at the latest attempt
    discrimination: float | None  # point-biserial with the rest of the test
    options: dict[str, float]  # option id -> share of first attempts (choice items)
    correct_options: frozenset[str]

    @property
    def key(self) -> str:
        return f"{self.bank}/{self.question}"

    @property
    def flag(self) -> str:
        if self.discrimination is None:
            return ""
        if self.discrimination < 0:
            return "negative discrimination: students who do well elsewhere miss it — review it"
        if self.discrimination < LOW_DISCRIMINATION:
            return "low discrimination"
        return ""


@dataclass(frozen=True)
class PrePost:
    students: int  # students with both a pre-test and a matched post answer
    pre: float | None  # mean share right, first attempts, module 00
    post: float | None  # the same on the matched module 09 items
    gain: float | None
    low: float | None  # 95% confidence interval of the mean gain
    high: float | None
    per_student: list[tuple[str, float, float]]  # learner, pre, post


@dataclass(frozen=True)
class ClassReport:
    students: int
    skipped: list[str]
    items: list[Item]
    completion: list[tuple[str, str, float]]  # module, title, share of students complete
    prepost: PrePost
    single_choice: frozenset[tuple[str, str]] = frozenset()


def _firsts(hand_in: Results) -> dict[str, bool]:
    first: dict[str, bool] = {}
    for attempt in hand_in.attempts:
        if attempt.context == "notebook":
            first.setdefault(f"{attempt.bank}/{attempt.question}", attempt.correct)
    return first


def _pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def t_975(df: int) -> float:
    """The 97.5th percentile of Student's t (Cornish–Fisher expansion; within 0.01 for df ≥ 3)."""
    z = 1.959964
    if df <= 0:
        return float("nan")
    return (
        z
        + (z**3 + z) / (4 * df)
        + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)
        + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * df**3)
    )


def latest_per_learner(hand_ins: Sequence[Results]) -> list[Results]:
    latest: dict[str, Results] = {}
    for hand_in in hand_ins:
        if hand_in.learner not in latest or hand_in.exported > latest[hand_in.learner].exported:
            latest[hand_in.learner] = hand_in
    return [latest[name] for name in sorted(latest)]


def build(
    hand_ins: Sequence[Results],
    banks: Mapping[str, QuestionBank],
    modules: Mapping[str, ModuleItems],
    prepost_pairs: Mapping[str, str],
    skipped: Sequence[str] = (),
) -> ClassReport:
    students = latest_per_learner(hand_ins)
    firsts = {s.learner: _firsts(s) for s in students}
    latest = {
        s.learner: {f"{a.bank}/{a.question}": a.correct for a in s.attempts} for s in students
    }
    items = []
    for bank in banks.values():
        for question in bank.questions:
            if not isinstance(question, SingleChoice | MultipleChoice | Numeric | Ordering):
                continue
            key = f"{bank.bank}/{question.id}"
            answered = [name for name in firsts if key in firsts[name]]
            item_scores, rest_scores = [], []
            for name in answered:
                others = [v for k, v in firsts[name].items() if k != key]
                if others:
                    item_scores.append(float(firsts[name][key]))
                    rest_scores.append(sum(others) / len(others))
            discrimination = (
                _pearson(item_scores, rest_scores) if len(item_scores) >= MIN_STUDENTS else None
            )
            options: dict[str, float] = {}
            correct: frozenset[str] = frozenset()
            if isinstance(question, SingleChoice | MultipleChoice):
                correct = question.correct_ids
                chosen = _first_answers(students, bank.bank, question.id)
                for option in question.options:
                    picks = sum(
                        1
                        for a in chosen
                        if a == option.id or (isinstance(a, list) and option.id in a)
                    )
                    options[option.id] = picks / len(chosen) if chosen else 0.0
            items.append(
                Item(
                    bank=bank.bank,
                    question=question.id,
                    module=bank.module,
                    students=len(answered),
                    difficulty=sum(firsts[n][key] for n in answered) / len(answered)
                    if answered
                    else None,
                    latest=sum(latest[n][key] for n in answered) / len(answered)
                    if answered
                    else None,
                    discrimination=discrimination,
                    options=options,
                    correct_options=correct,
                )
            )
    completion = []
    as_dicts = [s.as_dict() for s in students]
    per_student = [module_progress(d, modules) for d in as_dicts]
    for index, (number, items_in) in enumerate(modules.items()):
        done = sum(p[index].complete for p in per_student)
        completion.append((number, items_in.title, done / len(students) if students else 0.0))
    return ClassReport(
        students=len(students),
        skipped=list(skipped),
        items=items,
        completion=completion,
        prepost=prepost(students, prepost_pairs),
        single_choice=frozenset(
            (b.bank, q.id)
            for b in banks.values()
            for q in b.questions
            if isinstance(q, SingleChoice)
        ),
    )


def _first_answers(students: Sequence[Results], bank: str, question: str) -> list[object]:
    answers = []
    for student in students:
        for attempt in student.attempts:
            if attempt.bank == bank and attempt.question == question:
                answers.append(attempt.answer)
                break
    return answers


def student_prepost(hand_in: Results, pairs: Mapping[str, str]) -> tuple[float, float] | None:
    """This student's share right at the first attempt on the pre-test items and on their
    matched module 09 items, over the pairs where both were answered (None if none were)."""
    first = _firsts(hand_in)
    both = [(pre, post) for pre, post in pairs.items() if pre in first and post in first]
    if not both:
        return None
    return (
        sum(first[pre] for pre, _ in both) / len(both),
        sum(first[post] for _, post in both) / len(both),
    )


def prepost(students: Sequence[Results], pairs: Mapping[str, str]) -> PrePost:
    rows = []
    for student in students:
        scores = student_prepost(student, pairs)
        if scores is not None:
            rows.append((student.learner, *scores))
    n = len(rows)
    if n == 0:
        return PrePost(0, None, None, None, None, None, [])
    gains = [post - pre for _, pre, post in rows]
    mean = sum(gains) / n
    low = high = None
    if n >= 2:
        sd = math.sqrt(sum((g - mean) ** 2 for g in gains) / (n - 1))
        half = t_975(n - 1) * sd / math.sqrt(n)
        low, high = mean - half, mean + half
    return PrePost(
        students=n,
        pre=sum(r[1] for r in rows) / n,
        post=sum(r[2] for r in rows) / n,
        gain=mean,
        low=low,
        high=high,
        per_student=rows,
    )


# --- charts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    title: str
    png: bytes
    alt: str  # the text description, also shown under the chart
    how_to_read: str


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    return buffer.getvalue()


def _new(width: float = 8.0, height: float = 3.6):
    from matplotlib.figure import Figure as MplFigure

    return MplFigure(figsize=(width, height))


def _points(value: float) -> str:
    return f"{value * 100:+.0f} percentage points"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def charts(report: ClassReport) -> list[Figure]:
    answered = [i for i in report.items if i.difficulty is not None]
    figures = []

    # 1. difficulty against discrimination
    fig = _new(8, 4.2)
    ax = fig.subplots()
    shown = [i for i in answered if i.discrimination is not None]
    negative = [i for i in shown if i.discrimination < 0]
    ax.scatter(
        [i.difficulty for i in shown],
        [i.discrimination for i in shown],
        s=22,
        color="#1f5f8b",
        label="item",
    )
    ax.scatter(
        [i.difficulty for i in negative],
        [i.discrimination for i in negative],
        s=60,
        marker="x",
        color="#b00020",
        label="negative: review",
    )
    for item in negative:
        ax.annotate(
            item.key,
            (item.difficulty, item.discrimination),
            xytext=(8, -3),
            textcoords="offset points",
            fontsize=7,
            color="#b00020",
        )
    ax.axhline(0, color="#555555", linewidth=0.8)
    ax.axhline(LOW_DISCRIMINATION, color="#999999", linewidth=0.8, linestyle="--")
    ax.set_xlim(0, 1.02)
    ax.set_xlabel("difficulty: share right at the first attempt")
    ax.set_ylabel("discrimination (point-biserial, rest of test)")
    ax.legend(loc="lower left", fontsize=8, frameon=False)
    ax.set_title(f"Item difficulty and discrimination ({report.students} students)")
    low = [i for i in shown if i.discrimination < LOW_DISCRIMINATION]
    alt = (
        f"Scatter of {len(shown)} items: difficulty from "
        f"{_pct(min((i.difficulty for i in shown), default=None))} to "
        f"{_pct(max((i.difficulty for i in shown), default=None))} right at the first attempt. "
        f"{len(negative)} item(s) have negative discrimination"
        + (f" ({', '.join(i.key for i in negative)})" if negative else "")
        + f"; {len(low)} are below {LOW_DISCRIMINATION}."
    )
    figures.append(
        Figure(
            "Item difficulty and discrimination",
            _png(fig),
            alt,
            "Each dot is a question. Left means few students got it right first time. Height is "
            "how well the item separates students who do well on the rest of the course from "
            "those who do not: above the dashed line (0.2) it tells them apart; near zero it "
            "does not; below zero, stronger students miss it more often than weaker ones, which "
            "usually means a flawed key, an ambiguous stem or a distractor that is defensible.",
        )
    )

    # 2. distractor shares of the hardest single-choice items (one option per attempt)
    single = {f"{b}/{q}" for b, q in report.single_choice}
    choice = sorted(
        (i for i in answered if i.options and i.key in single),
        key=lambda i: (i.difficulty or 0, i.key),
    )[:8]
    fig = _new(8, 0.5 + 0.45 * max(len(choice), 1))
    ax = fig.subplots()
    for row, item in enumerate(choice):
        left = 0.0
        for option, share in item.options.items():
            right_option = option in item.correct_options
            ax.barh(
                row,
                share,
                left=left,
                color="#2e7d32" if right_option else "#c9c9c9",
                edgecolor="white",
            )
            if share >= 0.08:
                ax.text(left + share / 2, row, option, ha="center", va="center", fontsize=7)
            left += share
    ax.set_yticks(range(len(choice)), [i.key for i in choice], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("share of first attempts choosing each option (green: keyed right)")
    ax.set_xlim(0, 1)
    ax.set_title("Distractors of the hardest single-choice items")
    parts = []
    for item in choice[:4]:
        wrong = {k: v for k, v in item.options.items() if k not in item.correct_options}
        if wrong:
            top = max(wrong, key=wrong.get)
            parts.append(f"{item.key}: option {top} chosen by {wrong[top]:.0%}")
    alt = "Stacked bars, one per item, hardest first. Most chosen wrong option: " + (
        "; ".join(parts) or "none"
    )
    figures.append(
        Figure(
            "Distractor shares",
            _png(fig),
            alt,
            "For the eight hardest single-choice questions, each bar splits the first attempts "
            "by the option chosen. A wrong option chosen by many students points at a "
            "misconception worth teaching to; a wrong option nobody chooses does no work. "
            "(Multiple-select items are left out here: one attempt can tick several options.)",
        )
    )

    # 3. first attempt against latest, per module
    modules = sorted({i.module for i in answered})
    fig = _new(8, 3.4)
    ax = fig.subplots()
    first_means, latest_means = [], []
    for module in modules:
        in_module = [i for i in answered if i.module == module]
        first_means.append(sum(i.difficulty for i in in_module) / len(in_module))
        latest_means.append(sum(i.latest for i in in_module) / len(in_module))
    xs = range(len(modules))
    ax.bar([x - 0.2 for x in xs], first_means, width=0.4, color="#1f5f8b", label="first attempt")
    ax.bar([x + 0.2 for x in xs], latest_means, width=0.4, color="#9cc3e0", label="latest")
    ax.set_xticks(list(xs), modules)
    ax.set_ylim(0, 1)
    ax.set_xlabel("module")
    ax.set_ylabel("share right")
    ax.legend(fontsize=8, frameon=False)
    ax.set_title("First attempt against latest, per module")
    alt = "Paired bars per module. " + "; ".join(
        f"{m}: {f:.0%} first, {last:.0%} latest"
        for m, f, last in zip(modules, first_means, latest_means, strict=True)
    )
    figures.append(
        Figure(
            "First attempt and latest",
            _png(fig),
            alt,
            "The first attempt is the honest measure of what a student knew; the latest shows "
            "what they reached after the feedback. A large gap means the feedback did its work "
            "in the moment, not that the idea was known.",
        )
    )

    # 4. completion
    fig = _new(8, 3.2)
    ax = fig.subplots()
    labels = [m for m, _, _ in report.completion]
    shares = [s for _, _, s in report.completion]
    ax.bar(labels, shares, color="#6a4c93")
    ax.set_ylim(0, 1)
    ax.set_xlabel("module")
    ax.set_ylabel("share of students who handed in")
    ax.set_title("Students who completed every item of a module")
    alt = "Bars per module: " + "; ".join(
        f"{m}: {s:.0%}" for m, s in zip(labels, shares, strict=True)
    )
    figures.append(
        Figure(
            "Module completion",
            _png(fig),
            alt,
            "The share of students who handed in who answered every question, finished every "
            "case and wrote every reflection of the module. Students who did not hand in are "
            "not in the denominator.",
        )
    )

    # 5. pre/post
    pp = report.prepost
    fig = _new(8, 3.6)
    ax = fig.subplots()
    for index, (_, pre, post) in enumerate(pp.per_student):
        nudge = (index % 7 - 3) * 0.006  # students with the same scores stay visible
        ax.plot([0, 1], [pre + nudge, post + nudge], color="#bbbbbb", linewidth=0.8)
    if pp.pre is not None:
        ax.plot([0, 1], [pp.pre, pp.post], color="#1f5f8b", linewidth=2.5, marker="o")
    if pp.low is not None:
        ax.errorbar(
            [1.04],
            [pp.pre + pp.gain],
            yerr=[[pp.gain - pp.low], [pp.high - pp.gain]],
            color="#1f5f8b",
            capsize=4,
        )
        ax.text(
            1.07,
            pp.pre + pp.gain,
            f"mean gain {pp.gain * 100:+.0f} points\n"
            f"95% CI {pp.low * 100:+.0f} to {pp.high * 100:+.0f}",
            fontsize=8,
            va="center",
        )
        ax.set_xlim(-0.1, 1.4)
    ax.set_xticks([0, 1], ["module 00 pre-test", "module 09 matched items"])
    ax.set_ylim(-0.02, 1.02)
    ax.set_ylabel("share right at the first attempt")
    ax.set_title("Pre/post on matched items")
    if pp.gain is None:
        alt = "No student answered both a pre-test item and its matched module 09 item."
    else:
        ci = (
            ""
            if pp.low is None
            else f" (95% CI {pp.low * 100:+.0f} to {pp.high * 100:+.0f} points)"
        )
        alt = (
            f"One grey line per student ({pp.students}); the blue line is the class mean, from "
            f"{pp.pre:.0%} to {pp.post:.0%}: a mean gain of {_points(pp.gain)}{ci}."
        )
    figures.append(
        Figure(
            "Pre/post",
            _png(fig),
            alt,
            "Each grey line joins one student's share right on the module 00 pre-test to the "
            "share right on the module 09 questions that ask about the same ideas. The interval "
            "is for the mean gain of these students. There is no control group, so the gain "
            "cannot be credited to the course alone (students also learn elsewhere, and the 09 "
            "items are not identical to the pre-test); and only students who handed in and "
            "answered both are counted.",
        )
    )
    return figures


CAVEATS = (
    "No control group: a gain from module 00 to module 09 is what these students showed, not "
    "an effect of the course.",
    "Who handed in: only the students whose files were read are counted; those who stopped or "
    "did not hand in may differ from those who did.",
    "Small classes: with fewer than {min} students answering an item its discrimination is not "
    "computed, and every share moves a lot with one student.",
    "First attempts only: the difficulty, discrimination and pre/post use the first attempt in "
    "the notebook; review-mode attempts are left out.",
)


def to_html(report: ClassReport, figures: Sequence[Figure]) -> str:
    pp = report.prepost
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<title>Class report</title><style>body{font-family:sans-serif;max-width:52rem;"
        "margin:2rem auto;line-height:1.45}img{max-width:100%}figure{margin:1.5rem 0}"
        "figcaption{font-size:.9rem}.flag{color:#b00020}table{border-collapse:collapse}"
        "td,th{padding:.2rem .5rem;border-bottom:1px solid #ddd;text-align:left}</style>"
        "</head><body>",
        "<h1>Class report</h1>",
        f"<p>{report.students} student(s) handed in a readable file.</p>",
    ]
    if report.skipped:
        parts.append("<p>Not counted (the file could not be read):</p><ul>")
        parts += [f"<li>{escape(line)}</li>" for line in report.skipped]
        parts.append("</ul>")
    parts.append("<h2>Read these first</h2><ul>")
    parts += [f"<li>{escape(c.format(min=MIN_STUDENTS))}</li>" for c in CAVEATS]
    parts.append("</ul>")
    if pp.gain is not None:
        ci = (
            ""
            if pp.low is None
            else f", 95% confidence interval {_points(pp.low)} to {_points(pp.high)}"
        )
        parts.append(
            f"<p><strong>Pre/post.</strong> {pp.students} student(s) answered both: "
            f"{pp.pre:.0%} right on the pre-test items, {pp.post:.0%} on the matched module 09 "
            f"items; mean gain {_points(pp.gain)}{ci}.</p>"
        )
    for figure in figures:
        data = base64.b64encode(figure.png).decode("ascii")
        parts.append(
            f"<figure><h2>{escape(figure.title)}</h2>"
            f'<img src="data:image/png;base64,{data}" alt="{escape(figure.alt)}">'
            f"<figcaption><p>{escape(figure.alt)}</p><p><em>How to read it.</em> "
            f"{escape(figure.how_to_read)}</p></figcaption></figure>"
        )
    flagged = [i for i in report.items if i.flag.startswith("negative")]
    parts.append("<h2>Items to review</h2>")
    if flagged:
        parts.append("<table><tr><th>item</th><th>right first time</th><th>discrimination</th>")
        parts.append("<th>why</th></tr>")
        for item in flagged:
            parts.append(
                f"<tr><td>{escape(item.key)}</td><td>{_pct(item.difficulty)}</td>"
                f"<td>{item.discrimination:+.2f}</td>"
                f'<td class="flag">{escape(item.flag)}</td></tr>'
            )
        parts.append("</table>")
    else:
        parts.append("<p>No item has negative discrimination.</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write_html(
    hand_ins: Sequence[Results],
    banks: Mapping[str, QuestionBank],
    modules: Mapping[str, ModuleItems],
    out: Path,
    skipped: Sequence[str] = (),
) -> ClassReport:
    from .review_mode import prepost_pairs

    report = build(hand_ins, banks, modules, prepost_pairs(), skipped)
    out.write_text(to_html(report, charts(report)), encoding="utf-8")
    return report


def report_for(folder: Path) -> tuple[ClassReport, str]:
    """The class report of every hand-in in `folder`, and its HTML (for the notebook)."""
    from .catalogue import BANK_DIR, catalogue
    from .results import read_all
    from .review_mode import prepost_pairs
    from .schema import ContentError, load

    good, broken = read_all([Path(folder)])
    banks = {}
    for path in sorted(BANK_DIR.glob("*.yaml")):
        try:
            banks[path.stem] = load(path, QuestionBank, noun="question")
        except ContentError:
            broken.append(f"skipped {path}: it has errors — run check")
    report = build(good, banks, catalogue(), prepost_pairs(), broken)
    page = to_html(report, charts(report))
    body = page.split("<body>", 1)[-1].split("</body>", 1)[0]
    return report, body
