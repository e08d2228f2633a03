"""Column-mapped exports (shipped and company mappings) on Spark and on DuckDB: the same
mapping files give the same events, malformed-line counts and report on both engines."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from airlock.config import load_yaml_model
from airlock.discover.config import DiscoverConfig
from airlock.discover.readers.mapped import Mapping, shipped_mappings
from airlock.discover.service import DiscoverRequest, discover
from airlock.discover.spark import discover_spark
from airlock.discover.spark_mapped import layout, mapped
from airlock.errors import ConfigError
from tests.discover.conftest import load, write_log
from tests.discover.test_mapped import UMBRELLA, ZSCALER
from tests.engines.spark_local import LOCAL, local_session


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    yield local_session(tmp_path_factory)


def _both(request: DiscoverRequest) -> tuple[dict[str, Any], dict[str, Any]]:
    duck = discover(request).model_dump(exclude={"created_at"})
    on_spark = discover_spark(request, LOCAL).model_dump(exclude={"created_at"})
    return duck, on_spark


def _figures(report: dict[str, Any]) -> dict[str, Any]:
    return {
        "services": {
            s["id"]: (s["requests"], s["users"], s["bytes_out"]) for s in report["services"]
        },
        "users": sorted(u["person"] for u in report["users"]),
        "bytes": report["totals"]["ai_bytes_out"],
        "files": {Path(f["path"]).name: (f["lines"], f["malformed"]) for f in report["files"]},
    }


ZSCALER_MORE = (
    # Decimal and exponent byte counts (DuckDB rounds them), a time that does not parse and
    # a line cut short (DuckDB's CSV reader rejects it): both malformed, with examples.
    '"Wed Jun 22 10:00:00 2022","Carol@Example.com","10.1.1.1","post","200",'
    '"https://chatgpt.com/backend-api/conversation","2.5e6","1024.5","Allowed","AI/ML","ChatGPT"\n'
    '"Someday","eve@example.com","10.1.1.9","GET","200","https://claude.ai/","1","1","A","B","C"\n'
    '"Thu Jun 23 10:00:00 2022","eve@example.com","10.1.1.9"\n'
)


def test_shipped_mappings_give_the_same_report_on_spark_and_duckdb(
    spark: Any, tmp_path: Path
) -> None:
    logs = tmp_path / "logs"
    write_log(logs / "dns.csv", UMBRELLA)
    write_log(logs / "old" / "dns.csv.gz", UMBRELLA.replace("2024-01", "2023-12"), gz=True)
    write_log(logs / "web.csv", ZSCALER + ZSCALER_MORE)
    duck, on_spark = _both(DiscoverRequest(inputs=[str(logs)]))
    assert on_spark == duck
    figures = _figures(on_spark)
    assert figures["services"] == {
        "chatgpt": (3, 2, 2_500_000),
        "claude": (1, 1, 3_145_728),
        "deepseek": (2, 1, 0),
        "gemini": (1, 1, 0),
    }
    assert figures["users"] == [
        "alice@example.com", "carol@example.com", "dan@example.com", "office",
    ]  # fmt: skip
    assert figures["bytes"] == 5_645_728
    assert figures["files"] == {"dns.csv": (3, 1), "dns.csv.gz": (3, 1), "web.csv": (5, 2)}
    for file in on_spark["files"]:
        for example in file["examples"]:
            assert "example" not in example and "10.1" not in example


COMPANY_CSV = """name: acme-swg
format: csv
sniff: '^.?(When|Site),'
timezone: Europe/Berlin
fields: {ts: When, host: Site, src_ip: Client IP, user: Who, bytes_out: Up}
"""
COMPANY_TSV = """name: acme-dns
format: tsv
header: false
columns: [epoch, client, query, who]
sniff: '^[0-9]{10}\\t'
ts_format: epoch
fields: {ts: epoch, src_ip: client, host: query, user: who, method: "=DNS"}
"""
COMPANY_JSONL = """name: acme-firewall
format: jsonl
sniff: '"fw_event"'
ts_format: epoch_ms
fields: {ts: time, src_ip: src, user: who, url: target, bytes_out: sent, bytes_in: got}
"""


@pytest.fixture
def company(tmp_path: Path) -> DiscoverConfig:
    folder = tmp_path / "cfg"
    for name, text in [("swg", COMPANY_CSV), ("dns", COMPANY_TSV), ("fw", COMPANY_JSONL)]:
        write_log(folder / f"{name}.yaml", text)
    return DiscoverConfig(mappings=[folder / "swg.yaml", folder / "dns.yaml", folder / "fw.yaml"])


def test_company_mappings_give_the_same_report_on_spark_and_duckdb(
    spark: Any, tmp_path: Path, company: DiscoverConfig
) -> None:
    logs = tmp_path / "logs"
    # Two exports of one gateway whose headers list the columns in another order; quoted
    # fields with the delimiter and doubled quotes inside; extra columns are ignored.
    write_log(
        logs / "swg-1.csv",
        "\ufeffWhen,Client IP,Site,Who,Up\r\n"
        '2024-03-01 08:00:00,10.5.0.1,Perplexity.AI,"Ng, Alice",77\r\n'
        '2024-07-01T08:00:00Z,10.5.0.1,chatgpt.com,"say ""hi""",12.5,extra\r\n'
        "not a time,10.5.0.2,claude.ai,bob,1\r\n",
    )
    write_log(
        logs / "swg-2.csv.gz",
        "Site,When,Up,Who,Client IP\nclaude.ai,1700000000,2048,bob,10.5.0.2\nclaude.ai,short\n",
        gz=True,
    )
    write_log(
        logs / "dns.tsv",
        "1700000000\t10.6.0.1\tgemini.google.com.\tCarol\n"
        "1700000001\t10.6.0.1\tapi.mistral.ai\t\n"
        "17000000xx\t10.6.0.1\tgemini.google.com\tcarol\n",
    )
    write_log(
        logs / "fw.jsonl",
        '{"fw_event":1,"time":1700000000123,"src":"10.9.0.1","who":"Eve",'
        '"target":"https://api.mistral.ai/v1","sent":4096.0,"got":"10"}\n'
        '{"fw_event":1,"time":"later","src":"10.9.0.2"}\n'
        "not json\n",
    )
    duck, on_spark = _both(DiscoverRequest(inputs=[str(logs)], config=company))
    assert on_spark == duck
    figures = _figures(on_spark)
    assert figures["services"] == {
        "chatgpt": (1, 1, 13),
        "claude": (1, 1, 2048),
        "gemini": (1, 1, 0),
        "mistral-api": (2, 2, 4096),
        "perplexity": (1, 1, 77),
    }
    assert figures["files"] == {
        "swg-1.csv": (3, 1), "swg-2.csv.gz": (2, 1), "dns.tsv": (3, 1), "fw.jsonl": (3, 2),
    }  # fmt: skip


