"""Findings of recently scanned texts, so a conversation's history is not scanned again.

Chat clients resend the whole conversation on every turn; without a cache, turn 20 scans
20 messages to govern one new one. Entries are keyed by a 128-bit BLAKE2b digest: the
cache never holds a text, only where its findings are. Findings depend on the detection
engine only (not the policy), and the engine is fixed for the life of the process.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict

from airlock.detect import Engine, Finding

_MIN_CHARS = 256  # shorter texts scan in microseconds: not worth an entry


class ScanCache:
    def __init__(self, engine: Engine, entries: int = 8192) -> None:
        self.engine = engine
        self.entries = entries
        self._lru: OrderedDict[bytes, tuple[Finding, ...]] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def scan(self, text: str) -> tuple[Finding, ...]:
        """The engine's findings for `text`; raises what `Engine.scan` raises."""
        if self.entries <= 0 or len(text) < _MIN_CHARS:
            return tuple(self.engine.scan(text))
        key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        found = self._lru.get(key)
        if found is not None:
            self._lru.move_to_end(key)
            self.hits += 1
            return found
        self.misses += 1
        found = tuple(self.engine.scan(text))
        self._lru[key] = found
        if len(self._lru) > self.entries:
            self._lru.popitem(last=False)
        return found
