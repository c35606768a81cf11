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
from .schema import CaseDialogue, Condition, ContentError, Node, Reply, load

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
    typed: str = ""  # the student's own words, when they typed instead of choosing
    read: str = ""  # what the classifier read in them: a skill, or "unsure"


@dataclass(frozen=True)
class CaseState:
    """Where a dialogue stands. `choose` returns a new state; nothing is changed in place."""

    dialogue: CaseDialogue = field(repr=False, compare=False)
    node: str | None  # None once a reply with `next: null` has ended the dialogue
    values: Mapping[str, int]
    history: tuple[Turn, ...] = ()

    @property
    def current(self) -> Node | None:
        """The node where the dialogue stands, its text chosen by the values now."""
        if self.node is None:
            return None
        return shown(self.dialogue, node_by_id(self.dialogue, self.node), self.values)

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

    def choose(
        self, reply_id: str, reason: str = "", *, typed: str = "", read: str = ""
    ) -> CaseState:
        """Choose a reply: apply its (illustrative) effects and move to the next node. A reply
        the student typed keeps their words and what the classifier read in them."""
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
        turn = Turn(self.current.id, reply.id, reason, changes, values, typed, read)
        return replace(self, node=reply.next, values=values, history=(*self.history, turn))

    def timeline(self) -> list[Mapping[str, int]]:
        """The values at the start and after every turn."""
        return [self.dialogue.initial, *(turn.values for turn in self.history)]


def start(dialogue: CaseDialogue) -> CaseState:
    """A fresh play-through at the start node with the initial values."""
    return CaseState(dialogue, dialogue.start, dict(dialogue.initial))


def replay(dialogue: CaseDialogue, choices: Iterable[tuple[str, ...]]) -> CaseState | None:
    """Rebuild a state from saved (reply, reason[, typed, read]) tuples; None if they no longer
    fit the case."""
    state = start(dialogue)
    try:
        for reply_id, reason, *words in choices:
            typed, read = (*words, "", "")[:2]
            asked = state.current is not None and state.current.ask_why
            state = state.choose(
                reply_id, reason or ("(no reason saved)" if asked else ""), typed=typed, read=read
            )
    except ValueError:
        return None
    return state


def route(node: Node, skill: str, family: str, unsure: bool) -> str | None:
    """The reply a typed reply stands for at `node`: the first route whose skills or families
    include what the classifier read. None when it can't tell or no route matches (the student
    then chooses the reply closest to theirs)."""
    if node.typed is None or unsure:
        return None
    for path in node.typed.routes:
        if skill in path.skills or family in path.families:
            return path.reply
    return None


def holds(condition: Condition, values: Mapping[str, int], initial: Mapping[str, int]) -> bool:
    """Whether one condition of a variant holds for these values."""
    value = values.get(condition.measure, 50)
    if condition.from_start:
        value -= initial.get(condition.measure, 50)
    if condition.at_least is not None and value < condition.at_least:
        return False
    return condition.below is None or value < condition.below


def shown(dialogue: CaseDialogue, node: Node, values: Mapping[str, int]) -> Node:
    """The node as the student sees it with these values: the first variant whose conditions
    all hold replaces the narration, client line or ending it gives."""
    for variant in node.variants:
        if all(holds(c, values, dialogue.initial) for c in variant.when):
            update = {
                name: text
                for name in ("narration", "client", "ending")
                if (text := getattr(variant, name)) is not None
            }
            return node.model_copy(update=update)
    return node


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
    typed: str = ""  # the student's own words, if they typed
    read: str = ""  # what the classifier read in them


def summary(state: CaseState) -> list[SummaryRow]:
    """What the student chose at each turn, with its feedback and the simulated changes."""
    rows = []
    for number, (turn, before) in enumerate(zip(state.history, state.timeline(), strict=False), 1):
        node = shown(state.dialogue, node_by_id(state.dialogue, turn.node), before)
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
                turn.typed,
                turn.read,
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
        problems += continuity_problems(dialogue)
    problems += risk_problems(dialogue)
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


# --- continuity: nothing is referred to before it was introduced ------------------------------


def _edges(dialogue: CaseDialogue) -> list[tuple[Node, Reply, str]]:
    return [
        (node, reply, reply.next)
        for node in dialogue.nodes
        for reply in node.replies
        if reply.next is not None
    ]


