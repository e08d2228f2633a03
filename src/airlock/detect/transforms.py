"""Transforms that remove detected values from a text: redact, mask, hash, pseudonymize.

All take the findings of a scan of that same text. Document-scope findings (a signal about
the whole text) are ignored. Findings may come unsorted and overlapping: overlapping spans
are merged and labelled with the entity of the highest-scoring one, so no part of a
detected value survives. Each transform builds its output in one pass over the text.
`rehydrate`, `Vault` and `StreamRehydrator` (the way back from pseudonyms) live in vault.py.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Sequence

from airlock.detect.finding import Finding
from airlock.detect.vault import LITERAL, TOKEN_LIKE, StreamRehydrator, Vault, rehydrate

__all__ = [
    "StreamRehydrator",
    "Vault",
    "hash_values",
    "mask",
    "pseudonymize",
    "redact",
    "rehydrate",
]

Span = tuple[int, int, str]  # start, end, entity
Edit = tuple[int, int, str]  # start, end, replacement

_SHORT = 8  # values with this many alphanumerics or fewer are masked whole


def redact(text: str, findings: Sequence[Finding]) -> str:
    """Replace each detected value by its entity, e.g. `[EMAIL_ADDRESS]`."""
    return _apply(text, ((s, e, f"[{entity}]") for s, e, entity in _spans(text, findings)))


def mask(text: str, findings: Sequence[Finding], *, keep: int = 4, char: str = "*") -> str:
    """Mask each detected value but its last `keep` letters and digits.

    Punctuation and spaces stay, so a card reads `**** **** **** 1111`. Values with 8
    letters and digits or fewer are masked whole, and at most half of a value's letters
    and digits is ever shown.
    """
    if keep < 0:
        raise ValueError("keep must be >= 0")
    if len(char) != 1:
        raise ValueError("char must be a single character")
    return _apply(
        text, ((s, e, _mask_value(text[s:e], keep, char)) for s, e, _ in _spans(text, findings))
    )


def hash_values(text: str, findings: Sequence[Finding], key: bytes, *, length: int = 16) -> str:
    """Replace each value by `<ENTITY:hex>`, a keyed hash: equal values give equal tokens.

    The hex is HMAC-SHA256(key, entity NUL value) cut to `length` (8 to 64) digits; without
    the key, a token cannot be linked to a guessed value.
    """
    if not key:
        raise ValueError("hash_values needs a non-empty key")
    if not 8 <= length <= 64:
        raise ValueError("length must be between 8 and 64")
    base = hmac.new(key, digestmod=hashlib.sha256)
    memo: dict[tuple[str, str], str] = {}

    def token(entity: str, value: str) -> str:
        found = memo.get((entity, value))
        if found is None:
            mac = base.copy()
            # surrogatepass: a text decoded with errors may hold lone surrogates.
            mac.update(f"{entity}\0{value}".encode("utf-8", "surrogatepass"))
            found = memo[(entity, value)] = f"<{entity}:{mac.hexdigest()[:length]}>"
        return found

    return _apply(
        text, ((s, e, token(entity, text[s:e])) for s, e, entity in _spans(text, findings))
    )


def pseudonymize(text: str, findings: Sequence[Finding], vault: Vault) -> str:
    """Replace each value by the vault's token for it, e.g. `<PERSON_1>`.

    The same value gets the same token in every text pseudonymized with the vault, and
    `rehydrate(pseudonymize(text, findings, vault), vault) == text`, also when the text
    already holds token-shaped strings and the vault issues more tokens later.
    """
    spans = _spans(text, findings)
    literals = _literals(text, spans)
    # Reserve the token-shaped strings of the text before issuing, so that no new token
    # equals one of them; those issued earlier in the conversation must be escaped.
    colliding = [(s, e) for s, e in literals if vault.reserve(text[s:e])]
    edits = [(s, e, vault.token_for(entity, text[s:e])) for s, e, entity in spans]
    if colliding:
        edits += [(s, e, vault.token_for(LITERAL, text[s:e])) for s, e in colliding]
        edits.sort()
    return _apply(text, edits)


def _spans(text: str, findings: Sequence[Finding]) -> list[Span]:
    """The span findings as sorted, disjoint spans; overlapping ones are merged."""
    size = len(text)
    items: list[Finding] = []
    for finding in findings:
        if finding.scope != "span":
            continue
        if not 0 <= finding.start <= finding.end <= size:
            raise ValueError(
                f"finding [{finding.start}:{finding.end}] is outside the text (length {size})"
            )
        if finding.start < finding.end:
            items.append(finding)
    if not items:
        return []
    items.sort(key=lambda f: (f.start, -f.end))
    spans: list[Span] = []
    best = items[0]
    start, end = best.start, best.end
    for finding in items[1:]:
        if finding.start < end:
            end = max(end, finding.end)
            if (finding.score, finding.length) > (best.score, best.length):
                best = finding
        else:
            spans.append((start, end, best.entity))
            best = finding
            start, end = finding.start, finding.end
    spans.append((start, end, best.entity))
    return spans


def _literals(text: str, spans: list[Span]) -> list[tuple[int, int]]:
    """Token-shaped strings of the text that no span touches."""
    if "<" not in text:
        return []
    found: list[tuple[int, int]] = []
    index, count = 0, len(spans)
    for match in TOKEN_LIKE.finditer(text):
        start, end = match.span()
        while index < count and spans[index][1] <= start:
            index += 1
        if index == count or spans[index][0] >= end:
            found.append((start, end))
    return found


def _apply(text: str, edits: Iterable[Edit]) -> str:
    """The text with sorted, disjoint edits applied, built from slices."""
    parts: list[str] = []
    pos = 0
    for start, end, replacement in edits:
        parts.append(text[pos:start])
        parts.append(replacement)
        pos = end
    if not parts:
        return text
    parts.append(text[pos:])
    return "".join(parts)


def _mask_value(value: str, keep: int, char: str) -> str:
    alnum = sum(1 for ch in value if ch.isalnum())
    if alnum <= _SHORT:
        return char * len(value)
    hidden = alnum - min(keep, alnum // 2)
    out: list[str] = []
    for ch in value:
        if hidden and ch.isalnum():
            out.append(char)
            hidden -= 1
        else:
            out.append(ch)
    return "".join(out)
