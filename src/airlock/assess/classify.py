"""Sensitive data per column, found by the detection engine on a sample of the values.

The sampled values of a column are joined one per line and scanned in chunks (one engine
call per ~64 KB instead of one per value); each finding is mapped back to the value it
falls in. Only counts leave this module: never a value.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence

from airlock.assess.model import EntityHit
from airlock.detect.engine import Engine

CHUNK_CHARS = 64_000
MAX_VALUE_CHARS = 2_000
# Document-level signals (source code, statements) say little about a single cell.
SKIPPED_SCOPES = {"document"}


def _chunks(values: Sequence[str]) -> list[tuple[str, list[int]]]:
    """(text, start offset of each value) for runs of values up to CHUNK_CHARS."""
    out: list[tuple[str, list[int]]] = []
    parts: list[str] = []
    starts: list[int] = []
    size = 0
    for value in values:
        clean = value[:MAX_VALUE_CHARS].replace("\n", " ").replace("\r", " ")
        if parts and size + len(clean) + 1 > CHUNK_CHARS:
            out.append(("\n".join(parts), starts))
            parts, starts, size = [], [], 0
        starts.append(size)
        parts.append(clean)
        size += len(clean) + 1
    if parts:
        out.append(("\n".join(parts), starts))
    return out


def _holders(engine: Engine, values: Sequence[str]) -> dict[str, set[int]]:
    """For each entity, the indexes of the values it was found in."""
    holders: dict[str, set[int]] = {}
    base = 0
    for text, starts in _chunks(values):
        for finding in engine.scan(text):
            if finding.scope in SKIPPED_SCOPES:
                continue
            index = base + bisect.bisect_right(starts, finding.start) - 1
            holders.setdefault(finding.entity, set()).add(index)
        base += len(starts)
    return holders


def classify_column(
    engine: Engine, values: Sequence[str], sampled_rows: int | None = None
) -> list[EntityHit]:
    """Entities in a column's sampled non-empty `values`, with how many values hold each;
    shares are of `sampled_rows` (default: the number of values).

    Each distinct value is scanned once (categorical columns cost a handful of scans) and
    counted as often as it occurs. Raises DetectionError when a detector fails.
    """
    if not values:
        return []
    counts = Counter(values)
    distinct = list(counts)
    hits = []
    for entity, indexes in _holders(engine, distinct).items():
        rows = sum(counts[distinct[i]] for i in indexes)
        spec = engine.entities.get(entity)
        hits.append(
            EntityHit(
                entity=entity,
                category=spec.category if spec else "custom",
                severity=spec.severity.name.lower() if spec else "medium",
                rows=rows,
                share=rows / (sampled_rows or len(values)),
            )
        )
    hits.sort(key=lambda h: (-h.rows, h.entity))
    return hits
