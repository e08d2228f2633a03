"""Live servers on loopback: a fake provider upstream and the gateway, in one background loop."""

from __future__ import annotations

import asyncio
import os
import socket
import threading
import uuid
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from aiohttp import web

from airlock.detect import Engine
from airlock.gateway.app import Gateway
from airlock.gateway.config import GatewayConfig
from airlock.gateway.keys import create_key
from airlock.policy import PolicyStore
from airlock.store import open_database
from tests.conftest import _unavailable
from tests.gateway.fake_upstream import UPSTREAM_KEY, FakeUpstream

REDIS_URL = os.environ.get("AIRLOCK_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")

POLICY = """\
version: 1
default_role: staff
roles:
  staff: {models: ["*"]}
  intern: {models: ["gpt-test"]}
rules:
  - {data: EMAIL_ADDRESS, action: pseudonymize}
  - {data: PERSON, action: pseudonymize}
  - {data: financial, action: mask}
  - {data: credential, action: redact}
  - {data: US_SSN, destination: external, action: block}
limits:
  teams:
    capped: {rpm: 2}
"""


class Loop:
    """An event loop in a thread, to host servers while tests use blocking SDK clients."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coro: Coroutine[Any, Any, Any], timeout: float = 30) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


@pytest.fixture(scope="session")
def loop() -> Iterator[Loop]:
    live = Loop()
    yield live
    live.stop()


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine()


@dataclass
class Upstream:
    fake: FakeUpstream
    url: str


@pytest.fixture(scope="session")
def upstream(loop: Loop) -> Iterator[Upstream]:
    fake = FakeUpstream()
    runner = web.AppRunner(fake.app)

    async def start() -> int:
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        return int(site._server.sockets[0].getsockname()[1])  # type: ignore[union-attr]

    port = loop.run(start())
    yield Upstream(fake, f"http://127.0.0.1:{port}")
    loop.run(runner.cleanup())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def gateway_config(upstream_url: str, **overrides: Any) -> GatewayConfig:
    dead = f"http://127.0.0.1:{_free_port()}"
    data: dict[str, Any] = {
        "providers": {
            "primary": {
                "kind": "openai",
                "base_url": f"{upstream_url}/v1",
                "api_key_env": "FAKE_UPSTREAM_KEY",
            },
            "claude": {
                "kind": "anthropic",
                "base_url": upstream_url,
                "api_key_env": "FAKE_UPSTREAM_KEY",
            },
            "dead": {"kind": "openai", "base_url": f"{dead}/v1", "connect_timeout_s": 1},
            "onprem": {"kind": "openai", "base_url": f"{upstream_url}/v1", "tags": ["on-prem"]},
            "azure": {
                "kind": "azure",
                "base_url": upstream_url,
                "api_key_env": "FAKE_UPSTREAM_KEY",
                "api_version": "2024-10-21",
            },
            "hasty": {"kind": "openai", "base_url": f"{upstream_url}/v1", "timeout_s": 0.3},
        },
        "models": {
            "gpt-test": {"targets": ["primary/gpt-echo"]},
            "with-fallback": {"targets": ["dead/x", "primary/flaky", "primary/gpt-echo"]},
            "all-down": {"targets": ["dead/x", "primary/broken"]},
            "leaky": {"targets": ["primary/unauthorized"]},
            "claude-test": {"targets": ["claude/claude-echo"]},
            "local": {"targets": ["onprem/local-echo"]},
            "preview": {"targets": ["preview/preview"]},
            "too-slow": {"targets": ["hasty/slow"]},
            "azure-gpt": {"targets": ["azure/my-deployment"]},
            "garbage": {"targets": ["primary/garbage"]},
        },
        "prices": {"gpt-echo": {"input": 1000.0, "output": 1000.0}},
        "audit": {"flush_interval_s": 0.05},
        "refresh_interval_s": 0.05,
    }
    data.update(overrides)
    return GatewayConfig.model_validate(data)


@dataclass
class Live:
    gateway: Gateway
    url: str
    database_url: str
    policy_path: Path
    loop: Loop

    def key(self, **fields: Any) -> str:
        fields.setdefault("user", "alice@example.com")
        fields.setdefault("role", "staff")
        assert self.gateway.database is not None
        created = create_key(self.gateway.database, **fields)
        self.loop.run(self.refresh_keys())
        return created.key

    async def refresh_keys(self) -> None:
        assert self.gateway.database is not None
        await asyncio.get_running_loop().run_in_executor(
            None, self.gateway.keys.reload, self.gateway.database
        )

    def flush(self) -> None:
        assert self.gateway.audit is not None
        self.loop.run(self.gateway.audit.flush())


Factory = Callable[..., Live]


@pytest.fixture
def make_gateway(
    loop: Loop, engine: Engine, upstream: Upstream, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Factory]:
    """Start gateways on free ports; stopped (and audit flushed) after the test."""
    monkeypatch.setenv("FAKE_UPSTREAM_KEY", UPSTREAM_KEY)
    yield from _gateways(loop, engine, upstream, tmp_path)


@pytest.fixture(scope="module")
def make_gateway_module(
    loop: Loop, engine: Engine, upstream: Upstream, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Factory]:
    """`make_gateway` for a whole module (fuzzing reuses one gateway)."""
    yield from _gateways(loop, engine, upstream, tmp_path_factory.mktemp("gw"))


def _gateways(loop: Loop, engine: Engine, upstream: Upstream, tmp_path: Path) -> Iterator[Factory]:
    started: list[tuple[uvicorn.Server, asyncio.Future[Any]]] = []
    upstream.fake.fail_models.update({"broken": 500, "flaky": 503, "unauthorized": 401})
    upstream.fake.slow_models.add("slow")

    def factory(
        *,
        policy: str = POLICY,
        database_url: str | None = None,
        redis_url: str | None = None,
        **overrides: Any,
    ) -> Live:
        policy_path = tmp_path / f"policy-{uuid.uuid4().hex[:6]}.yaml"
        policy_path.write_text(policy)
        url = database_url or f"sqlite:///{tmp_path / uuid.uuid4().hex}.db"
        config = gateway_config(upstream.url, **overrides)
        gateway = Gateway(
            config,
            engine=engine,
            policy=PolicyStore(policy_path),
            database=open_database(url),
            redis_url=redis_url,
        )
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        server = uvicorn.Server(
            uvicorn.Config(
                gateway, lifespan="on", log_level="warning", access_log=False, http="httptools"
            )
        )

        async def serve() -> None:
            await server.serve(sockets=[sock])

        future = asyncio.run_coroutine_threadsafe(serve(), loop.loop)
        started.append((server, future))  # type: ignore[arg-type]

        async def wait_started() -> None:
            while not server.started:
                if future.done():
                    future.result()
                await asyncio.sleep(0.01)

        loop.run(wait_started())
        return Live(gateway, f"http://127.0.0.1:{port}", url, policy_path, loop)

    yield factory
    for server, future in started:
        server.should_exit = True
        future.result(15)


@pytest.fixture
def redis_url() -> Iterator[str]:
    """A real Redis database for the test; every key it made is removed afterwards."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except Exception as exc:
        _unavailable("Redis", exc)
    prefix_before = set(client.keys("airlock:*"))
    yield REDIS_URL
    for key in set(client.keys("airlock:*")) - prefix_before:
        client.delete(key)
    client.close()


def http(
    method: str, url: str, body: bytes = b"", headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    """One raw HTTP request (for what SDKs refuse to send: broken JSON, huge bodies)."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.request(method, parts.path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, dict(resp.getheaders()), resp.read()
    finally:
        conn.close()
