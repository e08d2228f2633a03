"""Log readers: one module per format, each registering itself in `REGISTRY`."""

from airlock.discover.readers import squid, zeek_json, zeek_tsv
from airlock.discover.readers.base import (
    EVENT_COLUMNS,
    REGISTRY,
    STAGED_COLUMNS,
    LogFile,
    ReadContext,
    Reader,
    register,
)

__all__ = [
    "EVENT_COLUMNS",
    "REGISTRY",
    "STAGED_COLUMNS",
    "LogFile",
    "ReadContext",
    "Reader",
    "register",
    "squid",
    "zeek_json",
    "zeek_tsv",
]
