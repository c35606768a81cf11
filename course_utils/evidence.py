"""The findings table: every published number the course uses, looked up by id."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .schema import ContentError, EvidenceFile, Finding, load

EVIDENCE_FILE = Path(__file__).parent / "content" / "evidence.yaml"


def findings() -> dict[str, Finding]:
    """All findings in the evidence file, by id (validated once, then cached)."""
    return findings_in(EVIDENCE_FILE)


@cache
def findings_in(path: Path) -> dict[str, Finding]:
    table = load(path, EvidenceFile, noun="finding").findings
    by_id: dict[str, Finding] = {}
    for finding in table:
        if finding.id in by_id:
            raise ContentError(
                f'{path}, finding "{finding.id}": the id repeats — give each finding its own id'
            )
        by_id[finding.id] = finding
    return by_id


def get(finding_id: str) -> Finding:
    """One finding by id; an unknown id names the file and the ids that do exist."""
    table = findings()
    try:
        return table[finding_id]
    except KeyError:
        raise ContentError(
            f'{EVIDENCE_FILE}: no finding "{finding_id}" — add it, or use one of: '
            + ", ".join(sorted(table))
        ) from None


def value(finding_id: str) -> float:
    """The headline value of a quantitative finding that is safe to put on a chart."""
    finding = get(finding_id)
    if finding.value is None:
        raise ContentError(f'{EVIDENCE_FILE}, finding "{finding_id}": has no numeric value')
    if finding.status == "U":
        raise ContentError(
            f'{EVIDENCE_FILE}, finding "{finding_id}": is unverified (status U) — '
            "check it in the primary source before a chart uses it"
        )
    return finding.value


def cite(finding_id: str) -> str:
    """A one-line grounding string, e.g. "r = .278, Flückiger et al., 2018, k = 295".

    It shows the figure as the authors published it: a range or a bound where they gave one,
    never the single value we took from it. Derived values say how they were made, and
    unverified ones are marked at the front.
    """
    finding = get(finding_id)
    parts = []
    figure = published_figure(finding)
    if figure:
        parts.append(figure)
    parts.append(finding.short)
    if finding.k:
        parts.append(f"k = {finding.k:,}")
    if finding.n:
        parts.append(f"N = {finding.n_note + ' ' if finding.n_note else ''}{finding.n:,}")
    if finding.status == "V2":
        parts.append("cited in a secondary source")
    line = ", ".join(parts)
    if finding.status == "D":
        how = finding.derivation[:1].lower() + finding.derivation[1:].rstrip(".")
        line += f" (derived by us: {how})"
    if finding.status == "U":
        line = f"Unverified, not checked in the source: {line}"
    return line


def published_figure(finding: Finding) -> str:
    """The finding's number as the source states it: a value, a range or a bound ("" if none)."""
    if finding.interval_kind == "range" and finding.interval:
        low, high = (format_stat(x, finding.statistic) for x in finding.interval)
        if finding.statistic == "percent":
            return f"{low}%–{high}%".replace("-", "−")
        return _with_unit(f"{low}–{high}", finding.statistic).replace("-", "−")
    if finding.value is None:
        return ""
    figure = _with_unit(format_stat(finding.value, finding.statistic), finding.statistic)
    figure = {"below": "fewer than ", "up-to": "up to "}.get(finding.bound or "", "") + figure
    if finding.interval_kind == "study-range" and finding.interval:
        low, high = (format_stat(x, finding.statistic) for x in finding.interval)
        unit = "%" if finding.statistic == "percent" else ""
        figure += f" (range across studies {low}{unit}–{high}{unit})"
    return figure.replace("-", "−")


def _with_unit(number: str, statistic: str) -> str:
    if statistic == "percent":
        return f"{number}%"
    if statistic in {"sessions", "points"}:
        return f"{number} {statistic}"
    if statistic == "none":
        return number
    return f"{statistic} = {number}"


def format_stat(number: float, statistic: str) -> str:
    """APA style: no leading zero for statistics bounded by 1 (r, ICC)."""
    if statistic in {"r", "ICC"}:
        text = f"{number:.3f}".rstrip("0") if round(number, 2) != number else f"{number:.2f}"
        return text.replace("0.", ".", 1)
    return f"{number:g}"
