"""Typed replies in a case dialogue: the schema checks a node's routes, the classifier's reading
picks the reply, "I can't tell" lets the student choose, and the words and reading are saved,
restored after a restart, shown in the debrief and exported (words only with the text flag)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from pydantic import ValidationError

from course_utils import case_machine as machine
from course_utils import progress, results
from course_utils.cases import CaseWidget
from course_utils.schema import CaseDialogue

from .conftest import restart_kernel
from .test_cases import dialogue_data


@dataclass(frozen=True)
class Reading:
    skill: str
    family: str
    confidence: float = 0.9
    unsure: bool = False
    reason: str = ""


def typed_data(**typed) -> dict:
    data = dialogue_data()
    data["nodes"][0]["typed"] = typed or {
        "routes": [
            {"reply": "warm", "families": ["reflection"]},
            {"reply": "cold", "skills": ["closed_question", "information_advice"]},
        ]
    }
    return data


def test_a_route_must_name_a_reply_of_its_node() -> None:
    with pytest.raises(ValidationError, match='typed route names no reply "nope"'):
        CaseDialogue.model_validate(typed_data(routes=[{"reply": "nope", "skills": ["other"]}]))


def test_a_route_must_say_which_kinds_and_name_real_ones() -> None:
    with pytest.raises(ValidationError, match="names no skills or families"):
        CaseDialogue.model_validate(typed_data(routes=[{"reply": "warm"}]))
    with pytest.raises(ValidationError, match="open_question"):
        CaseDialogue.model_validate(typed_data(routes=[{"reply": "warm", "skills": ["openq"]}]))


def test_a_skill_may_lead_to_one_reply_only() -> None:
    routes = [
        {"reply": "warm", "skills": ["other"]},
        {"reply": "cold", "skills": ["other"]},
    ]
    with pytest.raises(ValidationError, match='skill "other" twice'):
        CaseDialogue.model_validate(typed_data(routes=routes))


def test_the_reading_picks_the_first_matching_route() -> None:
    node = CaseDialogue.model_validate(typed_data()).nodes[0]
    assert machine.route(node, "complex_reflection", "reflection", False) == "warm"
    assert machine.route(node, "information_advice", "information", False) == "cold"
    assert machine.route(node, "open_question", "question", False) is None  # no such reply
    assert machine.route(node, "complex_reflection", "reflection", True) is None  # unsure


def widget(reading: Reading) -> CaseWidget:
    dialogue = CaseDialogue.model_validate(typed_data())
    return CaseWidget(dialogue, progress.store(), read=lambda _text: reading)


def test_a_typed_reply_moves_the_dialogue_and_the_debrief_shows_what_was_read(
    data_dir: Path,
) -> None:
    case = widget(Reading("simple_reflection", "reflection"))
    assert case.typing.layout.display is None  # the start node takes typed replies
    case.controls["typed"].value = "You're <b>not sure</b> about this."
    state = case.say()
    assert state is not None and state.history[-1].reply == "warm"
    assert case.typing.layout.display == "none"  # the next node does not
    shown = case.transcript.value
    assert "You typed:</strong> You&#x27;re &lt;b&gt;not sure&lt;/b&gt;" in shown
    assert "The form it read: a simple reflection." in shown
    (saved,) = progress.store().case_choices()
    assert (saved.reply, saved.typed, saved.reading) == (
        "warm",
        "You're <b>not sure</b> about this.",
        "simple_reflection",
    )
    restart_kernel()
    again = CaseWidget(CaseDialogue.model_validate(typed_data()), progress.store())
    assert again.state.history[0].typed == "You're <b>not sure</b> about this."
    assert "The form it read: a simple reflection." in again.transcript.value


def test_when_it_cant_tell_the_student_chooses_and_the_words_are_kept(data_dir: Path) -> None:
    case = widget(Reading("other", "other", 0.2, True, "it does not read as English"))
    case.controls["typed"].value = "No sé qué decir."
    assert case.say() is None
    assert "can&#x27;t tell" in case.typed_status.value
    assert "closest to yours" in case.typed_status.value
    case.controls["reply"].value = "odd"
    state = case.choose()
    assert state.history[-1].typed == "No sé qué decir." and state.history[-1].read == "unsure"
    assert "I can&#x27;t tell what kind of reply it was, so you chose" in case.transcript.value


def test_an_empty_typed_reply_gets_one_clear_line(data_dir: Path) -> None:
    case = widget(Reading("open_question", "question"))
    case.controls["typed"].value = "  "
    assert case.say() is None and "nothing to read" in case.typed_status.value
    assert progress.store().case_choices() == []


def test_export_has_the_reading_always_and_the_words_only_with_the_flag(data_dir: Path) -> None:
    case = widget(Reading("closed_question", "question"))
    case.controls["typed"].value = "Did you sleep? private words"
    case.say()
    plain = results.collect(progress.store())
    assert plain["cases"][0]["reading"] == "closed_question"
    assert "typed" not in plain["cases"][0]
    full = results.collect(progress.store(), include_text=True)
    assert full["cases"][0]["typed"] == "Did you sleep? private words"


def test_the_capstone_lets_the_student_type_at_two_moments_on_every_path() -> None:
    capstone = machine.load_case("09-capstone")
    typed = [node.id for node in capstone.nodes if node.typed is not None]
    assert len(typed) >= 2
    # s1 and s2 are reached on every path: every reply of s1 and s1-risk leads on to s2
    first = machine.node_by_id(capstone, capstone.start)
    assert first.typed is not None
    for reply in first.replies:
        after = machine.node_by_id(capstone, reply.next)
        assert after.id == "s2" or all(r.next == "s2" for r in after.replies)
