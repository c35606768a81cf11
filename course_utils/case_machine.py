"""Case dialogues as a pure state machine: start, choose a reply, see where it leads.

No widgets here: `cases.py` draws this machine, tests drive it directly. The simulated values
(alliance, safety, engagement) are illustrative, kept between 0 and 100.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from .catalogue import CASE_DIR
from .schema import CaseDialogue, ContentError, Node, Reply, load

LOWEST, HIGHEST = 0, 100
MAX_REASON = 300


@dataclass(frozen=True)
class Turn:
    """One choice: where the student was, what they chose and why, and the values after."""

    node: str
    reply: str
    reason: str
    changes: Mapping[str, int]  # the change actually applied (after keeping within 0–100)
    values: Mapping[str, int]  # after this turn


@dataclass(frozen=True)
class CaseState:
    """Where a dialogue stands. `choose` returns a new state; nothing is changed in place."""

    dialogue: CaseDialogue = field(repr=False, compare=False)
    node: str | None  # None once a reply with `next: null` has ended the dialogue
    values: Mapping[str, int]
    history: tuple[Turn, ...] = ()

    @property
    def current(self) -> Node | None:
        return node_by_id(self.dialogue, self.node) if self.node is not None else None

    @property
    def is_over(self) -> bool:
        current = self.current
        return current is None or current.ending is not None

    @property
    def turn(self) -> int:
        """The number of the next turn (1 before the first choice)."""
        return len(self.history) + 1

    @property
    def ending(self) -> str | None:
        current = self.current
        return current.ending if current is not None else None

    def reply(self, reply_id: str) -> Reply:
        """A reply of the current node, by id."""
        current = self.current
        if current is None or current.ending is not None:
            raise ValueError("the dialogue is over — start again to choose differently")
        for reply in current.replies:
            if reply.id == reply_id:
                return reply
        known = ", ".join(reply.id for reply in current.replies)
        raise ValueError(f'node "{current.id}" has no reply "{reply_id}" — choose one of: {known}')

    def choose(self, reply_id: str, reason: str = "") -> CaseState:
        """Choose a reply: apply its (illustrative) effects and move to the next node."""
        reply = self.reply(reply_id)
        reason = " ".join(reason.split())[:MAX_REASON]
        assert self.current is not None  # reply() checked
        if self.current.ask_why and not reason:
            raise ValueError("say in one line why you chose this reply, then choose again")
        values = dict(self.values)
        changes: dict[str, int] = {}
        for measure, change in reply.effects.items():
            before = values.get(measure, 50)
            values[measure] = min(HIGHEST, max(LOWEST, before + change))
            changes[measure] = values[measure] - before
        turn = Turn(self.current.id, reply.id, reason, changes, values)
        return replace(self, node=reply.next, values=values, history=(*self.history, turn))

    def timeline(self) -> list[Mapping[str, int]]:
        """The values at the start and after every turn."""
        return [self.dialogue.initial, *(turn.values for turn in self.history)]


def start(dialogue: CaseDialogue) -> CaseState:
    """A fresh play-through at the start node with the initial values."""
    return CaseState(dialogue, dialogue.start, dict(dialogue.initial))


def replay(dialogue: CaseDialogue, choices: Iterable[tuple[str, str]]) -> CaseState | None:
    """Rebuild a state from saved (reply, reason) pairs; None if they no longer fit the case."""
    state = start(dialogue)
    try:
        for reply_id, reason in choices:
            asked = state.current is not None and state.current.ask_why
            state = state.choose(reply_id, reason or ("(no reason saved)" if asked else ""))
    except ValueError:
        return None
    return state


def node_by_id(dialogue: CaseDialogue, node_id: str) -> Node:
    for node in dialogue.nodes:
        if node.id == node_id:
            return node
    raise ValueError(f'case "{dialogue.case}" has no node "{node_id}"')


@dataclass(frozen=True)
class SummaryRow:
    """One turn of a finished dialogue, as the summary shows it."""

    turn: int
    client: str
    reply: str
    feedback: str
    reason: str
    changes: Mapping[str, int]
    module: str | None = None  # the module that teaches the idea behind the reply


def summary(state: CaseState) -> list[SummaryRow]:
    """What the student chose at each turn, with its feedback and the simulated changes."""
    rows = []
    for number, turn in enumerate(state.history, start=1):
        node = node_by_id(state.dialogue, turn.node)
        reply = next(r for r in node.replies if r.id == turn.reply)
        rows.append(
            SummaryRow(
                number,
                node.client,
                reply.text,
                reply.feedback,
                turn.reason,
                turn.changes,
                reply.module,
            )
        )
    return rows


# --- validation -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One mistake in a case: which item, which field, what is wrong and the fix."""

    item: str
    field: str
    message: str

    def line(self, path: Path) -> str:
        where = f"{path}, {self.item}" if self.item else str(path)
        field_text = f', field "{self.field}"' if self.field else ""
        return f"{where}{field_text}: {self.message}"


