"""A broken question bank is reported as one line per mistake: file, item, field, fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from course_utils.schema import CaseDialogue, ContentError, QuestionBank, ReflectionFile, load

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


def test_a_free_text_question_needs_no_options(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "  - id: why\n    type: reflection\n    stem: Why?\n    commentary: Because.\n",
    )
    bank = load(path, QuestionBank, noun="question")
    assert bank.question("why").commentary == "Because."


def test_rule_breaking_options_name_the_field_to_fix(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """  - id: no-key
    type: multiple
    stem: Which?
    options:
      - {id: a, text: A, feedback: No.}
      - {id: a, text: B, feedback: No.}
  - id: range
    type: numeric
    stem: How many?
    minimum: 10
    maximum: 5
    answer: 7
    tolerance: 0
    feedback: {correct: Yes., low: Low., high: High.}
""",
    )
    lines = problems(path)
    assert any(
        'question "no-key", field "options": option ids' in x and "repeat" in x for x in lines
    )
    assert any(
        'question "range", field "maximum"' in x and "not above minimum 10" in x for x in lines
    )
    assert any('question "range", field "tolerance": must be more than 0' in x for x in lines)


def test_an_ordering_question_with_too_few_steps(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """  - id: order
    type: ordering
    stem: Order these.
    steps: [{id: a, text: A}, {id: b, text: B}]
    feedback: {correct: Yes., incorrect: No.}
""",
    )
    [line] = problems(path)
    assert 'question "order", field "steps": needs at least 3 item(s)' in line


def ordering_with(steps: str) -> str:
    return (
        "  - id: jt-steps\n    type: ordering\n    stem: Order these.\n"
        f"    steps: {steps}\n    feedback: {{correct: Yes., incorrect: No.}}\n"
    )


def test_a_partial_order_loads_with_its_constraints(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        ordering_with(
            "[{id: a, text: A}, {id: b, text: B, after: [a]}, {id: c, text: C, after: [a]}]"
        ),
    )
    question = load(path, QuestionBank, noun="question").question("jt-steps")
    assert question.partial
    assert question.precedence == {("a", "b"), ("a", "c")}


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        (
            "[{id: a, text: A}, {id: b, text: B, after: [z]}, {id: c, text: C}]",
            "step \"b\": after names ['z'], which are not steps of this question — use ids "
            "from: a, b, c",
        ),
        (
            "[{id: a, text: A}, {id: b, text: B, after: [b]}, {id: c, text: C}]",
            'step "b": lists itself in after — remove it',
        ),
        (
            "[{id: a, text: A, after: [c]}, {id: b, text: B, after: [a]}, "
            "{id: c, text: C, after: [b]}]",
            "after makes a cycle (a after c after b after a), so no order can be right — remove "
            "one of these after entries",
        ),
        (
            "[{id: a, text: A, after: [b]}, {id: b, text: B}, {id: c, text: C}]",
            "step \"a\" must come after ['b'] but is listed before them — list the steps in an "
            "order that is right",
        ),
    ],
)
def test_a_broken_partial_order_is_one_line_naming_file_item_and_fix(
    tmp_path: Path, steps: str, expected: str
) -> None:
    path = write(tmp_path, ordering_with(steps))
    [line] = problems(path)
    assert line.startswith(f'{path}, question "jt-steps", field "steps": ')
    assert line.endswith(expected)


def test_case_errors_name_the_node_and_reply(tmp_path: Path) -> None:
    path = tmp_path / "01-x.yaml"
    path.write_text(
        """case: 01-x
module: "1"
title: X
setting: S.
start: a
nodes:
  - id: a
    client: Hi.
    replies:
      - {id: r1, text: One, feedback: F., effects: {alliance: 40}}
      - {id: r2, text: Two, feedback: F., effects: {trust: 5}}
  - {id: end, client: Bye., ending: Done.}
"""
    )
    with pytest.raises(ContentError) as caught:
        load(path, CaseDialogue, noun="node")
    lines = caught.value.problems
    assert any('field "module": must be the two-digit module number' in x for x in lines)
    assert any(
        'node "a", reply "r1", field "effects.alliance": must be at most 30' in x for x in lines
    )
    assert any('node "a", reply "r2", field "effects.trust": must be one of' in x for x in lines)
    assert len(lines) == 3  # "give 3 or 4 replies" follows once the replies themselves are valid


def test_reflection_files_are_validated(tmp_path: Path) -> None:
    path = tmp_path / "01.yaml"
    path.write_text('module: "01"\nreflections:\n  - {id: heard, commentary: ""}\n')
    with pytest.raises(ContentError) as caught:
        load(path, ReflectionFile, noun="reflection")
    lines = caught.value.problems
    assert any('field "id": must start with the module number and a dash' in x for x in lines)
    assert any('field "commentary": is empty — write the text' in x for x in lines)
