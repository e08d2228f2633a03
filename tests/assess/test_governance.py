"""PostgreSQL governance evidence, read from the catalog of a real server."""

from __future__ import annotations

from airlock.assess.service import AssessRequest, assess
from airlock.assess.sources import EngineOptions, SourceSpec, open_source
from airlock.detect import Engine

from .conftest import NOW


def test_public_grants_superuser_owners_rls_and_tls(postgres_source: str) -> None:
    source = open_source(SourceSpec(url=postgres_source), EngineOptions())
    try:
        evidence = source.governance()
    finally:
        source.close()
    assert evidence is not None
    assert evidence.tables == 2
    assert evidence.public_tables == ["customers"]
    assert evidence.rls_tables == ["orders"]
    # The fixture connects as the postgres superuser, which owns both tables.
    assert sorted(evidence.superuser_owned) == ["customers", "orders"]
    assert evidence.tls is False  # the local test server listens without TLS


def test_governance_findings_reach_scores_and_plan(postgres_source: str) -> None:
    report = assess(AssessRequest([SourceSpec(url=postgres_source, name="crm")], now=NOW),
                    Engine())  # fmt: skip
    (source,) = report.sources
    assert source.reachable_by == "connection" and source.storage == "database"
    assert "***" not in source.location or "@" in source.location
    governance = report.trait("governance")
    ids = {c.id: c for c in governance.criteria}
    assert ids["governance.open_access"].score == 0  # 1 of 2 tables readable by PUBLIC
    assert ids["governance.tls"].score == 0
    plan = {i.id: i for i in report.plan}
    assert plan["public_read:crm.customers"].severity == "critical"
    assert "no_tls:crm" in plan
    assert report.plan[0].severity == "critical"
