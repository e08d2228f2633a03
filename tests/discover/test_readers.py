from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from airlock.errors import SourceError
from tests.discover.conftest import load, write_log

SQUID = (
    "1700000000.123    921 10.0.0.5 TCP_MISS/200 5070 POST "
    "https://chatgpt.com/backend-api/conversation Alice HIER_DIRECT/1.2.3.4 application/json\n"
    "1700000001.000      1 10.0.0.6 TCP_TUNNEL/200 3000 CONNECT api.openai.com:443 - "
    "HIER_DIRECT/1.2.3.4 -\n"
    "1700000002.500 12 10.0.0.7 TCP_DENIED/403 100 GET http://u:p@Claude.AI.:8080/x?y - "
    "NONE/- text/html\n"
)


@pytest.mark.parametrize("gz", [False, True])
def test_squid_lines_become_normalized_events(tmp_path: Path, gz: bool) -> None:
    loaded = load(write_log(tmp_path / "access.log", SQUID, gz=gz))
    assert [(e["host"], e["user"], e["method"], e["status"]) for e in loaded.events] == [
        ("chatgpt.com", "alice", "POST", 200),
        ("api.openai.com", None, "CONNECT", 200),
        ("claude.ai", None, "GET", 403),
    ]
    first = loaded.events[0]
    assert first["ts"] == datetime(2023, 11, 14, 22, 13, 20, 123000)
    assert (first["src_ip"], first["bytes_in"], first["bytes_out"]) == ("10.0.0.5", 5070, None)
    assert first["source_format"] == "squid"


def test_squid_request_size_appended_to_the_format_gives_upload_bytes(tmp_path: Path) -> None:
    line = (
        "1700000000.000 10 10.0.0.5 TCP_MISS/200 512 POST https://claude.ai/api - "
        "HIER_DIRECT/1.2.3.4 application/json 7340032\n"
    )
    loaded = load(write_log(tmp_path / "access.log", line))
    assert loaded.events[0]["bytes_out"] == 7340032


def test_squid_malformed_lines_are_counted_with_masked_examples(tmp_path: Path) -> None:
    text = SQUID + "secret-token-abc123 not a squid line\n\n" + "1700000003.000 truncated\n"
    path = write_log(tmp_path / "access.log", text.encode() + b"bad \xff\xfe bytes\n")
    loaded = load(path)
    stats = loaded.file("access.log")
    assert (stats.lines, stats.malformed, len(loaded.events)) == (6, 3, 3)
    assert stats.examples
    for example in stats.examples:
        assert "secret" not in example and "abc123" not in example
        assert set(example) <= set("x9 -.?")


def test_an_overlong_line_is_malformed_and_does_not_stop_the_file(tmp_path: Path) -> None:
    path = write_log(tmp_path / "access.log", SQUID + "x" * (2 << 20) + "\n" + SQUID)
    loaded = load(path)
    assert len(loaded.events) == 6
    assert loaded.file("access.log").malformed == 1


ZEEK_DNS = """#separator \\x09
#set_separator\t,
#empty_field\t(empty)
#unset_field\t-
#path\tdns
#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\ttrans_id\tquery\trcode\tanswers
#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tcount\tstring\tcount\tvector[string]
1521911720.865716\tC1\t10.1.1.5\t5353\t10.1.1.1\t53\tudp\t1\tGemini.Google.com.\t0\t(empty)
1521911721.000000\tC2\t10.1.1.6\t5353\t10.1.1.1\t53\tudp\t2\t-\t-\t-
1521911722.000000\tC3\t10.1.1.7\tshort line
#close\t2018-03-24-17-36-30
"""

ZEEK_HTTP = """#separator \\x09
#path\thttp
#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tmethod\thost\turi\trequest_body_len\tresponse_body_len\tstatus_code\tusername
1700000000.5\tC1\t10.2.0.9\t4000\t1.2.3.4\t80\tPOST\tapi.mistral.ai\t/v1/chat\t2048\t512\t200\tbob
"""

ZEEK_SSL = """#separator \\x09
#path\tssl
#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tversion\tcipher\tserver_name
1700000000.0\tC1\t10.3.0.1\t4000\t1.2.3.4\t443\tTLSv13\tTLS_AES_128_GCM_SHA256\tclaude.ai
1700000001.0\tC2\t10.3.0.2\t4000\t1.2.3.4\t443\tTLSv13\tTLS_AES_128_GCM_SHA256\t-
"""


