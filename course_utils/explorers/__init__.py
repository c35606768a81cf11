"""Explorers: controls bound to a pure model and a chart, one redraw per change.

Call them from a notebook as `explore.alliance_outcome()`. Each topic's module is imported on
first use, so a notebook's kernel holds only the models and charts it shows.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from .base import Explorer

#: Every explorer, by the topic module that defines it (a test checks each module's `__all__`).
TOPICS = {
    "alliance_outcome": "relationship",
    "message_received": "communication",
    "whose_view_counts": "communication",
    "feedback_effect": "feedback",
    "outcome_monitoring": "feedback",
    "containment_window": "containment",
    "countertransference": "transference",
    "transference_template": "transference",
    "circumplex_dance": "change",
    "stages_and_dose": "change",
    "sudden_gains": "change",
    "cultural_fit": "challenges",
    "rupture_repair": "challenges",
    "dose_response": "enhancing",
    "practice_vs_experience": "enhancing",
    "therapist_effects": "enhancing",
}

__all__ = ["Explorer", *TOPICS]


def __getattr__(name: str) -> Any:
    if name not in TOPICS:
        raise AttributeError(f"course_utils.explore has no explorer {name!r}")
    explorer = getattr(import_module(f".{TOPICS[name]}", __name__), name)
    globals()[name] = explorer
    return explorer


def __dir__() -> list[str]:
    return sorted(__all__)
