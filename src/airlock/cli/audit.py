"""`airlock audit`: export gateway audit events, apply the retention."""

from __future__ import annotations

import sys
from pathlib import Path

import orjson
import typer

from airlock.cli.output import note
from airlock.errors import ConfigError, SourceError
from airlock.gateway.audit import export_events, prune
from airlock.settings import get_settings
from airlock.workspace import load_workspace

audit_app = typer.Typer(help="Gateway audit trail: export, prune.", no_args_is_help=True)


@audit_app.command("export")
def export(
    output: Path | None = typer.Option(
        None, "--output", "-o", help="JSONL file (default: stdout)."
    ),
    since: str | None = typer.Option(
        None, "--since", help="Only events at or after this ISO date."
    ),
) -> None:
    """Write audit events as JSON lines: who, when, model, decision, entity counts, usage."""
    from datetime import UTC, datetime

    start = None
    if since:
        try:
            start = datetime.fromisoformat(since)
        except ValueError:
            raise ConfigError(f"--since: {since!r} is not an ISO date") from None
        start = start if start.tzinfo else start.replace(tzinfo=UTC)
    events = export_events(load_workspace(get_settings()).database(), start)
    lines = b"".join(orjson.dumps(e, default=str) + b"\n" for e in events)
    if output is None:
        sys.stdout.buffer.write(lines)
        sys.stdout.flush()
    else:
        try:
            output.write_bytes(lines)
        except OSError as exc:
            raise SourceError(f"{output}: cannot write ({type(exc).__name__})") from None
        note(f"wrote {len(events)} events to {output}")


@audit_app.command("prune")
def prune_command(
    days: int | None = typer.Option(
        None, "--days", min=1, help="Keep this many days (default: gateway.audit.retention_days)."
    ),
) -> None:
    """Delete audit events and stored prompts older than the retention."""
    workspace = load_workspace(get_settings())
    keep = days or workspace.config.gateway.audit.retention_days
    deleted = prune(workspace.database(), keep)
    note(f"deleted {deleted} events older than {keep} days")


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")
