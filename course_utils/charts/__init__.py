"""Figure builders: draw once, update artists in place, render to PNG with alt text.

No pyplot: each chart owns a `Figure` on an Agg canvas. One submodule per topic.
"""

from .base import LINESTYLES, MARKERS, OKABE_ITO, Chart, img_tag

__all__ = ["LINESTYLES", "MARKERS", "OKABE_ITO", "Chart", "img_tag"]
