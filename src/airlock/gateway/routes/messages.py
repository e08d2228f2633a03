"""Anthropic `POST /v1/messages`: system, content blocks, tool use/results, streaming."""

from __future__ import annotations

from typing import Any, ClassVar

import orjson

from airlock.detect import Vault
from airlock.gateway.metering import Usage
from airlock.gateway.routes.base import (
    Api,
    Event,
    Slot,
    StreamEditor,
    dumps,
    is_stream,
    require,
    string_slots,
)


class MessagesApi(Api):
    name: ClassVar[str] = "messages"
    path: ClassVar[str] = "/v1/messages"
    dialect: ClassVar[str] = "anthropic"

    def validate(self, body: Any) -> str:
        require(isinstance(body, dict), "the request body must be a JSON object")
        model = body.get("model")
        require(isinstance(model, str) and bool(model), "model: must be a non-empty string")
        require(isinstance(body.get("max_tokens"), int), "max_tokens: Field required (an integer)")
        messages = body.get("messages")
        require(isinstance(messages, list), "messages: must be an array")
        for i, message in enumerate(messages):
            require(isinstance(message, dict), f"messages.{i}: must be an object")
            require(isinstance(message.get("role"), str), f"messages.{i}.role: must be a string")
            content = message.get("content")
            require(isinstance(content, str | list), f"messages.{i}.content: string or blocks")
            for block in content if isinstance(content, list) else []:
                require(isinstance(block, dict), f"messages.{i}.content: blocks must be objects")
        system = body.get("system")
        require(system is None or isinstance(system, str | list), "system: string or blocks")
        is_stream(body)
        return str(model)

    def texts(self, body: dict[str, Any]) -> list[Slot]:
        slots: list[Slot] = []
        system = body.get("system")
        if isinstance(system, str):
            slots.append(Slot(body, "system"))
        elif isinstance(system, list):
            slots += _blocks(system)
        for message in body["messages"]:
            if isinstance(message["content"], str):
                slots.append(Slot(message, "content"))
            else:
                slots += _blocks(message["content"])
        for tool in body.get("tools") or []:
            if isinstance(tool, dict) and isinstance(tool.get("description"), str):
                slots.append(Slot(tool, "description"))
        return slots

    def answer_texts(self, body: dict[str, Any]) -> list[Slot]:
        return _blocks(body.get("content") or [])

    def usage(self, body: dict[str, Any]) -> Usage | None:
        usage = body.get("usage")
        if not isinstance(usage, dict):
            return None
        return Usage(int(usage.get("input_tokens") or 0), int(usage.get("output_tokens") or 0))

    def editor(self, vault: Vault | None, body: dict[str, Any]) -> StreamEditor:
        return MessagesStream(vault)


def _blocks(blocks: list[Any]) -> list[Slot]:
    slots: list[Slot] = []
    for block in blocks:
        if not isinstance(block, dict):
            continue
        kind = block.get("type")
        if kind == "text" and isinstance(block.get("text"), str):
            slots.append(Slot(block, "text"))
        elif kind == "tool_use":
            slots += list(string_slots(block.get("input")))
        elif kind == "tool_result":
            content = block.get("content")
            if isinstance(content, str):
                slots.append(Slot(block, "content"))
            elif isinstance(content, list):
                slots += _blocks(content)
    return slots


_FIELDS = {"text_delta": "text", "input_json_delta": "partial_json"}


class MessagesStream(StreamEditor):
    def __init__(self, vault: Vault | None) -> None:
        super().__init__(vault)
        self.kinds: dict[int, str] = {}

    def edit(self, name: str | None, data: str) -> list[Event]:
        event = orjson.loads(data)
        kind = event.get("type")
        if kind == "message_start":
            usage = (event.get("message") or {}).get("usage") or {}
            self.usage = Usage(int(usage.get("input_tokens") or 0), 0, estimated=False)
        elif kind == "message_delta":
            usage = event.get("usage") or {}
            self.usage.completion_tokens = int(usage.get("output_tokens") or 0)
        elif kind == "content_block_delta":
            index, delta = event.get("index", 0), event.get("delta") or {}
            field = _FIELDS.get(delta.get("type", ""))
            if field and isinstance(delta.get(field), str):
                self.kinds[index] = delta["type"]
                delta[field] = self.feed(index, delta[field])
        elif kind == "content_block_stop":
            held = self._held(event.get("index", 0))
            return [*held, (name, data)]
        return [(name, dumps(event))]

    def _held(self, index: int) -> list[Event]:
        held = self.flush(index)
        if not held:
            return []
        kind = self.kinds.get(index, "text_delta")
        delta = {"type": kind, _FIELDS[kind]: held}
        event = {"type": "content_block_delta", "index": index, "delta": delta}
        return [("content_block_delta", dumps(event))]

    def finish(self) -> list[Event]:
        out: list[Event] = []
        for index in list(self.rehydrators):
            out += self._held(index)
        return out
