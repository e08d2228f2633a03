"""`airlock policy check/test`, and policy changes taking effect without a restart."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from airlock.cli.main import app
from airlock.policy import Action, Destination, PolicyStore

POLICY = """\
default_role: staff
roles:
  staff: {models: ["gpt-*"]}
rules:
  - {data: pii, action: pseudonymize}
  - {data: credential, destination: external, action: block}
"""
CASES = """\
cases:
  - name: e-mail is pseudonymized
    input: "write to jane.doe@example.com"
    model: gpt-4o
    expect: pseudonymize
    entities: {EMAIL_ADDRESS: pseudonymize}
    output: "write to <EMAIL_ADDRESS_1>"
  - name: keys never go out
    input: "key AKIA2OGYBAH6QZXBWT7Q"
    model: gpt-4o
    tags: [external]
    expect: block
  - name: claude is not for staff
    input: "hello"
    model: claude-3
    expect: deny
"""


@pytest.fixture
def files(tmp_path: Path, workspace_env: Path) -> Path:
    (tmp_path / "policy.yaml").write_text(POLICY)
    (tmp_path / "policy.tests.yaml").write_text(CASES)
    return tmp_path / "policy.yaml"


def test_policy_test_runs_the_cases_beside_the_policy(files: Path) -> None:
    result = CliRunner().invoke(app, ["policy", "test", str(files)])
    assert result.exit_code == 0, result.output
    assert "3 passed, 0 failed" in result.output


def test_a_failing_case_fails_the_command(files: Path) -> None:
    files.with_name("policy.tests.yaml").write_text(CASES.replace("expect: deny", "expect: allow"))
    result = CliRunner().invoke(app, ["policy", "test", str(files)])
    assert result.exit_code == 1
    assert "2 passed, 1 failed" in result.output


def test_a_case_naming_an_undefined_role_fails(files: Path) -> None:
    cases = CASES.replace("    model: claude-3\n", "    model: claude-3\n    role: stafff\n")
    files.with_name("policy.tests.yaml").write_text(cases)
    result = CliRunner().invoke(app, ["policy", "test", str(files)])
    assert result.exit_code == 1
    assert "role 'stafff' is not defined in the policy" in result.output


def test_policy_check_reports_file_and_line(files: Path) -> None:
    assert CliRunner().invoke(app, ["policy", "check", str(files)]).exit_code == 0
    files.write_text(POLICY + "  - {data: pii, action: nuke}\n")
    result = CliRunner().invoke(app, ["policy", "check", str(files)])
    assert result.exit_code != 0
    assert isinstance(result.exception, Exception)
    assert f"{files}:7: rules.2.action" in str(result.exception)


def test_store_reloads_a_changed_file_and_keeps_the_last_good_one(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(POLICY)
    store = PolicyStore(path)
    dest = Destination("openai", ("external",))
    assert store.current.action_for("PERSON", "pii", dest).action is Action.pseudonymize
    assert store.refresh() is False  # unchanged
    path.write_text(POLICY.replace("action: pseudonymize", "action: redact"))
    os.utime(path, ns=(1, 10**18))  # a new mtime even on coarse file systems
    assert store.refresh() is True
    assert store.current.action_for("PERSON", "pii", dest).action is Action.redact
    path.write_text("rules: [oops")
    os.utime(path, ns=(1, 2 * 10**18))
    assert store.refresh() is False
    assert store.last_error is not None and "invalid YAML" in store.last_error
    assert store.current.action_for("PERSON", "pii", dest).action is Action.redact
    path.unlink()
    assert store.refresh() is False and store.last_error == "policy file not found"
    assert store.current.action_for("PERSON", "pii", dest).action is Action.redact
    path.write_text(POLICY)
    assert store.refresh() is True and store.last_error is None
    assert store.current.action_for("PERSON", "pii", dest).action is Action.pseudonymize
