"""Rate limits and budgets: exact under concurrency, shared through Redis by replicas."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import openai
import pytest

from airlock.gateway.keys import create_key
from airlock.gateway.limits import Check, MemoryLimiter, RedisLimiter
from airlock.store import open_database
from tests.gateway.conftest import Factory, Upstream, http
from tests.gateway.live_process import ServeProcess, write_workspace


def test_memory_rate_limit_admits_exactly_rpm_under_concurrency() -> None:
    async def run() -> list[str | None]:
        limiter = MemoryLimiter()
        check = [Check("key:k", rpm=10, budget_usd=None)]
        return await asyncio.gather(*(limiter.admit(check) for _ in range(50)))

    results = asyncio.run(run())
    assert results.count(None) == 10
    assert all("10 requests per minute" in r for r in results if r)


def test_redis_rate_limit_is_shared_between_limiters(redis_url: str) -> None:
    async def run() -> list[str | None]:
        a, b = RedisLimiter(redis_url), RedisLimiter(redis_url)
        check = [Check("key:shared-test-rpm", rpm=7, budget_usd=None)]
        try:
            return await asyncio.gather(*(x.admit(check) for _ in range(20) for x in (a, b)))
        finally:
            await a.close()
            await b.close()

    assert asyncio.run(run()).count(None) == 7


def test_redis_budget_counts_spend_and_refuses_past_it(redis_url: str) -> None:
    async def run() -> tuple[str | None, str | None]:
        limiter = RedisLimiter(redis_url)
        check = [Check("team:budget-test", rpm=None, budget_usd=1.0)]
        try:
            first = await limiter.admit(check)
            await limiter.charge(["team:budget-test"], 0.6)
            await limiter.charge(["team:budget-test"], 0.4)
            return first, await limiter.admit(check)
        finally:
            await limiter.close()

    first, after = asyncio.run(run())
    assert first is None and after is not None and "monthly budget of 1.00 USD" in after


@pytest.mark.parametrize("store", ["memory+sqlite", "redis+postgres"])
def test_budget_refuses_once_spent(
    make_gateway: Factory, upstream: Upstream, store: str, request: pytest.FixtureRequest
) -> None:
    if store == "memory+sqlite":
        live = make_gateway()
    else:
        live = make_gateway(
            database_url=request.getfixturevalue("postgres_url"),
            redis_url=request.getfixturevalue("redis_url"),
        )
    # 18 tokens at 1000 USD per million = 0.018 USD a request: the third crosses 0.05.
    api = openai.OpenAI(
        base_url=f"{live.url}/v1", api_key=live.key(budget_usd_month=0.05), max_retries=0
    )
    for _ in range(3):
        api.chat.completions.create(model="gpt-test", messages=[{"role": "user", "content": "x"}])
    sent = len(upstream.fake.received)
    with pytest.raises(openai.RateLimitError) as refused:
        api.chat.completions.create(model="gpt-test", messages=[{"role": "user", "content": "x"}])
    assert refused.value.code == "budget_exceeded"
    assert len(upstream.fake.received) == sent


def test_team_rate_limit_from_the_policy(make_gateway: Factory) -> None:
    live = make_gateway()
    keys = [live.key(team="capped"), live.key(team="capped")]
    statuses = []
    for i in range(4):
        api = openai.OpenAI(base_url=f"{live.url}/v1", api_key=keys[i % 2], max_retries=0)
        try:
            api.chat.completions.create(
                model="gpt-test", messages=[{"role": "user", "content": "x"}]
            )
            statuses.append(200)
        except openai.RateLimitError:
            statuses.append(429)
    assert statuses == [200, 200, 429, 429]


def test_two_gateway_processes_share_limits_through_redis(
    tmp_path: Path, upstream: Upstream, redis_url: str, postgres_url: str
) -> None:
    home = tmp_path / "ws"
    write_workspace(
        home,
        {
            "providers": {"up": {"kind": "openai", "base_url": f"{upstream.url}/v1"}},
            "models": {"gpt-test": {"targets": ["up/gpt-echo"]}},
        },
    )
    key = create_key(open_database(postgres_url), user="r@example.com", role="default", rpm=3).key
    env = {"AIRLOCK_REDIS_URL": redis_url, "AIRLOCK_DATABASE_URL": postgres_url}
    replicas = [ServeProcess(home, env), ServeProcess(home, env)]
    try:
        body = json.dumps({"model": "gpt-test", "messages": [{"role": "user", "content": "hi"}]})
        statuses = [
            http(
                "POST",
                f"{replicas[i % 2].url}/v1/chat/completions",
                body.encode(),
                {"authorization": f"Bearer {key}", "content-type": "application/json"},
            )[0]
            for i in range(6)
        ]
    finally:
        for replica in replicas:
            replica.terminate()
    assert sorted(statuses) == [200, 200, 200, 429, 429, 429]


@pytest.mark.parametrize("store", ["memory", "redis"])
def test_concurrent_spend_passes_the_budget_only_by_what_is_in_flight(
    store: str, request: pytest.FixtureRequest
) -> None:
    budget, price, workers = 1.0, 0.07, 8
    scope = f"team:concurrent-{store}"

    async def run() -> tuple[float, int]:
        limiter = (
            RedisLimiter(request.getfixturevalue("redis_url"))
            if store == "redis"
            else MemoryLimiter()
        )
        spent, refused = 0.0, 0
        check = [Check(scope, rpm=None, budget_usd=budget)]

        async def worker() -> None:
            nonlocal spent, refused
            while await limiter.admit(check) is None:
                await asyncio.sleep(0)  # the upstream call: other requests run meanwhile
                await limiter.charge([scope], price)
                spent += price
            refused += 1

        try:
            await asyncio.gather(*(worker() for _ in range(workers)))
        finally:
            await limiter.close()
        return spent, refused

    spent, refused = asyncio.run(run())
    assert refused == workers
    assert budget <= spent <= budget + workers * price + 1e-9
