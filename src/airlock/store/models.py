"""The workspace's tables (SQLAlchemy 2 declarative models)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Index, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class StoredRun(Base):
    """What every job's run table has (store/runs.py): an id, when, and the whole report
    as JSON; each job's table adds its headline figures as columns."""

    __abstract__ = True

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    report: Mapped[str] = mapped_column(Text)


class FingerprintFile(Base):
    """A source file indexed by `airlock fingerprint`."""

    __tablename__ = "fingerprint_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    root: Mapped[str] = mapped_column(String(1024))
    path: Mapped[str] = mapped_column(String(1024))
    sha256: Mapped[str] = mapped_column(String(64))
    scheme: Mapped[str] = mapped_column(String(64))
    fingerprints: Mapped[int] = mapped_column(Integer)
    indexed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_fingerprint_files_root_path", "root", "path", unique=True),)


class Fingerprint(Base):
    """One winnowed fingerprint of an indexed file."""

    __tablename__ = "fingerprints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_id: Mapped[int] = mapped_column(
        ForeignKey("fingerprint_files.id", ondelete="CASCADE"), index=True
    )
    hash: Mapped[int] = mapped_column(BigInteger, index=True)
    offset: Mapped[int] = mapped_column(Integer)


from airlock.store import assess_models as _assess_models  # noqa: E402,F401
from airlock.store import discover_models as _discover_models  # noqa: E402,F401
from airlock.store import gateway_models as _gateway_models  # noqa: E402,F401
