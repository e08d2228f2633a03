"""Where the data lives: connectors that open files, database files and database URLs."""

from airlock.assess.sources.base import (
    Comments,
    Connector,
    EngineOptions,
    OpenSource,
    SourcesFile,
    SourceSpec,
    TableRef,
)
from airlock.assess.sources.registry import CONNECTORS, open_source, spec_from_argument

__all__ = [
    "CONNECTORS",
    "Comments",
    "Connector",
    "EngineOptions",
    "OpenSource",
    "SourceSpec",
    "SourcesFile",
    "TableRef",
    "open_source",
    "spec_from_argument",
]
