"""`airlock discover --engine spark`: the logs are read and analyzed by Spark, where they live.

Reading is per engine (`spark_readers.py` mirrors the DuckDB readers, `spark_mapped.py` the
column mappings); the analysis is the same ibis definition (`analyze.analyze`) and the
report is built by the same code, so the report has the same shape and, on the same logs,
the same figures. Inputs are local paths (formats detected per file, as with DuckDB; sent to
Spark as absolute paths, since a cluster or a Spark Connect server does not share our
working directory) or storage URIs Spark reads (`s3a://`, `abfss://`, `gs://`, `hdfs://`,
`dbfs:/`), whose format is detected from their first lines.
"""

# SQL here is assembled from reader constants and generated view names only.

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from airlock.discover import spark_mapped, spark_readers
from airlock.discover.ingest import EXAMPLES, FileStats
from airlock.discover.model import DiscoveryReport, FileReport, SkippedFile
from airlock.discover.readers import Reader
from airlock.discover.readers.mapped import MappedReader, Mapping
from airlock.discover.readers.zeek_json import kind_of_head
from airlock.discover.readers.zeek_tsv import parse_header
from airlock.discover.service import DiscoverRequest, prepare
from airlock.discover.sources import Skipped, expand, plan
from airlock.engines import spark as engine
from airlock.errors import ConfigError, SourceError

Detail = str | tuple[str, tuple[str, ...]] | spark_mapped.Layout | None
REMOTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:/")
HEAD_LINES = 20


