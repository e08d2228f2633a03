"""Loading log files into one DuckDB table of normalized events, counting malformed lines.

The work database lives in a temporary folder with a memory limit, so DuckDB spills to disk
instead of growing with the input; it is deleted when the run ends.
"""

# SQL here is assembled from constants, catalog-free field names and literal()-quoted paths.
# ruff: noqa: S608

from __future__ import annotations

import gzip
import re
import shutil
import tempfile
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import duckdb

from airlock.discover.readers import STAGED_COLUMNS, LogFile, ReadContext, Reader
from airlock.discover.readers.sql import literal
from airlock.discover.sources import Plan

EXAMPLES = 3
SALVAGE_CHUNK = 64 * 1024
Progress = Callable[[float, str], None]


def mask_line(line: str) -> str:
    """A raw line made safe to show: digits become 9, letters x, first 160 chars (as in SQL)."""
    return re.sub(r"[A-Za-z]|[^\x00-\x7f]", "x", re.sub(r"[0-9]", "9", line[:160]))


@dataclass
class FileStats:
    """What reading one file gave: lines parsed, malformed lines with masked examples."""

    path: str
    format: str
    lines: int = 0
    malformed: int = 0
    examples: list[str] = field(default_factory=list)
    error: str | None = None


class Workbench:
    """A temporary DuckDB database holding the `staged` table and the `events` view."""

    def __init__(self, *, memory_limit: str = "1GB", threads: int | None = None) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="airlock-discover-"))
        self.con = duckdb.connect(str(self.folder / "work.duckdb"))
        self.con.execute(f"SET memory_limit = {literal(memory_limit)}")
        self.con.execute(f"SET temp_directory = {literal(str(self.folder / 'spill'))}")
        self.con.execute("SET preserve_insertion_order = false")
        self.con.execute("SET TimeZone = 'UTC'")
        # Progress tracking feeds `query_progress()`; DuckDB's own printed bar stays off.
        self.con.execute("SET enable_progress_bar = true")
        self.con.execute("SET enable_progress_bar_print = false")
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        columns = ", ".join(f'"{name}" {kind}' for name, kind in STAGED_COLUMNS.items())
        self.con.execute(f"CREATE TABLE staged ({columns})")
        names = ", ".join(f'"{n}"' for n in STAGED_COLUMNS if n not in ("file", "bad"))
        self.con.execute(f"CREATE VIEW events AS SELECT {names} FROM staged WHERE bad IS NULL")

    def close(self) -> None:
        self.con.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Workbench:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def ingest(bench: Workbench, plan: Plan, progress: Progress | None = None) -> list[FileStats]:
    """Read every planned file into `staged`; a file DuckDB cannot read is reported, not fatal."""
    ctx = ReadContext(bench.con)
    formats = {str(log.path): reader.name for reader, logs in plan.groups for log in logs}
    errors: dict[str, str] = {}
    renames: dict[str, str] = {}  # salvaged copy -> original path
    total = sum(_size(log) for _, logs in plan.groups for log in logs) or 1
    done = 0
    for reader, logs in plan.groups:
        size = sum(_size(log) for log in logs)
        label = f"{reader.name}: {len(logs)} file(s)"
        try:
            _insert(
                bench,
                ctx=ctx,
                reader=reader,
                logs=logs,
                progress=progress,
                start=done / total,
                share=size / total,
                label=label,
            )
        except duckdb.Error:
            # One bad file (a corrupt gzip) must not lose the others: retry one by one.
            for log in logs:
                try:
                    _insert(bench, ctx=ctx, reader=reader, logs=[log], label=label)
                except duckdb.Error as exc:
                    reason = _reason(exc)
                    if log.gzip and _salvage(bench, ctx, reader, log, renames):
                        reason = (
                            f"damaged gzip: only the lines before the damage were read ({reason})"
                        )
                    errors[str(log.path)] = reason
        done += size
        if progress:
            progress(done / total, label)
    return _file_stats(bench.con, ctx, formats, errors, renames)


def _size(log: LogFile) -> int:
    try:
        return log.path.stat().st_size
    except OSError:
        return 0


QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")


