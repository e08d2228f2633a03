"""Audit and usage events: queued on the request path, written in batches by a task.

`close()` writes whatever is queued, so a graceful stop (SIGTERM) loses nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
from sqlalchemy import Engine, String, delete, func, insert, select

from airlock.errors import ConfigError
from airlock.store.gateway_models import GatewayEvent, GatewayPrompt

log = logging.getLogger("airlock.gateway.audit")


@dataclass
class AuditEvent:
    """One request. Entities and actions are counts by type: no value is ever stored."""

    request_id: str
    ts: datetime
    api: str
    model: str
    key_id: str | None = None
    user: str | None = None
    team: str | None = None
    role: str | None = None
    initiative: str | None = None
    provider: str | None = None
    upstream_model: str | None = None
    decision: str = "allowed"  # allowed | blocked | denied | error
    status: int = 200
    entities: dict[str, int] = field(default_factory=dict)
    actions: dict[str, int] = field(default_factory=dict)
    reason: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    tokens_estimated: bool = False
    cost_usd: float = 0.0
    latency_ms: float = 0.0
    upstream_ms: float | None = None
    stream: bool = False

    def row(self) -> dict[str, Any]:
        # Not dataclasses.asdict: it deep-copies, and this runs once per request.
        data = {name: getattr(self, name) for name in _FIELDS}
        data["entities"] = orjson.dumps(self.entities).decode()
        data["actions"] = orjson.dumps(self.actions).decode()
        # Clients choose model names and SSO proxies the identities: a value longer than
        # its column would fail the whole batch on PostgreSQL, and every retry after it.
        for name, length in _LENGTHS.items():
            value = data[name]
            if isinstance(value, str) and len(value) > length:
                data[name] = value[:length]
        return data


_FIELDS = tuple(f.name for f in fields(AuditEvent))
_LENGTHS = {
    c.name: c.type.length
    for c in GatewayEvent.__table__.columns
    if isinstance(c.type, String) and c.type.length and c.name in _FIELDS
}


class PromptSealer:
    """Encrypts full prompts with a Fernet key from the environment (off by default)."""

    def __init__(self, env: str) -> None:
        from cryptography.fernet import Fernet

        key = os.environ.get(env)
        if not key:
            raise ConfigError(f"audit.store_prompts is on but {env} is not set")
        try:
            self._fernet = Fernet(key.encode())
        except ValueError:
            raise ConfigError(f"{env} is not a Fernet key (urlsafe base64 of 32 bytes)") from None

    def seal(self, payload: bytes) -> str:
        return self._fernet.encrypt(payload).decode()

    def open(self, token: str) -> bytes:
        return self._fernet.decrypt(token.encode())


class AuditWriter:
    """Batches events (and sealed prompts) into the database off the event loop."""

    def __init__(self, engine: Engine, *, batch_size: int = 500, interval_s: float = 1.0) -> None:
        self._engine = engine
        self._batch = batch_size
        self._interval = interval_s
        self._events: list[dict[str, Any]] = []
        self._prompts: list[dict[str, Any]] = []
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._closing = False
        self.written = 0

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    def add(self, event: AuditEvent, sealed_prompt: str | None = None) -> None:
        self._events.append(event.row())
        if sealed_prompt is not None:
            self._prompts.append(
                {"request_id": event.request_id, "ts": event.ts, "ciphertext": sealed_prompt}
            )
        if len(self._events) >= self._batch:
            self._wake.set()

    async def _run(self) -> None:
        while not self._closing:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._interval)
            self._wake.clear()
            await self.flush()

    async def flush(self) -> None:
        events, self._events = self._events, []
        prompts, self._prompts = self._prompts, []
        if not events and not prompts:
            return
        try:
            await asyncio.get_running_loop().run_in_executor(None, self._write, events, prompts)
        except Exception:
            # Keep them for the next attempt: audit must not be lost on a database hiccup.
            log.exception("cannot write %d audit events; will retry", len(events))
            self._events[:0], self._prompts[:0] = events, prompts

    def _write(self, events: list[dict[str, Any]], prompts: list[dict[str, Any]]) -> None:
        with self._engine.begin() as conn:
            if events:
                conn.execute(insert(GatewayEvent), events)
            if prompts:
                conn.execute(insert(GatewayPrompt), prompts)
        self.written += len(events)

    async def close(self) -> None:
        """Stop the writer and write what is queued.

        A flag, not `Task.cancel()`: on Python 3.11 `wait_for` can swallow a cancellation
        that races with the event being set (a busy gateway), and shutdown would hang.
        """
        self._closing = True
        self._wake.set()
        if self._task is not None:
            await self._task
        await self.flush()


def month_spend(engine: Engine) -> dict[str, float]:
    """Spend this UTC month per `key:<id>` and `team:<name>`, to seed the limiter."""
    start = datetime.now(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    spend: dict[str, float] = {}
    with engine.connect() as conn:
        for column, prefix in ((GatewayEvent.key_id, "key"), (GatewayEvent.team, "team")):
            rows = conn.execute(
                select(column, func.sum(GatewayEvent.cost_usd))
                .where(GatewayEvent.ts >= start, column.is_not(None))
                .group_by(column)
            ).all()
            spend.update({f"{prefix}:{name}": float(total or 0) for name, total in rows})
    return spend


def prune(engine: Engine, retention_days: int) -> int:
    """Delete events and prompts older than the retention; returns the events deleted."""
    cutoff = datetime.now(UTC) - timedelta(days=retention_days)
    with engine.begin() as conn:
        result = conn.execute(delete(GatewayEvent).where(GatewayEvent.ts < cutoff))
        conn.execute(delete(GatewayPrompt).where(GatewayPrompt.ts < cutoff))
    return int(result.rowcount)


def export_events(engine: Engine, since: datetime | None = None) -> list[dict[str, Any]]:
    """Events as dicts (JSON-ready), oldest first."""
    query = select(GatewayEvent.__table__).order_by(GatewayEvent.ts, GatewayEvent.id)
    if since is not None:
        query = query.where(GatewayEvent.ts >= since)
    out = []
    with engine.connect() as conn:
        for row in conn.execute(query).mappings():
            item = dict(row)
            item.pop("id", None)
            item["entities"] = orjson.loads(item["entities"])
            item["actions"] = orjson.loads(item["actions"])
            ts = item["ts"]
            item["ts"] = (ts if ts.tzinfo else ts.replace(tzinfo=UTC)).isoformat()
            out.append(item)
    return out
