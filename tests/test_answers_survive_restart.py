"""A student answers every question of modules 00 and 01, restarts the kernel, and finds
every answer still recorded — in real kernels, as in JupyterLab."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from jupyter_client.manager import start_new_kernel

from course_utils.content_check import course_calls

REPO = Path(__file__).resolve().parent.parent
MODULES = ["00_start_here", "01_therapeutic_relationship"]

ANSWER_ALL = """
import json
from course_utils import quiz
from course_utils.schema import MultipleChoice, Numeric, Ordering, SingleChoice
checked = []
for call in CALLS:
    for qid, widget in quiz(*call).questions.items():
        q = widget.question
        if isinstance(q, SingleChoice):
            widget.controls["answer"].value = next(iter(q.correct_ids))
        elif isinstance(q, MultipleChoice):
            for oid in q.correct_ids:
                widget.controls["option:" + oid].value = True
        elif isinstance(q, Numeric):
            widget.controls["answer"].value = f"{q.answer:g}"
        elif isinstance(q, Ordering):
            widget.controls["answer"].set_order([step.id for step in q.steps])
        else:
            raise TypeError("no automatic answer for " + type(q).__name__)
        result = widget.check()
        checked.append([call[0], qid, result.correct])
print(json.dumps(checked))
"""

READ_BACK = """
import json
from course_utils import quiz
restored = []
for call in CALLS:
    for qid, widget in quiz(*call).questions.items():
        restored.append([call[0], qid, "Correct" in widget.feedback.value])
print(json.dumps(restored))
"""


def run_in_fresh_kernel(code: str, data_dir: Path) -> list:
    env = {**os.environ, "COURSE_UTILS_DATA_DIR": str(data_dir)}
    manager, client = start_new_kernel(kernel_name="python3", cwd=str(REPO / "notebooks"), env=env)
    try:
        output: list[str] = []

        def keep(message: dict) -> None:
            content = message["content"]
            if message["msg_type"] == "stream":
                output.append(content["text"])
            elif message["msg_type"] == "error":
                output.append("\n".join(content["traceback"]))

        reply = client.execute_interactive(code, timeout=120, output_hook=keep)
        assert reply["content"]["status"] == "ok", "".join(output)
        return json.loads("".join(output).strip().splitlines()[-1])
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


@pytest.mark.parametrize("module", MODULES)
def test_every_answer_is_still_there_after_a_restart(module: str, tmp_path: Path) -> None:
    calls = [
        args
        for name, args, _ in course_calls(REPO / "notebooks" / f"{module}.ipynb")
        if name == "quiz"
    ]
    assert calls, f"{module} has no quiz"
    setup = f"CALLS = {calls!r}\n"
    answered = run_in_fresh_kernel(setup + ANSWER_ALL, tmp_path)
    assert answered and all(correct for _, _, correct in answered)
    restored = run_in_fresh_kernel(setup + READ_BACK, tmp_path)
    assert restored == answered
