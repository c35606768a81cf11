"""One declaration per explorer parameter: the slider, both range checks and the lists under
the chart all come from it."""

from __future__ import annotations

import html
import re
from importlib import import_module
from pathlib import Path

import ipywidgets as widgets
import pytest

from course_utils import evidence, explore
from course_utils.explorers.base import default, slider
from course_utils.simulate.params import Param, declare, findings, illustrative

#: The explorers whose parameters are declared, with the model module that declares them.
DECLARED = {
    "alliance_outcome": "relationship",
    "message_received": "communication",
    "whose_view_counts": "communication",
    "outcome_monitoring": "feedback",
    "feedback_effect": "feedback",
    "containment_window": "containment",
    "countertransference": "transference",
    "transference_template": "transference",
}
SLIDERS = (widgets.FloatSlider, widgets.IntSlider)


@pytest.mark.parametrize("name", sorted(DECLARED))
def test_every_slider_is_a_declared_parameter_inside_the_models_range(name: str) -> None:
    model = import_module(f"course_utils.simulate.{DECLARED[name]}")
    explorer = getattr(explore, name)()
    for key, control in explorer.controls.items():
        if not isinstance(control, SLIDERS) or key == "seed":
            continue
        assert key in model.PARAMS, f"{name}: slider {key!r} is not declared in PARAMS"
        param = model.PARAMS[key]
        if param.sample:
            assert param.low <= control.min and control.max <= param.high
        else:
            assert (control.min, control.max) == (param.low, param.high), (
                f"{name}: slider {key!r} shows {control.min}–{control.max}, "
                f"the model accepts {param.low}–{param.high}"
            )
        assert control.step == param.step


@pytest.mark.parametrize("name", sorted(DECLARED))
def test_the_lists_under_the_chart_come_from_the_declarations(name: str) -> None:
    model = import_module(f"course_utils.simulate.{DECLARED[name]}")
    explorer = getattr(explore, name)()
    listed = html.unescape(explorer.children[-1].value)
    for key in explorer.controls:
        param = model.PARAMS.get(key)
        if param is None or param.sample:
            continue
        if param.illustrative:
            assert param.shown_as in listed, f"{key} is illustrative but not listed"
        else:
            assert evidence.cite(param.finding) in listed, f"{key}'s finding is not listed"


@pytest.mark.parametrize("module", sorted(set(DECLARED.values())))
def test_a_model_never_reads_the_evidence_file(module: str) -> None:
    source = Path(import_module(f"course_utils.simulate.{module}").__file__)
    text = source.read_text(encoding="utf-8")
    assert not re.search(r"\bevidence\b\s*\.\s*(value|get|findings)", text)
    assert "import evidence" not in text and "from .. import evidence" not in text


@pytest.mark.parametrize("module", sorted(set(DECLARED.values())))
def test_every_default_lies_in_its_range(module: str) -> None:
    for param in import_module(f"course_utils.simulate.{module}").PARAMS.values():
        assert param.low <= default(param) <= param.high, param.name


def test_a_declaration_must_say_where_its_default_comes_from() -> None:
    with pytest.raises(ValueError, match="needs a default"):
        Param("x", "X", 0, 1, 0.1)
    with pytest.raises(ValueError, match="say in `note`"):
        Param("x", "X", 0, 1, 0.1, default=0.5)
    with pytest.raises(ValueError, match="must be between"):
        Param("x", "X", 0, 1, 0.1, default=2, note="made up")
    with pytest.raises(ValueError, match="derivation"):
        Param("x", "X", 0, 1, 0.1, finding="alliance-outcome", derive=abs)


def test_narrowing_can_never_widen_and_both_checks_agree() -> None:
    wide = Param("n", "N", 10, 1000, 10, default=100, integer=True, sample=True, note="size")
    with pytest.raises(ValueError, match="not inside"):
        wide.narrowed(5, 500)
    narrow = wide.narrowed(50, 500)
    control = slider(narrow)
    assert isinstance(control, widgets.IntSlider) and (control.min, control.max) == (50, 500)
    with pytest.raises(ValueError, match="between 50 and 500"):
        narrow.check(20)


def test_the_sources_and_illustrative_lists_are_derived() -> None:
    params = declare(
        Param("r", "Correlation (r)", -0.9, 0.9, 0.01, finding="alliance-outcome"),
        Param("k", "Made-up knob", 0, 1, 0.1, default=0.5, note="no source"),
        Param("n", "N", 10, 100, 10, default=50, sample=True, note="size"),
    )
    assert findings(params.values(), "empathy-outcome") == ["alliance-outcome", "empathy-outcome"]
    assert illustrative(params.values()) == ("Made-up knob",)
    assert default(params["r"]) == evidence.value("alliance-outcome")
    with pytest.raises(ValueError, match="share a name"):
        declare(params["r"], params["r"])
