"""Fail closed: malformed or unscannable requests are refused in the API's own error shape,
and nothing reaches the upstream; what the gateway says and logs holds no detected value."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from typing import Any

import pytest

from airlock.detect import Engine, Finding
from airlock.detect.detector import Detector, Hit
from airlock.detect.document import Document
from airlock.gateway.audit import export_events
from airlock.gateway.scancache import ScanCache
from airlock.store import open_database
from tests.gateway.conftest import POLICY, Factory, Upstream, http

EMAIL = "jane.doe@example.com"
CHAT, RESP, MSG, EMB = "/v1/chat/completions", "/v1/responses", "/v1/messages", "/v1/embeddings"


def _user(content: Any) -> list[dict[str, Any]]:
    return [{"role": "user", "content": content}]


def _call(arguments: Any) -> dict[str, Any]:
    return {"id": "c1", "type": "function", "function": {"name": "f", "arguments": arguments}}


def _msg(content: Any, **extra: Any) -> dict[str, Any]:
    return {"model": "claude-test", "max_tokens": 9, "messages": _user(content), **extra}


MALFORMED: list[tuple[str, str, Any]] = [
    ("content is a number", CHAT, {"model": "gpt-test", "messages": _user(42)}),
    ("messages not a list", CHAT, {"model": "gpt-test", "messages": {"role": "user"}}),
    (
        "tool arguments not a string",
        CHAT,
        {
            "model": "gpt-test",
            "messages": [{"role": "assistant", "content": None, "tool_calls": [_call({"q": 1})]}],
        },
    ),
    (
        "legacy function_call arguments not a string",
        CHAT,
        {
            "model": "gpt-test",
            "messages": [
                {"role": "assistant", "function_call": {"name": "f", "arguments": {"q": EMAIL}}}
            ],
        },
    ),
    ("text part not a string", CHAT, {"model": "gpt-test", "messages": _user([{"text": 1}])}),
    ("responses input a number", RESP, {"model": "gpt-test", "input": 7}),
    (
        "function_call arguments an object",
        RESP,
        {
            "model": "gpt-test",
            "input": [{"type": "function_call", "call_id": "c", "name": "f", "arguments": {}}],
        },
    ),
    (
        "function_call_output an object",
        RESP,
        {
            "model": "gpt-test",
            "input": [{"type": "function_call_output", "call_id": "c", "output": {"a": EMAIL}}],
        },
    ),
    (
        "tool_use input a string",
        MSG,
        _msg([{"type": "tool_use", "id": "t", "name": "f", "input": EMAIL}]),
    ),
    (
        "tool_result content a number",
        MSG,
        _msg([{"type": "tool_result", "tool_use_id": "t", "content": 5}]),
    ),
    ("system a number", MSG, _msg("hi", system=3)),
    (
        "text document without data",
        MSG,
        _msg([{"type": "document", "source": {"type": "text", "data": 1}}]),
    ),
    ("token ids for embeddings", EMB, {"model": "gpt-test", "input": [[1, 2, 3]]}),
]


def _shape(path: str, body: bytes) -> str:
    """The error type, checking the error is in the shape of the API that was called."""
    data = json.loads(body)
    if path == MSG:
        assert data["type"] == "error" and set(data["error"]) == {"type", "message"}
        return str(data["error"]["type"])
    assert set(data["error"]) == {"message", "type", "param", "code"}
    return str(data["error"]["type"])


@pytest.mark.parametrize(("case", "path", "body"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_requests_are_refused_and_nothing_is_forwarded(
    make_gateway_module: Factory, upstream: Upstream, case: str, path: str, body: Any
) -> None:
    live = make_gateway_module()
    before = len(upstream.fake.received)
    headers = {"authorization": f"Bearer {live.key()}", "content-type": "application/json"}
    status, _, answer = http("POST", f"{live.url}{path}", json.dumps(body).encode(), headers)
    assert status == 400, (case, answer)
    assert _shape(path, answer) == "invalid_request_error"
    assert EMAIL not in answer.decode()
    assert len(upstream.fake.received) == before


@pytest.mark.parametrize(
    ("path", "raw", "headers", "status", "kind"),
    [
        (CHAT, b"{not json", {}, 400, "invalid_request_error"),
        (MSG, b"{not json", {}, 400, "invalid_request_error"),
        (CHAT, json.dumps({"model": "nope", "messages": _user("x")}).encode(), {}, 404, None),
        (MSG, json.dumps(_msg("x") | {"model": "nope"}).encode(), {}, 404, "not_found_error"),
        (CHAT, b'{"model": "gpt-test", "messages": []}' + b" " * 5_000_000, {}, 413, None),
        (MSG, b" " * 5_000_000, {}, 413, "request_too_large"),
        (CHAT, b"{}", {"authorization": ""}, 401, "authentication_error"),
        (MSG, b"{}", {"authorization": "", "x-api-key": "alk_nope"}, 401, "authentication_error"),
    ],
)
def test_refusals_come_in_the_apis_shape_and_forward_nothing(
    make_gateway_module: Factory,
    upstream: Upstream,
    path: str,
    raw: bytes,
    headers: dict[str, str],
    status: int,
    kind: str | None,
) -> None:
    live = make_gateway_module()
    before = len(upstream.fake.received)
    sent = {"authorization": f"Bearer {live.key()}", **headers}
    got, answer_headers, answer = http("POST", f"{live.url}{path}", raw, sent)
    assert got == status
    assert _shape(path, answer) == (kind or "invalid_request_error")
    assert answer_headers.get("x-request-id")
    assert len(upstream.fake.received) == before


@pytest.mark.parametrize("header", ["authorization", "x-api-key", "api-key"])
def test_keys_pasted_with_whitespace_are_accepted(
    make_gateway_module: Factory, header: str
) -> None:
    live = make_gateway_module()
    key = live.key()
    value = f"Bearer  {key} \t" if header == "authorization" else f" {key}\t"
    body = json.dumps({"model": "gpt-test", "messages": _user("hi")}).encode()
    assert http("POST", f"{live.url}{CHAT}", body, {header: value})[0] == 200


class QuotingDetector(Detector):
    """A buggy custom detector whose exception quotes the text it was given."""

    name = "quoting"
    entities = ()

    def find(self, doc: Document, hits: Sequence[Hit]) -> Iterable[Finding]:
        raise ValueError(f"cannot parse {doc.text!r}")


def test_a_detector_failure_forwards_nothing_and_logs_no_value(
    make_gateway: Factory, upstream: Upstream, caplog: pytest.LogCaptureFixture
) -> None:
    live = make_gateway()
    broken = Engine()
    broken._detectors.append(QuotingDetector())
    broken._always.append(len(broken._detectors) - 1)
    live.gateway.scanner = ScanCache(broken)
    before = len(upstream.fake.received)
    body = json.dumps(_msg(f"mail {EMAIL}")).encode()
    with caplog.at_level(logging.DEBUG, logger="airlock"):
        status, _, answer = http("POST", f"{live.url}{MSG}", body, {"x-api-key": live.key()})
    assert status == 500 and _shape(MSG, answer) == "api_error"
    assert "nothing was sent" in json.loads(answer)["error"]["message"]
    assert len(upstream.fake.received) == before
    # Formatted as the text log format would (tracebacks included): still no value.
    text = "\n".join(logging.Formatter().format(r) for r in caplog.records)
    assert "scan failed" in text and "QuotingDetector" not in text and EMAIL not in text
    live.flush()
    (event,) = export_events(open_database(live.database_url))
    assert event["decision"] == "error" and EMAIL not in json.dumps(event)


ONPREM_ALLOWED = POLICY.replace(
    "  - {data: EMAIL_ADDRESS, action: pseudonymize}",
    "  - {data: EMAIL_ADDRESS, action: pseudonymize}\n"
    "  - {data: EMAIL_ADDRESS, destination: on-prem, action: allow}",
)


def test_upstream_errors_quoting_the_prompt_are_scrubbed(
    make_gateway: Factory, upstream: Upstream, caplog: pytest.LogCaptureFixture
) -> None:
    # E-mails may go to the on-prem model as written; its error echoes them back.
    live = make_gateway(
        policy=ONPREM_ALLOWED, models={"local-bad": {"targets": ["onprem/echo-error"]}}
    )
    body = json.dumps({"model": "local-bad", "messages": _user(f"mail {EMAIL}")}).encode()
    with caplog.at_level(logging.DEBUG, logger="airlock"):
        status, _, answer = http("POST", f"{live.url}{CHAT}", body, {"api-key": live.key()})
    assert EMAIL in json.dumps(upstream.fake.received[-1])  # the policy let it through
    assert status == 400 and "[EMAIL_ADDRESS]" in answer.decode()
    assert EMAIL not in answer.decode()
    live.flush()
    (event,) = export_events(open_database(live.database_url))
    assert "[EMAIL_ADDRESS]" in event["reason"] and EMAIL not in json.dumps(event)
    assert EMAIL not in "\n".join(logging.Formatter().format(r) for r in caplog.records)


def test_made_up_model_names_stay_out_of_metric_labels(make_gateway_module: Factory) -> None:
    live = make_gateway_module()
    body = json.dumps({"model": EMAIL, "messages": _user("hi")}).encode()
    assert http("POST", f"{live.url}{CHAT}", body, {"api-key": live.key()})[0] == 404
    metrics = http("GET", f"{live.url}/metrics")[2].decode()
    assert EMAIL not in metrics and 'model="other"' in metrics


@pytest.mark.parametrize(("depth", "status"), [(200, 200), (900, 400)])
def test_deeply_nested_tool_input_is_governed_or_refused(
    make_gateway_module: Factory, upstream: Upstream, depth: int, status: int
) -> None:
    live = make_gateway_module()
    before = len(upstream.fake.received)
    nested: Any = {"leaf": f"mail {EMAIL}"}
    for _ in range(depth):
        nested = {"n": nested}
    block = {"type": "tool_use", "id": "t", "name": "f", "input": nested}
    body = _msg([{"type": "text", "text": "hi"}])
    body["messages"] = [{"role": "assistant", "content": [block]}, *_user("go on")]
    got, _, _ = http(
        "POST", f"{live.url}{MSG}", json.dumps(body).encode(), {"x-api-key": live.key()}
    )
    assert got == status
    forwarded = upstream.fake.received[before:]
    assert len(forwarded) == (status == 200) and EMAIL not in json.dumps(forwarded)