@pytest.mark.parametrize("gz", [False, True])
def test_zeek_tsv_logs_map_each_kind(tmp_path: Path, gz: bool) -> None:
    suffix = ".gz" if gz else ""
    write_log(tmp_path / f"dns.log{suffix}", ZEEK_DNS, gz=gz)
    write_log(tmp_path / f"http.log{suffix}", ZEEK_HTTP, gz=gz)
    write_log(tmp_path / f"ssl.log{suffix}", ZEEK_SSL, gz=gz)
    loaded = load(tmp_path)
    by_format = {(e["source_format"], e["host"]): e for e in loaded.events}
    dns = by_format[("zeek-dns", "gemini.google.com")]
    assert (dns["src_ip"], dns["method"], dns["status"]) == ("10.1.1.5", "DNS", 0)
    assert dns["ts"] == datetime(2018, 3, 24, 17, 15, 20, 865716)
    assert ("zeek-dns", None) in by_format
    http = by_format[("zeek-http", "api.mistral.ai")]
    assert (http["user"], http["bytes_out"], http["bytes_in"], http["status"]) == (
        "bob",
        2048,
        512,
        200,
    )
    assert by_format[("zeek-ssl", "claude.ai")]["method"] == "TLS"
    assert loaded.file(f"dns.log{suffix}").malformed == 1
    assert loaded.file(f"dns.log{suffix}").lines == 3


ZEEK_JSON = (
    '{"_path":"ssl","ts":"2018-03-24T17:15:20.865716Z","uid":"C1","id.orig_h":"10.4.0.1",'
    '"server_name":"chat.mistral.ai","version":"TLSv12"}\n'
    '{"ts":1700000000.25,"uid":"C2","id.orig_h":"10.4.0.2","server_name":"perplexity.ai",'
    '"cipher":"x"}\n'
    '{"ts":1700000001,"uid":"C3","id.orig_h":"10.4.0.3","cipher":"x"}\n'
    "{not json at all\n"
    '{"uid":"C4","id.orig_h":"10.4.0.4"}\n'
)


@pytest.mark.parametrize("gz", [False, True])
def test_zeek_json_reads_iso_and_epoch_times_and_missing_keys(tmp_path: Path, gz: bool) -> None:
    loaded = load(write_log(tmp_path / "ssl.json", ZEEK_JSON, gz=gz))
    assert [(e["host"], e["src_ip"]) for e in loaded.events] == [
        ("chat.mistral.ai", "10.4.0.1"),
        ("perplexity.ai", "10.4.0.2"),
        (None, "10.4.0.3"),
    ]
    assert loaded.events[0]["ts"] == datetime(2018, 3, 24, 17, 15, 20, 865716)
    assert loaded.events[1]["ts"] == datetime(2023, 11, 14, 22, 13, 20, 250000)
    stats = loaded.file("ssl.json")
    assert (stats.lines, stats.malformed) == (5, 2)


def test_gzip_is_detected_by_content_not_by_name(tmp_path: Path) -> None:
    loaded = load(write_log(tmp_path / "access.log.1", SQUID, gz=True))
    assert len(loaded.events) == 3


def test_folders_are_walked_and_unknown_files_are_skipped(tmp_path: Path) -> None:
    write_log(tmp_path / "logs" / "proxy" / "access.log", SQUID)
    write_log(tmp_path / "logs" / "zeek" / "ssl.log.gz", ZEEK_SSL, gz=True)
    write_log(tmp_path / "logs" / "notes.txt", "just some notes\n")
    write_log(tmp_path / "logs" / "empty.log", "")
    loaded = load(tmp_path / "logs")
    assert len(loaded.events) == 5
    assert sorted((Path(s.path).name, s.reason) for s in loaded.skipped) == [
        ("empty.log", "empty file"),
        ("notes.txt", "format not recognised"),
    ]


def test_globs_select_files(tmp_path: Path) -> None:
    write_log(tmp_path / "a" / "access.log", SQUID)
    write_log(tmp_path / "b" / "access.log.2.gz", SQUID, gz=True)
    write_log(tmp_path / "b" / "other.log", SQUID)
    loaded = load(f"{tmp_path}/**/access.log*")
    assert len(loaded.events) == 6


