"""Persistence: SQLAlchemy 2 models, Alembic migrations, repositories.

SQLite (WAL) in the workspace is the embedded default; `AIRLOCK_DATABASE_URL` points at
PostgreSQL. `open_database(url)` connects and applies pending migrations.
"""

from airlock.store.db import open_database, redacted_url

__all__ = ["open_database", "redacted_url"]
