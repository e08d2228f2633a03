"""The scan cache: a conversation's history is scanned once, findings stay identical."""

from __future__ import annotations

import openai

from airlock.detect import Engine
from airlock.gateway.scancache import ScanCache
from tests.gateway.conftest import Factory, Upstream

LONG = "Contract notes for the renewal. " * 10 + "Contact jane.doe@example.com today."


def test_repeated_texts_are_served_from_the_cache(engine: Engine) -> None:
    cache = ScanCache(engine, entries=2)
    first = cache.scan(LONG)
    assert cache.scan(LONG) == first == tuple(engine.scan(LONG))
    assert (cache.hits, cache.misses) == (1, 1)
    cache.scan(LONG + " one")
    cache.scan(LONG + " two")  # evicts the least recently used entry: LONG
    cache.scan(LONG)
    assert cache.misses == 4


def test_short_texts_and_a_disabled_cache_scan_every_time(engine: Engine) -> None:
    cache = ScanCache(engine, entries=0)
    cache.scan(LONG)
    cache.scan(LONG)
    assert (cache.hits, cache.misses) == (0, 0)


def test_history_is_governed_the_same_way_on_every_turn(
    make_gateway: Factory, upstream: Upstream
) -> None:
    live = make_gateway()
    api = openai.OpenAI(base_url=f"{live.url}/v1", api_key=live.key(), max_retries=0)
    history = [{"role": "user", "content": LONG}]
    api.chat.completions.create(model="gpt-test", messages=history)  # type: ignore[arg-type]
    first = upstream.fake.received[-1]["messages"][0]["content"]
    history += [
        {"role": "assistant", "content": "Noted."},
        {"role": "user", "content": "And mail bob@example.org too."},
    ]
    api.chat.completions.create(model="gpt-test", messages=history)  # type: ignore[arg-type]
    sent = upstream.fake.received[-1]["messages"]
    assert sent[0]["content"] == first and "jane.doe" not in first
    assert sent[2]["content"] == "And mail <EMAIL_ADDRESS_2> too."
    assert live.gateway.scanner.hits >= 1
