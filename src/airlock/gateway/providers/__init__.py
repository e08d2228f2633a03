"""Provider adapters, one per module, registered by `kind`."""

from __future__ import annotations

from airlock.gateway.providers import anthropic, azure, openai, preview
from airlock.gateway.providers.base import REGISTRY, Call, Provider, Reply, UpstreamFailure

__all__ = [
    "REGISTRY",
    "Call",
    "Provider",
    "Reply",
    "UpstreamFailure",
    "anthropic",
    "azure",
    "openai",
    "preview",
]
