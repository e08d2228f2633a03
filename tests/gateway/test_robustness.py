"""Fail closed, hot reload, and a fuzzed HTTP API: nothing malformed is ever forwarded."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence

import openai
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from airlock.detect import Engine, Finding
from airlock.detect.detector import Detector, Hit
from airlock.detect.document import Document
from airlock.gateway.scancache import ScanCache
from tests.gateway.conftest import Factory, Live, Upstream, http


class CrashingDetector(Detector):
    """A detector with a bug, as a custom detector could have."""

    name = "crashes"
    entities = ()

    def find(self, doc: Document, hits: Sequence[Hit]) -> Iterable[Finding]:
        raise RuntimeError("bug in a detector")


def test_a_failing_scan_forwards_nothing(make_gateway: Factory, upstream: Upstream) -> None:
    live = make_gateway()
    broken = Engine()
    broken._detectors.append(CrashingDetector())
    broken._always.append(len(broken._detectors) - 1)
    live.gateway.scanner = ScanCache(broken)
    before = len(upstream.fake.received)
    api = openai.OpenAI(base_url=f"{live.url}/v1", api_key=live.key(), max_retries=0)
    with pytest.raises(openai.InternalServerError) as failed:
        api.chat.completions.create(model="gpt-test", messages=[{"role": "user", "content": "hi"}])
    assert failed.value.code == "scan_failed" and "nothing was sent" in failed.value.message
    assert len(upstream.fake.received) == before


def test_policy_changes_apply_without_restart(make_gateway: Factory, upstream: Upstream) -> None:
    live = make_gateway()
    api = openai.OpenAI(base_url=f"{live.url}/v1", api_key=live.key(), max_retries=0)
    ask = [{"role": "user", "content": "mail jane.doe@example.com"}]
    api.chat.completions.create(model="gpt-test", messages=ask)  # type: ignore[arg-type]
    assert upstream.fake.received[-1]["messages"][0]["content"] == "mail <EMAIL_ADDRESS_1>"
    text = live.policy_path.read_text().replace(
        "{data: EMAIL_ADDRESS, action: pseudonymize}", "{data: EMAIL_ADDRESS, action: redact}"
    )
    live.policy_path.write_text(text)
    os.utime(live.policy_path, ns=(1, 10**18))
    live.loop.run(live.gateway.refresh_once())
    api.chat.completions.create(model="gpt-test", messages=ask)  # type: ignore[arg-type]
    assert upstream.fake.received[-1]["messages"][0]["content"] == "mail [EMAIL_ADDRESS]"


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)
FIELDS = {
    "model": st.sampled_from(["gpt-test", "claude-test", "", 3, None]),
    "messages": JSON
    | st.lists(
        st.fixed_dictionaries({"role": st.sampled_from(["user", "system", 1]), "content": JSON}),
        max_size=3,
    ),
    "input": JSON,
    "stream": JSON,
    "max_tokens": st.integers() | JSON,
    "tools": JSON,
    "system": JSON,
}
BODIES = st.fixed_dictionaries({}, optional=FIELDS) | JSON
PATHS = ["/v1/chat/completions", "/v1/responses", "/v1/embeddings", "/v1/messages"]


@pytest.fixture(scope="module")
def fuzz_target(make_gateway_module: Factory) -> tuple[Live, str]:
    live = make_gateway_module()
    return live, live.key()


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(path=st.sampled_from(PATHS), body=BODIES)
def test_fuzzed_requests_get_clear_errors_never_a_crash(
    fuzz_target: tuple[Live, str], path: str, body: object
) -> None:
    live, key = fuzz_target
    status, headers, raw = http(
        "POST", f"{live.url}{path}", json.dumps(body).encode(), {"authorization": f"Bearer {key}"}
    )
    assert status in (200, 400, 403, 404), raw
    if status != 200:
        payload = json.loads(raw)
        if path == "/v1/messages":
            assert payload["type"] == "error" and payload["error"]["message"]
        else:
            assert payload["error"]["message"] and payload["error"]["type"]
    elif headers.get("content-type", "").startswith("application/json"):
        json.loads(raw)


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(raw=st.binary(max_size=200))
def test_fuzzed_bytes_are_refused_cleanly(fuzz_target: tuple[Live, str], raw: bytes) -> None:
    live, key = fuzz_target
    status, _, body = http(
        "POST", f"{live.url}/v1/chat/completions", raw, {"authorization": f"Bearer {key}"}
    )
    assert status in (400, 404, 403, 200)
    json.loads(body)
