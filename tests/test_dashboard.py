"""The student's dashboard and the progress notebook: what is done, per module, and export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from course_utils import progress, results
from course_utils.catalogue import ModuleItems, catalogue
from course_utils.dashboard import Dashboard, chart_description, dashboard

REPO = Path(__file__).resolve().parent.parent
NOTEBOOK = REPO / "notebooks" / "progress.ipynb"


def modules() -> dict[str, ModuleItems]:
    return {
        "01": ModuleItems(
            "01",
            "The therapeutic relationship",
            questions=[("b1", "q1"), ("b1", "q2")],
            cases=["01-first-session"],
            reflections=["01-heard", "01-trust"],
        ),
        "02": ModuleItems("02", "Communication", questions=[("b2", "q1")]),
    }


def answer(store: progress.Store, bank: str, question: str, score: float) -> None:
    store.record_attempt(
        module=bank[-1].zfill(2),
        bank=bank,
        question=question,
        answer="a",
        score=score,
        correct=score == 1,
    )


def finish_case(store: progress.Store) -> None:
    store.record_case_choice(
        module="01",
        case="01-first-session",
        run="r",
        turn=4,
        node="next-steps",
        reply="agree-plan",
        reason="",
        values={"alliance": 70},
        finished=True,
    )


def test_progress_per_module_counts_best_scores_cases_and_reflections(data_dir: Path) -> None:
    store = progress.store()
    answer(store, "b1", "q1", 0.0)
    answer(store, "b1", "q1", 1.0)  # the best attempt counts
    answer(store, "b1", "q2", 0.5)
    finish_case(store)
    store.save_reflection(module="01", reflection="01-heard", text="Some words here")
    store.save_reflection(module="01", reflection="01-trust", text="   ")  # nothing written
    first, second = results.module_progress(results.collect(store), modules())
    assert (first.answered, first.questions, first.score) == (2, 2, 0.75)
    assert (first.cases_finished, first.reflections_written, first.complete) == (1, 1, False)
    assert (second.answered, second.score, second.complete) == (0, None, False)
    store.save_reflection(module="01", reflection="01-trust", text="Now written")
    first, _ = results.module_progress(results.collect(store), modules())
    assert first.complete


def test_the_dashboard_shows_the_table_a_chart_and_saved_reflections(
    data_dir: Path, tmp_path: Path
) -> None:
    store = progress.store()
    answer(store, "b1", "q1", 1.0)
    finish_case(store)
    store.save_reflection(module="01", reflection="01-heard", text="My <b>aunt</b> listened.")
    shown = Dashboard(store, modules(), export_dir=tmp_path, prompts={"01-heard": "Heard?"})
    table = shown.table.value
    assert "01 The therapeutic relationship" in table
    assert "<td>1 of 2</td><td>100%</td><td>100%</td><td>1 of 1</td><td>1 of 2</td>" in table
    assert "<td>0 of 1</td><td>—</td><td>—</td><td>—</td><td>—</td>" in table  # module 02
    assert '<img src="data:image/png;base64,' in shown.image.value
    assert 'alt="Your progress by module: module 01: 50% of questions answered' in (
        shown.image.value
    )
    assert "nothing done yet in module(s) 02." in shown.image.value
    assert "Heard?" in shown.reflections.value
    assert "My &lt;b&gt;aunt&lt;/b&gt; listened." in shown.reflections.value
    answer(store, "b2", "q1", 1.0)
    shown.controls["refresh"].click()
    assert "<td>1 of 1</td><td>100%</td>" in shown.table.value


def test_export_button_writes_the_students_file_without_reflection_text_by_default(
    data_dir: Path, tmp_path: Path
) -> None:
    store = progress.store()
    answer(store, "b1", "q1", 1.0)
    store.save_reflection(module="01", reflection="01-heard", text="Private thoughts")
    shown = Dashboard(store, modules(), export_dir=tmp_path)
    shown.controls["export"].click()
    written = tmp_path / "course-results-student-a.json"
    assert "Saved" in shown.exported.value and written.name in shown.exported.value
    assert 'download="course-results-student-a.json"' in shown.exported.value
    exported = json.loads(written.read_text())
    assert exported["learner"] == "student-a" and len(exported["attempts"]) == 1
    assert "Private thoughts" not in written.read_text()
    shown.controls["format"].value = "csv"
    shown.controls["with_text"].value = True
    shown.controls["export"].click()
    assert "Private thoughts" in (tmp_path / "course-results-student-a.csv").read_text()


def test_an_export_folder_that_cannot_be_written_still_offers_the_download(
    data_dir: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    shown = Dashboard(progress.store(), modules(), export_dir=blocker / "sub")
    assert shown.export() is None
    assert "Could not write" in shown.exported.value and "download it" in shown.exported.value


def test_the_chart_description_leaves_out_what_a_module_does_not_have() -> None:
    row = results.ModuleProgress("02", "Communication", 1, 2, 0.5, 0, 0, 0, 0)
    text = chart_description([row])
    assert "module 02: 50% of questions answered, 50% score" in text
    assert "case" not in text and "reflections" not in text
    empty = results.ModuleProgress("03", "Feedback", 0, 2, None, 0, 1, 0, 1)
    assert chart_description([row, empty]).endswith("; nothing done yet in module(s) 03.")


def test_the_course_dashboard_counts_every_module(data_dir: Path) -> None:
    shown = dashboard()
    for number, items in catalogue().items():
        assert f"{number} {items.title}" in shown.table.value


def test_the_catalogue_knows_module_01() -> None:
    items = catalogue()["01"]
    assert items.title == "The therapeutic relationship"
    assert ("01-relationship", "trust-testing") in items.questions
    assert "01-first-session" in items.cases
    assert "01-heard" in items.reflections


@pytest.fixture
def cells() -> list[dict]:
    return json.loads(NOTEBOOK.read_text())["cells"]


def test_the_progress_notebook_has_a_hidden_setup_and_one_line_cells(cells: list[dict]) -> None:
    code = [cell for cell in cells if cell["cell_type"] == "code"]
    assert code[0]["metadata"]["jupyter"]["source_hidden"] is True
    assert "from course_utils" in "".join(code[0]["source"])
    for cell in code:
        assert len("".join(cell["source"]).strip().splitlines()) == 1
        assert cell["outputs"] == [] and cell["execution_count"] is None
    assert any("dashboard()" in "".join(cell["source"]) for cell in code)
    text = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    assert "python -m course_utils export" in text
