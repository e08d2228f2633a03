"""What differs between engines, in one place: how to count distinct values exactly and fast.

Every metric is an ibis expression and runs on any backend. Only exact distinct counting
has engine-specific fast paths, each counting the same values as the portable one:

- DuckDB: one parallel scan hashes every counted value (and each whole row) to 64 bits,
  and the hashes come back as Arrow columns that numpy sorts; the distinct count is the
  number of changes in the sorted column. 10M values: ~0.1 s to sort, against ~1.1 s of CPU
  for DuckDB's GROUP BY of the same hashes (and ~12 s for COUNT(DISTINCT row)). The hashes
  of one table take 8 bytes per value and row in this process (560 MB for 7 counts of 10M).
- Spark: `xxhash64` of the values into a cached frame, one `count_distinct` per count.
- Others (the documented fallback): `SELECT count(*) FROM (SELECT DISTINCT ...)` per
  value, exact, which they plan well.

The chance that two different values share a 64-bit hash is about n^2 / 2^65: 3e-6 for
10M values.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import ibis
import ibis.expr.types as ir
import numpy as np

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
        self, backend: Any, table: ir.Table, values: Exprs, *, rows: bool, size: int | None = None
    ) -> dict[str, int]:
        """Exact distinct non-null counts of each expression in `values`; with `rows`, also
        the number of distinct rows under the key `__rows__`. `size`: the table's row count
        when known (a dialect may plan by it)."""
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
    """DuckDB: one parallel scan hashes every value to 64 bits; the hashes are counted by
    sorting them (numpy), not by a GROUP BY."""

    name = "duckdb"
    distinct_method = "exact up to 64-bit hash collisions (probability about n^2 / 2^65)"
    sample_method = "Bernoulli, seeded: the same rows on every run"
    # The most hash bytes held in this process at once (outside DuckDB's memory limit;
    # sorting one column copies it once more). 1 GiB is 7 counts of 19M rows; longer tables
    # take fewer counts per scan, and past 134M rows DuckDB counts them itself, spilling.
    sorted_bytes = 1 << 30

    def sample(self, table: ir.Table, fraction: float, seed: int) -> ir.Table:
        return table.sample(fraction, method="row", seed=seed)

    def distinct_counts(
        self, backend: Any, table: ir.Table, values: Exprs, *, rows: bool, size: int | None = None
    ) -> dict[str, int]:
        if not values and not rows:
            return {}
        size = size if size is not None else int(backend.execute(table.count()))
        labels = {f"h{i}": label for i, label in enumerate(values)}
        # Positional names: the SQL below is ours, so no source name needs quoting in it.
        columns = {f"c{j}": table[name] for j, name in enumerate(table.columns)} if rows else {}
        named = {f"v{i}": value for i, value in enumerate(values.values())}
        wide = backend.compile(table.select(**columns, **named))
        hashes = {
            f"h{i}": f"CASE WHEN v{i} IS NOT NULL THEN hash(v{i}) END" for i in range(len(named))
        }
        if rows:
            # hash(a, b, ...) combines by position: (NULL, 'a') and ('a', NULL) differ.
            hashes["h_rows"] = f"hash({', '.join(columns)})"
            labels["h_rows"] = "__rows__"
        # Only our positional names and ibis's own SQL go into the queries below.
        per_query = self.sorted_bytes // max(1, 8 * size)
        out: dict[str, int] = {}
        if per_query == 0:  # too many hashes to hold here: DuckDB counts them, spilling
            for key, expr in hashes.items():
                sql = f"SELECT count(DISTINCT {expr}) FROM ({wide}) AS w"  # noqa: S608
                out[labels[key]] = int(backend.con.sql(sql).fetchone()[0])
            return out
        keys = list(hashes)
        for start in range(0, len(keys), per_query):
            batch = keys[start : start + per_query]
            select = ", ".join(f"{hashes[key]} AS {key}" for key in batch)
            sql = f"SELECT {select} FROM ({wide}) AS w"  # noqa: S608
            hashed = backend.con.sql(sql).to_arrow_table()
            # numpy sorts on one thread and releases the GIL: two columns at a time.
            with ThreadPoolExecutor(max_workers=2) as pool:
                counts = pool.map(_sorted_distinct, [hashed.column(key) for key in batch])
                out.update(zip((labels[key] for key in batch), counts, strict=True))
        return out


def _sorted_distinct(hashes: Any) -> int:
    """Distinct non-null values of a 64-bit integer column: sort, then count the changes.
    numpy's SIMD sort takes ~0.1 s for 10M values; DuckDB's GROUP BY ~1.1 s of CPU."""
    parts = [chunk.drop_null().to_numpy() for chunk in hashes.chunks]
    flat = np.concatenate(parts) if parts else np.empty(0, np.uint64)
    if flat.size == 0:
        return 0
    flat.sort()
    return 1 + int(np.count_nonzero(flat[1:] != flat[:-1]))


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
        self, backend: Any, table: ir.Table, values: Exprs, *, rows: bool, size: int | None = None
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
    # Hashed once into a cached frame of longs, then one aggregate per count. Stacking all
    # counts into one grouping (one shuffle, 3 jobs) took less CPU at 1M rows but about
    # twice as long at 10M (70M keys grouped at once); one aggregate of several
    # count_distinct expands each row once per count the same way.
    hashed = frame.select(*hashes).persist(StorageLevel.MEMORY_AND_DISK)
    keys = [*labels, "__rows__"] if rows else labels
    try:
        return {
            key: int(hashed.agg(F.count_distinct(F.col(name))).collect()[0][0])
            for key, name in zip(keys, hashed.columns, strict=True)
        }
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
