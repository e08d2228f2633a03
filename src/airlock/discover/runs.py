"""Keeping discovery runs in the workspace database, for the console and `--compare`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import orjson
from sqlalchemy import Engine

from airlock.discover.model import DiscoveryReport
from airlock.store import runs
from airlock.store.discover_models import DiscoveryRun, DiscoveryService

WHAT = "discovery run"


def _aware(value: datetime | None) -> datetime | None:
    return None if value is None else runs.aware(value)


@dataclass(frozen=True)
class RunSummary:
    id: int
    created_at: datetime
    ai_events: int
    shadow_requests: int
    sanctioned_requests: int
    ai_users: int


def _services(report: DiscoveryReport, run_id: int) -> list[DiscoveryService]:
    return [
        DiscoveryService(
            run_id=run_id,
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
    ]


def save_run(engine: Engine, report: DiscoveryReport) -> int:
    """Store `report`; returns the new run id (also set on the report). Raises StoreError."""
    totals = report.totals
    run = DiscoveryRun(
        created_at=runs.aware(report.created_at),
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
    )
    return runs.save(engine, run, report, lambda run_id: _services(report, run_id), what=WHAT)


def load_run(engine: Engine, run_id: int) -> DiscoveryReport:
    """The stored report of run `run_id`. Raises StoreError when there is none."""
    return runs.load(engine, DiscoveryRun, DiscoveryReport, run_id, what=WHAT)


def list_runs(engine: Engine, limit: int = 20) -> list[RunSummary]:
    """The most recent runs, newest first."""
    return [
        RunSummary(
            r.id, r.created_at, r.ai_events, r.shadow_requests, r.sanctioned_requests, r.ai_users
        )
        for r in runs.recent(engine, DiscoveryRun, limit)
    ]
