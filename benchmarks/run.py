"""Measure, inside a real Jupyter kernel, what a student feels and what a hub must provision.

1. Slider-to-redraw latency of every explorer (median over many moves), and of the naive
   pattern on the same chart: a new pyplot figure per change through `interactive_output`.
2. The kernel's memory after running each notebook top to bottom: its peak resident memory, and
   at the end its own data and the library pages it maps.

Usage: .venv/bin/python benchmarks/run.py [--moves 40] [--json results.json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
STUDIO = NOTEBOOKS / "practice_studio.ipynb"

LATENCY_CODE = """
import json, statistics, time
import ipywidgets as widgets
import numpy as np
from course_utils import explore

def moves(control, count):
    low, high = control.min, control.max
    step = getattr(control, "step", 1) or 1
    points = np.linspace(low, high, count)
    values = [type(control.value)(round(round(p / step) * step, 6)) for p in points]
    return [v for pair in zip(values, values[::-1]) for v in pair][:count]

def median_ms(control, values):
    times = []
    for value in values:
        start = time.perf_counter()
        control.value = value
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000

def slider_of(explorer):
    return next(n for n, c in explorer.controls.items()
                if isinstance(c, (widgets.FloatSlider, widgets.IntSlider)))

import matplotlib
matplotlib.use("module://matplotlib_inline.backend_inline")
import matplotlib.pyplot as plt

results = {}
for name in NAMES:
    explorer = getattr(explore, name)()
    slider = slider_of(explorer)
    values = moves(explorer.controls[slider], MOVES)
    explorer.controls[slider].value = values[-1]  # warm up
    fast = median_ms(explorer.controls[slider], values)

    host = getattr(explore, name)()
    for control in host.controls.values():
        control.unobserve_all("value")
    chart_type = type(host.chart)

    def show(**values):
        figure = plt.figure(figsize=chart_type.size, dpi=chart_type.dpi)
        host.draw(chart_type(figure=figure), values)
        plt.show()

    output = widgets.interactive_output(show, host.controls)
    host.controls[slider].value = values[-1]
    naive = median_ms(host.controls[slider], values[:NAIVE_MOVES])
    results[name] = {"control": slider, "moves": len(values), "median_ms": fast,
                     "naive_median_ms": naive, "naive_moves": NAIVE_MOVES,
                     "redraws": explorer.redraws}
print(json.dumps(results))
"""


def explorer_names() -> list[str]:
    sys.path.insert(0, str(REPO))
    from course_utils import explore

    return [name for name in explore.__all__ if name != "Explorer"]


def kernel_manager() -> KernelManager:
    """A Python kernel on local IPC sockets: no TCP ports, no unencrypted-transport warning."""
    sockets = Path(tempfile.mkdtemp(prefix="course-bench-")) / "kernel"
    return KernelManager(kernel_name="python3", transport="ipc", ip=str(sockets))


def latency(moves: int, naive_moves: int) -> dict:
    manager = kernel_manager()
    manager.start_kernel(cwd=str(NOTEBOOKS))
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=120)
        code = (
            f"NAMES = {explorer_names()!r}\nMOVES = {moves}\nNAIVE_MOVES = {naive_moves}\n"
            + LATENCY_CODE
        )
        lines: list[str] = []

        def collect(message: dict) -> None:
            if message["msg_type"] == "stream" and message["content"]["name"] == "stdout":
                lines.append(message["content"]["text"])
            elif message["msg_type"] == "error":
                lines.append("\n".join(message["content"]["traceback"]))

        reply = client.execute_interactive(code, timeout=None, output_hook=collect)
        if reply["content"]["status"] != "ok":
            raise RuntimeError("".join(lines))
        return json.loads("".join(lines).strip().splitlines()[-1])
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


#: What a student does in the practice studio that the stored notebook does not: read a reply
#: (the classifier's model is built at that first use).
READ_A_REPLY = (
    'from course_utils.practice.classifier import classify; classify("What brings you here?")'
)


@dataclass(frozen=True)
class KernelMemory:
    """A kernel's memory after running a notebook, in MiB."""

    peak: float  # peak resident memory (VmHWM): what the kernel held at most
    anonymous: float  # its own data at the end (RssAnon): objects, arrays, buffers
    files: float  # pages of library files it maps at the end (RssFile)


def kernel_memory(notebook: Path, then: str = "") -> KernelMemory:
    """Run a notebook on a fresh kernel (and then the code `then`, if given) and measure it."""
    nb = nbformat.read(notebook, as_version=4)
    if then:
        nb.cells.append(nbformat.v4.new_code_cell(then))
    nb.cells.append(
        # VmHWM is the kernel's own peak; ru_maxrss would include the launcher's before exec.
        nbformat.v4.new_code_cell(
            "print(*(l.split()[1] for l in open('/proc/self/status') "
            "if l.startswith(('VmHWM', 'RssAnon', 'RssFile'))))"
        )
    )
    NotebookClient(
        nb, km=kernel_manager(), timeout=600, resources={"metadata": {"path": str(NOTEBOOKS)}}
    ).execute()
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs)
    peak, anonymous, files = (int(kib) / 1024 for kib in text.split())
    return KernelMemory(peak, anonymous, files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=40, help="slider moves per explorer")
    parser.add_argument(
        "--naive-moves", type=int, default=12, help="moves for the (slow) naive pattern"
    )
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    arguments = parser.parse_args()
    os.environ.setdefault("COURSE_UTILS_DATA_DIR", tempfile.mkdtemp(prefix="course-bench-"))

    results = {"latency": latency(arguments.moves, arguments.naive_moves), "memory_mib": {}}
    print("| explorer | control | median ms | naive median ms | speed-up |")
    print("|---|---|---:|---:|---:|")
    for name, row in results["latency"].items():
        speedup = row["naive_median_ms"] / row["median_ms"]
        print(
            f"| `{name}` | {row['control']} | {row['median_ms']:.1f} | "
            f"{row['naive_median_ms']:.1f} | {speedup:.1f}× |"
        )
    print(
        "\n| notebook | peak (MiB) | own data (MiB) | library pages (MiB) |\n|---|---:|---:|---:|"
    )
    runs = [(notebook, f"`{notebook.name}`", "") for notebook in sorted(NOTEBOOKS.glob("*.ipynb"))]
    runs.append((STUDIO, f"`{STUDIO.name}` (a reply read)", READ_A_REPLY))
    for notebook, label, then in runs:
        memory = kernel_memory(notebook, then)
        results["memory_mib"][label] = asdict(memory)
        print(f"| {label} | {memory.peak:.1f} | {memory.anonymous:.1f} | {memory.files:.1f} |")
    if arguments.json:
        arguments.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
