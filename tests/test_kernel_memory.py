"""Every notebook's kernel stays within the memory a hub provisions for it (the 120 MiB target
in benchmarks/README.md), measured as the benchmark measures it: the kernel's own peak after
Run All on a fresh kernel."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.run import NOTEBOOKS, READ_A_REPLY, STUDIO, peak_memory_mib

TARGET_MIB = 120


@pytest.mark.parametrize(
    "notebook", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda notebook: notebook.name
)
def test_a_notebook_kernel_stays_within_the_memory_target(notebook: Path) -> None:
    assert peak_memory_mib(notebook) <= TARGET_MIB


def test_the_practice_studio_stays_within_the_target_once_a_reply_is_read() -> None:
    assert peak_memory_mib(STUDIO, then=READ_A_REPLY) <= TARGET_MIB
