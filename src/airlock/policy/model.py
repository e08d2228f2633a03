"""The policy-as-code schema (`policy.yaml`); reference: docs/policy.md."""

from __future__ import annotations

import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from airlock.detect.finding import CATEGORIES

_DATA = re.compile(r"[A-Z][A-Z0-9_]{0,63}|[a-z]+|\*")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:@/-]{0,127}|\*")


class Action(StrEnum):
    """What happens to a data class on its way to a destination, weakest first."""

    allow = "allow"
    mask = "mask"
    pseudonymize = "pseudonymize"
    redact = "redact"
    block = "block"

    @property
    def strength(self) -> int:
        return _STRENGTH[self]


_STRENGTH = {a: i for i, a in enumerate(Action)}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Role(_Strict):
    """Models a role may use: exact names or glob patterns (`gpt-4o*`, `*`)."""

    models: list[str] = Field(default_factory=lambda: ["*"])
    description: str = ""


class Rule(_Strict):
    """`data` (an entity id, a category, or `*`) sent to `destination` gets `action`.

    The destination is a provider name, a provider tag (`external`, `on-prem`) or `*`.
    The most specific rule wins: entity over category over `*`, then provider over tag
    over `*`; among equals, the strongest action.
    """

    data: str
    destination: str = "*"
    action: Action

    @field_validator("data")
    @classmethod
    def _check_data(cls, value: str) -> str:
        if not _DATA.fullmatch(value):
            raise ValueError("must be an entity id (EMAIL_ADDRESS), a category (pii) or *")
        if value.islower() and value not in CATEGORIES:
            raise ValueError(f"unknown category {value!r} (one of {', '.join(CATEGORIES)})")
        return value

    @field_validator("destination")
    @classmethod
    def _check_destination(cls, value: str) -> str:
        if not _NAME.fullmatch(value):
            raise ValueError("must be a provider name, a provider tag or *")
        return value


class Responses(_Strict):
    """Whether model answers are scanned, and what happens to what is found in them."""

    scan: bool = True
    action: Action = Action.allow  # allow: record only; redact/mask: rewrite the answer

    @field_validator("action")
    @classmethod
    def _check_action(cls, value: Action) -> Action:
        if value in (Action.pseudonymize, Action.block):
            raise ValueError("responses.action must be allow, mask or redact")
        return value


class Limit(_Strict):
    """A monthly budget in USD and a rate limit in requests per minute (None: unlimited)."""

    budget_usd_month: float | None = Field(default=None, ge=0)
    rpm: int | None = Field(default=None, ge=1)


class Limits(_Strict):
    teams: dict[str, Limit] = Field(default_factory=dict)
    keys: Limit = Field(default_factory=Limit)  # default for keys without their own limits


class PolicyModel(_Strict):
    """The whole policy file."""

    version: int = Field(default=1, ge=1, le=1)
    default_role: str = "default"
    roles: dict[str, Role] = Field(default_factory=lambda: {"default": Role()})
    rules: list[Rule] = Field(default_factory=list)
    responses: Responses = Field(default_factory=Responses)
    limits: Limits = Field(default_factory=Limits)

    @model_validator(mode="after")
    def _check(self) -> PolicyModel:
        if self.default_role not in self.roles:
            raise ValueError(f"default_role {self.default_role!r} is not one of the roles")
        seen: set[tuple[str, str]] = set()
        for rule in self.rules:
            key = (rule.data, rule.destination)
            if key in seen:
                raise ValueError(
                    f"two rules for data {rule.data!r} and destination {rule.destination!r}"
                )
            seen.add(key)
        return self


DEFAULT_POLICY = """\
# Airlock gateway policy. Reference: docs/policy.md
version: 1
default_role: default
roles:
  default:
    models: ["*"]
rules:
  # Secrets never leave: they are replaced by [ENTITY].
  - {data: credential, action: redact}
  # Personal data is replaced by pseudonyms (<EMAIL_ADDRESS_1>), restored in the answer.
  - {data: pii, action: pseudonymize}
  # Card and bank numbers keep their last digits only.
  - {data: financial, action: mask}
  - {data: custom, action: redact}
  # Source code and anything else passes.
  - {data: "*", action: allow}
responses:
  scan: true
  action: allow
limits:
  keys: {}
  teams: {}
"""
