"""Tables of `airlock assess` runs (registered on the shared `Base` by models.py)."""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from airlock.store.models import Base, StoredRun


class AssessmentRun(StoredRun):
    """One assessment: headline scores plus the whole report as JSON."""

    __tablename__ = "assessment_runs"

    airlock_version: Mapped[str] = mapped_column(String(40))
    sources: Mapped[int] = mapped_column(Integer)
    tables: Mapped[int] = mapped_column(Integer)
    rows: Mapped[int] = mapped_column(BigInteger)
    overall: Mapped[int] = mapped_column(Integer)
    level: Mapped[int] = mapped_column(Integer)
    level_name: Mapped[str] = mapped_column(String(40))
    hierarchy: Mapped[str | None] = mapped_column(String(20))
    findings: Mapped[int] = mapped_column(Integer)


class AssessmentTrait(Base):
    """One trait's score in one run, for the console's trend views."""

    __tablename__ = "assessment_traits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_runs.id", ondelete="CASCADE"), index=True
    )
    trait: Mapped[str] = mapped_column(String(20))
    score: Mapped[int] = mapped_column(Integer)
    evidence: Mapped[str] = mapped_column(String(12))

    __table_args__ = (Index("ix_assessment_traits_run_trait", "run_id", "trait", unique=True),)
