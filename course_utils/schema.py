"""Typed models of the course content (banks, cases, reflections, findings) with clear errors.

An instructor edits YAML, never Python; every mistake they can make is caught here and reported
as one line naming the file, the item, the field and the fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Literal, TypeVar

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
Id = Annotated[str, Field(pattern=ID_PATTERN, description="Lower-case letters, digits and dashes.")]
Markdown = Annotated[str, Field(min_length=1, description="Markdown; raw HTML is shown as text.")]


class Strict(BaseModel):
    """A model that rejects unknown fields, so a misspelt key is an error, not a silent no-op."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


# --- findings -------------------------------------------------------------------------------


#: How each status was reached; `verified_by` must agree with `status`.
VERIFIED_BY = {"V1": "primary", "V2": "secondary", "D": "derived", "U": "none"}


class Finding(Strict):
    """One published (or derived) number with its source and how well it was checked."""

    id: Id
    claim: Markdown = Field(description="What was found, in one sentence.")
    statistic: Literal["r", "d", "g", "OR", "percent", "ICC", "points", "sessions", "none"]
    value: float | None = Field(description="The headline value; null for qualitative findings.")
    interval: tuple[float, float] | None = Field(
        default=None,
        description="A 95% confidence interval or a range; say which in interval_kind.",
    )
    interval_kind: Literal["ci95", "range", "study-range"] | None = Field(
        default=None,
        description="ci95: a 95% confidence interval; range: the range the source gives in place "
        "of one value (e.g. 5%–10%); study-range: the lowest and highest value across studies.",
    )
    bound: Literal["below", "up-to"] | None = Field(
        default=None,
        description='The source gives only a bound and value is that bound: "below" for '
        '"fewer than 5", "up-to" for "up to 50%".',
    )
    k: int | None = Field(default=None, ge=1, description="Number of studies or samples.")
    n: int | None = Field(default=None, ge=1, description="Number of clients or participants.")
    n_note: str | None = Field(default=None, description='How to read n, e.g. "more than".')
    status: Literal["V1", "V2", "D", "U"] = Field(
        description="V1 primary checked; V2 secondary only; D derived by us; U unverified."
    )
    verified_by: Literal["primary", "secondary", "derived", "none"] = Field(
        default=None,  # type: ignore[assignment]  # filled from status when left out
        description="primary: read in the source itself; secondary: seen cited in another source "
        "(named in note); derived: made by us (see derivation); none: not checked. Defaults "
        "from status.",
    )
    derivation: str | None = Field(
        default=None,
        description="For status D: how the value was made, from which published inputs or range.",
    )
    citation: Markdown = Field(description="Full APA reference.")
    short: str = Field(min_length=1, description='In-text citation, e.g. "Flückiger et al., 2018".')
    doi: Annotated[str, Field(pattern=r"^10\.\d{4,9}/\S+$")] | None = None
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _verified_by_from_status(cls, data: object) -> object:
        if isinstance(data, dict) and data.get("verified_by") is None:
            status = data.get("status")
            if status in VERIFIED_BY:
                return {**data, "verified_by": VERIFIED_BY[status]}
        return data

    @model_validator(mode="after")
    def _interval_brackets_value(self) -> Finding:
        if self.interval and self.value is not None:
            low, high = self.interval
            if not low <= self.value <= high:
                raise ValueError(
                    f"value {self.value} lies outside interval [{low}, {high}] — "
                    "correct the value or the interval"
                )
        return self

    @model_validator(mode="after")
    def _provenance_is_consistent(self) -> Finding:
        expected = VERIFIED_BY[self.status]
        if self.verified_by != expected:
            raise ValueError(
                f'verified_by "{self.verified_by}" does not fit status {self.status} — '
                f'use "{expected}", or change the status'
            )
        if self.status in {"V2", "U"} and not self.note:
            raise ValueError(
                f"status {self.status} needs a note — name the secondary source the number was "
                "seen in, or say that it was not checked"
            )
        if self.status == "D" and not self.derivation:
            raise ValueError(
                "status D needs a derivation — say how the value was made and from which "
                "published inputs or range"
            )
        if self.derivation and self.status not in {"D", "U"}:
            raise ValueError(
                f"a derivation makes the value ours, not the authors' — set status to D "
                f"(now {self.status}) or remove the derivation"
            )
        if (self.interval is None) != (self.interval_kind is None):
            raise ValueError(
                "interval and interval_kind go together — give both (interval_kind: ci95, "
                "range or study-range) or neither"
            )
        if self.interval_kind == "range" and self.value is not None and self.status in {"V1", "V2"}:
            raise ValueError(
                "the source gives a range, so a single value is ours — set status to D with a "
                "derivation, or set value to null"
            )
        if self.bound and self.status in {"V1", "V2"}:
            raise ValueError(
                "the source gives only a bound, so using it as the value is ours — set status "
                "to D with a derivation"
            )
        return self


