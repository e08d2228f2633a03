"""Shared fixtures: real PostgreSQL (a fresh database per session) and an isolated workspace."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ADMIN_URL = os.environ.get(
    "AIRLOCK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def _unavailable(what: str, exc: Exception) -> None:
    message = f"{what} is not reachable ({type(exc).__name__})"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{message}: in CI it must run")
    pytest.skip(message)


@contextmanager
def _new_database() -> Iterator[str]:
    """Create an empty PostgreSQL database, yield its URL, drop it afterwards."""
    name = f"airlock_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        admin.dispose()
        _unavailable("PostgreSQL", exc)
    try:
        yield make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :n AND pid <> pg_backend_pid()"
                ),
                {"n": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """URL of a PostgreSQL database shared by the session (tests may add tables to it)."""
    with _new_database() as url:
        yield url


@pytest.fixture
def fresh_postgres_url() -> Iterator[str]:
    """URL of a new, empty PostgreSQL database for this test only."""
    with _new_database() as url:
        yield url


@pytest.fixture
def workspace_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty AIRLOCK_HOME in a temporary folder, with no database override."""
    home = tmp_path / "ws"
    monkeypatch.setenv("AIRLOCK_HOME", str(home))
    monkeypatch.delenv("AIRLOCK_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    return home
