"""Audit and usage: one event per request, no raw values, nothing lost on SIGTERM."""

from __future__ import annotations

import asyncio
import json
import logging
import signal
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import openai
import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select

from airlock.gateway.audit import AuditEvent, AuditWriter, export_events
from airlock.gateway.keys import create_key
from airlock.store import open_database
from airlock.store.gateway_models import GatewayPrompt
from tests.gateway.conftest import Factory, Loop, Upstream, http
from tests.gateway.live_process import ServeProcess, write_workspace
from tests.gateway.test_openai_sdk import AWS, CARD, EMAIL, PROMPT


def test_each_request_is_audited_with_counts_and_never_values(make_gateway: Factory) -> None:
    live = make_gateway()
    key = live.key(team="eng", initiative="copilot")
    api = openai.OpenAI(base_url=f"{live.url}/v1", api_key=key, max_retries=0)
    api.chat.completions.create(model="gpt-test", messages=[{"role": "user", "content": PROMPT}])
    with pytest.raises(openai.PermissionDeniedError):
        api.chat.completions.create(
            model="gpt-test", messages=[{"role": "user", "content": "SSN 536-90-4399"}]
        )
    live.flush()
    events = export_events(open_database(live.database_url))
    ok, blocked = events[-2], events[-1]
    assert ok["entities"] == {"EMAIL_ADDRESS": 1, "CREDIT_CARD": 1, "AWS_ACCESS_KEY": 1}
    assert ok["actions"]["EMAIL_ADDRESS:pseudonymize"] == 1
    assert (ok["team"], ok["initiative"], ok["provider"], ok["upstream_model"]) == (
        "eng",
        "copilot",
        "primary",
        "gpt-echo",
    )
    assert (ok["prompt_tokens"], ok["completion_tokens"], ok["tokens_estimated"]) == (11, 7, False)
    assert abs(ok["cost_usd"] - 0.018) < 1e-9
    assert (blocked["decision"], blocked["status"]) == ("blocked", 403)
    dump = json.dumps(events)
    for value in (EMAIL, CARD, AWS, "536-90-4399"):
        assert value not in dump


def test_prompts_are_stored_encrypted_only_when_asked(
    make_gateway: Factory, monkeypatch: object
) -> None:
    key = Fernet.generate_key()
    monkeypatch.setenv("AIRLOCK_PROMPT_KEY", key.decode())  # type: ignore[attr-defined]
    live = make_gateway(audit={"store_prompts": True, "flush_interval_s": 0.05})
    api = openai.OpenAI(base_url=f"{live.url}/v1", api_key=live.key(), max_retries=0)
    api.chat.completions.create(model="gpt-test", messages=[{"role": "user", "content": PROMPT}])
    live.flush()
    with open_database(live.database_url).connect() as conn:
        sealed = conn.execute(select(GatewayPrompt.ciphertext)).scalars().all()
    assert len(sealed) == 1 and EMAIL not in sealed[0]
    assert EMAIL in Fernet(key).decrypt(sealed[0].encode()).decode()


def test_metrics_health_and_readiness(make_gateway: Factory) -> None:
    live = make_gateway()
    api = openai.OpenAI(base_url=f"{live.url}/v1", api_key=live.key(), max_retries=0)
    api.chat.completions.create(model="gpt-test", messages=[{"role": "user", "content": PROMPT}])
    assert http("GET", f"{live.url}/healthz")[0] == 200
    assert http("GET", f"{live.url}/readyz")[0] == 200
    status, headers, body = http("GET", f"{live.url}/metrics")
    text = body.decode()
    assert status == 200 and headers["content-type"].startswith("text/plain")
    for line in (
        'airlock_dlp_actions_total{entity="EMAIL_ADDRESS",action="pseudonymize"}',
        'airlock_tokens_total{model="gpt-test",direction="input"}',
        "airlock_request_seconds_bucket",
        "airlock_upstream_seconds_count",
        "airlock_cost_usd_total",
    ):
        assert line in text


