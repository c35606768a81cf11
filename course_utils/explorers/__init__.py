"""Explorers: controls bound to a pure model and a chart, one redraw per change.

Call them from a notebook as `explore.alliance_outcome()`. Every submodule lists its explorers
in `__all__`; they are collected here, so adding an explorer touches only its own module.
"""

from importlib import import_module
from pkgutil import iter_modules

from .base import Explorer

__all__ = ["Explorer"]

for _module in iter_modules(__path__):
    if _module.name != "base":
        _names = import_module(f"{__name__}.{_module.name}").__all__
        globals().update(
            {n: getattr(import_module(f"{__name__}.{_module.name}"), n) for n in _names}
        )
        __all__ += _names
