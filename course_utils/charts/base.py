"""The shared chart style and the Chart base class."""

from __future__ import annotations

import base64
import zlib
from functools import cache

import matplotlib
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from ..text import escape
from . import png

#: Okabe & Ito's colour-blind-safe palette.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
}
#: Pair every colour with a marker or line style, so nothing depends on colour alone.
MARKERS = ("o", "s", "^", "D", "v", "P", "X")
LINESTYLES = ("-", "--", ":", "-.")

STYLE = {
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
}


@cache
def shared_renderer(width: int, height: int, dpi: float) -> RendererAgg:
    return RendererAgg(width, height, dpi)


class SharedCanvas(FigureCanvasAgg):
    """An Agg canvas that draws into the one renderer shared by charts of its size.

    A kernel redraws one chart at a time, and every redraw begins by restoring that chart's own
    background over the whole image, so charts need not keep a pixel buffer each (~1 MiB).
    It overrides a method of matplotlib's Agg canvas, so pyproject.toml admits only the
    matplotlib minor version the tests run on.
    """

    def get_renderer(self) -> RendererAgg:
        width, height = self.get_width_height(physical=True)
        self.renderer = shared_renderer(width, height, self.figure.dpi)
        return self.renderer


class Chart:
    """A figure drawn once, then blitted: only the artists that change are redrawn.

    Subclasses create every artist in `build`, register the ones that change with `dynamic`,
    and change them in place in `update`. Axes, ticks and labels (most of the drawing time)
    are rendered once into a cached background.
    """

    size: tuple[float, float] = (8.0, 3.6)  # inches
    dpi = 80

    def __init__(self, figure: Figure | None = None) -> None:
        """Draw on a new Agg figure, or on `figure` (the naive baseline passes a pyplot one)."""
        self.figure = figure or Figure(figsize=self.size, dpi=self.dpi)
        self.canvas = self.figure.canvas if figure else SharedCanvas(self.figure)
        self._blit = figure is None
        self._dynamic: list[Artist] = []
        self._names: dict[Artist, str | None] = {}
        self._units: dict[Artist, tuple[str, str]] = {}
        self._background = None
        with matplotlib.rc_context(STYLE):
            self.build()

    def build(self) -> None:
        raise NotImplementedError

    def suptitle(self, text: str) -> Text:
        """The figure's title in the course style (it should say "Simulated" where it is)."""
        return self.figure.suptitle(text, fontsize=12, fontweight="bold")

    def footnote(self, text: str) -> Text:
        """A small note along the bottom edge: what is simulated, derived or illustrative."""
        return self.figure.text(0.01, 0.01, text, fontsize=8, color="#333333", va="bottom")

    def name(self, artist: Artist, name: str | None, units: tuple[str, str] | None = None) -> None:
        """What `artist` is called in the chart's table of numbers and keyboard walk, where its
        legend label does not say it (or None: not data, leave it out); `units` says what its x
        and y are where the panel's axes are not labelled."""
        self._names[artist] = name
        if units is not None:
            self._units[artist] = units

    def series(self) -> list:
        """The plotted numbers, series by series (see charts/data.py)."""
        from .data import figure_series

        return figure_series(self.figure, self._names, self._units)

    def dynamic(self, *artists: Artist) -> None:
        """Mark artists as changing: they are left out of the cached background."""
        for artist in artists:
            artist.set_animated(self._blit)
            self._dynamic.append(artist)

    def _draw_background(self) -> None:
        """Draw the whole figure in the course style, then let the tick artists go."""
        with matplotlib.rc_context(STYLE):
            for axes in self.figure.axes:  # ticks made anew are clipped to their panel
                axes.xaxis.set_clip_path(axes.patch)
                axes.yaxis.set_clip_path(axes.patch)
            self.canvas.draw()
            self._let_ticks_go()

    def _let_ticks_go(self) -> None:
        """Ticks, their labels and grid lines are in the background now: let their artists go
        (about 0.7 MiB a chart). The next full draw makes them again, as after
        `Axis.reset_ticks`, in the style and clip `_draw_background` gives them."""
        if self._blit:
            for axes in self.figure.axes:
                for axis in (axes.xaxis, axes.yaxis):
                    del axis.majorTicks, axis.minorTicks  # back to matplotlib's lazy tick lists

    def invalidate(self) -> None:
        """Call after changing a static part (limits, labels): the background is redrawn."""
        self._background = None

    def set_static_text(self, text: Text, value: str) -> None:
        """Change a text that is part of the background, redrawing it only if it changed."""
        if text.get_text() != value:
            text.set_text(value)
            self.invalidate()

    def png(self) -> bytes:
        """Render the current state: restore the background, draw what changes, encode.

        The background is kept deflated (charts are mostly flat colour: about 45 KB in place of
        720 KB of pixels) and inflated straight into the renderer's buffer on each redraw.
        """
        if self._background is None:
            self._draw_background()
            self._background = (
                zlib.compress(self.canvas.buffer_rgba(), 1)
                if self._blit
                else self.canvas.copy_from_bbox(self.figure.bbox)
            )
        elif self._blit:
            png.inflate_into(self._background, self.canvas.buffer_rgba())
        else:
            self.canvas.restore_region(self._background)
        for artist in self._dynamic:
            self.figure.draw_artist(artist)
        return png.encode(self.canvas.buffer_rgba())


def img_tag(png: bytes, alt: str) -> str:
    """An <img> element carrying the chart as a data URL and its description as alt text."""
    data = base64.b64encode(png).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{escape(alt)}">'
