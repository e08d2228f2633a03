"""Anthropic's Messages API."""

from __future__ import annotations

from typing import ClassVar

from airlock.gateway.providers.base import MESSAGES, Call, Provider, Reply, register
from airlock.gateway.providers.http_upstream import post

DEFAULT_VERSION = "2023-06-01"


@register
class AnthropicProvider(Provider):
    kind: ClassVar[str] = "anthropic"
    apis: ClassVar[frozenset[str]] = frozenset({MESSAGES})

    async def send(self, call: Call) -> Reply:
        headers = {
            "content-type": "application/json",
            "anthropic-version": call.headers.get("anthropic-version", DEFAULT_VERSION),
            **self.config.headers,
        }
        if "anthropic-beta" in call.headers:
            headers["anthropic-beta"] = call.headers["anthropic-beta"]
        secret = self.secret()
        if secret:
            headers["x-api-key"] = secret
        url = self.config.base_url.rstrip("/") + "/v1/messages"
        return await post(self, url, call.body, headers, call.stream)
