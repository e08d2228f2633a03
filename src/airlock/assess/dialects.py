"""What differs between engines, in one place: how to count distinct values exactly and fast.

Every metric is an ibis expression and runs on any backend. Only exact distinct counting
has an engine-specific fast path: DuckDB hashes the values once into a temporary table of
64-bit integers and counts distinct hashes with a parallel GROUP BY (a 20-column row hash
over 10M rows takes ~1.5 s; COUNT(DISTINCT row) takes ~12 s). Other engines use the
documented fallback, a plain `SELECT count(*) FROM (SELECT DISTINCT ...)`, which is exact
and which they plan well. The chance that two different values share a 64-bit hash is
about n^2 / 2^65: 3e-6 for 10M values.
"""

from __future__ import annotations

import uuid
from typing import Any

import ibis
import ibis.expr.types as ir

Exprs = dict[str, ir.Value]


class Dialect:
    """The portable behaviour (any ibis backend)."""

    name = "generic"
    approx_distinct = True
    # Relative standard deviation of `approx_nunique` on this engine, when documented.
    approx_error: float | None = None
    # How the figures that depend on the engine are computed (`accuracy()`, docs/scale.md).
    distinct_method = "exact (SELECT DISTINCT)"
    sample_method = "random rows, not seeded: sampled figures may change between runs"

    def accuracy(self) -> dict[str, str]:
        """For the report: how approximate, distinct and sampled figures were computed."""
        if not self.approx_distinct:
            approx = "exact (COUNT DISTINCT)"
        elif self.approx_error is not None:
            approx = f"HyperLogLog, relative standard deviation {self.approx_error:.0%}"
        else:
            approx = "the engine's approximate distinct count (error not documented)"
        return {
            "approx_distinct": approx,
            "distinct": self.distinct_method,
            "sample": self.sample_method,
        }

    def distinct_counts(
        self, backend: Any, table: ir.Table, values: Exprs, *, rows: bool
    ) -> dict[str, int]:
        """Exact distinct non-null counts of each expression in `values`; with `rows`, also
        the number of distinct rows under the key `__rows__`."""
        out: dict[str, int] = {}
        for label, value in values.items():
            distinct = table.filter(value.notnull()).select(v=value).distinct()
            out[label] = int(backend.execute(distinct.count()))
        if rows:
            out["__rows__"] = int(backend.execute(table.distinct().count()))
        return out

    def approx_nunique(self, value: ir.Value) -> ir.IntegerScalar:
        return value.approx_nunique() if self.approx_distinct else value.nunique()

    def sample(self, table: ir.Table, fraction: float, seed: int) -> ir.Table:
        """About `fraction` of the rows at random; seeded where the engine supports it."""
        return table.sample(fraction, method="row")


class DuckDBDialect(Dialect):
    """DuckDB: one hashing pass into a temp table, then parallel distinct counts."""

    def sample(self, table: ir.Table, fraction: float, seed: int) -> ir.Table:
        return table.sample(fraction, method="row", seed=seed)

    name = "duckdb"
    distinct_method = "exact up to 64-bit hash collisions (probability about n^2 / 2^65)"
    sample_method = "Bernoulli, seeded: the same rows on every run"

    def distinct_counts(
        self, backend: Any, table: ir.Table, values: Exprs, *, rows: bool
    ) -> dict[str, int]:
        hashes: dict[str, ir.Value] = {}
        labels = {f"h{i}": label for i, label in enumerate(values)}
        for column, label in labels.items():
            value = values[label]
            hashes[column] = ibis.ifelse(value.notnull(), value.hash(), ibis.null("int64"))
        if rows:
            whole = ibis.struct({c: table[c] for c in table.columns})
            hashes["h_rows"] = whole.hash()
        if not hashes:
            return {}
        name = f"airlock_hashes_{uuid.uuid4().hex[:10]}"
        hashed = backend.create_table(name, table.select(**hashes), temp=True)
        try:
            out: dict[str, int] = {}
            for column in hashes:
                col = hashed[column]
                distinct = hashed.filter(col.notnull()).select(col).distinct()
                key = "__rows__" if column == "h_rows" else labels[column]
                out[key] = int(backend.execute(distinct.count()))
            return out
        finally:
            # ibis 12 emits a DROP for temp tables that DuckDB 2.0 rejects; the name is ours.
            backend.raw_sql(f'DROP TABLE IF EXISTS "{name}"')


