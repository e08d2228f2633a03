"""Any OpenAI-compatible endpoint: OpenAI, vLLM, Ollama, LM Studio, Together, Groq..."""

from __future__ import annotations

from typing import ClassVar

from airlock.gateway.providers.base import (
    CHAT,
    EMBEDDINGS,
    RESPONSES,
    Call,
    Provider,
    Reply,
    register,
)
from airlock.gateway.providers.http_upstream import post

PATHS = {CHAT: "/chat/completions", RESPONSES: "/responses", EMBEDDINGS: "/embeddings"}


@register
class OpenAIProvider(Provider):
    kind: ClassVar[str] = "openai"
    apis: ClassVar[frozenset[str]] = frozenset(PATHS)

    def url(self, call: Call) -> str:
        return self.config.base_url.rstrip("/") + PATHS[call.api]

    def headers(self) -> dict[str, str]:
        headers = {"content-type": "application/json", **self.config.headers}
        secret = self.secret()
        if secret:
            headers["authorization"] = f"Bearer {secret}"
        return headers

    async def send(self, call: Call) -> Reply:
        return await post(self, self.url(call), call.body, self.headers(), call.stream)
