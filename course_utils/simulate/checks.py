"""Parameter checks shared by every model: a value out of range says the allowed range."""

from __future__ import annotations


def check_range(name: str, value: float, low: float, high: float) -> float:
    """Return `value` if low <= value <= high, else raise a ValueError naming the range."""
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low:g} and {high:g} (got {value:g})")
    return value
