"""The official openai SDK against the gateway, with a loopback upstream behind it."""

from __future__ import annotations

import json

import openai
import pytest

from tests.gateway.conftest import Factory, Upstream, http
from tests.gateway.fake_upstream import UPSTREAM_KEY

EMAIL = "jane.doe@example.com"
CARD = "4111 1111 1111 1111"
AWS = "AKIA2OGYBAH6QZXBWT7Q"
PROMPT = f"Please write to {EMAIL} about card {CARD}; the deploy key is {AWS}."


def client(live: object, key: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{live.url}/v1", api_key=key, max_retries=0)  # type: ignore[attr-defined]


def test_chat_sends_what_the_policy_says_and_rehydrates_the_answer(
    make_gateway: Factory, upstream: Upstream
) -> None:
    live = make_gateway()
    reply = client(live, live.key()).chat.completions.create(
        model="gpt-test", messages=[{"role": "user", "content": PROMPT}]
    )
    sent = upstream.fake.received[-1]["messages"][0]["content"]
    assert EMAIL not in sent and "<EMAIL_ADDRESS_1>" in sent
    assert CARD not in sent and "**** **** **** 1111" in sent
    assert AWS not in sent and "[AWS_ACCESS_KEY]" in sent
    assert upstream.fake.received[-1]["model"] == "gpt-echo"
    answer = reply.choices[0].message.content
    assert answer is not None and EMAIL in answer and "<EMAIL_ADDRESS_1>" not in answer
    assert reply.usage is not None and reply.usage.prompt_tokens == 11


def test_streamed_chat_is_rehydrated_across_split_tokens(
    make_gateway: Factory, upstream: Upstream
) -> None:
    live = make_gateway()
    stream = client(live, live.key()).chat.completions.create(
        model="gpt-test", messages=[{"role": "user", "content": PROMPT}], stream=True
    )
    text = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
    assert text == "You said: " + upstream.fake.received[-1]["messages"][0]["content"].replace(
        "<EMAIL_ADDRESS_1>", EMAIL
    )
    assert EMAIL in text
    # The gateway asked for usage to meter the stream, but the client did not: none shown.
    assert upstream.fake.received[-1]["stream_options"] == {"include_usage": True}


def test_stream_usage_is_passed_on_when_the_client_asks(make_gateway: Factory) -> None:
    live = make_gateway()
    chunks = list(
        client(live, live.key()).chat.completions.create(
            model="gpt-test",
            messages=[{"role": "user", "content": "hi"}],
            stream=True,
            stream_options={"include_usage": True},
        )
    )
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens == 7


def test_multi_part_content_tool_calls_and_tool_results_are_governed(
    make_gateway: Factory, upstream: Upstream
) -> None:
    live = make_gateway()
    api = client(live, live.key())
    messages = [
        {"role": "system", "content": f"Escalations go to {EMAIL}."},
        {"role": "user", "content": [{"type": "text", "text": f"Look up {EMAIL}"}]},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "c0",
                    "type": "function",
                    "function": {"name": "lookup", "arguments": json.dumps({"card": CARD})},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "c0", "content": f"owner key {AWS}"},
        {"role": "user", "content": [{"type": "text", "text": f"and mail {EMAIL}"}]},
    ]
    tools = [{"type": "function", "function": {"name": "lookup", "parameters": {"type": "object"}}}]
    reply = api.chat.completions.create(model="gpt-test", messages=messages, tools=tools)  # type: ignore[arg-type]
    sent = json.dumps(upstream.fake.received[-1])
    for value in (EMAIL, CARD, AWS):
        assert value not in sent
    call = reply.choices[0].message.tool_calls[0]  # type: ignore[index]
    assert json.loads(call.function.arguments) == {"query": f"and mail {EMAIL}"}  # type: ignore[union-attr]
    stream = api.chat.completions.create(
        model="gpt-test",
        messages=messages,
        tools=tools,
        stream=True,  # type: ignore[arg-type]
    )
    args = "".join(
        c.choices[0].delta.tool_calls[0].function.arguments or ""  # type: ignore[index,union-attr]
        for c in stream
        if c.choices and c.choices[0].delta.tool_calls
    )
    assert json.loads(args) == {"query": f"and mail {EMAIL}"}


def test_responses_api_plain_and_streamed(make_gateway: Factory, upstream: Upstream) -> None:
    live = make_gateway()
    api = client(live, live.key())
    reply = api.responses.create(model="gpt-test", input=PROMPT, instructions=f"cc {EMAIL}")
    sent = upstream.fake.received[-1]
    assert EMAIL not in sent["input"] and EMAIL not in sent["instructions"]
    assert EMAIL in reply.output_text
    deltas = []
    with api.responses.stream(model="gpt-test", input=PROMPT) as stream:
        for event in stream:
            if event.type == "response.output_text.delta":
                deltas.append(event.delta)
        final = stream.get_final_response()
    assert EMAIL in "".join(deltas) and EMAIL in final.output_text