def _spark_rows(spark: Any, mapping: Mapping, path: Path) -> list[Any]:
    """The rows Spark stages from `path` with `mapping` (the SQL discover runs)."""
    view = f"lines_{uuid.uuid4().hex[:8]}"
    lines = spark.read.text(str(path)).selectExpr("value AS line", "'f' AS file")
    lines.createOrReplaceTempView(view)
    try:
        return list(spark.sql(mapped(view, mapping, layout(mapping, path.read_bytes()))).collect())
    finally:
        spark.catalog.dropTempView(view)


def _spark_events(spark: Any, mapping: Mapping, path: Path) -> list[tuple[Any, ...]]:
    rows = _spark_rows(spark, mapping, path)
    events = [(r["ts"], r["bytes_out"]) for r in rows if r["bad"] is None]
    return sorted(events, key=lambda e: (e[0], e[1] or 0))


def _duck_events(mapping_file: Path, path: Path) -> list[tuple[Any, ...]]:
    loaded = load(path, forced="acme", config=DiscoverConfig(mappings=[mapping_file]))
    return sorted(
        ((e["ts"], e["bytes_out"]) for e in loaded.events), key=lambda e: (e[0], e[1] or 0)
    )


def test_blank_lines_are_skipped_and_lines_of_spaces_are_malformed_as_on_duckdb(
    spark: Any, tmp_path: Path
) -> None:
    log = write_log(tmp_path / "web.csv", ZSCALER + "\n   \n\t\n" + ZSCALER + "\r\n\r\n")
    duck = load(log).file("web.csv")
    mapping = next(
        load_yaml_model(p, Mapping) for p in shipped_mappings() if p.stem == "zscaler-nss-web"
    )
    rows = _spark_rows(spark, mapping, log)
    assert (len(rows), sum(r["bad"] is not None for r in rows)) == (duck.lines, duck.malformed)
    assert (duck.lines, duck.malformed) == (6, 2)


