"""Module 05 explorers: countertransference and the transference template, driven by a student."""

from __future__ import annotations

import re

import pytest

from course_utils import explore


def alt_text(explorer) -> str:
    assert explorer.image.alt, "the chart image has no alt text"
    return explorer.image.alt


@pytest.fixture(params=["countertransference", "transference_template"])
def explorer(request):
    return getattr(explore, request.param)()


def test_countertransference_starts_at_hayes_et_al() -> None:
    explorer = explore.countertransference()
    assert explorer.controls["r_my"].value == pytest.approx(0.39)
    text = explorer.description.value
    assert "published −.27" in text and "published −.16" in text and "published .39" in text
    assert "positive definite" in text and "teaching approximation" in text
    assert "Hayes" in explorer.children[-1].value


def test_impossible_correlations_are_explained_not_crashed() -> None:
    explorer = explore.countertransference()
    explorer.controls["r_mr"].value = -0.9
    explorer.controls["r_ry"].value = 0.9
    assert "cannot all hold in one population" in alt_text(explorer)
    assert "between −1.00 and −.62" in explorer.description.value
    assert explorer.chart.warning.get_visible()
    explorer.controls["r_ry"].value = -0.16
    assert not explorer.chart.warning.get_visible()
    assert "valid correlation matrix" in explorer.description.value


def test_the_readout_and_description_carry_all_three_paths() -> None:
    explorer = explore.countertransference()
    explorer.controls["r_my"].value = 0.5
    readout = explorer.readout.value
    paths = re.search(
        r"management → reactions (−?\.\d\d), reactions → outcome (−?\.\d\d), "
        r"management → outcome (−?\.\d\d)",
        readout,
    ).groups()
    assert paths[0] == "−.27"
    text = alt_text(explorer)
    assert f"path from management to reactions is {paths[0]}" in text
    assert f"path from management to outcome is {paths[2]}" in text
    assert f"from reactions to outcome {paths[1]}" in text


def test_switching_the_template_redraws_once() -> None:
    explorer = explore.transference_template()
    before = explorer.redraws
    explorer.controls["template"].value = "hostile-submissive"
    assert explorer.redraws == before + 1
    assert "hostile and submissive" in explorer.description.value


def test_full_pull_leaves_the_expected_warmth_where_it_started() -> None:
    explorer = explore.transference_template()
    explorer.controls["pull"].value = 1.0
    assert "if pulled in" in explorer.readout.value
    assert "−0.70 if pulled in" in explorer.readout.value


def test_an_unknown_template_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="template must be one of"):
        explore.transference_template(template="friendly")


def test_a_positive_partial_path_at_zero_correlation_is_explained_as_suppression() -> None:
    explorer = explore.countertransference()
    assert "suppression effect" not in explorer.description.value  # signs agree at defaults
    explorer.controls["r_ry"].value = 0.0
    text = explorer.description.value
    assert "raw correlation is .00, yet holding management constant the path is .11" in text
    assert "suppression effect, not a benefit of reactions" in text
