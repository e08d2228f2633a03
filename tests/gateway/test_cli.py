"""`airlock keys`, `airlock audit`: the key is printed once, lists never show it."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from airlock.cli.main import app


def test_keys_create_list_revoke(workspace_env: Path) -> None:
    runner = CliRunner()
    created = runner.invoke(
        app,
        [
            "keys",
            "create",
            "--user",
            "a@example.com",
            "--role",
            "default",
            "--team",
            "eng",
            "--budget",
            "25",
            "--rpm",
            "30",
            "--expires",
            "30d",
            "--json",
        ],
    )
    assert created.exit_code == 0, created.output
    info = json.loads(created.stdout)
    assert info["key"].startswith(f"alk_{info['key_id']}_")
    listed = runner.invoke(app, ["keys", "list", "--json"])
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(r["key_id"], r["status"], r["rpm"], r["budget_usd_month"]) for r in rows] == [
        (info["key_id"], "active", 30, 25.0)
    ]
    assert info["key"] not in listed.stdout
    assert runner.invoke(app, ["keys", "revoke", info["key_id"]]).exit_code == 0
    again = runner.invoke(app, ["keys", "list", "--json"])
    assert json.loads(again.stdout.splitlines()[0])["status"] == "revoked"
    missing = runner.invoke(app, ["keys", "revoke", info["key_id"]])
    assert missing.exit_code != 0 and "no active key" in str(missing.exception)


def test_bad_expiry_is_a_clear_error(workspace_env: Path) -> None:
    result = CliRunner().invoke(
        app, ["keys", "create", "--user", "a", "--role", "r", "--expires", "soon"]
    )
    assert result.exit_code != 0 and "--expires" in str(result.exception)


def test_audit_export_of_an_empty_workspace(workspace_env: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    result = CliRunner().invoke(app, ["audit", "export", "-o", str(out)])
    assert result.exit_code == 0 and out.read_text() == ""
