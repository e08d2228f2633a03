"""The row plan and the frequency plan count the same definitions to the same figures, and
the cheap forms of the predicates (CASE, length test) agree with the plain definition."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlalchemy import create_engine, text

from airlock.assess.formats import PLACEHOLDERS, family
from airlock.assess.metrics import ColumnPlan, Context, aggregate_pass
from airlock.assess.profile import ProfileOptions, plan_column, profile_table
from airlock.assess.sources import EngineOptions, OpenSource, SourceSpec, open_source
from airlock.detect import Engine

from .conftest import NOW

# Padded and long placeholders, blanks, a value matching two formats (upper and title).
CODES = ["OPEN", "CLOSED", "open", " N/A ", "n/a", "   unknown                 ", "   ",
         "", None, "A1", "Unknown", "PENDING", "TBD"] * 7  # fmt: skip
UPPER_KEYS = [f"C{i:05d}" for i in range(len(CODES))]
MIXED_KEYS = [f"K{i:05d}" for i in range(len(CODES) - 3)] + ["k00001", " K00002", "K00003 "]


def _expected(values: list[str | None]) -> dict[str, int]:
    present = [v for v in values if v is not None]
    return {
        "nulls": len(values) - len(present),
        "empty": sum(1 for v in present if not v.strip(" ")),
        "placeholders": sum(1 for v in present if v.strip(" ").lower() in PLACEHOLDERS),
    }


@pytest.fixture(scope="module")
def parquet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plans") / "codes.parquet"
    table = pa.table({"code": CODES, "upper_key": UPPER_KEYS, "mixed_key": MIXED_KEYS})
    pq.write_table(table, path)
    return path


@pytest.fixture(scope="module")
def postgres_codes(postgres_url: str) -> str:
    engine = create_engine(postgres_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE codes (code text, upper_key text, mixed_key text)"))
        conn.execute(text("INSERT INTO codes VALUES (:c, :u, :m)"),
                     [{"c": c, "u": u, "m": m} for c, u, m in
                      zip(CODES, UPPER_KEYS, MIXED_KEYS, strict=True)])  # fmt: skip
    engine.dispose()
    return postgres_url.replace("postgresql+psycopg://", "postgresql://")


@pytest.fixture(params=["duckdb", "postgres"])
def source(request: pytest.FixtureRequest, parquet: Path) -> Iterator[OpenSource]:
    if request.param == "postgres":
        spec = SourceSpec(url=request.getfixturevalue("postgres_codes"), include=["codes"])
    else:
        spec = SourceSpec(path=str(parquet))
    opened = open_source(spec, EngineOptions(threads=1))
    yield opened
    opened.close()


def _measure(source: OpenSource, categorical: bool) -> dict[str, Any]:
    table = source.table(source.tables[0])
    plan = plan_column("code", table.schema()["code"], list(CODES))
    plan.categorical = categorical
    ctx = Context(source.dialect, datetime(2020, 1, 1))
    return aggregate_pass(source.backend, table, [plan], ctx).values["code"]


def test_row_and_frequency_plans_count_the_same(source: OpenSource) -> None:
    rowwise, frequency = _measure(source, False), _measure(source, True)
    expected = _expected(CODES)
    for plan in (rowwise, frequency):
        assert {k: plan[k] for k in expected} == expected
    formats = {k: v for k, v in rowwise.items() if k.startswith("format:")}
    assert formats == {k: v for k, v in frequency.items() if k.startswith("format:")}
    # Each value counts in one format only, and never when it is a placeholder.
    meaningful = sum(1 for v in CODES if v and v.strip() and v.strip().lower() not in
                     PLACEHOLDERS)  # fmt: skip
    assert 0 < sum(formats.values()) <= meaningful
    # On the frequency table the distinct count is exact.
    assert frequency["approx_distinct"] == len({v for v in CODES if v is not None})


def test_categorical_columns_counted_in_one_query_match_each_counted_row_by_row(
    source: OpenSource,
) -> None:
    table = source.table(source.tables[0])
    ctx = Context(source.dialect, datetime(2020, 1, 1))
    columns = {"code": CODES, "upper_key": UPPER_KEYS, "mixed_key": MIXED_KEYS}

    def plans(categorical: bool) -> list[ColumnPlan]:
        out = [plan_column(name, table.schema()[name], list(values))
               for name, values in columns.items()]  # fmt: skip
        for plan in out:
            plan.categorical = categorical
        return out

    together = aggregate_pass(source.backend, table, plans(True), ctx).values
    rowwise = aggregate_pass(source.backend, table, plans(False), ctx).values
    for name, values in columns.items():
        assert together[name].pop("approx_distinct") == len({v for v in values if v is not None})
        rowwise[name].pop("approx_distinct")
        assert together[name] == rowwise[name], name


def test_formats_are_tried_most_common_first() -> None:
    import ibis.expr.datatypes as dt

    values = ["OPEN"] * 5 + ["Open"] * 2 + ["open"]
    plan = plan_column("status", dt.string, list(values))
    assert [f.name for f in plan.formats] == ["upper", "title", "lower"]
    assert {f.name for f in plan.formats} <= {f.name for f in family("code")}


def test_categorical_only_when_values_repeat_and_the_engine_is_columnar() -> None:
    import ibis.expr.datatypes as dt

    repeated = ["a", "b"] * 50
    unique = [f"v{i}" for i in range(100)]
    assert plan_column("s", dt.string, repeated, columnar=True).categorical
    assert not plan_column("s", dt.string, repeated, columnar=False).categorical
    assert not plan_column("s", dt.string, unique, columnar=True).categorical
    assert plan_column("s", dt.string, unique, columnar=True).maybe_key
    # 95 distinct in 100 sampled: a column of few values (amounts, zip codes), not a key.
    assert not plan_column("s", dt.string, unique[:95] + unique[:5], columnar=True).maybe_key


def test_near_duplicates_of_keys_skip_the_count_only_when_case_cannot_merge(
    source: OpenSource,
) -> None:
    ref = source.tables[0]
    profile = profile_table(source, ref, Engine(), ProfileOptions(now=NOW))
    cols = {c.name: c for c in profile.columns}
    upper, mixed = cols["upper_key"], cols["mixed_key"]
    assert upper.key_candidate and mixed.key_candidate
    assert upper.near_duplicates == 0 and upper.normalizer == "text"
    # k00001 / ' K00002' / 'K00003 ' each duplicate a value once case and spaces go.
    assert mixed.near_duplicates == 3