@pytest.mark.parametrize("tail", [b"", b"\x00garbage" * 10], ids=["cut", "cut-then-garbage"])
def test_a_damaged_gzip_keeps_its_lines_before_the_damage_and_the_others_load(
    tmp_path: Path, tail: bytes
) -> None:
    # Random-looking content keeps the compressed file large, so the cut lands mid-stream.
    lines = [
        f"1700000{i:03d}.000 5 10.0.0.{i % 250} TCP_MISS/200 {i * 7919 % 100003} GET "
        f"https://claude.ai/{i * 104729 % 1000003} - HIER_DIRECT/1.2.3.4 -\n"
        for i in range(1000)
    ]
    good = write_log(tmp_path / "good.log.gz", "".join(lines) * 20, gz=True)
    data = good.read_bytes()
    (tmp_path / "cut.log.gz").write_bytes(data[: len(data) // 2] + tail)
    loaded = load(tmp_path)
    cut = loaded.file("cut.log.gz")
    assert loaded.file("good.log.gz").lines == 20_000
    assert 5_000 < cut.lines < 20_000
    assert cut.malformed == 0  # the line cut in half is dropped, not half-read
    assert cut.error is not None and cut.error.startswith("damaged gzip")
    assert len(loaded.events) == 20_000 + cut.lines


@pytest.mark.parametrize("spec", ["missing.log", "nothing-*.log"])
def test_a_missing_input_is_a_source_error(tmp_path: Path, spec: str) -> None:
    with pytest.raises(SourceError, match=r"no such file|no file matches"):
        load(tmp_path / spec)


def test_a_forced_format_reads_a_file_the_sniffer_would_not_pick(tmp_path: Path) -> None:
    lines = "garbage line\n" * 5 + SQUID
    path = write_log(tmp_path / "proxy.txt", lines)
    assert [Path(s.path).name for s in load(path).skipped] == ["proxy.txt"]
    loaded = load(path, forced="squid")
    assert len(loaded.events) == 3
    assert loaded.file("proxy.txt").malformed == 5


def test_a_squid_log_starting_with_a_damaged_line_is_still_detected(tmp_path: Path) -> None:
    loaded = load(write_log(tmp_path / "access.log", "\x00\x00 cut line\n" + SQUID))
    stats = loaded.file("access.log")
    assert (stats.format, len(loaded.events), stats.malformed) == ("squid", 3, 1)


def test_ingest_reports_progress_up_to_one(tmp_path: Path) -> None:
    from airlock.discover.config import DiscoverConfig
    from airlock.discover.ingest import Workbench, ingest
    from airlock.discover.service import available_readers
    from airlock.discover.sources import expand, plan

    write_log(tmp_path / "access.log", SQUID * 100)
    work = plan(expand([str(tmp_path)]), available_readers(DiscoverConfig()))
    seen: list[tuple[float, str]] = []
    with Workbench() as bench:
        ingest(bench, work, lambda fraction, label: seen.append((fraction, label)))
    assert seen[-1] == (1.0, "squid: 1 file(s)")
    assert all(0.0 <= fraction <= 1.0 for fraction, _ in seen)


def test_forcing_zeek_on_a_file_without_zeek_header_reads_nothing(tmp_path: Path) -> None:
    loaded = load(write_log(tmp_path / "access.log", SQUID), forced="zeek-tsv")
    assert loaded.events == []


@pytest.mark.parametrize("ts", ["99999999999999999999.000", "inf", "nan", "-5.000", "1e30"])
def test_an_impossible_squid_time_is_one_malformed_line_not_a_lost_file(
    tmp_path: Path, ts: str
) -> None:
    bad = f"{ts} 5 10.0.0.9 TCP_MISS/200 10 POST https://claude.ai/x - HIER_DIRECT/1.2.3.4 -\n"
    loaded = load(write_log(tmp_path / "access.log", SQUID + bad + SQUID))
    stats = loaded.file("access.log")
    assert stats.error is None
    assert (len(loaded.events), stats.malformed) == (6, 1)


def test_an_impossible_zeek_time_is_one_malformed_line(tmp_path: Path) -> None:
    text = ZEEK_SSL.replace("1700000001.0\t", "1e300\t")
    loaded = load(write_log(tmp_path / "ssl.log", text))
    stats = loaded.file("ssl.log")
    assert (stats.error, stats.lines, stats.malformed) == (None, 2, 1)


@pytest.mark.parametrize(
    ("logged", "expected"),
    [
        ("Alice%40Corp.Example", "alice@corp.example"),
        ("DOM%5Cbob", "dom\\bob"),
        ("%ff%fe", "%ff%fe"),
    ],
)
def test_squid_user_names_are_url_decoded(tmp_path: Path, logged: str, expected: str) -> None:
    line = (
        f"1700000000.000 5 10.0.0.5 TCP_MISS/200 10 GET https://claude.ai/ {logged} HIER_NONE/- -\n"
    )
    loaded = load(write_log(tmp_path / "access.log", line))
    assert [e["user"] for e in loaded.events] == [expected]


def test_duckdb_error_reasons_mask_quoted_values() -> None:
    import duckdb

    from airlock.discover.ingest import _reason

    with pytest.raises(duckdb.Error) as caught:
        duckdb.sql("SELECT CAST('alice.smith@corp.example' AS INTEGER)").fetchall()
    reason = _reason(caught.value)
    assert "alice" not in reason and "corp" not in reason
    assert reason.startswith("ConversionException")


def test_a_gzip_with_nothing_readable_is_skipped_with_the_reason(tmp_path: Path) -> None:
    whole = write_log(tmp_path / "whole.log.gz", SQUID, gz=True).read_bytes()
    (tmp_path / "stub.log.gz").write_bytes(whole[:5])
    loaded = load(tmp_path)
    assert len(loaded.events) == 3
    assert [(Path(s.path).name, s.reason) for s in loaded.skipped] == [
        ("stub.log.gz", "damaged gzip, nothing readable (EOFError)")
    ]
