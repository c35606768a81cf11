"""The practice sets load, offer a full ladder at every level, and report mistakes in one line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from course_utils.practice.content import PRACTICE_DIR, PracticeSet, load_set, load_sets
from course_utils.practice.labels import SKILLS
from course_utils.schema import ContentError

REPLY_KINDS = set(SKILLS)

EXPECTED = {
    "open-questions": "02",
    "reflections": "02",
    "empathic-responses": "04",
    "process-comments": "03",
    "rupture-repair": "07",
    "containing-overwhelm": "04",
    "countertransference-pull": "05",
    "eliciting-feedback": "08",
}


@pytest.fixture(scope="module")
def sets() -> dict[str, PracticeSet]:
    return load_sets()


def test_every_set_loads_with_its_module(sets: dict[str, PracticeSet]) -> None:
    assert {set_id: practice.module for set_id, practice in sets.items()} == EXPECTED


def test_each_level_has_at_least_eight_statements(sets: dict[str, PracticeSet]) -> None:
    for practice in sets.values():
        for level in ("beginner", "intermediate", "advanced"):
            assert len(practice.at_level(level)) >= 8, (practice.id, level)


def test_statement_ids_are_unique_across_sets(sets: dict[str, PracticeSet]) -> None:
    ids = [s.id for practice in sets.values() for s in practice.statements]
    assert len(ids) == len(set(ids))


def test_two_distinct_models_with_reasons(sets: dict[str, PracticeSet]) -> None:
    for practice in sets.values():
        for statement in practice.statements:
            replies = [model.reply for model in statement.models]
            assert len(replies) == 2 and replies[0] != replies[1], statement.id
            assert all(model.why.strip() for model in statement.models), statement.id


def test_targets_are_reply_kinds_and_criteria_are_three_or_four(
    sets: dict[str, PracticeSet],
) -> None:
    for practice in sets.values():
        assert practice.targets and set(practice.targets) <= REPLY_KINDS, practice.id
        assert 3 <= len(practice.criteria) <= 4, practice.id


def test_no_client_text_repeats(sets: dict[str, PracticeSet]) -> None:
    texts = [s.text for practice in sets.values() for s in practice.statements]
    assert len(texts) == len(set(texts))


def _minimal(statements: str) -> str:
    return (
        'id: open-questions\nmodule: "02"\ntitle: Open questions\nskill: open questions\n'
        "targets: [open_question]\ncriteria: [One., Two., Three.]\nstatements:\n" + statements
    )


def _statement(sid: str, level: str, why: str = "    why: Open.\n") -> str:
    return (
        f"  - id: {sid}\n    level: {level}\n    client: Ana, 30\n    text: Hello.\n"
        "    models:\n      - reply: What brings you?\n"
        + why.replace("    ", "        ", 1)
        + "      - reply: How is it?\n        why: Open too.\n"
    )


def _ladder(broken: str = "") -> str:
    body = broken
    for level in ("beginner", "intermediate", "advanced"):
        for n in range(8):
            body += _statement(f"x-{level[0]}{n}", level)
    return body


def test_a_minimal_set_loads(tmp_path: Path) -> None:
    path = tmp_path / "02-open-questions.yaml"
    path.write_text(_minimal(_ladder()), encoding="utf-8")
    assert len(load_set(path).statements) == 24


def test_missing_why_is_one_line_naming_file_statement_and_fix(tmp_path: Path) -> None:
    path = tmp_path / "02-open-questions.yaml"
    path.write_text(_minimal(_ladder(_statement("oq-b9", "beginner", why=""))), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_set(path)
    assert caught.value.problems == [
        f'{path}, statement "oq-b9", model reply 1, field "why": is missing — add a why'
    ]


def test_an_unknown_field_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "02-open-questions.yaml"
    extra = _statement("oq-b9", "beginner").replace("    level:", "    note: x\n    level:")
    path.write_text(_minimal(_ladder(extra)), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_set(path)
    assert caught.value.problems == [
        f'{path}, statement "oq-b9", field "note": is not a known field — check its spelling '
        "or remove it"
    ]


def test_too_few_at_a_level_says_which(tmp_path: Path) -> None:
    path = tmp_path / "02-open-questions.yaml"
    path.write_text(_minimal(_ladder().split("  - id: x-a7")[0]), encoding="utf-8")
    with pytest.raises(ContentError, match=r"\(advanced has 7\) — add statements"):
        load_set(path)


def test_unknown_target_and_repeated_id_are_caught(tmp_path: Path) -> None:
    path = tmp_path / "02-open-questions.yaml"
    text = _minimal(_ladder(_statement("x-b0", "beginner")))
    path.write_text(text.replace("[open_question]", "[open_questions]"), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_set(path)
    assert any('field "targets"' in p for p in caught.value.problems)
    assert any("statement ids ['x-b0'] repeat" in p for p in caught.value.problems)


def test_file_name_must_match_module_and_id(tmp_path: Path) -> None:
    path = tmp_path / "03-open-questions.yaml"
    path.write_text(_minimal(_ladder()), encoding="utf-8")
    with pytest.raises(ContentError, match=r"rename it to 02-open-questions\.yaml"):
        load_set(path)


def test_a_statement_id_used_in_two_sets_is_named(tmp_path: Path) -> None:
    (tmp_path / "02-open-questions.yaml").write_text(_minimal(_ladder()), encoding="utf-8")
    other = _minimal(_ladder()).replace("id: open-questions", "id: reflections")
    (tmp_path / "02-reflections.yaml").write_text(other, encoding="utf-8")
    with pytest.raises(ContentError, match='statement "x-b0": the id is already used in set'):
        load_sets(tmp_path)


def test_the_examples_folder_is_not_read_as_sets() -> None:
    assert all(path.parent == PRACTICE_DIR for path in PRACTICE_DIR.glob("*.yaml"))


def test_model_replies_have_the_form_of_their_targets(sets: dict[str, PracticeSet]) -> None:
    """Reflection-only sets model statements; question-only sets model open questions."""
    for practice in sets.values():
        for statement in practice.statements:
            for model in statement.models:
                reply = model.reply.strip()
                if "open_question" not in practice.targets:
                    assert not reply.endswith("?"), (statement.id, reply)
                if set(practice.targets) == {"open_question"}:
                    assert reply.endswith("?") or reply.startswith("Tell me"), (statement.id, reply)


#: Words in a statement (or its client line) that signal risk to the client or to others.
RISK_CUE = re.compile(
    r"want to die|never wake up|better off without me|suicid|kill|hurt myself|self-harm|cutting|"
    r"smash|grabbed him|smack|on their own after school|my new address|what I'll do to her|"
    r"hitting him|see what happens|no point|matters anyway|if it gets bad|angry at him",
    re.IGNORECASE,
)
#: Words that show a model reply asks or speaks about that risk directly.
RISK_ASKED = re.compile(
    r"ending your life|killing yourself|your own death|harm(ing)? yourself|hurting yourself|"
    r"hurt(ing)? (him|her|me|anyone)|acting on|act on|do to him|not wanting to be alive|"
    r"not being alive|gets hurt|safe|danger|marked|how hard|with the children|while you're here|"
    r"pull to do|thoughts of dying|giving up on living|how is he now",
    re.IGNORECASE,
)


def test_statements_with_risk_cues_have_a_model_that_asks_about_risk(
    sets: dict[str, PracticeSet],
) -> None:
    cued = 0
    for practice in sets.values():
        for statement in practice.statements:
            if RISK_CUE.search(statement.text) or RISK_CUE.search(statement.client):
                cued += 1
                assert any(RISK_ASKED.search(m.reply) for m in statement.models), statement.id
    assert cued >= 15
