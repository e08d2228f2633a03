from __future__ import annotations

from pathlib import Path

import pytest

from airlock.discover.catalog import (
    Category,
    DomainMatcher,
    load_catalog,
    matcher_for,
    shipped_catalog,
)
from airlock.errors import ConfigError


def test_shipped_catalog_validates_and_covers_at_least_150_services() -> None:
    catalog = shipped_catalog()
    assert len(catalog.services) >= 150
    assert {s.category for s in catalog.services} == set(Category)


def test_shipped_catalog_has_no_domain_claimed_twice() -> None:
    seen: dict[str, str] = {}
    for service in shipped_catalog().services:
        for domain in service.domains:
            assert domain not in seen, f"{domain} in {seen.get(domain)} and {service.id}"
            seen[domain] = service.id


def test_every_shipped_service_has_a_source_note_and_an_account_type() -> None:
    for service in shipped_catalog().services:
        assert len(service.source) >= 10, service.id
        assert service.risk.accounts, service.id


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("chatgpt.com", "chatgpt"),
        ("ab.chatgpt.com", "chatgpt"),
        ("CHATGPT.COM.", "chatgpt"),
        ("chatgpt.com:443", "chatgpt"),
        ("notopenai.com", None),
        ("openai.com.evil.example", None),
        ("evil-chatgpt.com", None),
        ("api.openai.com", "openai-api"),
        ("sora.chatgpt.com", "openai-sora"),
        ("api.deepseek.com", "deepseek-api"),
        ("chat.deepseek.com", "deepseek"),
        ("myres.openai.azure.com", "azure-openai"),
        ("openai.azure.com", None),
        ("bedrock-runtime.eu-west-1.amazonaws.com", "aws-bedrock"),
        ("s3.eu-west-1.amazonaws.com", None),
        ("europe-west4-aiplatform.googleapis.com", "vertex-ai"),
        ("storage.googleapis.com", None),
        ("docs.google.com", None),
        ("10.1.2.3", None),
        ("", None),
    ],
)
def test_shipped_domains_match_on_label_boundaries(host: str, expected: str | None) -> None:
    assert matcher_for(shipped_catalog()).match(host) == expected


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("example.com", "plain"),
        ("a.example.com", "plain"),
        ("deep.sub.example.com", "sub-only"),
        ("sub.example.com", "plain"),
        ("x.sub.example.com", "sub-only"),
        ("api.west.cloud.test", "glob"),
        ("api.cloud.test", None),
        ("api-eu.cloud.test", None),
        ("team-ai.tools.test", "partial"),
        ("x.team-ai.tools.test", "partial"),
        ("ai.tools.test", None),
    ],
)
def test_wildcards_match_only_what_they_say(host: str, expected: str | None) -> None:
    matcher = DomainMatcher(
        [
            ("example.com", "plain"),
            ("*.sub.example.com", "sub-only"),
            ("api.*.cloud.test", "glob"),
            ("*-ai.tools.test", "partial"),
        ]
    )
    assert matcher.match(host) == expected


def _write_catalog(path: Path, service_id: str, domain: str) -> Path:
    path.write_text(
        f"""version: "1"
services:
  - id: {service_id}
    name: Internal Assistant
    vendor: ACME
    category: chat
    domains: ["{domain}"]
    risk:
      trains_on_inputs: false
      enterprise_plan: true
      zero_retention: true
      data_residency: [EU]
      accounts: [business]
    source: Our own procurement review.
""",
        encoding="utf-8",
    )
    return path


def test_company_catalog_adds_and_replaces_services(tmp_path: Path) -> None:
    own = _write_catalog(tmp_path / "own.yaml", "acme-assistant", "assistant.acme.test")
    catalog = load_catalog([own])
    matcher = matcher_for(catalog)
    assert matcher.match("eu.assistant.acme.test") == "acme-assistant"
    replaced = _write_catalog(tmp_path / "r.yaml", "chatgpt", "chatgpt.com")
    assert load_catalog([replaced]).by_id()["chatgpt"].vendor == "ACME"


def test_company_catalog_claiming_a_shipped_domain_is_a_config_error(tmp_path: Path) -> None:
    own = _write_catalog(tmp_path / "own.yaml", "acme-assistant", "claude.ai")
    with pytest.raises(ConfigError, match=r"own\.yaml.*claude\.ai"):
        load_catalog([own])


@pytest.mark.parametrize("domain", ["Bad_Domain.com", "*.com", "a.*", "*.*.example.com", "nodot"])
def test_invalid_domain_patterns_are_rejected_with_their_line(tmp_path: Path, domain: str) -> None:
    own = _write_catalog(tmp_path / "own.yaml", "acme-assistant", domain)
    with pytest.raises(ConfigError, match=r"own\.yaml:7: services\.0\.domains"):
        load_catalog([own])


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("ＣＨＡＴＧＰＴ．ｃｏｍ", "chatgpt"),  # full-width forms resolve to the ASCII name
        ("chatgpt.com.:443", "chatgpt"),
        ("[2001:db8::1]:443", None),
        ("2001:db8::1", None),
    ],
)
def test_hosts_are_normalized_before_matching(host: str, expected: str | None) -> None:
    assert matcher_for(shipped_catalog()).match(host) == expected


@pytest.mark.parametrize("host", ["bücher.example", "BÜCHER.example.", "eu.bücher.example:443"])
def test_unicode_hosts_match_their_punycode_catalog_domain(host: str) -> None:
    matcher = DomainMatcher([("xn--bcher-kva.example", "books-ai")])
    assert matcher.match(host) == "books-ai"
    assert matcher.match("xn--bcher-kva.example.evil.test") is None
