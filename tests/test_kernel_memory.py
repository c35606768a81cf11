"""Kernel memory after Run All, measured as benchmarks/run.py measures it, on a fresh kernel.

The target is a peak of at most 120 MiB for every notebook (benchmarks/README.md). A peak counts
two things: the kernel's own data, and the pages of library files it maps. The second depends on
the machine, not on the course: the same kernel maps about 1.7 MiB more of them when the
libraries were installed moments before. So this test guards the first, which the course
controls and which repeats to within 0.3 MiB: no notebook's kernel may hold more than
OWN_DATA_MIB of its own data.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.run import NOTEBOOKS, READ_A_REPLY, STUDIO, kernel_memory

#: The largest notebook's own data (module 07, 83.0 MiB on 2026-12-03), plus 1 MiB.
OWN_DATA_MIB = 84


@pytest.mark.parametrize(
    "notebook", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda notebook: notebook.name
)
def test_a_notebook_kernel_keeps_its_own_data_within_bounds(notebook: Path) -> None:
    assert kernel_memory(notebook).anonymous <= OWN_DATA_MIB


def test_the_practice_studio_too_once_a_reply_is_read() -> None:
    assert kernel_memory(STUDIO, then=READ_A_REPLY).anonymous <= OWN_DATA_MIB
