"""Which rule wins: entity over category over *, then provider over tag over *."""

from __future__ import annotations

from pathlib import Path

import pytest

from airlock.policy import Action, Destination, load_policy

POLICY = """\
default_role: staff
roles:
  staff: {models: ["gpt-4o*", "claude-*"]}
  admin: {models: ["*"]}
rules:
  - {data: "*", action: allow}
  - {data: pii, action: pseudonymize}
  - {data: pii, destination: on-prem, action: allow}
  - {data: EMAIL_ADDRESS, action: mask}
  - {data: credential, destination: external, action: block}
  - {data: credential, destination: vault-llm, action: redact}
"""
OPENAI = Destination("openai", ("external",))
LOCAL = Destination("vllm", ("on-prem",))
VAULT = Destination("vault-llm", ("external",))


@pytest.fixture
def policy(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "p.yaml"
    path.write_text(POLICY)
    return load_policy(path)


@pytest.mark.parametrize(
    ("entity", "category", "dest", "action"),
    [
        ("PERSON", "pii", OPENAI, Action.pseudonymize),
        ("PERSON", "pii", LOCAL, Action.allow),
        ("EMAIL_ADDRESS", "pii", OPENAI, Action.mask),
        ("EMAIL_ADDRESS", "pii", LOCAL, Action.mask),  # entity beats category+tag
        ("AWS_ACCESS_KEY", "credential", OPENAI, Action.block),
        ("AWS_ACCESS_KEY", "credential", VAULT, Action.redact),  # provider beats tag
        ("AWS_ACCESS_KEY", "credential", LOCAL, Action.allow),
        ("SOURCE_CODE", "code", OPENAI, Action.allow),
    ],
)
def test_most_specific_rule_wins(policy, entity, category, dest, action) -> None:  # type: ignore[no-untyped-def]
    assert policy.action_for(entity, category, dest).action is action


@pytest.mark.parametrize(
    ("role", "model", "allowed"),
    [
        ("staff", "gpt-4o-mini", True),
        ("staff", "claude-sonnet", True),
        ("staff", "o3", False),
        (None, "gpt-4o", True),  # the default role
        ("admin", "anything", True),
        ("ghost", "gpt-4o", False),
    ],
)
def test_roles_decide_models(policy, role, model, allowed) -> None:  # type: ignore[no-untyped-def]
    assert policy.model_allowed(role, model) is allowed


def test_the_deciding_rule_is_named_without_values(policy) -> None:  # type: ignore[no-untyped-def]
    match = policy.action_for("AWS_ACCESS_KEY", "credential", OPENAI)
    assert match.rule == "credential -> external: block"
