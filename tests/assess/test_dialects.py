"""DuckDB's fast exact distinct counts (hash, then sort) equal the portable exact counts
(`SELECT DISTINCT`), nulls and row order included."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import ibis
import pytest

from airlock.assess.dialects import Dialect, DuckDBDialect
from airlock.assess.metrics import NORMALIZERS

ROWS = [("a", None, 1), (None, "a", 1), ("a", None, 1), ("b", "b", None), ("B ", "b", None),
        (" b", None, 2), (None, None, None), (None, None, None)]  # fmt: skip


@pytest.fixture
def backend() -> Iterator[Any]:
    con = ibis.duckdb.connect(threads=2)
    yield con
    con.disconnect()


def _both(
    backend: Any, table: Any, values: dict[str, Any], sorted_bytes: int = 1 << 30
) -> tuple[dict[str, int], ...]:
    fast = DuckDBDialect()
    fast.sorted_bytes = sorted_bytes
    portable = Dialect().distinct_counts(backend, table, values, rows=True)
    return fast.distinct_counts(backend, table, values, rows=True), portable


def test_hashed_counts_equal_the_portable_counts_with_nulls_and_normalized_values(
    backend: Any,
) -> None:
    table = backend.create_table("pairs", ibis.memtable(ROWS, columns=["x", "y z", "n"]))
    values = {"raw:x": table.x, "norm:x": NORMALIZERS["text"](table.x), "raw:n": table.n,
              "raw:y z": table["y z"]}  # fmt: skip
    fast, portable = _both(backend, table, values)
    # (a, NULL, 1) and (NULL, a, 1) are different rows; the two all-NULL rows are one.
    assert fast == portable == {"raw:x": 4, "norm:x": 2, "raw:n": 2, "raw:y z": 2,
                                "__rows__": 6}  # fmt: skip


@pytest.mark.parametrize(
    "sorted_bytes",
    [1 << 30, 2 * 8 * 400_000, 8],
    ids=["one scan", "two counts per scan", "counted by DuckDB"],
)
def test_counts_span_many_result_batches(backend: Any, sorted_bytes: int) -> None:
    # Large enough for DuckDB to return several Arrow batches, sorted and counted as one.
    backend.raw_sql(
        "CREATE TABLE big AS SELECT CAST(k % 70001 AS VARCHAR) AS v, k % 3 AS m, "
        "CASE WHEN k % 5 = 0 THEN NULL ELSE k % 1009 END AS w "
        "FROM (SELECT range % 100000 AS k FROM range(400000))"
    )
    table = backend.table("big")
    values = {"raw:v": table.v, "raw:w": table.w, "raw:m": table.m}
    fast, portable = _both(backend, table, values)
    assert fast == portable
    # Every row four times: (k mod 70001, k mod 3) tells the 100000 keys apart.
    assert fast["raw:v"] == 70001 and fast["__rows__"] == 100000


def test_an_empty_table_has_no_distinct_values(backend: Any) -> None:
    backend.raw_sql("CREATE TABLE nothing AS SELECT 'a' AS v FROM range(0)")
    table = backend.table("nothing")
    fast, portable = _both(backend, table, {"raw:v": table.v})
    assert fast == portable == {"raw:v": 0, "__rows__": 0}
    assert DuckDBDialect().distinct_counts(backend, table, {}, rows=False) == {}
