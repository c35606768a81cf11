"""Figure builders: draw once, update artists in place, render to PNG with alt text.

No pyplot: each chart owns a `Figure` on an Agg canvas, so nothing touches global state and
a notebook's inline backend never re-creates figures.
"""

from .base import LINESTYLES, MARKERS, OKABE_ITO, Chart, img_tag
from .relationship import CohortChart

__all__ = ["LINESTYLES", "MARKERS", "OKABE_ITO", "Chart", "CohortChart", "img_tag"]
