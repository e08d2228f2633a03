"""Sources: connectors, credentials that never reach output, bad input that loses nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from airlock.assess.service import AssessRequest, assess
from airlock.assess.sources import EngineOptions, SourceSpec, open_source, spec_from_argument
from airlock.assess.sources.credentials import expand, has_literal_password, redact
from airlock.detect import Engine
from airlock.errors import ConfigError, SourceError


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://app:s3cret@db:5432/crm", "postgresql://app:***@db:5432/crm"),
        ("postgresql://app@db/crm?password=s3cret", "postgresql://app@db/crm"),
        ("snowflake://u:p%40ss@acct/db/schema", "snowflake://u:***@acct/db/schema"),
    ],
)
def test_redact_hides_passwords_and_query(url: str, shown: str) -> None:
    assert redact(url) == shown


def test_literal_password_on_the_command_line_is_refused() -> None:
    with pytest.raises(ConfigError) as info:
        spec_from_argument("postgresql://app:hunter2@db/crm")
    assert "hunter2" not in str(info.value)
    assert not has_literal_password("postgresql://app:${CRM_PW}@db/crm")
    assert spec_from_argument("postgresql://app:${CRM_PW}@db/crm").url is not None


def test_env_expansion_and_password_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRM_PW", "p@ss word")
    assert expand("postgresql://app:${CRM_PW}@db/crm") == "postgresql://app:p%40ss%20word@db/crm"
    assert expand("postgresql://app@db:5433/crm", password_env="CRM_PW") == (
        "postgresql://app:p%40ss%20word@db:5433/crm"
    )
    with pytest.raises(ConfigError, match="MISSING_PW is not set"):
        expand("postgresql://app:${MISSING_PW}@db/crm")


def test_unreachable_database_error_never_shows_the_password(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DB_PW", "Very-Secret-123")
    spec = SourceSpec(url="postgresql://app@127.0.0.1:1/crm", password_env="DB_PW")
    with pytest.raises(SourceError) as info:
        open_source(spec, EngineOptions())
    assert "Very-Secret-123" not in str(info.value)
    assert "127.0.0.1:1" in str(info.value)


def test_broken_file_is_reported_and_the_rest_is_assessed(tmp_path: Path) -> None:
    (tmp_path / "good.csv").write_text("id,name\n1,a\n2,b\n", encoding="utf-8")
    (tmp_path / "broken.parquet").write_bytes(b"PAR1 this is not parquet")
    (tmp_path / "notes.bin").write_bytes(b"\x00\x01")
    report = assess(AssessRequest([SourceSpec(path=str(tmp_path))]), Engine())
    (source,) = report.sources
    assert [t.name for t in source.tables] == ["good.csv"]
    assert source.tables[0].rows == 2
    assert any("broken.parquet" in e and "parquet" in e for e in source.errors)


def test_missing_source_is_a_clear_error_and_other_sources_still_run(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("x\n1\n", encoding="utf-8")
    specs = [SourceSpec(path=str(tmp_path / "nope")), SourceSpec(path=str(tmp_path / "a.csv"))]
    report = assess(AssessRequest(specs), Engine())
    assert report.sources[0].errors == [f"{tmp_path / 'nope'}: no such file or folder"]
    assert report.sources[1].tables[0].rows == 1


def test_excel_sheets_become_tables(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "clients"
    sheet.append(["Client Name", "email", "amount"])
    for i in range(30):
        sheet.append([f"Client {i}", f"c{i}@example.com" if i % 3 else None, i * 1.5])
    other = book.create_sheet("notes")
    other.append(["text"])
    other.append(["call back"])
    path = tmp_path / "book.xlsx"
    book.save(path)
    report = assess(AssessRequest([SourceSpec(path=str(path))]), Engine())
    tables = {t.name: t for t in report.sources[0].tables}
    assert set(tables) == {"book.xlsx[clients]", "book.xlsx[notes]"}
    clients = tables["book.xlsx[clients]"]
    email = next(c for c in clients.columns if c.name == "email")
    assert clients.rows == 30 and email.nulls == 10
    assert {h.entity for h in email.sensitive} == {"EMAIL_ADDRESS"}
    assert report.sources[0].storage == "file" and report.sources[0].reachable_by == "export"


def test_sources_yaml_errors_name_file_and_line(tmp_path: Path) -> None:
    from airlock.assess.sources import SourcesFile
    from airlock.config import load_yaml_model

    path = tmp_path / "sources.yaml"
    path.write_text("sources:\n  - name: crm\n    path: a.csv\n    url: postgresql://x/y\n")
    with pytest.raises(ConfigError) as info:
        load_yaml_model(path, SourcesFile)
    assert f"{path}:2:" in str(info.value) and "exactly one of path or url" in str(info.value)
