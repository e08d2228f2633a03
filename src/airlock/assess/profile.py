"""Profiling one table: sample, plan the columns, one aggregate pass, one distinct pass.

Order of work, each step pushed down to the engine:
1. `count` and a random sample of at most `sample_rows` rows (the only rows that reach
   Python: for format inference and sensitive-data detection);
2. one aggregate query with every per-column metric, plus a frequency table per
   categorical column on columnar engines (`metrics.aggregate_pass`);
3. exact distinct counts for rows, candidate keys and normalized columns
   (`metrics.distinct_pass`).
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import ibis.expr.types as ir

from airlock.assess import estate, formats
from airlock.assess.classify import classify_column
from airlock.assess.metrics import ColumnPlan, Context, aggregate_pass, distinct_pass
from airlock.assess.model import ColumnProfile, FormatShare, TableProfile
from airlock.assess.sources import OpenSource, TableRef
from airlock.detect.engine import Engine

KEY_DISTINCT_SHARE = 0.9
# A column of D distinct values repeats about n / 2D of an n-value sample, while a key's
# duplicates rarely both fall in a sample: only a sample this unique hints at a key (and
# pays for the case tests of `metrics._case_folded`). A missed hint costs time, not accuracy.
SAMPLE_KEY_SHARE = 0.99
# A text column is categorical when at most this share of its sampled values occur once:
# its frequency table is then small next to the table.
CATEGORICAL_SINGLETONS = 0.5
# Engines that read one column without the others (a GROUP BY of one column is cheap).
# A CSV or JSON file is parsed whole by every query, so it keeps the single row pass.
COLUMNAR_ENGINES = frozenset({"duckdb", "pyspark", "snowflake", "bigquery", "clickhouse",
                              "trino", "databricks", "datafusion", "polars"})  # fmt: skip
ROW_FORMATS = frozenset({"csv", "tsv", "json"})
FREE_TEXT_LENGTH = 32
FRESHNESS_HINTS = (
    ("updated", "modified", "changed"),
    ("last", "_ts", "timestamp", "loaded"),
    ("created", "inserted"),
)


@dataclass(frozen=True)
class ProfileOptions:
    sample_rows: int = 10_000
    stale_after_days: int = 365
    seed: int = 7
    now: datetime | None = None

    @property
    def at(self) -> datetime:
        return self.now or datetime.now(UTC)


def sample(source: OpenSource, table: ir.Table, rows: int, options: ProfileOptions) -> Any:
    """Up to `sample_rows` random rows of the text columns, as a pyarrow table."""
    text = [name for name, dtype in table.schema().items() if dtype.is_string()]
    if not text:
        return None
    subset = table.select(*text)
    if rows > options.sample_rows:
        fraction = min(1.0, options.sample_rows * 1.3 / rows)
        subset = source.dialect.sample(subset, fraction, options.seed)
    return source.backend.to_pyarrow(subset.limit(options.sample_rows))


def plan_column(
    name: str, dtype: Any, values: list[str | None] | None, *, columnar: bool = False
) -> ColumnPlan:
    """The kind and formats of a column, from its type and (for text) its sampled values;
    `columnar` when the engine can group one column cheaply (the frequency plan)."""
    if not dtype.is_string():
        kind = "integer" if dtype.is_integer() else "float" if dtype.is_floating() else None
        kind = kind or ("timestamp" if dtype.is_timestamp() else "date" if dtype.is_date() else
                        "boolean" if dtype.is_boolean() else str(dtype).lower())  # fmt: skip
        return ColumnPlan(name, dtype, kind)
    good = formats.meaningful(values or [])
    inference = formats.infer(name, good)
    free = bool(good) and (
        sum(len(v) for v in good) / len(good) > FREE_TEXT_LENGTH
        or sum(1 for v in good if " " in v.strip()) > len(good) / 2
    )
    normalizer = {"email": "email", "phone": "phone"}.get(inference.kind)
    present = Counter(v for v in values or [] if v is not None)
    singletons = sum(1 for n in present.values() if n == 1)
    seen = sum(present.values())
    plan = ColumnPlan(
        name, dtype, inference.kind, _by_frequency(inference.formats, good), normalizer, free,
        inference.dominant_shape, inference.shape_share if good else None,
        categorical=columnar and seen > 0 and singletons <= CATEGORICAL_SINGLETONS * seen,
        maybe_key=seen > 0 and len(present) >= SAMPLE_KEY_SHARE * seen,
    )  # fmt: skip
    if len(plan.formats) == 1 and all(plan.formats[0].matches(v) for v in good):
        # One format on every sampled value: with n sampled values, a share of other formats
        # above 3/n would have shown with 95% probability (rule of three).
        plan.uniform, plan.formats = (plan.formats[0], len(good)), ()
    return plan


def _by_frequency(found: tuple[formats.Format, ...], good: list[str]) -> tuple[Any, ...]:
    """The formats most common first in the sample: the full pass tries them in this order,
    so most values stop at the first regex, and a value matching two counts in the first."""
    seen = Counter(next((f.name for f in found if f.matches(v)), None) for v in good)
    return tuple(sorted(found, key=lambda f: -seen[f.name]))


def _is_key(plan: ColumnPlan, nonnull: int, approx: int | None) -> bool:
    if nonnull < 2 or approx is None or plan.free_text or plan.kind in ("date", "float"):
        return False
    if not (plan.dtype.is_integer() or plan.dtype.is_string() or plan.dtype.is_uuid()):
        return False
    return approx >= KEY_DISTINCT_SHARE * nonnull


def _normal(values: dict[str, Any]) -> bool:
    """Every value already lower-case (or every one upper-case) and trimmed: `lower(TRIM)`
    merges none, so the column has no near-duplicates and needs no normalized count."""
    return values.get("not_lower") == 0 or values.get("not_upper") == 0


def _naive(value: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return None


def profile_table(
    source: OpenSource, ref: TableRef, engine: Engine, options: ProfileOptions
) -> TableProfile:
    """Measure one table. Raises whatever the backend raises; the caller records it."""
    started = time.perf_counter()
    table = source.table(ref)
    schema = table.schema()
    backend = source.backend
    rows = int(backend.execute(table.count()))
    picked = sample(source, table, rows, options)
    sampled: dict[str, list[str | None]] = picked.to_pydict() if picked is not None else {}
    columnar = source.dialect.name in COLUMNAR_ENGINES and ref.format not in ROW_FORMATS
    plans = [plan_column(n, d, sampled.get(n), columnar=columnar) for n, d in schema.items()]
    stale_before = options.at - timedelta(days=options.stale_after_days)
    ctx = Context(source.dialect, stale_before)
    measured = aggregate_pass(backend, table, plans, ctx)
    keys, normalized = [], {}
    for plan in plans:
        values = measured.values.get(plan.name, {})
        nonnull = measured.rows - int(values.get("nulls") or 0)
        if _is_key(plan, nonnull, values.get("approx_distinct")):
            keys.append(plan.name)
            if plan.normalizer is None and plan.textual and not _normal(values):
                normalized[plan.name] = "text"
        if plan.normalizer == "phone" or (plan.normalizer and not _normal(values)):
            normalized[plan.name] = plan.normalizer
    distinct = distinct_pass(backend, table, source.dialect, keys, normalized, size=measured.rows)
    comments = source.comments(ref)
    columns = [
        _column(plan, measured.rows, measured.values.get(plan.name, {}), distinct,
                keys, sampled.get(plan.name), engine, comments.columns.get(plan.name),
                measured.unsupported.get(plan.name, []))
        for plan in plans
    ]  # fmt: skip
    profile = TableProfile(
        source=source.name,
        name=ref.name,
        format=ref.format,
        rows=measured.rows,
        bytes=ref.bytes,
        comment=comments.table,
        columns=columns,
        exact_duplicate_rows=measured.rows - distinct["__rows__"]
        if "__rows__" in distinct
        else None,
        sample_size=len(next(iter(sampled.values())))
        if sampled
        else min(rows, options.sample_rows),
    )
    profile.naming_style, profile.naming_consistency = estate.naming_consistency(schema.names)
    documented = sum(1 for c in columns if c.comment) + (1 if comments.table else 0)
    profile.documented_share = documented / (len(columns) + 1)
    _freshness(profile, options.at)
    profile.entities = estate.business_entities(profile)
    profile.seconds = time.perf_counter() - started
    return profile


def _column(  # noqa: PLR0917 - private step of profile_table
    plan: ColumnPlan,
    rows: int,
    values: dict[str, Any],
    distinct: dict[str, int],
    keys: list[str],
    sampled: list[str | None] | None,
    engine: Engine,
    comment: str | None,
    unsupported: list[str],
) -> ColumnProfile:
    nulls = int(values.get("nulls") or 0)
    empty = int(values.get("empty") or 0)
    placeholders = int(values.get("placeholders") or 0)
    column = ColumnProfile(
        name=plan.name,
        dtype=str(plan.dtype),
        kind=plan.kind,
        comment=comment,
        rows=rows,
        nulls=nulls,
        empty=empty,
        placeholders=placeholders,
        missing_share=(nulls + empty + placeholders) / rows if rows else 0.0,
        approx_distinct=values.get("approx_distinct"),
        key_candidate=plan.name in keys,
        normalizer=plan.normalizer,
        unsupported=unsupported,
    )
    if plan.categorical:
        column.distinct = column.approx_distinct  # counted on the frequency table: exact
    raw = distinct.get(f"raw:{plan.name}")
    if raw is not None and plan.name in keys:
        column.distinct = raw
        column.duplicate_values = rows - nulls - raw
    norm = distinct.get(f"norm:{plan.name}")
    if raw is not None and norm is not None:
        column.normalizer = column.normalizer or "text"
        column.near_duplicates = raw - norm
    elif (plan.name in keys or plan.normalizer) and _normal(values):  # lower(TRIM) merges none
        column.normalizer, column.near_duplicates = column.normalizer or "text", 0
    base = rows - nulls - empty - placeholders
    shares = [
        FormatShare(name=f.name, label=f.label, rows=int(values.get(f"format:{f.name}") or 0),
                    share=int(values.get(f"format:{f.name}") or 0) / base if base else 0.0)
        for f in plan.formats
    ]  # fmt: skip
    if plan.uniform is not None:
        fmt, seen = plan.uniform
        shares = [FormatShare(name=fmt.name, label=fmt.label, rows=seen, share=1.0,
                              evidence="sampled")]  # fmt: skip
    column.formats = sorted(shares, key=lambda s: -s.rows)
    if column.formats:
        column.dominant_format = column.formats[0].name
        column.dominant_share = column.formats[0].share
    if plan.textual and plan.kind in ("number", "date"):
        column.stored_as_text = plan.kind
    if plan.temporal:
        column.newest = _naive(values.get("newest"))
        column.stale = int(values.get("stale") or 0)
    if sampled is not None:
        good = [v for v in sampled if v is not None and v.strip()]
        column.sample_size = len(sampled)
        column.shape, column.shape_share = plan.shape, plan.shape_share
        column.sensitive = classify_column(engine, good, len(sampled))
    return column


def _freshness(profile: TableProfile, now: datetime) -> None:
    """Pick the column that says when a row last changed; set newest, age and stale rows."""
    temporal = [c for c in profile.columns if c.newest is not None]
    if not temporal:
        return

    def rank(column: ColumnProfile) -> tuple[int, float]:
        lowered = column.name.lower()
        tier = next((i for i, hints in enumerate(FRESHNESS_HINTS)
                     if any(h in lowered for h in hints)), len(FRESHNESS_HINTS))  # fmt: skip
        assert column.newest is not None
        return tier, -column.newest.timestamp()

    best = min(temporal, key=rank)
    assert best.newest is not None
    profile.freshness_column = best.name
    profile.newest = best.newest
    profile.age_days = max(0.0, (now.replace(tzinfo=None) - best.newest).total_seconds() / 86400)
    profile.stale_rows = best.stale
