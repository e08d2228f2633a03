"""What every log reader provides, and the registry readers add themselves to.

A reader turns raw log files into rows of the staged-events schema (`STAGED_COLUMNS`): the
normalized event fields, the file it came from, and `bad`, a masked copy of the raw line when
the line could not be parsed (NULL otherwise). Readers may use DuckDB-specific SQL; everything
after them works on the normalized `events` table only.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

# Normalized event fields; `ts` is UTC without a zone.
EVENT_COLUMNS: dict[str, str] = {
    "ts": "TIMESTAMP",
    "src_ip": "VARCHAR",
    "user": "VARCHAR",
    "host": "VARCHAR",
    "method": "VARCHAR",
    "status": "INTEGER",
    "bytes_out": "BIGINT",
    "bytes_in": "BIGINT",
    "source_format": "VARCHAR",
}
STAGED_COLUMNS: dict[str, str] = {**EVENT_COLUMNS, "file": "VARCHAR", "bad": "VARCHAR"}


@dataclass(frozen=True)
class LogFile:
    """An input file: where it is, whether it is gzip, and its first decompressed bytes."""

    path: Path
    gzip: bool
    head: bytes


@dataclass
class ReadContext:
    """The DuckDB connection readers build on, and the reject tables their scans fill."""

    con: duckdb.DuckDBPyConnection
    reject_tables: list[tuple[str, str]] = field(default_factory=list)

    def new_rejects(self) -> tuple[str, str]:
        """Fresh (errors, scans) table names for one `read_csv(..., store_rejects=true)`."""
        n = len(self.reject_tables)
        names = (f"rejects_errors_{n}", f"rejects_scans_{n}")
        self.reject_tables.append(names)
        return names


class Reader(ABC):
    """One log format. `sniff` looks at a file's head; `relation` reads files of that format."""

    # Class attributes for built-in readers; a mapped reader sets them per instance.
    name: str
    description: str

    @abstractmethod
    def sniff(self, head: bytes) -> bool:
        """Whether `head` (the first decompressed bytes of a file) is in this format."""

    @abstractmethod
    def relation(self, ctx: ReadContext, files: Sequence[LogFile]) -> duckdb.DuckDBPyRelation:
        """A lazy relation of `STAGED_COLUMNS` rows for `files` (all in this format)."""


REGISTRY: dict[str, type[Reader]] = {}


def register(cls: type[Reader]) -> type[Reader]:
    """Class decorator adding a built-in reader (constructible without arguments)."""
    REGISTRY[cls.name] = cls
    return cls


def first_line(head: bytes, *, skip_comments: bool = False) -> str:
    """The first non-empty line of `head` (optionally not starting with '#'), decoded leniently."""
    for raw in head.split(b"\n"):
        line = raw.strip().decode("utf-8", "replace")
        if line and not (skip_comments and line.startswith("#")):
            return line
    return ""


def first_lines(head: bytes, count: int) -> list[str]:
    """Up to `count` non-empty lines from the start of `head`, decoded leniently."""
    lines = []
    for raw in head.split(b"\n")[: count * 4]:
        line = raw.strip().decode("utf-8", "replace")
        if line:
            lines.append(line)
            if len(lines) == count:
                break
    return lines
