"""Case dialogues: the pure state machine, its validation, and the widget a student clicks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from course_utils import case_machine as machine
from course_utils import progress
from course_utils.case_machine import CaseState, check_case, graph_problems, load_case
from course_utils.cases import CaseWidget
from course_utils.catalogue import CASE_DIR
from course_utils.schema import CaseDialogue

from .conftest import restart_kernel


def reply(rid: str, next_: str | None, alliance: int = 0, feedback: str = "Feedback.") -> dict:
    return {
        "id": rid,
        "text": f"Reply {rid}",
        "feedback": feedback,
        "effects": {"alliance": alliance},
        "next": next_,
    }


def dialogue_data() -> dict:
    """Three turns to either ending: start → middle → last → good | poor."""
    return {
        "case": "99-test",
        "module": "99",
        "title": "Test case",
        "setting": "A test client.",
        "client_name": "Sam",
        "start": "start",
        "initial": {"alliance": 50, "safety": 50},
        "min_turns": 3,
        "max_turns": 4,
        "nodes": [
            {
                "id": "start",
                "client": "I'm not sure about this.",
                "replies": [
                    reply("warm", "middle", 10, "It **reflects** her doubt."),
                    reply("cold", "middle", -10, "It dismisses her."),
                    reply("odd", "middle", 0),
                ],
            },
            {
                "id": "middle",
                "client": "Maybe.",
                "ask_why": True,
                "replies": [reply("a", "last", 30), reply("b", "last", -30), reply("c", "last")],
            },
            {
                "id": "last",
                "client": "What now?",
                "replies": [
                    reply("plan", "good", 5),
                    reply("vague", "poor", -5),
                    reply("x", "poor"),
                ],
            },
            {"id": "good", "client": "OK.", "ending": "She agrees a plan."},
            {"id": "poor", "client": "Fine.", "ending": "She is unsure."},
        ],
    }


def dialogue(data: dict | None = None) -> CaseDialogue:
    return CaseDialogue.model_validate(data or dialogue_data())


def write_case(tmp_path: Path, data: dict, name: str = "99-test") -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


# --- the machine ------------------------------------------------------------------------------


def test_a_choice_moves_on_and_changes_the_values() -> None:
    state = machine.start(dialogue())
    after = state.choose("warm")
    assert state.node == "start" and state.history == ()  # the old state is unchanged
    assert after.node == "middle"
    assert after.values == {"alliance": 60, "safety": 50}
    assert after.history[-1].changes == {"alliance": 10}
    assert after.turn == 2 and not after.is_over


def test_values_stay_between_0_and_100() -> None:
    data = dialogue_data()
    data["initial"]["alliance"] = 95
    up = machine.start(dialogue(data)).choose("warm")
    assert up.values["alliance"] == 100 and up.history[-1].changes == {"alliance": 5}
    data["initial"]["alliance"] = 5
    down = machine.start(dialogue(data)).choose("cold")
    assert down.values["alliance"] == 0 and down.history[-1].changes == {"alliance": -5}


def test_a_node_that_asks_why_needs_a_one_line_reason() -> None:
    state = machine.start(dialogue()).choose("warm")
    with pytest.raises(ValueError, match="why you chose"):
        state.choose("a", "   ")
    chosen = state.choose("a", "Because it\nnames   her doubt.")
    assert chosen.history[-1].reason == "Because it names her doubt."


def test_the_dialogue_ends_with_an_ending_and_refuses_more_choices() -> None:
    state = machine.start(dialogue()).choose("warm").choose("a", "why").choose("plan")
    assert state.is_over and state.ending == "She agrees a plan."
    with pytest.raises(ValueError, match="the dialogue is over"):
        state.choose("plan")


def test_an_unknown_reply_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match='no reply "zzz" — choose one of: warm, cold, odd'):
        machine.start(dialogue()).choose("zzz")


def test_timeline_and_summary_follow_the_path() -> None:
    state = machine.start(dialogue()).choose("cold").choose("c", "unsure").choose("vague")
    assert [point["alliance"] for point in state.timeline()] == [50, 40, 40, 35]
    rows = machine.summary(state)
    assert [(r.turn, r.reply, r.reason) for r in rows] == [
        (1, "Reply cold", ""),
        (2, "Reply c", "unsure"),
        (3, "Reply vague", ""),
    ]
    assert rows[0].feedback == "It dismisses her." and rows[0].client == "I'm not sure about this."


def test_replay_rebuilds_a_state_and_rejects_a_path_that_no_longer_fits() -> None:
    state = machine.replay(dialogue(), [("warm", ""), ("a", "why"), ("plan", "")])
    assert isinstance(state, CaseState) and state.is_over
    assert machine.replay(dialogue(), [("warm", ""), ("gone", "")]) is None


# --- validation -------------------------------------------------------------------------------


def lines(tmp_path: Path, data: dict) -> list[str]:
    _, problems = check_case(write_case(tmp_path, data))
    return problems


def test_a_good_case_has_no_problems(tmp_path: Path) -> None:
    assert lines(tmp_path, dialogue_data()) == []


def test_a_missing_start_node_is_named(tmp_path: Path) -> None:
    data = dialogue_data()
    data["start"] = "begin"
    [line] = lines(tmp_path, data)
    assert 'field "start"' in line and 'no node "begin"' in line and "set start to one of" in line


def test_a_reply_pointing_nowhere_is_a_dead_end(tmp_path: Path) -> None:
    data = dialogue_data()
    data["nodes"][2]["replies"][0]["next"] = "goood"
    data["nodes"][2]["replies"][1]["next"] = "good"
    [line] = lines(tmp_path, data)
    assert 'node "last", reply "plan", field "next"' in line and 'no node "goood"' in line


def test_an_unreachable_node_is_named(tmp_path: Path) -> None:
    data = dialogue_data()
    data["nodes"][2]["replies"][0]["next"] = "poor"
    [line] = lines(tmp_path, data)
    assert 'node "good"' in line and "cannot be reached from the start" in line


def test_a_loop_is_named(tmp_path: Path) -> None:
    data = dialogue_data()
    data["nodes"][2]["replies"][2]["next"] = "start"
    [line] = lines(tmp_path, data)
    assert 'node "last", reply "x", field "next"' in line and 'leads back to "start"' in line


def test_paths_shorter_than_min_or_longer_than_max_turns(tmp_path: Path) -> None:
    data = dialogue_data()
    data["nodes"][0]["replies"][2]["next"] = "last"  # start → last → …: two turns
    data["min_turns"] = 3
    [line] = lines(tmp_path, data)
    assert 'field "min_turns"' in line and "start → last → good" in line and "2 turn(s)" in line
    data = dialogue_data()
    data["min_turns"], data["max_turns"] = 1, 2
    [line] = lines(tmp_path, data)
    assert 'field "max_turns"' in line and "3 turns" in line


def test_a_reply_without_feedback_is_named(tmp_path: Path) -> None:
    data = dialogue_data()
    del data["nodes"][1]["replies"][1]["feedback"]
    [line] = lines(tmp_path, data)
    assert 'node "middle", reply "b", field "feedback"' in line and "is missing" in line


def test_effects_on_a_measure_without_a_start_value(tmp_path: Path) -> None:
    data = dialogue_data()
    data["nodes"][0]["replies"][0]["effects"] = {"engagement": 5}
    [line] = lines(tmp_path, data)
    assert 'reply "warm", field "effects"' in line and "add engagement to initial" in line


def test_the_file_name_must_match(tmp_path: Path) -> None:
    _, problems = check_case(write_case(tmp_path, dialogue_data(), name="99-other"))
    assert any('field "case"' in p and '"99-other"' in p for p in problems)


def test_graph_problems_work_without_a_file() -> None:
    data = dialogue_data()
    data["nodes"][4]["id"] = "good"
    problems = graph_problems(dialogue(data))
    assert any(p.field == "id" and "repeats" in p.message for p in problems)


def test_every_course_case_is_valid_and_the_first_session_fits_its_brief() -> None:
    for path in sorted(CASE_DIR.glob("*.yaml")):
        assert check_case(path)[1] == [], path
    first = load_case("01-first-session")
    assert first.module == "01" and 4 <= first.min_turns <= first.max_turns <= 6
    assert any(node.ask_why for node in first.nodes)
    assert all(3 <= len(node.replies) <= 4 for node in first.nodes if node.ending is None)
    assert "illustrative" in first.setting


# --- continuity, risk questions and text that follows the values ------------------------------


def test_a_line_that_refers_to_something_never_introduced_on_a_path_is_named() -> None:
    data = dialogue_data()
    data["nodes"][0]["replies"][0]["introduce"] = ["family"]  # only "warm" brings it up
    data["nodes"][2]["replies"][0]["requires"] = ["family"]
    problems = graph_problems(dialogue(data))
    assert [p.field for p in problems] == ["requires"]
    assert "start → middle → last" in problems[0].message and '"family"' in problems[0].message
    for reply in data["nodes"][0]["replies"]:  # every way through introduces it: no problem
        reply["introduce"] = ["family"]
    assert graph_problems(dialogue(data)) == []


def test_a_node_may_refer_only_to_what_came_before_it_and_spelling_counts() -> None:
    data = dialogue_data()
    data["nodes"][1]["introduce"] = ["sleep-diary"]
    data["nodes"][2]["requires"] = ["sleep-diary"]
    assert graph_problems(dialogue(data)) == []
    data["nodes"][1]["requires"] = ["sleep-diary"]  # the node that introduces it cannot need it
    assert any(p.item == 'node "middle"' for p in graph_problems(dialogue(data)))
    data["nodes"][1]["requires"] = []
    data["nodes"][2]["requires"] = ["sleep-dairy"]
    [problem] = graph_problems(dialogue(data))
    assert "no node or reply introduces" in problem.message


RISK_REPLY = {
    "id": "ask",
    "text": "Sometimes when people feel this low they have thoughts of ending their life. "
    "Have you had thoughts like that?",
    "feedback": "Asking directly does not plant the idea; if she says yes, you make a safety "
    "plan together and consult your supervisor.",
    "effects": {"alliance": 3},
    "asks_about_risk": True,
    "next": "middle",
}


def test_a_case_with_risk_cues_must_offer_a_good_risk_question() -> None:
    data = dialogue_data()
    data["risk_cues"] = "Four months of low mood."
    [problem] = graph_problems(dialogue(data))
    assert problem.field == "risk_cues"
    data["nodes"][0]["replies"].append(dict(RISK_REPLY))
    assert graph_problems(dialogue(data)) == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"text": "How are you sleeping?"}, "text"),
        ({"effects": {"alliance": -3}}, "effects"),
        ({"feedback": "A calm question; then make a safety plan."}, "feedback"),
        ({"feedback": "Asking does not plant the idea."}, "feedback"),
    ],
)
def test_a_risk_question_must_be_direct_rewarded_and_explained(change: dict, field: str) -> None:
    data = dialogue_data()
    data["risk_cues"] = "Hopelessness."
    data["nodes"][0]["replies"].append({**RISK_REPLY, **change})
    assert [p.field for p in graph_problems(dialogue(data))] == [field]


def test_a_variant_replaces_the_text_when_its_conditions_hold() -> None:
    data = dialogue_data()
    data["nodes"][3]["variants"] = [
        {"when": [{"measure": "alliance", "below": 0, "from_start": True}], "ending": "Worse."},
        {"when": [{"measure": "alliance", "at_least": 90}], "client": "Great."},
    ]
    worse = machine.start(dialogue(data)).choose("cold").choose("a", "why").choose("plan")
    assert worse.values["alliance"] == 75 and worse.ending == "She agrees a plan."
    worse = machine.start(dialogue(data)).choose("cold").choose("c", "why").choose("plan")
    assert worse.values["alliance"] == 45 and worse.ending == "Worse."
    best = machine.start(dialogue(data)).choose("warm").choose("a", "why").choose("plan")
    assert best.ending == "She agrees a plan." and best.current.client == "Great."
    with pytest.raises(ValueError, match="no bound"):
        dialogue(
            {
                **data,
                "nodes": [
                    *data["nodes"][:3],
                    {
                        **data["nodes"][3],
                        "variants": [{"when": [{"measure": "alliance"}], "ending": "x"}],
                    },
                    data["nodes"][4],
                ],
            }
        )


def test_every_course_case_with_risk_cues_models_asking_about_risk() -> None:
    """Convention: a client who shows low mood, hopelessness, deterioration or self-harm cues
    is, on a path a student can reach, asked calmly and directly about suicide or self-harm."""
    flagged = set()
    for path in sorted(CASE_DIR.glob("*.yaml")):
        case = load_case(path.stem)
        if case.risk_cues:
            flagged.add(case.case)
            asking = [r for n in case.nodes for r in n.replies if r.asks_about_risk]
            assert asking, path.name
            assert all(r.effects and min(r.effects.values()) >= 0 for r in asking), path.name
    assert {
        "01-first-session",
        "02-im-fine",
        "03-worsening-scores",
        "05-reminds-me-of-my-parent",
        "06-whatever-you-think",
        "07-this-isnt-helping",
        "09-capstone",
    } <= flagged


# --- the widget -------------------------------------------------------------------------------


@pytest.fixture
def case_dialogue() -> CaseDialogue:
    return dialogue()


def widget_state(widget) -> str:
    """Every property the widget tree sends to the browser (what a saved notebook can keep)."""
    parts = [str(widget.get_state())]
    for child in getattr(widget, "children", ()):
        parts.append(widget_state(child))
    return "\n".join(parts)


def play(widget: CaseWidget, reply_id: str, reason: str = "") -> None:
    widget.controls["reply"].value = reply_id
    widget.controls["reason"].value = reason
    widget.controls["choose"].click()


def test_before_a_choice_the_page_holds_no_feedback(data_dir: Path, case_dialogue) -> None:
    shown = widget_state(CaseWidget(case_dialogue, progress.store()))
    assert "not sure about this." in shown and "Reply warm" in shown
    for secret in ("reflects", "It dismisses her", "alliance +10", "She agrees a plan"):
        assert secret not in shown


def test_a_choice_shows_its_feedback_and_is_saved_at_once(data_dir: Path, case_dialogue) -> None:
    widget = CaseWidget(case_dialogue, progress.store())
    play(widget, "warm")
    assert "It <strong>reflects</strong> her doubt." in widget.transcript.value
    assert "alliance +10" in widget.transcript.value
    assert "Maybe." in widget.prompt.value
    [saved] = progress.store().case_choices("99-test")
    assert (saved.node, saved.reply, saved.turn, saved.values) == (
        "start",
        "warm",
        1,
        {"alliance": 60, "safety": 50},
    )


def test_the_reason_is_asked_for_before_the_feedback(data_dir: Path, case_dialogue) -> None:
    widget = CaseWidget(case_dialogue, progress.store())
    play(widget, "warm")
    assert widget.controls["reason"].layout.display != "none"
    play(widget, "a", "")
    assert "why you chose this reply" in widget.status.value
    assert "Reply a" not in widget.transcript.value
    play(widget, "a", "It keeps her in charge.")
    assert "Your reason:</strong> It keeps her in charge." in widget.transcript.value
    assert progress.store().case_choices("99-test")[-1].reason == "It keeps her in charge."


def test_choosing_nothing_asks_for_a_reply(data_dir: Path, case_dialogue) -> None:
    widget = CaseWidget(case_dialogue, progress.store())
    widget.controls["choose"].click()
    assert "Choose a reply first" in widget.status.value
    assert progress.store().case_choices() == []


def test_the_end_shows_a_simulated_chart_with_alt_text_and_a_summary(
    data_dir: Path, case_dialogue
) -> None:
    widget = CaseWidget(case_dialogue, progress.store())
    play(widget, "cold")
    play(widget, "b", "testing a hunch")
    play(widget, "vague")
    end = widget.end.value
    assert "She is unsure." in end
    assert '<img src="data:image/png;base64,' in end
    assert 'alt="Simulated values over 3 turns: alliance fell from 50 to 5' in end
    assert "illustrative" in end
    assert "Your choices, turn by turn" in end and "testing a hunch" in end
    assert "It dismisses her." in end
    assert widget.asking.layout.display == "none"
    assert progress.store().case_choices("99-test")[-1].finished


def test_a_finished_case_comes_back_after_a_restart(data_dir: Path, case_dialogue) -> None:
    widget = CaseWidget(case_dialogue, progress.store())
    for reply_id, reason in (("warm", ""), ("a", "why not"), ("plan", "")):
        play(widget, reply_id, reason)
    restart_kernel()
    again = CaseWidget(case_dialogue, progress.store())
    assert again.state.is_over
    assert "She agrees a plan." in again.end.value and "why not" in again.end.value
    assert "(no reason saved)" not in again.end.value  # turns that asked nothing stay blank
    assert "Reply warm" in again.transcript.value


def test_start_again_keeps_the_old_path_saved(data_dir: Path, case_dialogue) -> None:
    widget = CaseWidget(case_dialogue, progress.store())
    play(widget, "warm")
    widget.controls["restart"].click()
    assert widget.state.turn == 1 and widget.transcript.value == ""
    play(widget, "cold")
    runs = {choice.run for choice in progress.store().case_choices("99-test")}
    assert len(runs) == 2
    restart_kernel()
    assert [c.reply for c in progress.store().last_run("99-test")] == ["cold"]


def test_case_text_is_markdown_with_html_shown_as_text(data_dir: Path) -> None:
    data = dialogue_data()
    data["nodes"][0]["client"] = "I <script>alert(1)</script> *mean* it."
    data["nodes"][0]["replies"][0]["text"] = '<img src=x onerror="alert(1)">'
    data["nodes"][0]["replies"][0]["feedback"] = "<b onmouseover=alert(1)>bold</b>"
    widget = CaseWidget(dialogue(data), progress.store())
    assert "<script>" not in widget.prompt.value and "&lt;script&gt;" in widget.prompt.value
    assert "<em>mean</em>" in widget.prompt.value
    play(widget, "warm")
    assert "<img src=x" not in widget.transcript.value
    assert "<b onmouseover" not in widget.transcript.value
    assert "&lt;b onmouseover=alert(1)&gt;" in widget.transcript.value


def test_the_course_case_plays_to_its_end(data_dir: Path) -> None:
    widget = CaseWidget(load_case("01-first-session"), progress.store())
    while not widget.state.is_over:
        node = widget.state.current
        play(widget, node.replies[0].id, "a reason" if node.ask_why else "")
    assert "Dana" in widget.transcript.value
    assert "Simulated values over" in widget.end.value


def test_a_line_that_narrates_the_client_is_not_labelled_with_her_name(data_dir: Path) -> None:
    data = dialogue_data()
    data["nodes"][3]["client"] = "Sam comes back a week later."
    data["nodes"][4]["client"] = '(Sam looks away.) "Fine."'
    good = CaseWidget(dialogue(data), progress.store())
    for reply_id in ("warm", "a", "plan"):
        play(good, reply_id, "why")
    assert "Sam comes back" in good.prompt.value and "Sam:</strong>" not in good.prompt.value
    assert "<strong>Sam:</strong> Maybe." in good.transcript.value
    for path in sorted(CASE_DIR.glob("*.yaml")):
        case = load_case(path.stem)
        widget = CaseWidget(case, progress.store())
        for node in case.nodes:
            html = widget._client_html(node)
            label = f"<strong>{case.client_name}:</strong> "
            if label in html:
                said = html.split(label, 1)[1]
                assert case.client_name not in re.split('["“‘]|&quot;', said, maxsplit=1)[0], (
                    path.name,
                    node.id,
                )


def test_every_course_case_plays_to_an_end_with_its_own_measures(data_dir: Path) -> None:
    for path in sorted(CASE_DIR.glob("*.yaml")):
        dialogue = load_case(path.stem)
        widget = CaseWidget(dialogue, progress.store())
        while not widget.state.is_over:
            node = widget.state.current
            play(widget, node.replies[-1].id, "a reason" if node.ask_why else "")
        turns = len(widget.state.history)
        assert dialogue.min_turns <= turns <= dialogue.max_turns, path.name
        for measure in dialogue.initial:
            assert f"{measure} " in widget.end.value, (path.name, measure)
        modules = {r.module for n in dialogue.nodes for r in n.replies if r.module}
        if modules:
            assert "teaches this." in widget.end.value, path.name


def test_the_capstone_says_what_the_simulated_values_show() -> None:
    """Session 9 and the endings never claim an improvement the student's path did not produce."""
    import random

    capstone = load_case("09-capstone")
    start_outcome = capstone.initial["outcome"]
    rng = random.Random(9)
    seen = set()
    for _ in range(600):
        state = machine.start(capstone)
        while not state.is_over:
            node = state.current
            if node.id == "s9":
                change = state.values["outcome"] - start_outcome
                narration = node.narration or ""
                seen.add(narration.split("shows ")[1][:10])
                assert ("less distress" in narration) == (change >= 5), (change, narration)
                assert ("more distress" in narration) == (change < 0), (change, narration)
            state = state.choose(rng.choice(node.replies).id, "a reason")
        change = state.values["outcome"] - start_outcome
        ending = state.ending or ""
        if "Maya improved" in ending or "doing well enough" in ending:
            assert change >= 5, (change, ending)
    assert len(seen) == 3  # every version of the session-9 narration was reached
