"""OpenAI `POST /v1/chat/completions`: messages, multi-part content, tools, streaming."""

from __future__ import annotations

from typing import Any, ClassVar

import orjson

from airlock.detect import Vault
from airlock.gateway.metering import Usage
from airlock.gateway.routes.base import Api, Event, Slot, StreamEditor, dumps, is_stream, require


class ChatApi(Api):
    name: ClassVar[str] = "chat"
    path: ClassVar[str] = "/v1/chat/completions"

    def validate(self, body: Any) -> str:
        require(isinstance(body, dict), "the request body must be a JSON object")
        model = body.get("model")
        require(
            isinstance(model, str) and bool(model), "'model' must be a non-empty string", "model"
        )
        messages = body.get("messages")
        require(
            isinstance(messages, list) and bool(messages),
            "'messages' must be a non-empty array",
            "messages",
        )
        for i, message in enumerate(messages):
            require(isinstance(message, dict), f"messages[{i}] must be an object", "messages")
            require(isinstance(message.get("role"), str), f"messages[{i}].role must be a string")
            content = message.get("content")
            require(
                content is None or isinstance(content, str | list),
                f"messages[{i}].content must be a string or an array of parts",
                "messages",
            )
            if isinstance(content, list):
                for part in content:
                    require(isinstance(part, dict), f"messages[{i}].content parts must be objects")
                    text, needed = part.get("text"), part.get("type") == "text"
                    require(
                        isinstance(text, str) or (text is None and not needed),
                        f"messages[{i}].content: a part's 'text' must be a string",
                        "messages",
                    )
            calls = message.get("tool_calls")
            require(calls is None or isinstance(calls, list), "tool_calls must be an array")
            for call in calls or []:
                fn = call.get("function") if isinstance(call, dict) else None
                _require_arguments(fn, "tool_calls[].function")
            if message.get("function_call") is not None:  # the deprecated single call
                _require_arguments(message["function_call"], f"messages[{i}].function_call")
        is_stream(body)
        for key in ("tools", "functions"):
            tools = body.get(key)
            require(tools is None or isinstance(tools, list), f"'{key}' must be an array", key)
        return str(model)

    def texts(self, body: dict[str, Any]) -> list[Slot]:
        slots: list[Slot] = []
        for message in body["messages"]:
            content = message.get("content")
            if isinstance(content, str):
                slots.append(Slot(message, "content"))
            elif isinstance(content, list):
                # Any part carrying text, whatever its type says: unknown types are not a
                # way around the policy.
                slots += [Slot(p, "text") for p in content if isinstance(p.get("text"), str)]
            calls = [call["function"] for call in message.get("tool_calls") or []]
            if message.get("function_call") is not None:
                calls.append(message["function_call"])
            slots += [Slot(fn, "arguments", json=True) for fn in calls if "arguments" in fn]
        tools = [t.get("function") for t in body.get("tools") or [] if isinstance(t, dict)]
        for fn in [*tools, *(body.get("functions") or [])]:
            if isinstance(fn, dict) and isinstance(fn.get("description"), str):
                slots.append(Slot(fn, "description"))
        return slots

    def answer_texts(self, body: dict[str, Any]) -> list[Slot]:
        slots: list[Slot] = []
        for choice in body.get("choices") or []:
            message = choice.get("message") or {}
            if isinstance(message.get("content"), str):
                slots.append(Slot(message, "content"))
            for call in message.get("tool_calls") or []:
                fn = call.get("function") or {}
                if isinstance(fn.get("arguments"), str):
                    slots.append(Slot(fn, "arguments", json=True))
        return slots

    def usage(self, body: dict[str, Any]) -> Usage | None:
        return _usage(body.get("usage"))

    def prepare(self, body: dict[str, Any]) -> None:
        if body.get("stream"):
            # Ask for usage so metering does not have to estimate; dropped if not asked.
            options = body.get("stream_options") or {}
            body["stream_options"] = {**options, "include_usage": True}

    def editor(self, vault: Vault | None, body: dict[str, Any]) -> StreamEditor:
        wants = bool((body.get("stream_options") or {}).get("include_usage"))
        return ChatStream(vault, wants_usage=wants)


def _require_arguments(fn: Any, where: str) -> None:
    require(
        isinstance(fn, dict) and isinstance(fn.get("arguments", ""), str),
        f"{where}.arguments must be a string",
    )


def _usage(usage: Any) -> Usage | None:
    if not isinstance(usage, dict):
        return None
    return Usage(int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0))


class ChatStream(StreamEditor):
    def __init__(self, vault: Vault | None, *, wants_usage: bool) -> None:
        super().__init__(vault)
        self.wants_usage = wants_usage
        self.last: dict[str, Any] | None = None

    def edit(self, name: str | None, data: str) -> list[Event]:
        if data == "[DONE]":
            return [*self.finish(), (None, data)]
        chunk = orjson.loads(data)
        usage = _usage(chunk.get("usage"))
        if usage is not None:
            self.usage = usage
            if not self.wants_usage:
                chunk.pop("usage", None)
                if not chunk.get("choices"):
                    return []
        self.last = chunk
        for choice in chunk.get("choices") or []:
            self._edit_choice(choice)
        return [(name, dumps(chunk))]

    def _edit_choice(self, choice: dict[str, Any]) -> None:
        i = choice.get("index", 0)
        delta = choice.get("delta") or {}
        if isinstance(delta.get("content"), str):
            delta["content"] = self.feed((i, "content"), delta["content"])
        for call in delta.get("tool_calls") or []:
            fn = call.get("function") or {}
            if isinstance(fn.get("arguments"), str):
                key = (i, call.get("index", 0))
                fn["arguments"] = self.feed(key, fn["arguments"], json=True)
        if choice.get("finish_reason") is not None:
            self._flush_into(i, delta)
            choice["delta"] = delta

    def _flush_into(self, i: int, delta: dict[str, Any]) -> None:
        held = self.flush((i, "content"))
        if held:
            delta["content"] = (delta.get("content") or "") + held
        for key in [k for k in self.rehydrators if k[0] == i]:
            held = self.flush(key)
            if held:
                delta.setdefault("tool_calls", []).append(
                    {"index": key[1], "function": {"arguments": held}}
                )

    def finish(self) -> list[Event]:
        if not self.rehydrators or self.last is None:
            return []
        chunk = {k: v for k, v in self.last.items() if k not in ("choices", "usage")}
        choices = []
        for i in sorted({k[0] for k in self.rehydrators}):
            delta: dict[str, Any] = {}
            self._flush_into(i, delta)
            choices.append({"index": i, "delta": delta, "finish_reason": None})
        return [(None, dumps({**chunk, "choices": choices}))]
