"""OpenAI `POST /v1/embeddings`: every input string is governed."""

from __future__ import annotations

from typing import Any, ClassVar

from airlock.detect import Vault
from airlock.gateway.metering import Usage
from airlock.gateway.routes.base import Api, Slot, StreamEditor, require


class EmbeddingsApi(Api):
    name: ClassVar[str] = "embeddings"
    path: ClassVar[str] = "/v1/embeddings"
    streams: ClassVar[bool] = False

    def validate(self, body: Any) -> str:
        require(isinstance(body, dict), "the request body must be a JSON object")
        model = body.get("model")
        require(
            isinstance(model, str) and bool(model), "'model' must be a non-empty string", "model"
        )
        items = body.get("input")
        ok = isinstance(items, str) or (
            isinstance(items, list) and bool(items) and all(isinstance(x, str) for x in items)
        )
        # Token-id arrays cannot be scanned, so they cannot be governed: refused.
        require(ok, "'input' must be a string or a non-empty array of strings", "input")
        return str(model)

    def texts(self, body: dict[str, Any]) -> list[Slot]:
        if isinstance(body["input"], str):
            return [Slot(body, "input")]
        return [Slot(body["input"], i) for i in range(len(body["input"]))]

    def usage(self, body: dict[str, Any]) -> Usage | None:
        usage = body.get("usage")
        if not isinstance(usage, dict):
            return None
        return Usage(int(usage.get("prompt_tokens") or 0), 0)

    def editor(self, vault: Vault | None, body: dict[str, Any]) -> StreamEditor:
        raise NotImplementedError("embeddings do not stream")