def test_embeddings_inputs_are_governed(make_gateway: Factory, upstream: Upstream) -> None:
    live = make_gateway()
    reply = client(live, live.key()).embeddings.create(
        model="gpt-test", input=[f"mail {EMAIL}", "plain"]
    )
    assert len(reply.data) == 2
    assert upstream.fake.received[-1]["input"][0] == "mail <EMAIL_ADDRESS_1>"


def test_models_lists_what_the_role_may_use(make_gateway: Factory) -> None:
    live = make_gateway()
    staff = {m.id for m in client(live, live.key()).models.list()}
    intern = {m.id for m in client(live, live.key(role="intern")).models.list()}
    assert "claude-test" in staff and intern == {"gpt-test"}


def test_errors_come_back_in_openai_shape(make_gateway: Factory, upstream: Upstream) -> None:
    live = make_gateway()
    key = live.key(role="intern")
    api = client(live, key)
    before = len(upstream.fake.received)
    with pytest.raises(openai.AuthenticationError):
        client(live, "alk_000000000000_" + "0" * 32).models.list()
    with pytest.raises(openai.NotFoundError) as missing:
        client(live, live.key()).chat.completions.create(
            model="no-such-model-anywhere", messages=[{"role": "user", "content": "x"}]
        )
    assert missing.value.code == "model_not_found"
    with pytest.raises(openai.PermissionDeniedError) as denied:
        api.chat.completions.create(
            model="claude-test", messages=[{"role": "user", "content": "x"}]
        )
    assert "not allowed for role 'intern'" in denied.value.message
    with pytest.raises(openai.BadRequestError):
        api.chat.completions.create(model="gpt-test", messages=[])
    auth = {"authorization": f"Bearer {key}"}
    status, _, raw = http(
        "POST", f"{live.url}/v1/chat/completions", b'{"model": "gpt-test", "messages": [', auth
    )
    assert status == 400 and json.loads(raw)["error"]["type"] == "invalid_request_error"
    status, _, _ = http("POST", f"{live.url}/v1/chat/completions", b"x" * (5 << 20), auth)
    assert status == 413
    assert len(upstream.fake.received) == before


def test_a_blocked_data_class_is_refused_with_the_reason(
    make_gateway: Factory, upstream: Upstream
) -> None:
    live = make_gateway()
    before = len(upstream.fake.received)
    with pytest.raises(openai.PermissionDeniedError) as denied:
        client(live, live.key()).chat.completions.create(
            model="gpt-test", messages=[{"role": "user", "content": "my SSN is 536-90-4399"}]
        )
    assert "US_SSN" in denied.value.message and "536-90-4399" not in denied.value.message
    assert len(upstream.fake.received) == before
    # The same data may go on-prem: the rule names the `external` tag only.
    reply = client(live, live.key()).chat.completions.create(
        model="local", messages=[{"role": "user", "content": "my SSN is 536-90-4399"}]
    )
    assert reply.choices[0].message.content is not None


def test_fallback_skips_failing_targets(make_gateway: Factory, upstream: Upstream) -> None:
    live = make_gateway()
    reply = client(live, live.key()).chat.completions.create(
        model="with-fallback", messages=[{"role": "user", "content": "hello"}]
    )
    assert reply.choices[0].message.content == "You said: hello"
    assert [b["model"] for b in upstream.fake.received[-2:]] == ["flaky", "gpt-echo"]


def test_upstream_failures_never_leak_the_upstream_key(make_gateway: Factory) -> None:
    live = make_gateway()
    api = client(live, live.key())
    with pytest.raises(openai.APIStatusError) as down:
        api.chat.completions.create(model="all-down", messages=[{"role": "user", "content": "x"}])
    assert down.value.status_code == 502
    with pytest.raises(openai.APIStatusError) as leaky:
        api.chat.completions.create(model="leaky", messages=[{"role": "user", "content": "x"}])
    assert leaky.value.status_code == 502
    assert UPSTREAM_KEY not in str(leaky.value.body) and "credentials" in leaky.value.message


def test_the_preview_provider_shows_what_would_leave(make_gateway: Factory) -> None:
    live = make_gateway()
    reply = client(live, live.key()).chat.completions.create(
        model="preview", messages=[{"role": "user", "content": PROMPT}]
    )
    text = reply.choices[0].message.content or ""
    assert "<EMAIL_ADDRESS_1>" in text and EMAIL not in text and AWS not in text