class EvidenceFile(Strict):
    findings: list[Finding] = Field(min_length=1)


# --- question banks ---------------------------------------------------------------------------


class Option(Strict):
    id: Id
    text: Markdown
    correct: bool = False
    feedback: Markdown = Field(description="Why this option is right or wrong.")


class QuestionBase(Strict):
    id: Id
    scenario: Markdown | None = Field(default=None, description="A short clinical vignette.")
    stem: Markdown
    explanation: Markdown | None = Field(
        default=None, description="Shown with the feedback once the question is settled."
    )
    evidence: list[Id] = Field(default_factory=list, description="Finding ids the item relies on.")


ItemWithId = TypeVar("ItemWithId", bound=BaseModel)


def _distinct(items: list[ItemWithId], noun: str) -> list[ItemWithId]:
    """Return `items`, or raise naming the ids that repeat."""
    duplicates = _repeated([item.id for item in items])
    if duplicates:
        raise ValueError(f"{noun} ids {duplicates} repeat — give every {noun} its own id")
    return items


def _repeated(ids: list[str]) -> list[str]:
    return sorted({i for i in ids if ids.count(i) > 1})


class ChoiceQuestion(QuestionBase):
    options: list[Option] = Field(min_length=2)
    shuffle: bool = Field(default=True, description="Shuffle options, stably per student.")

    @field_validator("options")
    @classmethod
    def _distinct_option_ids(cls, options: list[Option]) -> list[Option]:
        return _distinct(options, "option")

    @property
    def correct_ids(self) -> frozenset[str]:
        return frozenset(option.id for option in self.options if option.correct)


class SingleChoice(ChoiceQuestion):
    type: Literal["single"]

    @field_validator("options")
    @classmethod
    def _exactly_one_correct(cls, options: list[Option]) -> list[Option]:
        count = sum(option.correct for option in options)
        if count != 1:
            raise ValueError(
                f"a single-choice question needs exactly one correct option, found {count} — "
                'mark one option "correct: true" or use type "multiple"'
            )
        return options


class MultipleChoice(ChoiceQuestion):
    type: Literal["multiple"]

    @field_validator("options")
    @classmethod
    def _at_least_one_correct(cls, options: list[Option]) -> list[Option]:
        if not any(option.correct for option in options):
            raise ValueError('no option is marked "correct: true" — mark at least one')
        return options


class NumericFeedback(Strict):
    correct: Markdown
    low: Markdown = Field(description="Shown when the answer is below the tolerance band.")
    high: Markdown = Field(description="Shown when the answer is above the tolerance band.")


class Numeric(QuestionBase):
    type: Literal["numeric"]
    # minimum and maximum come first so that the answer's validator can see them
    minimum: float | None = None
    maximum: float | None = None
    answer: float
    tolerance: float = Field(gt=0)
    unit: str = ""
    feedback: NumericFeedback

    @field_validator("maximum")
    @classmethod
    def _maximum_above_minimum(cls, maximum: float | None, info: ValidationInfo) -> float | None:
        minimum = info.data.get("minimum")
        if maximum is not None and minimum is not None and minimum >= maximum:
            raise ValueError(f"is {maximum:g}, not above minimum {minimum:g} — raise it")
        return maximum

    @field_validator("answer")
    @classmethod
    def _answer_in_range(cls, answer: float, info: ValidationInfo) -> float:
        low, high = info.data.get("minimum"), info.data.get("maximum")
        if (low is not None and answer < low) or (high is not None and answer > high):
            raise ValueError(
                f"{answer:g} lies outside minimum–maximum — correct it or widen the range"
            )
        return answer


