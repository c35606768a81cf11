"""Pure, seeded, vectorised models behind the explorers. No widgets, no plotting.

Every default comes from `evidence.yaml` by id; a parameter no source gives is named in the
model's ILLUSTRATIVE set, so its chart can say so.
"""

from .checks import check_range
from .relationship import ELEMENTS, Besd, Cohort, besd, correlated_cohort, r_from_d

__all__ = ["ELEMENTS", "Besd", "Cohort", "besd", "check_range", "correlated_cohort", "r_from_d"]
