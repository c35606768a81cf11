"""Kernel memory after Run All, measured as benchmarks/run.py measures it, on a fresh kernel.

Two bounds. The target: a peak of at most PEAK_MIB for every notebook (benchmarks/README.md).
A peak counts the kernel's own data and the pages of library files it maps; the second depends
on the machine too (the same kernel maps 1.1–1.7 MiB more of them when the libraries were
installed moments before, as in CI). So a second bound guards what the course controls: no
notebook's kernel may hold more than OWN_DATA_MIB of its own data.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.run import NOTEBOOKS, READ_A_REPLY, STUDIO, KernelMemory, kernel_memory

#: The target for every notebook's peak.
PEAK_MIB = 120
#: The largest notebook's own data (module 06, 83.0 MiB on 2026-12-03), plus 1 MiB.
OWN_DATA_MIB = 84


def within_bounds(memory: KernelMemory) -> bool:
    return memory.peak <= PEAK_MIB and memory.anonymous <= OWN_DATA_MIB


@pytest.mark.parametrize(
    "notebook", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda notebook: notebook.name
)
def test_a_notebook_kernel_stays_within_bounds(notebook: Path) -> None:
    memory = kernel_memory(notebook)
    assert within_bounds(memory), memory


def test_the_practice_studio_too_once_a_reply_is_read() -> None:
    memory = kernel_memory(STUDIO, then=READ_A_REPLY)
    assert within_bounds(memory), memory
