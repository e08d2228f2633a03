"""`airlock keys`: virtual API keys for the gateway (create prints the key once)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import orjson
import typer
from rich.table import Table

from airlock.cli.output import note, out_console
from airlock.errors import ConfigError
from airlock.gateway.keys import create_key, list_keys, revoke_key
from airlock.settings import get_settings
from airlock.workspace import load_workspace

keys_app = typer.Typer(
    help="Virtual API keys: stored hashed, shown once, revocable.", no_args_is_help=True
)
_DURATION = re.compile(r"(\d+)([hdw])")


def parse_expiry(value: str) -> datetime:
    """`30d`, `12h`, `2w`, or an ISO date/time (UTC when no zone is given)."""
    match = _DURATION.fullmatch(value.strip())
    if match:
        n, unit = int(match.group(1)), match.group(2)
        hours = {"h": 1, "d": 24, "w": 168}[unit] * n
        return datetime.now(UTC) + timedelta(hours=hours)
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"--expires: {value!r} is not a duration (30d) or a date") from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


@keys_app.command("create")
def create(
    *,
    user: str = typer.Option(..., "--user", help="Who uses the key (e-mail or id)."),
    role: str = typer.Option(..., "--role", help="Policy role (decides the models)."),
    team: str | None = typer.Option(None, "--team", help="Team, for budgets and reports."),
    initiative: str | None = typer.Option(None, "--initiative", help="AI initiative to bill."),
    budget: float | None = typer.Option(None, "--budget", help="Monthly budget in USD."),
    rpm: int | None = typer.Option(None, "--rpm", help="Requests per minute."),
    models: list[str] | None = typer.Option(
        None, "--models", help="Models this key may use (repeat; globs allowed)."
    ),
    expires: str | None = typer.Option(None, "--expires", help="30d, 12h, or an ISO date."),
    json_out: bool = typer.Option(False, "--json", help="Print key and details as JSON."),
) -> None:
    """Create a key and print it once: it is stored hashed and cannot be shown again."""
    engine = load_workspace(get_settings()).database()
    created = create_key(
        engine,
        user=user,
        role=role,
        team=team,
        initiative=initiative,
        budget_usd_month=budget,
        rpm=rpm,
        models=models or None,
        expires_at=parse_expiry(expires) if expires else None,
    )
    if json_out:
        payload = {"key": created.key, "key_id": created.info.key_id, "user": user, "role": role}
        typer.echo(orjson.dumps(payload).decode())
        return
    typer.echo(created.key)
    note(f"key {created.info.key_id} for {user} ({role}); store it now, it is not shown again.")


@keys_app.command("list")
def list_command(
    json_out: bool = typer.Option(False, "--json", help="JSON lines instead of a table."),
) -> None:
    """List keys (never the keys themselves): id, owner, limits, status."""
    infos = list_keys(load_workspace(get_settings()).database())
    if json_out:
        for info in infos:
            item = {
                "key_id": info.key_id,
                "user": info.user,
                "team": info.team,
                "role": info.role,
                "initiative": info.initiative,
                "budget_usd_month": info.budget_usd_month,
                "rpm": info.rpm,
                "models": list(info.models) if info.models else None,
                "created_at": info.created_at.isoformat(),
                "expires_at": info.expires_at.isoformat() if info.expires_at else None,
                "status": info.status(),
            }
            typer.echo(orjson.dumps(item).decode())
        return
    table = Table("key id", "user", "team", "role", "budget", "rpm", "expires", "status", box=None)
    for info in infos:
        table.add_row(
            info.key_id,
            info.user,
            info.team or "",
            info.role,
            f"{info.budget_usd_month:.2f}" if info.budget_usd_month is not None else "",
            str(info.rpm or ""),
            info.expires_at.date().isoformat() if info.expires_at else "",
            info.status(),
        )
    out_console.print(table)


@keys_app.command("revoke")
def revoke(key_id: str = typer.Argument(..., help="The key id (from `keys list`).")) -> None:
    """Revoke a key; running gateways refuse it within their refresh interval (1 s)."""
    if not revoke_key(load_workspace(get_settings()).database(), key_id):
        raise ConfigError(f"no active key with id {key_id!r}")
    note(f"revoked {key_id}")


def register(app: typer.Typer) -> None:
    app.add_typer(keys_app, name="keys")
