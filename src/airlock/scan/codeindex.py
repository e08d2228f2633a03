"""Indexing a company's source code for `airlock fingerprint`.

Walks the given folders like `airlock scan` does (.gitignore honoured, binaries and
version-control folders skipped), keeps source files, and stores their winnowed
fingerprints under a root name. Unchanged files (same SHA-256) are not re-hashed and
files that disappeared since the last run are forgotten.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from airlock.detect.fingerprint import FingerprintIndex
from airlock.errors import SourceError
from airlock.scan.walk import discover
from airlock.store.fingerprints import FingerprintStore

SOURCE_SUFFIXES = frozenset(
    [
        ".py",
        ".pyi",
        ".js",
        ".jsx",
        ".mjs",
        ".cjs",
        ".ts",
        ".tsx",
        ".java",
        ".kt",
        ".kts",
        ".scala",
        ".groovy",
        ".go",
        ".rs",
        ".c",
        ".h",
        ".cc",
        ".cpp",
        ".cxx",
        ".hpp",
        ".hh",
        ".cs",
        ".fs",
        ".vb",
        ".rb",
        ".php",
        ".swift",
        ".m",
        ".mm",
        ".sql",
        ".sh",
        ".bash",
        ".zsh",
        ".ps1",
        ".lua",
        ".pl",
        ".pm",
        ".r",
        ".dart",
        ".vue",
        ".svelte",
        ".ex",
        ".exs",
        ".erl",
        ".hs",
        ".clj",
        ".jl",
        ".sol",
        ".tf",
        ".proto",
    ]
)
MAX_BYTES = 2 * 1024 * 1024  # bigger "source" files are generated or minified


@dataclass
class IndexReport:
    root: str
    indexed: int = 0
    unchanged: int = 0
    removed: int = 0
    fingerprints: int = 0
    skipped: list[str] = field(default_factory=list)


def index_folder(folder: Path, store: FingerprintStore, root: str | None = None) -> IndexReport:
    """Fingerprint the source files under `folder` as root `root` (default: folder name)."""
    if not folder.is_dir():
        raise SourceError(f"{folder}: not a folder")
    name = root or folder.resolve().name
    report = IndexReport(name)
    index = FingerprintIndex()
    known = store.known_hashes(name)
    seen: set[str] = set()
    found = discover([str(folder)])
    base = folder.resolve()
    for source in found.sources:
        path = source.path
        if path is None or path.suffix.lower() not in SOURCE_SUFFIXES:
            continue
        relative = Path(os.path.relpath(path.resolve(), base)).as_posix()
        try:
            data = path.read_bytes()
        except OSError as exc:
            report.skipped.append(f"{relative}: {exc.strerror}")
            continue
        if len(data) > MAX_BYTES or b"\0" in data[:8192]:
            report.skipped.append(f"{relative}: binary or larger than 2 MiB")
            continue
        seen.add(relative)
        digest = hashlib.sha256(data).hexdigest()
        if known.get(relative) == digest:
            report.unchanged += 1
            continue
        fingerprints = index.fingerprints_of(data.decode("utf-8", errors="replace"))
        store.replace_file(name, relative, digest, fingerprints)
        report.indexed += 1
        report.fingerprints += len(fingerprints)
    gone = set(known) - seen
    store.remove_files(name, gone)
    report.removed = len(gone)
    return report
