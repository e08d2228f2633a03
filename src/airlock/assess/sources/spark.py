"""Spark sources (`engine: spark` in sources.yaml): catalog tables and lake datasets.

The metrics are the same ibis definitions as everywhere; ibis compiles them to Spark SQL and
Spark runs them where the data lives. Only aggregates and the bounded sample come back to
this process. A `path` is one dataset in Spark's sense (a file, or a folder of part files,
partitioned folders included); `tables` name catalog tables (`catalog.database.table`);
`schemas` list every table of those databases.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from airlock.assess.dialects import dialect_for
from airlock.assess.sources.base import (
    Comments,
    Connector,
    EngineOptions,
    OpenSource,
    SourceSpec,
    TableRef,
)
from airlock.engines import spark as engine
from airlock.errors import ConfigError, SourceError

SUFFIXES = {
    ".parquet": "parquet", ".pq": "parquet", ".csv": "csv", ".tsv": "csv", ".txt": "csv",
    ".json": "json", ".jsonl": "json", ".ndjson": "json", ".orc": "orc",
}  # fmt: skip
STORAGE_SCHEMES = frozenset({
    "file", "s3", "s3a", "s3n", "gs", "abfs", "abfss", "wasb", "wasbs", "adl", "hdfs", "dbfs",
    "oss", "cos", "viewfs",
})  # fmt: skip
READ_OPTIONS: dict[str, dict[str, str]] = {
    # The same reading DuckDB's read_csv does: a header, types inferred, dates as dates.
    "csv": {"header": "true", "inferSchema": "true", "mode": "PERMISSIVE"},
    "json": {"mode": "PERMISSIVE"},
}


def _format(spec: SourceSpec) -> str:
    """The dataset format: as declared, else from the file's suffix or a local folder's
    first data file (`_delta_log` means Delta), else Parquet (the lake default)."""
    if spec.format is not None:
        return spec.format
    path = Path(spec.path or "")
    if path.is_dir():
        if (path / "_delta_log").is_dir():
            return "delta"
        # The first data file found decides (part files share a format); no full listing.
        first = next(
            (p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()), None
        )
        return SUFFIXES[first.suffix.lower()] if first is not None else "parquet"
    suffix = path.suffix.lower()
    return SUFFIXES.get(suffix, "parquet")


def spec_for_argument(argument: str, master: str, conf: dict[str, str]) -> SourceSpec:
    """A SOURCE argument of `airlock assess --engine spark`: a path or storage URI that
    Spark reads as one dataset. Raises ConfigError for a database URL."""
    scheme = argument.split("://", 1)[0].lower() if "://" in argument else ""
    if scheme and scheme not in STORAGE_SCHEMES:
        raise ConfigError(
            f"{argument.split('://', 1)[0]}://...: --engine spark reads paths and storage "
            "URIs; list catalog tables under tables: in sources.yaml"
        )
    return SourceSpec(engine="spark", path=argument, master=master, spark_conf=conf)


def _label(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1] or path


@dataclass
class SparkSource(OpenSource):
    """An open Spark source; closing drops its temporary views and keeps the session."""

    views: list[str] = field(default_factory=list)
    session: Any = None

    def close(self) -> None:
        for view in self.views:
            self.backend.raw_sql(f"DROP VIEW IF EXISTS `{view}`")


class SparkConnector(Connector):
    name = "spark"

    def claims(self, spec: SourceSpec) -> bool:
        return spec.engine == "spark"

    def open(self, spec: SourceSpec, options: EngineOptions) -> OpenSource:
        fmt = _format(spec) if spec.path is not None else None
        spark_options = engine.SparkOptions(
            master=spec.master or "local[*]", conf=spec.spark_conf, delta=fmt == "delta"
        )
        session = engine.get_session(spark_options)
        backend = engine.ibis_backend(session)
        shown = engine.redact_master(spark_options.master)
        tables: list[TableRef] = []
        views: list[str] = []
        errors: list[str] = []
        if spec.path is not None and fmt is not None:
            tables.append(self._dataset(session, spec.path, fmt, views))
        for name in spec.tables:
            tables.append(self._table(backend, name))
        for database in spec.schemas or []:
            try:
                # SHOW TABLES also lists the session's temporary views: those are not data.
                listed = session.catalog.listTables(database)
                names = sorted(t.name for t in listed if not t.isTemporary)
            except Exception as exc:
                errors.append(f"{database}: cannot list tables ({type(exc).__name__})")
                continue
            for table in names:
                label = f"{database}.{table}"
                if spec.wants(label):
                    tables.append(TableRef(label, table, database, None, "table"))
        location = spec.path or ", ".join(spec.tables + list(spec.schemas or []))
        return SparkSource(
            name=spec.name or (_label(spec.path) if spec.path else "spark"),
            format=f"spark:{fmt or 'table'}",
            location=f"{location} on {shown}",
            storage=spec.storage or ("lake" if spec.path else "warehouse"),
            reachable_by="connection",
            backend=backend,
            dialect=dialect_for(backend),
            tables=tables,
            connector=self,
            errors=errors,
            views=views,
            session=session,
        )

    def _dataset(self, session: Any, path: str, fmt: str, views: list[str]) -> TableRef:
        view = f"airlock_{uuid.uuid4().hex[:12]}"
        on_disk = ":" not in path.split("/", 1)[0]
        local = on_disk and not any(c in path for c in "*?[{")
        if local and not Path(path).exists():
            raise SourceError(f"{path}: no such file or folder")
        try:
            reader = session.read.format(fmt).options(**READ_OPTIONS.get(fmt, {}))
            # Absolute: a Spark Connect server or a cluster does not share our directory.
            frame = reader.load(str(Path(path).absolute()) if on_disk else path)
            frame.createOrReplaceTempView(view)
        except Exception as exc:
            # Spark's message may quote the data or the storage credentials: keep its kind.
            raise SourceError(f"{path}: cannot read as {fmt} ({type(exc).__name__})") from None
        views.append(view)
        size = _size(Path(path))
        return TableRef(_label(path), view, None, size, fmt)

    def _table(self, backend: Any, name: str) -> TableRef:
        parts = name.split(".")
        database = ".".join(parts[:-1]) or None
        try:
            backend.table(parts[-1], database=database)
        except Exception as exc:
            raise SourceError(f"{name}: no such table ({type(exc).__name__})") from None
        return TableRef(name, parts[-1], database, None, "table")

    def comments(self, source: OpenSource, ref: TableRef) -> Comments:
        """Table and column comments from the Spark catalog (Unity Catalog, Hive, Glue)."""
        if ref.database is None and ref.table.startswith("airlock_"):
            return Comments()  # a dataset read from a path has no catalog entry
        qualified = f"{ref.database}.{ref.table}" if ref.database else ref.table
        if not isinstance(source, SparkSource):
            return Comments()
        try:
            catalog = source.session.catalog
            table = catalog.getTable(qualified).description
            columns = {c.name: c.description for c in catalog.listColumns(qualified)}
        except Exception:  # comments are optional evidence; a catalog without them is fine
            return Comments()
        return Comments(table or None, {k: v for k, v in columns.items() if v})


def _size(path: Path) -> int | None:
    """Bytes of a local dataset (None for remote storage: not worth a listing)."""
    try:
        if path.is_file():
            return path.stat().st_size
        if path.is_dir():
            return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    except OSError:
        return None
    return None
