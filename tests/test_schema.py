"""A broken question bank is reported as one line per mistake: file, item, field, fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from course_utils.schema import ContentError, QuestionBank, load

GOOD_OPTIONS = """
    options:
      - {id: a, text: Right, correct: true, feedback: Because.}
      - {id: b, text: Wrong, feedback: Because not.}
"""


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "03-feedback.yaml"
    path.write_text('bank: 03-feedback\nmodule: "03"\ntitle: Feedback\nquestions:\n' + body)
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load(path, QuestionBank, noun="question")
    return caught.value.problems


def test_a_valid_bank_loads(tmp_path: Path) -> None:
    path = write(tmp_path, "  - id: rci-meaning\n    type: single\n    stem: Why?\n" + GOOD_OPTIONS)
    bank = load(path, QuestionBank, noun="question")
    assert bank.question("rci-meaning").correct_ids == {"a"}


def test_missing_feedback_names_file_question_option_and_fix(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """  - id: rci-meaning
    type: single
    stem: Why?
    options:
      - {id: a, text: Right, correct: true, feedback: Because.}
      - {id: c, text: Wrong}
""",
    )
    [line] = problems(path)
    assert str(path) in line
    assert 'question "rci-meaning"' in line
    assert 'option "c"' in line
    assert '"feedback"' in line
    assert "add a feedback" in line


def test_two_correct_answers_on_a_single_choice_question(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """  - id: two-keys
    type: single
    stem: Which?
    options:
      - {id: a, text: One, correct: true, feedback: Yes.}
      - {id: b, text: Two, correct: true, feedback: Also yes.}
""",
    )
    [line] = problems(path)
    assert 'question "two-keys"' in line
    assert "exactly one correct option, found 2" in line
    assert 'use type "multiple"' in line


def test_every_mistake_is_its_own_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """  - id: Bad_Id
    type: single
    stem: ""
    colour: red
"""
        + GOOD_OPTIONS
        + """  - id: no-type
    stem: What?
""",
    )
    lines = problems(path)
    assert len(lines) == 4, lines
    assert any('field "id"' in line and "lower-case" in line for line in lines)
    assert any('field "stem"' in line and "empty" in line for line in lines)
    assert any('field "colour"' in line and "not a known field" in line for line in lines)
    assert any('question "no-type"' in line and '"type"' in line for line in lines)


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "  - id: x\n    stem: [unclosed\n")
    [line] = problems(path)
    assert str(path) in line and "line" in line


def test_yaml_is_loaded_safely(tmp_path: Path) -> None:
    path = write(tmp_path, "  - !!python/object/apply:os.system ['echo unsafe']\n")
    [line] = problems(path)
    assert "YAML" in line
