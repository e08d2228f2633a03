"""Helpers for discovery tests: write small logs (plain or gzip) and read them for real."""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from airlock.discover.config import DiscoverConfig
from airlock.discover.ingest import FileStats, Workbench, ingest
from airlock.discover.service import available_readers
from airlock.discover.sources import Skipped, expand, plan


def write_log(path: Path, text: str | bytes, *, gz: bool = False) -> Path:
    data = text.encode("utf-8") if isinstance(text, str) else text
    path.parent.mkdir(parents=True, exist_ok=True)
    if gz:
        with gzip.open(path, "wb") as stream:
            stream.write(data)
    else:
        path.write_bytes(data)
    return path


@dataclass
class Loaded:
    events: list[dict[str, Any]]
    files: list[FileStats]
    skipped: list[Skipped]

    def file(self, name: str) -> FileStats:
        return next(f for f in self.files if f.path.endswith(name))


def load(
    *inputs: str | Path, forced: str | None = None, config: DiscoverConfig | None = None
) -> Loaded:
    """Read `inputs` through the real planner, readers and DuckDB ingest."""
    readers = available_readers(config or DiscoverConfig())
    chosen = next(r for r in readers if r.name == forced) if forced else None
    result = plan(expand([str(i) for i in inputs]), readers, chosen)
    with Workbench() as bench:
        stats = ingest(bench, result)
        cursor = bench.con.execute("SELECT * FROM events ORDER BY ts, host")
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return Loaded(rows, stats, result.skipped)
