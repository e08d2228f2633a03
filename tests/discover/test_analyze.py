from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from airlock.discover.analyze import Window
from airlock.discover.config import DiscoverConfig, Status, load_config
from airlock.discover.model import DiscoveryReport, Level, RecommendationKind
from airlock.discover.service import DiscoverRequest, discover
from airlock.errors import ConfigError, SourceError
from tests.discover.conftest import write_log

DAY1 = 1_700_000_000  # 2023-11-14 22:13:20 UTC
DAY2 = DAY1 + 86_400


def squid(ts: float, ip: str, url: str, user: str = "-", sent: int | None = None) -> str:
    method = "CONNECT" if "://" not in url else "POST"
    tail = f" {sent}" if sent is not None else ""
    return (
        f"{ts:.3f}    12 {ip} TCP_MISS/200 900 {method} {url} {user} HIER_DIRECT/1.2.3.4 -{tail}\n"
    )


LOG = "".join(
    [
        squid(DAY1, "10.0.0.1", "https://chatgpt.com/backend-api/conversation", "alice", 5_000_000),
        squid(DAY1 + 60, "10.0.0.1", "https://chatgpt.com/backend-api/files", "alice", 200_000_000),
        squid(DAY1 + 120, "10.0.0.2", "chat.deepseek.com:443", sent=0),
        squid(DAY2, "10.0.0.3", "https://claude.ai/api/append_message", "carol", 3_000_000),
        squid(DAY2 + 5, "10.0.0.4", "https://notopenai.com/", "dave", 9_000_000),
        squid(DAY2 + 10, "10.0.0.5", "https://ai.corp.example/v1/chat", "erin", 8_000_000),
        squid(DAY2 + 20, "10.0.0.2", "https://www.notion.so/page", sent=10),
    ]
)
IDENTITIES = "ip,person,department\n10.0.0.2,Bob Stone,Finance\nALICE,Alice Ng,Finance\n"


def run(tmp_path: Path, config: DiscoverConfig | None = None, **kw: object) -> DiscoveryReport:
    log = write_log(tmp_path / "logs" / "access.log", LOG)
    return discover(DiscoverRequest(inputs=[str(log)], config=config or DiscoverConfig(), **kw))  # type: ignore[arg-type]


def config(tmp_path: Path, **kw: object) -> DiscoverConfig:
    ids = write_log(tmp_path / "identities.csv", IDENTITIES)
    base: dict[str, object] = {
        "services": {"claude": Status.sanctioned, "deepseek": Status.prohibited},
        "gateway_hosts": ["ai.corp.example"],
        "identity_map": ids,
    }
    base.update(kw)
    return DiscoverConfig.model_validate(base)


def test_per_service_counts_users_bytes_and_first_last_seen(tmp_path: Path) -> None:
    report = run(tmp_path, config(tmp_path))
    services = {s.id: s for s in report.services}
    assert set(services) == {"chatgpt", "deepseek", "claude", "airlock-gateway", "notion"}
    chatgpt = services["chatgpt"]
    assert (chatgpt.requests, chatgpt.users, chatgpt.bytes_out) == (2, 1, 205_000_000)
    assert chatgpt.bytes_in == 1800
    assert chatgpt.first_seen == datetime(2023, 11, 14, 22, 13, 20)
    assert chatgpt.last_seen == datetime(2023, 11, 14, 22, 14, 20)
    assert chatgpt.hosts == ["chatgpt.com"]
    assert report.totals.events == 7
    assert report.totals.ai_events == 6
    assert report.totals.sanctioned_requests == 2
    assert report.totals.shadow_requests == 4


def test_lookalike_domains_are_not_counted(tmp_path: Path) -> None:
    report = run(tmp_path)
    assert all("notopenai.com" not in s.hosts for s in report.services)


def test_trend_per_day(tmp_path: Path) -> None:
    report = run(tmp_path)
    points = {(p.day, p.service_id): p.requests for p in report.daily}
    assert points[(date(2023, 11, 14), "chatgpt")] == 2
    assert points[(date(2023, 11, 15), "claude")] == 1


def test_identity_map_attributes_by_user_name_then_ip(tmp_path: Path) -> None:
    report = run(tmp_path, config(tmp_path))
    people = {u.person: u for u in report.users}
    assert people["Alice Ng"].department == "Finance"
    assert people["Bob Stone"].services == ["deepseek", "notion"]
    assert people["carol"].department == "unassigned"
    finance = next(d for d in report.departments if d.department == "Finance")
    assert (finance.users, finance.shadow_users) == (2, 2)
    assert report.identities == 2


