"""Tables of `airlock discover` runs (registered on the shared `Base` by models.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from airlock.store.models import Base, StoredRun


class DiscoveryRun(StoredRun):
    """One discovery run: headline figures plus the whole report as JSON."""

    __tablename__ = "discovery_runs"

    since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    catalog_version: Mapped[str] = mapped_column(String(200))
    inputs: Mapped[str] = mapped_column(Text)
    lines: Mapped[int] = mapped_column(BigInteger)
    malformed: Mapped[int] = mapped_column(BigInteger)
    events: Mapped[int] = mapped_column(BigInteger)
    ai_events: Mapped[int] = mapped_column(BigInteger)
    sanctioned_requests: Mapped[int] = mapped_column(BigInteger)
    shadow_requests: Mapped[int] = mapped_column(BigInteger)
    ai_users: Mapped[int] = mapped_column(Integer)


class DiscoveryService(Base):
    """Usage of one AI service in one run, for the console's per-service views."""

    __tablename__ = "discovery_services"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("discovery_runs.id", ondelete="CASCADE"), index=True
    )
    service_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    requests: Mapped[int] = mapped_column(BigInteger)
    users: Mapped[int] = mapped_column(Integer)
    bytes_out: Mapped[int] = mapped_column(BigInteger)
    bytes_in: Mapped[int] = mapped_column(BigInteger)
    first_seen: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_seen: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    risk_score: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        Index("ix_discovery_services_run_service", "run_id", "service_id", unique=True),
    )
