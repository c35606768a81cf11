"""Pure, seeded, vectorised models behind the explorers. No widgets, no plotting.

One submodule per topic (`relationship`, …). Each declares the parameters a student can set
once, as `PARAMS` (see `params.py`): range, step, unit, and either the evidence id behind the
default or a note saying why the value is illustrative. Models take every number as an
argument and never read `evidence.yaml`; the explorer layer resolves published defaults.
"""

from .checks import check_range
from .params import Param, check_all, declare

__all__ = ["Param", "check_all", "check_range", "declare"]
