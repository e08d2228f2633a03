"""Keeping assessment runs in the workspace database, for the console and `--compare`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from airlock.assess.model import AssessmentReport
from airlock.store import runs
from airlock.store.assess_models import AssessmentRun, AssessmentTrait

WHAT = "assessment run"


@dataclass(frozen=True)
class RunSummary:
    id: int
    created_at: datetime
    overall: int
    level_name: str
    findings: int


def save_run(engine: Engine, report: AssessmentReport) -> int:
    """Store `report`; returns the new run id (also set on the report). Raises StoreError."""
    run = AssessmentRun(
        created_at=runs.aware(report.created_at),
        airlock_version=report.airlock_version[:40],
        sources=report.estate.sources,
        tables=report.estate.tables,
        rows=report.estate.rows,
        overall=report.overall,
        level=report.maturity.level,
        level_name=report.maturity.name,
        hierarchy=report.hierarchy.reached,
        findings=len(report.plan),
    )
    return runs.save(
        engine,
        run,
        report,
        lambda run_id: (
            AssessmentTrait(run_id=run_id, trait=t.id, score=t.score, evidence=t.evidence)
            for t in report.traits
        ),
        what=WHAT,
    )


def load_run(engine: Engine, run_id: int) -> AssessmentReport:
    """The stored report of run `run_id`. Raises StoreError when there is none."""
    return runs.load(engine, AssessmentRun, AssessmentReport, run_id, what=WHAT)


def list_runs(engine: Engine, limit: int = 20) -> list[RunSummary]:
    """The most recent runs, newest first."""
    return [
        RunSummary(r.id, r.created_at, r.overall, r.level_name, r.findings)
        for r in runs.recent(engine, AssessmentRun, limit)
    ]
