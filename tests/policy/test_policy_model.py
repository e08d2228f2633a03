"""The policy schema: valid files load, invalid ones name the file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from airlock.errors import ConfigError
from airlock.policy import Action, Destination, load_policy


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text(text)
    return path


def test_the_built_in_policy_is_valid() -> None:
    policy = load_policy(None)
    dest = Destination("openai", ("external",))
    assert policy.action_for("AWS_ACCESS_KEY", "credential", dest).action is Action.redact
    assert policy.action_for("EMAIL_ADDRESS", "pii", dest).action is Action.pseudonymize


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("rules:\n  - {data: pii, action: scramble}\n", 2, "rules.0.action"),
        (
            "rules:\n  - {data: pii, action: allow}\n  - {data: banana, action: allow}\n",
            3,
            "unknown category",
        ),
        ("roles:\n  a: {models: [x]}\n  a: {models: [y]}\n", 3, "duplicate key 'a'"),
        ("version: 1\nresponses:\n  action: block\n", 3, "responses.action"),
        ("default_role: ghost\n", 1, "default_role 'ghost'"),
        ("limits:\n  teams:\n    eng: {rpm: 0}\n", 3, "limits.teams.eng.rpm"),
        ("rules: [\n", 2, "invalid YAML"),
    ],
)
def test_errors_name_file_line_and_field(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_policy(path)
    assert err.value.path == str(path) and err.value.line == line
    assert message in str(err.value)


def test_duplicate_rules_are_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path, "rules:\n  - {data: pii, action: allow}\n  - {data: pii, action: block}\n"
    )
    with pytest.raises(ConfigError, match="two rules for data 'pii'"):
        load_policy(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="policy file not found"):
        load_policy(tmp_path / "nope.yaml")
