"""OpenAI `POST /v1/responses`: text input and output, function calls, streaming."""

from __future__ import annotations

from typing import Any, ClassVar

import orjson

from airlock.detect import Vault
from airlock.gateway.metering import Usage
from airlock.gateway.routes.base import Api, Event, Slot, StreamEditor, dumps, is_stream, require


class ResponsesApi(Api):
    name: ClassVar[str] = "responses"
    path: ClassVar[str] = "/v1/responses"

    def validate(self, body: Any) -> str:
        require(isinstance(body, dict), "the request body must be a JSON object")
        model = body.get("model")
        require(
            isinstance(model, str) and bool(model), "'model' must be a non-empty string", "model"
        )
        items = body.get("input")
        require(isinstance(items, str | list), "'input' must be a string or an array", "input")
        for i, item in enumerate(items if isinstance(items, list) else []):
            require(isinstance(item, dict), f"input[{i}] must be an object", "input")
            # Text the gateway governs must have a shape it can scan: anything else would
            # leave unscanned, so it is refused.
            for key in ("content", "output", "summary"):
                value = item.get(key)
                require(
                    value is None or isinstance(value, str) or _parts(value),
                    f"input[{i}].{key} must be a string or an array of parts",
                    "input",
                )
            for key in ("arguments", "input"):
                value = item.get(key)
                require(value is None or isinstance(value, str), f"input[{i}].{key}: a string")
        tools = body.get("tools")
        require(tools is None or isinstance(tools, list), "'tools' must be an array", "tools")
        instructions = body.get("instructions")
        require(
            instructions is None or isinstance(instructions, str), "'instructions' must be a string"
        )
        is_stream(body)
        return str(model)

    def texts(self, body: dict[str, Any]) -> list[Slot]:
        slots: list[Slot] = []
        if isinstance(body.get("instructions"), str):
            slots.append(Slot(body, "instructions"))
        if isinstance(body["input"], str):
            return [*slots, Slot(body, "input")]
        for item in body["input"]:
            for key in ("content", "output", "summary"):
                value = item.get(key)
                if isinstance(value, str):
                    slots.append(Slot(item, key))
                elif isinstance(value, list):
                    slots += [Slot(p, "text") for p in value if isinstance(p.get("text"), str)]
            if isinstance(item.get("arguments"), str):
                slots.append(Slot(item, "arguments", json=True))
            if isinstance(item.get("input"), str):  # custom tool calls
                slots.append(Slot(item, "input"))
        for tool in body.get("tools") or []:
            if isinstance(tool, dict) and isinstance(tool.get("description"), str):
                slots.append(Slot(tool, "description"))
        return slots

    def answer_texts(self, body: dict[str, Any]) -> list[Slot]:
        slots: list[Slot] = []
        for item in body.get("output") or []:
            if not isinstance(item, dict):
                continue
            if isinstance(item.get("arguments"), str):
                slots.append(Slot(item, "arguments", json=True))
            for part in item.get("content") or []:
                if isinstance(part, dict) and isinstance(part.get("text"), str):
                    slots.append(Slot(part, "text"))
        return slots

    def usage(self, body: dict[str, Any]) -> Usage | None:
        return _usage(body.get("usage"))

    def editor(self, vault: Vault | None, body: dict[str, Any]) -> StreamEditor:
        return ResponsesStream(vault, self)


def _parts(value: Any) -> bool:
    """An array of part objects whose `text`, where present, is a string."""
    return isinstance(value, list) and all(
        isinstance(p, dict) and isinstance(p.get("text", ""), str) for p in value
    )


def _usage(usage: Any) -> Usage | None:
    if not isinstance(usage, dict):
        return None
    return Usage(int(usage.get("input_tokens") or 0), int(usage.get("output_tokens") or 0))


_DELTAS = {
    "response.output_text.delta": "response.output_text.done",
    "response.function_call_arguments.delta": "response.function_call_arguments.done",
}
_DONES = {done: delta for delta, done in _DELTAS.items()}
_ARGUMENTS = frozenset({"response.function_call_arguments.delta"})


class ResponsesStream(StreamEditor):
    def __init__(self, vault: Vault | None, api: ResponsesApi) -> None:
        super().__init__(vault)
        self.api = api

    def edit(self, name: str | None, data: str) -> list[Event]:
        event = orjson.loads(data)
        kind = event.get("type")
        key = (kind in _DELTAS or kind in _DONES) and (
            _DONES.get(kind, kind),
            event.get("item_id"),
            event.get("content_index"),
        )
        if kind in _DELTAS and isinstance(event.get("delta"), str):
            event["delta"] = self.feed(key, event["delta"], json=kind in _ARGUMENTS)
            return [(name, dumps(event))]
        out: list[Event] = []
        if kind in _DONES:
            held = self.flush(key)
            if held:
                extra = {k: v for k, v in event.items() if k not in ("text", "arguments")}
                extra.update(type=_DONES[kind], delta=held)
                out.append((_DONES[kind], dumps(extra)))
            for field in ("text", "arguments"):
                if isinstance(event.get(field), str):
                    event[field] = self.whole(event[field], json=field == "arguments")
        for field in ("response", "item", "part"):
            if isinstance(event.get(field), dict):
                self._rehydrate_object(field, event[field])
        if kind == "response.completed":
            usage = _usage(event["response"].get("usage"))
            if usage is not None:
                self.usage = usage
        out.append((name, dumps(event)))
        return out

    def _rehydrate_object(self, field: str, value: dict[str, Any]) -> None:
        if field == "response":
            slots = self.api.answer_texts(value)
        elif field == "item":
            slots = self.api.answer_texts({"output": [value]})
        else:
            slots = [Slot(value, "text")] if isinstance(value.get("text"), str) else []
        for slot in slots:
            slot.set(self.whole(slot.get(), json=slot.json))
