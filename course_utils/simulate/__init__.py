"""Pure, seeded, vectorised models behind the explorers. No widgets, no plotting.

One submodule per topic (`relationship`, …). Every default comes from `evidence.yaml` by id; a
parameter no source gives is listed in the submodule's `ILLUSTRATIVE` set, and its chart says so.
"""

from .checks import check_range

__all__ = ["check_range"]
