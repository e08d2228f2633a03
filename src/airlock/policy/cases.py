"""Policy test cases: input text + principal + model -> the expected decision.

Cases live beside the policy (`policy.tests.yaml` for `policy.yaml`) and run with
`airlock policy test`, so a policy change is reviewed like code: with its tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from airlock.config import load_yaml_model
from airlock.detect import Engine, Vault
from airlock.policy.apply import Outcome, sanitize
from airlock.policy.evaluate import Destination, Policy
from airlock.policy.model import Action

Expected = Literal["allow", "mask", "pseudonymize", "redact", "block", "deny"]


class Case(BaseModel):
    """One case. `expect` is the strongest action applied, or `deny` (model not allowed)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    input: str
    role: str | None = None
    model: str = "*"
    provider: str = "preview"
    tags: list[str] = Field(default_factory=list)
    expect: Expected
    entities: dict[str, Action] = Field(default_factory=dict)  # entity -> action expected
    output: str | None = None  # the exact text that leaves (for allow/mask/redact/pseudonymize)


class CaseFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cases: list[Case]


@dataclass(frozen=True)
class CaseResult:
    name: str
    passed: bool
    expected: str
    actual: str
    problems: tuple[str, ...] = ()


def cases_path(policy_path: Path) -> Path:
    """Where the test cases of `policy_path` live: `<stem>.tests.yaml` beside it."""
    return policy_path.with_name(f"{policy_path.stem}.tests.yaml")


def evaluate_text(
    policy: Policy, engine: Engine, text: str, *, role: str | None, model: str, dest: Destination
) -> tuple[str, Outcome, str]:
    """The decision (`deny` or the strongest action), the outcome and the text that leaves."""
    outcome = Outcome()
    if not policy.model_allowed(role, model):
        return "deny", outcome, ""
    sanitized = sanitize(
        text, engine.scan(text), policy=policy, dest=dest, vault=Vault(), outcome=outcome
    )
    return str(outcome.strongest), outcome, sanitized


def run_cases(policy: Policy, engine: Engine, path: Path) -> list[CaseResult]:
    """Run every case of the file at `path`. Raises `ConfigError` on a malformed file."""
    results = []
    for case in load_yaml_model(path, CaseFile).cases:
        dest = Destination(case.provider, tuple(case.tags))
        decision, outcome, text = evaluate_text(
            policy, engine, case.input, role=case.role, model=case.model, dest=dest
        )
        problems = []
        if case.role is not None and not policy.role_exists(case.role):
            # Else the case would "pass" as deny for a typo, or for a role not yet written.
            problems.append(f"role {case.role!r} is not defined in the policy")
        for entity, action in case.entities.items():
            got = next(
                (a.rsplit(":", 1)[1] for a in outcome.actions if a.startswith(f"{entity}:")),
                "not found",
            )
            if got != action:
                problems.append(f"{entity}: expected {action}, got {got}")
        if case.output is not None and decision not in ("deny", "block") and text != case.output:
            problems.append("output differs from the expected text")
        passed = decision == case.expect and not problems
        results.append(CaseResult(case.name, passed, case.expect, decision, tuple(problems)))
    return results
