"""Module 08 explorers: labelled controls, one redraw per change, a description as alt text."""

from __future__ import annotations

import html
import re

import numpy as np
import pytest

from course_utils import explore

NAMES = ("dose_response", "therapist_effects", "practice_vs_experience")


def description(explorer) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", explorer.description.value))


def other_value(control) -> float:
    return control.max if control.value != control.max else control.min


@pytest.fixture(params=NAMES)
def explorer(request):
    return getattr(explore, request.param)()


# --- dose_response ------------------------------------------------------------------------------


def test_dose_response_starts_at_howards_fifty_percent_by_session_eight() -> None:
    explorer = explore.dose_response()
    assert explorer.controls["sessions"].value == 8
    assert "After 8 sessions: 50% improved" in explorer.readout.value
    assert "our own two-point fit" in description(explorer)
    assert "Howard et al., 1986" in explorer.children[-1].value


def test_dose_response_26_sessions_gives_75_percent() -> None:
    explorer = explore.dose_response()
    explorer.controls["sessions"].value = 26
    assert "After 26 sessions: 75% improved" in explorer.readout.value


def test_switching_the_criterion_redraws_once_and_leads_with_recovery() -> None:
    explorer = explore.dose_response()
    before = explorer.redraws
    explorer.controls["criterion"].value = "recovered"
    assert explorer.redraws == before + 1
    assert re.search(r"After 8 sessions: \d+% recovered", explorer.readout.value)
    assert "stricter criterion" in description(explorer)


def test_the_recovery_point_moves_the_stricter_curve() -> None:
    explorer = explore.dose_response(sessions=13)
    explorer.controls["half"].value = 13.0
    assert "predicts 50% recovered" in description(explorer)


def test_the_readout_carries_the_bar_values_at_the_dotted_line() -> None:
    explorer = explore.dose_response()
    explorer.controls["sessions"].value = 20
    improved, recovered = (round(bar.get_height()) for bar in explorer.chart.bars)
    readout = explorer.readout.value
    assert f"improved (simulated {improved}%)" in readout
    assert f"recovered (simulated {recovered}%)" in readout
    assert f"{improved}% of the simulated clients were" in description(explorer)


def test_dose_response_rejects_out_of_range_defaults() -> None:
    with pytest.raises(ValueError, match="sessions must be between 1 and 52"):
        explore.dose_response(sessions=0)


# --- therapist_effects --------------------------------------------------------------------------


def test_therapist_effects_starts_at_the_published_five_percent() -> None:
    explorer = explore.therapist_effects()
    assert explorer.controls["icc"].value == pytest.approx(5.0)
    assert "ICC" in explorer.controls["icc"].description
    assert "5.0% of the variance" in description(explorer)
    assert "Wampold &amp; Brown" in explorer.children[-1].value


def test_more_clients_make_two_therapists_easier_to_tell_apart() -> None:
    explorer = explore.therapist_effects()
    explorer.controls["clients"].value = 5
    few = int(re.search(r"mean (\d+)% of the time", description(explorer)).group(1))
    explorer.controls["clients"].value = 200
    many = int(re.search(r"mean (\d+)% of the time", description(explorer)).group(1))
    assert few < many


def test_the_readout_counts_how_many_top_performers_a_league_table_misplaces() -> None:
    from course_utils.explorers.enhancing import misplaced_in_top

    assert misplaced_in_top(np.arange(20.0), np.arange(20.0), 10) == 0
    assert misplaced_in_top(np.arange(20.0), -np.arange(20.0), 10) == 10
    explorer = explore.therapist_effects()

    def misplaced() -> int:
        return int(re.search(r"(\d+) of the observed top 10", explorer.readout.value).group(1))

    few = misplaced()
    assert f"{few} are not among the 10 who are truly best" in description(explorer)
    explorer.controls["icc"].value = 29
    explorer.controls["clients"].value = 200
    assert misplaced() < few


def test_the_practice_group_is_called_deliberate_practice_and_chow_is_cross_sectional() -> None:
    explorer = explore.practice_vs_experience()
    text = description(explorer)
    assert "cross-sectional" in text and "17 therapists" in text
    assert "no study has measured a yearly gain" in text
    assert "ROM" not in explorer.readout.value


def test_therapist_effects_rejects_an_icc_outside_the_published_range() -> None:
    with pytest.raises(ValueError, match=r"icc_percent must be between 0\.2 and 29"):
        explore.therapist_effects(icc_percent=40)


# --- practice_vs_experience ---------------------------------------------------------------------


def test_practice_vs_experience_marks_its_rates_illustrative_and_cites_the_trials() -> None:
    explorer = explore.practice_vs_experience()
    assert "illustrative" in explorer.controls["gain"].description
    sources = explorer.children[-1].value
    assert "Illustrative" in sources and "practice gain per year" in sources
    assert "'some concerns' or high" in description(explorer)


def test_without_practice_gain_the_description_says_no_further_gain() -> None:
    explorer = explore.practice_vs_experience()
    explorer.controls["gain"].value = 0.0
    assert "gain a further 0.000 d a year" in description(explorer)


def test_the_readout_carries_the_ten_year_change_of_both_groups() -> None:
    explorer = explore.practice_vs_experience()
    explorer.controls["drift"].value = -0.03
    experience, practice = (bar.get_height() for bar in explorer.chart.bars)
    readout = explorer.readout.value
    assert f"experience only {experience:+.2f} d" in readout
    assert f"deliberate practice {practice:+.2f} d" in html.unescape(readout)
    assert f"a change of {experience:+.2f} over ten years" in description(explorer)
