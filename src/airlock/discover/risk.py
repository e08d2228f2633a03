"""Risk scores for services and people, from documented rules (docs/discover.md#risk-score).

Service score = status points + catalog attribute points + upload-volume points, halved for
AI-capable SaaS (`dedicated: false`), 0 for sanctioned services, capped at 100.
Person score = the highest attribute score among the non-sanctioned services they use
+ upload-volume points for what they sent there + breadth points, capped at 100.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from airlock.discover.catalog import Risk as CatalogRisk
from airlock.discover.config import Status
from airlock.discover.model import Level, Risk

STATUS_POINTS = {
    Status.prohibited: 45,
    Status.unsanctioned: 30,
    Status.tolerated: 10,
    Status.sanctioned: 0,
}
# (minimum bytes, points): the first threshold reached counts.
VOLUME_POINTS = ((1 << 30, 20), (100 << 20, 15), (10 << 20, 10), (1 << 20, 5))
BREADTH_POINTS_PER_SERVICE = 3
BREADTH_POINTS_MAX = 10
LEVELS = ((75, Level.critical), (50, Level.high), (25, Level.medium), (0, Level.low))


@dataclass(frozen=True)
class ServiceFacts:
    """What scoring needs to know about a service."""

    name: str
    status: Status
    dedicated: bool
    risk: CatalogRisk | None  # None for the gateway itself


# EU member states: a service processing data in one of them is "in the EU" for a company
# whose allowed regions say EU. (EU residency does not satisfy a single country: the vendor
# may process anywhere in the EU.)
EU_MEMBERS = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    ]
)
ALIASES = {"GB": "UK", "EL": "GR"}


def region_allowed(region: str, allowed: Sequence[str]) -> bool:
    """Whether data processed in `region` (catalog code) stays within `allowed` regions."""
    wanted = {ALIASES.get(a, a) for a in allowed}
    region = ALIASES.get(region, region)
    return region in wanted or (region in EU_MEMBERS and "EU" in wanted)


def level(score: int) -> Level:
    return next(lvl for threshold, lvl in LEVELS if score >= threshold)


def megabytes(n: int) -> str:
    return f"{n / (1 << 20):.1f} MB"


def volume_points(bytes_out: int) -> int:
    return next((points for floor, points in VOLUME_POINTS if bytes_out >= floor), 0)


def inherent(facts: ServiceFacts, allowed_regions: Sequence[str] | None) -> tuple[int, list[str]]:
    """Points from status and catalog attributes alone, with the reasons."""
    if facts.status is Status.sanctioned:
        return 0, ["sanctioned"]
    points = STATUS_POINTS[facts.status]
    reasons = [f"{facts.status.value} (+{points})"]
    risk = facts.risk
    if risk is not None:
        if risk.trains_on_inputs is True:
            points += 20
            reasons.append("vendor may train on inputs by default (+20)")
        elif risk.trains_on_inputs is None:
            points += 10
            reasons.append("training on inputs not documented (+10)")
        # Not documented is never scored as safe: about half the points of a known "no".
        if risk.enterprise_plan is False:
            points += 5
            reasons.append("no enterprise offering (+5)")
        elif risk.enterprise_plan is None:
            points += 3
            reasons.append("enterprise offering not documented (+3)")
        if risk.zero_retention is False:
            points += 5
            reasons.append("no zero-retention option (+5)")
        elif risk.zero_retention is None:
            points += 3
            reasons.append("zero retention not documented (+3)")
        if [a.value for a in risk.accounts] == ["personal"]:
            points += 10
            reasons.append("personal accounts only (+10)")
        if not risk.data_residency:
            points += 5
            reasons.append("data residency not documented (+5)")
        elif allowed_regions is not None and not any(
            region_allowed(r, allowed_regions) for r in risk.data_residency
        ):
            points += 15
            regions = ", ".join(risk.data_residency)
            reasons.append(f"processed outside allowed regions: {regions} (+15)")
    return points, reasons


def service_risk(
    facts: ServiceFacts, bytes_out: int, allowed_regions: Sequence[str] | None
) -> Risk:
    """The documented service score."""
    points, reasons = inherent(facts, allowed_regions)
    if facts.status is Status.sanctioned:
        return Risk(score=0, level=Level.low, reasons=reasons)
    volume = volume_points(bytes_out)
    if volume:
        points += volume
        reasons.append(f"{megabytes(bytes_out)} uploaded (+{volume})")
    if not facts.dedicated:
        points //= 2
        reasons.append("AI-capable SaaS, not AI-only traffic (halved)")
    score = min(points, 100)
    return Risk(score=score, level=level(score), reasons=reasons)


def person_risk(
    shadow: Sequence[tuple[ServiceFacts, int]],
    allowed_regions: Sequence[str] | None,
) -> Risk:
    """The documented person score; `shadow` is (service, bytes sent) for non-sanctioned use."""
    if not shadow:
        return Risk(score=0, level=Level.low, reasons=["only sanctioned services"])
    scored = []
    for facts, _ in shadow:
        points, _reasons = inherent(facts, allowed_regions)
        scored.append((points // (1 if facts.dedicated else 2), facts.name))
    base, worst = max(scored)
    reasons = [f"uses {worst} ({base})"]
    sent = sum(bytes_out for _, bytes_out in shadow)
    volume = volume_points(sent)
    if volume:
        reasons.append(f"{megabytes(sent)} sent to non-sanctioned services (+{volume})")
    breadth = min(BREADTH_POINTS_PER_SERVICE * (len(shadow) - 1), BREADTH_POINTS_MAX)
    if breadth:
        reasons.append(f"{len(shadow)} non-sanctioned services (+{breadth})")
    score = min(base + volume + breadth, 100)
    return Risk(score=score, level=level(score), reasons=reasons)
