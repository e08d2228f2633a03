"""OpenAI `POST /v1/responses`: text input and output, function calls, streaming."""

from __future__ import annotations

from typing import Any, ClassVar

import orjson

from airlock.detect import Vault, rehydrate
from airlock.gateway.metering import Usage
from airlock.gateway.routes.base import Api, Event, Slot, StreamEditor, dumps, is_stream, require

_TEXT_PARTS = ("input_text", "output_text", "text")


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
            content = item.get("content")
            require(
                content is None or isinstance(content, str | list),
                f"input[{i}].content must be a string or an array",
                "input",
            )
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
            content = item.get("content")
            if isinstance(content, str):
                slots.append(Slot(item, "content"))
            elif isinstance(content, list):
                slots += [
                    Slot(p, "text")
                    for p in content
                    if isinstance(p, dict)
                    and p.get("type") in _TEXT_PARTS
                    and isinstance(p.get("text"), str)
                ]
            for key in ("arguments", "output"):
                if isinstance(item.get(key), str):
                    slots.append(Slot(item, key))
        return slots

    def answer_texts(self, body: dict[str, Any]) -> list[Slot]:
        slots: list[Slot] = []
        for item in body.get("output") or []:
            if isinstance(item.get("arguments"), str):
                slots.append(Slot(item, "arguments"))
            for part in item.get("content") or []:
                if isinstance(part, dict) and isinstance(part.get("text"), str):
                    slots.append(Slot(part, "text"))
        return slots

    def usage(self, body: dict[str, Any]) -> Usage | None:
        return _usage(body.get("usage"))

    def editor(self, vault: Vault | None, body: dict[str, Any]) -> StreamEditor:
        return ResponsesStream(vault, self)


def _usage(usage: Any) -> Usage | None:
    if not isinstance(usage, dict):
        return None
    return Usage(int(usage.get("input_tokens") or 0), int(usage.get("output_tokens") or 0))


_DELTAS = {
    "response.output_text.delta": "response.output_text.done",
    "response.function_call_arguments.delta": "response.function_call_arguments.done",
}
_DONES = {done: delta for delta, done in _DELTAS.items()}


class ResponsesStream(StreamEditor):
    def __init__(self, vault: Vault | None, api: ResponsesApi) -> None:
        super().__init__(vault)
        self.api = api

    def _whole(self, text: str) -> str:
        return rehydrate(text, self.vault) if self.vault is not None else text

    def edit(self, name: str | None, data: str) -> list[Event]:
        event = orjson.loads(data)
        kind = event.get("type")
        key = (kind in _DELTAS or kind in _DONES) and (
            _DONES.get(kind, kind),
            event.get("item_id"),
            event.get("content_index"),
        )
        if kind in _DELTAS and isinstance(event.get("delta"), str):
            event["delta"] = self.feed(key, event["delta"])
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
                    event[field] = self._whole(event[field])
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
            slot.set(self._whole(slot.get()))
