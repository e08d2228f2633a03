"""The gateway process: its state, its lifespan, and the raw ASGI dispatcher."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
from typing import TYPE_CHECKING, Any

import aiohttp
import orjson

from airlock.gateway.audit import AuditEvent, AuditWriter, PromptSealer, month_spend, prune
from airlock.gateway.config import GatewayConfig
from airlock.gateway.errors import GatewayError
from airlock.gateway.http import Receive, Scope, Send, send_bytes
from airlock.gateway.identity import authenticate
from airlock.gateway.keys import KeyCache, keys_version
from airlock.gateway.limits import Limiter, MemoryLimiter, RedisLimiter
from airlock.gateway.metrics import Metrics
from airlock.gateway.pipeline import handle
from airlock.gateway.router import Router
from airlock.gateway.routes.base import Api
from airlock.gateway.routes.chat import ChatApi
from airlock.gateway.routes.embeddings import EmbeddingsApi
from airlock.gateway.routes.messages import MessagesApi
from airlock.gateway.routes.responses import ResponsesApi
from airlock.gateway.scancache import ScanCache
from airlock.policy import PolicyStore

if TYPE_CHECKING:
    from sqlalchemy import Engine as SqlEngine

    from airlock.detect import Engine

log = logging.getLogger("airlock.gateway")
APIS: dict[str, Api] = {
    api.path: api for api in (ChatApi(), ResponsesApi(), EmbeddingsApi(), MessagesApi())
}
TEXT = (b"content-type", b"text/plain; version=0.0.4; charset=utf-8")


class Gateway:
    """Everything the hot path reads, kept in memory; refreshed by a timer, not per request."""

    def __init__(
        self,
        config: GatewayConfig,
        *,
        engine: Engine,
        policy: PolicyStore,
        database: SqlEngine | None,
        redis_url: str | None = None,
    ) -> None:
        self.config = config
        self.engine = engine
        self.policy = policy
        self.database = database
        self.router = Router(config)
        self.scanner = ScanCache(engine, config.scan_cache_entries)
        self.keys = KeyCache()
        self.limiter: Limiter = RedisLimiter(redis_url) if redis_url else MemoryLimiter()
        self.metrics = Metrics()
        self.audit = (
            AuditWriter(
                database,
                batch_size=config.audit.batch_size,
                interval_s=config.audit.flush_interval_s,
            )
            if database is not None
            else None
        )
        self.sealer = (
            PromptSealer(config.audit.prompt_key_env) if config.audit.store_prompts else None
        )
        self.session: aiohttp.ClientSession | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self.ready = False

    async def startup(self) -> None:
        loop = asyncio.get_running_loop()
        connector = aiohttp.TCPConnector(limit=1000, keepalive_timeout=30, ttl_dns_cache=300)
        self.session = aiohttp.ClientSession(connector=connector, auto_decompress=True)
        for provider in self.router.providers.values():
            await provider.start(self.session)
            env = provider.config.api_key_env
            if env and not os.environ.get(env):
                # Not fatal (a local model may need no key), but the usual cause of 502s.
                log.warning(
                    "provider %s: %s is not set; calls go without a key", provider.name, env
                )
        if self.database is not None:
            await loop.run_in_executor(None, self.keys.reload, self.database)
            spend = await loop.run_in_executor(None, month_spend, self.database)
            await self.limiter.seed(spend)
            await loop.run_in_executor(None, prune, self.database, self.config.audit.retention_days)
        if self.audit is not None:
            self.audit.start()
        self._tasks.append(loop.create_task(self._refresh()))
        # The engine's tables are large and live forever: keep them out of the cyclic
        # collector's full passes, which otherwise stall requests (tail latency).
        gc.collect()
        gc.freeze()
        self.ready = True

    async def shutdown(self) -> None:
        self.ready = False
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self.audit is not None:
            await self.audit.close()
        if self.session is not None:
            await self.session.close()
        await self.limiter.close()

    async def _refresh(self) -> None:
        """Reload the policy file and the key table when they change (off the hot path)."""
        while True:
            await asyncio.sleep(self.config.refresh_interval_s)
            try:
                await self.refresh_once()
            except Exception:
                log.exception("refresh failed; keeping the current keys and policy")

    async def refresh_once(self) -> None:
        """One refresh: the policy file's mtime, then the key table's version stamp."""
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, self.policy.refresh)
        if self.database is not None:
            version = await loop.run_in_executor(None, keys_version, self.database)
            if version != self.keys.version:
                await loop.run_in_executor(None, self.keys.reload, self.database)

    def _model_label(self, event: AuditEvent) -> str:
        # Label values must be few and known: a client's made-up model name (a typo, or
        # text pasted there) is neither, so it counts as "other" unless it was served.
        if event.model in self.router.routes or (event.provider and event.status < 400):
            return event.model
        return "other"

    def observe(self, event: AuditEvent, seconds: float) -> None:
        m = self.metrics
        label = self._model_label(event)
        labels = (("api", event.api), ("model", label), ("status", str(event.status)))
        m.inc("airlock_requests_total", (*labels, ("decision", event.decision)))
        m.observe("airlock_request_seconds", (("api", event.api),), seconds)
        for key, count in event.actions.items():
            entity, _, action = key.rpartition(":")
            m.inc("airlock_dlp_actions_total", (("entity", entity), ("action", action)), count)
        if event.decision in ("blocked", "denied", "limited"):
            m.inc("airlock_blocked_requests_total", (("reason", event.decision),))
        model = (("model", label),)
        if event.prompt_tokens:
            m.inc("airlock_tokens_total", (*model, ("direction", "input")), event.prompt_tokens)
        if event.completion_tokens:
            m.inc(
                "airlock_tokens_total", (*model, ("direction", "output")), event.completion_tokens
            )
        if event.cost_usd:
            m.inc("airlock_cost_usd_total", (*model, ("team", event.team or "")), event.cost_usd)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            await self._http(scope, receive, send)
        elif kind == "lifespan":
            await self._lifespan(receive, send)

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        path, method = scope["path"], scope["method"]
        api = APIS.get(path)
        if api is not None:
            if method != "POST":
                err = GatewayError("method", f"{path} accepts POST only")
                await send_bytes(send, 405, api.error_body(err), extra=[(b"allow", b"POST")])
                return
            await handle(self, api, scope, receive, send)
        elif path == "/v1/models" and method == "GET":
            await self._models(scope, send)
        elif path == "/healthz":
            await send_bytes(send, 200, b'{"status":"ok"}')
        elif path == "/readyz":
            ok = self.ready
            await send_bytes(send, 200 if ok else 503, orjson.dumps({"ready": ok}))
        elif path == "/metrics":
            await send_bytes(send, 200, self.metrics.render().encode(), TEXT)
        else:
            err = GatewayError("not_found", f"no route {method} {path}")
            await send_bytes(send, 404, err.openai_body())

    async def _models(self, scope: Scope, send: Send) -> None:
        try:
            principal = authenticate(
                scope, self.keys, self.config.identity, self.config.require_keys
            )
        except GatewayError as err:
            await send_bytes(send, err.status, err.openai_body())
            return
        policy = self.policy.current
        names = [
            n
            for n in self.router.names()
            if policy.model_allowed(principal.role, n)
            and (principal.key is None or principal.key.model_allowed(n))
        ]
        data = [{"id": n, "object": "model", "created": 0, "owned_by": "airlock"} for n in names]
        await send_bytes(send, 200, orjson.dumps({"object": "list", "data": data}))

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    await self.startup()
                except Exception as exc:
                    log.exception("gateway failed to start")
                    await send({"type": "lifespan.startup.failed", "message": str(exc)})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.shutdown()
                await send({"type": "lifespan.shutdown.complete"})
                return


def build_gateway(workspace: Any, config: GatewayConfig, policy_path: Any = None) -> Gateway:
    """A gateway for `workspace` (its engine and database) with `config`."""
    policy_file = policy_path
    if policy_file is None and config.policy:
        policy_file = workspace.home / config.policy
    return Gateway(
        config,
        engine=workspace.engine(),
        policy=PolicyStore(policy_file),
        database=workspace.database(),
        redis_url=os.environ.get("AIRLOCK_REDIS_URL") or None,
    )
