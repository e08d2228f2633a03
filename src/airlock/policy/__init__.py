"""Policy as code: who may use which model, and what happens to each data class on its way
to each destination (allow, mask, pseudonymize, redact, block). Reference: docs/policy.md.
"""

from __future__ import annotations

from airlock.policy.apply import Outcome, sanitize
from airlock.policy.evaluate import Destination, Policy, RuleMatch
from airlock.policy.load import PolicyStore, load_policy
from airlock.policy.model import DEFAULT_POLICY, Action, Limit, PolicyModel, Rule

__all__ = [
    "DEFAULT_POLICY",
    "Action",
    "Destination",
    "Limit",
    "Outcome",
    "Policy",
    "PolicyModel",
    "PolicyStore",
    "Rule",
    "RuleMatch",
    "load_policy",
    "sanitize",
]
