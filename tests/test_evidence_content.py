"""Content checks for course_utils/content/evidence.yaml against the published numbers.

The transcribed values below come from the abstracts recorded in the shared evidence file
(findings.md, section 1). If a test here fails, the YAML no longer matches the literature.
"""

from __future__ import annotations

import re

import pytest

from course_utils import evidence
from course_utils.schema import ContentError, read_yaml

# Section 1a ids that notebooks are written against; they must never disappear or be renamed.
SECTION_1A_IDS = (
    "alliance-outcome",
    "alliance-internet",
    "alliance-negative-share",
    "empathy-outcome",
    "empathy-perspective",
    "empathy-outcome-2011",
    "positive-regard-outcome",
    "positive-regard-multilevel",
    "congruence-outcome",
    "congruence-outcome-2011",
    "goal-consensus-outcome",
    "collaboration-outcome",
    "therapist-collaboration-outcome",
    "feedback-rom-review",
    "rupture-repair-outcome",
    "rupture-training-outcome",
    "rupture-repair-2011",
    "rupture-training-2011",
    "ct-reactions-outcome",
    "ct-management-reactions",
    "ct-management-outcome",
    "ct-management-outcome-2011",
    "real-relationship-outcome",
    "therapist-expression-outcome",
    "client-expression-outcome",
    "disclosure-immediacy",
    "task-force-verdict",
)

# 1a findings whose DOI could not be confirmed when the table was built. They must say so in
# their note; once a DOI is confirmed and added, the entry can simply be removed from this set.
DOI_NOT_CONFIRMED = frozenset(
    {"congruence-outcome", "disclosure-immediacy", "ct-management-outcome-2011"}
)

# (id, statistic, value, 95% CI or None, k, N) as published.
PUBLISHED = (
    ("alliance-outcome", "r", 0.278, (0.256, 0.299), 295, 30000),
    ("alliance-internet", "r", 0.275, None, 23, None),
    ("alliance-negative-share", "percent", 2, None, 295, None),
    ("empathy-outcome", "r", 0.28, (0.23, 0.33), 82, 6138),
    ("empathy-outcome-2011", "r", 0.31, (0.28, 0.34), 59, 3599),
    ("positive-regard-outcome", "g", 0.28, None, 64, None),
    ("positive-regard-multilevel", "g", 0.36, None, 64, None),
    ("congruence-outcome", "r", 0.23, None, 21, 1192),
    ("congruence-outcome-2011", "r", 0.24, (0.12, 0.36), 16, 863),
    ("goal-consensus-outcome", "r", 0.24, (0.19, 0.28), 54, 7278),
    ("collaboration-outcome", "r", 0.29, (0.24, 0.34), 53, 5286),
    ("therapist-collaboration-outcome", "r", 0.26, (0.18, 0.35), 21, 2081),
    ("rupture-repair-outcome", "r", 0.29, (0.10, 0.47), 11, 1314),
    ("rupture-training-outcome", "r", 0.11, (-0.09, 0.30), 6, 276),
    ("rupture-repair-2011", "r", 0.24, (0.09, 0.39), 3, 148),
    ("rupture-training-2011", "r", 0.65, (0.46, 0.78), 8, 376),
    ("ct-reactions-outcome", "r", -0.16, (-0.30, -0.03), 14, 973),
    ("ct-management-reactions", "r", -0.27, (-0.43, -0.10), 13, 1065),
    ("ct-management-outcome", "r", 0.39, (0.17, 0.60), 9, 392),
    ("ct-management-outcome-2011", "r", 0.56, (0.40, 0.73), 7, 478),
    ("real-relationship-outcome", "r", 0.38, (0.30, 0.44), 16, 1502),
    ("therapist-expression-outcome", "d", 0.56, None, 13, None),
    ("client-expression-outcome", "d", 0.85, None, 43, None),
    ("cultural-adaptation", "d", 0.50, None, 99, None),
    ("cultural-adaptation-bias-corrected", "d", 0.35, None, 99, None),
    ("mc-client-rated-outcome", "r", 0.38, None, 15, None),
    ("mc-self-rated-outcome", "r", 0.06, None, 15, None),
    ("stages-of-change", "d", 0.41, None, 76, 25917),
    ("preference-dropout-or", "OR", 1.79, None, 53, 16000),
    ("preference-outcome", "d", 0.28, None, 53, 16000),
    ("dropout-rate", "percent", 19.7, (18.7, 20.7), 669, 83834),
    ("howard-50-by-8", "percent", 50, None, 15, 2400),
    ("howard-75-by-26", "percent", 75, None, 15, 2400),
    ("sudden-gain-size", "points", 11, None, None, None),
    ("sudden-gains-group-cbt", "percent", 17.3, None, None, 98),
    ("oq45-rci", "points", 14, None, None, None),
    ("oq45-dutch-rci", "points", 18, None, None, None),
    ("oq45-dutch-cutoff", "points", 56, None, None, None),
    ("oq45-sd-cutoff", "points", 36, None, None, None),
    ("rom-feedback-overall", "d", 0.15, (0.10, 0.20), 58, 21699),
    ("rom-feedback-not", "d", 0.17, (0.11, 0.22), 58, 21699),
    ("rom-dropout-or", "OR", 1.19, (1.03, 1.38), 58, 21699),
    ("therapist-effects-managed-care", "percent", 5, None, None, 6146),
    ("therapist-effects-dp", "percent", 5.1, None, None, 4580),
)

