"""One declaration per explorer parameter.

A model module declares each number a student can set as a `Param`: its keyword name, the
label the slider shows, the range, the step, the unit, and where its default comes from:

- `finding="some-id"`: the default is that finding's value in `evidence.yaml`, optionally passed
  through `derive` (a pure function named in `note`, e.g. g converted to r). The model never
  reads the evidence file: the explorer layer resolves the default (`explorers.base.default`)
  and passes numbers to the model as arguments.
- `finding=None, sample=True`: a sample size (how many simulated clients); it needs a default
  and a note but is neither published nor illustrative, so no list shows it.
- `finding=None`: the parameter is illustrative; `default` is our choice and `note` says what it
  stands for and why no published value is used. Students see it in the explorer's
  "Illustrative" list.

From one declaration the course derives:

- the slider (`explorers.base.slider(param)`: float or integer slider, label, range, step);
- the model's argument check (`param.check(value)`, or `check_all(PARAMS, **values)`);
- the explorer's range check of a keyword argument (the same `param.check`);
- the sources list (`findings(params)`) and the illustrative list (`illustrative(params)`)
  under each explorer.

A model may accept a wider range than its explorer shows for a parameter that is only a size
(the number of simulated clients: tests use large samples for precision). The explorer then
uses `param.narrowed(low, high)`, which returns a copy inside the model's range; narrowing can
never widen. Every other parameter has the same range in the model and on the slider.

Declare the parameters of a model in a module-level dict, `PARAMS = declare(Param(...), ...)`,
keyed by `name`; an explorer takes `model.PARAMS["name"]`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

from .checks import check_range


@dataclass(frozen=True)
class Param:
    """One parameter a student can set. See the module docstring."""

    name: str  # the model's keyword argument (and the explorer's control name)
    label: str  # what the slider says, with its unit in brackets
    low: float
    high: float
    step: float
    default: float | None = None  # required when illustrative; else resolved from `finding`
    unit: str = ""
    finding: str | None = None  # evidence id behind the default; None means illustrative
    note: str = ""  # illustrative: what it stands for and why; derived: the derivation
    derive: Callable[[float], float] | None = None  # finding value → default (derived, D)
    integer: bool = False
    display: str = ""  # the name in the illustrative list (defaults to the label)
    sample: bool = False  # a sample size: neither published nor illustrative, not listed

    def __post_init__(self) -> None:
        if not self.low < self.high:
            raise ValueError(f"{self.name}: low {self.low:g} must be below high {self.high:g}")
        if self.finding is None:
            if self.default is None:
                raise ValueError(f"{self.name}: an illustrative parameter needs a default")
            if not self.note.strip():
                raise ValueError(f"{self.name}: say in `note` what the illustrative value is")
        if self.default is not None:
            self.check(self.default)
        if self.derive is not None and not self.note.strip():
            raise ValueError(f"{self.name}: a derived default needs its derivation in `note`")

    @property
    def illustrative(self) -> bool:
        return self.finding is None

    @property
    def shown_as(self) -> str:
        return self.display or self.label

    def check(self, value: float) -> float:
        """Return `value` if it is inside the declared range, else a ValueError naming it."""
        return check_range(self.name, value, self.low, self.high)

    def narrowed(
        self, low: float, high: float, default: float | None = None, label: str = ""
    ) -> Param:
        """A copy with a smaller range (for a slider that shows less than the model accepts),
        optionally with its own default and label (e.g. "pairs" rather than "clients")."""
        if low < self.low or high > self.high:
            raise ValueError(
                f"{self.name}: {low:g}–{high:g} is not inside {self.low:g}–{self.high:g}"
            )
        if default is None and self.default is not None:
            default = min(max(self.default, low), high)
        return replace(self, low=low, high=high, default=default, label=label or self.label)


def declare(*params: Param) -> dict[str, Param]:
    """The parameters of one model, keyed by name (names must be unique)."""
    table = {p.name: p for p in params}
    if len(table) != len(params):
        raise ValueError("two parameters share a name")
    return table


def check_all(params: Mapping[str, Param], **values: float) -> None:
    """Check every given keyword against its declaration."""
    for name, value in values.items():
        params[name].check(value)


def findings(params: Iterable[Param], *extra: str) -> list[str]:
    """Finding ids behind the parameters' defaults, then `extra` ones, each once, in order."""
    ids = [p.finding for p in params if p.finding] + list(extra)
    return list(dict.fromkeys(ids))


def illustrative(params: Iterable[Param], *extra: str) -> tuple[str, ...]:
    """Names of the illustrative parameters (as students see them), then `extra` ones."""
    names = [p.shown_as for p in params if p.illustrative and not p.sample] + list(extra)
    return tuple(dict.fromkeys(names))


def notes(params: Iterable[Param]) -> dict[str, str]:
    """Illustrative parameter name → what it is and why (a model's ILLUSTRATIVE table)."""
    return {p.name: p.note for p in params if p.illustrative and not p.sample}


__all__ = ["Param", "check_all", "declare", "findings", "illustrative", "notes"]
