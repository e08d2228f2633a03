"""OpenAI chat completions served by an Anthropic upstream: the request and the answer
(streamed or not) translated between the two dialects, so OpenAI-speaking tools can use
Claude models through the model table.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import orjson

Event = tuple[str | None, str]
DEFAULT_MAX_TOKENS = 4096
_STOP = {
    "end_turn": "stop",
    "stop_sequence": "stop",
    "max_tokens": "length",
    "tool_use": "tool_calls",
}


def to_messages(body: dict[str, Any]) -> dict[str, Any]:
    """An Anthropic Messages request for an OpenAI chat completions `body`."""
    system: list[str] = []
    messages: list[dict[str, Any]] = []
    for message in body["messages"]:
        role = message.get("role")
        if role in ("system", "developer"):
            system.append(_text(message.get("content")))
        elif role == "tool":
            block = {
                "type": "tool_result",
                "tool_use_id": message.get("tool_call_id", ""),
                "content": _text(message.get("content")),
            }
            _append(messages, "user", [block])
        else:
            _append(messages, "assistant" if role == "assistant" else "user", _blocks(message))
    out: dict[str, Any] = {
        "model": body["model"],
        "messages": messages,
        "max_tokens": body.get("max_completion_tokens")
        or body.get("max_tokens")
        or DEFAULT_MAX_TOKENS,
    }
    if system:
        out["system"] = "\n\n".join(system)
    for key in ("temperature", "top_p", "stream"):
        if body.get(key) is not None:
            out[key] = body[key]
    stop = body.get("stop")
    if stop:
        out["stop_sequences"] = [stop] if isinstance(stop, str) else list(stop)
    if body.get("tools"):
        out["tools"] = [
            _tool(t["function"])
            for t in body["tools"]
            if isinstance(t, dict) and isinstance(t.get("function"), dict)
        ]
        choice = _tool_choice(body.get("tool_choice"))
        if choice is not None:
            out["tool_choice"] = choice
    return out


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(
            p.get("text", "") for p in content if isinstance(p, dict) and p.get("type") == "text"
        )
    return ""


def _append(messages: list[dict[str, Any]], role: str, blocks: list[dict[str, Any]]) -> None:
    # Anthropic wants alternating roles: consecutive turns of one role are merged.
    if messages and messages[-1]["role"] == role:
        messages[-1]["content"].extend(blocks)
    else:
        messages.append({"role": role, "content": blocks})


def _blocks(message: dict[str, Any]) -> list[dict[str, Any]]:
    content = message.get("content")
    blocks: list[dict[str, Any]] = []
    if isinstance(content, str) and content:
        blocks.append({"type": "text", "text": content})
    elif isinstance(content, list):
        for part in content:
            if part.get("type") == "text":
                blocks.append({"type": "text", "text": part["text"]})
            elif part.get("type") == "image_url":
                blocks.append(_image((part.get("image_url") or {}).get("url", "")))
    for call in message.get("tool_calls") or []:
        fn = call.get("function") or {}
        try:
            arguments = orjson.loads(fn.get("arguments") or "{}")
        except orjson.JSONDecodeError:
            arguments = {"arguments": fn.get("arguments")}
        blocks.append(
            {
                "type": "tool_use",
                "id": call.get("id", ""),
                "name": fn.get("name", ""),
                "input": arguments,
            }
        )
    return blocks


def _image(url: str) -> dict[str, Any]:
    if url.startswith("data:") and ";base64," in url:
        media, data = url[5:].split(";base64,", 1)
        return {"type": "image", "source": {"type": "base64", "media_type": media, "data": data}}
    return {"type": "image", "source": {"type": "url", "url": url}}


def _tool(fn: dict[str, Any]) -> dict[str, Any]:
    tool = {"name": fn.get("name", ""), "input_schema": fn.get("parameters") or {"type": "object"}}
    if fn.get("description"):
        tool["description"] = fn["description"]
    return tool


def _tool_choice(choice: Any) -> dict[str, Any] | None:
    if choice in ("auto", "none"):
        return {"type": choice}
    if choice == "required":
        return {"type": "any"}
    if isinstance(choice, dict) and isinstance(choice.get("function"), dict):
        return {"type": "tool", "name": choice["function"].get("name", "")}
    return None


def to_completion(answer: dict[str, Any], model: str) -> dict[str, Any]:
    """An OpenAI chat completion for an Anthropic Messages `answer`."""
    texts, calls = [], []
    for block in answer.get("content") or []:
        if block.get("type") == "text":
            texts.append(block.get("text", ""))
        elif block.get("type") == "tool_use":
            arguments = orjson.dumps(block.get("input") or {}).decode()
            calls.append(
                {
                    "id": block.get("id"),
                    "type": "function",
                    "function": {"name": block.get("name"), "arguments": arguments},
                }
            )
    message: dict[str, Any] = {
        "role": "assistant",
        "content": "".join(texts) if texts or not calls else None,
    }
    if calls:
        message["tool_calls"] = calls
    usage = answer.get("usage") or {}
    tokens = (int(usage.get("input_tokens") or 0), int(usage.get("output_tokens") or 0))
    return {
        "id": f"chatcmpl-{answer.get('id', '')}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": message,
                "finish_reason": _STOP.get(answer.get("stop_reason") or "", "stop"),
            }
        ],
        "usage": {
            "prompt_tokens": tokens[0],
            "completion_tokens": tokens[1],
            "total_tokens": sum(tokens),
        },
    }


async def to_chunks(
    events: AsyncIterator[Event], model: str, include_usage: bool
) -> AsyncIterator[Event]:
    """OpenAI chat completion chunks for an Anthropic Messages event stream."""
    head = {
        "id": "chatcmpl-",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
    }
    tools: dict[int, int] = {}  # Anthropic block index -> OpenAI tool call index
    usage = [0, 0]

    def chunk(delta: dict[str, Any], finish: str | None = None) -> Event:
        choice = {"index": 0, "delta": delta, "finish_reason": finish}
        return None, orjson.dumps({**head, "choices": [choice]}).decode()

    async for _, data in events:
        event = orjson.loads(data)
        kind = event.get("type")
        if kind == "message_start":
            message = event.get("message") or {}
            head["id"] = f"chatcmpl-{message.get('id', '')}"
            usage[0] = int((message.get("usage") or {}).get("input_tokens") or 0)
            yield chunk({"role": "assistant", "content": ""})
        elif (
            kind == "content_block_start"
            and (event.get("content_block") or {}).get("type") == "tool_use"
        ):
            block = event["content_block"]
            tools[event.get("index", 0)] = len(tools)
            call = {
                "index": tools[event.get("index", 0)],
                "id": block.get("id"),
                "type": "function",
                "function": {"name": block.get("name"), "arguments": ""},
            }
            yield chunk({"tool_calls": [call]})
        elif kind == "content_block_delta":
            delta = event.get("delta") or {}
            if delta.get("type") == "text_delta":
                yield chunk({"content": delta.get("text", "")})
            elif delta.get("type") == "input_json_delta":
                call = {
                    "index": tools.get(event.get("index", 0), 0),
                    "function": {"arguments": delta.get("partial_json", "")},
                }
                yield chunk({"tool_calls": [call]})
        elif kind == "message_delta":
            usage[1] = int((event.get("usage") or {}).get("output_tokens") or 0)
            reason = (event.get("delta") or {}).get("stop_reason") or ""
            yield chunk({}, _STOP.get(reason, "stop"))
        elif kind == "error":
            from airlock.gateway.providers.base import UpstreamFailure

            raise UpstreamFailure("upstream stream reported an error", retryable=False)
    if include_usage:
        totals = {
            "prompt_tokens": usage[0],
            "completion_tokens": usage[1],
            "total_tokens": sum(usage),
        }
        yield None, orjson.dumps({**head, "choices": [], "usage": totals}).decode()
    yield None, "[DONE]"
