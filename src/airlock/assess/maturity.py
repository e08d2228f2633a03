"""The overall maturity level and the place on the Data Science Hierarchy of Needs.

Overall score: the mean of the four traits. The level follows the score, but never exceeds
one level above the weakest trait's: an estate with one failing trait is not data-ready.
The hierarchy (collect -> move/store -> explore/transform -> aggregate/label ->
learn/optimize) is climbed stage by stage; a stage is reached when all its conditions hold
and every stage below it is reached, and the report lists what blocks the next one.
"""

from __future__ import annotations

from dataclasses import dataclass

from airlock.assess.model import Hierarchy, Maturity, Stage, TraitScore

LEVELS: tuple[tuple[int, str, str], ...] = (
    (0, "Unprepared", "Data is scattered, unreliable and unprotected; AI would learn the mess."),
    (40, "Emerging", "Some data is managed, but quality and governance gaps block AI use."),
    (60, "Developing", "Core data is usable with care; fix the listed gaps before scaling AI."),
    (75, "Data-ready", "Data is centralized, clean and governed enough for AI projects."),
    (90, "AI-optimized", "Data is managed as a product: AI can be built and run on it safely."),
)


def _level_of(score: int) -> int:
    return max(i for i, (floor, _, _) in enumerate(LEVELS) if score >= floor) + 1


def maturity(traits: list[TraitScore]) -> Maturity:
    """The overall score and its named level (1..5)."""
    overall = round(sum(t.score for t in traits) / len(traits)) if traits else 0
    weakest = min((_level_of(t.score) for t in traits), default=1)
    level = min(_level_of(overall), weakest + 1)
    _, name, description = LEVELS[level - 1]
    return Maturity(level=level, name=name, description=description, score=overall)


@dataclass(frozen=True)
class Condition:
    text: str
    holds: bool


def _scores(traits: list[TraitScore]) -> dict[str, int | None]:
    out: dict[str, int | None] = {t.id: t.score for t in traits}
    for t in traits:
        for c in t.criteria:
            out[c.id] = c.score
    return out


def _at_least(scores: dict[str, int | None], key: str, floor: int, text: str) -> Condition:
    value = scores.get(key)
    shown = "unknown" if value is None else str(value)
    return Condition(f"{text} ({key} {shown}, needs {floor})", value is not None and value >= floor)


def hierarchy(traits: list[TraitScore], rows: int) -> Hierarchy:
    """Stages with their blockers; `reached` is the highest stage reached."""
    s = _scores(traits)
    stages = [
        ("collect", "Collect", [Condition("data could be read from the sources", rows > 0)]),
        ("store", "Move / store", [
            _at_least(s, "storage", 60, "data is held in managed, centralized stores"),
            _at_least(s, "integration", 50, "sources are reachable without manual export"),
        ]),
        ("explore", "Explore / transform", [
            _at_least(s, "quality", 60, "data quality supports exploration"),
            _at_least(s, "quality.completeness", 60, "fields are filled in"),
        ]),
        ("aggregate", "Aggregate / label", [
            _at_least(s, "quality.duplicate_keys", 70, "keys identify records uniquely"),
            _at_least(s, "storage.documentation", 50, "tables and columns are documented"),
            _at_least(s, "governance", 60, "sensitive data is governed before it is labeled"),
        ]),
        ("learn", "Learn / optimize", [
            _at_least(s, trait, 75, f"{trait} is data-ready")
            for trait in ("storage", "quality", "governance", "integration")
        ]),
    ]  # fmt: skip
    out: list[Stage] = []
    reached: str | None = None
    below = True
    for sid, name, conditions in stages:
        ok = below and all(c.holds for c in conditions)
        blockers = [c.text for c in conditions if not c.holds]
        out.append(Stage(id=sid, name=name, reached=ok, blockers=blockers))
        if ok:
            reached = sid
        below = ok
    return Hierarchy(reached=reached, stages=out)
