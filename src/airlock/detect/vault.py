"""The pseudonym vault: consistent `<ENTITY_N>` tokens for values, and the way back.

A vault lives as long as a conversation: the same (entity, value) always gets the same
token, so a model can reason about "<PERSON_1>" across turns, and `rehydrate` maps the
tokens in its answer back to the values, also when a token is split across streamed chunks.

Texts may already contain token-shaped strings (a user pasting "<PERSON_1>"). So that
`rehydrate(pseudonymize(x)) == x` holds whatever the vault issues later, pseudonymize
reserves the token-shaped strings it sees (they are never issued) and replaces one that
the vault issued already by a `<LITERAL_N>` token that maps back to it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping

_MAX_ENTITY = 64  # entity ids are at most 64 characters (config.py)
_MAX_DIGITS = 12  # a conversation never holds 10**12 values of one entity
# Entity ids as the vault accepts them; one character more lenient than config.py.
_ENTITY = re.compile(rf"[A-Z][A-Z0-9_]{{0,{_MAX_ENTITY - 1}}}")
# Exactly the tokens a vault issues: the entity and a counter without a leading zero.
_TOKEN = re.compile(rf"<({_ENTITY.pattern})_([1-9][0-9]{{0,{_MAX_DIGITS - 1}}})>")
# What may be a token: cheap to scan for (one pass, bounded after each '<'), and a superset
# of `_TOKEN`. Its interior has no '<' or '>', so candidates never overlap or nest.
TOKEN_LIKE = re.compile(rf"<[A-Z][A-Z0-9_]{{1,{_MAX_ENTITY + _MAX_DIGITS}}}>")
# A text ending with this may end with the beginning of a token.
_PARTIAL = re.compile(r"<(?:[A-Z][A-Z0-9_]*)?")

LITERAL = "LITERAL"  # the entity of tokens that stand for a token-shaped string of the text
_FORMAT = 1


class Vault:
    """Maps values to `<ENTITY_N>` tokens and back, for the life of a conversation.

    N counts from 1 per entity. The repr shows only the number of tokens, never a value.
    Persist it with `to_dict()`/`from_dict()`. Safe to share between threads.
    """

    __slots__ = ("_counts", "_lock", "_max_len", "_reserved", "_tokens", "_values")

    def __init__(self) -> None:
        self._tokens: dict[tuple[str, str], str] = {}  # (entity, value) -> token
        self._values: dict[str, str] = {}  # token -> value
        self._counts: dict[str, int] = {}  # entity -> highest N issued
        self._reserved: set[str] = set()  # token-shaped strings seen in texts: never issued
        self._max_len = 0
        self._lock = threading.Lock()

    def token_for(self, entity: str, value: str) -> str:
        """The token of `value` as an `entity`, issued on first use."""
        token = self._tokens.get((entity, value))
        if token is not None:
            return token
        if not _ENTITY.fullmatch(entity):
            raise ValueError(f"entity {entity!r} cannot name a pseudonym token")
        with self._lock:
            token = self._tokens.get((entity, value))
            if token is None:
                token = self._issue(entity, value)
        return token

    def value_of(self, token: str) -> str | None:
        """The value a token stands for, or None if this vault did not issue it."""
        return self._values.get(token)

    def reserve(self, candidate: str) -> bool:
        """Reserve a token-shaped string found in a text being pseudonymized.

        A reserved string is never issued, so the text can keep it. Returns True if the
        vault issued it already: the caller must then write `token_for(LITERAL, candidate)`
        in its place, which maps back to the string itself.
        """
        with self._lock:
            if candidate in self._values:
                return True
            if _TOKEN.fullmatch(candidate):
                self._reserved.add(candidate)
            return False

    @property
    def max_token_length(self) -> int:
        """The length of the longest issued token (0 for an empty vault)."""
        return self._max_len

    def to_dict(self) -> dict[str, object]:
        """A JSON-serialisable form, holding the values: store it as sensitive data."""
        with self._lock:
            entries = [
                {"entity": entity, "value": value, "token": token}
                for (entity, value), token in self._tokens.items()
            ]
            reserved = sorted(self._reserved)
        return {"version": _FORMAT, "entries": entries, "reserved": reserved}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Vault:
        """Rebuild a vault from `to_dict()`; raises ValueError on a malformed one."""
        if data.get("version") != _FORMAT:
            raise ValueError(f"unsupported vault format (expected version {_FORMAT})")
        entries, reserved = data.get("entries"), data.get("reserved", [])
        if not isinstance(entries, list) or not isinstance(reserved, list):
            raise ValueError("malformed vault: 'entries' and 'reserved' must be lists")
        vault = cls()
        for index, entry in enumerate(entries):
            vault._restore(index, entry)
        for token in reserved:
            if not isinstance(token, str) or not _TOKEN.fullmatch(token):
                raise ValueError("malformed vault: a reserved token is invalid")
            if token not in vault._values:
                vault._reserved.add(token)
        return vault

    def __len__(self) -> int:
        return len(self._values)

    def __contains__(self, token: object) -> bool:
        return token in self._values

    def __repr__(self) -> str:
        return f"Vault({len(self._values)} tokens)"

    def _issue(self, entity: str, value: str) -> str:
        n = self._counts.get(entity, 0)
        while True:
            n += 1
            token = f"<{entity}_{n}>"
            if token not in self._reserved and token not in self._values:
                break
        if n >= 10**_MAX_DIGITS:
            raise ValueError(f"too many {entity} tokens in one vault")
        self._counts[entity] = n
        self._add(entity, value, token)
        return token

    def _add(self, entity: str, value: str, token: str) -> None:
        self._tokens[(entity, value)] = token
        self._values[token] = value
        self._max_len = max(self._max_len, len(token))

    def _restore(self, index: int, entry: object) -> None:
        # Messages name the entry, never its content: the values are sensitive.
        problem = f"malformed vault: entry {index}"
        if not isinstance(entry, dict):
            raise ValueError(f"{problem} is not an object")
        entity, value, token = entry.get("entity"), entry.get("value"), entry.get("token")
        if not (isinstance(entity, str) and isinstance(value, str) and isinstance(token, str)):
            raise ValueError(f"{problem} lacks a string entity, value or token")
        match = _TOKEN.fullmatch(token)
        if match is None or match.group(1) != entity:
            raise ValueError(f"{problem} has a token that does not match its entity")
        if token in self._values or (entity, value) in self._tokens:
            raise ValueError(f"{problem} repeats a token or a value")
        self._counts[entity] = max(self._counts.get(entity, 0), int(match.group(2)))
        self._add(entity, value, token)


def rehydrate(text: str, vault: Vault) -> str:
    """Replace every token the vault issued by its value; anything else stays as it is."""
    values = vault._values
    if not values or "<" not in text:
        return text
    parts: list[str] = []
    pos = 0
    for match in TOKEN_LIKE.finditer(text):
        value = values.get(match.group())
        if value is not None:
            parts.append(text[pos : match.start()])
            parts.append(value)
            pos = match.end()
    if not parts:
        return text
    parts.append(text[pos:])
    return "".join(parts)


class StreamRehydrator:
    """Rehydrate a streamed answer chunk by chunk.

    `feed` returns what can be emitted now, holding back only a possible beginning of a
    token at the end of the chunk (shorter than the vault's longest token, so memory stays
    bounded); `flush` returns the rest at the end of the stream. The outputs joined equal
    `rehydrate` of the whole text, however it is split.
    """

    __slots__ = ("_held", "_vault")

    def __init__(self, vault: Vault) -> None:
        self._vault = vault
        self._held = ""

    def feed(self, chunk: str) -> str:
        """The rehydrated text that can be emitted after `chunk`."""
        text = self._held + chunk if self._held else chunk
        self._held = ""
        limit = self._vault.max_token_length
        # Only a '<' within the last `limit - 1` characters can start an unfinished token;
        # a token-like run cannot contain '<', so the last one is the only one to look at.
        start = text.rfind("<", max(0, len(text) - limit + 1)) if limit else -1
        if start >= 0 and _PARTIAL.fullmatch(text, start):
            self._held = text[start:]
            text = text[:start]
        return rehydrate(text, self._vault)

    def flush(self) -> str:
        """The rest of the stream; the rehydrator can then start a new one."""
        held, self._held = self._held, ""
        return rehydrate(held, self._vault)