def _path_without(dialogue: CaseDialogue, item: str, goal: str) -> list[str] | None:
    """A path from the start to `goal` on which `item` is never introduced (None if every
    path introduces it). The goal's own `introduce` does not count."""
    parents: dict[str, str | None] = {dialogue.start: None}
    waiting = [dialogue.start]
    while waiting:
        node_id = waiting.pop(0)
        if node_id == goal:
            path = [node_id]
            while (parent := parents[path[-1]]) is not None:
                path.append(parent)
            return path[::-1]
        node = node_by_id(dialogue, node_id)
        if item in node.introduce:
            continue
        for reply in node.replies:
            if reply.next is None or item in reply.introduce or reply.next in parents:
                continue
            parents[reply.next] = node_id
            waiting.append(reply.next)
    return None


def continuity_problems(dialogue: CaseDialogue) -> list[Problem]:
    """Lines that refer to something (`requires`) on a path where it was never introduced.
    Checks every path at once: what is sure to be introduced on arrival at a node is what every
    way into it has introduced. Assumes the graph has no loops."""
    introduced = {item for node in dialogue.nodes for item in node.introduce} | {
        item for node in dialogue.nodes for reply in node.replies for item in reply.introduce
    }
    problems: list[Problem] = []
    for node in dialogue.nodes:
        for item in node.requires:
            if item not in introduced:
                problems.append(_never(f'node "{node.id}"', item))
        for reply in node.replies:
            for item in reply.requires:
                if item not in introduced:
                    problems.append(_never(f'node "{node.id}", reply "{reply.id}"', item))
    if problems:
        return problems
    for node in dialogue.nodes:
        needed = [(f'node "{node.id}"', item) for item in node.requires]
        needed += [
            (f'node "{node.id}", reply "{reply.id}"', item)
            for reply in node.replies
            for item in reply.requires
            if item not in node.introduce
        ]
        for where, item in needed:
            path = _path_without(dialogue, item, node.id)
            if path is not None:
                problems.append(
                    Problem(
                        where,
                        "requires",
                        f'refers to "{item}", but the path {" → ".join(path)} never introduces '
                        "it — introduce it earlier on that path, or give this path other words",
                    )
                )
    return problems


def _never(where: str, item: str) -> Problem:
    return Problem(
        where,
        "requires",
        f'refers to "{item}", which no node or reply introduces — add introduce: [{item}] '
        "where it first comes up, or fix the spelling",
    )


# --- risk: a case with risk cues models asking about them -------------------------------------

RISK_WORDS = (
    "suicid",
    "self-harm",
    "end your life",
    "ending your life",
    "end their life",
    "ending their life",
    "kill yourself",
    "killing yourself",
    "harm yourself",
    "harming yourself",
    "hurt yourself",
    "hurting yourself",
    "better off dead",
    "not wanting to be alive",
    "not wanting to live",
)
NOT_PLANTING = ("idea", "plant", "suggest")
WHAT_FOLLOWS = ("safety plan", "consult", "supervis")


def risk_problems(dialogue: CaseDialogue) -> list[Problem]:
    """A case that names risk cues must offer a reply that asks about suicide or self-harm
    directly and calmly, as good practice, with feedback that says why asking is safe and what
    follows. A reply marked asks_about_risk must meet that standard wherever it is."""
    problems: list[Problem] = []
    asking = [
        (node, reply) for node in dialogue.nodes for reply in node.replies if reply.asks_about_risk
    ]
    for node, reply in asking:
        where = f'node "{node.id}", reply "{reply.id}"'
        text, feedback = reply.text.lower(), reply.feedback.lower()
        if not any(word in text for word in RISK_WORDS):
            problems.append(
                Problem(
                    where,
                    "text",
                    "is marked asks_about_risk but does not name suicide or self-harm — ask "
                    'directly, e.g. "thoughts of ending your life" or "harming yourself"',
                )
            )
        if any(change < 0 for change in reply.effects.values()):
            problems.append(
                Problem(
                    where,
                    "effects",
                    "is marked asks_about_risk (good practice) but lowers a value — a calm, "
                    "direct risk question should not be penalised",
                )
            )
        if not any(word in feedback for word in NOT_PLANTING):
            problems.append(
                Problem(
                    where,
                    "feedback",
                    "asks about risk but does not say that asking does not plant the idea — add it",
                )
            )
        if not any(word in feedback for word in WHAT_FOLLOWS):
            problems.append(
                Problem(
                    where,
                    "feedback",
                    "asks about risk but does not say what follows (safety planning, "
                    "consultation or supervision) — add it",
                )
            )
    if dialogue.risk_cues and not asking:
        problems.append(
            Problem(
                "",
                "risk_cues",
                "the client shows risk cues, but no reply asks about suicide or self-harm — "
                "add one, marked asks_about_risk: true, on a path a student can reach",
            )
        )
    return problems


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
