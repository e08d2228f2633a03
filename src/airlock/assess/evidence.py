"""Estate-wide figures the scoring rules read, computed once from the source reports."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from airlock.assess.model import ColumnProfile, SourceReport, TableProfile
from airlock.assess.sources.base import MANAGED

SENSITIVE_CATEGORIES = {"pii", "financial", "credential"}
SENSITIVE_SHARE = 0.01


def is_sensitive(column: ColumnProfile) -> bool:
    """A column where at least 1% of sampled rows hold personal, financial or credential data."""
    return any(h.category in SENSITIVE_CATEGORIES and h.share >= SENSITIVE_SHARE
               for h in column.sensitive)  # fmt: skip


@dataclass
class Facts:
    """Estate-wide measurements; `None` where nothing could be measured."""

    rows: int
    cells: int
    missing_share: float | None
    duplicate_row_share: float | None
    key_duplicate_share: float | None
    near_duplicate_share: float | None
    nonconformance: float | None
    text_typed_share: float | None
    stale_share: float | None
    median_age_days: float | None
    managed_share: float | None
    naming_consistency: float | None
    documented_share: float | None
    fragmented_share: float | None
    connection_share: float | None
    sensitive_tables: list[tuple[SourceReport, TableProfile]]
    free_text_sensitive: list[str]
    credentials: list[str]


def _tables(sources: list[SourceReport]) -> list[tuple[SourceReport, TableProfile]]:
    return [(s, t) for s in sources for t in s.tables if t.error is None]


def _ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def gather(sources: list[SourceReport], inventory_systems: dict[str, int]) -> Facts:
    """Figures over every measured table of every source."""
    tables = _tables(sources)
    rows = sum(t.rows for _, t in tables)
    columns = [c for _, t in tables for c in t.columns]
    cells = sum(c.rows for c in columns)
    missing = sum(c.nulls + c.empty + c.placeholders for c in columns)
    dup_tables = [t for _, t in tables if t.exact_duplicate_rows is not None]
    keys = [c for c in columns if c.duplicate_values is not None]
    near = [c for c in columns if c.near_duplicates is not None]
    formatted = [c for c in columns if c.dominant_share is not None]
    text = [c for c in columns if c.dtype.startswith("string")]
    fresh = [t for _, t in tables if t.stale_rows is not None]
    ages = [t.age_days for t in fresh if t.age_days is not None]
    managed = sum(t.rows for s, t in tables if s.storage in MANAGED)
    named = [t for _, t in tables if t.naming_consistency is not None]
    sensitive = [(s, t) for s, t in tables if any(is_sensitive(c) for c in t.columns)]
    free_text = [
        f"{s.name}.{t.name}.{c.name}" for s, t in tables for c in t.columns
        if c.kind in ("text", "code") and is_sensitive(c)
    ]  # fmt: skip
    creds = [
        f"{s.name}.{t.name}.{c.name}" for s, t in tables for c in t.columns
        if any(h.category == "credential" for h in c.sensitive)
    ]  # fmt: skip
    spread = list(inventory_systems.values())
    return Facts(
        rows=rows,
        cells=cells,
        missing_share=_ratio(missing, cells),
        duplicate_row_share=_ratio(
            sum(t.exact_duplicate_rows or 0 for t in dup_tables), sum(t.rows for t in dup_tables)
        ),
        key_duplicate_share=_ratio(
            sum(c.duplicate_values or 0 for c in keys), sum(c.rows for c in keys)
        ),
        near_duplicate_share=_ratio(
            sum(c.near_duplicates or 0 for c in near), sum(c.rows for c in near)
        ),
        nonconformance=(sum(1 - (c.dominant_share or 0) for c in formatted) / len(formatted))
        if formatted
        else None,
        text_typed_share=_ratio(sum(1 for c in text if c.stored_as_text), len(text)),
        stale_share=_ratio(sum(t.stale_rows or 0 for t in fresh), sum(t.rows for t in fresh)),
        median_age_days=median(ages) if ages else None,
        managed_share=_ratio(managed, rows),
        naming_consistency=_ratio(
            sum((t.naming_consistency or 0) * len(t.columns) for t in named),
            sum(len(t.columns) for t in named),
        ),
        documented_share=_ratio(sum(t.documented_share for _, t in tables), len(tables)),
        fragmented_share=_ratio(sum(1 for n in spread if n > 1), len(spread)),
        connection_share=_ratio(
            sum(1 for s in sources if s.reachable_by == "connection"), len(sources)
        ),
        sensitive_tables=sensitive,
        free_text_sensitive=free_text,
        credentials=creds,
    )