class Step(Strict):
    id: Id
    text: str = Field(min_length=1, description="Plain text of one step.")
    feedback: Markdown | None = Field(
        default=None, description="Why this step belongs where it does (shown once settled)."
    )
    after: list[Id] = Field(
        default_factory=list,
        description="Ids of the steps that must come before this one. If any step of a "
        "question has `after`, every order that keeps all of them is right.",
    )


class OrderingFeedback(Strict):
    correct: Markdown
    incorrect: Markdown


class Ordering(QuestionBase):
    """Put steps in order; `steps` lists them in a correct order (shown shuffled).

    Without `after` on any step the listed order is the only right one; with it, the question
    is a partial order and every order that keeps each step after its `after` steps is right.
    """

    type: Literal["ordering"]
    steps: list[Step] = Field(min_length=3, max_length=8)
    feedback: OrderingFeedback

    @field_validator("steps")
    @classmethod
    def _distinct_step_ids(cls, steps: list[Step]) -> list[Step]:
        return _valid_after(_distinct(steps, "step"))

    @property
    def partial(self) -> bool:
        """True when some steps may go in more than one order."""
        return any(step.after for step in self.steps)

    @property
    def precedence(self) -> frozenset[tuple[str, str]]:
        """Every (earlier, later) pair the key fixes, including those implied through others."""
        ids = [step.id for step in self.steps]
        if not self.partial:
            return frozenset((a, b) for i, a in enumerate(ids) for b in ids[i + 1 :])
        before = {step.id: set(step.after) for step in self.steps}
        pairs: set[tuple[str, str]] = set()
        for later in ids:
            stack, seen = list(before[later]), set()
            while stack:
                earlier = stack.pop()
                if earlier not in seen:
                    seen.add(earlier)
                    stack += before[earlier]
            pairs |= {(earlier, later) for earlier in seen}
        return frozenset(pairs)


def _valid_after(steps: list[Step]) -> list[Step]:
    """Check each `after`: known step ids, not itself, no cycle, and the listed order keeps it."""
    ids = [step.id for step in steps]
    for step in steps:
        unknown = [other for other in step.after if other not in ids]
        if unknown:
            raise ValueError(
                f'step "{step.id}": after names {unknown}, which are not steps of this question '
                f"— use ids from: {', '.join(ids)}"
            )
        if step.id in step.after:
            raise ValueError(f'step "{step.id}": lists itself in after — remove it')
    cycle = _cycle({step.id: list(step.after) for step in steps})
    if cycle:
        raise ValueError(
            f"after makes a cycle ({' after '.join(cycle)}), so no order can be right — "
            "remove one of these after entries"
        )
    position = {step_id: number for number, step_id in enumerate(ids)}
    for step in steps:
        late = [other for other in step.after if position[other] > position[step.id]]
        if late:
            raise ValueError(
                f'step "{step.id}" must come after {late} but is listed before them — list '
                "the steps in an order that is right"
            )
    return steps


def _cycle(before: dict[str, list[str]]) -> list[str]:
    """A cycle in the `after` graph as a closed path of ids, or [] when there is none."""
    state: dict[str, int] = {}  # 1 on the current path, 2 finished
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for earlier in before[node]:
            if state.get(earlier) == 1:
                return [*path[path.index(earlier) :], earlier]
            if earlier not in state:
                found = visit(earlier)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return []

    for node in before:
        if node not in state:
            found = visit(node)
            if found:
                return found
    return []


class FreeText(QuestionBase):
    """A free-text reflection inside a bank: saved as written, not graded."""

    type: Literal["reflection"]
    commentary: Markdown | None = Field(
        default=None,
        description="A model answer or expert commentary, shown once the student has written.",
    )


QUESTION_TYPES = ("single", "multiple", "numeric", "ordering", "reflection")
AnyQuestion = SingleChoice | MultipleChoice | Numeric | Ordering | FreeText
Question = Annotated[AnyQuestion, Field(discriminator="type")]


