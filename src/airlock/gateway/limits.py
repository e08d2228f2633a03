"""Rate limits and monthly budgets, per key and per team.

A request is admitted while every scope it counts against is under its rate (sliding
minute) and under its budget (spend so far this UTC month); its cost is charged when it
ends. Check-and-count is atomic (one event loop in-process; one Lua script in Redis), so
spend can exceed a budget only by the cost of requests already in flight when it ran out.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

MICRO = 1_000_000  # budgets are counted in micro-USD integers: no float drift


@dataclass(frozen=True, slots=True)
class Check:
    scope: str  # "key:<key_id>" or "team:<name>"
    rpm: int | None
    budget_usd: float | None


def month() -> str:
    return datetime.now(UTC).strftime("%Y%m")


class Limiter(Protocol):
    async def admit(self, checks: list[Check]) -> str | None:
        """None when admitted (and counted), else the reason for refusing."""

    async def charge(self, scopes: list[str], usd: float) -> None: ...

    async def seed(self, spend: dict[str, float]) -> None:
        """Spend this month already recorded in the database, per scope."""

    async def close(self) -> None: ...


def _reason(check: Check, what: str) -> str:
    kind, _, name = check.scope.partition(":")
    if what == "rpm":
        return f"rate limit of {check.rpm} requests per minute reached for {kind} {name}"
    return f"monthly budget of {check.budget_usd:.2f} USD spent for {kind} {name}"


class MemoryLimiter:
    """One process: sliding-window request logs and spend counters in dicts."""

    def __init__(self) -> None:
        self._hits: dict[str, deque[float]] = {}
        self._spent: dict[tuple[str, str], int] = {}

    async def admit(self, checks: list[Check]) -> str | None:
        now = time.monotonic()
        current = month()
        for check in checks:
            if check.budget_usd is not None:
                spent = self._spent.get((check.scope, current), 0)
                if spent >= round(check.budget_usd * MICRO):
                    return _reason(check, "budget")
            if check.rpm is not None:
                hits = self._hits.setdefault(check.scope, deque())
                while hits and hits[0] <= now - 60.0:
                    hits.popleft()
                if len(hits) >= check.rpm:
                    return _reason(check, "rpm")
        for check in checks:
            if check.rpm is not None:
                self._hits[check.scope].append(now)
        return None

    async def charge(self, scopes: list[str], usd: float) -> None:
        amount = round(usd * MICRO)
        if amount <= 0:
            return
        current = month()
        for scope in scopes:
            self._spent[(scope, current)] = self._spent.get((scope, current), 0) + amount

    async def seed(self, spend: dict[str, float]) -> None:
        current = month()
        for scope, usd in spend.items():
            self._spent[(scope, current)] = round(usd * MICRO)

    async def close(self) -> None:
        return None


# KEYS: per check, its rate key and its budget key. ARGV: now_ms, n, then per check
# rpm (0: none), budget micro-USD (-1: none), a unique member. Returns 0 or 1-based
# index*10 + (1 rate | 2 budget) of the first refusing check.
_ADMIT = """
local now = tonumber(ARGV[1])
local n = tonumber(ARGV[2])
for i = 1, n do
  local rpm = tonumber(ARGV[3 + (i - 1) * 3])
  local budget = tonumber(ARGV[4 + (i - 1) * 3])
  if budget >= 0 then
    local spent = tonumber(redis.call('GET', KEYS[i * 2]) or '0')
    if spent >= budget then return i * 10 + 2 end
  end
  if rpm > 0 then
    redis.call('ZREMRANGEBYSCORE', KEYS[i * 2 - 1], '-inf', now - 60000)
    if redis.call('ZCARD', KEYS[i * 2 - 1]) >= rpm then return i * 10 + 1 end
  end
end
for i = 1, n do
  local rpm = tonumber(ARGV[3 + (i - 1) * 3])
  if rpm > 0 then
    redis.call('ZADD', KEYS[i * 2 - 1], now, ARGV[5 + (i - 1) * 3])
    redis.call('PEXPIRE', KEYS[i * 2 - 1], 61000)
  end
end
return 0
"""


class RedisLimiter:
    """Shared by every gateway replica pointing at the same Redis (AIRLOCK_REDIS_URL)."""

    def __init__(self, url: str, prefix: str = "airlock:") -> None:
        import redis.asyncio as aioredis

        self._redis: Any = aioredis.from_url(url)
        self._prefix = prefix
        self._script = self._redis.register_script(_ADMIT)
        self._seq = 0

    def _budget_key(self, scope: str, current: str) -> str:
        return f"{self._prefix}budget:{scope}:{current}"

    async def admit(self, checks: list[Check]) -> str | None:
        if not checks:
            return None
        current = month()
        keys: list[str] = []
        args: list[Any] = [int(time.time() * 1000), len(checks)]
        for check in checks:
            self._seq += 1
            keys += [f"{self._prefix}rate:{check.scope}", self._budget_key(check.scope, current)]
            budget = -1 if check.budget_usd is None else round(check.budget_usd * MICRO)
            args += [check.rpm or 0, budget, f"{time.time_ns()}-{id(self)}-{self._seq}"]
        code = int(await self._script(keys=keys, args=args))
        if code == 0:
            return None
        check = checks[code // 10 - 1]
        return _reason(check, "rpm" if code % 10 == 1 else "budget")

    async def charge(self, scopes: list[str], usd: float) -> None:
        amount = round(usd * MICRO)
        if amount <= 0:
            return
        current = month()
        async with self._redis.pipeline(transaction=False) as pipe:
            for scope in scopes:
                key = self._budget_key(scope, current)
                pipe.incrby(key, amount)
                pipe.expire(key, 40 * 86400)
            await pipe.execute()

    async def seed(self, spend: dict[str, float]) -> None:
        # SET NX: another replica (or an earlier run) may hold a newer figure already.
        current = month()
        for scope, usd in spend.items():
            await self._redis.set(
                self._budget_key(scope, current), round(usd * MICRO), nx=True, ex=40 * 86400
            )

    async def close(self) -> None:
        await self._redis.aclose()
