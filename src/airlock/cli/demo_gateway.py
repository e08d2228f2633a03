"""The gateway part of `airlock demo`: one chat completion through a throw-away gateway.

A temporary workspace, the built-in policy and the offline `preview` provider: the
answer shows what would have left the company, and nothing does.
"""

from __future__ import annotations

import asyncio
import socket
import tempfile
from pathlib import Path
from typing import Any

from airlock.settings import Settings
from airlock.workspace import init_workspace


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def _round_trip(prompt: str) -> dict[str, Any]:
    import aiohttp
    import uvicorn

    from airlock.gateway.app import build_gateway

    with tempfile.TemporaryDirectory(prefix="airlock-demo-") as tmp:
        workspace = init_workspace(Settings(home=Path(tmp) / "ws"))
        port = _free_port()
        config = workspace.config.gateway.model_copy(
            update={"require_keys": False, "host": "127.0.0.1", "port": port}
        )
        gateway = build_gateway(workspace, config)
        server = uvicorn.Server(
            uvicorn.Config(gateway, host="127.0.0.1", port=port, log_level="error")
        )
        task = asyncio.create_task(server.serve())
        try:
            while not server.started:  # demo only: wait for the listener to be up
                if task.done():
                    task.result()
                await asyncio.sleep(0.01)
            base = f"http://127.0.0.1:{port}/v1"
            async with aiohttp.ClientSession() as session:
                async with session.get(f"{base}/models") as response:
                    listed = (await response.json()).get("data") or [{"id": "gpt-4o-mini"}]
                    model = listed[0]["id"]
                body = {"model": model, "messages": [{"role": "user", "content": prompt}]}
                async with session.post(f"{base}/chat/completions", json=body) as response:
                    answer: dict[str, Any] = await response.json()
        finally:
            server.should_exit = True
            await task
    return answer


def gateway_answer(prompt: str) -> str:
    """What a client sees when it sends `prompt` through the demo gateway."""
    answer = asyncio.run(_round_trip(prompt))
    choices = answer.get("choices") or []
    if not choices:
        return str(answer.get("error", answer))
    return str(choices[0]["message"]["content"])