class SQLiteDialect(Dialect):
    """SQLite has no approximate distinct count; an exact one is cheap at its sizes."""

    name = "sqlite"
    approx_distinct = False


class MySQLDialect(Dialect):
    name = "mysql"
    approx_distinct = False


class SparkDialect(Dialect):
    """Spark: the values are hashed once with `xxhash64` (64-bit; Spark's `hash` is 32-bit
    and collides too often at scale) into a cached frame of longs, then each distinct count
    shuffles 8-byte values instead of whole rows. Exact up to hash collisions (n^2 / 2^65),
    like DuckDB. Types Spark cannot hash (maps) take the portable path."""

    name = "pyspark"
    distinct_method = "exact up to 64-bit xxhash64 collisions (probability about n^2 / 2^65)"
    approx_error = 0.05  # approx_count_distinct: HyperLogLog++, Spark's default rsd
    sample_method = "Bernoulli with rand(seed): repeatable for the same input files"

    def sample(self, table: ir.Table, fraction: float, seed: int) -> ir.Table:
        # ibis has no seeded sample on Spark; rand(seed) is repeatable for the same input
        # files and partitioning (Spark seeds it per partition).
        return table.filter(_spark_rand(seed) < fraction)

    def distinct_counts(
        self, backend: Any, table: ir.Table, values: Exprs, *, rows: bool
    ) -> dict[str, int]:
        if not values and not rows:
            return {}
        try:
            return _spark_hashed_counts(backend, table, values, rows=rows)
        except Exception as exc:
            if type(exc).__name__ not in {"AnalysisException", "SparkConnectGrpcException"}:
                raise
            return super().distinct_counts(backend, table, values, rows=rows)


@ibis.udf.scalar.builtin(name="rand")  # type: ignore[untyped-decorator]
def _spark_rand(seed: int) -> float:  # type: ignore[empty-body]
    """Spark's seeded uniform random number in [0, 1)."""


def _spark_hashed_counts(
    backend: Any, table: ir.Table, values: Exprs, *, rows: bool
) -> dict[str, int]:
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    labels = list(values)
    # Positional names: source columns may hold dots or spaces, which Spark reads as paths.
    columns = {f"c{j}": table[name] for j, name in enumerate(table.columns)} if rows else {}
    wide = table.select(**columns, **{f"v{i}": values[label] for i, label in enumerate(labels)})
    frame = backend.raw_sql(backend.compile(wide))
    hashes = [
        F.when(F.col(f"v{i}").isNotNull(), F.xxhash64(F.col(f"v{i}"))).alias(f"h{i}")
        for i in range(len(labels))
    ]
    if rows:
        # xxhash64 skips NULL arguments: the null flags keep (NULL, 'a') apart from ('a', NULL).
        parts = [p for c in columns for p in (F.col(c), F.col(c).isNull())]
        hashes.append(F.xxhash64(*parts).alias("h_rows"))
    hashed = frame.select(*hashes).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        out: dict[str, int] = {}
        for i, label in enumerate(labels):
            column = F.col(f"h{i}")
            out[label] = hashed.where(column.isNotNull()).select(column).distinct().count()
        if rows:
            out["__rows__"] = hashed.select("h_rows").distinct().count()
        return out
    finally:
        hashed.unpersist()


_DIALECTS: dict[str, type[Dialect]] = {
    "duckdb": DuckDBDialect,
    "pyspark": SparkDialect,
    "sqlite": SQLiteDialect,
    "mysql": MySQLDialect,
}


def dialect_for(backend: Any) -> Dialect:
    """The dialect of an ibis backend (the portable one when none is registered)."""
    return _DIALECTS.get(getattr(backend, "name", ""), Dialect)()
