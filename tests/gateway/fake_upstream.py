"""A loopback stand-in for OpenAI and Anthropic: real HTTP, each provider's wire protocol.

It records every body it receives and answers with the last user text ("You said: ..."),
so a test sees both what left the gateway and what the client got back. Streams are cut
into 3-character pieces, so pseudonym tokens are split across chunks on purpose.
"""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

from aiohttp import web

UPSTREAM_KEY = "sk-upstream-SECRET-0123456789abcdef"


class FakeUpstream:
    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.paths: list[str] = []
        self.headers: list[dict[str, str]] = []
        self.app = web.Application()
        self.app.router.add_post("/v1/chat/completions", self.chat)
        self.app.router.add_post("/v1/responses", self.responses)
        self.app.router.add_post("/v1/embeddings", self.embeddings)
        self.app.router.add_post("/v1/messages", self.messages)
        self.app.router.add_post("/openai/deployments/{deployment}/chat/completions", self.azure)
        self.fail_models: dict[str, int] = {}  # model -> status to answer with
        self.slow_models: set[str] = set()
        # Model "held": answered only once a test calls release() (in-flight requests).
        self.held = threading.Event()  # set when a "held" request has arrived
        self._release = asyncio.Event()

    async def _take(self, request: web.Request) -> tuple[dict[str, Any], web.Response | None]:
        body = await request.json()
        self.received.append(body)
        self.paths.append(request.path)
        self.headers.append(dict(request.headers))
        model = body.get("model", "")
        if model == "held":
            self.held.set()
            await self._release.wait()
        if model in self.slow_models:
            await asyncio.sleep(5)
        if model == "echo-error":
            # Like many upstreams' 400s: the message quotes the offending input.
            quoted = json.dumps(body)[:400]
            return body, web.json_response({"error": {"message": f"bad: {quoted}"}}, status=400)
        status = self.fail_models.get(model)
        if status is not None:
            # Like OpenAI: an auth error quotes (part of) the key it got.
            message = f"Incorrect API key provided: {UPSTREAM_KEY}" if status == 401 else "boom"
            return body, web.json_response({"error": {"message": message}}, status=status)
        return body, None

    def release(self, loop: asyncio.AbstractEventLoop) -> None:
        """Let "held" requests be answered (thread-safe: the fake runs in `loop`)."""
        loop.call_soon_threadsafe(self._release.set)

    async def chat(self, request: web.Request) -> web.StreamResponse:
        body, failed = await self._take(request)
        if failed is not None:
            return failed
        text = "You said: " + _last_user_text_openai(body["messages"])
        head = {"id": "chatcmpl-1", "created": 1, "model": body["model"]}
        tool_call = None
        if body.get("tools"):
            args = json.dumps({"query": _last_user_text_openai(body["messages"])})
            tool_call = {
                "id": "call_1",
                "type": "function",
                "function": {"name": "lookup", "arguments": args},
            }
        usage = {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18}
        if not body.get("stream"):
            message: dict[str, Any] = {"role": "assistant", "content": None if tool_call else text}
            if tool_call:
                message["tool_calls"] = [tool_call]
            choice = {
                "index": 0,
                "message": message,
                "finish_reason": "tool_calls" if tool_call else "stop",
            }
            return web.json_response(
                {**head, "object": "chat.completion", "choices": [choice], "usage": usage}
            )
        resp = await _sse(request)
        if body["model"] == "garbage":
            await resp.write(b"data: {this is not json\n\n")
            return resp
        chunk = {**head, "object": "chat.completion.chunk"}
        if tool_call:
            args = tool_call["function"]["arguments"]
            first = {**tool_call, "index": 0, "function": {"name": "lookup", "arguments": ""}}
            await _send(
                resp,
                {
                    **chunk,
                    "choices": [
                        {"index": 0, "delta": {"tool_calls": [first]}, "finish_reason": None}
                    ],
                },
            )
            for piece in _pieces(args):
                delta = {"tool_calls": [{"index": 0, "function": {"arguments": piece}}]}
                await _send(
                    resp,
                    {**chunk, "choices": [{"index": 0, "delta": delta, "finish_reason": None}]},
                )
            finish = "tool_calls"
        else:
            await _send(
                resp,
                {
                    **chunk,
                    "choices": [
                        {
                            "index": 0,
                            "delta": {"role": "assistant", "content": ""},
                            "finish_reason": None,
                        }
                    ],
                },
            )
            for piece in _pieces(text):
                await _send(
                    resp,
                    {
                        **chunk,
                        "choices": [
                            {"index": 0, "delta": {"content": piece}, "finish_reason": None}
                        ],
                    },
                )
            finish = "stop"
        await _send(
            resp, {**chunk, "choices": [{"index": 0, "delta": {}, "finish_reason": finish}]}
        )
        if (body.get("stream_options") or {}).get("include_usage"):
            await _send(resp, {**chunk, "choices": [], "usage": usage})
        await resp.write(b"data: [DONE]\n\n")
        return resp

    async def azure(self, request: web.Request) -> web.StreamResponse:
        """Azure OpenAI: the deployment in the path, the version in the query."""
        if request.query.get("api-version") != "2024-10-21" or "api-key" not in request.headers:
            return web.json_response({"error": {"message": "bad azure call"}}, status=400)
        return await self.chat(request)

    async def responses(self, request: web.Request) -> web.StreamResponse:
        body, failed = await self._take(request)
        if failed is not None:
            return failed
        data = body["input"]
        said = data if isinstance(data, str) else _last_user_text_responses(data)
        text = "You said: " + said
        part = {"type": "output_text", "text": text, "annotations": []}
        item = {
            "type": "message",
            "id": "msg_1",
            "status": "completed",
            "role": "assistant",
            "content": [part],
        }
        usage = {"input_tokens": 9, "output_tokens": 5, "total_tokens": 14}
        full = {
            "id": "resp_1",
            "object": "response",
            "created_at": 1,
            "model": body["model"],
            "status": "completed",
            "output": [item],
            "usage": usage,
        }
        if not body.get("stream"):
            return web.json_response(full)
        resp = await _sse(request)
        ids = {"item_id": "msg_1", "output_index": 0, "content_index": 0}
        seq = 0

        async def ev(kind: str, **data: Any) -> None:
            nonlocal seq
            seq += 1
            await _send(resp, {"type": kind, "sequence_number": seq, **data}, kind)

        await ev("response.created", response={**full, "status": "in_progress", "output": []})
        await ev("response.output_item.added", output_index=0, item={**item, "content": []})
        await ev("response.content_part.added", **ids, part={**part, "text": ""})
        for piece in _pieces(text):
            await ev("response.output_text.delta", **ids, delta=piece)
        await ev("response.output_text.done", **ids, text=text)
        await ev("response.content_part.done", **ids, part=part)
        await ev("response.output_item.done", output_index=0, item=item)
        await ev("response.completed", response=full)
        return resp

    async def embeddings(self, request: web.Request) -> web.StreamResponse:
        body, failed = await self._take(request)
        if failed is not None:
            return failed
        items = body["input"] if isinstance(body["input"], list) else [body["input"]]
        data = [
            {"object": "embedding", "index": i, "embedding": [0.1, 0.2, 0.3]}
            for i in range(len(items))
        ]
        return web.json_response(
            {
                "object": "list",
                "data": data,
                "model": body["model"],
                "usage": {"prompt_tokens": 4, "total_tokens": 4},
            }
        )

    async def messages(self, request: web.Request) -> web.StreamResponse:
        body, failed = await self._take(request)
        if failed is not None:
            return web.json_response(
                {"type": "error", "error": {"type": "api_error", "message": "boom"}},
                status=failed.status,
            )
        text = "You said: " + _last_user_text_anthropic(body["messages"])
        head = {"id": "msg_1", "type": "message", "role": "assistant", "model": body["model"]}
        if body.get("tools"):
            said = _last_user_text_anthropic(body["messages"])
            return await _anthropic_tool_use(request, body, head, {"query": said})
        if not body.get("stream"):
            return web.json_response(
                {
                    **head,
                    "content": [{"type": "text", "text": text}],
                    "stop_reason": "end_turn",
                    "stop_sequence": None,
                    "usage": {"input_tokens": 10, "output_tokens": 6},
                }
            )
        resp = await _sse(request)
        start = {
            **head,
            "content": [],
            "stop_reason": None,
            "stop_sequence": None,
            "usage": {"input_tokens": 10, "output_tokens": 0},
        }
        await _send(resp, {"type": "message_start", "message": start}, "message_start")
        await _send(
            resp,
            {
                "type": "content_block_start",
                "index": 0,
                "content_block": {"type": "text", "text": ""},
            },
            "content_block_start",
        )
        for piece in _pieces(text):
            await _send(
                resp,
                {
                    "type": "content_block_delta",
                    "index": 0,
                    "delta": {"type": "text_delta", "text": piece},
                },
                "content_block_delta",
            )
        await _send(resp, {"type": "content_block_stop", "index": 0}, "content_block_stop")
        await _send(
            resp,
            {
                "type": "message_delta",
                "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                "usage": {"output_tokens": 6},
            },
            "message_delta",
        )
        await _send(resp, {"type": "message_stop"}, "message_stop")
        return resp


