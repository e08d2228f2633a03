from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from airlock.discover.config import DiscoverConfig, load_config
from airlock.discover.identity import load_identity_map
from airlock.errors import ConfigError
from tests.discover.conftest import load, write_log

UMBRELLA = (
    '"2024-01-15 10:22:33","alice@example.com","alice@example.com,Office","10.0.0.5",'
    '"203.0.113.5","Allowed","1 (A)","NOERROR","chatgpt.com.","Generative AI"\n'
    '"2024-01-15 10:22:34","Office","Office","10.0.0.6","203.0.113.5","Blocked","28 (AAAA)",'
    '"NOERROR","www.deepseek.com.","Generative AI","extra","columns"\n'
    "half,a,line\n"
)
ZSCALER = (
    '"Mon Jun 20 15:29:11 2022","carol@example.com","10.1.1.1","POST","200",'
    '"https://claude.ai/api/append_message","3145728","2048","Allowed","AI/ML","Claude"\n'
    '"Tue Jun 21 09:00:00 2022","dan@example.com","10.1.1.2","CONNECT","200",'
    '"gemini.google.com:443","0","0","Allowed","AI/ML","Gemini"\n'
)


@pytest.mark.parametrize("gz", [False, True])
def test_cisco_umbrella_export_is_detected_and_mapped(tmp_path: Path, gz: bool) -> None:
    loaded = load(write_log(tmp_path / "dns.csv", UMBRELLA, gz=gz))
    assert [(e["host"], e["user"], e["src_ip"], e["method"]) for e in loaded.events] == [
        ("chatgpt.com", "alice@example.com", "10.0.0.5", "DNS"),
        ("www.deepseek.com", "office", "10.0.0.6", "DNS"),
    ]
    assert loaded.events[0]["ts"] == datetime(2024, 1, 15, 10, 22, 33)
    stats = loaded.file("dns.csv")
    assert stats.format == "cisco-umbrella-dns"
    assert stats.malformed == 1


def test_zscaler_feed_is_detected_and_mapped(tmp_path: Path) -> None:
    loaded = load(write_log(tmp_path / "web.csv", ZSCALER))
    first, second = loaded.events
    assert (first["host"], first["bytes_out"], first["bytes_in"], first["status"]) == (
        "claude.ai",
        3145728,
        2048,
        200,
    )
    assert first["ts"] == datetime(2022, 6, 20, 15, 29, 11)
    assert second["host"] == "gemini.google.com"
    assert loaded.file("web.csv").format == "zscaler-nss-web"


def test_company_jsonl_mapping_from_config(tmp_path: Path) -> None:
    mapping = write_log(
        tmp_path / "cfg" / "fw.yaml",
        """name: acme-firewall
format: jsonl
sniff: '"fw_event"'
ts_format: epoch_ms
fields:
  ts: time
  src_ip: src
  user: who
  url: target
  bytes_out: sent
""",
    )
    cfg_file = write_log(tmp_path / "cfg" / "discover.yaml", "mappings: [fw.yaml]\n")
    cfg = load_config(cfg_file)
    assert cfg.mappings == [mapping]
    log = write_log(
        tmp_path / "fw.jsonl",
        '{"fw_event":1,"time":1700000000123,"src":"10.9.0.1","who":"Eve","target":"https://api.mistral.ai/v1","sent":4096}\n'
        '{"fw_event":1,"time":"later","src":"10.9.0.2"}\n',
    )
    loaded = load(log, config=cfg)
    assert [(e["host"], e["user"], e["bytes_out"]) for e in loaded.events] == [
        ("api.mistral.ai", "eve", 4096)
    ]
    assert loaded.events[0]["ts"] == datetime(2023, 11, 14, 22, 13, 20, 123000)
    assert loaded.file("fw.jsonl").malformed == 1


