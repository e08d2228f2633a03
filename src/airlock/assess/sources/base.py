"""What a source is, and the small interface every connector implements.

A connector claims a `SourceSpec` (a path or a URL) and opens it as an `OpenSource`: an ibis
backend, the tables to measure, and optional hooks for what only some engines expose
(comments, governance). Register a new connector by adding its class to `registry.py`.
"""

from __future__ import annotations

import fnmatch
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from airlock.assess.dialects import Dialect
    from airlock.assess.model import GovernanceEvidence

StorageClass = Literal["file", "embedded", "database", "warehouse", "lake"]
MANAGED: frozenset[str] = frozenset({"database", "warehouse", "lake"})


class SourceSpec(BaseModel):
    """One entry of sources.yaml (or one SOURCE argument)."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, max_length=80)
    path: str | None = None
    url: str | None = None
    password_env: str | None = None
    schemas: list[str] | None = None
    include: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    storage: StorageClass | None = None
    engine: Literal["auto", "duckdb", "spark"] = "auto"
    # engine: spark only (docs/scale.md): where Spark runs, its configuration, and what to
    # read: catalog tables (`catalog.database.table`) and/or one dataset at `path`.
    master: str | None = None
    spark_conf: dict[str, str] = Field(default_factory=dict)
    tables: list[str] = Field(default_factory=list)
    format: Literal["parquet", "csv", "json", "delta", "orc"] | None = None

    @model_validator(mode="after")
    def _one_location(self) -> SourceSpec:
        if self.engine == "spark":
            if self.url is not None:
                raise ValueError("engine: spark reads path or tables; put the Spark URL in master")
            if self.path is None and not self.tables and not self.schemas:
                raise ValueError("engine: spark needs path, tables or schemas")
            return self
        spark_only = [k for k in ("master", "format") if getattr(self, k) is not None]
        spark_only += [k for k in ("spark_conf", "tables") if getattr(self, k)]
        if spark_only:
            raise ValueError(f"{', '.join(spark_only)}: only with engine: spark")
        if (self.path is None) == (self.url is None):
            raise ValueError("give exactly one of path or url")
        return self

    def wants(self, table: str) -> bool:
        """Whether `table` passes the include/exclude globs."""
        if self.include and not any(fnmatch.fnmatch(table, p) for p in self.include):
            return False
        return not any(fnmatch.fnmatch(table, p) for p in self.exclude)


class SourcesFile(BaseModel):
    """The schema of sources.yaml."""

    model_config = ConfigDict(extra="forbid")

    version: int = Field(default=1, ge=1, le=1)
    sources: list[SourceSpec] = Field(min_length=1)


@dataclass(frozen=True)
class TableRef:
    """A table of a source: `name` as shown, `table`/`database` as the backend knows it."""

    name: str
    table: str
    database: str | None = None
    bytes: int | None = None
    format: str | None = None


@dataclass
class Comments:
    """Documentation the engine keeps: a table comment and column comments."""

    table: str | None = None
    columns: dict[str, str] = field(default_factory=dict)


@dataclass
class OpenSource:
    """An opened source: its backend, dialect and tables. Close it when done."""

    name: str
    format: str
    location: str
    storage: StorageClass
    reachable_by: Literal["connection", "export"]
    backend: Any
    dialect: Dialect
    tables: list[TableRef]
    connector: Connector
    errors: list[str] = field(default_factory=list)

    def table(self, ref: TableRef) -> ir.Table:
        if ref.database is not None:
            return self.backend.table(ref.table, database=ref.database)
        return self.backend.table(ref.table)

    def comments(self, ref: TableRef) -> Comments:
        return self.connector.comments(self, ref)

    def governance(self) -> GovernanceEvidence | None:
        return self.connector.governance(self)

    def close(self) -> None:
        disconnect = getattr(self.backend, "disconnect", None)
        if disconnect is not None:
            disconnect()


@dataclass(frozen=True)
class EngineOptions:
    """Limits for the embedded DuckDB engine (files, DuckDB files)."""

    memory_limit: str = "2GB"
    threads: int | None = None
    temp_directory: str | None = None


class Connector(ABC):
    """Opens one kind of source. Subclasses set `name` and implement claims/open."""

    name: str = "base"

    @abstractmethod
    def claims(self, spec: SourceSpec) -> bool:
        """Whether this connector reads `spec`."""

    @abstractmethod
    def open(self, spec: SourceSpec, options: EngineOptions) -> OpenSource:
        """Connect and list the tables. Raises SourceError (no secret in the message)."""

    def comments(self, source: OpenSource, ref: TableRef) -> Comments:
        return Comments()

    def governance(self, source: OpenSource) -> GovernanceEvidence | None:
        return None