class QuestionBank(Strict):
    bank: Id = Field(description="Must equal the file name without .yaml.")
    module: Annotated[str, Field(pattern=r"^\d\d$")]
    title: str = Field(min_length=1)
    questions: list[Question] = Field(min_length=1)

    @field_validator("questions")
    @classmethod
    def _distinct_question_ids(cls, questions: list[AnyQuestion]) -> list[AnyQuestion]:
        return _distinct(questions, "question")

    def question(self, question_id: str) -> AnyQuestion:
        for question in self.questions:
            if question.id == question_id:
                return question
        known = ", ".join(q.id for q in self.questions)
        raise ContentError(
            f'bank "{self.bank}" has no question "{question_id}" — use one of: {known}'
        )


# --- case dialogues ---------------------------------------------------------------------------

Measure = Literal["alliance", "safety", "engagement", "outcome"]


class Continuity(Strict):
    """A line of a case (a reply or a node) that brings topics into the conversation or refers
    to them; `check` walks every path and names a line reached before its topic came up."""

    introduce: list[Id] = Field(
        default_factory=list,
        description='What this line brings into the conversation (e.g. "sleep-diary"), so later '
        "lines may refer to it.",
    )
    requires: list[Id] = Field(
        default_factory=list,
        description="What this line refers to: it must have been introduced on every path here.",
    )


class Reply(Continuity):
    """A therapist reply the student can choose, its feedback, and what it does (simulated)."""

    id: Id
    text: str = Field(min_length=1, description="What the therapist says (plain text).")
    feedback: Markdown = Field(
        description="What this reply does to the client's sense of being understood."
    )
    effects: dict[Measure, Annotated[int, Field(ge=-30, le=30)]] = Field(
        default_factory=dict, description="Illustrative change of each simulated value."
    )
    next: Id | None = Field(default=None, description="The next node; null ends the dialogue.")
    module: Annotated[str, Field(pattern=r"^\d\d$")] | None = Field(
        default=None, description="The module that teaches the idea (for the capstone debrief)."
    )
    asks_about_risk: bool = Field(
        default=False,
        description="This reply asks directly and calmly about suicidal thoughts or self-harm, "
        "as good practice; its feedback says why asking does not plant the idea and what follows.",
    )


#: The reply kinds the practice classifier names (course_utils/practice/labels.py).
ReplyKind = Literal[
    "open_question",
    "closed_question",
    "simple_reflection",
    "complex_reflection",
    "information_advice",
    "reassurance_affirmation",
    "self_disclosure",
    "interpretation_challenge",
    "other",
]
ReplyFamily = Literal["question", "reflection", "information", "other"]


class TypedRoute(Strict):
    """Where a typed reply goes: to the reply `reply` when the classifier reads it as one of
    `skills`, or as any kind in one of `families`."""

    reply: Id
    skills: list[ReplyKind] = Field(default_factory=list)
    families: list[ReplyFamily] = Field(default_factory=list)

    @model_validator(mode="after")
    def _says_which(self) -> TypedRoute:
        if not self.skills and not self.families:
            raise ValueError(f'route to "{self.reply}" names no skills or families — add one')
        return self


class Typed(Strict):
    """Lets the student type their own reply at this node: the classifier's reading picks the
    reply (first route that matches); when it can't tell, or no route matches, the student
    chooses the reply closest to theirs."""

    prompt: str = Field(
        default="Say it in your own words", min_length=1, description="The text area's label."
    )
    routes: list[TypedRoute] = Field(min_length=1)


class Condition(Strict):
    """A test on one simulated value at the moment a node is reached."""

    measure: Measure
    at_least: int | None = None
    below: int | None = None
    from_start: bool = Field(
        default=False, description="Test the change since the start instead of the value."
    )

    @model_validator(mode="after")
    def _a_bound(self) -> Condition:
        if self.at_least is None and self.below is None:
            raise ValueError("gives no bound — add at_least, below, or both")
        return self


class Variant(Strict):
    """Text that replaces a node's narration, client line or ending when every condition holds."""

    when: list[Condition] = Field(min_length=1)
    narration: Markdown | None = None
    client: Markdown | None = None
    ending: Markdown | None = None


