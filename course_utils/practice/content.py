"""Practice exercises: client statements at three levels, each with two model replies.

One YAML file per skill, `content/practice/<nn>-<set-id>.yaml`. Like the banks, a mistake in a
file is reported as one line naming the file, the statement, the field and the fix.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from course_utils.schema import ContentError, Id, Strict, _distinct, describe, iter_yaml, read_yaml

from .labels import SKILLS

PRACTICE_DIR = Path(__file__).resolve().parent.parent / "content" / "practice"

#: The reply kinds the classifier names (labels.py); a set's `targets` come from these.
ReplyKind = Literal[SKILLS]
Level = Literal["beginner", "intermediate", "advanced"]
LEVELS: tuple[Level, ...] = ("beginner", "intermediate", "advanced")

#: Fewest statements a set offers at each level, so the ladder never runs dry.
MIN_PER_LEVEL = 8

Text = Annotated[str, Field(min_length=1)]


class ModelReply(Strict):
    """A reply the course offers for comparison, and what makes it work."""

    reply: Text = Field(description="The model reply, as a therapist would say it.")
    why: Text = Field(description="One line on what makes the reply work.")


class Statement(Strict):
    """One client statement to answer, with who is speaking and two model replies."""

    id: Id
    level: Level
    client: Text = Field(description='Who is speaking, one line: "Priya, 19, student, homesick".')
    text: Text = Field(description="What the client says.")
    models: list[ModelReply] = Field(min_length=2, max_length=2)


class PracticeSet(Strict):
    """The exercises for one skill: its criteria and a ladder of client statements."""

    id: Id
    module: Annotated[str, Field(pattern=r"^\d\d$")]
    title: Text
    skill: Text = Field(description="The skill in words.")
    targets: list[ReplyKind] = Field(min_length=1, description="Reply kinds that fit the skill.")
    criteria: list[Text] = Field(min_length=3, max_length=4)
    statements: list[Statement]

    @field_validator("statements")
    @classmethod
    def _distinct_statement_ids(cls, statements: list[Statement]) -> list[Statement]:
        return _distinct(statements, "statement")

    @model_validator(mode="after")
    def _enough_at_each_level(self) -> PracticeSet:
        counts = Counter(statement.level for statement in self.statements)
        short = [f"{lv} has {counts[lv]}" for lv in LEVELS if counts[lv] < MIN_PER_LEVEL]
        if short:
            raise ValueError(
                f"needs at least {MIN_PER_LEVEL} statements per level ({', '.join(short)}) — "
                "add statements at that level"
            )
        return self

    def at_level(self, level: Level) -> list[Statement]:
        return [statement for statement in self.statements if statement.level == level]

    def statement(self, statement_id: str) -> Statement:
        for statement in self.statements:
            if statement.id == statement_id:
                return statement
        raise ContentError(f'practice set "{self.id}" has no statement "{statement_id}"')


def load_set(path: Path) -> PracticeSet:
    """Load one practice file; its name must be `<module>-<id>.yaml`."""
    data = read_yaml(path)
    try:
        practice = PracticeSet.model_validate(data)
    except ValidationError as error:
        problems = [_describe(path, data, detail) for detail in error.errors()]
        raise ContentError("\n".join(problems), problems) from None
    expected = f"{practice.module}-{practice.id}.yaml"
    if path.name != expected:
        raise ContentError(
            f'{path}: file name does not match module "{practice.module}" and id '
            f'"{practice.id}" — rename it to {expected}'
        )
    return practice


def _describe(path: Path, data: object, detail: dict) -> str:
    """The course's one-line message, saying which of the two model replies is meant."""
    line = describe(path, data, detail, noun="statement")
    location = list(detail["loc"])
    if "models" in location:
        after = location[location.index("models") + 1 :]
        if after and isinstance(after[0], int):
            line = line.replace(', field "models.', f', model reply {after[0] + 1}, field "', 1)
            line = line.replace("add a models.", "add a ", 1)
    return line


def find_set(set_id: str, folder: Path = PRACTICE_DIR) -> PracticeSet:
    """One practice set by id, reading only its own file (`<module>-<id>.yaml`): a module's
    notebook shows a set or two, and need not hold all of them."""
    paths = sorted(folder.glob(f"[0-9][0-9]-{set_id}.yaml"))
    if not paths:
        known = ", ".join(sorted(path.stem[3:] for path in iter_yaml(folder)))
        raise ValueError(f'no practice set "{set_id}" — use one of: {known}')
    return load_set(paths[0])


def load_sets(folder: Path = PRACTICE_DIR) -> dict[str, PracticeSet]:
    """Every practice set in `folder` by id (the `examples/` subfolder is not read)."""
    sets: dict[str, PracticeSet] = {}
    seen: dict[str, str] = {}
    for path in iter_yaml(folder):
        practice = load_set(path)
        if practice.id in sets:
            raise ContentError(f'{path}: set id "{practice.id}" is used twice — rename one')
        for statement in practice.statements:
            if statement.id in seen:
                raise ContentError(
                    f'{path}, statement "{statement.id}": the id is already used in set '
                    f'"{seen[statement.id]}" — give it its own id'
                )
            seen[statement.id] = practice.id
        sets[practice.id] = practice
    return sets
