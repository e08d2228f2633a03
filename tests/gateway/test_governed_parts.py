"""Every text part of every API is governed, and pseudonyms come back in every part of the
answer: JSON-escaped where the answer part is itself JSON (tool-call arguments)."""

from __future__ import annotations

import json
from typing import Any

import anthropic
import openai
import pytest

from airlock.detect import DetectConfig, Engine
from airlock.detect.config import CustomPattern
from airlock.gateway.scancache import ScanCache
from tests.gateway.conftest import POLICY, Factory, Live, Upstream

# One distinct address per place, so a leak names the place that leaked.
PLACES = [f"p{i}.someone@example.com" for i in range(20)]


def _leaks(received: dict[str, Any]) -> list[str]:
    sent = json.dumps(received)
    return [p for p in PLACES if p in sent]


def test_every_chat_completions_text_part_is_governed(
    make_gateway_module: Factory, upstream: Upstream
) -> None:
    live = make_gateway_module()
    api = openai.OpenAI(base_url=f"{live.url}/v1", api_key=live.key(), max_retries=0)
    call = {"id": "c1", "type": "function", "function": {"name": "f", "arguments": ""}}
    call["function"]["arguments"] = json.dumps({"to": PLACES[4]})
    api.chat.completions.create(
        model="gpt-test",
        messages=[
            {"role": "system", "content": f"system {PLACES[0]}"},
            {"role": "developer", "content": [{"type": "text", "text": f"dev {PLACES[1]}"}]},
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": f"user {PLACES[2]}"},
                    {"type": "input_text", "text": f"odd part type {PLACES[3]}"},
                ],
            },
            {"role": "assistant", "content": None, "tool_calls": [call]},
            {"role": "tool", "tool_call_id": "c1", "content": f"result {PLACES[5]}"},
            {
                "role": "assistant",
                "function_call": {"name": "f", "arguments": json.dumps({"cc": PLACES[6]})},
            },
            {"role": "user", "content": "go on"},
        ],  # type: ignore[list-item,misc]
        tools=[{"type": "function", "function": {"name": "f", "description": f"to {PLACES[7]}"}}],
        functions=[{"name": "g", "description": f"legacy {PLACES[8]}"}],
    )
    assert _leaks(upstream.fake.received[-1]) == []


def test_every_responses_text_part_is_governed(
    make_gateway_module: Factory, upstream: Upstream
) -> None:
    live = make_gateway_module()
    api = openai.OpenAI(base_url=f"{live.url}/v1", api_key=live.key(), max_retries=0)
    api.responses.create(model="gpt-test", input=f"plain {PLACES[0]}", instructions=PLACES[1])
    assert _leaks(upstream.fake.received[-1]) == []
    api.responses.create(
        model="gpt-test",
        instructions=f"be brief {PLACES[2]}",
        input=[
            {"role": "developer", "content": f"dev {PLACES[3]}"},
            {"role": "user", "content": [{"type": "input_text", "text": f"user {PLACES[4]}"}]},
            {
                "type": "function_call",
                "call_id": "c1",
                "name": "f",
                "arguments": json.dumps({"to": PLACES[5]}),
            },
            {"type": "function_call_output", "call_id": "c1", "output": f"done {PLACES[6]}"},
            {
                "type": "function_call_output",
                "call_id": "c2",
                "output": [{"type": "input_text", "text": f"parts {PLACES[7]}"}],
            },
            {"role": "user", "content": "go on"},
        ],  # type: ignore[list-item]
        tools=[{"type": "function", "name": "f", "description": f"mail {PLACES[8]}"}],  # type: ignore[list-item,typeddict-item]
    )
    assert _leaks(upstream.fake.received[-1]) == []


