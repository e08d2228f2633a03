from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect
from typer.testing import CliRunner

from airlock.cli.main import app, main
from airlock.settings import get_settings
from airlock.workspace import DEFAULT_CONFIG, init_workspace, load_workspace

runner = CliRunner()


def test_init_creates_config_and_wal_database(workspace_env: Path) -> None:
    result = runner.invoke(app, ["init"])
    assert result.exit_code == 0, result.output
    assert (workspace_env / "airlock.yaml").read_text() == DEFAULT_CONFIG
    assert (workspace_env / "airlock.db").is_file()
    workspace = load_workspace(get_settings())
    assert workspace.exists
    assert "fingerprints" in inspect(workspace.database()).get_table_names()


def test_init_keeps_an_edited_config_unless_forced(workspace_env: Path) -> None:
    init_workspace(get_settings())
    (workspace_env / "airlock.yaml").write_text("detect:\n  min_score: 0.7\n")
    runner.invoke(app, ["init"])
    assert load_workspace(get_settings()).config.detect.min_score == 0.7
    runner.invoke(app, ["init", "--force"])
    assert load_workspace(get_settings()).config.detect.min_score == 0.5


def test_without_a_workspace_commands_use_defaults(workspace_env: Path) -> None:
    workspace = load_workspace(get_settings())
    assert not workspace.exists
    assert workspace.config.detect.min_score == 0.5


def test_database_url_override_points_at_postgres(
    workspace_env: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIRLOCK_DATABASE_URL", postgres_url)
    result = runner.invoke(app, ["init"])
    assert result.exit_code == 0, result.output
    assert not (workspace_env / "airlock.db").exists()
    workspace = load_workspace(get_settings())
    assert workspace.database().dialect.name == "postgresql"


def test_bad_config_exits_with_file_and_line(
    workspace_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace_env.mkdir()
    (workspace_env / "airlock.yaml").write_text("detect:\n  min_score: lots\n")
    monkeypatch.setattr("sys.argv", ["airlock", "entities"])
    with pytest.raises(SystemExit) as info:
        main()
    assert info.value.code == 2
    assert "airlock.yaml:2: detect.min_score" in capsys.readouterr().err


def test_version_flag_prints_the_version() -> None:
    from airlock import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"airlock {__version__}"