def test_sigterm_writes_every_queued_event(tmp_path: Path, upstream: Upstream) -> None:
    home = tmp_path / "ws"
    write_workspace(
        home,
        {
            "providers": {"up": {"kind": "openai", "base_url": f"{upstream.url}/v1"}},
            "models": {"gpt-test": {"targets": ["up/gpt-echo"]}},
            # Nothing is written before shutdown: the test sees only what SIGTERM flushed.
            "audit": {"flush_interval_s": 3600, "batch_size": 100000},
        },
    )
    env = {"AIRLOCK_DATABASE_URL": ""}
    database = f"sqlite:///{(home / 'airlock.db').resolve()}"
    key = create_key(open_database(database), user="t@example.com", role="default").key
    serve = ServeProcess(home, env)
    body = json.dumps({"model": "gpt-test", "messages": [{"role": "user", "content": PROMPT}]})
    try:
        for _ in range(25):
            status = http(
                "POST",
                f"{serve.url}/v1/chat/completions",
                body.encode(),
                {"authorization": f"Bearer {key}"},
            )[0]
            assert status == 200
        assert export_events(open_database(database)) == []
        # uvicorn stops gracefully, then re-raises SIGTERM so the exit status tells why.
        assert serve.terminate() in (0, -15)
    finally:
        serve.kill()
    events = export_events(open_database(database))
    assert len(events) == 25 and all(e["status"] == 200 for e in events)
    exported = subprocess.run(
        [str(Path(sys.executable).parent / "airlock"), "audit", "export"],
        env={"AIRLOCK_HOME": str(home), "PATH": ""},
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert len(exported.splitlines()) == 25 and EMAIL not in exported


def test_close_writes_everything_even_while_the_writer_is_busy(tmp_path: Path) -> None:
    # Regression: cancelling the writer raced with its wake-up on Python 3.11 and hung.
    database = open_database(f"sqlite:///{tmp_path / 'a.db'}")

    async def run() -> int:
        writer = AuditWriter(database, batch_size=7, interval_s=60)
        writer.start()
        for i in range(1000):
            writer.add(AuditEvent(f"r{i}", datetime.now(UTC), "chat", "m"))
            if i % 100 == 0:
                await asyncio.sleep(0)  # let the writer run between bursts
        await asyncio.wait_for(writer.close(), 30)
        return writer.written

    assert asyncio.run(run()) == 1000
    assert len(export_events(database)) == 1000


def test_sigterm_finishes_the_request_in_flight_and_records_it(
    tmp_path: Path, upstream: Upstream, loop: Loop
) -> None:
    home = tmp_path / "ws"
    write_workspace(
        home,
        {
            "providers": {"up": {"kind": "openai", "base_url": f"{upstream.url}/v1"}},
            "models": {"gpt-held": {"targets": ["up/held"]}},
            "audit": {"flush_interval_s": 3600, "batch_size": 100000},
        },
    )
    database = f"sqlite:///{(home / 'airlock.db').resolve()}"
    key = create_key(open_database(database), user="t@example.com", role="default").key
    serve = ServeProcess(home, {"AIRLOCK_DATABASE_URL": ""})
    body = json.dumps({"model": "gpt-held", "messages": [{"role": "user", "content": "hi"}]})
    answers: list[int] = []
    client = threading.Thread(
        target=lambda: answers.append(
            http(
                "POST",
                f"{serve.url}/v1/chat/completions",
                body.encode(),
                {"authorization": f"Bearer {key}"},
            )[0]
        )
    )
    upstream.fake.held.clear()
    try:
        client.start()
        assert upstream.fake.held.wait(30), "the request never reached the upstream"
        serve.proc.send_signal(signal.SIGTERM)
        # The gateway has begun stopping once it refuses new connections; only then may
        # the upstream answer, so the request is truly in flight across the signal.
        with pytest.raises(OSError):
            for _ in range(10_000):
                http("GET", f"{serve.url}/healthz")
        upstream.fake.release(loop.loop)
        client.join(30)
        assert serve.proc.wait(30) in (0, -15)
    finally:
        serve.kill()
    assert answers == [200]
    (event,) = export_events(open_database(database))
    assert event["status"] == 200 and event["model"] == "gpt-held"


def test_overlong_names_do_not_block_the_audit_on_postgresql(
    make_gateway: Factory, postgres_url: str
) -> None:
    live = make_gateway(database_url=postgres_url, models={"*": {"targets": ["primary/*"]}})
    key = live.key(team="t" * 200)
    api = openai.OpenAI(base_url=f"{live.url}/v1", api_key=key, max_retries=0)
    long_name = "m" * 300  # passed through by the wildcard route; longer than the column
    api.chat.completions.create(model=long_name, messages=[{"role": "user", "content": "x"}])
    api.chat.completions.create(model="gpt-echo", messages=[{"role": "user", "content": "y"}])
    live.flush()
    mine = [e for e in export_events(open_database(postgres_url)) if e["key_id"] == key[4:16]]
    assert sorted(e["model"] for e in mine) == ["gpt-echo", "m" * 200]


def test_a_missing_upstream_key_is_reported_at_start(
    make_gateway: Factory, upstream: Upstream, caplog: pytest.LogCaptureFixture
) -> None:
    nokey = {"kind": "openai", "base_url": f"{upstream.url}/v1", "api_key_env": "AIRLOCK_T_NONE"}
    with caplog.at_level(logging.WARNING, logger="airlock"):
        make_gateway(providers={"nokey": nokey}, models={})
    assert "provider nokey: AIRLOCK_T_NONE is not set" in caplog.text
