"""Comparing two assessments: which scores moved, which findings were fixed or are new."""

from __future__ import annotations

from pydantic import BaseModel

from airlock.assess.model import AssessmentReport, Remediation


class TraitDelta(BaseModel):
    id: str
    name: str
    before: int
    after: int

    @property
    def change(self) -> int:
        return self.after - self.before


class FindingDelta(BaseModel):
    id: str
    title: str
    before_share: float | None
    after_share: float | None


class Comparison(BaseModel):
    """What changed from a previous run to this one."""

    before_run: int | None
    after_run: int | None
    before_overall: int
    after_overall: int
    before_level: str
    after_level: str
    traits: list[TraitDelta]
    fixed: list[FindingDelta]
    new: list[FindingDelta]
    improved: list[FindingDelta]
    worsened: list[FindingDelta]
    # Earlier findings whose place this run did not measure (source or table missing or
    # failed, question not answered): neither fixed nor still open.
    not_reassessed: list[FindingDelta] = []
    declared_changed: bool = False


def _delta(a: Remediation | None, b: Remediation | None) -> FindingDelta:
    ref = b or a
    assert ref is not None
    return FindingDelta(id=ref.id, title=ref.title, before_share=a.share if a else None,
                        after_share=b.share if b else None)  # fmt: skip


def _covered(finding: Remediation, after: AssessmentReport) -> bool:
    """Whether `after` measured the place of `finding` (so its absence means fixed)."""
    where = finding.where
    if finding.id.startswith("declared:"):
        return where in after.declared
    if where == "estate" or where.startswith("entity:"):
        return True
    for source in after.sources:
        if where == source.name:
            return bool(source.tables)
        for table in source.tables:
            place = f"{source.name}.{table.name}"
            if table.error is None and (where == place or where.startswith(place + ".")):
                return True
    return False


def compare(before: AssessmentReport, after: AssessmentReport) -> Comparison:
    """The change from `before` to `after` (scores, then findings by id)."""
    old = {t.id: t for t in before.traits}
    traits = [
        TraitDelta(
            id=t.id, name=t.name, before=old[t.id].score if t.id in old else 0, after=t.score
        )
        for t in after.traits
    ]
    was = {i.id: i for i in before.plan}
    now = {i.id: i for i in after.plan}
    improved: list[FindingDelta] = []
    worsened: list[FindingDelta] = []
    for key in sorted(set(was) & set(now)):
        a, b = was[key].share, now[key].share
        if a is not None and b is not None and abs(a - b) >= 0.001:
            (improved if b < a else worsened).append(_delta(was[key], now[key]))
    gone = sorted(set(was) - set(now))
    return Comparison(
        before_run=before.run_id,
        after_run=after.run_id,
        before_overall=before.overall,
        after_overall=after.overall,
        before_level=before.maturity.name,
        after_level=after.maturity.name,
        traits=traits,
        fixed=[_delta(was[k], None) for k in gone if _covered(was[k], after)],
        not_reassessed=[_delta(was[k], None) for k in gone if not _covered(was[k], after)],
        declared_changed=before.declared != after.declared,
        new=[_delta(None, now[k]) for k in sorted(set(now) - set(was))],
        improved=improved,
        worsened=worsened,
    )
