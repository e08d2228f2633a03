"""What HTTP providers share: POST JSON, read JSON or SSE, map failures (no key leaks)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import orjson

from airlock.gateway.providers.base import Provider, Reply, UpstreamFailure


async def post(
    provider: Provider, url: str, body: dict[str, Any], headers: dict[str, str], stream: bool
) -> Reply:
    """POST `body` to `url`; a Reply on 2xx, else `UpstreamFailure` without credentials."""
    assert provider.session is not None
    cfg = provider.config
    timeout = aiohttp.ClientTimeout(
        total=None if stream else cfg.timeout_s,
        sock_connect=cfg.connect_timeout_s,
        sock_read=cfg.timeout_s,
    )
    try:
        resp = await provider.session.post(
            url, data=orjson.dumps(body), headers=headers, timeout=timeout
        )
    except TimeoutError:
        raise UpstreamFailure(f"provider {provider.name} timed out", status=504) from None
    except aiohttp.ClientError as exc:
        raise UpstreamFailure(
            f"provider {provider.name} unreachable ({type(exc).__name__})"
        ) from None
    if resp.status >= 300:
        raise await _failure(provider, resp)
    if not stream:
        try:
            data = await resp.read()
        except (TimeoutError, aiohttp.ClientError):
            resp.release()
            raise UpstreamFailure(f"provider {provider.name} timed out", status=504) from None
        try:
            parsed = orjson.loads(data)
        except orjson.JSONDecodeError:
            raise UpstreamFailure(f"provider {provider.name} sent invalid JSON") from None
        if not isinstance(parsed, dict):
            raise UpstreamFailure(f"provider {provider.name} sent an unexpected answer")
        return Reply(resp.status, body=parsed)

    async def close() -> None:
        resp.release()

    return Reply(resp.status, events=sse_events(resp), close=close)


async def _failure(provider: Provider, resp: aiohttp.ClientResponse) -> UpstreamFailure:
    try:
        raw = await asyncio.wait_for(resp.read(), 5)
    except (TimeoutError, aiohttp.ClientError):
        raw = b""
    finally:
        resp.release()
    status = resp.status
    if status in (401, 403):
        # The upstream's message may quote the gateway's own key: never pass it on.
        return UpstreamFailure(
            f"provider {provider.name} rejected the gateway's credentials", status=502
        )
    message = _scrub(provider, _message(raw))
    retryable = status == 429 or status >= 500 or status == 404
    client_status = 400 if 400 <= status < 500 and status not in (404, 429) else 502
    return UpstreamFailure(
        f"provider {provider.name} answered {status}: {message}",
        status=client_status,
        retryable=retryable,
    )


def _message(raw: bytes) -> str:
    try:
        data = orjson.loads(raw)
        error = data.get("error") if isinstance(data, dict) else None
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            return str(error["message"])[:300]
        if isinstance(error, str):
            return error[:300]
    except orjson.JSONDecodeError:
        pass
    return "no error message"


def _scrub(provider: Provider, message: str) -> str:
    secret = provider.secret()
    if secret and secret in message:
        message = message.replace(secret, "[REDACTED]")
    return message


async def sse_events(resp: aiohttp.ClientResponse) -> AsyncIterator[tuple[str | None, str]]:
    """Server-sent events as (event name, data), per the SSE framing rules."""
    event: str | None = None
    data: list[str] = []
    try:
        async for raw in resp.content:
            line = raw.decode("utf-8").rstrip("\r\n")
            if not line:
                if data:
                    yield event, "\n".join(data)
                event, data = None, []
            elif line.startswith("data:"):
                data.append(line[5:].removeprefix(" "))
            elif line.startswith("event:"):
                event = line[6:].strip()
        if data:
            yield event, "\n".join(data)
    except (TimeoutError, aiohttp.ClientError):
        raise UpstreamFailure("upstream stream broke off", retryable=False) from None
    finally:
        resp.release()
