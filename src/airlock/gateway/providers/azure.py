"""Azure OpenAI: deployments in the URL, `api-key` header, `api-version` query."""

from __future__ import annotations

from typing import ClassVar

from airlock.gateway.providers.base import Call, register
from airlock.gateway.providers.openai import PATHS, OpenAIProvider


@register
class AzureOpenAIProvider(OpenAIProvider):
    kind: ClassVar[str] = "azure"

    def url(self, call: Call) -> str:
        base = self.config.base_url.rstrip("/")
        model = call.body.get("model", "")
        return (
            f"{base}/openai/deployments/{model}{PATHS[call.api]}"
            f"?api-version={self.config.api_version}"
        )

    def headers(self) -> dict[str, str]:
        headers = {"content-type": "application/json", **self.config.headers}
        secret = self.secret()
        if secret:
            headers["api-key"] = secret
        return headers