def test_without_identity_map_the_user_field_or_ip_is_the_person(tmp_path: Path) -> None:
    report = run(tmp_path)
    assert {u.person for u in report.users} >= {"alice", "10.0.0.2", "carol"}


def test_window_keeps_only_events_inside(tmp_path: Path) -> None:
    window = Window(since=datetime(2023, 11, 15), until=datetime(2023, 11, 16))
    report = run(tmp_path, window=window)
    assert {s.id for s in report.services} == {"claude", "notion"}
    assert report.totals.events == 4


def test_largest_uploads_list_only_non_sanctioned_services(tmp_path: Path) -> None:
    report = run(tmp_path, config(tmp_path))
    assert [(u.service_id, u.bytes_out, u.person) for u in report.uploads] == [
        ("chatgpt", 200_000_000, "Alice Ng"),
        ("chatgpt", 5_000_000, "Alice Ng"),
    ]


def test_risk_follows_status_and_catalog_attributes(tmp_path: Path) -> None:
    report = run(tmp_path, config(tmp_path))
    risk = {s.id: s.risk for s in report.services}
    assert risk["claude"].score == 0 and risk["airlock-gateway"].score == 0
    # prohibited 45 + trains 20 + no enterprise 5 + no zero retention 5 + personal only 10
    assert risk["deepseek"].score == 85 and risk["deepseek"].level is Level.critical
    # unsanctioned 30 + trains 20 + no zero retention 5 + 205 MB uploaded 15
    assert risk["chatgpt"].score == 70
    assert risk["notion"].score < risk["chatgpt"].score


def test_allowed_regions_add_residency_points(tmp_path: Path) -> None:
    plain = {s.id: s.risk.score for s in run(tmp_path, config(tmp_path)).services}
    eu = config(tmp_path, allowed_regions=["EU"])
    scored = {s.id: s.risk.score for s in run(tmp_path, eu).services}
    assert scored["deepseek"] == min(plain["deepseek"] + 15, 100)
    assert scored["chatgpt"] == plain["chatgpt"]


def test_person_risk_grows_with_uploads_to_unsanctioned_services(tmp_path: Path) -> None:
    report = run(tmp_path, config(tmp_path))
    people = {u.person: u for u in report.users}
    assert people["erin"].risk.score == 0
    assert people["Alice Ng"].risk.score > 55
    assert people["Alice Ng"].largest_upload == 200_000_000


def test_recommendations_block_prohibited_and_move_departments(tmp_path: Path) -> None:
    report = run(tmp_path, config(tmp_path))
    blocks = [r for r in report.recommendations if r.kind is RecommendationKind.block]
    assert blocks[0].target == "deepseek"
    assert blocks[0].detail.startswith("Prohibited but used by 1 person (1 request, ")
    moves = [r for r in report.recommendations if r.kind is RecommendationKind.migrate]
    assert moves[0].target == "Finance"
    assert "ChatGPT" in moves[0].detail


def test_a_config_naming_an_unknown_service_is_an_error(tmp_path: Path) -> None:
    bad = DiscoverConfig(services={"no-such-ai": Status.sanctioned})
    with pytest.raises(ConfigError, match="no-such-ai"):
        run(tmp_path, bad)


def test_inputs_without_any_log_are_a_source_error(tmp_path: Path) -> None:
    notes = write_log(tmp_path / "notes.txt", "hello\n")
    with pytest.raises(SourceError, match="no readable log file"):
        discover(DiscoverRequest(inputs=[str(notes)]))


def test_an_unknown_forced_format_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown log format"):
        run(tmp_path, format="apache")


def _own_catalog(tmp_path: Path, risk: str) -> Path:
    return write_log(
        tmp_path / "own.yaml",
        f"""version: "1"
services:
  - id: acme-ai
    name: ACME AI
    vendor: ACME
    category: chat
    domains: [acme-ai.test]
    risk:
{risk}
    source: Our own procurement review.
""",
    )


ACME = squid(DAY1, "10.0.0.8", "https://acme-ai.test/chat", "zoe", 10)


def test_undocumented_attributes_are_scored_never_as_safe(tmp_path: Path) -> None:
    own = _own_catalog(
        tmp_path,
        "      trains_on_inputs: null\n      enterprise_plan: null\n      zero_retention: null\n"
        "      data_residency: []\n      accounts: [business]",
    )
    log = write_log(tmp_path / "access.log", ACME)
    report = discover(DiscoverRequest([str(log)], DiscoverConfig(catalog=[own])))
    (service,) = report.services
    # unsanctioned 30 + training 10 + enterprise 3 + zero retention 3 + residency 5
    assert service.risk.score == 51
    assert "zero retention not documented (+3)" in service.risk.reasons


