"""`airlock assess` and `airlock discover --engine spark` as a user runs them, against a local
Spark session, a standalone cluster (`spark://`) and a Spark Connect server (`sc://`): every
run gives the figures DuckDB gives on the same data, and prints no Spark launcher noise."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from tests.assess.conftest import make_rows
from tests.discover.conftest import write_log
from tests.discover.test_analyze import LOG
from tests.discover.test_mapped import UMBRELLA, ZSCALER
from tests.discover.test_readers import ZEEK_DNS, ZEEK_JSON
from tests.engines.conftest import SparkServers, run_cli
from tests.engines.spark_local import QUICK_JVM

# What Spark's launcher, log4j and the JVM print at start unless told not to.
LAUNCHER_LINES = (
    "Using Spark's default log4j profile",
    "Setting default log level",
    "To adjust logging level",
    "Setting Spark log level",
    "NativeCodeLoader",
    "Using incubator modules",
    " WARN ",
    " INFO ",
)
# Table figures that are engine-specific: type names, timings, sizes, HyperLogLog estimates,
# what follows a table's name (DuckDB names it by the part file, Spark by the folder), and the
# age of the newest row, measured against the clock when each run starts.
ENGINE_SPECIFIC = {"approx_distinct", "dtype", "seconds", "source", "format", "bytes"}
NAMED = {"name", "entities", "age_days"}
SMALL = ["--spark-conf", "spark.sql.shuffle.partitions=2"]


def _quiet(stderr: str) -> None:
    for line in LAUNCHER_LINES:
        assert line not in stderr, stderr


def _tables(report: dict[str, Any]) -> list[dict[str, Any]]:
    tables = [t for source in report["sources"] for t in source["tables"]]
    for table in tables:
        for key in ENGINE_SPECIFIC | NAMED:
            table.pop(key, None)
        for column in table["columns"]:
            for key in ENGINE_SPECIFIC:
                column.pop(key, None)
    return tables


def _report(done: Any, path: Path) -> dict[str, Any]:
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(path.read_text())
    report.pop("created_at")
    return report


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A lake folder (one dataset of Parquet parts) and a folder of logs in every format."""
    folder = tmp_path_factory.mktemp("engines")
    lake = folder / "lake" / "customers"
    lake.mkdir(parents=True)
    table = make_rows().arrow()
    pq.write_table(table, lake / "part-0.parquet")
    logs = folder / "logs"
    write_log(logs / "access.log", LOG + "secret-token-abc123 not a squid line\n")
    write_log(logs / "old" / "access.log.1.gz", LOG.replace("1700", "1699"), gz=True)
    write_log(logs / "ssl.json.gz", ZEEK_JSON, gz=True)
    write_log(logs / "zeek" / "dns.log", ZEEK_DNS)
    write_log(logs / "dns.csv", UMBRELLA)
    write_log(logs / "web.csv", ZSCALER)
    return folder


@pytest.fixture(scope="module")
def duckdb_assess(work: Path) -> list[dict[str, Any]]:
    out = work / "duckdb-assess.json"
    done = run_cli(["assess", "lake/customers", "--json", str(out), "--no-store"], cwd=work)
    return _tables(_report(done, out))


@pytest.fixture(scope="module")
def duckdb_discover(work: Path) -> dict[str, Any]:
    out = work / "duckdb-discover.json"
    return _report(run_cli(["discover", "logs", "--json", str(out), "--no-store"], cwd=work), out)


def test_assessing_a_parquet_folder_on_a_local_session_is_one_command(
    work: Path, duckdb_assess: list[dict[str, Any]]
) -> None:
    # The command docs/scale.md gives, with --json added to compare the figures.
    out = work / "local.json"
    done = run_cli(
        ["assess", "--engine", "spark", "lake/customers", "--html", "readiness.html",
         "--json", str(out)],
        cwd=work,
    )  # fmt: skip
    report = _report(done, out)
    _quiet(done.stderr)
    assert report["sources"][0]["errors"] == []
    assert (work / "readiness.html").stat().st_size > 0
    assert report["sources"][0]["engine"] == "pyspark"
    assert report["sources"][0]["location"].endswith("on local[*]")
    assert _tables(report) == duckdb_assess


def test_discovery_on_a_standalone_cluster_equals_duckdb(
    work: Path, spark_servers: SparkServers, duckdb_discover: dict[str, Any]
) -> None:
    out = work / "standalone.json"
    done = run_cli(
        ["discover", "logs", "--engine", "spark", "--spark-master", spark_servers.master,
         *SMALL, "--spark-conf", "spark.executor.memory=512m",
         "--spark-conf", f"spark.executor.extraJavaOptions={QUICK_JVM}",
         "--json", str(out), "--no-store"],
        cwd=work,
    )  # fmt: skip
    report = _report(done, out)
    _quiet(done.stderr)
    assert report == duckdb_discover
    assert {s["id"] for s in report["services"]} >= {"chatgpt", "claude", "deepseek", "gemini"}


def test_assessment_over_spark_connect_equals_duckdb(
    work: Path, spark_servers: SparkServers, duckdb_assess: list[dict[str, Any]]
) -> None:
    out = work / "connect-assess.json"
    # A relative path: Airlock makes it absolute, the server's own directory is elsewhere.
    done = run_cli(
        ["assess", "--engine", "spark", "--spark-master", spark_servers.connect, *SMALL,
         "lake/customers", "--json", str(out), "--no-store"],
        cwd=work,
    )  # fmt: skip
    report = _report(done, out)
    _quiet(done.stderr)
    assert report["sources"][0]["errors"] == []
    assert report["sources"][0]["location"] == f"lake/customers on {spark_servers.connect}"
    assert _tables(report) == duckdb_assess


def test_discovery_over_spark_connect_equals_duckdb(
    work: Path, spark_servers: SparkServers, duckdb_discover: dict[str, Any]
) -> None:
    out = work / "connect-discover.json"
    done = run_cli(
        ["discover", "logs", "--engine", "spark", "--spark-master", spark_servers.connect,
         *SMALL, "--json", str(out), "--no-store"],
        cwd=work,
    )  # fmt: skip
    report = _report(done, out)
    _quiet(done.stderr)
    assert report == duckdb_discover
    assert report["totals"]["malformed"] == duckdb_discover["totals"]["malformed"] > 0
