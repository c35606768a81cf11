"""Explorers: controls bound to a pure model and a chart, one redraw per change.

Call them from a notebook as `explore.alliance_outcome()`.
"""

from .base import Explorer
from .relationship import alliance_outcome

__all__ = ["Explorer", "alliance_outcome"]
