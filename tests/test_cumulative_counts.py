"""Review and cumulative items are counted under the module they test: a review-mode attempt
under its bank's module (towards the best score, never as the first attempt), and each module 09
cumulative-review question also in the scores of the earlier module it tests (`tests:` in
links.yaml), without changing any module's completion. The hand-in format stays as it was."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from course_utils import catalogue as catalogue_module
from course_utils import progress, results
from course_utils.catalogue import BANK_DIR, LINKS, NOTEBOOK_DIR, catalogue
from course_utils.dashboard import Dashboard
from course_utils.review_mode import check_links

REPO = Path(__file__).resolve().parent.parent
STORES = Path(__file__).parent / "fixtures" / "stores"


def answer(store: progress.Store, bank: str, question: str, score: float, context: str) -> None:
    store.record_attempt(
        module=bank[:2],
        bank=bank,
        question=question,
        answer="x",
        score=score,
        correct=score == 1.0,
        context=context,
    )


def row(store: progress.Store, module: str, links_path: Path = LINKS) -> results.ModuleProgress:
    rows = results.module_progress(results.collect(store), catalogue(links_path=links_path))
    return next(r for r in rows if r.module == module)


def test_every_cumulative_review_question_names_an_earlier_module_it_tests() -> None:
    modules = catalogue()
    tested = catalogue_module.tested_modules()
    review = [key for key in modules["09"].questions if key[0] == "09-review"]
    assert review and all(key in tested for key in review)
    assert all(tested[key] in modules and tested[key] < "09" for key in review)
    # each is counted once, in the row of the module it tests
    counted = [key for number, items in modules.items() for key in items.tested]
    assert sorted(counted) == sorted(review)
    assert modules["01"].tested and ("09-review", "boundary-follow") in modules["01"].tested


def _links_with(tmp_path: Path, key: str, tests: object) -> Path:
    data = yaml.safe_load(LINKS.read_text("utf-8"))
    if tests is None:
        del data["items"][key]["tests"]
    else:
        data["items"][key]["tests"] = tests
    path = tmp_path / "links.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return path


def test_the_course_links_pass_check() -> None:
    assert check_links(LINKS, BANK_DIR, NOTEBOOK_DIR) == []


@pytest.mark.parametrize(
    ("tests", "expected"),
    [
        (None, 'field "tests" is missing'),
        ("99", "no module '99'"),
        (3, "no module 3"),
        ("09", "is the module of its own bank"),
    ],
)
def test_check_gives_one_line_for_a_missing_or_unknown_tested_module(
    tmp_path: Path, tests: object, expected: str
) -> None:
    path = _links_with(tmp_path, "09-review/ct-notes", tests)
    problems = check_links(path, BANK_DIR, NOTEBOOK_DIR)
    assert len(problems) == 1
    assert "09-review/ct-notes" in problems[0] and expected in problems[0]


def test_a_cumulative_question_counts_in_the_module_it_tests(data_dir: Path) -> None:
    store = progress.store()
    answer(store, "01-relationship", "boundary-gift", 0.0, "notebook")
    plain_01 = row(store, "01")
    plain_09 = row(store, "09")
    # 09-review/boundary-follow tests module 01: half right first, right afterwards
    answer(store, "09-review", "boundary-follow", 0.5, "notebook")
    answer(store, "09-review", "boundary-follow", 1.0, "notebook")
    counted = row(store, "01")
    assert counted.first_score == 0.25 and counted.score == 0.5
    assert (counted.tested_answered, counted.tested) == (1, plain_01.tested)
    # module 01's own count and completion are unchanged
    assert (counted.answered, counted.questions, counted.complete) == (
        plain_01.answered,
        plain_01.questions,
        plain_01.complete,
    )
    # module 09 counts it as its own, exactly as without the `tests` map
    without_map = row(store, "09", links_path=Path("no-such-links.yaml"))
    ninth = row(store, "09")
    assert ninth == without_map
    assert ninth.answered == plain_09.answered + 1 and ninth.first_score == 0.5
    assert (ninth.tested, ninth.tested_answered) == (0, 0)
    # and no other module's row moves
    others = [r for r in results.module_progress(results.collect(store), catalogue())]
    assert [r.module for r in others if r.tested_answered] == ["01"]


def test_a_review_attempt_counts_under_its_bank_module_but_never_as_the_first(
    data_dir: Path,
) -> None:
    store = progress.store()
    answer(store, "03-feedback", "process-comment", 0.0, "notebook")
    answer(store, "03-feedback", "process-comment", 1.0, "review")
    counted = row(store, "03")
    assert counted.first_score == 0.0 and counted.score == 1.0
    assert counted.reviewed == 1 and counted.answered == 1
    # a review attempt of a cumulative question counts in module 09's reviews, not in 03's
    answer(store, "09-review", "feedback-roles", 0.5, "notebook")
    answer(store, "09-review", "feedback-roles", 1.0, "review")
    assert row(store, "03").reviewed == 1
    assert row(store, "09").reviewed == 1
    assert row(store, "03").first_score == 0.25  # (0 + 0.5) / 2: first attempts only
    board = Dashboard(store, catalogue())
    assert "1 in review" in board.table.value


def test_the_dashboard_says_where_cumulative_questions_count(data_dir: Path) -> None:
    store = progress.store()
    answer(store, "09-review", "below-window", 1.0, "notebook")
    board = Dashboard(store, catalogue())
    table = board.table.value
    assert "Cumulative-review questions count towards the module they test." in table
    tested_04 = len(catalogue()["04"].tested)
    assert f"(+ 1 of {tested_04} cumulative review)" in table


@pytest.mark.parametrize("name", ["v0", "v2"])
def test_hand_ins_from_fixture_stores_fit_the_published_schema(
    data_dir: Path, name: str, tmp_path: Path
) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(STORES / f"{name}.sqlite3", data_dir / progress.FILE_NAME)
    data = results.collect(progress.store())
    assert data["attempts"]
    schema = json.loads((REPO / "docs" / "results.schema.json").read_text("utf-8"))
    jsonschema.validate(data, schema)
    # an older hand-in (version 1: no `context`) still fits the model and the schema
    old = {**data, "version": 1, "attempts": [dict(a) for a in data["attempts"]]}
    for attempt in old["attempts"]:
        attempt.pop("context")
    jsonschema.validate(old, schema)
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old), "utf-8")
    assert results.read(path)["attempts"][0]["context"] == "notebook"
    results.module_progress(old, catalogue())
