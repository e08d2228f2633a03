"""Stored runs of a job (assessments, discoveries): one `StoredRun` row of headline figures
holding the whole report as JSON, plus child rows the console queries without parsing it.

Each job keeps its own tables (a run's headline columns differ); this module owns what is
the same for all of them: save in one transaction, load a report back, list recent runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Protocol, TypeVar

from pydantic import BaseModel
from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from airlock.errors import StoreError
from airlock.store.models import Base, StoredRun

R = TypeVar("R", bound=StoredRun)
M = TypeVar("M", bound=BaseModel)


class Report(Protocol):
    run_id: int | None

    def model_dump_json(self) -> str: ...


def aware(value: datetime) -> datetime:
    """Report times are naive UTC; the database columns are zone-aware."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def save(
    engine: Engine,
    run: StoredRun,
    report: Report,
    children: Callable[[int], Iterable[Base]],
    *,
    what: str,
) -> int:
    """Store `run` with `report` as its JSON and the rows `children(run_id)`, in one
    transaction; returns the new id (also set on the report). Raises StoreError naming
    `what` ("assessment run") and only the error's type: its message may quote values."""
    try:
        with Session(engine) as session, session.begin():
            run.report = ""
            session.add(run)
            session.flush()
            report.run_id = run.id
            run.report = report.model_dump_json()
            session.add_all(children(run.id))
            return run.id
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot save the {what}: {type(exc).__name__}") from exc


def load(engine: Engine, row: type[StoredRun], report: type[M], run_id: int, *, what: str) -> M:
    """The stored report of run `run_id`. Raises StoreError when there is none."""
    with Session(engine) as session:
        found = session.get(row, run_id)
        if found is None:
            raise StoreError(f"no {what} {run_id} in the workspace")
        return report.model_validate_json(found.report)


def recent(engine: Engine, row: type[R], limit: int) -> Sequence[R]:
    """The `limit` most recent runs, newest first (detached: read their columns only)."""
    with Session(engine, expire_on_commit=False) as session:
        return session.scalars(select(row).order_by(row.id.desc()).limit(limit)).all()