@dataclass
class _Work:
    """What Spark reads: (reader name, detail, paths) groups, and skipped files. The detail
    is what the reader needs from the file's head: a Zeek log kind, or kind and header, or
    the column layout of a mapped CSV export."""

    groups: list[tuple[str, Detail, list[str]]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    formats: dict[str, str] = field(default_factory=dict)
    mappings: dict[str, Mapping] = field(default_factory=dict)


def discover_spark(request: DiscoverRequest, options: engine.SparkOptions) -> DiscoveryReport:
    """Run one discovery over `request.inputs` on Spark. Raises SourceError, ConfigError."""
    run = prepare(request)
    readers = run.readers
    forced = _forced(readers, request.format)
    session = engine.get_session(options)
    work = _plan(session, request.inputs, readers, forced)
    if not work.groups:
        reasons = "; ".join(f"{s.path}: {s.reason}" for s in work.skipped[:5])
        raise SourceError(f"no log file Spark can read in the inputs ({reasons})")
    view = f"airlock_events_{uuid.uuid4().hex[:10]}"
    # Views live until the run ends: a Spark Connect server resolves them when a query runs.
    views = [view]
    staged = None
    try:
        staged = _stage(session, work, views)
        staged.where("bad IS NULL").drop("file", "bad", "rejected").createOrReplaceTempView(view)
        backend = engine.ibis_backend(session)
        usage = run.analyze(backend, backend.table(view))
        stats = _file_stats(staged, work.formats)
    finally:
        if staged is not None:
            staged.unpersist()
        for name in views:
            session.catalog.dropTempView(name)
    files = [FileReport(**vars(s)) for s in stats]
    return run.report(
        usage, files, [SkippedFile(path=s.path, reason=s.reason) for s in work.skipped]
    )


def _forced(readers: Sequence[Reader], name: str | None) -> Reader | str | None:
    if name is None:
        return None
    if name == "events":
        return "events"
    known = [r.name for r in readers]
    if name not in known:
        raise ConfigError(f"unknown log format {name!r} (known: {', '.join([*known, 'events'])})")
    return next(r for r in readers if r.name == name)


def _plan(
    session: Any, inputs: Sequence[str], readers: Sequence[Reader], forced: Reader | str | None
) -> _Work:
    """Group inputs by reader: local files sniffed as the DuckDB path does, storage URIs
    from their first lines read through Spark."""
    work = _Work()
    groups: dict[tuple[str, Detail], list[str]] = {}
    remote = [i for i in inputs if REMOTE.match(i) and not i.startswith("file:")]
    local = [i for i in inputs if i not in remote]

    def add(reader: Reader | str, head: bytes, path: str) -> None:
        name = reader if isinstance(reader, str) else reader.name
        try:
            detail = _detail(reader, head)
        except ValueError as exc:  # a mapped export without a column its mapping names
            work.skipped.append(Skipped(path, str(exc)))
            return
        if isinstance(reader, MappedReader):
            work.mappings[name] = reader.mapping
        groups.setdefault((name, detail), []).append(path)
        work.formats[path] = name

    if forced == "events":
        for path in inputs:
            add("events", b"", path)
    else:
        chosen = forced if isinstance(forced, Reader) else None
        found = plan(expand(local), readers, chosen) if local else None
        if found is not None:
            work.skipped.extend(found.skipped)
            for reader, logs in found.groups:
                for log in logs:
                    if log.gzip and not log.path.name.endswith(".gz"):
                        # Hadoop picks the codec from the name; this file would be read raw.
                        reason = "gzip file without a .gz name: Spark decompresses by name"
                        work.skipped.append(Skipped(str(log.path), f"{reason} (rename it)"))
                    else:
                        add(reader, log.head, str(log.path))
        for uri in remote:
            head = _head(session, uri)
            picked = chosen or next((r for r in readers if r.sniff(head)), None)
            if picked is None:
                work.skipped.append(Skipped(uri, "format not recognised"))
                continue
            add(picked, head, uri)
    work.groups = [(r, k, paths) for (r, k), paths in groups.items()]
    return work


def _detail(reader: Reader | str, head: bytes) -> Detail:
    """What `reader` needs from a file's head. Raises ValueError when the file cannot be
    read with it (a mapped CSV whose header lacks a mapped column)."""
    if isinstance(reader, MappedReader):
        return spark_mapped.layout(reader.mapping, head)
    name = reader if isinstance(reader, str) else reader.name
    if name == "zeek-json":
        return kind_of_head(head)
    if name == "zeek-tsv":
        return parse_header(head)
    return None


def _head(session: Any, uri: str) -> bytes:
    try:
        rows = session.read.text(uri).limit(HEAD_LINES).collect()
    except Exception as exc:
        raise SourceError(f"{uri}: cannot read ({type(exc).__name__})") from None
    return "\n".join(r[0] for r in rows).encode()


def _stage(session: Any, work: _Work, views: list[str]) -> Any:
    """Every group read and parsed into one cached frame of `STAGED_COLUMNS` rows, plus
    `rejected`: a malformed line that DuckDB's CSV reader rejects rather than reads (its
    example is listed after those of rows read, as DuckDB lists them). The views of raw
    lines are added to `views`, for the caller to drop."""
    frames = []
    for reader, detail, names in work.groups:
        view = f"airlock_lines_{uuid.uuid4().hex[:10]}"
        views.append(view)
        # Absolute paths: a Spark Connect server or a cluster does not share our directory.
        paths = [n if REMOTE.match(n) else os.path.abspath(n) for n in names]
        try:
            if reader == "events":
                source = _read_events(session, paths)
                sql = spark_readers.events(view, set(source.columns))
            else:
                source = session.read.option("ignoreCorruptFiles", "true").text(paths)
                source = source.selectExpr("value AS line", "_metadata.file_path AS file")
                sql = _text_sql(reader, detail, view, work.mappings.get(reader))
            source.createOrReplaceTempView(view)
            frame = session.sql(sql)
            if "rejected" not in frame.columns:
                frame = frame.selectExpr("*", "false AS rejected")
            frames.append(frame)
        except ConfigError:
            raise
        except Exception as exc:
            raise SourceError(
                f"{names[0]}: Spark cannot read it as {reader} ({type(exc).__name__})"
            ) from None
    staged = frames[0]
    for frame in frames[1:]:
        staged = staged.unionByName(frame)
    from pyspark import StorageLevel

    return staged.persist(StorageLevel.MEMORY_AND_DISK)


def _text_sql(reader: str, detail: Detail, view: str, mapping: Mapping | None) -> str:
    if mapping is not None:
        shape = detail if isinstance(detail, spark_mapped.Layout) else None
        return spark_mapped.mapped(view, mapping, shape)
    if reader == "squid":
        return spark_readers.squid(view)
    if reader == "zeek-json" and isinstance(detail, str):
        return spark_readers.zeek_json(view, detail)
    if reader == "zeek-tsv" and isinstance(detail, tuple):
        return spark_readers.zeek_tsv(view, *detail)
    raise SourceError(f"{reader}: the file's header does not say which Zeek log it is")


def _read_events(session: Any, paths: list[str]) -> Any:
    delta = [p for p in paths if Path(p, "_delta_log").is_dir()]
    reader = session.read.format("delta") if delta else session.read
    frame = reader.load(paths) if delta else reader.parquet(*paths)
    return frame.withColumn("file", frame["_metadata.file_path"])


def _local(uri: str) -> str:
    """A `file:` URI as an absolute path; other URIs unchanged."""
    if uri.startswith("file:"):
        return unquote(urlsplit(uri).path)
    return uri


def _as_given(uri: str, inputs: dict[str, str]) -> str:
    """The file Spark names by `uri` (absolute) as the user named it, as DuckDB reports it:
    `logs/a.log` stays relative. `inputs` maps absolute paths of inputs to their names."""
    path = _local(uri)
    if path in inputs:
        return inputs[path]
    for absolute, given in inputs.items():
        if path.startswith(absolute.rstrip("/") + "/"):
            return given.rstrip("/") + path[len(absolute.rstrip("/")) :]
    return path


def _file_stats(staged: Any, formats: dict[str, str]) -> list[FileStats]:
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    counts = staged.groupBy("file").agg(F.count("*").alias("lines"), F.count("bad").alias("bad"))
    # The smallest masks first, as DuckDB's min(bad, 3) picks them: the same examples.
    order = Window.partitionBy("file").orderBy("rejected", "bad")
    examples = (
        staged.where("bad IS NOT NULL")
        .withColumn("n", F.row_number().over(order))
        .where(f"n <= {EXAMPLES}")
        .select("file", "bad", "n")
        .orderBy("file", "n")
    )
    inputs = {os.path.abspath(p): p for p in formats if not REMOTE.match(p)}
    stats: dict[str, FileStats] = {}
    for row in counts.collect():
        path = _as_given(row["file"], inputs)
        fmt = formats.get(path) or formats.get(row["file"]) or _format_of(path, formats)
        stats[path] = FileStats(path, fmt, lines=row["lines"], malformed=row["bad"])
    for row in examples.collect():
        entry = stats.get(_as_given(row["file"], inputs))
        if entry is not None:
            entry.examples.append(row["bad"])
    for path, fmt in formats.items():
        if not Path(path).is_dir() and not REMOTE.match(path):
            stats.setdefault(path, FileStats(path, fmt))
    return sorted(stats.values(), key=lambda s: s.path)


def _format_of(path: str, formats: dict[str, str]) -> str:
    """The format of a file found under an input folder or URI."""
    for root, fmt in formats.items():
        if path.startswith(root.rstrip("/") + "/") or path.startswith(_local(root) + "/"):
            return fmt
    return "?"
