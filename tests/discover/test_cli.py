from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from airlock.cli.discover import register
from airlock.errors import ConfigError, StoreError
from airlock.settings import get_settings
from airlock.workspace import init_workspace
from tests.discover.conftest import write_log

DAY1 = 1_700_000_000


def line(ts: float, ip: str, url: str, user: str = "-", sent: int = 0) -> str:
    return f"{ts:.3f} 5 {ip} TCP_MISS/200 900 POST {url} {user} HIER_DIRECT/1.2.3.4 - {sent}\n"


LOG = (
    line(DAY1, "10.0.0.1", "https://chatgpt.com/c", "alice", 4_000_000)
    + line(DAY1 + 86_400, "10.0.0.2", "https://chat.deepseek.com/a", "bob", 10)
    + line(DAY1 + 86_400, "10.0.0.3", "https://claude.ai/x", "carol", 10)
    + "garbage line\n"
)


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """Test root."""

    register(app)
    return app


@pytest.fixture
def logs(tmp_path: Path) -> Path:
    write_log(tmp_path / "logs" / "access.log", LOG)
    write_log(tmp_path / "discover.yaml", "services: {claude: sanctioned, deepseek: prohibited}\n")
    return tmp_path


def invoke(app: typer.Typer, *args: str) -> tuple[str, BaseException | None]:
    result = CliRunner().invoke(app, ["discover", *args])
    return result.output, result.exception


def test_summary_names_services_people_and_masked_problems(
    app: typer.Typer, logs: Path, workspace_env: Path
) -> None:
    output, error = invoke(app, str(logs / "logs"), "-c", str(logs / "discover.yaml"))
    assert error is None
    assert "ChatGPT" in output and "DeepSeek" in output
    assert "Block DeepSeek Chat" in output
    assert "1 malformed" in output and "xxxxxxx xxxx" in output
    assert "garbage" not in output
    assert "not stored" in output


def test_json_to_stdout_is_the_full_report(
    app: typer.Typer, logs: Path, workspace_env: Path
) -> None:
    result = CliRunner().invoke(app, ["discover", str(logs / "logs"), "--json", "-", "--no-store"])
    assert result.exception is None
    document = json.loads(result.stdout)
    assert {s["id"] for s in document["services"]} == {"chatgpt", "deepseek", "claude"}
    assert document["totals"]["malformed"] == 1


def test_csv_and_html_exports(
    app: typer.Typer, logs: Path, tmp_path: Path, workspace_env: Path
) -> None:
    out = tmp_path / "out"
    _, error = invoke(
        app,
        str(logs / "logs"),
        "--csv",
        str(out / "csv"),
        "--html",
        str(out / "r.html"),
        "--no-store",
    )
    assert error is None
    with (out / "csv" / "services.csv").open() as f:
        rows = list(csv.DictReader(f))
    assert {r["id"] for r in rows} == {"chatgpt", "deepseek", "claude"}
    with (out / "csv" / "uploads.csv").open() as f:
        uploads = list(csv.DictReader(f))
    assert [(u["person"], u["service_id"], u["bytes_out"]) for u in uploads] == [
        ("alice", "chatgpt", "4000000")
    ]
    html = (out / "r.html").read_text()
    assert "<svg" in html and "ChatGPT" in html
    # Self-contained: no script, and no URL at all (nothing to fetch, nothing to phone home).
    assert "<script" not in html
    assert not re.search(r"https?:|//[a-z]|url\(|@import", html, re.IGNORECASE)
    # Byte figures in the charts use the same units as the tables.
    assert 'class="val">3.8 MB</text>' in html


def test_runs_are_stored_and_compared(app: typer.Typer, logs: Path, workspace_env: Path) -> None:
    init_workspace(get_settings())
    cfg = str(logs / "discover.yaml")
    output, error = invoke(app, str(logs / "logs"), "-c", cfg, "--until", "2023-11-15")
    assert error is None and "Stored as discovery run 1" in output
    output, error = invoke(app, str(logs / "logs"), "-c", cfg, "--compare", "last")
    assert error is None
    assert "Compared with run 1" in output
    assert "Stored as discovery run 2" in output
    output, error = invoke(app, str(logs / "logs"), "--compare", "1", "--no-store")
    assert error is None and "Compared with run 1" in output


def test_compare_with_a_missing_run_is_a_store_error(
    app: typer.Typer, logs: Path, workspace_env: Path
) -> None:
    init_workspace(get_settings())
    _, error = invoke(app, str(logs / "logs"), "--compare", "42")
    assert isinstance(error, StoreError)


def test_compare_with_a_report_file(app: typer.Typer, logs: Path, workspace_env: Path) -> None:
    old = logs / "old.json"
    invoke(app, str(logs / "logs"), "--until", "2023-11-15", "--json", str(old), "--no-store")
    output, error = invoke(app, str(logs / "logs"), "--compare", str(old), "--no-store")
    assert error is None and "Compared with run file" in output


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--since", "yesterday-ish"], "not a date"),
        (["--format", "apache"], "unknown log format"),
        (["--config", "missing.yaml"], "file not found"),
    ],
)
def test_bad_options_are_config_errors(
    app: typer.Typer, logs: Path, workspace_env: Path, args: list[str], expected: str
) -> None:
    _, error = invoke(app, str(logs / "logs"), *args)
    assert isinstance(error, ConfigError)
    assert expected in str(error)


def test_html_trend_shows_quiet_days_as_zero(
    app: typer.Typer, logs: Path, tmp_path: Path, workspace_env: Path
) -> None:
    write_log(
        logs / "logs" / "later.log", line(DAY1 + 3 * 86_400, "10.0.0.9", "https://claude.ai/")
    )
    _, error = invoke(app, str(logs / "logs"), "--html", str(tmp_path / "r.html"), "--no-store")
    assert error is None
    html = (tmp_path / "r.html").read_text()
    # Events on Nov 14, 15 and 17: the 16th is on the axis with no requests.
    assert "2023-11-16: 0 sanctioned, 0 shadow" in html
