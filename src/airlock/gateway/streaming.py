"""Relaying an upstream SSE stream to the client, rehydrating as it goes."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from airlock.gateway.errors import GatewayError
from airlock.gateway.http import Send, end_stream, send_chunk, start_stream
from airlock.gateway.metering import Usage, estimate_tokens
from airlock.gateway.providers import Reply, UpstreamFailure
from airlock.gateway.routes.base import StreamEditor

log = logging.getLogger("airlock.gateway")

if TYPE_CHECKING:
    from airlock.gateway.pipeline import Request


def frame(name: str | None, data: str) -> bytes:
    if name:
        return f"event: {name}\ndata: {data}\n\n".encode()
    return f"data: {data}\n\n".encode()


async def relay(req: Request, reply: Reply, editor: StreamEditor, send: Send) -> None:
    """Send the stream; a failure after the start becomes an error event in the stream."""
    from airlock.gateway.pipeline import scan_answer

    assert reply.events is not None
    await start_stream(send, [(b"x-request-id", req.event.request_id.encode())])
    try:
        async for name, data in reply.events:
            for out_name, out_data in editor.edit(name, data):
                await send_chunk(send, frame(out_name, out_data))
        for out_name, out_data in editor.finish():
            await send_chunk(send, frame(out_name, out_data))
    except Exception as exc:
        # Headers are sent: the failure can only be told in the stream, in the API's shape.
        if isinstance(exc, UpstreamFailure):
            message = exc.message
        else:
            log.warning("malformed upstream event (%s)", type(exc).__name__)
            message = "upstream sent a malformed event"
        err = GatewayError("upstream", message)
        req.event.status, req.event.decision, req.event.reason = 502, "error", message
        await send_chunk(send, frame(*req.api.error_event(err)))
    finally:
        if reply.close is not None:
            await reply.close()
    await end_stream(send)
    scan_answer(req, ["".join(editor.texts)], None)
    usage = editor.usage
    if usage.estimated:
        usage = Usage(
            estimate_tokens(req.prompt_chars), estimate_tokens(editor.text_chars), estimated=True
        )
    req.usage = usage
