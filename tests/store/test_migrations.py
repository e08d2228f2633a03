from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from airlock.errors import StoreError
from airlock.store import open_database
from airlock.store.db import connect, downgrade, migrate
from airlock.store.models import Base

TABLES = {"alembic_version", "fingerprint_files", "fingerprints"}


@pytest.fixture(params=["sqlite", "postgres"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Engine:
    if request.param == "sqlite":
        return open_database(f"sqlite:///{tmp_path / 'db' / 'airlock.db'}")
    url = request.getfixturevalue("fresh_postgres_url")
    return open_database(url)


def test_migrations_create_every_table(database: Engine) -> None:
    assert set(inspect(database).get_table_names()) >= TABLES


def test_models_and_migrations_agree(database: Engine) -> None:
    with database.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_downgrade_then_upgrade_round_trips(database: Engine) -> None:
    downgrade(database, "base")
    assert set(inspect(database).get_table_names()) <= {"alembic_version"}
    migrate(database)
    assert set(inspect(database).get_table_names()) >= TABLES


def test_opening_twice_is_idempotent(database: Engine) -> None:
    migrate(database)
    with database.connect() as conn:
        versions = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    assert len(versions) == 1


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'airlock.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_unreachable_server_error_hides_the_password() -> None:
    url = "postgresql://airlock:s3cr3t-Passw0rd@127.0.0.1:1/airlock"
    with pytest.raises(StoreError) as info:
        open_database(url)
    assert "s3cr3t-Passw0rd" not in str(info.value)
    assert "127.0.0.1:1" in str(info.value)


def test_invalid_url_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="invalid database URL"):
        connect("not a url")