def test_company_csv_mapping_with_header_is_selected_by_format(tmp_path: Path) -> None:
    mapping = write_log(
        tmp_path / "swg.yaml",
        """name: acme-swg
format: csv
fields: {ts: When, host: Site, src_ip: Client IP, bytes_out: Up}
""",
    )
    log = write_log(
        tmp_path / "swg.csv",
        "When,Client IP,Site,Up\n2024-03-01T08:00:00Z,10.5.0.1,Perplexity.AI,77\n",
    )
    loaded = load(log, forced="acme-swg", config=DiscoverConfig(mappings=[mapping]))
    assert [(e["host"], e["src_ip"], e["bytes_out"]) for e in loaded.events] == [
        ("perplexity.ai", "10.5.0.1", 77)
    ]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("name: x\nformat: csv\nfields: {host: h}\n", r"fields: .*map at least ts"),
        ("name: x\nformat: xml\nfields: {ts: t, host: h}\n", r":2: format"),
        ("name: x\nformat: csv\nfields: {ts: t, host: h, colour: c}\n", r"unknown field"),
        ("name: x\nformat: csv\nsniff: '('\nfields: {ts: t, host: h}\n", r":3: sniff"),
    ],
)
def test_invalid_mapping_files_are_config_errors(tmp_path: Path, text: str, error: str) -> None:
    mapping = write_log(tmp_path / "bad.yaml", text)
    log = write_log(tmp_path / "x.csv", "a,b\n")
    with pytest.raises(ConfigError, match=error):
        load(log, config=DiscoverConfig(mappings=[mapping]))


def test_identity_map_reads_ips_and_user_names(tmp_path: Path) -> None:
    path = write_log(
        tmp_path / "ids.csv", "\ufeffUser,Person,Department\nAlice,Alice Ng,Finance\n10.0.0.9,,\n"
    )
    assert load_identity_map(path) == [
        ("alice", "Alice Ng", "Finance"),
        ("10.0.0.9", "10.0.0.9", "unassigned"),
    ]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("name,department\nx,y\n", r"ids\.csv:1: header needs"),
        ("ip,person\n10.0.0.1,A\n10.0.0.1,B\n", r"ids\.csv:3: key listed twice"),
        ("ip,person,department\n10.0.0.1\n", r"ids\.csv:2: expected 3 columns"),
    ],
)
def test_identity_map_errors_name_file_and_line(tmp_path: Path, text: str, error: str) -> None:
    with pytest.raises(ConfigError, match=error):
        load_identity_map(write_log(tmp_path / "ids.csv", text))


@pytest.mark.parametrize(
    ("ts_format", "when", "expected"),
    [
        # Local times without an offset are converted from the mapping's zone (CET in January).
        ("%Y-%m-%d %H:%M:%S", "2024-01-15 10:22:33", datetime(2024, 1, 15, 9, 22, 33)),
        ("auto", "2024-07-15T10:22:33", datetime(2024, 7, 15, 8, 22, 33)),
        # Times that carry an offset, and epoch numbers, are absolute whatever the zone.
        ("auto", "2024-07-15T10:22:33+00:00", datetime(2024, 7, 15, 10, 22, 33)),
        ("auto", "1700000000", datetime(2023, 11, 14, 22, 13, 20)),
    ],
)
def test_mapping_timezone_applies_to_times_without_an_offset(
    tmp_path: Path, ts_format: str, when: str, expected: datetime
) -> None:
    mapping = write_log(
        tmp_path / "swg.yaml",
        f"name: acme-swg\nformat: csv\nts_format: '{ts_format}'\ntimezone: Europe/Berlin\n"
        "fields: {ts: When, host: Site}\n",
    )
    log = write_log(tmp_path / "swg.csv", f"When,Site\n{when},claude.ai\n")
    loaded = load(log, forced="acme-swg", config=DiscoverConfig(mappings=[mapping]))
    assert [e["ts"] for e in loaded.events] == [expected]


def test_an_unknown_mapping_timezone_is_a_config_error_with_its_line(tmp_path: Path) -> None:
    mapping = write_log(
        tmp_path / "swg.yaml",
        "name: acme-swg\nformat: csv\ntimezone: Mars/Olympus\nfields: {ts: When, host: Site}\n",
    )
    with pytest.raises(ConfigError, match=r"swg\.yaml:3: timezone: .*unknown time zone"):
        load(write_log(tmp_path / "x.csv", "a,b\n"), config=DiscoverConfig(mappings=[mapping]))