TIMES = [
    ("%Y-%m-%d %H:%M:%S", "UTC", ["2024-01-15 10:22:33", "2024-1-5 1:2:3", "2024-02-30 00:00:00",
                                 "2024-01-15 10:22:33.5", "2024-01-15\t10:22:33", "24-01-05 00:00:00"]),
    ("%a %b %d %H:%M:%S %Y", "UTC", ["Mon Jun 20 15:29:11 2022", "Sun Jun  5 15:29:11 2022",
                                    "mon JUN 20 15:29:11 2022", "Monday Jun 20 15:29:11 2022"]),
    ("%d/%b/%Y:%H:%M:%S %z", "Europe/Berlin", ["05/Jan/2024:10:22:33 +0100", "05/Jan/2024:10:22:33 -01:30",
                                              "05/Jan/2024:10:22:33 +01", "05/Jan/2024:10:22:33 Z"]),
    ("%m/%d/%y %I:%M %p", "UTC", ["01/05/24 10:22 PM", "01/05/70 12:22 am", "01/05/68 12:22 AM",
                                 "01/05/24 13:00 PM", "01/05/24 0:10 AM"]),
    ("%Y%m%d%H%M%S", "UTC", ["20240105102233", "2024010510223", "202401051022334"]),
    ("%Y-%m-%dT%H:%M:%S.%f", "Europe/Berlin", ["2024-01-15T10:22:33.123456", "2024-07-15T10:22:33.5",
                                              "2024-01-15t10:22:33.1", "2024-01-15T10:22:33.1234567"]),
    ("%-d %B %Y %H:%M:%S.%g", "UTC", ["5 June 2024 01:02:03.45", "5 JUNE 2024 01:02:03.4567",
                                     "5 Jun 2024 01:02:03.4", "5 june 2024 01:02:03.4 %"]),
    ("auto", "Europe/Berlin", ["2024-01-15 10:22:33", "2024-07-15T10:22:33+00:00", "1700000000",
                               "1700000000.5", "2024-07-15T10:22:33Z", "2024-07-15", "garbage"]),
    ("auto", "UTC", ["2024-03-01T08:00:00Z", "2024-03-01 08:00", "1700000000.25", "2024-03-01",
                     "2024-03-01T08:00:00.123+02:00", "1.5E9", "-5"]),
    ("epoch", "UTC", ["1700000000", "1700000000.123456", "-1", "1e30", "nan", "abc", "1.7e9"]),
    ("epoch_ms", "America/New_York", ["1700000000123", "1700000000123.5", "253402300800000"]),
]  # fmt: skip


@pytest.mark.parametrize(("ts_format", "zone", "times"), TIMES)
def test_times_parse_to_the_same_instant_on_spark_and_duckdb(
    spark: Any, tmp_path: Path, ts_format: str, zone: str, times: list[str]
) -> None:
    mapping_file = write_log(
        tmp_path / "m.yaml",
        f"name: acme\nformat: csv\nts_format: '{ts_format}'\ntimezone: {zone}\n"
        "fields: {ts: When, host: Site, bytes_out: Up}\n",
    )
    log = write_log(
        tmp_path / "x.csv",
        "When,Site,Up\n" + "".join(f'"{t}",claude.ai,{i}\n' for i, t in enumerate(times)),
    )
    mapping = load_yaml_model(mapping_file, Mapping)
    duck = _duck_events(mapping_file, log)
    assert _spark_events(spark, mapping, log) == duck
    assert 0 < len(duck) < len(times)  # each table holds times that parse and some that do not


def test_numbers_are_read_as_duckdb_reads_them(spark: Any, tmp_path: Path) -> None:
    mapping_file = write_log(
        tmp_path / "m.yaml",
        "name: acme\nformat: csv\nfields: {ts: When, host: Site, bytes_out: Up}\n",
    )
    values = ["77", "12.5", "-2.5", "1e3", " 7 ", "x", "", "9223372036854775807", "1e400", "NaN"]
    log = write_log(
        tmp_path / "x.csv",
        "When,Site,Up\n"
        + "".join(f"{1700000000 + i},claude.ai,{v}\n" for i, v in enumerate(values)),
    )
    duck = _duck_events(mapping_file, log)
    assert _spark_events(spark, load_yaml_model(mapping_file, Mapping), log) == duck
    assert [b for _, b in duck] == [
        77,
        13,
        -3,
        1000,
        7,
        None,
        None,
        9223372036854775807,
        None,
        None,
    ]


def test_a_time_format_spark_cannot_match_is_a_config_error(spark: Any, tmp_path: Path) -> None:
    mapping = write_log(
        tmp_path / "m.yaml",
        "name: acme\nformat: csv\nts_format: '%Y-%j'\nfields: {ts: When, host: Site}\n",
    )
    log = write_log(tmp_path / "x.csv", "When,Site\n2024-005,claude.ai\n")
    request = DiscoverRequest(
        inputs=[str(log)], config=DiscoverConfig(mappings=[mapping]), format="acme"
    )
    with pytest.raises(ConfigError, match=r"mapping acme: ts_format %j is not read by Spark"):
        discover_spark(request, LOCAL)


def test_an_export_without_a_mapped_column_is_skipped_with_the_reason(
    spark: Any, tmp_path: Path
) -> None:
    mapping = write_log(
        tmp_path / "m.yaml", "name: acme\nformat: csv\nfields: {ts: When, host: Site, user: Who}\n"
    )
    write_log(tmp_path / "logs" / "a.csv", "When,Site,Who\n1700000000,claude.ai,bob\n")
    write_log(tmp_path / "logs" / "b.csv", "When,Site\n1700000000,claude.ai\n")
    request = DiscoverRequest(
        inputs=[str(tmp_path / "logs")], config=DiscoverConfig(mappings=[mapping]), format="acme"
    )
    report = discover_spark(request, LOCAL)
    assert [(Path(s.path).name, s.reason) for s in report.skipped] == [
        ("b.csv", "no column Who for mapping acme")
    ]
    assert report.totals.events == 1
    assert report.totals.first_seen == datetime(2023, 11, 14, 22, 13, 20)
