"""Saving and loading proprietary-code fingerprints (placeholder until the index lands)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from airlock.detect.fingerprint import FingerprintIndex


def load_index(engine: Engine) -> FingerprintIndex | None:
    return None