class Node(Continuity):
    id: Id
    narration: Markdown | None = Field(default=None, description="What happens, in a line.")
    client: Markdown = Field(description="What the client says or does.")
    replies: list[Reply] = Field(default_factory=list, max_length=4)
    ask_why: bool = Field(
        default=False, description="Ask for a one-line reason before showing feedback."
    )
    why_prompt: str | None = Field(
        default=None, description='The question asked when ask_why is on (default: "Why?").'
    )
    ending: Markdown | None = Field(
        default=None, description="Closing text; a node with an ending has no replies."
    )
    variants: list[Variant] = Field(
        default_factory=list,
        description="Text that depends on the simulated values when the node is reached; the "
        "first variant whose conditions all hold replaces the fields it gives.",
    )
    typed: Typed | None = Field(
        default=None,
        description="Let the student type their own reply here; its reading picks the reply.",
    )

    @model_validator(mode="after")
    def _typed_routes_name_replies(self) -> Node:
        if self.typed is None:
            return self
        if not self.replies:
            raise ValueError("has typed but no replies — typed replies map onto replies")
        known = {reply.id for reply in self.replies}
        for route in self.typed.routes:
            if route.reply not in known:
                raise ValueError(
                    f'typed route names no reply "{route.reply}" — use one of: '
                    + ", ".join(sorted(known))
                )
        seen: set[str] = set()
        for route in self.typed.routes:
            twice = seen & set(route.skills)
            if twice:
                raise ValueError(f'typed routes list skill "{sorted(twice)[0]}" twice — keep one')
            seen |= set(route.skills)
        return self

    @model_validator(mode="after")
    def _replies_or_ending(self) -> Node:
        if self.ending is None and not 3 <= len(self.replies) <= 4:
            raise ValueError(f"has {len(self.replies)} replies — give 3 or 4 replies, or an ending")
        if self.ending is not None and self.replies:
            raise ValueError("has both replies and an ending — remove one")
        if self.ending is None and any(v.ending is not None for v in self.variants):
            raise ValueError("has a variant with an ending but is not an ending — remove it")
        return self


class CaseDialogue(Strict):
    case: Id = Field(description="Must equal the file name without .yaml.")
    module: Annotated[str, Field(pattern=r"^\d\d$")]
    title: str = Field(min_length=1)
    setting: Markdown = Field(description="Who the client is and where we are.")
    client_name: str = Field(
        default="Client", min_length=1, description="How the transcript names the client."
    )
    start: Id
    initial: dict[Measure, Annotated[int, Field(ge=0, le=100)]] = Field(
        default_factory=lambda: {"alliance": 50, "safety": 50, "engagement": 50},
        description="Starting values of the simulated measures (0–100, illustrative).",
    )
    min_turns: int = Field(default=3, ge=1)
    max_turns: int = Field(default=8, le=12)
    risk_cues: str | None = Field(
        default=None,
        description="What the client shows that calls for a risk question (low mood, "
        "hopelessness, deterioration, self-harm cues). A case that names cues must offer, on a "
        "reachable path, a reply with asks_about_risk.",
    )
    nodes: list[Node] = Field(min_length=2)


class Commentary(Strict):
    id: Annotated[str, Field(pattern=r"^\d\d-[a-z0-9][a-z0-9-]*$")]
    prompt: str | None = Field(
        default=None, min_length=1, description="The reflection prompt the student answers."
    )
    commentary: Markdown | None = Field(
        default=None, description="A model answer or expert commentary (none: none is shown)."
    )


class ReflectionFile(Strict):
    module: Annotated[str, Field(pattern=r"^\d\d$")]
    reflections: list[Commentary] = Field(min_length=1)


# --- loading ----------------------------------------------------------------------------------


class ContentError(ValueError):
    """A problem in a content file, worded for the instructor who has to fix it."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or [message]


Model = TypeVar("Model", bound=BaseModel)

#: libyaml's safe loader where PyYAML was built with it (about eight times faster), else PyYAML's.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> object:
    """Parse a YAML file safely, turning syntax errors into one readable line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ContentError(f"{path}: cannot be read ({error.strerror}) — check the path") from None
    except UnicodeDecodeError as error:
        raise ContentError(
            f"{path}: not UTF-8 text (byte {error.start + 1} cannot be read) — save the file "
            "as UTF-8 in your editor"
        ) from None
    loader = SafeLoader(text)
    try:
        return loader.get_single_data()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise ContentError(
            f"{path}: YAML syntax error{where}: {problem} — check indentation and quoting"
        ) from None
    finally:
        loader.dispose()