# Status labels that must stay exactly as findings.md gives them.
STATUS = (
    ("alliance-outcome", "V1"),
    ("howard-before-first-session", "V2"),
    ("howard-probit-fit", "D"),
    ("howard-85-by-52", "U"),
    ("oq45-total-cutoff-us", "U"),
    ("rupture-frequency", "V2"),
    ("lambert-pie", "V2"),
    ("bordin-alliance", "V2"),
    ("sudden-gains-prevalence-ct", "V2"),
)


@pytest.fixture(scope="module")
def table():
    return evidence.findings()


def test_every_section_1a_id_exists(table):
    missing = [i for i in SECTION_1A_IDS if i not in table]
    assert not missing, f"missing section 1a findings: {missing}"


def test_section_1a_findings_have_a_doi(table):
    for finding_id in SECTION_1A_IDS:
        finding = table[finding_id]
        if finding.status not in {"V1", "V2", "D"}:
            continue
        if finding_id in DOI_NOT_CONFIRMED and finding.doi is None:
            assert finding.note and "DOI not confirmed" in finding.note, finding_id
            continue
        assert finding.doi, f"{finding_id} has no DOI"


def test_no_two_findings_share_an_id():
    raw = read_yaml(evidence.EVIDENCE_FILE)
    ids = [item["id"] for item in raw["findings"]]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    assert not repeated, f"repeated ids: {repeated}"


@pytest.mark.parametrize(("finding_id", "statistic", "value", "interval", "k", "n"), PUBLISHED)
def test_values_match_published_numbers(table, finding_id, statistic, value, interval, k, n):
    finding = table[finding_id]
    assert finding.statistic == statistic
    assert finding.value == pytest.approx(value)
    if interval is None:
        assert finding.interval is None
    else:
        assert finding.interval == pytest.approx(interval)
    assert finding.k == k
    assert finding.n == n


@pytest.mark.parametrize(("finding_id", "status"), STATUS)
def test_status_labels_are_kept(table, finding_id, status):
    assert table[finding_id].status == status


def test_every_citation_contains_the_year_in_short(table):
    for finding in table.values():
        year = finding.short.rsplit(", ", 1)[-1]
        assert re.fullmatch(r"\d{4}|n\.d\.", year), (
            f"{finding.id}: odd short form {finding.short!r}"
        )
        assert f"({year})" in finding.citation, f"{finding.id}: {year} not in citation"


def test_doi_appears_in_citation_and_missing_doi_is_flagged(table):
    for finding in table.values():
        if finding.doi:
            assert f"https://doi.org/{finding.doi}" in finding.citation, finding.id
        else:
            assert "doi.org" not in finding.citation, finding.id
            assert finding.note and "DOI not confirmed" in finding.note, finding.id


def test_negative_correlation_is_stored_negative(table):
    assert table["ct-reactions-outcome"].value < 0
    assert table["ct-management-reactions"].value < 0


def test_unverified_values_cannot_be_charted():
    with pytest.raises(ContentError):
        evidence.value("oq45-total-cutoff-us")
    assert evidence.value("alliance-outcome") == pytest.approx(0.278)