def test_an_upstream_timeout_is_a_504(make_gateway: Factory) -> None:
    live = make_gateway()
    with pytest.raises(openai.APIStatusError) as slow:
        client(live, live.key()).chat.completions.create(
            model="too-slow", messages=[{"role": "user", "content": "x"}]
        )
    assert slow.value.status_code == 504 and "timed out" in slow.value.message


def test_azure_openai_deployments(make_gateway: Factory, upstream: Upstream) -> None:
    live = make_gateway()
    reply = client(live, live.key()).chat.completions.create(
        model="azure-gpt", messages=[{"role": "user", "content": f"mail {EMAIL}"}]
    )
    assert upstream.fake.paths[-1] == "/openai/deployments/my-deployment/chat/completions"
    assert upstream.fake.headers[-1]["api-key"] == UPSTREAM_KEY
    assert reply.choices[0].message.content == f"You said: mail {EMAIL}"


def test_request_logs_are_structured_and_hold_no_values(make_gateway: Factory) -> None:
    import logging
    import threading

    class Collect(logging.Handler):
        """Keeps request records; `done` is set when one arrives.

        The gateway logs a request after the response is sent (latency and cost are
        final then), so the test waits for the record itself rather than for the reply.
        """

        def __init__(self) -> None:
            super().__init__(logging.INFO)
            self.fields: list[dict[str, object]] = []
            self.done = threading.Event()

        def emit(self, record: logging.LogRecord) -> None:
            fields = getattr(record, "fields", None)
            if isinstance(fields, dict):
                self.fields.append(fields)
                self.done.set()

    live = make_gateway()
    logger = logging.getLogger("airlock.gateway")
    handler = Collect()
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        client(live, live.key()).chat.completions.create(
            model="gpt-test", messages=[{"role": "user", "content": PROMPT}]
        )
        assert handler.done.wait(10), "no request log record"
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    fields = handler.fields
    assert fields[-1]["status"] == 200 and fields[-1]["model"] == "gpt-test"
    assert fields[-1]["entities"] == {"EMAIL_ADDRESS": 1, "CREDIT_CARD": 1, "AWS_ACCESS_KEY": 1}
    assert all(v not in json.dumps(fields, default=str) for v in (EMAIL, CARD, AWS))


def test_a_malformed_upstream_stream_ends_with_an_error_event(make_gateway: Factory) -> None:
    live = make_gateway()
    stream = client(live, live.key()).chat.completions.create(
        model="garbage", messages=[{"role": "user", "content": "x"}], stream=True
    )
    with pytest.raises(openai.APIError, match="malformed event"):
        list(stream)
    live.flush()
    from airlock.gateway.audit import export_events
    from airlock.store import open_database

    event = export_events(open_database(live.database_url))[-1]
    assert (event["status"], event["decision"]) == (502, "error")


def test_openai_clients_reach_anthropic_models_by_translation(
    make_gateway: Factory, upstream: Upstream
) -> None:
    live = make_gateway()
    api = client(live, live.key())
    messages = [
        {"role": "system", "content": f"Escalate to {EMAIL}"},
        {"role": "user", "content": "find the owner"},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {"id": "t1", "type": "function", "function": {"name": "who", "arguments": "{}"}}
            ],
        },
        {"role": "tool", "tool_call_id": "t1", "content": f"owner key {AWS}"},
        {"role": "user", "content": PROMPT},
    ]
    reply = api.chat.completions.create(model="claude-test", messages=messages, max_tokens=50)  # type: ignore[arg-type]
    sent = upstream.fake.received[-1]
    assert upstream.fake.paths[-1] == "/v1/messages"
    assert sent["system"] == "Escalate to <EMAIL_ADDRESS_1>" and sent["max_tokens"] == 50
    assert [m["role"] for m in sent["messages"]] == ["user", "assistant", "user"]
    assert sent["messages"][1]["content"][0] == {
        "type": "tool_use",
        "id": "t1",
        "name": "who",
        "input": {},
    }
    assert sent["messages"][2]["content"][0]["content"] == "owner key [AWS_ACCESS_KEY]"
    assert (
        reply.choices[0].message.content is not None and EMAIL in reply.choices[0].message.content
    )
    assert reply.usage is not None and reply.usage.prompt_tokens == 10
    chunks = list(
        api.chat.completions.create(
            model="claude-test",
            messages=messages,
            stream=True,
            stream_options={"include_usage": True},  # type: ignore[arg-type]
        )
    )
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert EMAIL in text and text == reply.choices[0].message.content
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens == 6
