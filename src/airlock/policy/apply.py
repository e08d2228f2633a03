"""Applying a policy's actions to a text: one pass, several actions per text."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from airlock.detect import Finding, Vault, mask
from airlock.detect.vault import LITERAL, TOKEN_LIKE
from airlock.policy.evaluate import Destination, Policy
from airlock.policy.model import Action

_MASK_KEEP = 4


@dataclass
class Outcome:
    """What the policy did to the texts of a request: counts only, never values."""

    entities: Counter[str] = field(default_factory=Counter)
    actions: Counter[str] = field(default_factory=Counter)  # "EMAIL_ADDRESS:pseudonymize"
    blocked: list[str] = field(default_factory=list)  # reasons, e.g. "AWS_ACCESS_KEY (rule)"

    @property
    def strongest(self) -> Action:
        if self.blocked:
            return Action.block
        found = [Action(a.rsplit(":", 1)[1]) for a in self.actions]
        return max(found, key=lambda a: a.strength, default=Action.allow)


def sanitize(
    text: str,
    findings: Sequence[Finding],
    *,
    policy: Policy,
    dest: Destination,
    vault: Vault,
    outcome: Outcome,
) -> str:
    """`text` with each finding transformed as `policy` says for `dest`.

    Blocked findings are recorded in `outcome.blocked` (the caller refuses the request);
    overlapping findings are merged and get the strongest of their actions.
    """
    spans: list[tuple[int, int, str, Action]] = []
    for f in findings:
        if f.scope != "span" or f.start >= f.end:
            continue
        decision = policy.action_for(f.entity, f.category, dest)
        outcome.entities[f.entity] += 1
        outcome.actions[f"{f.entity}:{decision.action}"] += 1
        if decision.action is Action.block:
            outcome.blocked.append(f"{f.entity} ({decision.rule})")
        elif decision.action is not Action.allow:
            spans.append((f.start, f.end, f.entity, decision.action))
    if not spans:
        return text
    return _rewrite(text, _merge(spans), vault)


def _merge(spans: list[tuple[int, int, str, Action]]) -> list[tuple[int, int, str, Action]]:
    spans.sort(key=lambda s: (s[0], -s[1]))
    merged = [spans[0]]
    for start, end, entity, action in spans[1:]:
        last = merged[-1]
        if start < last[1]:
            keep = (entity, action) if action.strength > last[3].strength else last[2:]
            merged[-1] = (last[0], max(end, last[1]), keep[0], keep[1])
        else:
            merged.append((start, end, entity, action))
    return merged


def _rewrite(text: str, spans: list[tuple[int, int, str, Action]], vault: Vault) -> str:
    edits: list[tuple[int, int, str]] = []
    if any(s[3] is Action.pseudonymize for s in spans) and "<" in text:
        edits.extend(_escape_literals(text, spans, vault))
    for start, end, entity, action in spans:
        value = text[start:end]
        if action is Action.redact:
            edits.append((start, end, f"[{entity}]"))
        elif action is Action.mask:
            edits.append((start, end, _mask(value, entity)))
        else:
            edits.append((start, end, vault.token_for(entity, value)))
    edits.sort()
    parts: list[str] = []
    pos = 0
    for start, end, replacement in edits:
        parts.append(text[pos:start])
        parts.append(replacement)
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def _escape_literals(
    text: str, spans: list[tuple[int, int, str, Action]], vault: Vault
) -> list[tuple[int, int, str]]:
    """Token-shaped strings of the text, reserved so rehydration gives them back unchanged."""
    edits = []
    for match in TOKEN_LIKE.finditer(text):
        start, end = match.span()
        if any(s < end and start < e for s, e, _, _ in spans):
            continue
        if vault.reserve(match.group()):
            edits.append((start, end, vault.token_for(LITERAL, match.group())))
    return edits


def _mask(value: str, entity: str) -> str:
    """Mask all but the last few letters and digits (detect.mask's rules)."""
    return mask(value, [Finding(0, len(value), entity, "custom", 1.0, "policy")], keep=_MASK_KEEP)
