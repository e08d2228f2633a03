"""Shadow-AI discovery on Spark and on DuckDB: the same logs give the same report."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from airlock.discover.analyze import Window
from airlock.discover.config import DiscoverConfig
from airlock.discover.model import DiscoveryReport
from airlock.discover.service import DiscoverRequest, discover
from airlock.discover.spark import discover_spark
from airlock.errors import ConfigError
from tests.discover.conftest import write_log
from tests.discover.test_analyze import LOG, config
from tests.discover.test_mapped import UMBRELLA
from tests.discover.test_readers import SQUID, ZEEK_DNS, ZEEK_HTTP, ZEEK_JSON, ZEEK_SSL

from .conftest import LOCAL


def _both(request: DiscoverRequest) -> tuple[dict[str, Any], dict[str, Any]]:
    duck = discover(request).model_dump(exclude={"created_at"})
    on_spark = discover_spark(request, LOCAL).model_dump(exclude={"created_at"})
    return duck, on_spark


def test_same_report_on_spark_and_duckdb(spark: Any, tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    write_log(logs / "access.log", LOG + "secret-token-abc123 not a squid line\n")
    write_log(logs / "old" / "access.log.1.gz", LOG.replace("1700", "1699"), gz=True)
    request = DiscoverRequest(inputs=[str(logs)], config=config(tmp_path))
    duck, on_spark = _both(request)
    assert on_spark == duck
    report = DiscoveryReport.model_validate({**on_spark, "created_at": datetime(2026, 1, 1)})
    services = {s.id: (s.requests, s.users, s.bytes_out) for s in report.services}
    assert services["chatgpt"] == (4, 1, 410_000_000)
    assert {u.person for u in report.users} >= {"Alice Ng", "Bob Stone", "carol"}
    assert report.totals.malformed == 1


def test_time_window_gives_the_same_report(spark: Any, tmp_path: Path) -> None:
    log = write_log(tmp_path / "access.log", LOG)
    window = Window(since=datetime(2023, 11, 15), until=datetime(2023, 11, 16))
    request = DiscoverRequest(inputs=[str(log)], config=config(tmp_path), window=window)
    duck, on_spark = _both(request)
    assert on_spark == duck
    assert duck["totals"]["events"] == 4


def test_squid_and_zeek_json_parse_to_the_same_figures(spark: Any, tmp_path: Path) -> None:
    bad = "secret-token-abc123 not a squid line\n\n1700000003.000 truncated\n"
    write_log(tmp_path / "logs" / "access.log", SQUID + bad)
    write_log(tmp_path / "logs" / "ssl.json.gz", ZEEK_JSON, gz=True)
    request = DiscoverRequest(inputs=[str(tmp_path / "logs")])
    duck, on_spark = _both(request)
    assert on_spark == duck
    files = {Path(f["path"]).name: (f["lines"], f["malformed"]) for f in on_spark["files"]}
    assert files == {"access.log": (5, 2), "ssl.json.gz": (5, 2)}
    for file in on_spark["files"]:
        for example in file["examples"]:
            assert "secret" not in example and "abc123" not in example


def test_zeek_tsv_logs_parse_to_the_same_figures(spark: Any, tmp_path: Path) -> None:
    write_log(tmp_path / "zeek" / "dns.log", ZEEK_DNS)
    write_log(tmp_path / "zeek" / "http.log.gz", ZEEK_HTTP, gz=True)
    write_log(tmp_path / "zeek" / "ssl.log", ZEEK_SSL)
    duck, on_spark = _both(DiscoverRequest(inputs=[str(tmp_path / "zeek")]))
    assert on_spark == duck
    files = {Path(f["path"]).name: (f["lines"], f["malformed"]) for f in on_spark["files"]}
    assert files == {"dns.log": (3, 1), "http.log.gz": (1, 0), "ssl.log": (2, 0)}
    assert {s["id"] for s in on_spark["services"]} >= {"gemini", "claude"}


def test_normalized_events_in_the_lake_are_read_as_events(spark: Any, tmp_path: Path) -> None:
    log = write_log(tmp_path / "access.log", LOG)
    duck = discover(DiscoverRequest(inputs=[str(log)], config=config(tmp_path)))
    events = pa.table(
        {
            "ts": pa.array([datetime(2023, 11, 14, 22, 13, 20), None], pa.timestamp("us")),
            "src_ip": ["10.0.0.1", "10.0.0.9"],
            "user": ["ALICE", None],
            "host": ["ChatGPT.com.", "claude.ai"],
            "bytes_out": pa.array([5_000_000, 1], pa.int64()),
        }
    )
    lake = tmp_path / "lake" / "events"
    lake.mkdir(parents=True)
    pq.write_table(events, lake / "part-0.parquet")
    request = DiscoverRequest(inputs=[str(lake)], config=config(tmp_path), format="events")
    report = discover_spark(request, LOCAL)
    assert [(s.id, s.requests, s.bytes_out) for s in report.services] == [("chatgpt", 1, 5_000_000)]
    assert report.users[0].person == next(u.person for u in duck.users if u.person == "Alice Ng")
    assert (report.totals.lines, report.totals.malformed) == (2, 1)


def test_a_gzip_file_without_a_gz_name_is_skipped_with_the_reason(
    spark: Any, tmp_path: Path
) -> None:
    write_log(tmp_path / "logs" / "access.log", SQUID)
    write_log(tmp_path / "logs" / "access.log.1", SQUID, gz=True)  # gzip without .gz
    write_log(tmp_path / "logs" / "dns.csv", UMBRELLA)  # a mapped export: read too
    report = discover_spark(DiscoverRequest(inputs=[str(tmp_path / "logs")]), LOCAL)
    reasons = {Path(s.path).name: s.reason for s in report.skipped}
    assert list(reasons) == ["access.log.1"]
    assert "gzip file without a .gz name" in reasons["access.log.1"]
    assert report.totals.events == 5  # three Squid requests, two Umbrella queries


def test_unknown_format_names_the_known_ones(spark: Any, tmp_path: Path) -> None:
    log = write_log(tmp_path / "access.log", SQUID)
    with pytest.raises(ConfigError, match="events"):
        discover_spark(
            DiscoverRequest(inputs=[str(log)], config=DiscoverConfig(), format="nope"), LOCAL
        )


def test_cli_engine_spark_gives_the_json_report_of_duckdb(
    spark: Any, tmp_path: Path, workspace_env: Path
) -> None:
    import json

    import typer
    from typer.testing import CliRunner

    from airlock.cli.discover import register

    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """Test root."""

    register(app)
    log = write_log(tmp_path / "access.log", LOG)
    base = ["discover", str(log), "--json", "-", "--no-store"]
    spark_args = ["--engine", "spark", "--spark-master", LOCAL.master,
                  "--spark-conf", "spark.sql.shuffle.partitions=2"]  # fmt: skip
    duck = CliRunner().invoke(app, base)
    on_spark = CliRunner().invoke(app, [*base, *spark_args])
    assert duck.exception is None and on_spark.exception is None
    a, b = json.loads(duck.stdout), json.loads(on_spark.stdout)
    a.pop("created_at"), b.pop("created_at")
    assert a == b
    bad = CliRunner().invoke(app, [*base, "--engine", "spark", "--spark-conf", "novalue"])
    assert isinstance(bad.exception, ConfigError)
    assert "KEY=VALUE" in str(bad.exception)
