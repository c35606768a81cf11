"""The Explorer widget: labelled controls, a chart image with alt text, a live description.

Each slider comes from a declared parameter (`simulate.params.Param`): `slider(param)` gives
its label, range, step and default, and `sources_and_illustrative(params)` the lists under the
chart. See `course_utils/simulate/params.py` for how to declare one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial

import ipywidgets as widgets

from .. import evidence
from ..chart_view import ChartView
from ..charts import Chart
from ..simulate import params as declared
from ..simulate.params import Param
from ..text import escape
from ..view import CourseBox, html, live_html, shared_layout, shared_style


@dataclass(frozen=True)
class Caption:
    """What a redraw says in words: a short readout of key figures, and the full description
    (shown under the chart and used as its alt text)."""

    readout: str
    description: str


class Explorer(CourseBox):
    """Sliders and a chart. Setting any control's value redraws exactly once.

    `draw(chart, values)` updates the chart's artists from the control values and returns a
    Caption (figures change in the HTML readout, faster to redraw than text on the chart).
    It takes the chart as an argument so a benchmark can draw the same chart the naive way.
    `linked[name](new_value)` returns other controls' new values when `name` changes (a
    preset); they are applied quietly and the chart is still redrawn once.
    """

    def __init__(
        self,
        *,
        chart: Chart,
        controls: Mapping[str, widgets.ValueWidget],
        draw: Callable[[Chart, dict[str, object]], Caption],
        sources: list[str],
        illustrative: tuple[str, ...] = (),
        linked: Mapping[str, Callable[[object], dict[str, object]]] | None = None,
    ) -> None:
        self.chart = chart
        self.controls = dict(controls)
        self.draw = draw
        self._linked = dict(linked or {})
        self._quiet = False
        self.redraws = 0
        self.readout = html()
        self.readout.add_class("cu-readout")
        self.image = ChartView(layout=shared_layout(width="100%"))
        self.description = live_html()
        self.description.add_class("cu-description")
        for name, control in self.controls.items():
            control.observe(partial(self._on_change, name), names="value")
        panel = widgets.VBox(list(self.controls.values()), layout=shared_layout())
        panel.add_class("cu-controls")
        children = [
            panel,
            self.readout,
            self.image,
            self.description,
            html(sources_html(sources, illustrative)),
        ]
        super().__init__(children, css_class="cu-explorer")
        self.redraw()

    def values(self) -> dict[str, object]:
        return {name: control.value for name, control in self.controls.items()}

    def redraw(self) -> None:
        caption = self.draw(self.chart, self.values())
        self.readout.value = f"<p><strong>{escape(caption.readout)}</strong></p>"
        self.image.show(self.chart, caption.description)
        self.description.value = f"<p>{escape(caption.description)}</p>"
        self.redraws += 1

    def _on_change(self, name: str, change: dict) -> None:
        if self._quiet:
            return
        if name in self._linked:
            self._quiet = True
            try:
                for other, value in self._linked[name](change["new"]).items():
                    self.controls[other].value = value
            finally:
                self._quiet = False
        self.redraw()


def sources_html(finding_ids: list[str], illustrative: tuple[str, ...]) -> str:
    """A disclosure listing the findings behind the defaults and the illustrative parameters."""
    items = "".join(
        f"<li>{escape(evidence.cite(i))}. {escape(strip_markdown(evidence.get(i).citation))}</li>"
        for i in finding_ids
    )
    made_up = (
        "<p>Illustrative (no published value; chosen to show the idea): "
        + escape(", ".join(illustrative))
        + ".</p>"
        if illustrative
        else ""
    )
    return (
        "<details><summary>Where do these numbers come from?</summary>"
        "<p>The data are simulated. The defaults come from these published findings:</p>"
        f"<ul>{items}</ul>{made_up}</details>"
    )


def strip_markdown(text: str) -> str:
    return text.replace("*", "")


#: Room for the longest control label (about 45 characters) beside its control, so none is cut.
WIDE = {"description_width": "26em"}
ROW = {"width": "100%", "max_width": "50em"}


def default(param: Param) -> float:
    """A parameter's default: its finding's value (passed through its derivation, if any) or,
    for an illustrative parameter, the value it declares. Only the explorer layer reads the
    evidence file; models take the number as an argument."""
    if param.default is not None:
        return param.default
    value = evidence.value(str(param.finding))
    return param.derive(value) if param.derive else value


def slider(
    param: Param, *, value: float | None = None, **kwargs
) -> widgets.FloatSlider | widgets.IntSlider:
    """The slider for a declared parameter: its label, range, step and default (or `value`).

    An integer parameter gets an integer slider. The tooltip shows the whole label if it is cut
    short.
    """
    start = default(param) if value is None else value
    param.check(start)
    kind = widgets.IntSlider if param.integer else widgets.FloatSlider
    cast = int if param.integer else float
    return kind(
        value=cast(start),
        min=cast(param.low),
        max=cast(param.high),
        step=cast(param.step),
        description=param.label,
        tooltip=param.label,
        continuous_update=False,
        style=WIDE,
        layout=shared_layout(**ROW),
        **kwargs,
    )


def sources_and_illustrative(
    params: Iterable[Param], *, sources: Iterable[str] = (), illustrative: Iterable[str] = ()
) -> dict[str, object]:
    """The `sources` and `illustrative` arguments of an Explorer, derived from its parameters
    (the findings behind defaults, the illustrative ones) plus any the text also cites."""
    params = list(params)
    return {
        "sources": declared.findings(params, *sources),
        "illustrative": declared.illustrative(params, *illustrative),
    }


def toggle(description: str, value: bool) -> widgets.Checkbox:
    """A labelled on/off switch for a scenario (e.g. preferences accommodated)."""
    return widgets.Checkbox(
        value=value, description=description, tooltip=description, style=WIDE,
        layout=shared_layout(**ROW),
    )  # fmt: skip


def choice(
    description: str, options: Iterable[tuple[str, str]], value: str
) -> widgets.ToggleButtons:
    """Buttons for one of a few named scenarios ((label, key) pairs), each as wide as its
    label, so no label is cut short."""
    return widgets.ToggleButtons(
        options=list(options),
        value=value,
        description=description,
        style=shared_style(widgets.ToggleButtonsStyle, button_width="auto", **WIDE),
    )


def seed_box(seed: int) -> widgets.BoundedIntText:
    """The random seed: the same seed always draws the same simulated clients."""
    return widgets.BoundedIntText(
        value=seed,
        min=0,
        max=9999,
        description="Random seed",
        style=WIDE,
        layout=shared_layout(width="34em"),  # the label's 26em and a box for four digits
    )
