"""Multi-pattern candidate scanning: Hyperscan when available, Python `re` otherwise.

Both backends take the same trigger patterns and return, per pattern, leftmost-longest
non-overlapping spans. The engine passes text encoded as one byte per character
(non-ASCII characters become `?`), so byte offsets are character offsets.
Hyperscan scans all patterns in one linear pass (~100+ MB/s); the `re` fallback runs
one pass per pattern and exists for platforms without Hyperscan wheels.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from typing import Any, Protocol

from airlock.errors import DetectionError

Span = tuple[int, int, int]  # pattern id, start, end


class Matcher(Protocol):
    backend: str

    def matches(self, data: bytes) -> list[Span]:
        """Every match as `(id, start, -end)`, sorted: per pattern by start, the longest
        first. `leftmost_longest` (or the engine, building its hits) keeps the spans."""
        ...

    def scan(self, data: bytes) -> list[Span]:
        """Leftmost-longest non-overlapping spans of every pattern, sorted by id then start."""
        ...


def leftmost_longest(raw: list[Span]) -> list[Span]:
    """Per pattern, keep the longest span per start and drop spans inside a kept one.

    `raw` is sorted and holds `(id, start, -end)`: negated ends make the plain tuple
    sort (no key function, so no Python call per element) put the longest span of a
    start first.
    """
    out: list[Span] = []
    last_id, last_end = -1, -1
    for pid, start, neg_end in raw:
        if pid == last_id and start < last_end:
            continue
        out.append((pid, start, -neg_end))
        last_id, last_end = pid, -neg_end
    return out


class HyperscanMatcher:
    backend = "hyperscan"

    def __init__(self, patterns: Sequence[tuple[str, bool]]):
        import hyperscan

        self._hs = hyperscan
        self._empty = not patterns  # Hyperscan refuses an empty database
        self._db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        if self._empty:
            self._local = threading.local()
            return
        flags = [
            hyperscan.HS_FLAG_SOM_LEFTMOST | (hyperscan.HS_FLAG_CASELESS if ci else 0)
            for _, ci in patterns
        ]
        try:
            self._db.compile(
                expressions=[p.encode() for p, _ in patterns],
                ids=list(range(len(patterns))),
                elements=len(patterns),
                flags=flags,
            )
        except hyperscan.error as exc:
            raise DetectionError(f"cannot compile detector patterns: {exc}") from exc
        # A scratch space per thread: Hyperscan scratch must not be shared concurrently.
        self._local = threading.local()

    def _scratch(self) -> Any:
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._hs.Scratch(self._db)
            self._local.scratch = scratch
        return scratch

    def matches(self, data: bytes) -> list[Span]:
        raw: list[Span] = []
        if self._empty or not data:
            return raw
        append = raw.append

        def on_match(pid: int, start: int, end: int, flags: int, context: object) -> None:
            append((pid, start, -end))

        self._db.scan(data, match_event_handler=on_match, scratch=self._scratch())
        raw.sort()
        return raw

    def scan(self, data: bytes) -> list[Span]:
        return leftmost_longest(self.matches(data))


class ReMatcher:
    backend = "re"

    def __init__(self, patterns: Sequence[tuple[str, bool]]):
        try:
            self._compiled = [
                re.compile(p.encode(), re.ASCII | (re.IGNORECASE if ci else 0))
                for p, ci in patterns
            ]
        except re.error as exc:
            raise DetectionError(f"cannot compile detector patterns: {exc}") from exc

    def matches(self, data: bytes) -> list[Span]:
        raw: list[Span] = []
        for pid, rx in enumerate(self._compiled):
            raw.extend((pid, m.start(), -m.end()) for m in rx.finditer(data) if m.end() > m.start())
        raw.sort()
        return raw

    def scan(self, data: bytes) -> list[Span]:
        return leftmost_longest(self.matches(data))


def hyperscan_available() -> bool:
    try:
        import hyperscan  # noqa: F401
    except ImportError:
        return False
    return True


def build_matcher(patterns: Sequence[tuple[str, bool]], backend: str = "auto") -> Matcher:
    """A matcher for `(pattern, ignore_case)` pairs; `backend` is auto, hyperscan or re."""
    if backend == "re" or (backend == "auto" and not hyperscan_available()):
        return ReMatcher(patterns)
    if backend not in ("auto", "hyperscan"):
        raise DetectionError(f"unknown matcher backend {backend!r} (auto, hyperscan, re)")
    return HyperscanMatcher(patterns)


def pattern_errors(pattern: str, ignore_case: bool = False) -> str | None:
    """Why a single pattern cannot be used as a trigger, or None when it can."""
    try:
        re.compile(pattern)
    except re.error as exc:
        return f"invalid regular expression: {exc}"
    if hyperscan_available():
        try:
            HyperscanMatcher([(pattern, ignore_case)])
        except DetectionError as exc:
            return str(exc)
    return None
