"""Finding the log files to read: paths, folders and globs; gzip and format detection."""

from __future__ import annotations

import glob
import gzip
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from airlock.discover.readers import LogFile, Reader
from airlock.errors import SourceError

HEAD_BYTES = 64 * 1024
GZIP_MAGIC = b"\x1f\x8b"


@dataclass
class Skipped:
    """A file that was not read, and why (no content, only the reason)."""

    path: str
    reason: str


@dataclass
class Plan:
    """Which reader reads which files, and which files were skipped."""

    groups: list[tuple[Reader, list[LogFile]]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def files(self) -> int:
        return sum(len(files) for _, files in self.groups)


def expand(inputs: Sequence[str]) -> list[Path]:
    """Files named by `inputs` (files, folders walked recursively, globs), sorted, no repeats.

    Raises SourceError for a path that does not exist or a glob that matches nothing.
    """
    found: dict[Path, None] = {}
    for spec in inputs:
        if any(ch in spec for ch in "*?["):
            matches = [Path(m) for m in sorted(glob.glob(spec, recursive=True))]
            if not matches:
                raise SourceError(f"{spec}: no file matches this pattern")
        else:
            path = Path(spec)
            if not path.exists():
                raise SourceError(f"{spec}: no such file or folder")
            matches = [path]
        for match in matches:
            for file in _walk(match):
                found.setdefault(file, None)
    return list(found)


def _walk(path: Path) -> Iterable[Path]:
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.is_file() and not child.name.startswith("."):
                yield child
    elif path.is_file():
        yield path


def open_head(path: Path) -> LogFile:
    """`path` with its gzip flag and first decompressed bytes. Raises SourceError."""
    try:
        with path.open("rb") as raw:
            magic = raw.read(2)
        if magic == GZIP_MAGIC:
            with gzip.open(path, "rb") as stream:
                head = _read_head(stream)
            return LogFile(path, True, head)
        with path.open("rb") as raw:
            return LogFile(path, False, raw.read(HEAD_BYTES))
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise SourceError(
            f"{path}: damaged gzip, nothing readable ({type(exc).__name__})"
        ) from None
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({type(exc).__name__})") from None


def _read_head(stream: gzip.GzipFile) -> bytes:
    # A gzip file cut short still yields its beginning; only an unreadable start is an error.
    chunks: list[bytes] = []
    size = 0
    try:
        while size < HEAD_BYTES:
            chunk = stream.read(HEAD_BYTES - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except EOFError:
        if not chunks:
            raise
    return b"".join(chunks)


def plan(paths: Sequence[Path], readers: Sequence[Reader], forced: Reader | None = None) -> Plan:
    """Assign each file to `forced` or to the first reader whose `sniff` accepts its head."""
    result = Plan()
    by_reader: dict[int, list[LogFile]] = {}
    for path in paths:
        try:
            log = open_head(path)
        except SourceError as exc:
            result.skipped.append(Skipped(str(path), str(exc).split(": ", 1)[-1]))
            continue
        if not log.head.strip():
            result.skipped.append(Skipped(str(path), "empty file"))
            continue
        reader = forced or next((r for r in readers if r.sniff(log.head)), None)
        if reader is None:
            result.skipped.append(Skipped(str(path), "format not recognised"))
            continue
        if id(reader) not in by_reader:
            by_reader[id(reader)] = []
            result.groups.append((reader, by_reader[id(reader)]))
        by_reader[id(reader)].append(log)
    return result
