"""The official anthropic SDK against the gateway's /v1/messages."""

from __future__ import annotations

import json

import anthropic
import pytest

from tests.gateway.conftest import Factory, Live, Upstream, http
from tests.gateway.test_openai_sdk import AWS, CARD, EMAIL, PROMPT


def client(live: Live, key: str) -> anthropic.Anthropic:
    return anthropic.Anthropic(base_url=live.url, api_key=key, max_retries=0)


def test_messages_are_governed_and_the_answer_rehydrated(
    make_gateway: Factory, upstream: Upstream
) -> None:
    live = make_gateway()
    reply = client(live, live.key()).messages.create(
        model="claude-test",
        max_tokens=100,
        system=f"Escalate to {EMAIL}",
        messages=[{"role": "user", "content": PROMPT}],
    )
    sent = upstream.fake.received[-1]
    assert upstream.fake.paths[-1] == "/v1/messages"
    assert upstream.fake.headers[-1]["x-api-key"] != ""  # the gateway's own upstream key
    text = json.dumps(sent)
    for value in (EMAIL, CARD, AWS):
        assert value not in text
    assert "<EMAIL_ADDRESS_1>" in sent["system"]
    out = reply.content[0].text  # type: ignore[union-attr]
    assert EMAIL in out and "**** **** **** 1111" in out
    assert reply.usage.input_tokens == 10


def test_streamed_messages_are_rehydrated(make_gateway: Factory, upstream: Upstream) -> None:
    live = make_gateway()
    with client(live, live.key()).messages.stream(
        model="claude-test", max_tokens=100, messages=[{"role": "user", "content": PROMPT}]
    ) as stream:
        pieces = list(stream.text_stream)
        final = stream.get_final_message()
    text = "".join(pieces)
    assert EMAIL in text and "<EMAIL_ADDRESS" not in text
    assert final.content[0].text == text  # type: ignore[union-attr]
    assert final.usage.output_tokens == 6


def test_tool_use_inputs_and_tool_results_are_governed(
    make_gateway: Factory, upstream: Upstream
) -> None:
    live = make_gateway()
    client(live, live.key()).messages.create(
        model="claude-test",
        max_tokens=50,
        tools=[{"name": "lookup", "description": "find", "input_schema": {"type": "object"}}],
        messages=[
            {"role": "user", "content": "who is it?"},
            {
                "role": "assistant",
                "content": [
                    {"type": "tool_use", "id": "t1", "name": "lookup", "input": {"who": EMAIL}}
                ],
            },
            {
                "role": "user",
                "content": [
                    {"type": "tool_result", "tool_use_id": "t1", "content": f"key {AWS}"},
                    {"type": "text", "text": "thanks"},
                ],
            },
        ],
    )
    sent = upstream.fake.received[-1]["messages"]
    assert sent[1]["content"][0]["input"] == {"who": "<EMAIL_ADDRESS_1>"}
    assert sent[2]["content"][0]["content"] == "key [AWS_ACCESS_KEY]"


def test_errors_come_back_in_anthropic_shape(make_gateway: Factory) -> None:
    live = make_gateway()
    with pytest.raises(anthropic.AuthenticationError) as bad:
        client(live, "nope").messages.create(
            model="claude-test", max_tokens=5, messages=[{"role": "user", "content": "x"}]
        )
    assert bad.value.body["error"]["type"] == "authentication_error"  # type: ignore[index]
    with pytest.raises(anthropic.PermissionDeniedError) as denied:
        client(live, live.key()).messages.create(
            model="claude-test",
            max_tokens=5,
            messages=[{"role": "user", "content": "SSN 536-90-4399"}],
        )
    assert denied.value.body["error"]["type"] == "permission_error"  # type: ignore[index]
    status, _, body = http(
        "POST",
        f"{live.url}/v1/messages",
        b'{"model": "claude-test", "messages": []}',
        {"x-api-key": live.key()},
    )
    assert status == 400
    assert json.loads(body) == {
        "type": "error",
        "error": {
            "type": "invalid_request_error",
            "message": "max_tokens: Field required (an integer)",
        },
    }


def test_anthropic_clients_can_use_the_preview(make_gateway: Factory) -> None:
    live = make_gateway()
    with client(live, live.key()).messages.stream(
        model="preview", max_tokens=10, messages=[{"role": "user", "content": PROMPT}]
    ) as stream:
        text = "".join(stream.text_stream)
    assert "<EMAIL_ADDRESS_1>" in text and EMAIL not in text
