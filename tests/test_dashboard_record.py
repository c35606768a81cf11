"""The student's picture: first attempt beside best, missed questions linked to the section that
teaches them, items due for review, then-and-now, and the capstone path."""

from __future__ import annotations

from pathlib import Path

from course_utils import progress, results
from course_utils.case_machine import load_case
from course_utils.catalogue import catalogue
from course_utils.dashboard import Dashboard, capstone_html, missed_html, prepost_html
from course_utils.review_mode import links


def answer(store: progress.Store, bank: str, question: str, correct: bool) -> None:
    module = bank[:2]
    store.record_attempt(
        module=module,
        bank=bank,
        question=question,
        answer="x",
        score=float(correct),
        correct=correct,
    )


def test_first_attempt_is_shown_beside_best(data_dir: Path) -> None:
    store = progress.store()
    answer(store, "01-relationship", "trust-testing", False)
    answer(store, "01-relationship", "trust-testing", True)
    answer(store, "01-relationship", "boundary-gift", True)
    [row] = [
        r for r in results.module_progress(results.collect(store), catalogue()) if r.module == "01"
    ]
    assert row.first_score == 0.5 and row.score == 1.0
    board = Dashboard(store, catalogue())
    assert "First attempt" in board.table.value and "50%" in board.table.value


def test_a_missed_question_links_to_the_section_that_teaches_it(data_dir: Path) -> None:
    store = progress.store()
    answer(store, "01-relationship", "trust-testing", False)
    answer(store, "01-relationship", "trust-testing", True)
    answer(store, "01-relationship", "boundary-gift", True)
    html = missed_html(store.attempts(), links())
    assert "01-relationship/trust-testing" in html
    assert 'href="01_therapeutic_relationship.ipynb#1-·-Trust"' in html
    assert "boundary-gift" not in html


def test_due_items_are_counted_on_the_dashboard(data_dir: Path) -> None:
    store = progress.store()
    answer(store, "01-relationship", "trust-testing", True)
    board = Dashboard(store, catalogue())
    assert "0 question(s) due for review now" in board.record.value
    assert 'href="review.ipynb"' in board.record.value


def test_then_and_now_compares_the_pre_test_with_matched_items(data_dir: Path) -> None:
    store = progress.store()
    answer(store, "00-start", "own-emotions", False)
    answer(store, "09-review", "own-emotions-after", True)
    answer(store, "00-start", "feedback-role", True)
    answer(store, "09-review", "feedback-roles", True)
    html = prepost_html(store)
    assert "50% at the start" in html and "100% of the matching" in html


def test_the_capstone_path_says_what_each_choice_taught(data_dir: Path) -> None:
    store = progress.store()
    dialogue = load_case("09-capstone")
    node = next(n for n in dialogue.nodes if n.id == dialogue.start)
    reply = node.replies[0]
    store.record_case_choice(
        module="09",
        case="09-capstone",
        run="r1",
        turn=1,
        node=node.id,
        reply=reply.id,
        reason="",
        values={},
        finished=False,
    )
    html = capstone_html(store)
    assert reply.text[:30] in html and "Turn 1" in html
    assert f"module {reply.module}" in html


def test_reflection_prompts_come_from_the_content_yaml_and_match_the_notebooks() -> None:
    from course_utils.catalogue import NOTEBOOK_DIR, course_calls
    from course_utils.dashboard import reflection_prompts

    prompts = reflection_prompts()
    in_notebooks = {
        args[0]: args[1]
        for path in sorted(NOTEBOOK_DIR.glob("*.ipynb"))
        for name, args, _ in course_calls(path)
        if name == "reflect" and len(args) >= 2  # a call without a prompt takes it from the YAML
    }
    assert in_notebooks and all(prompts.get(rid) == text for rid, text in in_notebooks.items())


def test_reflect_without_a_prompt_shows_the_yaml_prompt(data_dir: Path) -> None:
    from course_utils import reflect

    shown = reflect("01-trust")
    assert any("came to trust" in getattr(c, "value", "") for c in shown.children)
