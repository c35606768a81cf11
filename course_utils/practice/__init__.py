"""The practice studio: reply kinds, the offline reply classifier, the exercises, the widget.

`course_utils.practice` is both this package and the notebook call `practice(set_id)`: once the
package is imported, Python binds its name in `course_utils` to the package, so the package
itself is callable and does what the call does.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any


class _CallablePackage(ModuleType):
    def __call__(self, set_id: str) -> Any:
        """The practice studio for one skill: `practice("open-questions")`."""
        from .widget import practice

        return practice(set_id)


sys.modules[__name__].__class__ = _CallablePackage