def graph_problems(dialogue: CaseDialogue) -> list[Problem]:
    """Everything wrong with the shape of a dialogue: missing, unreachable or looping nodes,
    paths too short or too long, effects on measures that have no starting value."""
    problems = _id_problems(dialogue) + _reference_problems(dialogue)
    if any(p.field in {"start", "id"} for p in problems):
        return problems
    problems += _reachability_problems(dialogue)
    loops = _loop_problems(dialogue)
    problems += loops
    if not loops and not any(p.field == "next" for p in problems):
        problems += _length_problems(dialogue)
    return problems


def _id_problems(dialogue: CaseDialogue) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for node in dialogue.nodes:
        if node.id in seen:
            problems.append(
                Problem(f'node "{node.id}"', "id", "repeats — give every node its own id")
            )
        seen.add(node.id)
        reply_ids = [reply.id for reply in node.replies]
        for repeated in sorted({i for i in reply_ids if reply_ids.count(i) > 1}):
            problems.append(
                Problem(
                    f'node "{node.id}", reply "{repeated}"',
                    "id",
                    "repeats in this node — give every reply its own id",
                )
            )
    return problems


def _reference_problems(dialogue: CaseDialogue) -> list[Problem]:
    ids = [node.id for node in dialogue.nodes]
    known = ", ".join(ids)
    problems = []
    if dialogue.start not in ids:
        problems.append(
            Problem("", "start", f'no node "{dialogue.start}" — set start to one of: {known}')
        )
    if dialogue.min_turns > dialogue.max_turns:
        problems.append(
            Problem(
                "",
                "min_turns",
                f"is {dialogue.min_turns}, more than max_turns ({dialogue.max_turns}) — "
                "lower min_turns or raise max_turns",
            )
        )
    for node in dialogue.nodes:
        if node.ask_why and node.ending is not None:
            problems.append(
                Problem(
                    f'node "{node.id}"',
                    "ask_why",
                    "is set on an ending, which has no replies — "
                    "remove it or move it to a node with replies",
                )
            )
        for reply in node.replies:
            where = f'node "{node.id}", reply "{reply.id}"'
            if reply.next is not None and reply.next not in ids:
                problems.append(
                    Problem(
                        where,
                        "next",
                        f'no node "{reply.next}" — point it at one of: {known}, '
                        "or use null to end the dialogue",
                    )
                )
            for measure in sorted(set(reply.effects) - set(dialogue.initial)):
                problems.append(
                    Problem(
                        where,
                        "effects",
                        f'changes "{measure}", which has no starting value — '
                        f"add {measure} to initial or remove the effect",
                    )
                )
    return problems


def _successors(dialogue: CaseDialogue, node_id: str) -> list[tuple[str, str]]:
    """(reply id, next node id) for the replies of a node that lead to another node."""
    node = node_by_id(dialogue, node_id)
    return [(reply.id, reply.next) for reply in node.replies if reply.next is not None]


def _reachability_problems(dialogue: CaseDialogue) -> list[Problem]:
    ids = {node.id for node in dialogue.nodes}
    reached = {dialogue.start}
    waiting = [dialogue.start]
    while waiting:
        for _, following in _successors(dialogue, waiting.pop()):
            if following in ids and following not in reached:
                reached.add(following)
                waiting.append(following)
    return [
        Problem(
            f'node "{node.id}"',
            "",
            "cannot be reached from the start — point a reply's next at it, or remove it",
        )
        for node in dialogue.nodes
        if node.id not in reached
    ]


