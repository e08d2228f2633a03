"""The same metric definitions on DuckDB (Parquet, CSV, DuckDB file), SQLite and PostgreSQL,
checked against figures computed in plain Python from the planted rows."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from airlock.assess.formats import PLACEHOLDERS, family
from airlock.assess.model import TableProfile
from airlock.assess.profile import ProfileOptions, profile_table
from airlock.assess.sources import EngineOptions, SourceSpec, open_source
from airlock.detect import Engine

from .conftest import NOW, Planted

SOURCES = ["parquet", "csv", "sqlite", "duckdb", "postgres"]


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


def _spec(kind: str, files: dict[str, Path], request: pytest.FixtureRequest) -> SourceSpec:
    if kind == "postgres":
        return SourceSpec(url=request.getfixturevalue("postgres_source"), include=["customers"])
    return SourceSpec(path=str(files[kind]))


@pytest.fixture(scope="module", params=SOURCES)
def profiled(
    request: pytest.FixtureRequest, files: dict[str, Path], engine: Engine
) -> tuple[str, TableProfile]:
    source = open_source(_spec(request.param, files, request), EngineOptions(threads=1))
    try:
        (ref,) = source.tables
        return request.param, profile_table(source, ref, engine, ProfileOptions(now=NOW))
    finally:
        source.close()


def _col(profile: TableProfile, name: str):  # type: ignore[no-untyped-def]
    return next(c for c in profile.columns if c.name == name)


def test_rows_and_exact_duplicate_rows(
    profiled: tuple[str, TableProfile], planted: Planted
) -> None:
    _, profile = profiled
    distinct = len({tuple(sorted(r.items())) for r in planted.rows})
    assert profile.rows == len(planted.rows)
    assert profile.exact_duplicate_rows == len(planted.rows) - distinct == 8


def test_nulls_blanks_and_placeholders(
    profiled: tuple[str, TableProfile], planted: Planted
) -> None:
    _, profile = profiled
    status = planted.column("status")
    email = _col(profile, "email")
    assert email.nulls == sum(1 for v in planted.column("email") if v is None)
    col = _col(profile, "status")
    assert col.placeholders == sum(1 for v in status if v.strip().lower() in PLACEHOLDERS)
    # A CSV cannot tell an empty string from a missing value: DuckDB reads both as NULL.
    assert col.nulls + col.empty == sum(1 for v in status if not v.strip())


def test_duplicate_keys_and_near_duplicates(
    profiled: tuple[str, TableProfile], planted: Planted
) -> None:
    _, profile = profiled
    ids = _col(profile, "id")
    assert ids.key_candidate
    assert ids.duplicate_values == len(planted.rows) - len(set(planted.column("id")))
    emails = [e for e in planted.column("email") if e is not None]
    email = _col(profile, "email")
    expected = len(set(emails)) - len({e.strip().lower() for e in emails})
    assert expected > 0
    assert email.near_duplicates == expected


def test_dominant_format_share_counts_every_row(
    profiled: tuple[str, TableProfile], planted: Planted
) -> None:
    _, profile = profiled
    iso = next(f for f in family("date") if f.name == "iso_date")
    values = planted.column("signup")
    col = _col(profile, "signup")
    assert col.kind == "date" and col.stored_as_text == "date"
    assert col.dominant_format == "iso_date"
    assert col.dominant_share == pytest.approx(sum(map(iso.matches, values)) / len(values))
    assert {f.name for f in col.formats} == {"iso_date", "slash_date", "dot_date"}


def test_staleness_and_freshness_column(
    profiled: tuple[str, TableProfile], planted: Planted
) -> None:
    _, profile = profiled
    cutoff = NOW.replace(tzinfo=None) - timedelta(days=365)
    assert profile.freshness_column == "updated_at"
    assert profile.stale_rows == sum(1 for v in planted.column("updated_at") if v < cutoff)
    newest = max(planted.column("updated_at"))
    assert profile.age_days == pytest.approx((NOW.replace(tzinfo=None) - newest).days, abs=1)


def test_sensitive_entities_per_column_on_the_sample(
    profiled: tuple[str, TableProfile], planted: Planted
) -> None:
    _, profile = profiled
    notes = _col(profile, "notes")
    found = {h.entity: h.rows for h in notes.sensitive}
    counts = Counter("email" if "@" in n else "card" if "card" in n else "" for n in
                     planted.column("notes"))  # fmt: skip
    assert found.get("EMAIL_ADDRESS") == counts["email"]
    assert found.get("CREDIT_CARD") == counts["card"]
    assert notes.sample_size == len(planted.rows)


def test_naming_and_comments(profiled: tuple[str, TableProfile]) -> None:
    kind, profile = profiled
    assert profile.naming_style == "snake_case"
    assert profile.naming_consistency == pytest.approx(7 / 8)  # lastLogin is camelCase
    if kind in ("duckdb", "postgres"):
        assert profile.comment == "One row per customer"
    if kind == "duckdb":
        assert _col(profile, "email").comment == "Primary e-mail"
