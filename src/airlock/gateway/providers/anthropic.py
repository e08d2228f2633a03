"""Anthropic's Messages API; also serves OpenAI chat completions by translation."""

from __future__ import annotations

from typing import ClassVar

from airlock.gateway.providers.anthropic_chat import to_chunks, to_completion, to_messages
from airlock.gateway.providers.base import CHAT, MESSAGES, Call, Provider, Reply, register
from airlock.gateway.providers.http_upstream import post

DEFAULT_VERSION = "2023-06-01"


@register
class AnthropicProvider(Provider):
    kind: ClassVar[str] = "anthropic"
    apis: ClassVar[frozenset[str]] = frozenset({MESSAGES, CHAT})

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
        if call.api == MESSAGES:
            return await post(self, url, call.body, headers, call.stream)
        model = str(call.body["model"])
        reply = await post(self, url, to_messages(call.body), headers, call.stream)
        if reply.events is not None:
            usage = bool((call.body.get("stream_options") or {}).get("include_usage"))
            reply.events = to_chunks(reply.events, model, usage)
        elif reply.body is not None:
            reply.body = to_completion(reply.body, model)
        return reply