def test_every_messages_text_part_is_governed(
    make_gateway_module: Factory, upstream: Upstream
) -> None:
    live = make_gateway_module()
    api = anthropic.Anthropic(base_url=live.url, api_key=live.key(), max_retries=0)
    api.messages.create(
        model="claude-test",
        max_tokens=9,
        system=f"sys {PLACES[0]}",
        messages=[{"role": "user", "content": f"hi {PLACES[1]}"}],
    )
    assert _leaks(upstream.fake.received[-1]) == []
    tool_use = {
        "type": "tool_use",
        "id": "t1",
        "name": "f",
        "input": {"to": [PLACES[4]], "meta": {"cc": PLACES[5]}},
    }
    api.messages.create(
        model="claude-test",
        max_tokens=9,
        system=[{"type": "text", "text": f"sys {PLACES[2]}"}],
        messages=[
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": f"user {PLACES[3]}"},
                    {
                        "type": "document",
                        "source": {
                            "type": "text",
                            "media_type": "text/plain",
                            "data": f"doc {PLACES[9]}",
                        },
                    },
                ],
            },
            {"role": "assistant", "content": [tool_use]},
            {
                "role": "user",
                "content": [
                    {"type": "tool_result", "tool_use_id": "t1", "content": f"ok {PLACES[6]}"},
                    {
                        "type": "tool_result",
                        "tool_use_id": "t2",
                        "content": [{"type": "text", "text": f"blocks {PLACES[7]}"}],
                    },
                ],
            },
        ],  # type: ignore[list-item,misc]
        tools=[
            {"name": "f", "description": f"mail {PLACES[8]}", "input_schema": {"type": "object"}}
        ],
    )
    assert _leaks(upstream.fake.received[-1]) == []


def test_embedding_inputs_are_governed(make_gateway_module: Factory, upstream: Upstream) -> None:
    live = make_gateway_module()
    api = openai.OpenAI(base_url=f"{live.url}/v1", api_key=live.key(), max_retries=0)
    api.embeddings.create(model="gpt-test", input=f"one {PLACES[0]}")
    api.embeddings.create(model="gpt-test", input=[f"a {PLACES[1]}", f"b {PLACES[2]}"])
    assert _leaks(upstream.fake.received[-1]) == [] and _leaks(upstream.fake.received[-2]) == []


# A Windows account (DOMAIN\user): its backslash must be escaped inside JSON arguments.
ACCOUNT = "ACME\\jdoe"
ESCAPING = POLICY.replace(
    "  - {data: US_SSN", "  - {data: WIN_ACCOUNT, action: pseudonymize}\n  - {data: US_SSN"
)


@pytest.fixture
def escaping(make_gateway: Factory) -> Live:
    live = make_gateway(policy=ESCAPING)
    pattern = CustomPattern(entity="WIN_ACCOUNT", pattern=r"ACME\\[a-z]+")
    engine = Engine(DetectConfig(custom_patterns=[pattern]))
    live.gateway.engine = engine
    live.gateway.scanner = ScanCache(engine)
    return live


TOOL = {"type": "function", "function": {"name": "lookup", "parameters": {"type": "object"}}}


@pytest.mark.parametrize("model", ["gpt-test", "claude-test"])  # claude: by translation
@pytest.mark.parametrize("stream", [False, True])
def test_chat_tool_arguments_get_values_back_json_escaped(
    escaping: Live, upstream: Upstream, model: str, stream: bool
) -> None:
    api = openai.OpenAI(base_url=f"{escaping.url}/v1", api_key=escaping.key(), max_retries=0)
    ask = {"model": model, "messages": [{"role": "user", "content": f"find {ACCOUNT}"}]}
    if stream:
        chunks = api.chat.completions.create(**ask, tools=[TOOL], stream=True)  # type: ignore[call-overload]
        arguments = "".join(
            call.function.arguments or ""
            for chunk in chunks
            for choice in chunk.choices
            for call in choice.delta.tool_calls or []
            if call.function is not None
        )
    else:
        answer = api.chat.completions.create(**ask, tools=[TOOL])  # type: ignore[call-overload]
        arguments = answer.choices[0].message.tool_calls[0].function.arguments
    assert ACCOUNT not in json.dumps(upstream.fake.received[-1])
    assert json.loads(arguments) == {"query": f"find {ACCOUNT}"}


@pytest.mark.parametrize("stream", [False, True])
def test_anthropic_tool_inputs_get_values_back_json_escaped(
    escaping: Live, upstream: Upstream, stream: bool
) -> None:
    api = anthropic.Anthropic(base_url=escaping.url, api_key=escaping.key(), max_retries=0)
    ask: dict[str, Any] = {
        "model": "claude-test",
        "max_tokens": 50,
        "messages": [{"role": "user", "content": f"find {ACCOUNT}"}],
        "tools": [{"name": "lookup", "input_schema": {"type": "object"}}],
    }
    if stream:
        with api.messages.stream(**ask) as events:
            raw = "".join(
                e.delta.partial_json
                for e in events
                if e.type == "content_block_delta" and e.delta.type == "input_json_delta"
            )
        tool_input = json.loads(raw)
    else:
        tool_input = api.messages.create(**ask).content[0].input  # type: ignore[union-attr]
    assert ACCOUNT not in json.dumps(upstream.fake.received[-1])
    assert tool_input == {"query": f"find {ACCOUNT}"}