def _pieces(text: str, size: int = 3) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]


async def _sse(request: web.Request) -> web.StreamResponse:
    resp = web.StreamResponse(headers={"content-type": "text/event-stream"})
    await resp.prepare(request)
    return resp


async def _send(resp: web.StreamResponse, data: dict[str, Any], event: str | None = None) -> None:
    prefix = f"event: {event}\n" if event else ""
    await resp.write(f"{prefix}data: {json.dumps(data)}\n\n".encode())


def _text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    if not isinstance(content, list):
        return ""
    return " ".join(str(p["text"]) for p in content if isinstance(p, dict) and "text" in p)


def _last_user_text_openai(messages: list[dict[str, Any]]) -> str:
    return next(
        (_text_of(m.get("content")) for m in reversed(messages) if m.get("role") == "user"), ""
    )


def _last_user_text_responses(items: list[dict[str, Any]]) -> str:
    return next(
        (
            _text_of(i.get("content"))
            for i in reversed(items)
            if isinstance(i, dict) and i.get("role") == "user"
        ),
        "",
    )


def _last_user_text_anthropic(messages: list[dict[str, Any]]) -> str:
    return next((_text_of(m["content"]) for m in reversed(messages) if m.get("role") == "user"), "")


async def _anthropic_tool_use(
    request: web.Request, body: dict[str, Any], head: dict[str, Any], tool_input: dict[str, Any]
) -> web.StreamResponse:
    """A tool_use answer; streamed, its input arrives as `input_json_delta` pieces."""
    block = {"type": "tool_use", "id": "toolu_1", "name": "lookup", "input": tool_input}
    usage = {"input_tokens": 10, "output_tokens": 6}
    if not body.get("stream"):
        answer = {**head, "content": [block], "stop_reason": "tool_use", "usage": usage}
        return web.json_response(answer)
    resp = await _sse(request)
    start = {**head, "content": [], "stop_reason": None, "usage": {**usage, "output_tokens": 0}}
    events: list[dict[str, Any]] = [
        {"type": "message_start", "message": start},
        {"type": "content_block_start", "index": 0, "content_block": {**block, "input": {}}},
    ]
    events += [
        {
            "type": "content_block_delta",
            "index": 0,
            "delta": {"type": "input_json_delta", "partial_json": piece},
        }
        for piece in _pieces(json.dumps(tool_input))
    ]
    events += [
        {"type": "content_block_stop", "index": 0},
        {"type": "message_delta", "delta": {"stop_reason": "tool_use"}, "usage": usage},
        {"type": "message_stop"},
    ]
    for event in events:
        await _send(resp, event, event["type"])
    return resp
