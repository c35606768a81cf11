"""Every reflection prompt in a notebook has commentary, shown once the student has written."""

from __future__ import annotations

from pathlib import Path

import pytest

from course_utils.catalogue import course_calls
from course_utils.reflections import commentaries

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_reflection_has_commentary(path: Path) -> None:
    prompts = [args[0] for name, args, _ in course_calls(path) if name == "reflect" and args]
    written = commentaries(path.stem[:2])
    missing = [prompt for prompt in prompts if not written.get(prompt, "").strip()]
    assert missing == [], (
        f"{path.name}: no commentary for {', '.join(missing)} — add it to "
        f"course_utils/content/reflections/{path.stem[:2]}.yaml"
    )
