"""Database sources: SQLite and DuckDB files, and any database URL ibis can connect to.

Metric queries run inside the database (ibis compiles them to its SQL); only aggregates and
a bounded sample come back. PostgreSQL adds comments and governance evidence.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import ibis

from airlock.assess.dialects import dialect_for
from airlock.assess.sources import credentials
from airlock.assess.sources.base import (
    Comments,
    Connector,
    EngineOptions,
    OpenSource,
    SourceSpec,
    StorageClass,
    TableRef,
)
from airlock.assess.sources.files import duckdb_backend
from airlock.errors import SourceError

SQLITE_MAGIC = b"SQLite format 3\x00"
WAREHOUSES = {
    "snowflake", "bigquery", "databricks", "trino", "athena", "pyspark", "spark",
    "clickhouse", "druid", "impala", "exasol", "redshift",
}  # fmt: skip


def _magic(path: Path, size: int = 16) -> bytes:
    try:
        with path.open("rb") as stream:
            return stream.read(size)
    except OSError:
        return b""


def _failure(what: str, exc: Exception) -> SourceError:
    # Driver messages can echo the DSN (with its password) or data: keep the type only.
    return SourceError(f"{what}: cannot open ({type(exc).__name__})")


class SQLiteConnector(Connector):
    name = "sqlite"

    def claims(self, spec: SourceSpec) -> bool:
        if spec.url is not None:
            return spec.url.startswith("sqlite:")
        return spec.path is not None and _magic(Path(spec.path)) == SQLITE_MAGIC

    def open(self, spec: SourceSpec, options: EngineOptions) -> OpenSource:
        path = spec.path or urlsplit(spec.url or "").path
        file = Path(path)
        if not file.is_file():
            raise SourceError(f"{file}: no such SQLite file")
        try:
            backend = ibis.sqlite.connect(file)
            names = backend.list_tables()
        except Exception as exc:
            raise _failure(str(file), exc) from None
        tables = [TableRef(n, n, None, None, "sqlite") for n in names if spec.wants(n)]
        return _embedded_file(self, spec, file, fmt="sqlite", backend=backend, tables=tables)


def _embedded_file(
    connector: Connector,
    spec: SourceSpec,
    file: Path,
    *,
    fmt: str,
    backend: Any,
    tables: list[TableRef],
) -> OpenSource:
    """A database kept in one file (SQLite, DuckDB): embedded storage, reached by copying
    the file, not by a connection other systems share."""
    return OpenSource(
        name=spec.name or file.stem,
        format=fmt,
        location=str(file),
        storage=spec.storage or "embedded",
        reachable_by="export",
        backend=backend,
        dialect=dialect_for(backend),
        tables=tables,
        connector=connector,
    )


class DuckDBFileConnector(Connector):
    name = "duckdb"

    def claims(self, spec: SourceSpec) -> bool:
        if spec.url is not None:
            return spec.url.startswith("duckdb:")
        path = Path(spec.path or "")
        return path.suffix.lower() in {".duckdb", ".ddb"} or _magic(path, 16)[8:12] == b"DUCK"

    def open(self, spec: SourceSpec, options: EngineOptions) -> OpenSource:
        path = spec.path or (spec.url or "").split("://", 1)[-1]
        file = Path(path)
        if not file.is_file():
            raise SourceError(f"{file}: no such DuckDB file")
        try:
            backend = duckdb_backend(options, str(file), read_only=True)
            rows = backend.raw_sql(
                "SELECT schema_name, table_name FROM duckdb_tables() WHERE NOT internal "
                "UNION ALL SELECT schema_name, view_name FROM duckdb_views() WHERE NOT internal "
                "ORDER BY 1, 2"
            ).fetchall()
        except Exception as exc:
            raise _failure(str(file), exc) from None
        tables = []
        for schema, table in rows:
            label = table if schema == "main" else f"{schema}.{table}"
            if spec.wants(label) and (spec.schemas is None or schema in spec.schemas):
                tables.append(TableRef(label, table, schema, None, "duckdb"))
        return _embedded_file(self, spec, file, fmt="duckdb", backend=backend, tables=tables)

    def comments(self, source: OpenSource, ref: TableRef) -> Comments:
        con = source.backend.con
        table = con.execute(
            "SELECT comment FROM duckdb_tables() WHERE schema_name = ? AND table_name = ?",
            [ref.database, ref.table],
        ).fetchone()
        columns = con.execute(
            "SELECT column_name, comment FROM duckdb_columns() "
            "WHERE schema_name = ? AND table_name = ? AND comment IS NOT NULL",
            [ref.database, ref.table],
        ).fetchall()
        return Comments(table[0] if table else None, {c: t for c, t in columns if t})


class URLConnector(Connector):
    """Any database URL ibis can open (Snowflake, BigQuery, Trino, MySQL, Spark, ...)."""

    name = "url"

    def claims(self, spec: SourceSpec) -> bool:
        return spec.url is not None and "://" in spec.url

    def scheme(self, spec: SourceSpec) -> str:
        return (spec.url or "").split("://", 1)[0].split("+", 1)[0].lower()

    def connect(self, url: str) -> Any:
        return ibis.connect(url)

    def storage(self, spec: SourceSpec) -> StorageClass:
        return spec.storage or ("warehouse" if self.scheme(spec) in WAREHOUSES else "database")

    def open(self, spec: SourceSpec, options: EngineOptions) -> OpenSource:
        assert spec.url is not None
        shown = credentials.redact(spec.url)
        url = credentials.expand(spec.url, password_env=spec.password_env)
        scheme = self.scheme(spec)
        url = f"{scheme}://{url.split('://', 1)[1]}"
        try:
            backend = self.connect(url)
            tables = self.list_tables(backend, spec)
        except SourceError:
            raise
        except Exception as exc:
            raise _failure(shown, exc) from None
        return OpenSource(
            name=spec.name or (urlsplit(url).path.strip("/") or scheme),
            format=scheme,
            location=shown,
            storage=self.storage(spec),
            reachable_by="connection",
            backend=backend,
            dialect=dialect_for(backend),
            tables=tables,
            connector=self,
        )

    def list_tables(self, backend: Any, spec: SourceSpec) -> list[TableRef]:
        refs: list[TableRef] = []
        schemas: list[str | None] = list(spec.schemas) if spec.schemas else [None]
        for schema in schemas:
            names = backend.list_tables(database=schema) if schema else backend.list_tables()
            for name in names:
                label = f"{schema}.{name}" if schema else name
                if spec.wants(label):
                    refs.append(TableRef(label, name, schema, None, self.scheme(spec)))
        return refs