def load(path: Path, model: type[Model], noun: str = "item") -> Model:
    """Validate a YAML file against a model; every problem becomes one line in a ContentError.

    `noun` names the top-level items in messages ("question", "finding", "node").
    """
    data = read_yaml(path)
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = [describe(path, data, detail, noun) for detail in error.errors()]
        raise ContentError("\n".join(problems), problems) from None


def describe(path: Path, data: object, detail: dict, noun: str = "item") -> str:
    """Word one pydantic error as: file, item id, field — what is wrong and how to fix it."""
    location = [part for part in detail["loc"] if not _is_union_tag(part)]
    item, field = _item_and_field(data, location, noun)
    if detail["type"] in {"union_tag_invalid", "union_tag_not_found"}:
        field = "type"
    message = _message(detail, field)
    where = f"{path}, {item}" if item else f"{path}"
    field_text = f', field "{field}"' if field else ""
    return f"{where}{field_text}: {message}"


def _message(detail: dict, field: str) -> str:
    """Pydantic's message, reworded with a fix where the fix is always the same."""
    kind = detail["type"]
    context = detail.get("ctx") or {}
    fixed = {
        "missing": f"is missing — add a {field or 'value'}",
        "extra_forbidden": "is not a known field — check its spelling or remove it",
        "union_tag_invalid": f"must be one of: {', '.join(QUESTION_TYPES)}",
        "union_tag_not_found": f"is missing — set it to one of: {', '.join(QUESTION_TYPES)}",
        "string_type": 'must be text — put it in quotes if it contains ": ", "," or starts '
        'with "{"',
        "string_too_short": "is empty — write the text",
        "bool_type": "must be true or false",
        "bool_parsing": "must be true or false",
        "int_type": "must be a whole number",
        "int_parsing": "must be a whole number",
        "float_type": "must be a number",
        "float_parsing": "must be a number",
        "list_type": 'must be a list — start each item on a new line with "- "',
        "dict_type": "must be a mapping of names to values — check the indentation",
        "literal_error": f"must be one of: {context.get('expected', '')}",
        "greater_than": f"must be more than {context.get('gt')} — raise it",
        "greater_than_equal": f"must be at least {context.get('ge')} — raise it",
        "less_than_equal": f"must be at most {context.get('le')} — lower it",
        "too_short": f"needs at least {context.get('min_length')} item(s) — add more",
        "too_long": f"has more than {context.get('max_length')} items — remove some",
    }
    if kind == "string_pattern_mismatch":
        return _pattern_message(str(context.get("pattern", "")), detail.get("input"))
    return fixed.get(kind, detail["msg"].removeprefix("Value error, "))


def _pattern_message(pattern: str, value: object) -> str:
    if pattern == r"^\d\d$":
        return 'must be the two-digit module number in quotes, e.g. "01"'
    if pattern.startswith(r"^\d\d-"):
        return 'must start with the module number and a dash, e.g. "01-heard"'
    if pattern == ID_PATTERN:
        suggestion = re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-") or "my-id"
        return f'must use only lower-case letters, digits and dashes — e.g. "{suggestion}"'
    return f"must match the pattern {pattern}"


def _is_union_tag(part: object) -> bool:
    return isinstance(part, str) and part in QUESTION_TYPES


#: What an item in each list is called in messages ("option", "reply" …).
ITEM_NOUNS = {
    "questions": "question",
    "options": "option",
    "steps": "step",
    "nodes": "node",
    "replies": "reply",
    "findings": "finding",
    "reflections": "reflection",
}


def _item_and_field(data: object, location: list, noun: str) -> tuple[str, str]:
    """Find the items with ids along the error's location, and the field path below the last."""
    item = ""
    field_parts: list[str] = []
    node = data
    container = ""
    for part in location:
        node = _child(node, part)
        if isinstance(node, dict) and "id" in node and isinstance(part, int):
            kind = ITEM_NOUNS.get(container, "option" if item else noun)
            label = f'{kind} "{node["id"]}"'
            item = f"{item}, {label}" if item else label
            field_parts = []
        else:
            field_parts.append(str(part))
            container = str(part)
    shown = [p for p in field_parts if not p.isdigit() and p != "[key]"]
    return item, ".".join(shown)


def _child(node: object, part: object) -> object:
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and part < len(node):
        return node[part]
    return None


def iter_yaml(folder: Path) -> Iterator[Path]:
    yield from sorted(folder.glob("*.yaml"))
