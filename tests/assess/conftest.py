"""A small table with planted defects, written to every kind of source for real.

The expected figures are computed in plain Python from the same rows, independently of
the engines, so each backend's result is checked against a second implementation.
"""

from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from sqlalchemy import create_engine, text

NOW = datetime(2026, 11, 1, tzinfo=UTC)
PLACEHOLDER_VALUES = ["N/A", "unknown", "-"]
CARD = "4111 1111 1111 1111"
COLUMNS = ["id", "email", "status", "signup", "phone", "updated_at", "notes", "lastLogin"]


@dataclass
class Planted:
    rows: list[dict[str, Any]]

    def column(self, name: str) -> list[Any]:
        return [r[name] for r in self.rows]

    def arrow(self) -> pa.Table:
        return pa.table(
            {
                "id": pa.array(self.column("id"), pa.int64()),
                "email": pa.array(self.column("email"), pa.string()),
                "status": pa.array(self.column("status"), pa.string()),
                "signup": pa.array(self.column("signup"), pa.string()),
                "phone": pa.array(self.column("phone"), pa.string()),
                "updated_at": pa.array(self.column("updated_at"), pa.timestamp("us")),
                "notes": pa.array(self.column("notes"), pa.string()),
                "lastLogin": pa.array(self.column("lastLogin"), pa.date32()),
            }
        )


def make_rows(seed: int = 5) -> Planted:
    rnd = random.Random(seed)
    rows: list[dict[str, Any]] = []
    base = NOW.replace(tzinfo=None)
    for i in range(400):
        day = date(2024, 1, 1) + timedelta(days=rnd.randrange(600))
        signup = (
            day.isoformat() if i % 10 < 7 else day.strftime("%m/%d/%Y") if i % 10 < 9
            else day.strftime("%d.%m.%Y")
        )  # fmt: skip
        email: str | None = f"user{i}.name@example.com"
        if i % 20 == 0:
            email = None
        elif i % 50 == 7:
            email = f"  USER{i - 1}.NAME@EXAMPLE.COM "  # near-duplicate of the row before
        status = rnd.choice(["active", "closed"])
        if i % 13 == 0:
            status = PLACEHOLDER_VALUES[i % 3]
        elif i % 37 == 0:
            status = ""
        phone = (
            f"+1 415-{200 + i % 700:03d}-{1000 + i:04d}" if i % 4 else f"(415) 555-{1000 + i:04d}"
        )
        age_days = 800 if i % 5 == 0 else rnd.randrange(1, 300)
        notes = "called back"
        if i % 33 == 0:
            notes = f"wrote from user{i}.name@example.com"
        elif i % 67 == 0:
            notes = f"paid with card {CARD}"
        rows.append({
            "id": i, "email": email, "status": status, "signup": signup, "phone": phone,
            "updated_at": base - timedelta(days=age_days, hours=i % 24), "notes": notes,
            "lastLogin": (base - timedelta(days=age_days)).date(),
        })  # fmt: skip
    rows.extend(dict(rows[i]) for i in (3, 14, 15, 92, 93, 200, 201, 202))  # exact duplicates
    return Planted(rows)


@pytest.fixture(scope="session")
def planted() -> Planted:
    return make_rows()


@pytest.fixture(scope="session")
def files(tmp_path_factory: pytest.TempPathFactory, planted: Planted) -> dict[str, Path]:
    """The planted table as Parquet, CSV, SQLite and DuckDB files."""
    root = tmp_path_factory.mktemp("sources")
    table = planted.arrow()
    pq.write_table(table, root / "customers.parquet")
    csv_dir = root / "exports"
    csv_dir.mkdir()
    pacsv.write_csv(table, csv_dir / "customers.csv")
    sqlite = root / "crm.sqlite"
    with sqlite3.connect(sqlite) as con:
        con.execute(
            "CREATE TABLE customers (id INTEGER, email TEXT, status TEXT, signup TEXT, "
            'phone TEXT, updated_at TIMESTAMP, notes TEXT, "lastLogin" DATE)'
        )
        con.executemany(
            "INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(r["id"], r["email"], r["status"], r["signup"], r["phone"],
              r["updated_at"].isoformat(sep=" "), r["notes"], r["lastLogin"].isoformat())
             for r in planted.rows],
        )  # fmt: skip
    ddb = root / "warehouse.duckdb"
    with duckdb.connect(str(ddb)) as con:
        con.register("src", table)
        con.execute("CREATE TABLE customers AS SELECT * FROM src")
        con.execute("COMMENT ON TABLE customers IS 'One row per customer'")
        con.execute("COMMENT ON COLUMN customers.email IS 'Primary e-mail'")
    return {"parquet": root / "customers.parquet", "csv": csv_dir, "sqlite": sqlite,
            "duckdb": ddb, "root": root}  # fmt: skip


@pytest.fixture(scope="session")
def postgres_source(postgres_url: str, planted: Planted) -> str:
    """The planted table in PostgreSQL, plus grants and RLS set up like a real estate."""
    engine = create_engine(postgres_url)
    table = planted.arrow()
    with engine.begin() as conn:
        conn.execute(text(
            'CREATE TABLE customers (id bigint, email text, status text, signup text, '
            'phone text, updated_at timestamp, notes text, "lastLogin" date)'
        ))  # fmt: skip
        conn.execute(
            text("INSERT INTO customers VALUES (:id, :email, :status, :signup, :phone, "
                 ":updated_at, :notes, :lastLogin)"),
            table.to_pylist(),
        )  # fmt: skip
        conn.execute(text("COMMENT ON TABLE customers IS 'One row per customer'"))
        conn.execute(text("GRANT SELECT ON customers TO PUBLIC"))
        conn.execute(text("CREATE TABLE orders (order_id bigint PRIMARY KEY, customer_id bigint)"))
        conn.execute(text("INSERT INTO orders SELECT g, g % 50 FROM generate_series(1, 120) g"))
        conn.execute(text("ALTER TABLE orders ENABLE ROW LEVEL SECURITY"))
    engine.dispose()
    return postgres_url.replace("postgresql+psycopg://", "postgresql://")
