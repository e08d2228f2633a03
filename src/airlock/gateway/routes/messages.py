"""Anthropic `POST /v1/messages`: system, content blocks, tool use/results, streaming."""

from __future__ import annotations

from typing import Any, ClassVar

import orjson

from airlock.detect import Vault
from airlock.gateway.errors import GatewayError
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
            if isinstance(content, list):
                _check_blocks(content, f"messages.{i}.content")
        system = body.get("system")
        require(system is None or isinstance(system, str | list), "system: string or blocks")
        if isinstance(system, list):
            _check_blocks(system, "system")
        tools = body.get("tools")
        require(tools is None or isinstance(tools, list), "tools: must be an array")
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

    def error_body(self, err: GatewayError) -> bytes:
        return err.anthropic_body()

    def error_event(self, err: GatewayError) -> Event:
        return "error", err.anthropic_body().decode()


def _check_blocks(blocks: list[Any], where: str) -> None:
    """Refuse text in a shape the gateway could not scan (it would leave unscanned)."""
    for block in blocks:
        require(isinstance(block, dict), f"{where}: blocks must be objects")
        require(isinstance(block.get("text", ""), str), f"{where}: a block's text must be a string")
        if block.get("type") in _TOOL_USES:
            require(isinstance(block.get("input"), dict), f"{where}: tool_use input: an object")
        content = block.get("content")
        require(
            content is None or isinstance(content, str | list),
            f"{where}: a block's content must be a string or blocks",
        )
        if isinstance(content, list):
            _check_blocks(content, where)
        source = block.get("source")
        if isinstance(source, dict) and source.get("type") == "text":
            require(isinstance(source.get("data"), str), f"{where}: a text source needs data")
        elif isinstance(source, dict) and source.get("type") == "content":
            require(isinstance(source.get("content"), list), f"{where}: source content: blocks")
            _check_blocks(source["content"], where)


_TOOL_USES = frozenset({"tool_use", "server_tool_use"})


def _blocks(blocks: list[Any]) -> list[Slot]:
    """Every text in content blocks, whatever their type: text, tool inputs and results,
    plain-text documents (nested blocks too). Images and base64 documents pass."""
    slots: list[Slot] = []
    stack = [blocks]
    while stack:
        for block in stack.pop():
            if not isinstance(block, dict):
                continue
            if isinstance(block.get("text"), str):
                slots.append(Slot(block, "text"))
            if block.get("type") in _TOOL_USES:
                slots += string_slots(block.get("input") or {})
            content = block.get("content")
            if isinstance(content, str):
                slots.append(Slot(block, "content"))
            elif isinstance(content, list):
                stack.append(content)
            source = block.get("source")
            if isinstance(source, dict) and source.get("type") == "text":
                slots.append(Slot(source, "data"))
            elif isinstance(source, dict) and isinstance(source.get("content"), list):
                stack.append(source["content"])
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
                json = field == "partial_json"  # tool input: values go back JSON-escaped
                delta[field] = self.feed(index, delta[field], json=json)
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
