"""The metric definitions: each one written once, as an ibis expression, for every engine.

A metric is a per-value predicate (null, blank, placeholder, format k, not normalized,
stale) counted over the table, or an aggregate (approximate distinct, newest). Two plans
count the same definitions, and both are exact:

- the row plan: ONE aggregate query over the table with every metric of every column;
- the frequency plan, for categorical columns (values repeat: status, country): the
  predicates run on `(value, rows)` pairs from a GROUP BY of the column, weighted by
  rows. Columnar engines group a column for little (DuckDB: ~0.1 s CPU per 10M values),
  while string functions and regexes cost per row. All categorical columns share ONE query
  (one Spark shuffle, not one per column).

`distinct_pass` counts exact distinct values (rows, candidate keys, normalized values)
through the dialect. Metrics an engine cannot compile are dropped per column and
reported as `unsupported`, never silently guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir

from airlock.assess.dialects import Dialect
from airlock.assess.formats import PLACEHOLDERS, Format

# No placeholder is longer than this once trimmed: longer values need no lookup unless padded.
PLACEHOLDER_MAX = max(len(p) for p in PLACEHOLDERS)


@ibis.udf.scalar.builtin(name="trim")  # type: ignore[untyped-decorator]
def sql_trim(value: str) -> str:  # type: ignore[empty-body]
    """Standard SQL TRIM (spaces), the same on every engine. ibis's `strip()` trims a set of
    whitespace characters, which DuckDB runs ~9x slower (7.8 s vs 0.9 s per 10M values)."""


# Predicates are written with CASE where a cheap test decides most rows: engines evaluate a
# CASE branch only for the rows that reach it, while both sides of AND/OR usually run on
# every row (DuckDB: TRIM on 10M short values 0.55 s CPU, `starts_with` 0.15 s).


def is_blank(value: ir.StringValue) -> ir.BooleanValue:
    """Empty or only spaces: only values starting with a space need the TRIM."""
    return ibis.ifelse(value.startswith(" "), sql_trim(value) == "", value == "")


def is_placeholder(value: ir.StringValue) -> ir.BooleanValue:
    """`lower(TRIM(x))` in PLACEHOLDERS. Unpadded values skip the TRIM, and longer ones
    (e-mails, notes) the lookup: no placeholder is longer than PLACEHOLDER_MAX."""
    names = list(PLACEHOLDERS)
    return ibis.cases(
        (value.startswith(" ") | value.endswith(" "), sql_trim(value).lower().isin(names)),
        (value.length() <= PLACEHOLDER_MAX, value.lower().isin(names)),
        else_=ibis.literal(False),
    )


def format_index(
    value: ir.StringValue, formats: tuple[Format, ...], placeholder: ir.BooleanValue
) -> ir.IntegerValue:
    """The index of the first format `value` matches (NULL: none, or a placeholder).
    Formats come most common first, so most values stop at the first regex, and a value is
    counted in one format only. Placeholders are not a format: `unknown` is no code."""
    branches = [(placeholder, ibis.literal(-1, "int8"))]
    branches += [(value.re_search(f.anchored), ibis.literal(k, "int8"))
                 for k, f in enumerate(formats)]  # fmt: skip
    return ibis.cases(*branches, else_=ibis.null("int8"))


@dataclass
class ColumnPlan:
    """What to measure on one column, decided from its type and a sample."""

    name: str
    dtype: dt.DataType
    kind: str
    formats: tuple[Format, ...] = ()
    normalizer: str | None = None
    free_text: bool = False
    shape: str | None = None
    shape_share: float | None = None
    # A text column whose whole sample follows one format: that format is reported from the
    # sample (rows seen), and the full pass spends no regex on it.
    uniform: tuple[Format, int] | None = None
    # Values repeat in the sample: count over a frequency table (exact distinct for free).
    categorical: bool = False
    # Unique in the sample: may be a key, so measure whether its values are normalized.
    maybe_key: bool = False

    @property
    def textual(self) -> bool:
        return bool(self.dtype.is_string())

    @property
    def temporal(self) -> bool:
        return bool(self.dtype.is_date() or self.dtype.is_timestamp())


@dataclass(frozen=True)
class Context:
    dialect: Dialect
    stale_before: datetime


@dataclass(frozen=True)
class View:
    """A column as the metrics see it: its values, and how to count rows where a predicate
    holds (a plain sum on the table, a sum of `weight` on a frequency table)."""

    value: ir.Column
    weight: ir.IntegerColumn | None = None
    placeholder: ir.BooleanValue | None = None
    fmt: ir.IntegerValue | None = None
    # On a stacked frequency table: the rows that belong to this column.
    scope: ir.BooleanValue | None = None

    @property
    def is_placeholder(self) -> ir.BooleanValue:
        return self.placeholder if self.placeholder is not None else is_placeholder(self.value)

    def count(self, predicate: ir.BooleanValue) -> ir.IntegerScalar:
        if self.weight is None:
            return predicate.sum().fill_null(0)  # a sum over no rows is NULL
        # CASE, not AND: the predicate runs on this column's rows only, not on every
        # column's (AND evaluates both sides on most engines).
        where = predicate if self.scope is None else ibis.ifelse(self.scope, predicate, False)
        return self.weight.sum(where=where).fill_null(0)

    def values(self) -> ir.IntegerScalar:
        """Non-null values (rows of the table, distinct values of a frequency table)."""
        return self.value.count(where=self.scope)

    @property
    def frequency(self) -> bool:
        return self.weight is not None


Build = Callable[[View, ColumnPlan, Context], ir.Scalar]


@dataclass(frozen=True)
class Metric:
    """One per-column metric: where it applies and its expression."""

    name: str
    applies: Callable[[ColumnPlan], bool]
    build: Build


def _cutoff(column: ir.Column, ctx: Context) -> ir.Value:
    dtype = column.type()
    if dtype.is_date():
        return ibis.literal(ctx.stale_before.date())
    assert isinstance(dtype, dt.Timestamp)
    if dtype.timezone is not None:
        return ibis.literal(ctx.stale_before, type=dt.Timestamp(timezone="UTC"))
    return ibis.literal(ctx.stale_before.replace(tzinfo=None), type=dt.timestamp)


def _distinct(v: View, p: ColumnPlan, x: Context) -> ir.Scalar:
    # On a frequency table each non-null value is one row: the count is exact.
    return v.values() if v.frequency else x.dialect.approx_nunique(v.value)


def _not_normal(case: Callable[[ir.StringValue], ir.StringValue]) -> Build:
    # A padded value is not normal; only unpadded ones need the case comparison.
    def build(v: View, p: ColumnPlan, x: Context) -> ir.Scalar:
        padded = v.value.startswith(" ") | v.value.endswith(" ")
        return v.count(ibis.ifelse(padded, ibis.literal(True), v.value != case(v.value)))

    return build


def _case_folded(plan: ColumnPlan) -> bool:
    """Columns whose near-duplicates would be counted with `lower(TRIM(x))`."""
    return plan.textual and (
        plan.normalizer == "email" or (plan.maybe_key and plan.normalizer is None)
    )


METRICS: tuple[Metric, ...] = (
    Metric("nulls", lambda p: True, lambda v, p, x: v.count(v.value.isnull())),
    Metric("empty", lambda p: p.textual, lambda v, p, x: v.count(is_blank(v.value))),
    Metric("placeholders", lambda p: p.textual, lambda v, p, x: v.count(v.is_placeholder)),
    Metric("approx_distinct", lambda p: not p.dtype.is_boolean(), _distinct),
    Metric("newest", lambda p: p.temporal, lambda v, p, x: v.value.max(where=v.scope)),
    Metric("stale", lambda p: p.temporal,
           lambda v, p, x: v.count(v.value < _cutoff(v.value, x))),
    # When every value is lower-case (or every one upper-case) and trimmed, `lower(TRIM(x))`
    # merges no two values: no near-duplicates, exactly, and no normalized count is needed.
    Metric("not_lower", _case_folded, _not_normal(lambda c: c.lower())),
    Metric("not_upper", lambda p: _case_folded(p) and p.normalizer is None,
           _not_normal(lambda c: c.upper())),  # e-mail addresses are written lower-case
)  # fmt: skip

NORMALIZERS: dict[str, Callable[[ir.StringValue], ir.StringValue]] = {
    # e-mail: case and surrounding whitespace do not make a different mailbox
    "email": lambda c: sql_trim(c).lower(),
    # phone: separators removed, the last 10 characters (drops country prefixes). Plain
    # REPLACE: a regex replace of non-digits costs twice as much (DuckDB: 3.6 s vs 1.8 s CPU
    # per 10M values) and only differs on values holding letters.
    "phone": lambda c: _strip_chars(c, " .-/()+").right(10),
    # text: case and surrounding spaces
    "text": lambda c: sql_trim(c).lower(),
}


def _strip_chars(value: ir.StringValue, chars: str) -> ir.StringValue:
    for char in chars:
        value = value.replace(char, "")
    return value


def column_exprs(view: View, plan: ColumnPlan, ctx: Context) -> dict[str, ir.Scalar]:
    """`{metric name: expression}` for one column."""
    exprs = {m.name: m.build(view, plan, ctx) for m in METRICS if m.applies(plan)}
    if plan.formats:
        fmt = view.fmt
        if fmt is None:
            fmt = format_index(view.value, plan.formats, view.is_placeholder)
        for k, f in enumerate(plan.formats):
            exprs[f"format:{f.name}"] = view.count(fmt == k)
    return exprs


def _prepare(table: ir.Table, plans: list[ColumnPlan]) -> tuple[ir.Table, list[View]]:
    """`table` with each text column's placeholder test and format index projected once
    (one CASE per row, not one regex per format per row), and a view per plan."""
    helpers: dict[str, ir.Value] = {}
    for i, plan in enumerate(plans):
        if plan.textual:
            helpers[f"__ph{i}"] = is_placeholder(table[plan.name])
    step = table.mutate(**helpers) if helpers else table
    formats = {f"__fmt{i}": format_index(step[p.name], p.formats, step[f"__ph{i}"])
               for i, p in enumerate(plans) if p.formats}  # fmt: skip
    prepared = step.mutate(**formats) if formats else step
    views = [
        View(prepared[p.name],
             placeholder=prepared[f"__ph{i}"] if p.textual else None,
             fmt=prepared[f"__fmt{i}"] if p.formats else None)
        for i, p in enumerate(plans)
    ]  # fmt: skip
    return prepared, views


def _compiles(backend: Any, table: ir.Table, exprs: dict[str, ir.Scalar]) -> bool:
    try:
        backend.compile(table.aggregate(**exprs))
    except Exception:  # ibis raises several types for "not on this engine"
        return False
    return True


@dataclass
class PassResult:
    rows: int
    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    unsupported: dict[str, list[str]] = field(default_factory=dict)


Owned = dict[str, tuple[str, str, ir.Scalar]]  # key: (column, metric, expression)
Scalars = dict[str, ir.Scalar]


def _supported(backend: Any, table: ir.Table, owned: Owned, result: PassResult) -> Scalars:
    """The expressions of `owned` this engine compiles; the others leave `owned` and are
    recorded as unsupported."""
    named = {key: expr for key, (_, _, expr) in owned.items()}
    if not _compiles(backend, table, named):
        # Find the metrics this engine cannot express; compile one by one only then.
        for key in list(owned):
            if not _compiles(backend, table, {"x": named[key]}):
                column, metric, _ = owned.pop(key)
                del named[key]
                result.unsupported.setdefault(column, []).append(metric)
    return named


def _run(backend: Any, table: ir.Table, owned: Owned, result: PassResult) -> dict[str, Any]:
    named = _supported(backend, table, owned, result)
    if not named:
        return {}
    row: dict[str, Any] = backend.to_pyarrow(table.aggregate(**named)).to_pylist()[0]
    for key, (column, metric, _) in owned.items():
        if column:
            result.values.setdefault(column, {})[metric] = row[key]
    return row


def _frequency_pass(
    backend: Any, table: ir.Table, plans: list[ColumnPlan], ctx: Context, result: PassResult
) -> None:
    """The metrics of every categorical column in ONE query: the columns are stacked as
    `(k, v)` pairs (k: the column's index) and grouped once, and each metric counts the
    rows of its own column (`View.scope`). On Spark a query is a job or more, and each
    GROUP BY a shuffle stage (0.1-0.5 s apiece to schedule); DuckDB pays ~0.04 s of CPU per
    10M rows and column for stacking over grouping each column alone."""
    if not plans:
        return
    pairs = [table.select(k=ibis.literal(i, "int16"), v=table[p.name].cast("string"))
             for i, p in enumerate(plans)]  # fmt: skip
    stacked = ibis.union(*pairs, distinct=False) if len(pairs) > 1 else pairs[0]
    grouped = stacked.group_by("k", "v").aggregate(n=lambda t: t.count())
    owned: Owned = {}
    for i, plan in enumerate(plans):
        view = View(grouped.v, weight=grouped.n, scope=grouped.k == i)
        for metric, expr in column_exprs(view, plan, ctx).items():
            owned[f"m{len(owned)}"] = (plan.name, metric, expr)
    _run(backend, grouped, owned, result)


def aggregate_pass(
    backend: Any, table: ir.Table, plans: list[ColumnPlan], ctx: Context
) -> PassResult:
    """Every per-column metric: `values[column][metric]`. Two queries: one aggregate for the
    row plan, one for the frequency plan of all categorical columns."""
    result = PassResult(rows=0)
    rowwise = [p for p in plans if not p.categorical]
    prepared, views = _prepare(table, rowwise)
    owned: Owned = {"__rows__": ("", "", prepared.count())}
    for plan, view in zip(rowwise, views, strict=True):
        for metric, expr in column_exprs(view, plan, ctx).items():
            owned[f"c{len(owned)}"] = (plan.name, metric, expr)
    row = _run(backend, prepared, owned, result)
    result.rows = int(row.get("__rows__") or 0)
    _frequency_pass(backend, table, [p for p in plans if p.categorical], ctx, result)
    return result


def distinct_pass(
    backend: Any,
    table: ir.Table,
    dialect: Dialect,
    keys: list[str],
    normalized: dict[str, str],
    *,
    size: int | None = None,
) -> dict[str, int]:
    """Exact distinct counts: rows (`__rows__`), each key column (`raw:NAME`) and each
    normalized column (`norm:NAME`). `size`: the table's rows, when counted already."""
    values: dict[str, ir.Value] = {}
    for name in keys:
        values[f"raw:{name}"] = table[name]
    for name, normalizer in normalized.items():
        values.setdefault(f"raw:{name}", table[name])
        values[f"norm:{name}"] = NORMALIZERS[normalizer](table[name])
    return dialect.distinct_counts(backend, table, values, rows=True, size=size)