def _reason(exc: duckdb.Error) -> str:
    """The error class and first line of a DuckDB error, with quoted values masked.

    DuckDB messages may quote file content (a value that failed to convert, a CSV line).
    """
    first = str(exc).splitlines()[0] if str(exc) else ""
    if "Line:" in first:
        return type(exc).__name__
    first = QUOTED.sub(lambda m: mask_line(m.group()), first)
    return f"{type(exc).__name__}: {first[:160]}"


def _salvage(
    bench: Workbench, ctx: ReadContext, reader: Reader, log: LogFile, renames: dict[str, str]
) -> bool:
    """Read the part of a damaged gzip before the damage; whether any line was read.

    A log copied while being written, or cut in transfer, keeps most of its lines: they
    are decompressed into the work folder (complete lines only) and loaded from there.
    """
    copy = bench.folder / f"salvaged-{len(renames)}.log"
    size = 0
    with copy.open("wb") as out:
        try:
            with gzip.open(log.path, "rb") as stream:
                while chunk := stream.read(SALVAGE_CHUNK):
                    out.write(chunk)
                    size += len(chunk)
        except (OSError, EOFError, zlib.error):
            pass
    data_end = _last_newline(copy, size)
    if data_end <= 0:
        copy.unlink(missing_ok=True)
        return False
    with copy.open("r+b") as out:
        out.truncate(data_end)
    renames[str(copy)] = str(log.path)
    try:
        _insert(bench, ctx=ctx, reader=reader, logs=[LogFile(copy, False, log.head)], label="")
    except duckdb.Error:
        return False
    bench.con.execute("UPDATE staged SET file = ? WHERE file = ?", [str(log.path), str(copy)])
    return True


def _last_newline(path: Path, size: int) -> int:
    """The offset just after the last newline in the first `size` bytes of `path` (0: none)."""
    with path.open("rb") as stream:
        end = size
        while end > 0:
            start = max(0, end - SALVAGE_CHUNK)
            stream.seek(start)
            found = stream.read(end - start).rfind(b"\n")
            if found >= 0:
                return start + found + 1
            end = start
    return 0


def _insert(
    bench: Workbench,
    *,
    ctx: ReadContext,
    reader: Reader,
    logs: list[LogFile],
    label: str,
    progress: Progress | None = None,
    start: float = 0.0,
    share: float = 0.0,
) -> None:
    relation = reader.relation(ctx, logs)
    if progress is None:
        relation.insert_into("staged")
        return
    finished = threading.Event()

    def poll() -> None:
        while not finished.wait(0.25):
            try:
                fraction = max(0.0, bench.con.query_progress()) / 100.0
            except duckdb.Error:
                continue
            progress(start + share * min(fraction, 1.0), label)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    try:
        relation.insert_into("staged")
    finally:
        finished.set()
        watcher.join()


def _file_stats(
    con: duckdb.DuckDBPyConnection,
    ctx: ReadContext,
    formats: dict[str, str],
    errors: dict[str, str],
    renames: dict[str, str],
) -> list[FileStats]:
    stats = {path: FileStats(path, fmt, error=errors.get(path)) for path, fmt in formats.items()}
    rows = con.sql(
        f"SELECT file, count(*), count(bad), min(bad, {EXAMPLES}) FROM staged GROUP BY file"
    ).fetchall()
    for path, lines, malformed, examples in rows:
        entry = stats.setdefault(path, FileStats(path, "?"))
        entry.lines += lines
        entry.malformed += malformed
        entry.examples.extend(examples or [])
    for errors_table, scans_table in ctx.reject_tables:
        try:
            rejects = con.sql(
                f"SELECT s.file_path, count(DISTINCT e.line), list(DISTINCT e.csv_line)[1:{EXAMPLES}] "
                f"FROM {errors_table} e JOIN {scans_table} s "
                "ON e.scan_id = s.scan_id AND e.file_id = s.file_id GROUP BY 1"
            ).fetchall()
        except duckdb.CatalogException:
            continue
        for scanned, count, examples in rejects:
            path = renames.get(scanned, scanned)
            entry = stats.setdefault(path, FileStats(path, "?"))
            entry.lines += count
            entry.malformed += count
            entry.examples.extend(mask_line(e or "") for e in examples or [])
    for entry in stats.values():
        entry.examples = entry.examples[:EXAMPLES]
    return sorted(stats.values(), key=lambda s: s.path)
