"""The registered connectors, tried in order: the first that claims a source opens it."""

from __future__ import annotations

from pathlib import Path

from airlock.assess.sources import credentials
from airlock.assess.sources.base import Connector, EngineOptions, OpenSource, SourceSpec
from airlock.assess.sources.databases import DuckDBFileConnector, SQLiteConnector, URLConnector
from airlock.assess.sources.files import FilesConnector
from airlock.assess.sources.postgres import PostgresConnector
from airlock.assess.sources.spark import SparkConnector
from airlock.errors import ConfigError, SourceError

CONNECTORS: list[Connector] = [
    SparkConnector(),  # claims only `engine: spark`, whatever the path looks like
    SQLiteConnector(),
    DuckDBFileConnector(),
    PostgresConnector(),
    FilesConnector(),
    URLConnector(),
]


def spec_from_argument(argument: str) -> SourceSpec:
    """A SOURCE argument as a spec. Raises ConfigError for a URL with a literal password."""
    if "://" in argument:
        if credentials.has_literal_password(argument):
            raise ConfigError(
                f"{credentials.redact(argument)}: do not put a password on the command line; "
                "use ${VAR} in the URL, the driver's variable (PGPASSWORD) or sources.yaml "
                "with password_env"
            )
        return SourceSpec(url=argument)
    return SourceSpec(path=argument)


def open_source(spec: SourceSpec, options: EngineOptions) -> OpenSource:
    """Open `spec` with the first connector that claims it. Raises SourceError."""
    local = spec.engine != "spark"  # Spark paths may be s3a://, abfss://, hdfs://, dbfs:/
    if local and spec.path is not None and not Path(spec.path).exists():
        raise SourceError(f"{spec.path}: no such file or folder")
    for connector in CONNECTORS:
        if connector.claims(spec):
            return connector.open(spec, options)
    where = spec.path or credentials.redact(spec.url or "")
    raise SourceError(f"{where}: not a supported source (file type or URL scheme)")
