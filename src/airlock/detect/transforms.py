"""Placeholder: transforms are being written."""

from __future__ import annotations

from collections.abc import Sequence

from airlock.detect.finding import Finding


class Vault:
    pass


class StreamRehydrator:
    pass


def redact(text: str, findings: Sequence[Finding]) -> str:
    raise NotImplementedError


def mask(text: str, findings: Sequence[Finding]) -> str:
    raise NotImplementedError


def hash_values(text: str, findings: Sequence[Finding], key: bytes) -> str:
    raise NotImplementedError


def pseudonymize(text: str, findings: Sequence[Finding], vault: Vault) -> str:
    raise NotImplementedError


def rehydrate(text: str, vault: Vault) -> str:
    raise NotImplementedError