@pytest.mark.parametrize(
    ("residency", "allowed", "outside"),
    [
        ("[DE]", ["EU"], False),
        ("[EU]", ["DE"], True),
        ("[GB]", ["UK"], False),
        ("[US]", ["EU"], True),
    ],
)
def test_residency_rule_knows_eu_members(
    tmp_path: Path, residency: str, allowed: list[str], outside: bool
) -> None:
    own = _own_catalog(
        tmp_path,
        "      trains_on_inputs: false\n      enterprise_plan: true\n      zero_retention: true\n"
        f"      data_residency: {residency}\n      accounts: [business]",
    )
    log = write_log(tmp_path / "access.log", ACME)
    cfg = DiscoverConfig(catalog=[own], allowed_regions=allowed)
    (service,) = discover(DiscoverRequest([str(log)], cfg)).services
    assert any("outside allowed regions" in r for r in service.risk.reasons) is outside


def test_connect_hosts_in_upper_case_with_trailing_dot_and_port_are_matched(
    tmp_path: Path,
) -> None:
    log = write_log(tmp_path / "access.log", squid(DAY1, "10.0.0.1", "CHAT.OPENAI.COM.:443"))
    report = discover(DiscoverRequest([str(log)]))
    assert [(s.id, s.hosts) for s in report.services] == [("chatgpt", ["chat.openai.com"])]


def test_an_empty_window_reports_the_span_the_logs_hold(tmp_path: Path) -> None:
    report = run(tmp_path, window=Window(since=datetime(2030, 1, 1)))
    assert report.totals.events == 0 and report.services == []
    assert report.totals.logs_first_seen == datetime(2023, 11, 14, 22, 13, 20)
    assert report.totals.logs_last_seen == datetime(2023, 11, 15, 22, 13, 40)


@pytest.mark.parametrize(
    ("kw", "error"),
    [
        ({"window": Window(datetime(2023, 11, 15), datetime(2023, 11, 15))}, "must be before"),
        ({"memory_limit": "lots"}, "--memory-limit"),
        ({"memory_limit": "1GB'; SET threads=1; --"}, "--memory-limit"),
    ],
)
def test_unusable_options_are_config_errors(
    tmp_path: Path, kw: dict[str, object], error: str
) -> None:
    with pytest.raises(ConfigError, match=error):
        run(tmp_path, **kw)


def test_an_unknown_service_in_the_config_names_file_line_and_a_suggestion(
    tmp_path: Path,
) -> None:
    path = write_log(tmp_path / "discover.yaml", "version: 1\nservices:\n  chatgtp: sanctioned\n")
    with pytest.raises(ConfigError, match=r"discover\.yaml:3: services\.chatgtp: .*'chatgpt'"):
        run(tmp_path, load_config(path))


def test_allowed_regions_must_be_region_codes(tmp_path: Path) -> None:
    path = write_log(tmp_path / "discover.yaml", "allowed_regions: [eu, Europe]\n")
    with pytest.raises(ConfigError, match=r"discover\.yaml:1: allowed_regions.*'Europe'"):
        load_config(path)


def test_a_comparison_names_the_periods_of_both_runs(tmp_path: Path) -> None:
    from airlock.discover.compare import compare

    before = run(tmp_path, window=Window(until=datetime(2023, 11, 15)))
    after = run(tmp_path)
    result = compare(before, after)
    assert result.before_period == "2023-11-14 to 2023-11-14 (1 day)"
    assert result.after_period == "2023-11-14 to 2023-11-15 (2 days)"
    assert (result.before_sanctioned_share, result.new_services) == (0.0, ["claude", "notion"])


def test_since_is_inclusive_and_until_exclusive_to_the_microsecond(tmp_path: Path) -> None:
    log = write_log(
        tmp_path / "access.log",
        squid(DAY1, "10.0.0.1", "https://claude.ai/a", "first")
        + squid(DAY1 + 1, "10.0.0.1", "https://claude.ai/b", "second")
        + squid(DAY1 + 2, "10.0.0.1", "https://claude.ai/c", "third"),
    )
    start = datetime(2023, 11, 14, 22, 13, 20)
    window = Window(since=start, until=datetime(2023, 11, 14, 22, 13, 22))
    report = discover(DiscoverRequest([str(log)], window=window))
    assert sorted(u.person for u in report.users) == ["first", "second"]
    assert report.totals.first_seen == start
