"""Placeholder: proprietary-code fingerprinting is being written."""

from __future__ import annotations

from typing import Protocol


class FingerprintIndex(Protocol):
    pass
