"""The class report from a simulated class of 30: broken files named and not counted, the
planted bad item flagged, a pre/post gain with its interval, alt text on every chart."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from course_utils import results
from course_utils.catalogue import BANK_DIR, catalogue
from course_utils.class_report import build, charts, prepost, t_975, to_html
from course_utils.cli import main
from course_utils.quizzes import load_bank
from course_utils.review_mode import prepost_pairs

from .simulated_class import NEGATIVE, simulate


@pytest.fixture(scope="module")
def simulated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("class")
    simulate(folder, students=30, seed=7)
    return folder


@pytest.fixture(scope="module")
def report(simulated: Path):
    good, broken = results.read_all([simulated])
    banks = {p.stem: load_bank(p.stem) for p in sorted(BANK_DIR.glob("*.yaml"))}
    return build(good, banks, catalogue(), prepost_pairs(), broken)


def test_broken_hand_ins_are_named_and_never_counted(report) -> None:
    assert report.students == 30
    assert len(report.skipped) == 2
    assert any("no-attempts" in line for line in report.skipped)
    assert any("not UTF-8" in line for line in report.skipped)


def test_the_planted_item_is_flagged_for_negative_discrimination(report) -> None:
    [item] = [i for i in report.items if i.key == NEGATIVE]
    assert item.discrimination is not None and item.discrimination < 0
    assert item.flag.startswith("negative")


def test_the_pre_post_gain_has_a_confidence_interval(report) -> None:
    pp = report.prepost
    assert pp.students > 10
    assert pp.low < pp.gain < pp.high
    assert pp.gain == pytest.approx(pp.post - pp.pre)


def test_t_quantile_is_close_to_the_table() -> None:
    for df, table in ((4, 2.776), (9, 2.262), (29, 2.045), (100, 1.984)):
        assert t_975(df) == pytest.approx(table, abs=0.01)


def test_a_single_student_gives_no_interval() -> None:
    hand_in = results.Results.model_validate(
        {
            "format": results.FORMAT,
            "version": 2,
            "learner": "ana",
            "exported": "t",
            "attempts": [
                {
                    "module": m,
                    "bank": b,
                    "question": q,
                    "answer": "a",
                    "score": float(c),
                    "correct": c,
                    "created": "t",
                }
                for m, b, q, c in (
                    ("00", "00-start", "own-emotions", False),
                    ("09", "09-review", "own-emotions-after", True),
                )
            ],
            "cases": [],
            "reflections": [],
        }
    )
    pp = prepost([hand_in], prepost_pairs())
    assert (pp.students, pp.pre, pp.post, pp.low) == (1, 0.0, 1.0, None)


def test_every_chart_has_alt_text_and_the_page_carries_it(report) -> None:
    figures = charts(report)
    assert len(figures) == 5
    page = to_html(report, figures)
    alts = re.findall(r'<img [^>]*alt="([^"]*)"', page)
    assert len(alts) == 5 and all(len(a) > 40 for a in alts)
    assert "No control group" in page and "Who handed in" in page
    assert NEGATIVE in page


def test_report_html_from_the_command_line(simulated: Path, tmp_path: Path) -> None:
    out = tmp_path / "class.html"
    assert main(["report", str(simulated), "--html", str(out)]) == 0
    assert out.read_text("utf-8").count("<figure>") == 5


def test_the_instructor_notebook_renders_the_report(simulated: Path) -> None:
    import json

    from course_utils.catalogue import NOTEBOOK_DIR
    from course_utils.class_report import report_for

    cells = json.loads((NOTEBOOK_DIR / "instructor" / "class_report.ipynb").read_text("utf-8"))
    code = "\n".join("".join(c["source"]) for c in cells["cells"] if c["cell_type"] == "code")
    assert "report, page = report_for(HAND_INS)" in code and "HTML(page)" in code
    report, page = report_for(simulated)
    assert report.students == 30
    assert page.count("<figure>") == 5 and "<body>" not in page
