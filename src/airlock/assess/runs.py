"""Keeping assessment runs in the workspace database, for the console and `--compare`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from airlock.assess.model import AssessmentReport
from airlock.errors import StoreError
from airlock.store.assess_models import AssessmentRun, AssessmentTrait


@dataclass(frozen=True)
class RunSummary:
    id: int
    created_at: datetime
    overall: int
    level_name: str
    findings: int


def save_run(engine: Engine, report: AssessmentReport) -> int:
    """Store `report`; returns the new run id (also set on the report). Raises StoreError."""
    created = (
        report.created_at if report.created_at.tzinfo else report.created_at.replace(tzinfo=UTC)
    )
    run = AssessmentRun(
        created_at=created,
        airlock_version=report.airlock_version[:40],
        sources=report.estate.sources,
        tables=report.estate.tables,
        rows=report.estate.rows,
        overall=report.overall,
        level=report.maturity.level,
        level_name=report.maturity.name,
        hierarchy=report.hierarchy.reached,
        findings=len(report.plan),
        report="",
    )
    try:
        with Session(engine) as session, session.begin():
            session.add(run)
            session.flush()
            report.run_id = run.id
            run.report = report.model_dump_json()
            session.add_all(
                AssessmentTrait(run_id=run.id, trait=t.id, score=t.score, evidence=t.evidence)
                for t in report.traits
            )
            return run.id
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot save the assessment run: {type(exc).__name__}") from exc


def load_run(engine: Engine, run_id: int) -> AssessmentReport:
    """The stored report of run `run_id`. Raises StoreError when there is none."""
    with Session(engine) as session:
        run = session.get(AssessmentRun, run_id)
        if run is None:
            raise StoreError(f"no assessment run {run_id} in the workspace")
        return AssessmentReport.model_validate_json(run.report)


def list_runs(engine: Engine, limit: int = 20) -> list[RunSummary]:
    """The most recent runs, newest first."""
    with Session(engine) as session:
        rows = session.scalars(
            select(AssessmentRun).order_by(AssessmentRun.id.desc()).limit(limit)
        ).all()
        return [RunSummary(r.id, r.created_at, r.overall, r.level_name, r.findings) for r in rows]
