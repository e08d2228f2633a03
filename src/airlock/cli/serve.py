"""`airlock serve`: the governed AI gateway (OpenAI- and Anthropic-compatible)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from airlock.cli.output import note
from airlock.settings import get_settings
from airlock.workspace import load_workspace

HELP = (
    "Run the governed AI gateway: OpenAI-compatible /v1/chat/completions, /v1/responses, "
    "/v1/embeddings, /v1/models and Anthropic-compatible /v1/messages, with the policy "
    "applied to every text part.\n\n"
    "Without --upstream and without providers in airlock.yaml, the built-in preview "
    "provider answers with the sanitized request: nothing leaves the machine. "
    "Clients authenticate with keys from `airlock keys create`. Stops gracefully on "
    "SIGTERM/SIGINT, writing every queued audit event. Set AIRLOCK_REDIS_URL to share "
    "rate limits and budgets between replicas."
)


class UpstreamKind(StrEnum):
    openai = "openai"
    anthropic = "anthropic"


def serve(
    *,
    host: str | None = typer.Option(None, "--host", help="Address to listen on [127.0.0.1]."),
    port: int | None = typer.Option(None, "--port", "-p", help="Port [8000]."),
    upstream: str | None = typer.Option(
        None,
        "--upstream",
        help="Send every model to this base URL (e.g. https://api.openai.com/v1); "
        "its key comes from OPENAI_API_KEY (ANTHROPIC_API_KEY with --upstream-kind anthropic).",
    ),
    upstream_kind: UpstreamKind = typer.Option(
        UpstreamKind.openai, "--upstream-kind", help="The API --upstream speaks."
    ),
    policy: Path | None = typer.Option(
        None, "--policy", help="Policy file (default: gateway.policy in airlock.yaml, or built-in)."
    ),
    allow_anonymous: bool = typer.Option(
        False, "--allow-anonymous", help="Accept requests without a key (default role). For trials."
    ),
) -> None:
    import uvicorn

    from airlock.gateway.app import build_gateway

    workspace = load_workspace(get_settings())
    config = workspace.config.gateway
    if upstream:
        config = config.with_upstream(upstream, str(upstream_kind))
    updates: dict[str, object] = {}
    if host is not None:
        updates["host"] = host
    if port is not None:
        updates["port"] = port
    if allow_anonymous:
        updates["require_keys"] = False
    config = config.model_copy(update=updates)
    gateway = build_gateway(workspace, config, policy)
    providers = ", ".join(sorted(gateway.router.providers)) or "preview"
    note(f"Airlock gateway on http://{config.host}:{config.port}/v1 (providers: {providers})")
    uvicorn.run(
        gateway,
        host=config.host,
        port=config.port,
        loop="auto",  # uvloop when installed (Linux, macOS)
        http="auto",  # httptools when installed
        lifespan="on",
        access_log=False,
        log_level="warning",
        timeout_graceful_shutdown=30,
        # X-Forwarded-* rewriting costs time on every request; identity headers are
        # trusted by address in the gateway itself (gateway.identity.trusted_proxies).
        proxy_headers=False,
        server_header=False,
    )


def register(app: typer.Typer) -> None:
    app.command("serve", help=HELP)(serve)
