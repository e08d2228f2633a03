"""The built-in `preview` provider: answers with the sanitized request, nothing leaves.

The default when no upstream is configured, so the gateway works offline and a policy
can be tried safely: the answer shows exactly what would have been sent.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any, ClassVar

import orjson

from airlock.gateway.providers.base import (
    CHAT,
    EMBEDDINGS,
    MESSAGES,
    RESPONSES,
    Call,
    Provider,
    Reply,
    register,
)

HEADER = "[Airlock preview] No model was called. This is what would have been sent:\n\n"
_SHOWN = ("system", "instructions", "messages", "input", "tools")
Event = tuple[str | None, str]


def render(body: dict[str, Any]) -> str:
    shown = {k: body[k] for k in _SHOWN if k in body}
    return HEADER + orjson.dumps(shown, option=orjson.OPT_INDENT_2).decode()


def _pieces(text: str, n: int = 4) -> list[str]:
    size = max(1, len(text) // n + 1)
    return [text[i : i + size] for i in range(0, len(text), size)]


def _ev(data: dict[str, Any], name: str | None = None) -> Event:
    return name, orjson.dumps(data).decode()


@register
class PreviewProvider(Provider):
    kind: ClassVar[str] = "preview"
    apis: ClassVar[frozenset[str]] = frozenset({CHAT, RESPONSES, EMBEDDINGS, MESSAGES})

    async def send(self, call: Call) -> Reply:
        model = str(call.body.get("model", "preview"))
        if call.api == EMBEDDINGS:
            return Reply(200, body=_embeddings(call.body, model), rehydrate=False)
        text = render(call.body)
        usage = (len(orjson.dumps(call.body)) // 4, len(text) // 4)
        builders = {CHAT: _chat, RESPONSES: _responses, MESSAGES: _messages}
        body, events = builders[call.api](model, text, usage, call)
        if call.stream:
            return Reply(200, events=_aiter(events), rehydrate=False)
        return Reply(200, body=body, rehydrate=False)


async def _aiter(events: list[Event]) -> AsyncIterator[Event]:
    for event in events:
        yield event


def _embeddings(body: dict[str, Any], model: str) -> dict[str, Any]:
    inputs = body.get("input")
    items = [inputs] if isinstance(inputs, str) else list(inputs or [])
    data = []
    for i, item in enumerate(items):
        digest = hashlib.sha256(str(item).encode()).digest()
        vector = [round(b / 255 - 0.5, 4) for b in digest[:16]]
        data.append({"object": "embedding", "index": i, "embedding": vector})
    tokens = sum(len(str(x)) for x in items) // 4
    usage = {"prompt_tokens": tokens, "total_tokens": tokens}
    return {"object": "list", "data": data, "model": model, "usage": usage}


def _chat(
    model: str, text: str, usage: tuple[int, int], call: Call
) -> tuple[dict[str, Any], list[Event]]:
    rid, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
    use = {"prompt_tokens": usage[0], "completion_tokens": usage[1], "total_tokens": sum(usage)}
    message = {"role": "assistant", "content": text}
    choice = {"index": 0, "message": message, "finish_reason": "stop", "logprobs": None}
    head = {"id": rid, "created": created, "model": model, "object": "chat.completion"}
    body = {**head, "choices": [choice], "usage": use}
    chunk = {**head, "object": "chat.completion.chunk"}
    events = [_ev({**chunk, "choices": [_delta({"role": "assistant", "content": ""})]})]
    events += [_ev({**chunk, "choices": [_delta({"content": p})]}) for p in _pieces(text)]
    events.append(_ev({**chunk, "choices": [_delta({}, "stop")]}))
    if (call.body.get("stream_options") or {}).get("include_usage"):
        events.append(_ev({**chunk, "choices": [], "usage": use}))
    events.append((None, "[DONE]"))
    return body, events


def _delta(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}


def _responses(
    model: str, text: str, usage: tuple[int, int], call: Call
) -> tuple[dict[str, Any], list[Event]]:
    rid, mid = f"resp_{uuid.uuid4().hex}", f"msg_{uuid.uuid4().hex}"
    part = {"type": "output_text", "text": text, "annotations": []}
    item = {"type": "message", "id": mid, "status": "completed", "role": "assistant"}
    use = {
        "input_tokens": usage[0],
        "output_tokens": usage[1],
        "total_tokens": sum(usage),
        "input_tokens_details": {"cached_tokens": 0},
        "output_tokens_details": {"reasoning_tokens": 0},
    }
    base = {
        "id": rid,
        "object": "response",
        "created_at": int(time.time()),
        "model": model,
        "parallel_tool_calls": True,
        "tool_choice": "auto",
        "tools": [],
    }
    output_item = {**item, "content": [part]}
    body = {**base, "status": "completed", "output": [output_item], "usage": use}
    seq = iter(range(10_000))
    ids = {"item_id": mid, "output_index": 0, "content_index": 0}

    def ev(kind: str, **data: Any) -> Event:
        return _ev({"type": kind, "sequence_number": next(seq), **data}, kind)

    pending: dict[str, Any] = {**base, "status": "in_progress", "output": [], "usage": None}
    events = [ev("response.created", response=pending)]
    events.append(ev("response.output_item.added", output_index=0, item={**item, "content": []}))
    events.append(ev("response.content_part.added", **ids, part={**part, "text": ""}))
    events += [ev("response.output_text.delta", **ids, delta=p) for p in _pieces(text)]
    events.append(ev("response.output_text.done", **ids, text=text))
    events.append(ev("response.content_part.done", **ids, part=part))
    events.append(ev("response.output_item.done", output_index=0, item=output_item))
    events.append(ev("response.completed", response=body))
    return body, events


def _messages(
    model: str, text: str, usage: tuple[int, int], call: Call
) -> tuple[dict[str, Any], list[Event]]:
    mid = f"msg_{uuid.uuid4().hex}"
    use = {"input_tokens": usage[0], "output_tokens": usage[1]}
    head = {"id": mid, "type": "message", "role": "assistant", "model": model}
    body = {
        **head,
        "content": [{"type": "text", "text": text}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": use,
    }
    start: dict[str, Any] = {**head, "content": [], "stop_reason": None, "stop_sequence": None}
    events = [
        _ev({"type": "message_start", "message": {**start, "usage": {**use, "output_tokens": 0}}}),
        _ev(
            {
                "type": "content_block_start",
                "index": 0,
                "content_block": {"type": "text", "text": ""},
            }
        ),
    ]
    events += [
        _ev({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": p}})
        for p in _pieces(text)
    ]
    events += [
        _ev({"type": "content_block_stop", "index": 0}),
        _ev(
            {
                "type": "message_delta",
                "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                "usage": {"output_tokens": usage[1]},
            }
        ),
        _ev({"type": "message_stop"}),
    ]
    # Anthropic names every event; the name is the data's type.
    return body, [(str(orjson.loads(d)["type"]), d) for _, d in events]
