"""The readiness metrics on Spark and on DuckDB, from the same definitions, on the same
planted-defect table: every figure that is exact on both engines must be identical."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from airlock.assess.model import TableProfile
from airlock.assess.profile import ProfileOptions, profile_table
from airlock.assess.service import AssessRequest, assess
from airlock.assess.sources import EngineOptions, SourcesFile, SourceSpec, open_source
from airlock.config import load_yaml_model
from airlock.detect import Engine
from tests.assess.conftest import NOW, Planted, make_rows

from .conftest import LOCAL

# Figures that legitimately differ between engines: HyperLogLog estimates (checked against
# their error bound below), type names (`timestamp` vs `timestamp(6)`), timings, labels.
ENGINE_SPECIFIC = {"approx_distinct", "dtype", "seconds", "source", "format", "bytes"}


@pytest.fixture(scope="module")
def planted() -> Planted:
    return make_rows()


@pytest.fixture(scope="module")
def parquet(tmp_path_factory: pytest.TempPathFactory, planted: Planted) -> Path:
    path = tmp_path_factory.mktemp("lake") / "customers.parquet"
    pq.write_table(planted.arrow(), path)
    return path


@pytest.fixture(scope="module")
def detector() -> Engine:
    return Engine()


def _profile(spec: SourceSpec, detector: Engine) -> TableProfile:
    source = open_source(spec, EngineOptions(threads=1))
    try:
        (ref,) = source.tables
        return profile_table(source, ref, detector, ProfileOptions(now=NOW))
    finally:
        source.close()


def _spark_spec(**kw: Any) -> SourceSpec:
    return SourceSpec(engine="spark", master=LOCAL.master, spark_conf=LOCAL.conf, **kw)


def _figures(profile: TableProfile) -> dict[str, Any]:
    data = profile.model_dump(exclude=ENGINE_SPECIFIC)
    for column in data["columns"]:
        for key in ENGINE_SPECIFIC:
            column.pop(key, None)
    return data


@pytest.fixture(scope="module")
def both(spark: Any, parquet: Path, detector: Engine) -> tuple[TableProfile, TableProfile]:
    duck = _profile(SourceSpec(path=str(parquet)), detector)
    on_spark = _profile(_spark_spec(path=str(parquet)), detector)
    return duck, on_spark


def _col(profile: TableProfile, name: str):  # type: ignore[no-untyped-def]
    return next(c for c in profile.columns if c.name == name)


def test_every_exact_figure_is_identical_on_spark_and_duckdb(
    both: tuple[TableProfile, TableProfile],
) -> None:
    duck, on_spark = both
    assert _figures(on_spark) == _figures(duck)


def test_spark_figures_match_the_planted_defects(
    both: tuple[TableProfile, TableProfile], planted: Planted
) -> None:
    _, profile = both
    distinct_rows = len({tuple(sorted(r.items())) for r in planted.rows})
    assert profile.rows == len(planted.rows)
    assert profile.exact_duplicate_rows == len(planted.rows) - distinct_rows == 8
    email = _col(profile, "email")
    emails = [e for e in planted.column("email") if e is not None]
    assert email.nulls == len(planted.rows) - len(emails)
    assert email.near_duplicates == len(set(emails)) - len({e.strip().lower() for e in emails}) > 0
    ids = _col(profile, "id")
    assert ids.key_candidate
    assert ids.duplicate_values == len(planted.rows) - len(set(planted.column("id")))
    status = _col(profile, "status")
    assert status.placeholders == sum(
        1 for v in planted.column("status") if v.strip().lower() in {"n/a", "unknown", "-"}
    )
    assert _col(profile, "signup").dominant_format == "iso_date"
    assert profile.freshness_column == "updated_at"
    assert profile.stale_rows == _col(profile, "updated_at").stale > 0


def test_approximate_distinct_counts_stay_within_the_stated_error(
    both: tuple[TableProfile, TableProfile], planted: Planted
) -> None:
    from airlock.assess.dialects import SparkDialect

    _, profile = both
    bound = SparkDialect.approx_error
    assert bound is not None
    assert "5%" in SparkDialect().accuracy()["approx_distinct"]
    for column in profile.columns:
        exact = len({v for v in planted.column(column.name) if v is not None})
        assert column.approx_distinct is not None
        # three standard deviations: a failure here is a real accuracy problem, not noise
        assert abs(column.approx_distinct - exact) <= 3 * bound * exact, column.name


def test_a_catalog_table_reads_like_a_path(
    spark: Any, parquet: Path, detector: Engine, both: tuple[TableProfile, TableProfile]
) -> None:
    spark.read.parquet(str(parquet)).createOrReplaceTempView("crm_customers")
    try:
        profile = _profile(_spark_spec(tables=["crm_customers"]), detector)
    finally:
        spark.catalog.dropTempView("crm_customers")
    assert profile.name == "crm_customers"
    expected = _figures(both[1])
    expected["name"] = "crm_customers"
    expected["entities"] = profile.entities  # entities follow the table's name
    assert _figures(profile) == expected


def test_sources_yaml_runs_spark_and_duckdb_sources_in_one_assessment(
    spark: Any, parquet: Path, tmp_path: Path, detector: Engine
) -> None:
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        "version: 1\nsources:\n"
        f"  - name: lake\n    engine: spark\n    master: {LOCAL.master}\n"
        f"    path: {parquet.parent}\n"
        "    spark_conf: {spark.sql.shuffle.partitions: '2'}\n"
        f"  - name: local\n    path: {parquet}\n"
    )
    specs = load_yaml_model(sources, SourcesFile).sources
    report = assess(AssessRequest(sources=specs, now=NOW), detector)
    lake, local = report.sources
    assert (lake.engine, lake.storage, lake.format) == ("pyspark", "lake", "spark:parquet")
    assert local.engine == "duckdb"
    assert _figures(lake.tables[0]) | {"name": None} == _figures(local.tables[0]) | {"name": None}


def test_a_missing_dataset_is_a_source_error_and_the_run_goes_on(
    spark: Any, parquet: Path, tmp_path: Path, detector: Engine
) -> None:
    specs = [
        _spark_spec(path=str(tmp_path / "nowhere"), name="gone"),
        _spark_spec(path=str(parquet), name="lake"),
    ]
    report = assess(AssessRequest(sources=specs, now=NOW), detector)
    gone, lake = report.sources
    assert gone.errors and "no such file or folder" in gone.errors[0]
    assert lake.tables[0].rows == 408


def test_hashed_distinct_counts_equal_the_portable_exact_counts(spark: Any) -> None:
    from airlock.assess.dialects import Dialect, SparkDialect
    from airlock.engines.spark import ibis_backend

    rows = [("a", None, 1), (None, "a", 1), ("a", None, 1), ("b", "b", None), ("B ", "b", None)]
    spark.createDataFrame(rows, "x string, `y.z` string, n int").createOrReplaceTempView("pairs")
    try:
        backend = ibis_backend(spark)
        table = backend.table("pairs")
        values = {"raw:x": table.x, "norm:x": table.x.strip().lower(), "raw:n": table.n}
        hashed = SparkDialect().distinct_counts(backend, table, values, rows=True)
        portable = Dialect().distinct_counts(backend, table, values, rows=True)
    finally:
        spark.catalog.dropTempView("pairs")
    # (a, NULL) and (NULL, a) are different rows: xxhash64 alone would skip the NULLs.
    assert hashed == portable == {"raw:x": 3, "norm:x": 2, "raw:n": 1, "__rows__": 4}


def test_spark_samples_are_repeatable_with_a_seed(spark: Any, parquet: Path) -> None:
    from airlock.assess.dialects import SparkDialect
    from airlock.engines.spark import ibis_backend

    backend = ibis_backend(spark)
    table = backend.read_parquet(str(parquet))
    dialect = SparkDialect()

    def ids(seed: int) -> list[int]:
        picked = dialect.sample(table, 0.25, seed).select("id").order_by("id")
        return list(backend.to_pyarrow(picked)["id"].to_pylist())

    first = ids(7)
    assert 40 < len(first) < 170  # about a quarter of 408 rows
    assert ids(7) == first
    assert ids(8) != first


def test_catalog_databases_are_listed_with_their_comments(spark: Any, detector: Engine) -> None:
    spark.sql("CREATE DATABASE IF NOT EXISTS crm")
    spark.sql(
        "CREATE TABLE crm.accounts (account_id BIGINT COMMENT 'Primary key', name STRING) "
        "USING parquet COMMENT 'One row per account'"
    )
    spark.sql("CREATE TABLE crm.accounts_tmp (x INT) USING parquet")
    spark.sql("INSERT INTO crm.accounts VALUES (1, 'a'), (2, 'b'), (2, 'b')")
    try:
        spec = _spark_spec(schemas=["crm"], exclude=["*_tmp"])
        source = open_source(spec, EngineOptions())
        try:
            assert [t.name for t in source.tables] == ["crm.accounts"]
            profile = profile_table(source, source.tables[0], detector, ProfileOptions(now=NOW))
        finally:
            source.close()
    finally:
        spark.sql("DROP DATABASE crm CASCADE")
    assert source.storage == "warehouse"
    assert profile.comment == "One row per account"
    assert _col(profile, "account_id").comment == "Primary key"
    assert profile.exact_duplicate_rows == 1
