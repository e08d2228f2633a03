"""A compiled policy: fast answers on the hot path (dict lookups, memoised per destination)."""

from __future__ import annotations

from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from airlock.policy.model import Action, Limit, PolicyModel, Rule


@dataclass(frozen=True, slots=True)
class Destination:
    """Where a request goes: a provider name and its tags (`external`, `on-prem`...)."""

    provider: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RuleMatch:
    """The action for one data class and destination, and the rule that decided it."""

    action: Action
    rule: str  # e.g. "credential -> external: block"; names no value


_DEFAULT = RuleMatch(Action.allow, "default: allow")


@dataclass
class Policy:
    """Evaluates a `PolicyModel`. Thread-safe for reads; memo tables only grow."""

    model: PolicyModel
    source: str = "<built-in>"
    _memo: dict[tuple[str, str, Destination], RuleMatch] = field(default_factory=dict)

    def role_exists(self, role: str) -> bool:
        return role in self.model.roles

    def model_allowed(self, role: str | None, model: str) -> bool:
        """Whether `role` (None: the default role) may use the client model name `model`."""
        spec = self.model.roles.get(role or self.model.default_role)
        if spec is None:
            return False
        return any(p == model or fnmatchcase(model, p) for p in spec.models)

    def action_for(self, entity: str, category: str, dest: Destination) -> RuleMatch:
        """The action for a finding of `entity` (in `category`) sent to `dest`."""
        key = (entity, category, dest)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._decide(entity, category, dest)
        return found

    def team_limit(self, team: str | None) -> Limit | None:
        return self.model.limits.teams.get(team) if team else None

    @property
    def key_default_limit(self) -> Limit:
        return self.model.limits.keys

    def _decide(self, entity: str, category: str, dest: Destination) -> RuleMatch:
        best: tuple[int, int, int, Rule] | None = None
        for rule in self.model.rules:
            data_rank = _data_rank(rule.data, entity, category)
            dest_rank = _dest_rank(rule.destination, dest)
            if data_rank < 0 or dest_rank < 0:
                continue
            rank = (data_rank, dest_rank, rule.action.strength, rule)
            if best is None or rank[:3] > best[:3]:
                best = rank
        if best is None:
            return _DEFAULT
        rule = best[3]
        return RuleMatch(rule.action, f"{rule.data} -> {rule.destination}: {rule.action}")


def _data_rank(data: str, entity: str, category: str) -> int:
    if data == entity:
        return 2
    if data == category:
        return 1
    return 0 if data == "*" else -1


def _dest_rank(destination: str, dest: Destination) -> int:
    if destination == dest.provider:
        return 2
    if destination in dest.tags:
        return 1
    return 0 if destination == "*" else -1
