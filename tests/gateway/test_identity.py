"""Keys: hashed, verified in constant time, revoked and expired keys refused; SSO header."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import openai
import pytest
from sqlalchemy import select

from airlock.gateway.keys import KeyCache, create_key, hash_key, list_keys, revoke_key
from airlock.store import open_database
from airlock.store.gateway_models import GatewayKey
from tests.gateway.conftest import Factory, Live, Upstream


def chat(live: Live, key: str, model: str = "gpt-test") -> str | None:
    api = openai.OpenAI(base_url=f"{live.url}/v1", api_key=key, max_retries=0)
    reply = api.chat.completions.create(model=model, messages=[{"role": "user", "content": "hi"}])
    return reply.choices[0].message.content


def test_keys_are_stored_hashed_and_verified(postgres_url: str) -> None:
    engine = open_database(postgres_url)
    created = create_key(engine, user="u@example.com", role="staff", team="eng", rpm=5)
    with engine.connect() as conn:
        stored = conn.execute(select(GatewayKey.key_hash, GatewayKey.key_id)).all()
    assert (hash_key(created.key), created.info.key_id) in stored
    assert all(created.key not in str(row) for row in stored)
    cache = KeyCache()
    cache.reload(engine)
    assert cache.verify(created.key) == created.info
    tampered = created.key[:-1] + ("0" if created.key[-1] != "0" else "1")
    assert cache.verify(tampered) is None
    assert cache.verify("sk-not-ours") is None


def test_revocation_takes_effect_on_the_next_refresh(
    make_gateway: Factory, postgres_url: str
) -> None:
    live = make_gateway(database_url=postgres_url)
    key = live.key()
    assert chat(live, key) == "You said: hi"
    key_id = key.split("_")[1]
    assert revoke_key(open_database(postgres_url), key_id)
    live.loop.run(live.gateway.refresh_once())
    with pytest.raises(openai.AuthenticationError) as refused:
        chat(live, key)
    assert f"API key {key_id} is revoked" in refused.value.message
    assert [k.status() for k in list_keys(open_database(postgres_url)) if k.key_id == key_id] == [
        "revoked"
    ]


def test_expired_keys_are_refused(make_gateway: Factory) -> None:
    live = make_gateway()
    key = live.key(expires_at=datetime.now(UTC) - timedelta(minutes=1))
    with pytest.raises(openai.AuthenticationError) as refused:
        chat(live, key)
    assert "expired" in refused.value.message


def test_a_key_limited_to_some_models_cannot_use_others(make_gateway: Factory) -> None:
    live = make_gateway()
    key = live.key(models=["gpt-*"])
    assert chat(live, key) == "You said: hi"
    with pytest.raises(openai.PermissionDeniedError):
        chat(live, key, model="claude-test")


def test_trusted_sso_header_identifies_the_caller(
    make_gateway: Factory, upstream: Upstream
) -> None:
    live = make_gateway(identity={"user_header": "X-Forwarded-Email", "team_header": "X-Team"})
    api = openai.OpenAI(
        base_url=f"{live.url}/v1",
        api_key="unused",
        max_retries=0,
        default_headers={
            "X-Forwarded-Email": "sso@example.com",
            "X-Team": "eng",
            "Authorization": "",
        },
    )
    api.chat.completions.create(model="gpt-test", messages=[{"role": "user", "content": "hi"}])
    live.flush()
    from airlock.gateway.audit import export_events

    events = export_events(open_database(live.database_url))
    assert (events[-1]["user"], events[-1]["team"], events[-1]["status"]) == (
        "sso@example.com",
        "eng",
        200,
    )


def test_without_a_key_or_trusted_header_the_request_is_refused(make_gateway: Factory) -> None:
    live = make_gateway(
        identity={"user_header": "X-Forwarded-Email", "trusted_proxies": ["10.0.0.1"]}
    )
    api = openai.OpenAI(
        base_url=f"{live.url}/v1",
        api_key="unused",
        max_retries=0,
        default_headers={"X-Forwarded-Email": "forged@example.com", "Authorization": ""},
    )
    with pytest.raises(openai.AuthenticationError):
        api.chat.completions.create(model="gpt-test", messages=[{"role": "user", "content": "x"}])
