"""The sensitive-data detection engine. Public, stable API:

- `scan(text, *, entities=None) -> list[Finding]` with the default engine;
- `Engine(config)` for a configured one; `DetectConfig` is its configuration;
- `Finding`, and the transforms `redact`, `mask`, `hash_values`, `pseudonymize`,
  `rehydrate`, with `Vault` and `StreamRehydrator` for pseudonyms.
"""

from __future__ import annotations

from functools import cache

from airlock.detect.config import DetectConfig
from airlock.detect.engine import Engine
from airlock.detect.finding import CATEGORIES, Category, Finding
from airlock.detect.transforms import (
    StreamRehydrator,
    Vault,
    hash_values,
    mask,
    pseudonymize,
    redact,
    rehydrate,
)


@cache
def default_engine() -> Engine:
    """The shared engine with the default configuration (built on first use)."""
    return Engine()


def scan(text: str, *, entities: list[str] | None = None) -> list[Finding]:
    """Findings in `text` from the default engine, sorted by start."""
    return default_engine().scan(text, entities=entities)


__all__ = [
    "CATEGORIES",
    "Category",
    "DetectConfig",
    "Engine",
    "Finding",
    "StreamRehydrator",
    "Vault",
    "default_engine",
    "hash_values",
    "mask",
    "pseudonymize",
    "redact",
    "rehydrate",
    "scan",
]