def _loop_problems(dialogue: CaseDialogue) -> list[Problem]:
    """Replies that lead back to a node already on the path (the dialogue could never end)."""
    ids = {node.id for node in dialogue.nodes}
    problems: list[Problem] = []
    done: set[str] = set()

    def visit(node_id: str, path: list[str]) -> None:
        path.append(node_id)
        for reply_id, following in _successors(dialogue, node_id):
            if following not in ids:
                continue
            if following in path:
                problems.append(
                    Problem(
                        f'node "{node_id}", reply "{reply_id}"',
                        "next",
                        f'leads back to "{following}", so the dialogue can loop for ever — '
                        "point it at a later node or an ending",
                    )
                )
            elif following not in done:
                visit(following, path)
        path.pop()
        done.add(node_id)

    for node in dialogue.nodes:
        if node.id not in done:
            visit(node.id, [])
    return problems


def _length_problems(dialogue: CaseDialogue) -> list[Problem]:
    shortest, longest = _path_extremes(dialogue, dialogue.start)
    problems = []
    if len(shortest) - 1 < dialogue.min_turns:
        problems.append(
            Problem(
                "",
                "min_turns",
                f"the path {' → '.join(shortest)} ends after {len(shortest) - 1} turn(s), fewer "
                f"than min_turns ({dialogue.min_turns}) — add a turn on it or lower min_turns",
            )
        )
    if len(longest) - 1 > dialogue.max_turns:
        problems.append(
            Problem(
                "",
                "max_turns",
                f"the path {' → '.join(longest)} takes {len(longest) - 1} turns, more than "
                f"max_turns ({dialogue.max_turns}) — shorten it or raise max_turns",
            )
        )
    return problems


def _path_extremes(dialogue: CaseDialogue, first: str) -> tuple[list[str], list[str]]:
    """The shortest and longest paths from a node to an end, as lists of node ids
    (a reply with `next: null` ends the path at "(end)"). Assumes there are no loops."""

    @cache
    def extremes(node_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        node = node_by_id(dialogue, node_id)
        if node.ending is not None:
            return (node_id,), (node_id,)
        options = []
        for reply in node.replies:
            if reply.next is None:
                options.append(((node_id, "(end)"), (node_id, "(end)")))
            else:
                short, long = extremes(reply.next)
                options.append(((node_id, *short), (node_id, *long)))
        shortest = min((o[0] for o in options), key=len)
        longest = max((o[1] for o in options), key=len)
        return shortest, longest

    short, long = extremes(first)
    return list(short), list(long)


# --- loading ----------------------------------------------------------------------------------


def check_case(path: Path) -> tuple[CaseDialogue | None, list[str]]:
    """Validate a case file: schema, file name and graph. Returns the case (if usable) and the
    problems, one line each."""
    try:
        dialogue = load(path, CaseDialogue, noun="node")
    except ContentError as error:
        return None, error.problems
    problems = [problem.line(path) for problem in graph_problems(dialogue)]
    if dialogue.case != path.stem:
        problems.append(
            f'{path}, field "case": is "{dialogue.case}" — make it equal the file name '
            f'"{path.stem}"'
        )
    return (None if problems else dialogue), problems


@cache
def load_case(case_id: str, folder: Path = CASE_DIR) -> CaseDialogue:
    """A validated case dialogue; a broken one raises ContentError naming every problem."""
    path = folder / f"{case_id}.yaml"
    if not path.exists():
        known = ", ".join(p.stem for p in sorted(folder.glob("*.yaml"))) or "(none yet)"
        raise FileNotFoundError(f'no case "{case_id}" in {folder} — use one of: {known}')
    dialogue, problems = check_case(path)
    if dialogue is None:
        raise ContentError("\n".join(problems), problems)
    return dialogue


__all__ = [
    "CASE_DIR",
    "CaseState",
    "Problem",
    "SummaryRow",
    "Turn",
    "check_case",
    "graph_problems",
    "load_case",
    "replay",
    "start",
    "summary",
]
