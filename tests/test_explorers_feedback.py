"""Module 03 explorers: outcome monitoring and the feedback effect, driven like a student."""

from __future__ import annotations

import re

import pytest

from course_utils import explore


def alt_text(explorer) -> str:
    assert explorer.image.alt, "the chart image has no alt text"
    return explorer.image.alt


@pytest.fixture(params=["outcome_monitoring", "feedback_effect"])
def explorer(request):
    return getattr(explore, request.param)()


def test_monitoring_starts_from_one_set_of_norms_the_dutch_cutoff_and_rci() -> None:
    explorer = explore.outcome_monitoring()
    assert explorer.controls["cutoff"].value == 56
    assert explorer.controls["rci"].value == 18
    assert "cutoff of 56" in explorer.description.value
    assert "measurement error of 6.5 points" in explorer.description.value
    assert "Timman" in explorer.children[-1].value  # the Dutch norms are cited
    assert "63" not in explorer.description.value  # the unverified US cutoff is not used


def test_the_cutoff_splits_reliable_improvement_but_does_not_change_it() -> None:
    explorer = explore.outcome_monitoring()

    def improved() -> tuple[int, int]:
        found = re.search(r"recovered (\d+)% · improved (\d+)%", explorer.readout.value)
        return int(found.group(1)), int(found.group(2))

    splits = {56: improved()}
    for cutoff in (40, 70, 90):
        explorer.controls["cutoff"].value = cutoff
        splits[cutoff] = improved()
    assert len(set(splits.values())) > 1  # the cutoff moves clients between the two
    assert max(map(sum, splits.values())) - min(map(sum, splits.values())) <= 1  # rounding
    assert "cutoff of 90" in alt_text(explorer)


def test_another_rci_is_explained_and_the_us_figure_is_named_as_another_norm() -> None:
    explorer = explore.outcome_monitoring()
    explorer.controls["rci"].value = 14
    text = alt_text(explorer)
    assert "An RCI of 14 would fit a measure with an error of 5.1 points" in text
    assert "goes with US norms" in text


def test_a_flag_is_a_warning_some_flagged_clients_still_improve() -> None:
    explorer = explore.outcome_monitoring()
    found = re.search(
        r"(\d+)% of them ended with no reliable change or worse, and (\d+)% still",
        explorer.description.value,
    )
    assert found and 0 < int(found.group(2)) < 50


def test_the_feedback_explorer_starts_at_the_published_effects() -> None:
    explorer = explore.feedback_effect()
    assert explorer.controls["d_all"].value == pytest.approx(0.15)
    assert explorer.controls["d_not"].value == pytest.approx(0.17)
    assert "simulated d = 0.15" in explorer.description.value
    assert "de Jong" in explorer.children[-1].value


def test_no_feedback_effect_leaves_the_first_two_conditions_alike() -> None:
    explorer = explore.feedback_effect()
    explorer.controls["d_all"].value = 0.0
    explorer.controls["d_not"].value = 0.0
    recovered = re.search(r"recovered (\d+)% → (\d+)%", explorer.readout.value).groups()
    assert recovered[0] == recovered[1]
