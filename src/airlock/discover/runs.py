"""Keeping discovery runs in the workspace database, for the console and `--compare`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import orjson
from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from airlock.discover.model import DiscoveryReport
from airlock.errors import StoreError
from airlock.store.discover_models import DiscoveryRun, DiscoveryService


def _aware(value: datetime | None) -> datetime | None:
    """Report times are naive UTC; the database columns are zone-aware."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


@dataclass(frozen=True)
class RunSummary:
    id: int
    created_at: datetime
    ai_events: int
    shadow_requests: int
    sanctioned_requests: int
    ai_users: int


def save_run(engine: Engine, report: DiscoveryReport) -> int:
    """Store `report`; returns the new run id (also set on the report)."""
    totals = report.totals
    run = DiscoveryRun(
        created_at=_aware(report.created_at),
        since=_aware(report.since),
        until=_aware(report.until),
        catalog_version=report.catalog_version[:200],
        inputs=orjson.dumps(report.inputs).decode(),
        lines=totals.lines,
        malformed=totals.malformed,
        events=totals.events,
        ai_events=totals.ai_events,
        sanctioned_requests=totals.sanctioned_requests,
        shadow_requests=totals.shadow_requests,
        ai_users=totals.ai_users,
        report="",
    )
    try:
        with Session(engine) as session, session.begin():
            session.add(run)
            session.flush()
            report.run_id = run.id
            run.report = report.model_dump_json()
            session.add_all(
                DiscoveryService(
                    run_id=run.id,
                    service_id=s.id,
                    name=s.name[:200],
                    category=s.category,
                    status=s.status,
                    requests=s.requests,
                    users=s.users,
                    bytes_out=s.bytes_out,
                    bytes_in=s.bytes_in,
                    first_seen=_aware(s.first_seen),
                    last_seen=_aware(s.last_seen),
                    risk_score=s.risk.score,
                )
                for s in report.services
            )
            return run.id
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot save the discovery run: {type(exc).__name__}") from exc


def load_run(engine: Engine, run_id: int) -> DiscoveryReport:
    """The stored report of run `run_id`. Raises StoreError when there is none."""
    with Session(engine) as session:
        run = session.get(DiscoveryRun, run_id)
        if run is None:
            raise StoreError(f"no discovery run {run_id} in the workspace")
        return DiscoveryReport.model_validate_json(run.report)


def list_runs(engine: Engine, limit: int = 20) -> list[RunSummary]:
    """The most recent runs, newest first."""
    with Session(engine) as session:
        rows = session.scalars(
            select(DiscoveryRun).order_by(DiscoveryRun.id.desc()).limit(limit)
        ).all()
        return [
            RunSummary(
                r.id,
                r.created_at,
                r.ai_events,
                r.shadow_requests,
                r.sanctioned_requests,
                r.ai_users,
            )
            for r in rows
        ]
